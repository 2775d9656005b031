//! `bearing backup` and `bearing restore`: verified copies of the database.

use std::path::PathBuf;

use clap::Args;

use super::output::{plural, print_json, print_text};
use super::{CliResult, Context};
use crate::ops;

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the copy here instead (a new file).
    #[arg(long, value_name = "FILE", conflicts_with = "list")]
    out: Option<PathBuf>,
    /// List the backups instead, newest first.
    #[arg(long)]
    list: bool,
    /// With --list: as JSON.
    #[arg(long, requires = "list")]
    json: bool,
}

impl BackupArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let location = cx.location()?;
        if !self.list {
            let (path, verified) = ops::back_up(&location, self.out.as_deref())?;
            return print_text(&format!(
                "Backed up {} assessment{} to {} (integrity check: ok).\n",
                verified.assessments,
                plural(verified.assessments as usize),
                path.display()
            ));
        }
        let all = ops::backups(&location)?;
        if self.json {
            return print_json(&all);
        }
        if all.is_empty() {
            return print_text(&format!(
                "No backups yet; the first one is made before the first change of a day.\nFolder: {}\n",
                ops::backups_folder(&location).display()
            ));
        }
        let mut text = String::new();
        for b in &all {
            text.push_str(&format!(
                "{}  {:<14}  {:>9}  {}\n",
                b.taken_at.format("%Y-%m-%d %H:%M UTC"),
                b.kind.slug(),
                format!("{} KB", b.bytes.div_ceil(1024)),
                b.path.display()
            ));
        }
        print_text(&text)
    }
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (default: the newest backup that passes the check).
    #[arg(value_name = "BACKUP")]
    backup: Option<PathBuf>,
}

impl RestoreArgs {
    pub(super) fn run(self, cx: &Context) -> CliResult {
        let restored = ops::restore(&cx.location()?, self.backup.as_deref())?;
        let mut text = format!(
            "Restored {} assessment{} from {}.\n",
            restored.assessments,
            plural(restored.assessments as usize),
            restored.from.display()
        );
        if let Some(kept) = &restored.kept {
            text.push_str(&format!(
                "The history from before the restore is kept as {}; `bearing restore {}` brings it back.\n",
                kept.path.display(),
                kept.path.display()
            ));
        }
        print_text(&text)
    }
}
