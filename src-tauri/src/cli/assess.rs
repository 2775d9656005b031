//! `bearing score` and `bearing assess`: scoring an answers file, and saving it as an assessment.

use clap::Args;

use super::input::{read_answers, read_reviews};
use super::output::print_json;
use super::{CliError, CliResult, Context};
use crate::domain::Rater;
use crate::ops::{self, Answered, When, Who};

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answers file (JSON), or - for standard input.
    #[arg(long, value_name = "FILE")]
    answers: String,
}

impl ScoreArgs {
    pub(super) fn run(self) -> CliResult {
        let sheet = read_answers(&self.answers)?;
        print_json(&ops::score_report(&sheet)?)
    }
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Answers file (JSON), or - for standard input.
    #[arg(long, value_name = "FILE")]
    answers: String,
    /// The day the assessment describes (default: today; not in the future).
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    /// How each open commitment went (JSON), or - for standard input:
    /// {"<action id>": {"status": "done" | "partly" | "not-started", "note": "..."}}.
    /// Needed when commitments are open; see `bearing commitments`.
    #[arg(long, value_name = "FILE")]
    reviews: Option<String>,
    /// Who answered: the leader (self), or their coach, manager or a peer about them.
    #[arg(long, value_enum, default_value_t = Rater::SelfRating)]
    rater: Rater,
}

impl AssessArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let date = self.date.as_deref().map(ops::parse_date).transpose()?;
        let when = When::now(date);
        ops::check_assessment(self.rater, self.reviews.is_some(), when)?;
        if self.answers == "-" && self.reviews.as_deref() == Some("-") {
            return Err(CliError::BothFromStdin);
        }
        let sheet = read_answers(&self.answers)?;
        let reviews = self.reviews.as_deref().map(read_reviews).transpose()?;
        let (mut storage, person) = cx.open_for_profile()?;
        let who = Who {
            profile: person.id,
            rater: self.rater,
        };
        // Once saved, the assessment stays saved even if printing it fails. The window's draft
        // is left alone: it may hold answers the leader is still giving there.
        let saved = ops::assess(
            &mut storage,
            who,
            Answered::untimed(&sheet),
            reviews,
            when,
            false,
        )?;
        print_json(&ops::imported_sheet(&storage, &saved)?)
    }
}
