//! The trajectory map: the quadrant field with its four names and the borderline band, and the
//! assessments as points joined in time order with arrowheads. Reliable moves are solid, possible
//! ones thinner and lighter, moves within noise dashed and faded; provisional assessments are
//! hollow. The latest point is emphasised, with a ±1 SEM cross when its SEM is known, and the
//! first and last are labelled with their month, placed clear of the quadrant names and of each
//! other. Other raters' views of the leader (perceptions) are squares in their own colour, each
//! joined to the leader's own point of the same period by a dotted line; the latest is captioned
//! with the rater and the gap.

pub(super) mod field;
pub(super) mod labels;
mod layout;
mod perceptions;
pub(super) mod trail;
mod uncertainty;

use plotters::prelude::*;

use super::paint::{DrawResult, Painter};
use super::palette::Palette;
use super::ChartData;

pub use layout::MapLayout;

/// Opacity of the trail for a reliable move, a possible one and one within noise.
pub const MOVE_OPACITY: f64 = 0.9;
pub const POSSIBLE_OPACITY: f64 = 0.6;
pub const NOISE_OPACITY: f64 = 0.45;
/// Width (and arrowhead size) of a possible move, relative to a reliable one.
pub const POSSIBLE_WIDTH: f64 = 0.6;
/// Opacity of the ±1 SEM cross on the latest point.
pub const SEM_OPACITY: f64 = 0.75;
/// Opacity of the dotted line joining another rater's point to the leader's own.
pub const LINK_OPACITY: f64 = 0.8;

/// The label of a point's date: its month, or its day when the labelled points share a month.
pub(super) fn date_label(date: chrono::NaiveDate, with_day: bool) -> String {
    if with_day {
        date.format("%-d %b %Y").to_string()
    } else {
        date.format("%b %Y").to_string()
    }
}

pub(super) fn draw<DB: DrawingBackend>(
    painter: &Painter<'_, DB>,
    layout: &MapLayout,
    palette: &Palette,
    data: &ChartData,
) -> DrawResult<DB> {
    let (points, perceptions) = (&data.points[..], &data.perceptions[..]);
    field::draw_field(painter, layout, palette)?;
    let names = labels::draw_names(painter, layout, palette, data)?;
    field::draw_axes(painter, layout, palette)?;
    if points.is_empty() && perceptions.is_empty() {
        return field::draw_empty_message(painter, layout, palette, "No assessments yet");
    }
    uncertainty::draw_legend(painter, layout, palette, data)?;
    trail::draw_trail(painter, layout, palette, points)?;
    uncertainty::draw_cross(painter, layout, palette, data)?;
    perceptions::draw_links(painter, layout, palette, perceptions)?;
    // Labels go under the markers: where a backing grazes a point, the point still shows.
    let taken = labels::draw_labels(painter, layout, palette, data, &names)?;
    perceptions::draw_caption(painter, layout, palette, perceptions, taken)?;
    trail::draw_markers(painter, layout, palette, points)?;
    perceptions::draw_others(painter, layout, palette, points, perceptions)
}
