//! `bearing perceptions`: how others see the person, as the window shows it: the one-to-one gaps
//! with a coach or manager, and the peers' and direct reports' pooled views (withheld below three).

use clap::Args;

use super::output::{print_json, print_text};
use super::{CliResult, Context};
use crate::domain::measurement::ChangeVerdict;
use crate::ops::{self, Perceptions};

#[derive(Debug, Args)]
pub struct PerceptionsArgs {
    /// As JSON.
    #[arg(long)]
    json: bool,
}

impl PerceptionsArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let (storage, person) = cx.open_for_profile()?;
        let seen = ops::perceptions(&storage, person.id)?;
        if self.json {
            return print_json(&seen);
        }
        print_text(&perceptions_text(&seen))
    }
}

fn verdict_words(verdict: ChangeVerdict) -> &'static str {
    match verdict {
        ChangeVerdict::Reliable => "beyond noise",
        ChangeVerdict::Possible => "possibly real",
        ChangeVerdict::WithinNoise => "within noise",
    }
}

fn signed(x: f64) -> String {
    format!("{x:+.1}")
}

fn perceptions_text(seen: &Perceptions) -> String {
    let mut out = String::new();
    if seen.pairs.is_empty() && seen.groups.is_empty() {
        return "No one else has answered about this person yet. Send an answer sheet: `bearing sheet --rater coach|manager|peer|direct-report --out FILE`.\n".into();
    }
    // The latest comparison with each coach or manager, with how the gap has moved.
    for trend in &seen.trends {
        let Some(pair) = seen.pairs.iter().find(|p| p.other_id == trend.latest_id) else {
            continue;
        };
        out.push_str(&format!(
            "{} ({}) against yours ({}): focus {} ({}), autonomy {} ({}); gap {}\n",
            pair.who,
            pair.other_date,
            pair.self_date,
            signed(pair.gap.focus.gap),
            verdict_words(pair.verdicts.focus.verdict),
            signed(pair.gap.autonomy.gap),
            verdict_words(pair.verdicts.autonomy.verdict),
            serde_json::to_value(trend.trend)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('-', " ")))
                .unwrap_or_default()
        ));
    }
    for g in &seen.groups {
        let row = &g.group;
        let Some(view) = &row.view else {
            out.push_str(&format!("{}: {}\n", row.who, row.withheld_words()));
            continue;
        };
        let against = match (&g.gap, &g.verdicts) {
            (Some(gap), Some(verdicts)) => format!(
                "against yours: focus {} ({}), autonomy {} ({})",
                signed(gap.focus.gap),
                verdict_words(verdicts.focus.verdict),
                signed(gap.autonomy.gap),
                verdict_words(verdicts.autonomy.verdict),
            ),
            _ => "no assessment of your own near that period to compare with".to_string(),
        };
        out.push_str(&format!(
            "{} ({} to {}) see {} at focus {:.1} ±{:.1}, autonomy {:.1} ±{:.1}; {against}\n",
            row.who,
            row.from,
            row.to,
            view.quadrant_name,
            view.pooled.focus,
            view.pooled.focus_spread,
            view.pooled.autonomy,
            view.pooled.autonomy_spread,
        ));
    }
    out
}
