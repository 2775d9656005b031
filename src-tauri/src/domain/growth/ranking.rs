//! Ranking growth actions for a scored answer sheet, and the reasons given for each suggestion.
//!
//! # How [`suggest`] ranks
//!
//! 1. Candidates are the actions for the score's quadrant (weight 1). When the score is borderline,
//!    actions for its neighbouring quadrants join them at [`NEIGHBOUR_WEIGHT`].
//! 2. Each candidate earns [`AXIS_POINTS`] if it aims at the weaker axis, half that if it aims at
//!    `both`, nothing otherwise. An axis is weaker only when the two differ by more than their
//!    noise (`measurement::weaker_axis`, passed in by the caller); within noise no axis is
//!    preferred, and the list then offers at least one action per axis (step 6).
//! 3. It earns up to [`ROOM_POINTS`] for room to grow on its statements: per statement, the distance
//!    of the answer from the desired end of the scale, 0 at the desired end and 1 at the other. The
//!    desired end is "exactly like me" when the statement's loading on the action's axis is positive
//!    (for `both`, the sum of its two loadings), "not at all like me" when it is negative. The
//!    average over the action's statements is used; statements unknown to the sheet's questionnaire
//!    are skipped.
//! 4. The total is (axis points + room points) × quadrant weight; higher first, ties broken by the
//!    order of the content file, so the ranking is deterministic.
//! 5. Actions the leader already committed to are left out, unless fewer than `limit` others remain;
//!    then they follow the others, in their own ranked order.
//! 6. With no weaker axis, when the list would miss an action aiming at one of the axes (a `both`
//!    action counts for either), the best such action takes the last place.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{actions, actions_for, Aim, GrowthAction};
use crate::domain::answers::AnswerSheet;
use crate::domain::questionnaire::{Item, Questionnaire};
use crate::domain::scoring::{Axis, Score};

/// Weight of an action that suits only a quadrant the position is close to.
pub const NEIGHBOUR_WEIGHT: f64 = 0.5;

/// Points for aiming at the weaker axis (half for `both`).
pub const AXIS_POINTS: f64 = 1.0;

/// Points for the most room to grow on an action's statements.
pub const ROOM_POINTS: f64 = 2.0;

/// At most this many statements are named in one suggestion's reasons.
const MAX_STATEMENT_REASONS: usize = 2;

/// Longest statement excerpt shown in a reason, in characters (before the ellipsis).
const EXCERPT_CHARS: usize = 70;

/// A suggested action and why it was suggested, in words for the leader.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub action: &'static GrowthAction,
    /// Short phrases; the first always says which quadrant the action suits.
    pub reasons: Vec<String>,
}

/// Growth actions for a scored sheet, best first, at most `limit` of them; the rule is in this
/// module's docs (`domain/growth/ranking.rs`). `committed` holds the ids of actions the leader committed to last time.
pub fn suggest(
    score: &Score,
    sheet: &AnswerSheet,
    committed: &[&str],
    limit: usize,
    weaker: Option<Axis>,
) -> Vec<Suggestion> {
    let answers: BTreeMap<&str, (&Item, u8)> = sheet
        .answers()
        .map(|(item, value)| (item.id.as_str(), (item, value)))
        .collect();
    let weaker = weaker.map(|axis| match axis {
        Axis::Focus => Aim::Focus,
        Axis::Autonomy => Aim::Autonomy,
    });
    let catalogue = actions_for(&sheet.questionnaire().version).unwrap_or(actions());
    let mut ranked: Vec<(usize, f64, Vec<String>)> = catalogue
        .iter()
        .enumerate()
        .filter_map(|(index, action)| {
            let (weight, fit_reason) = fit(action, score)?;
            let mut reasons = vec![fit_reason];
            let axis_points = match weaker {
                Some(w) if action.axis == w => {
                    reasons.push(format!("Aims at {}, your weaker axis", w.tag()));
                    AXIS_POINTS
                }
                Some(w) if action.axis == Aim::Both => {
                    reasons.push(format!(
                        "Aims at both axes, including {}, your weaker axis",
                        w.tag()
                    ));
                    AXIS_POINTS / 2.0
                }
                _ => 0.0,
            };
            let (room, statement_reasons) = room_to_grow(action, &answers, sheet.questionnaire());
            reasons.extend(statement_reasons);
            Some((index, (axis_points + ROOM_POINTS * room) * weight, reasons))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let is_committed = |index: usize| committed.contains(&catalogue[index].id.as_str());
    let (fresh, repeats): (Vec<_>, Vec<_>) = ranked.into_iter().partition(|r| !is_committed(r.0));
    let mut order: Vec<(usize, f64, Vec<String>)> = fresh.into_iter().chain(repeats).collect();
    if weaker.is_none() && limit > 1 {
        for aim in [Aim::Focus, Aim::Autonomy] {
            let serves = |index: usize| {
                let a = catalogue[index].axis;
                a == aim || a == Aim::Both
            };
            let shown = order.len().min(limit);
            if order[..shown].iter().any(|r| serves(r.0)) {
                continue;
            }
            if let Some(pos) = order.iter().skip(shown).position(|r| serves(r.0)) {
                let best = order.remove(shown + pos);
                // The last place goes to it; the other axis's own actions stay ahead of it.
                order.insert(shown - 1, best);
            }
        }
    }
    order
        .into_iter()
        .take(limit)
        .map(|(index, _, reasons)| Suggestion {
            action: &catalogue[index],
            reasons,
        })
        .collect()
}

/// Whether an action is a candidate for this score: its weight and the reason, or `None`.
fn fit(action: &GrowthAction, score: &Score) -> Option<(f64, String)> {
    if action.quadrants.contains(&score.quadrant) {
        return Some((
            1.0,
            format!("Suits {}, where you stand now", score.quadrant.info().name),
        ));
    }
    if !score.borderline {
        return None;
    }
    score
        .neighbours
        .iter()
        .find(|q| action.quadrants.contains(q))
        .map(|q| {
            (
                NEIGHBOUR_WEIGHT,
                format!("Suits {}, which you are close to", q.info().name),
            )
        })
}

/// Average room to grow (0..1) on an action's statements, and reasons naming the statements
/// answered on the wrong side of the scale's midpoint (most room first).
fn room_to_grow(
    action: &GrowthAction,
    answers: &BTreeMap<&str, (&Item, u8)>,
    questionnaire: &Questionnaire,
) -> (f64, Vec<String>) {
    let (mid, half) = (
        questionnaire.scale.midpoint(),
        questionnaire.scale.half_range(),
    );
    let mut rooms: Vec<(f64, bool, &Item)> = action
        .statements
        .iter()
        .filter_map(|id| answers.get(id.as_str()))
        .filter_map(|(item, value)| {
            let pull = action.axis.pull(item);
            if pull == 0.0 || half <= 0.0 {
                return None;
            }
            let centred = (f64::from(*value) - mid) / half;
            let desired = pull.signum();
            Some(((1.0 - desired * centred) / 2.0, pull > 0.0, *item))
        })
        .collect();
    if rooms.is_empty() {
        return (0.0, Vec::new());
    }
    let average = rooms.iter().map(|r| r.0).sum::<f64>() / rooms.len() as f64;
    // Stable sort: equal room keeps the action's statement order.
    rooms.sort_by(|a, b| b.0.total_cmp(&a.0));
    let reasons = rooms
        .iter()
        .filter(|(room, _, _)| *room > 0.5)
        .take(MAX_STATEMENT_REASONS)
        .map(|(_, positive, item)| {
            let side = if *positive { "unlike" } else { "like" };
            format!(
                "Addresses a statement you said is {side} you: “{}”",
                excerpt(&item.text)
            )
        })
        .collect();
    (average, reasons)
}

/// A statement shortened for a reason: without the "In the past month" opening or the final full
/// stop, capitalised, and cut at a word boundary with an ellipsis when long.
fn excerpt(text: &str) -> String {
    let text = text.trim();
    let text = text
        .strip_prefix("In the past month")
        .map(|rest| rest.trim_start_matches(',').trim_start())
        .unwrap_or(text)
        .trim_end_matches('.');
    let mut chars = text.chars();
    let mut short: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if short.chars().count() > EXCERPT_CHARS {
        let cut: String = short.chars().take(EXCERPT_CHARS).collect();
        let cut = match cut.rfind(' ') {
            Some(space) => &cut[..space],
            None => cut.as_str(),
        };
        short = format!("{}…", cut.trim_end_matches([',', ';', ':']));
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quadrant::Quadrant;
    use crate::domain::questionnaire;
    use crate::domain::scoring::score;
    use crate::domain::test_support::{extreme, sheet_by as sheet};

    /// The catalogue the v1 sheets of these tests are ranked against.
    fn v1_actions() -> &'static [GrowthAction] {
        actions_for("v1").unwrap_or_default()
    }

    /// Moves each statement's answer `steps` points from neutral toward the high end of the axis it
    /// loads on most (negative steps: toward the low end), separately per axis.
    fn leaning(focus_steps: i8, autonomy_steps: i8) -> AnswerSheet {
        sheet(|i| {
            let (loading, steps) = if i.focus.abs() >= i.autonomy.abs() {
                (i.focus, focus_steps)
            } else {
                (i.autonomy, autonomy_steps)
            };
            let moved = 3 + steps * loading.signum() as i8;
            moved.clamp(1, 5) as u8
        })
    }

    fn ids(suggestions: &[Suggestion]) -> Vec<&str> {
        suggestions.iter().map(|s| s.action.id.as_str()).collect()
    }

    fn home_actions(quadrant: Quadrant) -> usize {
        v1_actions()
            .iter()
            .filter(|a| a.quadrants.contains(&quadrant))
            .count()
    }

    /// The ranking with the lower axis as the weaker one, as when the axes differ beyond noise.
    fn suggest_lower(
        score: &Score,
        sheet: &AnswerSheet,
        committed: &[&str],
        limit: usize,
    ) -> Vec<Suggestion> {
        let lower = if score.focus < score.autonomy {
            Some(Axis::Focus)
        } else if score.autonomy < score.focus {
            Some(Axis::Autonomy)
        } else {
            None
        };
        suggest(score, sheet, committed, limit, lower)
    }

    #[test]
    fn within_noise_the_list_offers_an_action_for_each_axis() {
        for (f, a) in [(-1.0, -0.6), (-0.6, -1.0), (1.0, 0.6), (0.6, 1.0)] {
            let s = extreme(f, a);
            let scored = score(&s);
            for limit in [2, 3] {
                let list = suggest(&scored, &s, &[], limit, None);
                for aim in [Aim::Focus, Aim::Autonomy] {
                    assert!(
                        list.iter()
                            .any(|x| x.action.axis == aim || x.action.axis == Aim::Both),
                        "{f},{a} limit {limit}: nothing for {aim:?} in {:?}",
                        list.iter().map(|x| &x.action.id).collect::<Vec<_>>()
                    );
                }
            }
        }
    }

    #[test]
    fn extreme_patterns_get_actions_for_their_quadrant() {
        for (f, a, quadrant) in [
            (1.0, 1.0, Quadrant::ImpactGalore),
            (1.0, -1.0, Quadrant::GlorifiedManager),
            (-1.0, 1.0, Quadrant::TechBusywork),
            (-1.0, -1.0, Quadrant::LowEverything),
        ] {
            let s = extreme(f, a);
            let scored = score(&s);
            assert_eq!(scored.quadrant, quadrant);
            let suggestions = suggest_lower(&scored, &s, &[], 100);
            assert_eq!(suggestions.len(), home_actions(quadrant), "{quadrant:?}");
            for suggestion in &suggestions {
                assert!(
                    suggestion.action.quadrants.contains(&quadrant),
                    "{quadrant:?} got `{}`",
                    suggestion.action.id
                );
            }
        }
    }

    #[test]
    fn the_weaker_axis_is_favoured() {
        for (weak_focus, weak_autonomy, quadrant) in [
            (leaning(-2, -1), leaning(-1, -2), Quadrant::LowEverything),
            (leaning(1, 2), leaning(2, 1), Quadrant::ImpactGalore),
        ] {
            let (sf, sa) = (score(&weak_focus), score(&weak_autonomy));
            assert_eq!((sf.quadrant, sa.quadrant), (quadrant, quadrant));
            assert!(
                sf.focus < sf.autonomy && sa.autonomy < sa.focus,
                "{sf:?} {sa:?}"
            );
            let top_f = &suggest_lower(&sf, &weak_focus, &[], 1)[0];
            let top_a = &suggest_lower(&sa, &weak_autonomy, &[], 1)[0];
            assert_eq!(top_f.action.axis, Aim::Focus, "{quadrant:?}");
            assert_eq!(top_a.action.axis, Aim::Autonomy, "{quadrant:?}");
            assert!(top_f
                .reasons
                .contains(&"Aims at focus, your weaker axis".to_string()));
        }
    }

    #[test]
    fn committed_actions_are_left_out_while_enough_others_remain() {
        let s = extreme(-1.0, -1.0);
        let scored = score(&s);
        let all = suggest_lower(&scored, &s, &[], 100);
        let committed = [all[0].action.id.as_str(), all[2].action.id.as_str()];
        let three = suggest_lower(&scored, &s, &committed, 3);
        assert_eq!(
            ids(&three),
            vec![
                all[1].action.id.as_str(),
                all[3].action.id.as_str(),
                all[4].action.id.as_str()
            ]
        );
    }

    #[test]
    fn committed_actions_come_last_when_too_few_others_remain() {
        let s = extreme(-1.0, -1.0);
        let scored = score(&s);
        let all = suggest_lower(&scored, &s, &[], 100);
        let committed = [all[2].action.id.as_str(), all[0].action.id.as_str()];
        let every = suggest_lower(&scored, &s, &committed, all.len());
        let n = all.len();
        assert_eq!(every.len(), n);
        assert_eq!(
            ids(&every[n - 2..]),
            vec![all[0].action.id.as_str(), all[2].action.id.as_str()],
            "committed ones follow the rest, in ranked order"
        );
        assert_eq!(every[0].action.id, all[1].action.id);
    }

    #[test]
    fn suggestions_are_deterministic() {
        for seed in 0..50_u32 {
            let s = sheet(|i| {
                let idx = questionnaire::v1().item_index(&i.id).unwrap_or(0) as u32;
                (((idx * 7 + seed * 13) ^ (seed >> 2)) % 5 + 1) as u8
            });
            let scored = score(&s);
            assert_eq!(
                suggest_lower(&scored, &s, &[], 10),
                suggest_lower(&scored, &s, &[], 10)
            );
        }
    }

    #[test]
    fn limit_is_respected() {
        let s = extreme(1.0, -1.0);
        let scored = score(&s);
        let available = home_actions(Quadrant::GlorifiedManager);
        for (limit, expected) in [
            (0, 0),
            (1, 1),
            (3, 3),
            (available, available),
            (50, available),
        ] {
            assert_eq!(
                suggest_lower(&scored, &s, &[], limit).len(),
                expected,
                "limit {limit}"
            );
        }
        let committed = [v1_actions()[0].id.as_str()];
        assert_eq!(suggest_lower(&scored, &s, &committed, 50).len(), available);
    }

    #[test]
    fn every_suggestion_has_a_reason_and_names_its_quadrant_first() {
        let sheets = [
            extreme(1.0, 1.0),
            extreme(-1.0, 1.0),
            extreme(1.0, -1.0),
            extreme(-1.0, -1.0),
            sheet(|_| 3),
            leaning(1, -1),
        ];
        for s in &sheets {
            let scored = score(s);
            for suggestion in suggest_lower(&scored, s, &[], 100) {
                let first = suggestion.reasons.first().map(String::as_str).unwrap_or("");
                assert!(
                    first.starts_with("Suits "),
                    "{}: {first}",
                    suggestion.action.id
                );
                assert!(suggestion.reasons.iter().all(|r| !r.trim().is_empty()));
            }
        }
    }

    #[test]
    fn low_answers_on_an_actions_statements_are_named() {
        let s = extreme(1.0, -1.0);
        let scored = score(&s);
        let options = suggest_lower(&scored, &s, &["ask-for-the-real-need"], 100);
        let ask = options
            .iter()
            .find(|o| o.action.id == "ask-for-the-real-need")
            .unwrap();
        assert!(
            ask.reasons.contains(
                &"Addresses a statement you said is unlike you: “I asked what need lay behind a \
                  request before agreeing to it”"
                    .to_string()
            ),
            "{:?}",
            ask.reasons
        );
        assert!(ask.reasons.len() <= 2 + MAX_STATEMENT_REASONS);
    }

    #[test]
    fn borderline_positions_add_neighbouring_actions_at_lower_weight() {
        let s = sheet(|_| 3);
        let scored = score(&s);
        assert!(scored.borderline && scored.quadrant == Quadrant::ImpactGalore);
        let all = suggest_lower(&scored, &s, &[], 100);
        assert_eq!(
            all.len(),
            v1_actions().len(),
            "every quadrant is a neighbour here"
        );
        let home = home_actions(Quadrant::ImpactGalore);
        for (rank, suggestion) in all.iter().enumerate() {
            let is_home = suggestion
                .action
                .quadrants
                .contains(&Quadrant::ImpactGalore);
            assert_eq!(
                is_home,
                rank < home,
                "`{}` at rank {rank}",
                suggestion.action.id
            );
            if !is_home {
                assert!(suggestion.reasons[0].ends_with("which you are close to"));
            }
        }
        let clear = extreme(1.0, 1.0);
        assert_eq!(suggest_lower(&score(&clear), &clear, &[], 100).len(), home);
    }

    #[test]
    fn excerpts_drop_the_opening_and_stay_short() {
        for (text, expected) in [
            (
                "In the past month I used our product the way a customer does.",
                "I used our product the way a customer does",
            ),
            (
                "In the past month, faced with a request, I offered another option.",
                "Faced with a request, I offered another option",
            ),
            (
                "In the past month my team's roadmap was decided by others and handed to me to deliver.",
                "My team's roadmap was decided by others and handed to me to deliver",
            ),
            (
                "In the past month I steered spare capacity into technical clean-up because it felt right, with the business case left vague.",
                "I steered spare capacity into technical clean-up because it felt…",
            ),
        ] {
            assert_eq!(excerpt(text), expected);
            assert!(excerpt(text).chars().count() <= EXCERPT_CHARS + 1);
        }
    }
}
