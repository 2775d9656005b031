//! The `exchange_key` table: this database's own age key pair, made once on first use.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension};

use super::{Storage, StorageError};

impl Storage {
    /// The secret key (`AGE-SECRET-KEY-1…`), if this database has made one.
    pub fn exchange_secret(&self) -> Result<Option<String>, StorageError> {
        self.conn
            .query_row("SELECT secret FROM exchange_key WHERE id = 1", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// The error for a stored key that is not one (the file was edited).
    pub fn exchange_key_damaged(&self) -> StorageError {
        self.corrupt("the exchange key stored in it is not an age secret key")
    }

    /// Keeps `secret` as this database's key unless it has one already (another process may have
    /// made one meanwhile); returns the key kept.
    pub fn keep_exchange_secret(
        &mut self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<String, StorageError> {
        let at = now.to_rfc3339_opts(SecondsFormat::Secs, true);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO exchange_key (id, secret, created_at) VALUES (1, ?1, ?2) \
                 ON CONFLICT (id) DO NOTHING",
                params![secret, at],
            )?;
            Ok(
                tx.query_row("SELECT secret FROM exchange_key WHERE id = 1", [], |r| {
                    r.get(0)
                })?,
            )
        })
    }
}
