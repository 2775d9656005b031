//! The quadrant map as `chart::render_map` draws it: well-formed SVG naming the quadrants, PNGs of
//! the requested size, and the latest assessment drawn where the layout puts it.

use bearing_lib::chart::{self, ChartError, ChartOptions, Format, MapPoint, Rendered, Theme};

use crate::support::{svg_text, Pixels};

const QUADRANT_NAMES: [&str; 4] = [
    "Low Everything",
    "Tech Busywork",
    "Glorified Managers and Order-Takers",
    "Impact Galore",
];

/// `n` points spread over the map; the last is labelled "Latest".
fn points(n: usize) -> Vec<MapPoint> {
    (0..n)
        .map(|i| MapPoint {
            focus: (i * 37 % 101) as f64,
            autonomy: (i * 53 % 101) as f64,
            label: if i + 1 == n {
                "Latest".to_string()
            } else {
                format!("Point {i}")
            },
        })
        .collect()
}

fn point(focus: f64, autonomy: f64) -> MapPoint {
    MapPoint {
        focus,
        autonomy,
        label: "Mar 2026".into(),
    }
}

fn options(width: u32, height: u32, theme: Theme) -> ChartOptions {
    ChartOptions {
        width,
        height,
        theme,
    }
}

fn svg(points: &[MapPoint], options: &ChartOptions) -> String {
    match chart::render_map(points, options, Format::Svg).unwrap() {
        Rendered::Svg(text) => text,
        other => panic!("asked for SVG, got {other:?}"),
    }
}

fn png(points: &[MapPoint], options: &ChartOptions) -> Pixels {
    match chart::render_map(points, options, Format::Png).unwrap() {
        Rendered::Png(bytes) => Pixels::decode(&bytes),
        Rendered::Svg(_) => panic!("asked for PNG, got SVG"),
    }
}

/// Where the map's layout puts a position, in pixels, and the radius of the latest point's dot.
fn layout(width: u32, height: u32, focus: f64, autonomy: f64) -> ((u32, u32), f64) {
    let layout = chart::MapLayout::new(width, height);
    let (x, y) = layout.pixel(focus, autonomy);
    ((x as u32, y as u32), f64::from(layout.latest_radius()))
}

#[test]
fn svg_map_is_xml_naming_the_four_quadrants() {
    for n in [0, 1, 2, 120] {
        for theme in [Theme::Light, Theme::Dark] {
            let text = svg(&points(n), &options(900, 700, theme));
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{n} points, {theme:?}: not XML: {e}"));
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            assert_eq!(
                (root.attribute("width"), root.attribute("height")),
                (Some("900"), Some("700"))
            );
            let drawn = svg_text(&doc);
            for name in QUADRANT_NAMES {
                assert!(
                    drawn.contains(name),
                    "{n} points: `{name}` not in {drawn:?}"
                );
            }
            assert_eq!(
                drawn.contains("No assessments yet"),
                n == 0,
                "{n} points: {drawn:?}"
            );
            assert_eq!(drawn.contains("Latest"), n > 0, "{n} points: {drawn:?}");
            assert!(
                !drawn.contains("Point 0"),
                "only the latest point is labelled"
            );
        }
    }
}

#[test]
fn svg_map_keeps_label_text_as_text() {
    let label = "<script>alert(1)</script> & \"Q1\"";
    let text = svg(
        &[MapPoint {
            focus: 40.0,
            autonomy: 60.0,
            label: label.into(),
        }],
        &options(800, 600, Theme::Light),
    );
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert!(svg_text(&doc).contains(label));
    assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
}

#[test]
fn png_map_decodes_to_the_requested_size() {
    for (width, height) in [(200, 200), (640, 480), (480, 640), (1200, 1000)] {
        for n in [0, 1, 2, 120] {
            let pixels = png(&points(n), &options(width, height, Theme::Light));
            assert_eq!((pixels.width, pixels.height), (width, height), "{n} points");
        }
    }
}

#[test]
fn latest_point_is_drawn_in_the_accent_colour_where_the_layout_puts_it() {
    let light = [213, 94, 0];
    let dark = [240, 130, 50];
    let cases = [
        (800, 600, Theme::Light, (80.0, 30.0), light),
        (800, 600, Theme::Dark, (80.0, 30.0), dark),
        (1200, 1000, Theme::Light, (20.0, 90.0), light),
        (640, 480, Theme::Light, (50.0, 50.0), light),
    ];
    for (width, height, theme, (focus, autonomy), accent) in cases {
        let case = format!("{width}×{height} {theme:?} at ({focus}, {autonomy})");
        let earlier = point(30.0, 70.0);
        let pixels = png(
            &[earlier.clone(), point(focus, autonomy)],
            &options(width, height, theme),
        );
        let ((x, y), radius) = layout(width, height, focus, autonomy);
        assert_eq!(
            pixels.at(x, y),
            accent,
            "{case}: centre of the latest point"
        );

        // The accent marks the latest point only: every pixel of that colour is on its dot.
        let mut accent_pixels = 0;
        for py in 0..height {
            for px in 0..width {
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
            accent_pixels as f64 > radius * radius,
            "{case}: the dot has only {accent_pixels} pixels"
        );
        let ((ex, ey), _) = layout(width, height, earlier.focus, earlier.autonomy);
        assert_ne!(pixels.at(ex, ey), accent, "{case}: earlier point");
    }
}

#[test]
fn empty_map_has_no_accent_colour() {
    let pixels = png(&[], &options(800, 600, Theme::Light));
    assert_eq!(pixels.count([213, 94, 0]), 0);
}

#[test]
fn sizes_out_of_range_are_refused() {
    for (width, height) in [(10, 600), (800, 199), (8001, 600), (0, 0)] {
        for format in [Format::Svg, Format::Png] {
            let err = chart::render_map(&points(1), &options(width, height, Theme::Light), format)
                .unwrap_err();
            assert!(
                matches!(err, ChartError::Size { width: w, height: h } if (w, h) == (width, height)),
                "{err:?}"
            );
            assert!(err.to_string().contains("200 to 8000"), "{err}");
        }
    }
}
