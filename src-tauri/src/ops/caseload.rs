//! A coach's caseload: every active person on one page, each with their latest own position and
//! its change, whether their next assessment is due, their open commitments and the latest gap
//! with a coach's or manager's view; and the caseload map.
//!
//! Built for a long caseload (a hundred people, years of monthly assessments): per person it reads
//! a few dozen summaries from the newest end of the index and a few counts, never answers, except
//! for the one-to-one gap of the people who have one; what every person shares (the caseload's
//! calibration of each questionnaire version) is computed once per call.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::history::{history_row, Change};
use super::home::{due, Due};
use super::measure::{base_sems, own_sems_from, OWN_SERIES_READ};
use super::perceptions::{perception_pairs, period_pairs};
use super::OpsError;
use crate::chart::{
    self, CaseloadChart, CaseloadMove, CaseloadPerson, ChartOptions, Format, Rendered,
};
use crate::domain::measurement::{ChangeVerdict, Sems};
use crate::domain::{questionnaire, AssessmentSummary, Quadrant, Rater};
use crate::storage::{Profile, Storage};

/// Every active person, sorted by name.
#[derive(Debug, Clone, Serialize)]
pub struct Caseload {
    /// The day "due" is counted to.
    pub today: NaiveDate,
    pub people: Vec<CaseloadRow>,
}

/// One person of the caseload.
#[derive(Debug, Clone, Serialize)]
pub struct CaseloadRow {
    pub profile_id: i64,
    pub name: String,
    /// First letters of up to two words of the name, with a digit when another person's are the
    /// same ("AL", "AL2"): what a presentation-safe caseload shows instead of names.
    pub initials: String,
    /// Their latest usable own assessment (not provisional); none before the first.
    pub latest: Option<CaseloadPosition>,
    /// The usable own assessment before it.
    pub previous: Option<CaseloadPosition>,
    /// From `previous` to `latest`, judged against the person's own noise as in their history.
    pub change: Option<CaseloadChange>,
    /// The day of their latest own assessment (provisional or not): what "due" counts from.
    pub last_assessed: Option<NaiveDate>,
    pub cadence_days: i64,
    pub due: Due,
    pub next_due: Option<NaiveDate>,
    /// Commitments not reviewed yet.
    pub open_commitments: usize,
    /// The latest gap between their own view and a coach's or manager's (never a peer's).
    pub latest_gap: Option<OneToOneGap>,
}

/// An own assessment as the caseload shows it.
#[derive(Debug, Clone, Serialize)]
pub struct CaseloadPosition {
    pub id: i64,
    pub date: NaiveDate,
    pub focus: f64,
    pub autonomy: f64,
    pub quadrant: Quadrant,
    pub quadrant_name: &'static str,
}

/// A change with its verdicts, and whether it is all noise.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CaseloadChange {
    #[serde(flatten)]
    pub change: Change,
    /// Neither axis moved reliably.
    pub within_noise: bool,
}

/// The latest gap between the leader's own view and a coach's or manager's: other − self.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct OneToOneGap {
    pub rater: Rater,
    /// The coach's or manager's assessment date.
    pub date: NaiveDate,
    pub focus: f64,
    pub autonomy: f64,
    pub focus_verdict: ChangeVerdict,
    pub autonomy_verdict: ChangeVerdict,
}

impl Caseload {
    /// The same caseload with every name replaced by the person's initials: presentation-safe,
    /// for a table or map shown to others.
    pub fn with_initials(mut self) -> Caseload {
        for row in &mut self.people {
            row.name.clone_from(&row.initials);
        }
        self
    }
}

/// The caseload on `today`: every person not archived, sorted by name.
pub fn caseload(storage: &Storage, today: NaiveDate) -> Result<Caseload, OpsError> {
    let mut active: Vec<Profile> = storage
        .profiles()?
        .into_iter()
        .filter(|p| p.archived_at.is_none())
        .collect();
    active.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    let initials = unique_initials(active.iter().map(|p| p.name.as_str()));
    let mut base = BaseSems::default();
    let mut people = Vec::with_capacity(active.len());
    for (person, initials) in active.into_iter().zip(initials) {
        people.push(caseload_row(storage, &mut base, person, initials, today)?);
    }
    Ok(Caseload { today, people })
}

/// The base SEMs of each questionnaire version (the caseload's calibration, or the prior),
/// computed once for everybody.
#[derive(Default)]
struct BaseSems(HashMap<String, Sems>);

impl BaseSems {
    fn of(&mut self, storage: &Storage, version: &str) -> Result<Sems, OpsError> {
        if let Some(s) = self.0.get(version) {
            return Ok(*s);
        }
        let q = questionnaire::by_version(version).unwrap_or_else(questionnaire::current);
        let s = base_sems(storage, q)?;
        self.0.insert(version.to_string(), s);
        Ok(s)
    }
}

fn caseload_row(
    storage: &Storage,
    base: &mut BaseSems,
    person: Profile,
    initials: String,
    today: NaiveDate,
) -> Result<CaseloadRow, OpsError> {
    let latest_own = storage.latest_summaries(person.id, Rater::SelfRating, OWN_SERIES_READ)?;
    let last_assessed = latest_own.first().map(|a| a.date);
    let mut usable = latest_own.iter().filter(|a| !a.provisional);
    let (mut latest, mut previous) = (usable.next().cloned(), usable.next().cloned());
    if previous.is_none() && latest_own.len() == OWN_SERIES_READ {
        // All but one of the latest few are provisional: look through the whole history.
        let all = storage.assessment_summaries(person.id)?;
        let mut usable = all
            .into_iter()
            .rev()
            .filter(|a| a.rater == Rater::SelfRating && !a.provisional);
        (latest, previous) = (usable.next(), usable.next());
    }
    let change = match &latest {
        Some(a) => {
            let q =
                questionnaire::by_version(&a.questionnaire).unwrap_or_else(questionnaire::current);
            let sems = own_sems_from(&latest_own, q, base.of(storage, &a.questionnaire)?);
            history_row(a.clone(), previous.as_ref(), &sems)
                .change
                .map(|change| CaseloadChange {
                    change,
                    within_noise: change.focus_verdict != ChangeVerdict::Reliable
                        && change.autonomy_verdict != ChangeVerdict::Reliable,
                })
        }
        None => None,
    };
    let (due, next_due) = due(last_assessed, person.cadence_days, today);
    Ok(CaseloadRow {
        profile_id: person.id,
        initials,
        latest: latest.as_ref().map(position),
        previous: previous.as_ref().map(position),
        change,
        last_assessed,
        cadence_days: person.cadence_days,
        due,
        next_due,
        open_commitments: storage.open_commitments(person.id, None)?.len(),
        latest_gap: latest_one_to_one_gap(storage, person.id)?,
        name: person.name,
    })
}

fn position(a: &AssessmentSummary) -> CaseloadPosition {
    CaseloadPosition {
        id: a.id,
        date: a.date,
        focus: a.focus,
        autonomy: a.autonomy,
        quadrant: a.quadrant,
        quadrant_name: &a.quadrant.info().name,
    }
}

/// The latest gap between `profile_id`'s own view and a coach's or manager's, from the
/// perception pairs (`ops::perceptions`): the last pair whose other rater is a coach or manager.
/// Peers' views are not one-to-ones and never show here. Answers are read only for that one pair,
/// and nothing at all for someone no coach or manager has assessed.
fn latest_one_to_one_gap(
    storage: &Storage,
    profile_id: i64,
) -> Result<Option<OneToOneGap>, OpsError> {
    const ONE_TO_ONE: [Rater; 2] = [Rater::Coach, Rater::Manager];
    let mut rated = false;
    for rater in ONE_TO_ONE {
        rated |= storage.assessment_count(profile_id, rater)? > 0;
    }
    if !rated {
        return Ok(None);
    }
    let all = storage.assessment_summaries(profile_id)?;
    let one_to_one: HashSet<i64> = all
        .iter()
        .filter(|a| ONE_TO_ONE.contains(&a.rater))
        .map(|a| a.id)
        .collect();
    let Some(pair) = period_pairs(&all)
        .into_iter()
        .rev()
        .find(|(_, other)| one_to_one.contains(other))
    else {
        return Ok(None);
    };
    Ok(perception_pairs(storage, &all, &[pair])?
        .pop()
        .map(|p| OneToOneGap {
            rater: p.rater,
            date: p.other_date,
            focus: p.gap.focus.gap,
            autonomy: p.gap.autonomy.gap,
            focus_verdict: p.verdicts.focus.verdict,
            autonomy_verdict: p.verdicts.autonomy.verdict,
        }))
}

/// First letters of up to two words of `name`, upper case; "?" for a name without any.
pub fn initials(name: &str) -> String {
    let letters: String = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect();
    if letters.is_empty() {
        "?".into()
    } else {
        letters
    }
}

/// The initials of each of `names` (in order), made unique with a digit from the second on:
/// "AL", "AL2", "AL3".
pub fn unique_initials<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for name in names {
        let base = initials(name);
        let mut candidate = base.clone();
        let mut n = 1;
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("{base}{n}");
        }
        taken.insert(candidate.clone());
        out.push(candidate);
    }
    out
}

/// What the caseload map shows of `caseload`: each person labelled with their name (see
/// [`Caseload::with_initials`]).
pub fn caseload_chart_data(caseload: &Caseload) -> CaseloadChart {
    CaseloadChart {
        people: caseload
            .people
            .iter()
            .map(|row| CaseloadPerson {
                label: row.name.clone(),
                position: row.latest.as_ref().map(|l| (l.focus, l.autonomy)),
                quadrant: row.latest.as_ref().map(|l| l.quadrant_name.to_string()),
                moved: match (&row.previous, &row.change) {
                    (Some(p), Some(c)) => Some(CaseloadMove {
                        from: (p.focus, p.autonomy),
                        focus: c.change.focus,
                        autonomy: c.change.autonomy,
                        verdict: c.change.focus_verdict.max(c.change.autonomy_verdict),
                    }),
                    _ => None,
                },
            })
            .collect(),
    }
}

/// The caseload map of `caseload` with its text alternative.
pub fn caseload_chart(
    caseload: &Caseload,
    options: &ChartOptions,
    format: Format,
) -> Result<(Rendered, String), OpsError> {
    options.validate()?;
    let data = caseload_chart_data(caseload);
    let rendered = chart::render_caseload(&data, options, format)?;
    Ok((rendered, chart::caseload_alt(&data)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_letters_of_up_to_two_words() {
        let cases = [
            ("Ada Lovelace", "AL"),
            ("ada", "A"),
            ("  Grace   Brewster Murray Hopper ", "GB"),
            ("élodie durand", "ÉD"),
            ("(Bob) Smith", "BS"),
            ("", "?"),
            ("— –", "?"),
        ];
        for (name, expected) in cases {
            assert_eq!(initials(name), expected, "{name:?}");
        }
    }

    fn row(
        name: &str,
        initials: &str,
        moved: Option<(ChangeVerdict, ChangeVerdict)>,
    ) -> CaseloadRow {
        let at = |id, focus, autonomy| CaseloadPosition {
            id,
            date: NaiveDate::from_ymd_opt(2026, 3, id as u32).unwrap(),
            focus,
            autonomy,
            quadrant: Quadrant::ImpactGalore,
            quadrant_name: "Impact Galore",
        };
        CaseloadRow {
            profile_id: 1,
            name: name.into(),
            initials: initials.into(),
            latest: moved.map(|_| at(2, 70.0, 60.0)),
            previous: moved.map(|_| at(1, 55.0, 61.0)),
            change: moved.map(|(focus_verdict, autonomy_verdict)| CaseloadChange {
                change: Change {
                    focus: 15.0,
                    autonomy: -1.0,
                    focus_verdict,
                    autonomy_verdict,
                },
                within_noise: true,
            }),
            last_assessed: None,
            cadence_days: 30,
            due: Due::Never,
            next_due: None,
            open_commitments: 0,
            latest_gap: None,
        }
    }

    #[test]
    fn the_map_shows_names_or_initials_and_the_stronger_verdict() {
        use ChangeVerdict::{Possible, Reliable, WithinNoise};
        let caseload = Caseload {
            today: NaiveDate::from_ymd_opt(2026, 4, 1).unwrap(),
            people: vec![
                row("Ada Lovelace", "AL", Some((WithinNoise, Reliable))),
                row("Ben Okri", "BO", None),
                row("Cy Young", "CY", Some((Possible, WithinNoise))),
            ],
        };
        let data = caseload_chart_data(&caseload);
        let labels: Vec<&str> = data.people.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["Ada Lovelace", "Ben Okri", "Cy Young"]);
        let ada = &data.people[0];
        assert_eq!(ada.position, Some((70.0, 60.0)));
        let moved = ada.moved.unwrap();
        assert_eq!((moved.from, moved.verdict), ((55.0, 61.0), Reliable));
        assert_eq!(data.people[1].position, None);
        assert_eq!(data.people[2].moved.unwrap().verdict, Possible);

        let safe = caseload_chart_data(&caseload.with_initials());
        let labels: Vec<&str> = safe.people.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["AL", "BO", "CY"]);
    }

    #[test]
    fn shared_initials_get_a_digit_from_the_second_on() {
        let names = ["Ada Lovelace", "Alan Lee", "Bea", "Ann Long", "Ben"];
        assert_eq!(
            unique_initials(names),
            ["AL", "AL2", "B", "AL3", "B2"].map(String::from)
        );
    }
}
