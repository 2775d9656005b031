//! `bearing reliability` and `bearing confirm`: how sure Bearing can be, and confirming flagged
//! answers.

use clap::Args;

use super::output::{print_json, print_text};
use super::{CliResult, Context};
use crate::ops::{self, OpsError, Reliability};

#[derive(Debug, Args)]
pub struct ReliabilityArgs {
    /// As JSON.
    #[arg(long)]
    json: bool,
}

impl ReliabilityArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let (storage, person) = cx.open_for_profile()?;
        let report = ops::reliability(&storage, person.id)?;
        if self.json {
            return print_json(&report);
        }
        print_text(&reliability_text(&report))
    }
}

fn reliability_text(r: &Reliability) -> String {
    let mut out = String::new();
    for axis in &r.axes {
        out.push_str(&format!(
            "Questionnaire {}, {}: standard error {:.1} points ({}); {} of {} independent sheets",
            axis.questionnaire,
            axis.axis,
            axis.sem,
            source_words(axis.source),
            axis.sheets,
            axis.needed
        ));
        match (axis.alpha, axis.alpha_low, axis.alpha_high) {
            (Some(a), Some(low), Some(high)) => {
                out.push_str(&format!("; alpha {a:.2} ({low:.2} to {high:.2})\n"));
                for item in axis.items.iter().filter(|i| i.suspect) {
                    out.push_str(&format!(
                        "    suspect: {} (item-total {})\n",
                        item.id,
                        item.correlation
                            .map_or_else(|| "undefined".to_string(), |c| format!("{c:.2}"))
                    ));
                }
            }
            _ => out.push_str("; not calibrated yet\n"),
        }
    }
    let own = &r.own_series;
    match (own.focus, own.autonomy) {
        (Some(f), Some(a)) => out.push_str(&format!(
            "{}'s own month-to-month noise ({} assessments): focus {:.1}, autonomy {:.1} points\n",
            own.person,
            own.assessments,
            f.value(),
            a.value()
        )),
        _ => out.push_str(&format!(
            "{}'s own series: {} of {} usable assessments of questionnaire {}\n",
            own.person, own.assessments, own.needed, own.questionnaire
        )),
    }
    out
}

fn source_words(source: crate::domain::measurement::SemSource) -> &'static str {
    use crate::domain::measurement::SemSource;
    match source {
        SemSource::Prior => "prior",
        SemSource::Caseload => "from this caseload",
        SemSource::OwnSeries => "own series",
    }
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    /// The assessment whose flagged answers are right (default: the latest of the person).
    #[arg(long, value_name = "ID")]
    assessment: Option<i64>,
}

impl ConfirmArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let (mut storage, person) = cx.open_for_profile()?;
        let id = match self.assessment {
            Some(id) => id,
            None => storage
                .latest_assessment_id(person.id)
                .map_err(OpsError::from)?
                .ok_or(OpsError::NoAssessmentYet)?,
        };
        ops::confirm_assessment(&mut storage, id)?;
        print_json(&ops::assessment_report(&storage, id)?)
    }
}
