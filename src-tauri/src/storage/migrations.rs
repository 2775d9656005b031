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
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration after `from`, all in one transaction: either the database reaches
/// [`LATEST_VERSION`] or it is left exactly as it was.
pub(super) fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    if from >= LATEST_VERSION {
        return Ok(());
    }
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
