//! `bearing questionnaire` and `bearing actions`: what Bearing asks, and what it can suggest.

use clap::Args;

use super::output::{print_json, print_text};
use super::CliResult;
use crate::domain::{growth, questionnaire};

#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    /// As JSON: version, scale and statements with their loadings.
    #[arg(long)]
    json: bool,
}

impl QuestionnaireArgs {
    pub(super) fn run(self) -> CliResult {
        let q = questionnaire::current();
        if self.json {
            return print_json(q);
        }
        let mut out = format!("Bearing questionnaire {}\n", q.version);
        let labels: Vec<String> = q
            .scale
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{} = {l}", i + 1))
            .collect();
        out.push_str(&format!("Answer each statement: {}", labels.join(", ")));
        if let Some(na) = &q.not_applicable {
            out.push_str(&format!(", or null = {}", na.label));
        }
        out.push_str("\n\n");
        for (n, item) in q.items.iter().enumerate() {
            out.push_str(&format!(
                "{:>2}. {}\n    id: {}{}\n",
                n + 1,
                item.text,
                item.id,
                if item.observable {
                    ""
                } else {
                    " (only you can see this; others leave it out)"
                }
            ));
        }
        print_text(&out)
    }
}

#[derive(Debug, Args)]
pub struct ActionsArgs {
    /// As JSON, with the why, the steps and the source.
    #[arg(long)]
    json: bool,
}

impl ActionsArgs {
    pub(super) fn run(self) -> CliResult {
        let actions = growth::actions();
        if self.json {
            return print_json(actions);
        }
        let mut out = String::new();
        for a in actions {
            let quadrants: Vec<&str> = a.quadrants.iter().map(|q| q.info().name.as_str()).collect();
            out.push_str(&format!(
                "{}\n    {}\n    for: {}; moves: {}\n",
                a.id,
                a.title,
                quadrants.join(", "),
                a.axis.tag()
            ));
            if let Some(done) = &a.done_when {
                out.push_str(&format!("    done when: {done}\n"));
            }
        }
        print_text(&out)
    }
}
