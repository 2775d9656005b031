//! Deleting an assessment, and undeleting it.
//!
//! Deleting removes the assessment, its answers and the commitments made after it. The reviews it
//! recorded move to the next assessment of the same person (they describe the same period), or,
//! when there is none, the reviewed commitments become open again. Everything removed is returned
//! as a [`Tombstone`], from which [`Storage::undelete_assessment`] puts it back exactly.

use rusqlite::{params, OptionalExtension, Transaction};

use super::{Storage, StorageError};

/// All rows of one deleted assessment, as they were.
#[derive(Debug, Clone, PartialEq)]
pub struct Tombstone {
    pub id: i64,
    /// The date it described (YYYY-MM-DD), for messages.
    pub taken_on: String,
    assessment: AssessmentRow,
    later: LaterColumns,
    answers: Vec<(String, i64, Option<String>)>,
    commitments: Vec<CommitmentRow>,
    /// Commitments it reviewed: (commitment id, action id, status, note).
    reviews: Vec<(i64, String, String, Option<String>)>,
}

/// profile_id, rater, taken_on, recorded_at, questionnaire, focus, autonomy, quadrant, borderline,
/// note.
type AssessmentRow = (
    i64,
    String,
    String,
    String,
    String,
    f64,
    f64,
    String,
    bool,
    Option<String>,
);

/// flags, median_seconds, confirmed_at, rater_id, rater_name, uuid: the columns added since
/// version 1.
type LaterColumns = (
    String,
    Option<f64>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// id, action_id, position, committed_at, status, review_note, reviewed_in, uuid.
type CommitmentRow = (
    i64,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
);

impl Storage {
    /// Deletes assessment `id` in one transaction and returns what was removed; `None` if there
    /// is no such assessment.
    pub fn delete_assessment(&mut self, id: i64) -> Result<Option<Tombstone>, StorageError> {
        self.write(|tx| {
            let Some(tombstone) = read_tombstone(tx, id)? else {
                return Ok(None);
            };
            remove(tx, &tombstone)?;
            // Remembered by id, so a copy from another computer does not bring it back.
            tx.execute(
                "INSERT INTO deleted_assessment (uuid, profile_id, deleted_at) \
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) \
                 ON CONFLICT (uuid) DO NOTHING",
                params![tombstone.later.5, tombstone.assessment.0],
            )?;
            Ok(Some(tombstone))
        })
    }

    /// Puts a deleted assessment back as it was, in one transaction. Refused (nothing written)
    /// if its id has been taken again meanwhile, or the history changed since the deletion.
    pub fn undelete_assessment(&mut self, tombstone: &Tombstone) -> Result<(), StorageError> {
        let taken = self.conflict(format!(
            "the assessment of {} cannot be brought back: its place has been taken",
            tombstone.taken_on
        ));
        let changed = self.conflict(format!(
            "the assessment of {} cannot be brought back: the history changed since it was deleted",
            tombstone.taken_on
        ));
        self.write(|tx| {
            let exists: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM assessment WHERE id = ?1)",
                params![tombstone.id],
                |r| r.get(0),
            )?;
            if exists {
                return Err(taken.into());
            }
            tx.execute(
                "DELETE FROM deleted_assessment WHERE uuid = ?1",
                params![tombstone.later.5],
            )?;
            // Returning an error drops the transaction, which rolls back whatever was put back.
            match undelete(tx, tombstone) {
                Ok(true) => Ok(()),
                Ok(false) => Err(changed.into()),
                Err(e)
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) =>
                {
                    Err(changed.into())
                }
                Err(e) => Err(e.into()),
            }
        })
    }
}

fn read_tombstone(tx: &Transaction<'_>, id: i64) -> rusqlite::Result<Option<Tombstone>> {
    let assessment: Option<AssessmentRow> = tx
        .query_row(
            "SELECT profile_id, rater, taken_on, recorded_at, questionnaire, focus, autonomy, \
             quadrant, borderline, note FROM assessment WHERE id = ?1",
            params![id],
            |r| r.try_into(),
        )
        .optional()?;
    let Some(assessment) = assessment else {
        return Ok(None);
    };
    let later: LaterColumns = tx.query_row(
        "SELECT flags, median_seconds, confirmed_at, rater_id, rater_name, uuid FROM assessment \
         WHERE id = ?1",
        params![id],
        |r| r.try_into(),
    )?;
    let answers = tx
        .prepare("SELECT item_id, value, note FROM answer WHERE assessment_id = ?1")?
        .query_map(params![id], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    let commitments = tx
        .prepare(
            "SELECT id, action_id, position, committed_at, status, review_note, reviewed_in, \
             uuid FROM commitment WHERE assessment_id = ?1 ORDER BY position",
        )?
        .query_map(params![id], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    let reviews = tx
        .prepare(
            "SELECT id, action_id, status, review_note FROM commitment WHERE reviewed_in = ?1",
        )?
        .query_map(params![id], |r| r.try_into())?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Tombstone {
        id,
        taken_on: assessment.2.clone(),
        assessment,
        later,
        answers,
        commitments,
        reviews,
    }))
}

fn remove(tx: &Transaction<'_>, t: &Tombstone) -> rusqlite::Result<()> {
    // The next assessment of the same person and rater takes over the reviews, if there is one.
    let next: Option<i64> = tx
        .query_row(
            "SELECT n.id FROM assessment a JOIN assessment n \
             ON n.profile_id = a.profile_id AND n.rater = a.rater \
             AND (n.taken_on > a.taken_on OR (n.taken_on = a.taken_on AND n.id > a.id)) \
             WHERE a.id = ?1 ORDER BY n.taken_on, n.id LIMIT 1",
            params![t.id],
            |r| r.get(0),
        )
        .optional()?;
    match next {
        Some(next) => tx.execute(
            "UPDATE commitment SET reviewed_in = ?2 WHERE reviewed_in = ?1",
            params![t.id, next],
        )?,
        None => tx.execute(
            "UPDATE commitment SET status = NULL, review_note = NULL, reviewed_in = NULL \
             WHERE reviewed_in = ?1",
            params![t.id],
        )?,
    };
    // Commitments made after it go with it (and with them, any review of them).
    tx.execute(
        "DELETE FROM commitment WHERE assessment_id = ?1",
        params![t.id],
    )?;
    tx.execute("DELETE FROM assessment WHERE id = ?1", params![t.id])?;
    Ok(())
}

/// Puts the rows back; `false` when a review cannot go back on its commitment (it changed since).
fn undelete(tx: &Transaction<'_>, t: &Tombstone) -> rusqlite::Result<bool> {
    let (a, b) = (&t.assessment, &t.later);
    tx.execute(
        "INSERT INTO assessment (id, profile_id, rater, taken_on, recorded_at, questionnaire, \
         focus, autonomy, quadrant, borderline, note, flags, median_seconds, confirmed_at, \
         rater_id, rater_name, uuid) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        params![
            t.id, a.0, a.1, a.2, a.3, a.4, a.5, a.6, a.7, a.8, a.9, b.0, b.1, b.2, b.3, b.4, b.5
        ],
    )?;
    let mut answer = tx.prepare(
        "INSERT INTO answer (assessment_id, item_id, value, note) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (item, value, note) in &t.answers {
        answer.execute(params![t.id, item, value, note])?;
    }
    let mut commitment = tx.prepare(
        "INSERT INTO commitment (id, assessment_id, action_id, position, committed_at, status, \
         review_note, reviewed_in, uuid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for c in &t.commitments {
        commitment.execute(params![c.0, t.id, c.1, c.2, c.3, c.4, c.5, c.6, c.7])?;
    }
    // The same commitment (id and action), reopened or handed to the next assessment by the
    // deletion; anything else means it changed meanwhile.
    let mut review = tx.prepare(
        "UPDATE commitment SET status = ?3, review_note = ?4, reviewed_in = ?5 \
         WHERE id = ?1 AND action_id = ?2 AND (status IS NULL OR status = ?3)",
    )?;
    for (id, action, status, note) in &t.reviews {
        if review.execute(params![id, action, status, note, t.id])? != 1 {
            return Ok(false);
        }
    }
    Ok(true)
}
