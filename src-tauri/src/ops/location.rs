//! Where the database is: the default file in the app data folder, or one the user chose.

use std::fs;
use std::path::{Path, PathBuf};

use super::OpsError;
use crate::storage::Storage;

/// Reverse-domain identifier of the app; also the name of its data folder.
pub const IDENTIFIER: &str = "dev.bearing.desktop";

/// File name of the default database inside the app data folder.
pub const DEFAULT_DB_FILE: &str = "bearing.db";

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbLocation {
    /// The app data folder; created when missing.
    Default(PathBuf),
    /// A file the user named; its folder must exist.
    Chosen(PathBuf),
}

impl DbLocation {
    /// The default location: `<data dir>/dev.bearing.desktop/bearing.db`, the same folder Tauri's
    /// `app_data_dir()` gives the window.
    pub fn default_location() -> Result<DbLocation, OpsError> {
        let data = dirs::data_dir().ok_or(OpsError::NoDataFolder)?;
        Ok(DbLocation::Default(
            data.join(IDENTIFIER).join(DEFAULT_DB_FILE),
        ))
    }

    /// The file the user named, or the default one when they named none. An empty path is
    /// refused: it is a mistake (an empty variable), not a wish for the default.
    pub fn chosen_or_default(chosen: Option<PathBuf>) -> Result<DbLocation, OpsError> {
        match chosen {
            Some(path) if path.as_os_str().is_empty() => Err(OpsError::EmptyDbPath),
            Some(path) => Ok(DbLocation::Chosen(path)),
            None => DbLocation::default_location(),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            DbLocation::Default(p) | DbLocation::Chosen(p) => p,
        }
    }

    /// Whether the database file exists yet (a read-only command on a missing one creates nothing).
    pub fn exists(&self) -> bool {
        self.path().exists()
    }

    /// Opens (creating and migrating if needed) the database.
    pub fn open(&self) -> Result<Storage, OpsError> {
        self.make_data_folder()?;
        Ok(Storage::open_owned(self.path(), self.is_default())?)
    }

    /// Creates Bearing's own data folder for the default file (a chosen file's folder must exist).
    pub(super) fn make_data_folder(&self) -> Result<(), OpsError> {
        if let DbLocation::Default(path) = self {
            if let Some(folder) = path.parent() {
                fs::create_dir_all(folder).map_err(|e| OpsError::File {
                    path: folder.to_path_buf(),
                    detail: format!("cannot create the data folder ({e})"),
                })?;
            }
        }
        Ok(())
    }

    /// Whether this is Bearing's own default file (so a damaged one is always set aside).
    pub fn is_default(&self) -> bool {
        matches!(self, DbLocation::Default(_))
    }
}
