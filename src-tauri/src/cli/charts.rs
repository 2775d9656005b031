//! `bearing chart`: the quadrant map, the timeline or the progress card as an SVG or PNG file.

use std::path::PathBuf;

use clap::Args;

use super::{CliResult, Context};
use crate::chart::{ChartKind, ChartOptions, Theme};
use crate::ops::{self, ChartRange};

#[derive(Debug, Args)]
pub struct ChartArgs {
    /// Output file; its extension (.svg or .png) picks the format.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// What to draw: the progress card (map and timeline, 16:9), the trajectory map, or the
    /// timeline of both axes.
    #[arg(long, value_enum, default_value_t = ChartKind::Card)]
    kind: ChartKind,
    /// Width in pixels (default: 1920 for the card, 1200 for the map, 1600 for the timeline).
    #[arg(long, value_name = "PX")]
    width: Option<u32>,
    /// Height in pixels (default: 1080 for the card, 1000 for the map, 900 for the timeline).
    #[arg(long, value_name = "PX")]
    height: Option<u32>,
    /// Pixel scale, 1 to 4: 2 draws everything twice as sharp, for slides.
    #[arg(long, value_name = "N", default_value_t = 1)]
    scale: u32,
    /// A transparent background instead of white.
    #[arg(long)]
    transparent: bool,
    /// Dark colours, for dark slides.
    #[arg(long)]
    dark: bool,
    /// Only assessments from this day on.
    #[arg(long, value_name = "YYYY-MM-DD")]
    from: Option<String>,
    /// Only assessments up to this day.
    #[arg(long, value_name = "YYYY-MM-DD")]
    to: Option<String>,
}

impl ChartArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        // Everything is checked before the database is opened.
        let format = ops::format_for_path(&self.out)?;
        ops::check_output_path(&self.out)?;
        let (default_width, default_height) = self.kind.default_size();
        let options = ChartOptions {
            width: self.width.unwrap_or(default_width),
            height: self.height.unwrap_or(default_height),
            theme: if self.dark { Theme::Dark } else { Theme::Light },
            scale: self.scale,
            transparent: self.transparent,
        };
        options.validate().map_err(ops::OpsError::from)?;
        let range = ChartRange {
            from: self.from.as_deref().map(ops::parse_date).transpose()?,
            to: self.to.as_deref().map(ops::parse_date).transpose()?,
            until: None,
        };
        range.check()?;
        ops::check_not_database(&self.out, cx.location()?.path())?;
        let (storage, person) = cx.open_for_profile()?;
        let chart = ops::render_chart(&storage, person.id, self.kind, range, &options, format)?;
        ops::write_file_atomically(&self.out, &chart.into_bytes())?;
        Ok(())
    }
}
