//! Schema migrations: ordered, append-only SQL files; the version lives in `PRAGMA user_version`.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, Transaction};

use crate::domain::measurement::response_quality;
use crate::domain::{questionnaire, AnswerSheet};

/// A step written in Rust that follows a migration's SQL in the same transaction: for data that
/// SQL alone cannot compute.
type Backfill = fn(&Transaction<'_>) -> rusqlite::Result<()>;

/// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[(&str, Option<Backfill>)] = &[
    (include_str!("../../migrations/0001_init.sql"), None),
    (
        include_str!("../../migrations/0002_commitments_and_drafts.sql"),
        None,
    ),
    (
        include_str!("../../migrations/0003_profiles_and_raters.sql"),
        None,
    ),
    (
        include_str!("../../migrations/0004_response_quality.sql"),
        Some(backfill_flags),
    ),
    (
        include_str!("../../migrations/0005_rater_identity.sql"),
        None,
    ),
    (
        include_str!("../../migrations/0006_stable_identities.sql"),
        None,
    ),
    (include_str!("../../migrations/0007_exchange_key.sql"), None),
    (
        include_str!("../../migrations/0008_exchange_folders.sql"),
        None,
    ),
    (
        include_str!("../../migrations/0009_history_index.sql"),
        None,
    ),
    (
        include_str!("../../migrations/0010_history_summary.sql"),
        None,
    ),
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration after `from`, all in one transaction: either the database reaches
/// [`LATEST_VERSION`] or it is left exactly as it was.
pub(super) fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    if from >= LATEST_VERSION {
        return Ok(());
    }
    // A migration may rebuild a table others refer to (SQLite's way to change a CHECK): with
    // foreign keys on, dropping the old table would cascade-delete the rows that refer to it. They
    // are off for the transaction (the pragma cannot change inside one) and every reference is
    // checked before it commits.
    let enforced: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let migrated = migrate_in_transaction(conn);
    conn.pragma_update(None, "foreign_keys", enforced)?;
    migrated
}

fn migrate_in_transaction(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Another process may have migrated between our check and taking the write lock.
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (sql, backfill) in MIGRATIONS
        .iter()
        .skip(usize::try_from(current).unwrap_or(usize::MAX))
    {
        tx.execute_batch(sql)?;
        if let Some(backfill) = backfill {
            backfill(&tx)?;
        }
    }
    let dangling: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if dangling > 0 {
        // Rolled back when `tx` drops: the file stays as it was.
        return Err(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
            Some(format!(
                "{dangling} rows refer to rows that do not exist; nothing was upgraded"
            )),
        ));
    }
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    tx.commit()
}

/// Version 4: the response-quality flags of every assessment saved before, from its answers (no
/// timing was kept then, so `too-fast` cannot be raised). An assessment of a questionnaire this
/// Bearing does not know keeps no flags.
fn backfill_flags(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut answers: BTreeMap<i64, (String, BTreeMap<String, u8>)> = BTreeMap::new();
    {
        let mut stmt = tx.prepare(
            "SELECT a.id, a.questionnaire, n.item_id, n.value \
             FROM assessment a JOIN answer n ON n.assessment_id = a.id",
        )?;
        let rows = stmt.query_map([], |r| <(i64, String, String, u8)>::try_from(r))?;
        for row in rows {
            let (id, version, item, value) = row?;
            answers
                .entry(id)
                .or_insert_with(|| (version, BTreeMap::new()))
                .1
                .insert(item, value);
        }
    }
    let mut update = tx.prepare("UPDATE assessment SET flags = ?2 WHERE id = ?1")?;
    for (id, (version, values)) in answers {
        let Some(q) = questionnaire::by_version(&version) else {
            continue;
        };
        let Ok(sheet) = AnswerSheet::from_values(q, &values) else {
            continue;
        };
        let flags = response_quality(&sheet, None).slugs();
        if !flags.is_empty() {
            update.execute(params![id, flags])?;
        }
    }
    Ok(())
}
