//! The window's commands, one file per capability with the same names as `ops/`: each parses its
//! arguments, calls the operation layer and maps errors to `{code, message}`; nothing else. This
//! file holds what they share: the window's state and the error type.

pub mod app;
pub mod assess;
pub mod backups;
pub mod calendar;
pub mod caseload;
pub mod charts;
pub mod commitments;
mod dialogs;
pub mod exchange;
pub mod history;
pub mod home;
pub mod link;
pub mod measure;
pub mod nudge;
pub mod perceptions;
pub mod profiles;
pub mod report;
pub mod session_report;
pub mod sheets;

use std::sync::{Mutex, MutexGuard};

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::domain::export::ExportDocument;
use crate::domain::sheet::RaterSheet;
use crate::ops::{self, DbLocation, OpsError};
use crate::storage::{Storage, StorageError, Tombstone};

pub use backups::RecoveryView;

/// What the window's commands share: where the database is, and the connection once opened.
/// The window opens it in the background as it starts ([`AppState::open_early`]), while WebKit
/// starts its own processes, so the first screen does not wait for it.
#[derive(Debug)]
pub struct AppState {
    location: DbLocation,
    storage: Mutex<Option<Storage>>,
    /// The last deleted assessment, while it can still be undeleted: any other change to the
    /// database drops it, so an undo never works against a history that moved on.
    undo: Mutex<Option<Tombstone>>,
    /// The profile the window shows; the default one until the user switches.
    profile: Mutex<Option<i64>>,
    /// An answer sheet someone sent, opened to fill in.
    sheet: Mutex<Option<RaterSheet>>,
    /// A history file chosen to import, checked and previewed, until it is imported.
    import: Mutex<Option<ExportDocument>>,
    /// Set when the database turned out damaged at opening: what the recovery screen shows, and
    /// the error every command gets until the user leaves that screen (dismissing it, or
    /// restoring a backup). The damaged file was set aside, so opening again meanwhile would
    /// start an empty history behind the user's back.
    recovery: Mutex<Option<(RecoveryView, CommandError)>>,
    /// A `bearing:` link the window was opened with or handed since, until the page takes it.
    opened_link: Mutex<Option<String>>,
}

/// Takes a lock; a lock poisoned by a panic in another command is reported, not propagated.
fn lock<T>(mutex: &Mutex<T>) -> Result<MutexGuard<'_, T>, CommandError> {
    mutex.lock().map_err(|_| CommandError::interrupted())
}

impl AppState {
    pub fn new(location: DbLocation) -> AppState {
        AppState {
            location,
            storage: Mutex::new(None),
            undo: Mutex::new(None),
            profile: Mutex::new(None),
            sheet: Mutex::new(None),
            import: Mutex::new(None),
            recovery: Mutex::new(None),
            opened_link: Mutex::new(None),
        }
    }

    /// Opens the database, if no command has yet, and keeps it open for the commands to come; what
    /// goes wrong is left for the first command to report. Called on a thread of its own as the
    /// window starts.
    pub fn open_early(&self) {
        let _ = self.with_storage(|_| Ok(()));
    }

    /// Keeps a `bearing:` link (untrusted text, read only when the page takes it) for the page.
    /// A newer link replaces one not yet taken.
    pub fn open_link(&self, raw: &str) {
        if let Ok(mut link) = self.opened_link.lock() {
            *link = Some(raw.to_string());
        }
    }

    /// The profile the window shows (the first active one until the user switches). Always
    /// called with the database lock held, so the profile lock is the innermost one.
    fn profile_id(&self, storage: &Storage) -> Result<i64, OpsError> {
        let mut current = self.profile.lock().map_err(|_| OpsError::Interrupted)?;
        if let Some(id) = *current {
            if storage.profile(id)?.is_some() {
                return Ok(id);
            }
        }
        let found = ops::resolve_profile(storage, None)?;
        *current = Some(found.id);
        Ok(found.id)
    }

    fn set_profile(&self, id: i64) -> Result<(), OpsError> {
        *self.profile.lock().map_err(|_| OpsError::Interrupted)? = Some(id);
        Ok(())
    }

    /// For commands that change the database: once `f` has succeeded, the pending undo is dropped
    /// (a refused change keeps it). The undo and the database are locked together, always in that
    /// order, so an undo never lands between another write and its bookkeeping.
    fn changing_storage<T>(
        &self,
        f: impl FnOnce(&mut Storage) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        self.with_storage_and_undo(|storage, undo| {
            let value = f(storage)?;
            *undo = None;
            Ok(value)
        })
    }

    fn with_storage_and_undo<T>(
        &self,
        f: impl FnOnce(&mut Storage, &mut Option<Tombstone>) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        let mut undo = lock(&self.undo)?;
        self.with_storage(|storage| f(storage, &mut undo))
    }

    /// Runs `f` on the database, opening it first when this is the first command that needs it.
    /// A database found damaged at opening leaves what the recovery screen shows.
    fn with_storage<T>(
        &self,
        f: impl FnOnce(&mut Storage) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        let mut guard = lock(&self.storage)?;
        let storage = match &mut *guard {
            Some(storage) => storage,
            empty => {
                if let Some((_, error)) = &*lock(&self.recovery)? {
                    return Err(error.clone());
                }
                match self.location.open() {
                    Ok(storage) => empty.insert(storage),
                    Err(OpsError::Storage(e @ StorageError::Damaged { .. })) => {
                        let view = RecoveryView::from_error(&e);
                        let error = CommandError::from(OpsError::from(e));
                        *lock(&self.recovery)? = Some((view, error.clone()));
                        return Err(error);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        Ok(f(storage)?)
    }

    /// Runs `f` with the window's profile.
    fn with_profile<T>(
        &self,
        f: impl FnOnce(&mut Storage, i64) -> Result<T, OpsError>,
    ) -> Result<T, CommandError> {
        self.with_storage(|s| {
            let profile = self.profile_id(s)?;
            f(s, profile)
        })
    }
}

/// A command's error as the window receives it: `{code, message}`. The code is stable (see
/// [`OpsError::code`]); the page reacts to it (a damaged or read-only database) and shows the
/// message.
#[derive(Debug, Clone)]
pub struct CommandError {
    code: &'static str,
    message: String,
}

impl CommandError {
    /// A lock poisoned by a command that panicked midway.
    fn interrupted() -> CommandError {
        OpsError::Interrupted.into()
    }

    /// A failure outside the database, in a file the desktop keeps: `message` says what to do.
    fn file(message: String) -> CommandError {
        CommandError {
            code: "file",
            message,
        }
    }

    pub fn code(&self) -> &'static str {
        self.code
    }
}

impl From<OpsError> for CommandError {
    fn from(e: OpsError) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl Serialize for CommandError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("CommandError", 2)?;
        s.serialize_field("code", self.code)?;
        s.serialize_field("message", &self.message)?;
        s.end()
    }
}

type CommandResult<T> = Result<T, CommandError>;
