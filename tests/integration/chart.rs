//! The charts as `chart::render` draws them: PNGs decoded and checked pixel by pixel against the
//! layouts, SVGs parsed as XML and their elements counted.
//!
//! How the SVG checks recognise things (plotters' SVG backend writes no ids or classes): every
//! assessment is exactly one filled `<circle>` (`stroke="none"`) in a marker colour of the theme's
//! [`Palette`] — `point` or `latest` on the map, `focus` on the timeline — and on the timeline
//! also one filled `<polygon>` (a diamond) in `autonomy`; halos and rings around markers are
//! background-coloured or unfilled. Map arrowheads are the `<polygon>`s in `trail`; trail segments
//! are `<polyline>`s in `trail` at [`MOVE_OPACITY`] (real move, one line) or [`NOISE_OPACITY`]
//! (within noise, several dashes). Commitments are `mark`-coloured: a filled `<polygon>` when
//! made, a closed `<polyline>` outline when reviewed. Legend swatches sit outside the plot, so
//! counts only take elements inside the plot area. Another rater's view (a perception) is one
//! filled four-cornered `<polygon>` (a square) in `other` on the map, joined to the leader's point
//! by short `<polyline>` dashes in `other` at [`LINK_OPACITY`]; its halo is background-coloured.
//! A possible move is one `<polyline>` in `trail` at [`POSSIBLE_OPACITY`], narrower than a
//! reliable one; the ±1 SEM cross is `<polyline>`s in `trail` at [`SEM_OPACITY`]; a provisional
//! point is an unfilled `<circle>` stroked in its marker colour; a timeline interval band is a
//! `<polygon>` in `focus` or `autonomy` at the palette's `interval_alpha`.

use bearing_lib::chart::{
    self, CardLayout, ChartData, ChartError, ChartKind, ChartMark, ChartOptions, ChartPoint,
    Format, MapLayout, MarkKind, Palette, Perception, Rect, Rendered, Rgb, Theme, TimelineLayout,
    INTERVAL_Z, LINK_OPACITY, MOVE_OPACITY, NOISE_OPACITY, POSSIBLE_OPACITY, POSSIBLE_WIDTH,
    SEM_OPACITY,
};
use bearing_lib::domain::measurement::ChangeVerdict;
use bearing_lib::domain::{AssessmentSummary, Quadrant, Rater};
use bearing_lib::ops;
use chrono::{Months, NaiveDate};
use roxmltree::{Document, Node};

use crate::support::{svg_text, Pixels};

const QUADRANT_NAMES: [&str; 4] = [
    "Low Everything",
    "Tech Busywork",
    "Glorified Managers and Order-Takers",
    "Impact Galore",
];

const THEMES: [Theme; 2] = [Theme::Light, Theme::Dark];

fn month(n: usize) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 5)
        .unwrap()
        .checked_add_months(Months::new(n as u32))
        .unwrap()
}

fn point(date: NaiveDate, focus: f64, autonomy: f64) -> ChartPoint {
    ChartPoint::new(date, focus, autonomy)
}

fn data(points: Vec<ChartPoint>) -> ChartData {
    ChartData {
        person: "Alex Morgan".into(),
        points,
        marks: Vec::new(),
        questionnaire: "v1".into(),
        version_changes: Vec::new(),
        perceptions: Vec::new(),
        uncertainty: None,
    }
}

/// `n` monthly assessments spread over the map, a commitment made at each and reviewed at the
/// next.
fn history(n: usize) -> ChartData {
    let points = (0..n)
        .map(|i| {
            point(
                month(i),
                10.0 + (i * 37 % 80) as f64,
                10.0 + (i * 53 % 80) as f64,
            )
        })
        .collect();
    let mut marks = Vec::new();
    for i in 0..n {
        if i > 0 {
            marks.push(ChartMark {
                date: month(i),
                kind: MarkKind::Reviewed,
                label: format!("Action {}", i - 1),
            });
        }
        marks.push(ChartMark {
            date: month(i),
            kind: MarkKind::Committed,
            label: format!("Action {i}"),
        });
    }
    ChartData {
        marks,
        ..data(points)
    }
}

fn options(kind: ChartKind, width: u32, height: u32, theme: Theme) -> ChartOptions {
    ChartOptions {
        width,
        height,
        theme,
        ..ChartOptions::for_kind(kind)
    }
}

fn svg(kind: ChartKind, data: &ChartData, options: &ChartOptions) -> String {
    match chart::render(kind, data, options, Format::Svg).unwrap() {
        Rendered::Svg(text) => text,
        other => panic!("asked for SVG, got {other:?}"),
    }
}

fn png(kind: ChartKind, data: &ChartData, options: &ChartOptions) -> Pixels {
    match chart::render(kind, data, options, Format::Png).unwrap() {
        Rendered::Png(bytes) => Pixels::decode(&bytes),
        Rendered::Svg(_) => panic!("asked for PNG, got SVG"),
    }
}

fn attr(node: &Node<'_, '_>, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("{node:?} has no {name}"))
        .parse()
        .unwrap()
}

/// The points of a `polygon` or `polyline`.
fn points_of(node: &Node<'_, '_>) -> Vec<(f64, f64)> {
    node.attribute("points")
        .unwrap_or_default()
        .split_whitespace()
        .map(|pair| {
            let (x, y) = pair.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

fn centre(points: &[(f64, f64)]) -> (f64, f64) {
    let n = points.len() as f64;
    (
        points.iter().map(|p| p.0).sum::<f64>() / n,
        points.iter().map(|p| p.1).sum::<f64>() / n,
    )
}

fn inside(r: &Rect, (x, y): (f64, f64)) -> bool {
    (r.x0 - 1.0..=r.x1 + 1.0).contains(&x) && (r.y0 - 1.0..=r.y1 + 1.0).contains(&y)
}

/// Filled circles of a colour, as centres.
fn discs(doc: &Document<'_>, colour: &str) -> Vec<(f64, f64)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("circle"))
        .filter(|n| n.attribute("fill") == Some(colour) && n.attribute("stroke") == Some("none"))
        .map(|n| (attr(&n, "cx"), attr(&n, "cy")))
        .collect()
}

/// Filled polygons of a colour, as (points, opacity).
fn polygons(doc: &Document<'_>, colour: &str) -> Vec<(Vec<(f64, f64)>, f64)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("fill") == Some(colour))
        .map(|n| (points_of(&n), attr(&n, "opacity")))
        .collect()
}

/// Polylines stroked in a colour, as (points, opacity).
fn polylines(doc: &Document<'_>, colour: &str) -> Vec<(Vec<(f64, f64)>, f64)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(colour))
        .map(|n| (points_of(&n), attr(&n, "opacity")))
        .collect()
}

#[test]
fn every_kind_renders_0_1_2_and_120_assessments_in_both_themes_and_formats() {
    for kind in ChartKind::ALL {
        for n in [0, 1, 2, 120] {
            for theme in THEMES {
                let case = format!("{kind:?}, {n} points, {theme:?}");
                let options = options(kind, 900, 600, theme);
                let pixels = png(kind, &history(n), &options);
                assert_eq!((pixels.width, pixels.height), (900, 600), "{case}");
                let text = svg(kind, &history(n), &options);
                let doc = Document::parse(&text).unwrap_or_else(|e| panic!("{case}: not XML: {e}"));
                let root = doc.root_element();
                assert_eq!(root.tag_name().name(), "svg");
                assert_eq!(
                    (root.attribute("width"), root.attribute("height")),
                    (Some("900"), Some("600")),
                    "{case}"
                );
                assert_eq!(
                    svg_text(&doc).contains("No assessments yet"),
                    n == 0,
                    "{case}: {}",
                    svg_text(&doc)
                );
            }
        }
    }
}

#[test]
fn map_names_the_four_quadrants_and_labels_only_start_and_end() {
    for kind in [ChartKind::Map, ChartKind::Card] {
        for n in [0, 1, 2, 12, 120] {
            let doc_text = svg(kind, &history(n), &options(kind, 1200, 1000, Theme::Light));
            let doc = Document::parse(&doc_text).unwrap();
            let drawn = svg_text(&doc);
            for name in QUADRANT_NAMES {
                assert!(
                    drawn.contains(name),
                    "{kind:?}, {n}: `{name}` not in {drawn:?}"
                );
            }
            // Month labels on the map: the first and the last assessment, nothing between.
            let labels: Vec<String> = doc
                .descendants()
                .filter(|t| t.has_tag_name("text"))
                .filter_map(|t| t.text())
                .map(|t| t.trim().to_string())
                .filter(|t| (0..n).any(|i| month(i).format("%b %Y").to_string() == *t))
                .collect();
            if kind == ChartKind::Map {
                let expected: Vec<String> = match n {
                    0 => vec![],
                    1 => vec![month(0).format("%b %Y").to_string()],
                    _ => vec![
                        month(n - 1).format("%b %Y").to_string(),
                        month(0).format("%b %Y").to_string(),
                    ],
                };
                assert_eq!(labels, expected, "{n} points");
            }
        }
    }
}

#[test]
fn svg_keeps_names_and_titles_as_text() {
    let evil = "<script>alert(1)</script> & \"Q1\"";
    let mut data = history(3);
    data.person = evil.into();
    data.marks.push(ChartMark {
        date: month(2),
        kind: MarkKind::Committed,
        label: evil.into(),
    });
    let text = svg(
        ChartKind::Card,
        &data,
        &options(ChartKind::Card, 1920, 1080, Theme::Light),
    );
    let doc = Document::parse(&text).unwrap();
    assert!(svg_text(&doc).contains(evil));
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
}

#[test]
fn svg_draws_exactly_one_marker_per_assessment() {
    for theme in THEMES {
        let palette = Palette::of(theme);
        for n in [1, 2, 12, 120] {
            let data = history(n);
            let (first, last) = data.date_range().unwrap();

            let doc_text = svg(
                ChartKind::Map,
                &data,
                &options(ChartKind::Map, 1200, 1000, theme),
            );
            let doc = Document::parse(&doc_text).unwrap();
            assert_eq!(
                discs(&doc, &palette.point.hex()).len(),
                n - 1,
                "{n} on the map"
            );
            assert_eq!(
                discs(&doc, &palette.latest.hex()).len(),
                1,
                "{n} on the map"
            );

            let plot = TimelineLayout::new(1600, 900, first, last).plot();
            let doc_text = svg(
                ChartKind::Timeline,
                &data,
                &options(ChartKind::Timeline, 1600, 900, theme),
            );
            let doc = Document::parse(&doc_text).unwrap();
            let focus = discs(&doc, &palette.focus.hex());
            let in_plot = focus.iter().filter(|c| inside(&plot, **c)).count();
            assert_eq!(in_plot, n, "{n} focus markers");
            let diamonds = polygons(&doc, &palette.autonomy.hex());
            let in_plot = diamonds
                .iter()
                .filter(|(p, _)| inside(&plot, centre(p)))
                .count();
            assert_eq!(in_plot, n, "{n} autonomy markers");

            let card = CardLayout::new(1920, 1080);
            let doc_text = svg(
                ChartKind::Card,
                &data,
                &options(ChartKind::Card, 1920, 1080, theme),
            );
            let doc = Document::parse(&doc_text).unwrap();
            let field = card.map().field();
            let on_map = [palette.point, palette.latest]
                .iter()
                .flat_map(|c| discs(&doc, &c.hex()))
                .filter(|c| inside(&field, *c))
                .count();
            assert_eq!(on_map, n, "{n} on the card's map");
            let plot = card.timeline(first, last).plot();
            let focus = discs(&doc, &palette.focus.hex());
            assert_eq!(focus.iter().filter(|c| inside(&plot, **c)).count(), n);
        }
    }
}

#[test]
fn map_draws_an_arrowhead_on_each_real_move() {
    let palette = Palette::of(Theme::Light);
    let corners = [
        (15.0, 15.0),
        (85.0, 20.0),
        (80.0, 85.0),
        (20.0, 80.0),
        (50.0, 60.0),
    ];
    for n in 2..=corners.len() {
        let points = corners[..n]
            .iter()
            .enumerate()
            .map(|(i, &(f, a))| point(month(i), f, a))
            .collect();
        let text = svg(
            ChartKind::Map,
            &data(points),
            &options(ChartKind::Map, 1200, 1000, Theme::Light),
        );
        let doc = Document::parse(&text).unwrap();
        let heads = polygons(&doc, &palette.trail.hex());
        assert_eq!(heads.len(), n - 1, "{n} points");
        // Each arrowhead lies on its move and points from the older point to the newer one.
        let layout = MapLayout::new(1200, 1000);
        for (i, (head, _)) in heads.iter().enumerate() {
            let from = layout.point(corners[i].0, corners[i].1);
            let to = layout.point(corners[i + 1].0, corners[i + 1].1);
            let tip = head[0];
            let base = ((head[1].0 + head[2].0) / 2.0, (head[1].1 + head[2].1) / 2.0);
            let along = (to.0 - from.0, to.1 - from.1);
            let pointing = (tip.0 - base.0, tip.1 - base.1);
            assert!(
                along.0 * pointing.0 + along.1 * pointing.1 > 0.0,
                "arrow {i}"
            );
        }
    }
}

#[test]
fn moves_within_noise_are_dashed_and_faded() {
    let palette = Palette::of(Theme::Light);
    let mut points = vec![
        point(month(0), 20.0, 20.0),
        point(month(1), 75.0, 30.0),
        point(month(2), 40.0, 80.0),
    ];
    points[2].verdict = Some(ChangeVerdict::WithinNoise);
    let text = svg(
        ChartKind::Map,
        &data(points),
        &options(ChartKind::Map, 1200, 1000, Theme::Light),
    );
    let doc = Document::parse(&text).unwrap();
    let lines = polylines(&doc, &palette.trail.hex());
    let real: Vec<_> = lines.iter().filter(|(_, o)| *o == MOVE_OPACITY).collect();
    let noise: Vec<_> = lines.iter().filter(|(_, o)| *o == NOISE_OPACITY).collect();
    assert_eq!(real.len(), 1, "one solid line for the real move: {lines:?}");
    assert!(
        noise.len() >= 5,
        "dashes for the move within noise: {lines:?}"
    );
    assert_eq!(real.len() + noise.len(), lines.len());
    const { assert!(NOISE_OPACITY < MOVE_OPACITY) };
    // The dashes lie on the second move, with gaps between them.
    let layout = MapLayout::new(1200, 1000);
    let (from, to) = (layout.point(75.0, 30.0), layout.point(40.0, 80.0));
    let dashed: f64 = noise
        .iter()
        .map(|(p, _)| (p[1].0 - p[0].0).hypot(p[1].1 - p[0].1))
        .sum();
    let length = (to.0 - from.0).hypot(to.1 - from.1);
    assert!(dashed < length * 0.8, "{dashed} of {length}");
    for (p, _) in &noise {
        for q in p {
            let cross = (to.0 - from.0) * (q.1 - from.1) - (to.1 - from.1) * (q.0 - from.0);
            assert!(cross.abs() / length < 2.0, "{q:?} is off the move");
        }
    }
    // Arrowheads follow their move's style.
    let heads: Vec<f64> = polygons(&doc, &palette.trail.hex())
        .into_iter()
        .map(|(_, o)| o)
        .collect();
    assert_eq!(heads, vec![MOVE_OPACITY, NOISE_OPACITY]);
}

#[test]
fn latest_point_is_drawn_in_the_accent_colour_where_the_layout_puts_it() {
    let cases = [
        (800, 600, 1, Theme::Light, (80.0, 30.0)),
        (800, 600, 1, Theme::Dark, (80.0, 30.0)),
        (1200, 1000, 1, Theme::Light, (20.0, 90.0)),
        (640, 480, 1, Theme::Light, (50.0, 50.0)),
        (640, 480, 2, Theme::Dark, (65.0, 15.0)),
    ];
    for (width, height, scale, theme, (focus, autonomy)) in cases {
        let case = format!("{width}×{height}×{scale} {theme:?} at ({focus}, {autonomy})");
        let palette = Palette::of(theme);
        let accent = palette.latest.array();
        let earlier = point(month(0), 30.0, 70.0);
        let options = ChartOptions {
            scale,
            ..options(ChartKind::Map, width, height, theme)
        };
        let pixels = png(
            ChartKind::Map,
            &data(vec![earlier.clone(), point(month(1), focus, autonomy)]),
            &options,
        );
        let layout = MapLayout::new(width, height).with_scale(f64::from(scale));
        let (x, y) = layout.pixel(focus, autonomy);
        let (x, y) = (x as u32, y as u32);
        let radius = layout.latest_radius();
        assert_eq!(
            pixels.at(x, y),
            accent,
            "{case}: centre of the latest point"
        );

        // The accent marks the latest point only: every pixel of that colour is on its dot.
        let mut accent_pixels = 0;
        for py in 0..pixels.height {
            for px in 0..pixels.width {
                if pixels.at(px, py) == accent {
                    accent_pixels += 1;
                    let distance = f64::from(px.abs_diff(x)).hypot(f64::from(py.abs_diff(y)));
                    assert!(
                        distance <= radius + 1.0,
                        "{case}: accent pixel at ({px}, {py}), {distance:.1} px from the dot"
                    );
                }
            }
        }
        assert!(
            accent_pixels as f64 > radius * radius * 2.0,
            "{case}: the dot has only {accent_pixels} pixels"
        );
        let (ex, ey) = layout.pixel(earlier.focus, earlier.autonomy);
        assert_eq!(
            pixels.at(ex as u32, ey as u32),
            palette.point.array(),
            "{case}: earlier point"
        );
    }
}

#[test]
fn empty_map_has_no_accent_colour() {
    let pixels = png(
        ChartKind::Map,
        &data(vec![]),
        &options(ChartKind::Map, 800, 600, Theme::Light),
    );
    assert_eq!(pixels.count(Palette::of(Theme::Light).latest.array()), 0);
}

/// Assessments far enough apart on both charts that their markers do not touch.
fn spaced() -> ChartData {
    let positions = [(20.0, 75.0), (45.0, 20.0), (80.0, 55.0), (60.0, 90.0)];
    let points = positions
        .iter()
        .enumerate()
        .map(|(i, &(f, a))| point(month(i * 2), f, a))
        .collect();
    data(points)
}

#[test]
fn timeline_points_sit_where_the_layout_puts_them_at_every_scale() {
    let data = spaced();
    let (first, last) = data.date_range().unwrap();
    for theme in THEMES {
        let palette = Palette::of(theme);
        for scale in [1, 2] {
            let options = ChartOptions {
                scale,
                ..options(ChartKind::Timeline, 1000, 600, theme)
            };
            let pixels = png(ChartKind::Timeline, &data, &options);
            let layout = TimelineLayout::new(1000, 600, first, last).with_scale(f64::from(scale));
            for p in &data.points {
                let (x, y) = layout.pixel(p.date, p.focus);
                assert_eq!(
                    pixels.at(x as u32, y as u32),
                    palette.focus.array(),
                    "{p:?}"
                );
                let (x, y) = layout.pixel(p.date, p.autonomy);
                assert_eq!(
                    pixels.at(x as u32, y as u32),
                    palette.autonomy.array(),
                    "{p:?}"
                );
            }
        }
    }
}

#[test]
fn card_points_sit_where_its_layout_puts_them() {
    let data = spaced();
    let (first, last) = data.date_range().unwrap();
    for scale in [1, 2] {
        let palette = Palette::of(Theme::Light);
        let options = ChartOptions {
            scale,
            ..options(ChartKind::Card, 1280, 720, Theme::Light)
        };
        let pixels = png(ChartKind::Card, &data, &options);
        assert_eq!((pixels.width, pixels.height), (1280 * scale, 720 * scale));
        let card = CardLayout::new(1280, 720).with_scale(f64::from(scale));
        let (map, timeline) = (card.map(), card.timeline(first, last));
        let n = data.points.len();
        for (i, p) in data.points.iter().enumerate() {
            let colour = if i + 1 == n {
                palette.latest
            } else {
                palette.point
            };
            let (x, y) = map.pixel(p.focus, p.autonomy);
            assert_eq!(pixels.at(x as u32, y as u32), colour.array(), "map {p:?}");
            let (x, y) = timeline.pixel(p.date, p.focus);
            assert_eq!(
                pixels.at(x as u32, y as u32),
                palette.focus.array(),
                "{p:?}"
            );
        }
    }
}

#[test]
fn one_assessment_sits_mid_timeline_with_a_month_either_side() {
    let day = month(0);
    let layout = TimelineLayout::new(1000, 600, day, day);
    let (start, end) = layout.axis_dates();
    assert_eq!((day - start).num_days(), 31);
    assert_eq!((end - day).num_days(), 31);
    let data = data(vec![point(day, 70.0, 30.0)]);
    let pixels = png(
        ChartKind::Timeline,
        &data,
        &options(ChartKind::Timeline, 1000, 600, Theme::Light),
    );
    let (x, y) = layout.pixel(day, 70.0);
    let plot = layout.plot();
    assert!((f64::from(x) - (plot.x0 + plot.x1) / 2.0).abs() < plot.width() * 0.02);
    assert_eq!(
        pixels.at(x as u32, y as u32),
        Palette::of(Theme::Light).focus.array()
    );
}

#[test]
fn scale_multiplies_the_output_size() {
    for kind in ChartKind::ALL {
        for scale in 1..=4 {
            let options = ChartOptions {
                scale,
                ..options(kind, 300, 200, Theme::Light)
            };
            let pixels = png(kind, &history(3), &options);
            assert_eq!(
                (pixels.width, pixels.height),
                (300 * scale, 200 * scale),
                "{kind:?} ×{scale}"
            );
            let text = svg(kind, &history(3), &options);
            let doc = Document::parse(&text).unwrap();
            let root = doc.root_element();
            assert_eq!(
                root.attribute("width"),
                Some((300 * scale).to_string().as_str())
            );
        }
    }
}

#[test]
fn transparent_output_leaves_the_background_out() {
    for kind in ChartKind::ALL {
        for theme in THEMES {
            let palette = Palette::of(theme);
            let case = format!("{kind:?} {theme:?}");
            let opaque = options(kind, 900, 600, theme);
            let clear = ChartOptions {
                transparent: true,
                ..opaque
            };

            let pixels = png(kind, &history(4), &opaque);
            assert_eq!(pixels.channels, 3, "{case}: opaque PNG is RGB");
            assert_eq!(pixels.at(1, 1), palette.background.array(), "{case}");

            let pixels = png(kind, &history(4), &clear);
            assert_eq!(pixels.channels, 4, "{case}: transparent PNG is RGBA");
            for (x, y) in [(1, 1), (898, 1), (1, 598), (898, 598)] {
                assert_eq!(pixels.alpha(x, y), 0, "{case}: corner ({x}, {y})");
            }
            let total = (pixels.width * pixels.height) as usize;
            let opaque_pixels = (0..pixels.height)
                .flat_map(|y| (0..pixels.width).map(move |x| (x, y)))
                .filter(|&(x, y)| pixels.alpha(x, y) == 255)
                .count();
            assert!(opaque_pixels > 0 && opaque_pixels < total, "{case}");

            let full_rect = |text: &str| {
                let doc = Document::parse(text).unwrap();
                doc.descendants().any(|n| {
                    n.has_tag_name("rect")
                        && n.attribute("width") == Some("900")
                        && n.attribute("height") == Some("600")
                })
            };
            assert!(full_rect(&svg(kind, &history(4), &opaque)), "{case}");
            assert!(!full_rect(&svg(kind, &history(4), &clear)), "{case}");
        }
    }
}

#[test]
fn transparent_png_keeps_marker_colours_exact() {
    let data = spaced();
    let options = ChartOptions {
        transparent: true,
        ..options(ChartKind::Map, 800, 600, Theme::Dark)
    };
    let pixels = png(ChartKind::Map, &data, &options);
    let layout = MapLayout::new(800, 600);
    let last = data.points.last().unwrap();
    let (x, y) = layout.pixel(last.focus, last.autonomy);
    assert_eq!(pixels.alpha(x as u32, y as u32), 255);
    assert_eq!(
        pixels.at(x as u32, y as u32),
        Palette::of(Theme::Dark).latest.array()
    );
}

#[test]
fn timeline_marks_commitments_made_and_reviewed_differently() {
    let palette = Palette::of(Theme::Light);
    let mut data = spaced();
    let dates: Vec<NaiveDate> = data.points.iter().map(|p| p.date).collect();
    let long = "Sit in on the weekly business review and write down what the CEO asks about";
    data.marks = vec![
        ChartMark {
            date: dates[0],
            kind: MarkKind::Committed,
            label: "Log one proactive decision a week".into(),
        },
        ChartMark {
            date: dates[1],
            kind: MarkKind::Reviewed,
            label: "Log one proactive decision a week".into(),
        },
        ChartMark {
            date: dates[1],
            kind: MarkKind::Committed,
            label: long.into(),
        },
        ChartMark {
            date: dates[1],
            kind: MarkKind::Committed,
            label: "Offer a phased delivery".into(),
        },
    ];
    let (first, last) = data.date_range().unwrap();
    let layout = TimelineLayout::new(1000, 600, first, last);
    let plot = layout.plot();
    let text = svg(
        ChartKind::Timeline,
        &data,
        &options(ChartKind::Timeline, 1000, 600, Theme::Light),
    );
    let doc = Document::parse(&text).unwrap();
    let colour = palette.mark.hex();

    // Made: a filled triangle per date; reviewed: an outlined one; both at the foot of the plot.
    let made: Vec<(f64, f64)> = polygons(&doc, &colour)
        .iter()
        .map(|(p, _)| centre(p))
        .filter(|c| inside(&plot, *c))
        .collect();
    assert_eq!(made.len(), 2, "{made:?}");
    let outlines: Vec<Vec<(f64, f64)>> = polylines(&doc, &colour)
        .into_iter()
        .filter(|(p, o)| *o == 1.0 && p.len() == 4)
        .map(|(p, _)| p)
        .filter(|p| inside(&plot, centre(&p[..3])))
        .collect();
    assert_eq!(outlines.len(), 1, "{outlines:?}");
    for (x, y) in made.iter().chain([centre(&outlines[0][..3])].iter()) {
        assert!(*y > plot.y1 - layout.unit, "at the foot: {y}");
        let near = dates
            .iter()
            .any(|d| (layout.point(*d, 0.0).0 - x).abs() < layout.unit);
        assert!(near, "on a mark's date: {x}");
    }
    // A quiet guide on each date with marks.
    let guides = polylines(&doc, &colour)
        .into_iter()
        .filter(|(p, o)| *o < 0.5 && p.len() == 2)
        .count();
    assert_eq!(guides, 2);
    // The latest commitments are named, long titles shortened.
    let drawn = svg_text(&doc);
    assert!(drawn.contains("Offer a phased delivery"), "{drawn}");
    assert!(drawn.contains("Sit in on the weekly"), "{drawn}");
    assert!(!drawn.contains(long) && drawn.contains('…'), "{drawn}");
    assert!(!drawn.contains("Log one proactive"), "{drawn}");
}

#[test]
fn card_header_names_person_quadrant_period_count_and_version() {
    let mut data = history(12);
    let last = data.points.last_mut().unwrap();
    (last.focus, last.autonomy) = (80.0, 75.0);
    let text = svg(
        ChartKind::Card,
        &data,
        &options(ChartKind::Card, 1920, 1080, Theme::Light),
    );
    let doc = Document::parse(&text).unwrap();
    let drawn = svg_text(&doc);
    for needle in [
        "Alex Morgan",
        "Impact Galore",
        "Mar 2026 – Feb 2027 · 12 assessments · questionnaire v1",
    ] {
        assert!(drawn.contains(needle), "`{needle}` not in {drawn:?}");
    }
}

/// The box a text element covers, estimated from its attributes (DejaVu Sans is about 0.64 em
/// per character in these labels).
fn text_box(node: &Node<'_, '_>) -> Rect {
    let em = attr(node, "font-size");
    let width = node.text().unwrap_or_default().trim().chars().count() as f64 * 0.64 * em;
    let x = attr(node, "x");
    let x0 = match node.attribute("text-anchor") {
        Some("end") => x - width,
        Some("middle") => x - width / 2.0,
        _ => x,
    };
    // Top-anchored: the baseline is 0.76 em below `y`; capitals reach 0.73 em above it.
    let base = attr(node, "y") + 0.76 * em;
    Rect {
        x0,
        y0: base - 0.73 * em,
        x1: x0 + width,
        y1: base + 0.2 * em,
    }
}

#[test]
fn date_labels_stay_clear_of_quadrant_names_and_each_other() {
    let cases: [&[(f64, f64)]; 5] = [
        // The latest right on "Impact Galore", start and end close together.
        &[(84.0, 93.0), (88.0, 95.0)],
        &[(40.0, 60.0), (70.0, 70.0), (41.0, 61.5)],
        &[(30.0, 20.0), (12.0, 6.0), (10.0, 5.0)],
        &[(70.0, 30.0), (93.0, 8.0)],
        &[(8.0, 92.0), (50.0, 50.0), (92.0, 92.0)],
    ];
    for case in cases {
        let points = case
            .iter()
            .enumerate()
            .map(|(i, &(f, a))| point(month(i * 4), f, a))
            .collect();
        let text = svg(
            ChartKind::Map,
            &data(points),
            &options(ChartKind::Map, 700, 600, Theme::Light),
        );
        let doc = Document::parse(&text).unwrap();
        let texts: Vec<Node<'_, '_>> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        let is_name = |t: &Node<'_, '_>| {
            let s = t.text().unwrap_or_default().trim();
            QUADRANT_NAMES.iter().any(|n| n.contains(s)) && !s.is_empty()
        };
        let is_label = |t: &Node<'_, '_>| t.text().unwrap_or_default().contains("202");
        let names: Vec<Rect> = texts.iter().filter(|t| is_name(t)).map(text_box).collect();
        let labels: Vec<Rect> = texts.iter().filter(|t| is_label(t)).map(text_box).collect();
        assert_eq!(labels.len(), 2, "{case:?}");
        let overlap = |a: &Rect, b: &Rect| {
            a.x0 < b.x1 - 1.0 && b.x0 < a.x1 - 1.0 && a.y0 < b.y1 - 1.0 && b.y0 < a.y1 - 1.0
        };
        for label in &labels {
            for name in &names {
                assert!(!overlap(label, name), "{case:?}: {label:?} on {name:?}");
            }
        }
        assert!(!overlap(&labels[0], &labels[1]), "{case:?}: {labels:?}");
    }
}

#[test]
fn options_out_of_range_are_refused_naming_the_option() {
    let cases = [
        (10, 600, 1, "width of 10", "200 to 8000"),
        (800, 199, 1, "height of 199", "200 to 8000"),
        (8001, 600, 1, "width of 8001", "200 to 8000"),
        (800, 600, 0, "scale of 0", "1 to 4"),
        (800, 600, 5, "scale of 5", "1 to 4"),
        (6000, 600, 3, "width of 6000 at scale 3", "16000"),
    ];
    for (width, height, scale, option, range) in cases {
        for format in [Format::Svg, Format::Png] {
            let options = ChartOptions {
                scale,
                ..options(ChartKind::Card, width, height, Theme::Light)
            };
            let err = chart::render(ChartKind::Card, &history(1), &options, format).unwrap_err();
            assert!(
                matches!(
                    err,
                    ChartError::OutOfRange { .. } | ChartError::TooLarge { .. }
                ),
                "{err:?}"
            );
            let message = err.to_string();
            assert!(
                message.contains(option) && message.contains(range),
                "{message}"
            );
        }
    }
}

fn summary(day: u32, focus: f64, autonomy: f64) -> AssessmentSummary {
    let (quadrant, borderline, neighbours) =
        bearing_lib::domain::scoring::classify(focus, autonomy);
    AssessmentSummary {
        id: i64::from(day),
        date: NaiveDate::from_ymd_opt(2026, 3, day).unwrap(),
        recorded_at: "2026-03-01T10:00:00Z".into(),
        profile_id: 1,
        profile: "Me".into(),
        rater: Rater::SelfRating,
        rater_id: None,
        rater_name: None,
        questionnaire: bearing_lib::domain::questionnaire::current()
            .version
            .as_str()
            .into(),
        focus,
        autonomy,
        quadrant,
        borderline,
        neighbours,
        flags: Vec::new(),
        provisional: false,
    }
}

#[test]
fn chart_data_grades_each_move_against_its_noise_and_skips_provisional_points() {
    let q = bearing_lib::domain::questionnaire::current();
    let prior = bearing_lib::domain::measurement::prior_sems(q).unwrap();
    let sems: std::collections::HashMap<String, _> = [(q.version.clone(), prior)].into();
    // With the prior SEMs, √2·SEM is the standard error of a move on each axis.
    let se = |s: bearing_lib::domain::measurement::Sem| s.value() * 2f64.sqrt();
    let (f, a) = (se(prior.focus), se(prior.autonomy));
    let mut flagged = summary(5, 90.0, 90.0);
    flagged.provisional = true;
    let summaries = [
        summary(1, 40.0, 40.0),
        // Within one standard error on both axes: noise.
        summary(2, 40.0 + f * 0.5, 40.0 - a * 0.5),
        // Between one and 1.96 on focus: possible.
        summary(3, 40.0 + f * 1.5, 40.0 - a * 0.5),
        // Beyond 1.96 on autonomy (against point 3): reliable.
        summary(4, 40.0 + f * 1.5, 40.0 - a * 0.5 + a * 2.5),
        // A provisional point is never more than noise, and the next move skips it.
        flagged,
        summary(6, 40.0 + f * 1.5, 40.0 - a * 0.5 + a * 2.5),
    ];
    let data = ops::chart_data(&summaries, &sems);
    let verdicts: Vec<Option<ChangeVerdict>> = data.points.iter().map(|p| p.verdict).collect();
    assert_eq!(
        verdicts,
        vec![
            None,
            Some(ChangeVerdict::WithinNoise),
            Some(ChangeVerdict::Possible),
            Some(ChangeVerdict::Reliable),
            Some(ChangeVerdict::WithinNoise),
            Some(ChangeVerdict::WithinNoise),
        ]
    );
    assert!(data.points[4].provisional && !data.points[5].provisional);
    let expected = Some((prior.focus.value(), prior.autonomy.value()));
    assert!(data.points.iter().all(|p| p.sem == expected));
    assert_eq!(data.uncertainty, expected, "the cross on the latest point");
    assert_eq!(
        data.person, "",
        "the unnamed first person: the card says \"Progress\""
    );
    assert_eq!(data.questionnaire, q.version);
    assert!(data.marks.is_empty());
    assert_eq!(
        Quadrant::ALL.len(),
        QUADRANT_NAMES.len(),
        "the names above cover every quadrant"
    );
}

// ---- perceptions: other raters' views of the leader ----

/// A perception of the leader's point `self_point`, seen by `rater` `(df, da)` away.
fn perception(rater: &str, self_point: &ChartPoint, (df, da): (f64, f64)) -> Perception {
    Perception {
        date: self_point.date,
        rater: rater.into(),
        self_focus: self_point.focus,
        self_autonomy: self_point.autonomy,
        other_focus: (self_point.focus + df).clamp(0.0, 100.0),
        other_autonomy: (self_point.autonomy + da).clamp(0.0, 100.0),
        spread: None,
    }
}

/// `history(n)` with a coach's view of every assessment, alternately more and less generous.
fn perceived(n: usize) -> ChartData {
    let mut data = history(n);
    data.perceptions = data
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let shift = if i % 2 == 0 { (8.2, -5.0) } else { (-6.0, 9.0) };
            perception("Coach", p, shift)
        })
        .collect();
    data
}

/// `spaced()` with views far from every point, so their squares touch nothing.
fn spaced_perceived() -> ChartData {
    let mut data = spaced();
    let raters = ["Coach", "Manager", "Peer", "Coach"];
    let shifts = [(14.0, -12.0), (22.0, 18.0), (-18.0, -16.0), (14.0, -14.0)];
    data.perceptions = data
        .points
        .iter()
        .zip(raters.iter().zip(shifts))
        .map(|(p, (rater, shift))| perception(rater, p, shift))
        .collect();
    data
}

/// Each text element's text, trimmed.
fn texts(doc: &Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().trim().to_string())
        .collect()
}

/// Filled squares of a colour inside `field`, as centres.
fn squares(doc: &Document<'_>, colour: &str, field: &Rect) -> Vec<(f64, f64)> {
    polygons(doc, colour)
        .into_iter()
        .filter(|(p, _)| p.len() == 4)
        .map(|(p, _)| centre(&p))
        .filter(|c| inside(field, *c))
        .collect()
}

#[test]
fn other_raters_points_sit_where_the_layout_puts_them_in_their_colour() {
    let data = spaced_perceived();
    for theme in THEMES {
        let palette = Palette::of(theme);
        for scale in [1, 2] {
            let case = format!("{theme:?} ×{scale}");
            let options = ChartOptions {
                scale,
                ..options(ChartKind::Map, 900, 700, theme)
            };
            let pixels = png(ChartKind::Map, &data, &options);
            let layout = MapLayout::new(900, 700).with_scale(f64::from(scale));
            let half = layout.other_half_side(data.perceptions.len());
            for p in &data.perceptions {
                let (x, y) = layout.point(p.other_focus, p.other_autonomy);
                // The centre and a point near each corner of the square.
                let inset = half * 0.7;
                for (dx, dy) in [
                    (0.0, 0.0),
                    (-inset, -inset),
                    (inset, inset),
                    (inset, -inset),
                ] {
                    let (px, py) = ((x + dx).floor() as u32, (y + dy).floor() as u32);
                    assert_eq!(
                        pixels.at(px, py),
                        palette.other.array(),
                        "{case}: {p:?} at ({px}, {py})"
                    );
                }
                // The leader's own point keeps its colour.
                let (sx, sy) = layout.pixel(p.self_focus, p.self_autonomy);
                assert_ne!(
                    pixels.at(sx as u32, sy as u32),
                    palette.other.array(),
                    "{case}"
                );
            }
            let latest = data.points.last().unwrap();
            let (x, y) = layout.pixel(latest.focus, latest.autonomy);
            assert_eq!(
                pixels.at(x as u32, y as u32),
                palette.latest.array(),
                "{case}"
            );
        }
    }
    // And on the card's map.
    let palette = Palette::of(Theme::Light);
    let pixels = png(
        ChartKind::Card,
        &data,
        &options(ChartKind::Card, 1280, 720, Theme::Light),
    );
    let map = CardLayout::new(1280, 720).map();
    for p in &data.perceptions {
        let (x, y) = map.pixel(p.other_focus, p.other_autonomy);
        assert_eq!(
            pixels.at(x as u32, y as u32),
            palette.other.array(),
            "{p:?}"
        );
    }
}

#[test]
fn svg_draws_one_other_marker_per_perception_and_captions_only_the_latest() {
    for theme in THEMES {
        let palette = Palette::of(theme);
        for n in [1, 3, 12] {
            let data = perceived(n);
            let latest = data.perceptions.last().unwrap().caption();
            for kind in [ChartKind::Map, ChartKind::Card] {
                let case = format!("{kind:?}, {n} perceptions, {theme:?}");
                let (width, height) = kind.default_size();
                let field = match kind {
                    ChartKind::Card => CardLayout::new(width, height).map().field(),
                    _ => MapLayout::new(width, height).field(),
                };
                let text = svg(kind, &data, &options(kind, width, height, theme));
                let doc = Document::parse(&text).unwrap();
                assert_eq!(
                    squares(&doc, &palette.other.hex(), &field).len(),
                    n,
                    "{case}"
                );
                // Self markers are unchanged: one disc per assessment.
                let own = [palette.point, palette.latest]
                    .iter()
                    .flat_map(|c| discs(&doc, &c.hex()))
                    .filter(|c| inside(&field, *c))
                    .count();
                assert_eq!(own, n, "{case}");
                let drawn = texts(&doc);
                assert_eq!(
                    drawn.iter().filter(|t| **t == latest).count(),
                    1,
                    "{case}: {drawn:?}"
                );
                assert_eq!(
                    drawn.iter().filter(|t| t.contains("Coach")).count(),
                    1,
                    "{case}: {drawn:?}"
                );
            }
        }
    }
    let caption = perceived(1).perceptions[0].caption();
    assert_eq!(caption, "Coach: focus +8.2 · autonomy \u{2212}5.0");
}

#[test]
fn each_other_point_is_joined_to_its_own_by_a_dotted_line() {
    let palette = Palette::of(Theme::Light);
    let data = spaced_perceived();
    let text = svg(
        ChartKind::Map,
        &data,
        &options(ChartKind::Map, 900, 700, Theme::Light),
    );
    let doc = Document::parse(&text).unwrap();
    let dots: Vec<Vec<(f64, f64)>> = polylines(&doc, &palette.other.hex())
        .into_iter()
        .map(|(p, o)| {
            assert_eq!(o, LINK_OPACITY);
            p
        })
        .collect();
    let layout = MapLayout::new(900, 700);
    for p in &data.perceptions {
        let from = layout.point(p.self_focus, p.self_autonomy);
        let to = layout.point(p.other_focus, p.other_autonomy);
        let length = (to.0 - from.0).hypot(to.1 - from.1);
        let on_this = |q: &(f64, f64)| {
            let cross = (to.0 - from.0) * (q.1 - from.1) - (to.1 - from.1) * (q.0 - from.0);
            let along = (q.0 - from.0) * (to.0 - from.0) + (q.1 - from.1) * (to.1 - from.1);
            cross.abs() / length < 1.5 && (-1.0..=length * length + 1.0).contains(&along)
        };
        let mine: Vec<_> = dots.iter().filter(|d| d.iter().all(on_this)).collect();
        // Dotted: many short dashes, covering well under the whole length.
        let unit = layout.unit;
        assert!(
            mine.len() as f64 > length / unit,
            "{p:?}: {} dots",
            mine.len()
        );
        let inked: f64 = mine
            .iter()
            .map(|d| (d[1].0 - d[0].0).hypot(d[1].1 - d[0].1))
            .sum();
        assert!(inked < length * 0.6, "{p:?}: {inked} of {length}");
    }
}

#[test]
fn maps_render_0_and_120_perceptions_in_both_themes_and_formats() {
    for kind in [ChartKind::Map, ChartKind::Card] {
        for theme in THEMES {
            let palette = Palette::of(theme);
            let options = options(kind, 900, 600, theme);
            let field = match kind {
                ChartKind::Card => CardLayout::new(900, 600).map().field(),
                _ => MapLayout::new(900, 600).field(),
            };
            for n in [0, 120] {
                let case = format!("{kind:?}, {n} perceptions, {theme:?}");
                let data = ChartData {
                    perceptions: perceived(120).perceptions[..n].to_vec(),
                    ..history(120)
                };
                let pixels = png(kind, &data, &options);
                assert_eq!((pixels.width, pixels.height), (900, 600), "{case}");
                // (The card's timeline marks commitments in the same colour, so only the map counts.)
                let on_map = (field.y0 as u32..field.y1 as u32)
                    .flat_map(|y| (field.x0 as u32..field.x1 as u32).map(move |x| (x, y)))
                    .filter(|&(x, y)| pixels.at(x, y) == palette.other.array())
                    .count();
                assert_eq!(on_map > 0, n > 0, "{case}");
                let text = svg(kind, &data, &options);
                let doc = Document::parse(&text).unwrap();
                assert_eq!(
                    squares(&doc, &palette.other.hex(), &field).len(),
                    n,
                    "{case}"
                );
                let captions = texts(&doc).iter().filter(|t| t.contains("Coach:")).count();
                assert_eq!(captions, usize::from(n > 0), "{case}");
            }
        }
    }
}

#[test]
fn no_perceptions_leave_the_map_as_it_was() {
    // ChartData::default() has none; the map draws nothing in the `other` colour.
    for theme in THEMES {
        let palette = Palette::of(theme);
        let data = history(12);
        assert!(data.perceptions.is_empty());
        let pixels = png(
            ChartKind::Map,
            &data,
            &options(ChartKind::Map, 800, 600, theme),
        );
        assert_eq!(pixels.count(palette.other.array()), 0);
        let text = svg(
            ChartKind::Map,
            &data,
            &options(ChartKind::Map, 800, 600, theme),
        );
        assert!(!text.contains(&palette.other.hex()));
    }
}

#[test]
fn the_caption_stays_clear_of_names_and_date_labels() {
    // (self focus, self autonomy) per assessment; the coach sees the latest (df, da) away.
    type Position = (f64, f64);
    let cases: [(&[Position], Position); 5] = [
        // The coach's point right on "Impact Galore".
        (&[(60.0, 60.0), (80.0, 80.0)], (6.0, 12.0)),
        // Right beside the latest point and its label.
        (&[(40.0, 60.0), (70.0, 70.0)], (3.0, -2.0)),
        (&[(30.0, 20.0), (12.0, 6.0)], (-8.0, 4.0)),
        (&[(70.0, 30.0), (93.0, 8.0)], (4.0, 2.0)),
        (&[(8.0, 92.0), (50.0, 50.0)], (-40.0, 40.0)),
    ];
    for (positions, shift) in cases {
        let points: Vec<ChartPoint> = positions
            .iter()
            .enumerate()
            .map(|(i, &(f, a))| point(month(i * 4), f, a))
            .collect();
        let latest = perception("Coach", points.last().unwrap(), shift);
        let caption = latest.caption();
        let data = ChartData {
            perceptions: vec![latest],
            ..data(points)
        };
        let text = svg(
            ChartKind::Map,
            &data,
            &options(ChartKind::Map, 900, 700, Theme::Light),
        );
        let doc = Document::parse(&text).unwrap();
        let texts: Vec<Node<'_, '_>> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .collect();
        let content = |t: &Node<'_, '_>| t.text().unwrap_or_default().trim().to_string();
        let is_name = |t: &Node<'_, '_>| {
            let s = content(t);
            !s.is_empty() && QUADRANT_NAMES.iter().any(|n| n.contains(&s))
        };
        let others: Vec<Rect> = texts
            .iter()
            .filter(|t| is_name(t) || content(t).contains("202"))
            .map(text_box)
            .collect();
        let captions: Vec<Rect> = texts
            .iter()
            .filter(|t| content(t) == caption)
            .map(text_box)
            .collect();
        assert_eq!(captions.len(), 1, "{positions:?}");
        assert!(others.len() >= 6, "four names, two dates: {positions:?}");
        let overlap = |a: &Rect, b: &Rect| {
            a.x0 < b.x1 - 1.0 && b.x0 < a.x1 - 1.0 && a.y0 < b.y1 - 1.0 && b.y0 < a.y1 - 1.0
        };
        for other in &others {
            assert!(
                !overlap(&captions[0], other),
                "{positions:?}: caption {:?} on {other:?}",
                captions[0]
            );
        }
    }
}

// ---- uncertainty: the SEM cross, graded moves, provisional points and interval bands ----

/// `spaced()` with a SEM on every assessment and on the latest point.
fn measured(sem: (f64, f64)) -> ChartData {
    let mut data = spaced();
    for p in &mut data.points {
        p.sem = Some(sem);
    }
    data.uncertainty = Some(sem);
    data
}

/// Polylines stroked in a colour at an opacity, as points.
fn strokes_at(doc: &Document<'_>, colour: &str, opacity: f64) -> Vec<Vec<(f64, f64)>> {
    polylines(doc, colour)
        .into_iter()
        .filter(|(_, o)| *o == opacity)
        .map(|(p, _)| p)
        .collect()
}

/// Unfilled circles stroked in a colour, as centres.
fn rings(doc: &Document<'_>, colour: &str) -> Vec<(f64, f64)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("circle"))
        .filter(|n| n.attribute("fill") == Some("none") && n.attribute("stroke") == Some(colour))
        .map(|n| (attr(&n, "cx"), attr(&n, "cy")))
        .collect()
}

fn near(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() <= 1.0 && (a.1 - b.1).abs() <= 1.0
}

/// How far a pixel's colour is from `colour` (sum of channel differences).
fn distance(pixel: [u8; 3], colour: [u8; 3]) -> u32 {
    (0..3)
        .map(|i| u32::from(pixel[i].abs_diff(colour[i])))
        .sum()
}

#[test]
fn map_draws_a_one_sem_cross_on_the_latest_point_clipped_to_the_field() {
    // (latest focus, autonomy, SEM focus, SEM autonomy): inside the field, and beyond its right
    // and top edges.
    let cases = [(60.0, 40.0, 5.0, 4.0), (97.0, 98.0, 6.0, 5.0)];
    for theme in THEMES {
        let palette = Palette::of(theme);
        let trail = palette.trail.hex();
        for (focus, autonomy, sf, sa) in cases {
            for kind in [ChartKind::Map, ChartKind::Card] {
                let case = format!("{kind:?} {theme:?} at ({focus}, {autonomy})");
                let (width, height) = kind.default_size();
                let layout = match kind {
                    ChartKind::Card => CardLayout::new(width, height).map(),
                    _ => MapLayout::new(width, height),
                };
                let field = layout.field();
                let mut data = data(vec![
                    point(month(0), 20.0, 20.0),
                    point(month(1), focus, autonomy),
                ]);
                let options = options(kind, width, height, theme);
                let doc_text = svg(kind, &data, &options);
                let doc = Document::parse(&doc_text).unwrap();
                assert!(strokes_at(&doc, &trail, SEM_OPACITY).is_empty(), "{case}");
                assert!(!svg_text(&doc).contains("SEM"), "{case}");

                data.uncertainty = Some((sf, sa));
                let doc_text = svg(kind, &data, &options);
                let doc = Document::parse(&doc_text).unwrap();
                let arms: Vec<Vec<(f64, f64)>> = strokes_at(&doc, &trail, SEM_OPACITY)
                    .into_iter()
                    .filter(|p| p.iter().all(|q| inside(&field, *q)))
                    .collect();
                let spans = |a: (f64, f64), b: (f64, f64)| {
                    arms.iter()
                        .any(|p| p.len() == 2 && (near(p[0], a) && near(p[1], b)))
                };
                let clip = |v: f64| v.clamp(0.0, 100.0);
                let across = (
                    layout.point(clip(focus - sf), autonomy),
                    layout.point(clip(focus + sf), autonomy),
                );
                let up = (
                    layout.point(focus, clip(autonomy - sa)),
                    layout.point(focus, clip(autonomy + sa)),
                );
                assert!(spans(across.0, across.1), "{case}: across in {arms:?}");
                assert!(spans(up.0, up.1), "{case}: up in {arms:?}");
                // Capped at each end inside the field, not where the edge cuts an arm off.
                let ends_inside = [focus - sf, focus + sf, autonomy - sa, autonomy + sa]
                    .iter()
                    .filter(|v| (0.0..=100.0).contains(*v))
                    .count();
                assert_eq!(arms.len(), 2 + ends_inside, "{case}: {arms:?}");
                assert!(
                    arms.iter().flatten().all(|q| inside(&field, *q)),
                    "{case}: clipped to the field"
                );
                let legend = svg_text(&doc);
                assert!(legend.contains("±1 SEM"), "{case}: {legend}");

                // In the PNG, the arm shows beyond the point's dot.
                let pixels = png(kind, &data, &options);
                let beyond = layout.pixel(focus - sf * 0.8, autonomy);
                let plain = png(
                    kind,
                    &ChartData {
                        uncertainty: None,
                        ..data.clone()
                    },
                    &options,
                );
                let (x, y) = (beyond.0 as u32, beyond.1 as u32);
                let trail_colour = palette.trail.array();
                assert!(
                    distance(pixels.at(x, y), trail_colour)
                        < distance(plain.at(x, y), trail_colour),
                    "{case}: no arm at ({x}, {y})"
                );
            }
        }
    }
}

#[test]
fn moves_are_graded_reliable_solid_possible_lighter_noise_dashed() {
    let palette = Palette::of(Theme::Light);
    let trail = palette.trail.hex();
    let positions = [(15.0, 15.0), (80.0, 20.0), (80.0, 85.0), (20.0, 80.0)];
    let verdicts = [
        None,
        Some(ChangeVerdict::Reliable),
        Some(ChangeVerdict::Possible),
        Some(ChangeVerdict::WithinNoise),
    ];
    let points: Vec<ChartPoint> = positions
        .iter()
        .zip(verdicts)
        .enumerate()
        .map(|(i, (&(f, a), verdict))| ChartPoint {
            verdict,
            ..point(month(i), f, a)
        })
        .collect();
    let data = data(points);
    let options = options(ChartKind::Map, 1200, 1000, Theme::Light);
    let doc_text = svg(ChartKind::Map, &data, &options);
    let doc = Document::parse(&doc_text).unwrap();
    let width_of = |opacity: f64| -> Vec<f64> {
        doc.descendants()
            .filter(|n| n.has_tag_name("polyline") && n.attribute("stroke") == Some(&trail))
            .filter(|n| attr(n, "opacity") == opacity)
            .map(|n| attr(&n, "stroke-width"))
            .collect()
    };
    let (reliable, possible, noise) = (
        width_of(MOVE_OPACITY),
        width_of(POSSIBLE_OPACITY),
        width_of(NOISE_OPACITY),
    );
    assert_eq!(reliable.len(), 1, "one solid line for the reliable move");
    assert_eq!(possible.len(), 1, "one solid line for the possible move");
    assert!(noise.len() >= 5, "dashes for the move within noise");
    assert!(possible[0] < reliable[0], "{possible:?} vs {reliable:?}");
    const { assert!(NOISE_OPACITY < POSSIBLE_OPACITY && POSSIBLE_OPACITY < MOVE_OPACITY) };
    const { assert!(POSSIBLE_WIDTH < 1.0) };
    // The possible move lies where it should.
    let layout = MapLayout::new(1200, 1000);
    let line = &strokes_at(&doc, &trail, POSSIBLE_OPACITY)[0];
    assert!(near(line[0], layout.point(80.0, 20.0)), "{line:?}");
    assert!(near(line[1], layout.point(80.0, 85.0)), "{line:?}");
    let heads: Vec<f64> = polygons(&doc, &trail).into_iter().map(|(_, o)| o).collect();
    assert_eq!(heads, vec![MOVE_OPACITY, POSSIBLE_OPACITY, NOISE_OPACITY]);

    // In the PNG, the possible move is drawn, lighter than a reliable one would be.
    let as_reliable = ChartData {
        points: data
            .points
            .iter()
            .map(|p| ChartPoint {
                verdict: p.verdict.map(|_| ChangeVerdict::Reliable),
                ..p.clone()
            })
            .collect(),
        ..data.clone()
    };
    let (x, y) = layout.pixel(80.0, 20.0 + 65.0 * 0.3);
    let (x, y) = (x as u32, y as u32);
    let ink = palette.trail.array();
    let lighter = png(ChartKind::Map, &data, &options).at(x, y);
    let solid = png(ChartKind::Map, &as_reliable, &options).at(x, y);
    let field = png(ChartKind::Map, &self::data(vec![]), &options).at(x, y);
    assert!(
        distance(solid, ink) < distance(lighter, ink),
        "{solid:?} {lighter:?}"
    );
    assert!(
        distance(lighter, ink) < distance(field, ink),
        "{lighter:?} {field:?}"
    );
}

#[test]
fn no_verdict_draws_a_move_as_a_reliable_one() {
    let mut data = spaced();
    let plain = svg(
        ChartKind::Card,
        &data,
        &options(ChartKind::Card, 1280, 720, Theme::Light),
    );
    for p in data.points.iter_mut().skip(1) {
        p.verdict = Some(ChangeVerdict::Reliable);
    }
    let reliable = svg(
        ChartKind::Card,
        &data,
        &options(ChartKind::Card, 1280, 720, Theme::Light),
    );
    assert!(plain == reliable);
}

#[test]
fn provisional_points_are_hollow_on_the_map_and_the_timeline() {
    for theme in THEMES {
        let palette = Palette::of(theme);
        let mut data = spaced();
        let n = data.points.len();
        data.points[1].provisional = true;
        data.points[n - 1].provisional = true;
        let layout = MapLayout::new(1200, 1000);
        let map_options = options(ChartKind::Map, 1200, 1000, theme);
        let doc_text = svg(ChartKind::Map, &data, &map_options);
        let doc = Document::parse(&doc_text).unwrap();
        let at = |i: usize| {
            let p = &data.points[i];
            layout.point(p.focus, p.autonomy)
        };
        // Filled dots for the others only; a ring in its colour on each provisional point.
        assert_eq!(discs(&doc, &palette.point.hex()).len(), n - 2, "{theme:?}");
        assert!(discs(&doc, &palette.latest.hex()).is_empty(), "{theme:?}");
        let hollow = rings(&doc, &palette.point.hex());
        assert!(hollow.len() == 1 && near(hollow[0], at(1)), "{hollow:?}");
        let hollow = rings(&doc, &palette.latest.hex());
        assert!(
            hollow.len() == 1 && near(hollow[0], at(n - 1)),
            "{hollow:?}"
        );

        // In the PNG, the centre shows the background and the rim the point's colour.
        let pixels = png(ChartKind::Map, &data, &map_options);
        for (i, colour) in [(1, palette.point), (n - 1, palette.latest)] {
            let (x, y) = at(i);
            let r = if i == n - 1 {
                layout.latest_radius()
            } else {
                layout.point_radius(n)
            };
            assert_eq!(
                pixels.at(x as u32, y as u32),
                palette.background.array(),
                "{theme:?}: centre of {i}"
            );
            let rim = pixels.at((x + r * 0.8) as u32, y as u32);
            assert!(
                distance(rim, colour.array()) < 60,
                "{theme:?}: rim of {i} is {rim:?}"
            );
        }

        // The timeline: hollow focus circles for the same assessments.
        let (first, last) = data.date_range().unwrap();
        let plot = TimelineLayout::new(1600, 900, first, last).plot();
        let doc_text = svg(
            ChartKind::Timeline,
            &data,
            &options(ChartKind::Timeline, 1600, 900, theme),
        );
        let doc = Document::parse(&doc_text).unwrap();
        let filled = discs(&doc, &palette.focus.hex());
        assert_eq!(filled.iter().filter(|c| inside(&plot, **c)).count(), n - 2);
        let hollow = rings(&doc, &palette.focus.hex());
        assert_eq!(hollow.iter().filter(|c| inside(&plot, **c)).count(), 2);
    }
}

#[test]
fn timeline_draws_each_lines_interval_as_a_band_where_the_sem_is_known() {
    let sem = (5.0, 4.0);
    for theme in THEMES {
        let palette = Palette::of(theme);
        let mut data = measured(sem);
        let (first, last) = data.date_range().unwrap();
        let layout = TimelineLayout::new(1600, 900, first, last);
        let plot = layout.plot();
        let options = options(ChartKind::Timeline, 1600, 900, theme);
        let bands_in = |doc: &Document<'_>, colour: Rgb| -> Vec<Vec<(f64, f64)>> {
            polygons(doc, &colour.hex())
                .into_iter()
                .filter(|(p, o)| *o == palette.interval_alpha && inside(&plot, centre(p)))
                .map(|(p, _)| p)
                .collect()
        };
        let doc_text = svg(ChartKind::Timeline, &data, &options);
        let doc = Document::parse(&doc_text).unwrap();
        for (colour, value, s) in [(palette.focus, 0, sem.0), (palette.autonomy, 1, sem.1)] {
            let bands = bands_in(&doc, colour);
            assert_eq!(bands.len(), 1, "{theme:?}: one band per line");
            let band = &bands[0];
            assert_eq!(band.len(), 2 * data.points.len());
            for p in &data.points {
                let v = [p.focus, p.autonomy][value];
                let top = layout.point(p.date, (v + INTERVAL_Z * s).min(100.0));
                let bottom = layout.point(p.date, (v - INTERVAL_Z * s).max(0.0));
                assert!(band.iter().any(|q| near(*q, top)), "{p:?}: top in {band:?}");
                assert!(band.iter().any(|q| near(*q, bottom)), "{p:?}: bottom");
            }
        }
        assert!(svg_text(&doc).contains("±1.96 SEM"));

        // A point without a SEM splits the band; none at all, no band.
        data.points[2].sem = None;
        let doc_text = svg(ChartKind::Timeline, &data, &options);
        let doc = Document::parse(&doc_text).unwrap();
        assert_eq!(bands_in(&doc, palette.focus).len(), 2, "{theme:?}");
        let plain = spaced();
        let doc_text = svg(ChartKind::Timeline, &plain, &options);
        let doc = Document::parse(&doc_text).unwrap();
        assert!(bands_in(&doc, palette.focus).is_empty());
        assert!(!svg_text(&doc).contains("SEM"));

        // In the PNG, the band tints the plot just off the line, between two assessments.
        let (a, b) = (&plain.points[0], &plain.points[1]);
        let date = a.date + (b.date - a.date) / 2;
        let focus = (a.focus + b.focus) / 2.0 - INTERVAL_Z * sem.0 * 0.6;
        let (x, y) = layout.pixel(date, focus);
        let (x, y) = (x as u32, y as u32);
        let banded = png(ChartKind::Timeline, &measured(sem), &options).at(x, y);
        let bare = png(ChartKind::Timeline, &plain, &options).at(x, y);
        let ink = palette.focus.array();
        assert!(
            distance(banded, ink) < distance(bare, ink),
            "{theme:?}: {banded:?} vs {bare:?}"
        );
    }
}

#[test]
fn the_card_draws_the_cross_and_the_bands_too() {
    let sem = (5.0, 4.0);
    let data = measured(sem);
    let palette = Palette::of(Theme::Dark);
    let card = CardLayout::new(1920, 1080);
    let (first, last) = data.date_range().unwrap();
    let plot = card.timeline(first, last).plot();
    let field = card.map().field();
    let text = svg(
        ChartKind::Card,
        &data,
        &options(ChartKind::Card, 1920, 1080, Theme::Dark),
    );
    let doc = Document::parse(&text).unwrap();
    let arms = strokes_at(&doc, &palette.trail.hex(), SEM_OPACITY);
    assert!(
        arms.iter().filter(|p| inside(&field, centre(p))).count() >= 2,
        "{arms:?}"
    );
    for colour in [palette.focus, palette.autonomy] {
        let bands = polygons(&doc, &colour.hex())
            .into_iter()
            .filter(|(p, o)| *o == palette.interval_alpha && inside(&plot, centre(p)))
            .count();
        assert_eq!(bands, 1);
    }
}

#[test]
fn the_card_header_says_only_what_the_uncertainty_supports() {
    let card = |focus: f64, autonomy: f64, uncertainty: Option<(f64, f64)>| {
        let mut d = data(vec![point(month(0), focus, autonomy)]);
        d.points[0].sem = uncertainty;
        d.uncertainty = uncertainty;
        let text = svg(
            ChartKind::Card,
            &d,
            &options(ChartKind::Card, 1920, 1080, Theme::Light),
        );
        svg_text(&Document::parse(&text).unwrap())
    };
    let sem = Some((5.5, 5.5));
    let clear = card(90.0, 90.0, sem);
    assert!(
        clear.contains("Impact Galore") && !clear.contains("leaning"),
        "{clear}"
    );
    let leaning = card(53.0, 70.0, sem);
    assert!(leaning.contains("Now, leaning towards"), "{leaning}");
    let centre = card(50.0, 50.0, sem);
    assert!(
        centre.contains("Centre") && centre.contains("no clear quadrant yet"),
        "{centre}"
    );
    // Without the SEMs the header names the quadrant of the position, as it always did.
    let plain = card(50.0, 50.0, None);
    assert!(
        plain.contains("Impact Galore") && plain.contains("close to a midline"),
        "{plain}"
    );
}

/// `n` assessments as a long real history has them: a drifting walk over the map (so moves are
/// short and marks overlap when `n` is large), every kind of verdict, a SEM on most, a
/// provisional one now and then, commitments, and another rater's view every so often.
pub(crate) fn rich(n: usize) -> ChartData {
    let verdicts = [
        None,
        Some(ChangeVerdict::Reliable),
        Some(ChangeVerdict::Possible),
        Some(ChangeVerdict::WithinNoise),
        Some(ChangeVerdict::Possible),
    ];
    let start = NaiveDate::from_ymd_opt(2001, 1, 10).unwrap();
    let (mut focus, mut autonomy) = (42.0_f64, 58.0_f64);
    let points: Vec<ChartPoint> = (0..n)
        .map(|i| {
            if i > 0 {
                focus = (focus + ((i * 37 % 23) as f64 - 11.0) * 0.7).clamp(2.0, 98.0);
                autonomy = (autonomy + ((i * 53 % 19) as f64 - 9.0) * 0.8).clamp(2.0, 98.0);
            }
            ChartPoint {
                date: start + chrono::Duration::days(i as i64 * 30 + (i % 3) as i64),
                focus: (focus * 10.0).round() / 10.0,
                autonomy: (autonomy * 10.0).round() / 10.0,
                verdict: if i == 0 {
                    None
                } else {
                    verdicts[i % verdicts.len()]
                },
                provisional: i % 7 == 3,
                sem: (i % 11 != 5).then_some((3.0 + (i % 4) as f64, 2.5 + (i % 3) as f64)),
            }
        })
        .collect();
    let marks = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 10 == 4)
        .map(|(i, p)| ChartMark {
            date: p.date,
            kind: if i % 20 == 4 {
                MarkKind::Committed
            } else {
                MarkKind::Reviewed
            },
            label: format!("Action {i}"),
        })
        .collect();
    let perceptions = points
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 25 == 11)
        .map(|(_, p)| perception("Coach", p, (6.5, -4.0)))
        .collect();
    ChartData {
        marks,
        perceptions,
        uncertainty: Some((3.4, 2.9)),
        ..data(points)
    }
}

/// FNV-1a over a PNG's size, colour type and every byte of its decoded pixels.
fn png_digest(bytes: &[u8]) -> u64 {
    let mut reader = png::Decoder::new(bytes).read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    pixels.truncate(frame.buffer_size());
    let header = [frame.width, frame.height, frame.color_type as u32].map(u32::to_le_bytes);
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for &byte in header.iter().flatten().chain(&pixels) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// Digests of the PNGs as Bearing draws them today, `kind theme count` → FNV-1a of the decoded
/// pixels: the reference any speed-up of the rasteriser must keep. One channel of one pixel off by
/// one fails. A change meant to alter the look updates this table in the same commit.
const REFERENCE_DIGESTS: &[(&str, u64)] = &[
    ("map light 1", 0x4890e9c449622809),
    ("map dark 1", 0xeee545dd7873e1bd),
    ("map transparent 1", 0xcfec3dd108d45d9b),
    ("timeline light 1", 0x1fbdd66ea98f3501),
    ("timeline dark 1", 0x6ef75978f45efb0e),
    ("timeline transparent 1", 0xa05cc8d765e4c392),
    ("card light 1", 0xaef75c791b5565ee),
    ("card dark 1", 0x5170c893d56fa66f),
    ("card transparent 1", 0xb64d3c32777b9861),
    ("map light 12", 0x5871d00f59d2bb36),
    ("map dark 12", 0x426a360e767a62c2),
    ("map transparent 12", 0xe9dc9117115a4686),
    ("timeline light 12", 0x96c3e50b8afefaf6),
    ("timeline dark 12", 0x679c5dbb06a00bd0),
    ("timeline transparent 12", 0x775f86bd8042fce4),
    ("card light 12", 0xe1467eae72a9b88b),
    ("card dark 12", 0x442619791d28b212),
    ("card transparent 12", 0x4ef79e3eda655583),
    ("map light 120", 0xcbba0f0175e3b6d6),
    ("map dark 120", 0xc116248be13565e4),
    ("map transparent 120", 0x4a42c780b9319f3f),
    ("timeline light 120", 0xdadab1d3bb05df1a),
    ("timeline dark 120", 0xa8e8f19d44b651dd),
    ("timeline transparent 120", 0x243accdda31dce6a),
    ("card light 120", 0x70b456124144cd45),
    ("card dark 120", 0x5a23f9c17595eb83),
    ("card transparent 120", 0x67249c53f35c0d64),
    ("map light 2000", 0x13495d60b15594f2),
    ("map dark 2000", 0x79ff94fa14686254),
    ("map transparent 2000", 0x72cc1da852f606c4),
    ("timeline light 2000", 0x516cab4dd82fe1e1),
    ("timeline dark 2000", 0xa1215db7b120bdbf),
    ("timeline transparent 2000", 0x1c4673c3109b7f00),
    ("card light 2000", 0x9764fdd717e22063),
    ("card dark 2000", 0xa4921c33b31d7230),
    ("card transparent 2000", 0x6e844daee9038739),
];

#[test]
fn pngs_are_pixel_for_pixel_the_reference_renders() {
    let themes = [
        ("light", Theme::Light, false),
        ("dark", Theme::Dark, false),
        ("transparent", Theme::Light, true),
    ];
    let mut actual = Vec::new();
    for count in [1, 12, 120, 2000] {
        let data = rich(count);
        for kind in ChartKind::ALL {
            for (name, theme, transparent) in themes {
                let options = ChartOptions {
                    transparent,
                    ..options(kind, 1600, 1000, theme)
                };
                let bytes = match chart::render(kind, &data, &options, Format::Png).unwrap() {
                    Rendered::Png(bytes) => bytes,
                    Rendered::Svg(_) => panic!("asked for PNG, got SVG"),
                };
                let digest = png_digest(&bytes);
                actual.push((format!("{} {name} {count}", kind.slug()), digest));
            }
        }
    }
    let listing: String = actual
        .iter()
        .map(|(case, digest)| format!("    (\"{case}\", {digest:#018x}),\n"))
        .collect();
    let differing: Vec<&str> = actual
        .iter()
        .filter(|(case, digest)| {
            REFERENCE_DIGESTS
                .iter()
                .find(|(c, _)| c == case)
                .map(|(_, d)| d)
                != Some(digest)
        })
        .map(|(case, _)| case.as_str())
        .collect();
    assert!(
        differing.is_empty(),
        "these PNGs differ from the reference rendering: {differing:?}\nall digests now:\n{listing}"
    );
}

#[test]
fn a_groups_spread_is_a_faint_box_around_its_square_and_one_rater_has_none() {
    let palette = Palette::of(Theme::Light);
    let kind = ChartKind::Map;
    let (width, height) = kind.default_size();
    let layout = MapLayout::new(width, height);
    let boxes = |data: &ChartData| -> Vec<Vec<(f64, f64)>> {
        let text = svg(kind, data, &options(kind, width, height, Theme::Light));
        let doc = Document::parse(&text).unwrap();
        polygons(&doc, &palette.other.hex())
            .into_iter()
            .filter(|(p, opacity)| p.len() == 4 && (opacity - 0.08).abs() < 1e-9)
            .map(|(p, _)| p)
            .collect()
    };
    let mut data = perceived(1);
    assert!(boxes(&data).is_empty(), "one rater: no spread");
    data.perceptions[0].spread = Some((10.0, 5.0));
    let found = boxes(&data);
    assert_eq!(found.len(), 1, "{found:?}");
    let p = &data.perceptions[0];
    let (low, high) = (
        layout.point(p.other_focus - 10.0, p.other_autonomy - 5.0),
        layout.point(p.other_focus + 10.0, p.other_autonomy + 5.0),
    );
    let xs: Vec<f64> = found[0].iter().map(|c| c.0).collect();
    let ys: Vec<f64> = found[0].iter().map(|c| c.1).collect();
    let span = |v: &[f64]| {
        v.iter().copied().fold(f64::MIN, f64::max) - v.iter().copied().fold(f64::MAX, f64::min)
    };
    assert!((span(&xs) - (high.0 - low.0).abs()).abs() < 1.0, "{xs:?}");
    assert!((span(&ys) - (high.1 - low.1).abs()).abs() < 1.0, "{ys:?}");
}
