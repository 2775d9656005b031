//! The caseload map: a coach's people on one quadrant field, each a labelled dot at their latest
//! position with an arrow from their previous one (solid when the move is reliable, dashed and
//! faded otherwise). The field, the quadrant names, the axes, the arrows and the label placement
//! are the trajectory map's own (`map/`), so both read alike.

use plotters::prelude::*;

use super::map::field::{draw_axes, draw_empty_message, draw_field};
use super::map::labels::{draw_names_clear_of, keep_clear, sampled, LabelSpec};
use super::map::trail::{arrowhead, move_style};
use super::map::MapLayout;
use super::paint::{DrawResult, Font, Painter, Point, Rect};
use super::palette::Palette;
use crate::domain::measurement::ChangeVerdict;

/// Everything the caseload map shows, already computed: one entry per person, in the order
/// their labels are placed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseloadChart {
    pub people: Vec<CaseloadPerson>,
}

/// One person on the caseload map.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseloadPerson {
    /// Their name, or initials when names are not to be shown.
    pub label: String,
    /// Their latest (focus, autonomy), 0..100; none before their first assessment (not drawn).
    pub position: Option<(f64, f64)>,
    /// The name of that position's quadrant, for the text alternative.
    pub quadrant: Option<String>,
    /// The move from their previous position, if they have one.
    pub moved: Option<CaseloadMove>,
}

/// A move from a previous position to the latest.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaseloadMove {
    /// The previous (focus, autonomy).
    pub from: (f64, f64),
    /// The change on each axis, in points.
    pub focus: f64,
    pub autonomy: f64,
    /// The stronger of the two axes' verdicts: only a reliable move is drawn solid.
    pub verdict: ChangeVerdict,
}

/// Longest a label is drawn, in units: longer names are shortened with an ellipsis.
const LABEL_UNITS: f64 = 9.0;

pub(super) fn draw<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    data: &CaseloadChart,
) -> DrawResult<DB> {
    let u = layout.unit;
    let shown: Vec<(&CaseloadPerson, Point)> = data
        .people
        .iter()
        .filter_map(|p| p.position.map(|(f, a)| (p, layout.point(f, a))))
        .collect();
    let n = shown.len();
    let crowd = crowding(n);
    let radius = (u * 0.34 * crowd).max(3.0);
    let width = layout.trail_width(n);
    let moves: Vec<(Point, Point, ChangeVerdict)> = shown
        .iter()
        .filter_map(|(p, to)| {
            p.moved
                .map(|m| (layout.point(m.from.0, m.from.1), *to, m.verdict))
        })
        .collect();

    draw_field(painter, layout, palette)?;
    // What names and labels keep clear of: the dots (heavily) and the arrows (lightly).
    let mut data_boxes: Vec<(Rect, bool)> = shown
        .iter()
        .map(|(_, at)| (square(*at, radius + u * 0.15), true))
        .collect();
    for (from, to, _) in &moves {
        data_boxes.extend(
            sampled(*from, *to, u, u * 0.1)
                .into_iter()
                .map(|r| (r, false)),
        );
    }
    let for_names: Vec<(Rect, f64)> = data_boxes
        .iter()
        .map(|&(r, dot)| {
            if dot {
                (r.inflate(u * 0.2), 3.0)
            } else {
                (r, 1.0)
            }
        })
        .collect();
    let names = draw_names_clear_of(painter, layout, palette, &for_names)?;
    draw_axes(painter, layout, palette)?;
    if shown.is_empty() {
        return draw_empty_message(painter, layout, palette, "Nobody assessed yet");
    }

    for &(from, to, verdict) in &moves {
        // Only a reliable move is a claim; anything less is drawn as noise.
        let style = if verdict == ChangeVerdict::Reliable {
            move_style(Some(ChangeVerdict::Reliable))
        } else {
            move_style(Some(ChangeVerdict::WithinNoise))
        };
        if style.dashed {
            let dash = (width * 2.6, width * 2.2);
            painter.dashed(from, to, width, dash, palette.trail, style.alpha)?;
        } else {
            painter.line(from, to, width, palette.trail, style.alpha)?;
        }
        let arrow = (width * 4.2).max(u * 0.3);
        if let Some(head) = arrowhead(from, to, arrow, radius + width) {
            painter.polygon(&head, palette.trail, style.alpha)?;
        }
        // Where they were: a small ring, so the arrow's start reads as a position.
        painter.ring(from, radius * 0.45, width, palette.trail, style.alpha)?;
    }

    let mut obstacles: Vec<(Rect, f64)> = names.iter().map(|r| (r.inflate(u * 0.1), 4.0)).collect();
    obstacles.extend(
        data_boxes
            .iter()
            .map(|&(r, dot)| if dot { (r, 8.0) } else { (r, 0.3) }),
    );
    let bounds = layout.field().inflate(-u * 0.15);
    let font = Font::regular(u * 0.85 * crowd);
    for (person, at) in &shown {
        let label = LabelSpec {
            text: painter.fit(&person.label, font, u * LABEL_UNITS),
            font,
            colour: palette.ink,
            at: *at,
            gap: radius + u * 0.3,
            rival: None,
        };
        let placed = label.draw(painter, palette, &obstacles, &bounds, u)?;
        keep_clear(&mut obstacles, placed, u);
    }

    for (_, at) in &shown {
        painter.disc(*at, radius + u * 0.12, palette.background, 1.0)?;
        painter.disc(*at, radius, palette.latest, 1.0)?;
    }
    Ok(())
}

/// How much smaller dots and labels are drawn for `count` people: 1 up to a dozen, falling to
/// 0.7 at a hundred and more, so a long caseload keeps some room between its labels.
fn crowding(count: usize) -> f64 {
    1.0 - 0.3 * ((count as f64 - 12.0) / 88.0).clamp(0.0, 1.0)
}

fn square(c: Point, r: f64) -> Rect {
    Rect::new(c.0 - r, c.1 - r, c.0 + r, c.1 + r)
}

/// The caseload map's text alternative, carrying its data: "Caseload of 3: Ada, Impact Galore
/// (focus 72.0, autonomy 64.5), moved toward focus (reliable); Ben, not assessed yet; …".
pub fn caseload_alt(data: &CaseloadChart) -> String {
    let people: Vec<String> = data.people.iter().map(person_alt).collect();
    if people.is_empty() {
        return "Caseload of 0: nobody to show.".into();
    }
    format!("Caseload of {}: {}.", people.len(), people.join("; "))
}

fn person_alt(p: &CaseloadPerson) -> String {
    let Some((focus, autonomy)) = p.position else {
        return format!("{}, not assessed yet", p.label);
    };
    let quadrant = p.quadrant.as_deref().unwrap_or("on the map");
    let mut text = format!(
        "{}, {quadrant} (focus {focus:.1}, autonomy {autonomy:.1})",
        p.label
    );
    match p.moved {
        None => text.push_str(", first assessment"),
        Some(m) => {
            let verdict = match m.verdict {
                ChangeVerdict::Reliable => "reliable",
                ChangeVerdict::Possible => "possible, within noise",
                ChangeVerdict::WithinNoise => "within noise",
            };
            text.push_str(&format!(", {} ({verdict})", direction(m.focus, m.autonomy)));
        }
    }
    text
}

/// Which way a move went, in words.
fn direction(focus: f64, autonomy: f64) -> String {
    let axis = |delta: f64, name: &str| {
        if delta > 0.0 {
            Some(format!("toward {name}"))
        } else if delta < 0.0 {
            Some(format!("away from {name}"))
        } else {
            None
        }
    };
    match (axis(focus, "focus"), axis(autonomy, "autonomy")) {
        (Some(f), Some(a)) => format!("moved {f} and {a}"),
        (Some(one), None) | (None, Some(one)) => format!("moved {one}"),
        (None, None) => "did not move".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(
        label: &str,
        position: Option<(f64, f64)>,
        moved: Option<CaseloadMove>,
    ) -> CaseloadPerson {
        CaseloadPerson {
            label: label.into(),
            position,
            quadrant: position.map(|_| "Impact Galore".into()),
            moved,
        }
    }

    #[test]
    fn alt_text_carries_each_person_their_position_and_move() {
        let data = CaseloadChart {
            people: vec![
                person(
                    "Ada",
                    Some((72.0, 64.5)),
                    Some(CaseloadMove {
                        from: (50.0, 64.5),
                        focus: 22.0,
                        autonomy: 0.0,
                        verdict: ChangeVerdict::Reliable,
                    }),
                ),
                person("Ben", None, None),
                person(
                    "Cy",
                    Some((60.0, 60.0)),
                    Some(CaseloadMove {
                        from: (62.0, 58.0),
                        focus: -2.0,
                        autonomy: 2.0,
                        verdict: ChangeVerdict::WithinNoise,
                    }),
                ),
                person("Di", Some((55.0, 51.0)), None),
            ],
        };
        assert_eq!(
            caseload_alt(&data),
            "Caseload of 4: Ada, Impact Galore (focus 72.0, autonomy 64.5), moved toward focus \
             (reliable); Ben, not assessed yet; Cy, Impact Galore (focus 60.0, autonomy 60.0), \
             moved away from focus and toward autonomy (within noise); Di, Impact Galore \
             (focus 55.0, autonomy 51.0), first assessment."
        );
        assert_eq!(
            caseload_alt(&CaseloadChart::default()),
            "Caseload of 0: nobody to show."
        );
    }
}
