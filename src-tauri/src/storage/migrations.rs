//! Schema migrations: ordered, append-only SQL files; the version lives in `PRAGMA user_version`.

use rusqlite::Connection;

/// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_init.sql"),
    include_str!("../../migrations/0002_commitments_and_drafts.sql"),
    include_str!("../../migrations/0003_profiles_and_raters.sql"),
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
    for sql in MIGRATIONS
        .iter()
        .skip(usize::try_from(current).unwrap_or(usize::MAX))
    {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", LATEST_VERSION)?;
    tx.commit()
}
