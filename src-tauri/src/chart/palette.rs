//! The colours of the charts, for a light and a dark surrounding. Data colours come from the
//! Okabe–Ito palette (distinct under the common colour-vision deficiencies), and every data
//! colour has a second channel too: a shape (circle / diamond / square, filled / hollow
//! triangle) or a line style (solid / dashed / dotted).

use plotters::style::{Color, RGBAColor, RGBColor};

use super::Theme;

/// An opaque colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// As the SVG backend writes it: `#RRGGBB`, upper case.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    pub fn array(self) -> [u8; 3] {
        [self.0, self.1, self.2]
    }

    pub(super) fn colour(self) -> RGBColor {
        RGBColor(self.0, self.1, self.2)
    }

    pub(super) fn alpha(self, alpha: f64) -> RGBAColor {
        self.colour().mix(alpha.clamp(0.0, 1.0))
    }
}

/// Colours of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    pub background: Rgb,
    /// Text that matters: names, the latest label, the header.
    pub ink: Rgb,
    /// Secondary text: ticks, axis titles, the start label.
    pub muted: Rgb,
    /// Gridlines.
    pub grid: Rgb,
    /// Frames and midlines.
    pub frame: Rgb,
    /// The borderline band, drawn at [`Palette::band_alpha`].
    pub band: Rgb,
    pub band_alpha: f64,
    /// Quadrant fills and names, in `Quadrant::ALL` order: Low Everything (grey), Tech Busywork
    /// (orange), Glorified Managers (sky blue), Impact Galore (bluish green).
    pub fills: [Rgb; 4],
    pub names: [Rgb; 4],
    /// The map's trail between assessments.
    pub trail: Rgb,
    /// Earlier assessments on the map.
    pub point: Rgb,
    /// The latest assessment on the map; used nowhere else on the map.
    pub latest: Rgb,
    /// Other raters' views of the leader on the map (squares, their dotted links and the latest
    /// one's caption); used nowhere else on the map. The timeline's `mark` colour: the two never
    /// share a panel and differ in shape, while the other free colour (blue) would read as focus.
    pub other: Rgb,
    /// The timeline's focus line (circles) and autonomy line (diamonds).
    pub focus: Rgb,
    pub autonomy: Rgb,
    /// Commitments on the timeline.
    pub mark: Rgb,
    /// Opacity of the timeline's interval bands (±1.96·SEM), each in its line's colour.
    pub interval_alpha: f64,
}

impl Palette {
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                background: Rgb(255, 255, 255),
                ink: Rgb(28, 33, 43),
                muted: Rgb(92, 100, 114),
                grid: Rgb(226, 229, 235),
                frame: Rgb(168, 175, 186),
                band: Rgb(28, 33, 43),
                band_alpha: 0.045,
                fills: [
                    Rgb(241, 242, 245),
                    Rgb(253, 241, 224),
                    Rgb(228, 241, 251),
                    Rgb(224, 244, 236),
                ],
                names: [
                    Rgb(88, 94, 106),
                    Rgb(156, 98, 0),
                    Rgb(0, 100, 152),
                    Rgb(0, 112, 82),
                ],
                trail: Rgb(74, 81, 96),
                point: Rgb(60, 66, 78),
                latest: Rgb(213, 94, 0),
                other: Rgb(170, 78, 136),
                focus: Rgb(0, 114, 178),
                autonomy: Rgb(214, 142, 0),
                mark: Rgb(170, 78, 136),
                interval_alpha: 0.13,
            },
            Theme::Dark => Palette {
                background: Rgb(23, 26, 33),
                ink: Rgb(234, 237, 242),
                muted: Rgb(160, 168, 182),
                grid: Rgb(46, 51, 61),
                frame: Rgb(86, 94, 108),
                band: Rgb(255, 255, 255),
                band_alpha: 0.045,
                fills: [
                    Rgb(38, 42, 50),
                    Rgb(56, 45, 30),
                    Rgb(27, 47, 63),
                    Rgb(25, 53, 45),
                ],
                names: [
                    Rgb(186, 192, 204),
                    Rgb(240, 182, 96),
                    Rgb(124, 192, 236),
                    Rgb(104, 210, 172),
                ],
                trail: Rgb(176, 184, 196),
                point: Rgb(206, 211, 221),
                latest: Rgb(240, 130, 50),
                other: Rgb(204, 121, 167),
                focus: Rgb(86, 180, 233),
                autonomy: Rgb(230, 159, 0),
                mark: Rgb(204, 121, 167),
                interval_alpha: 0.2,
            },
        }
    }
}
