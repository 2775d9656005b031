//! The nudge: at login, whether anyone's own assessment is due by their rhythm, and the one
//! notification that says so. Only people whose rhythm has started (at least one assessment of
//! their own) and who are not archived are counted; the rule is Home's (`due`).

use chrono::NaiveDate;
use serde::Serialize;

use super::home::{due, Due};
use super::link::assess_link;
use super::profiles::is_unnamed;
use super::OpsError;
use crate::domain::Rater;
use crate::storage::Storage;

/// A person whose assessment is due or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuePerson {
    pub profile: i64,
    pub uuid: String,
    pub name: String,
    /// The unnamed first person ("Me"): the notification says "your" instead of a name.
    pub unnamed: bool,
    /// Days past the due day: 0 when it is today.
    pub days_overdue: i64,
}

/// Everyone whose own assessment is due `today` or overdue, most overdue first.
pub fn due_people(storage: &Storage, today: NaiveDate) -> Result<Vec<DuePerson>, OpsError> {
    let mut found = Vec::new();
    for person in storage.profiles()? {
        if person.archived_at.is_some() {
            continue;
        }
        let latest = storage.latest_summaries(person.id, Rater::SelfRating, 1)?;
        let last = latest.first().map(|a| a.date);
        if let (Due::Due | Due::Overdue, Some(next)) = due(last, person.cadence_days, today) {
            found.push(DuePerson {
                unnamed: is_unnamed(&person),
                profile: person.id,
                uuid: person.uuid,
                name: person.name,
                days_overdue: (today - next).num_days(),
            });
        }
    }
    found.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.profile.cmp(&b.profile))
    });
    Ok(found)
}

/// The notification: a title, a body, and what a click on it opens (the one person's
/// questionnaire, or the window's Home when several are due).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nudge {
    pub title: String,
    pub body: String,
    /// The `bearing:` link a click opens; `None` opens the window as it starts.
    pub link: Option<String>,
}

/// "Ada's", or "Your" for the unnamed first person.
fn whose(person: &DuePerson) -> String {
    if person.unnamed {
        "Your".into()
    } else {
        format!("{}'s", person.name)
    }
}

/// How many people the notification names before "and n more".
const NAMED: usize = 3;

/// The notification for `due` (nothing when nobody is due).
pub fn nudge(due: &[DuePerson]) -> Option<Nudge> {
    let when = |p: &DuePerson| match p.days_overdue {
        0 => "due today".to_string(),
        1 => "1 day overdue".to_string(),
        n => format!("{n} days overdue"),
    };
    match due {
        [] => None,
        [one] => Some(Nudge {
            title: "Time for a Bearing assessment".into(),
            body: format!(
                "{} assessment is {}. Click to open the questionnaire.",
                whose(one),
                when(one)
            ),
            link: Some(assess_link(&one.uuid)),
        }),
        many => {
            let mut named: Vec<String> = many
                .iter()
                .take(NAMED)
                .map(|p| format!("{} ({})", if p.unnamed { "You" } else { &p.name }, when(p)))
                .collect();
            if many.len() > NAMED {
                named.push(format!("{} more", many.len() - NAMED));
            }
            let last = named.pop().unwrap_or_default();
            Some(Nudge {
                title: format!("{} Bearing assessments are due", many.len()),
                body: format!("{} and {last}. Click to open Bearing.", named.join(", ")),
                link: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{questionnaire, AnswerSheet};
    use crate::ops::{assess, Answered, When, Who};
    use crate::storage::DEFAULT_PROFILE_ID;
    use chrono::Utc;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn person(name: &str, days_overdue: i64) -> DuePerson {
        DuePerson {
            profile: days_overdue,
            uuid: format!("{days_overdue:08}-0000-4000-8000-000000000000"),
            name: name.into(),
            unnamed: name == "Me",
            days_overdue,
        }
    }

    fn assess_on(storage: &mut Storage, profile: i64, date: &str) {
        let q = questionnaire::current();
        let values = q.items.iter().map(|i| (i.id.clone(), 3)).collect();
        let sheet = AnswerSheet::from_values(q, &values).unwrap();
        let when = When {
            date: Some(day(date)),
            today: day("2100-01-01"),
            now: Utc::now(),
        };
        assess(
            storage,
            Who::leader(profile),
            Answered::untimed(&sheet),
            None,
            when,
            false,
        )
        .unwrap();
    }

    #[test]
    fn the_due_check_follows_each_rhythm() {
        let dir = tempfile::tempdir().unwrap();
        let mut storage = Storage::open(&dir.path().join("b.db")).unwrap();
        let me = DEFAULT_PROFILE_ID;
        let weekly = storage.add_profile("Weekly Wen", Utc::now()).unwrap().id;
        storage.set_cadence(weekly, 7).unwrap();
        storage.add_profile("Never Nia", Utc::now()).unwrap();
        let gone = storage.add_profile("Archived Ari", Utc::now()).unwrap().id;
        assess_on(&mut storage, me, "2026-10-01"); // monthly: due 2026-10-31
        assess_on(&mut storage, weekly, "2026-10-27"); // weekly: due 2026-11-03
        assess_on(&mut storage, gone, "2026-01-01");
        storage.set_archived(gone, true, Utc::now()).unwrap();

        // Before anyone is due: nothing, so the nudge shows nothing.
        assert!(due_people(&storage, day("2026-10-30")).unwrap().is_empty());
        assert_eq!(nudge(&[]), None);

        let on_the_day = due_people(&storage, day("2026-10-31")).unwrap();
        assert_eq!(on_the_day.len(), 1);
        assert_eq!((on_the_day[0].profile, on_the_day[0].days_overdue), (me, 0));

        // Later both are due, the most overdue first; the never-assessed and the archived are not.
        let later = due_people(&storage, day("2026-11-05")).unwrap();
        let seen: Vec<(i64, i64)> = later.iter().map(|p| (p.profile, p.days_overdue)).collect();
        assert_eq!(seen, [(me, 5), (weekly, 2)]);
    }

    #[test]
    fn one_due_person_gets_a_link_to_their_questionnaire() {
        let one = person("Ada", 0);
        let shown = nudge(std::slice::from_ref(&one)).unwrap();
        assert!(
            shown.body.starts_with("Ada's assessment is due today."),
            "{}",
            shown.body
        );
        assert_eq!(shown.link, Some(assess_link(&one.uuid)));
        let me = nudge(&[person("Me", 2)]).unwrap();
        assert!(
            me.body.starts_with("Your assessment is 2 days overdue."),
            "{}",
            me.body
        );
    }

    #[test]
    fn several_are_named_and_counted() {
        let two = nudge(&[person("Ada", 3), person("Sam", 1)]).unwrap();
        assert_eq!(two.title, "2 Bearing assessments are due");
        assert!(
            two.body
                .starts_with("Ada (3 days overdue) and Sam (1 day overdue)."),
            "{}",
            two.body
        );
        assert_eq!(two.link, None);
        let five: Vec<DuePerson> = (0..5).map(|i| person(&format!("P{i}"), 5 - i)).collect();
        let body = nudge(&five).unwrap().body;
        assert!(
            body.starts_with(
                "P0 (5 days overdue), P1 (4 days overdue), P2 (3 days overdue) and 2 more."
            ),
            "{body}"
        );
    }
}
