//! `bearing commit` and `bearing commitments`: the growth actions for the month ahead.

use clap::Args;

use super::output::{plural, print_json, print_text};
use super::{CliError, CliResult, Context};
use crate::domain::commitment::check_choice;
use crate::domain::Commitment;
use crate::ops::{self, OpsError};

#[derive(Debug, Args)]
pub struct CommitArgs {
    /// Growth action ids, in order of priority (see `bearing actions`).
    #[arg(value_name = "ACTION")]
    actions: Vec<String>,
    /// The assessment to commit after (default: the latest; only the latest is accepted).
    #[arg(long, value_name = "ID")]
    assessment: Option<i64>,
    /// Drop the commitments made after the latest assessment instead.
    #[arg(long, conflicts_with = "actions")]
    clear: bool,
}

impl CommitArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        if !self.clear {
            if self.actions.is_empty() {
                return Err(CliError::NoActions);
            }
            check_choice(&self.actions).map_err(OpsError::from)?;
        }
        // Without a database there is no assessment to commit after; do not create one.
        if !cx.location()?.exists() {
            return Err(OpsError::NoAssessmentYet.into());
        }
        let (mut storage, person) = cx.open_for_profile()?;
        let now = chrono::Utc::now();
        if self.clear {
            let dropped = ops::clear_commitments(&mut storage, person.id, self.assessment, now)?;
            return print_text(&match dropped {
                0 => "There were no commitments to drop.\n".to_string(),
                n => format!("Dropped {n} commitment{}.\n", plural(n)),
            });
        }
        let made = ops::commit(&mut storage, person.id, self.assessment, &self.actions, now)?;
        print_text(&commitments_text(
            &made,
            "Committed for the month ahead; your next assessment asks how each went:",
        ))
    }
}

#[derive(Debug, Args)]
pub struct CommitmentsArgs {
    /// As JSON.
    #[arg(long)]
    json: bool,
}

impl CommitmentsArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let (storage, person) = cx.open_for_profile()?;
        let open = ops::open_commitments(&storage, person.id)?;
        if self.json {
            print_json(&open)
        } else if open.is_empty() {
            print_text("No open commitments. After an assessment, commit to one to three actions with `bearing commit ACTION...`.\n")
        } else {
            print_text(&commitments_text(
                &open,
                "Open commitments; your next assessment asks how each went:",
            ))
        }
    }
}

fn commitments_text(list: &[Commitment], heading: &str) -> String {
    let mut out = format!("{heading}\n");
    for c in list {
        out.push_str(&format!(
            "  {}  {}  (since {})\n",
            c.action_id, c.title, c.committed_on
        ));
        if let Some(done) = c.action().and_then(|a| a.done_when.as_deref()) {
            out.push_str(&format!("      done when: {done}\n"));
        }
    }
    out
}
