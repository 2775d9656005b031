//! Merging a validated export document into the database, each person where an [`ImportPlan`]
//! says, and the lookups that decide the plan (by id, by a remembered link).

use chrono::DateTime;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{Storage, StorageError};
use crate::domain::export::{ExportAssessment, ExportDocument};
use crate::domain::measurement::response_quality;
use crate::domain::Rater;
use crate::domain::{questionnaire, AnswerSheet};

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ImportOutcome {
    pub profiles_added: usize,
    pub assessments_added: usize,
    /// Assessments already in the database (the same id, or for one from another database that
    /// lacked ids, the same person, rater, date and save time).
    pub assessments_skipped: usize,
}

/// Where one person of a document goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Into profile `profile_id` here; with `link`, the document's id for the person is
    /// remembered as theirs, so the next document from there lands in the same place.
    Existing { profile_id: i64, link: bool },
    /// A new person here, called `name` (free here), keeping the document's id.
    New { name: String },
}

/// Where every person of a document goes, decided (and checked) before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    /// The untouched first person of a fresh database, replaced by the document's people (a
    /// restore): `Some(their id)`.
    pub replace: Option<i64>,
    /// One per person of the document, in its order.
    pub people: Vec<Destination>,
    /// When links made now are recorded (RFC 3339, UTC).
    pub now: String,
}

/// The rater id an imported assessment is stored with: its own, or for another rater's assessment
/// from an export that had none, a new one (nothing says who answered it).
fn rater_id_of(a: &ExportAssessment) -> Option<String> {
    match a.rater {
        Rater::SelfRating => None,
        _ => Some(
            a.rater_id
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        ),
    }
}

impl Storage {
    /// Merges a validated document into the database in one transaction, each person where
    /// `plan` says (one destination per person of the document). An assessment already here
    /// (see [`Storage::assessment_present`]) is skipped together with its commitments, but a
    /// review recorded since is brought over. Either everything is added or nothing is.
    pub fn import_document(
        &mut self,
        doc: &ExportDocument,
        plan: &ImportPlan,
    ) -> Result<ImportOutcome, StorageError> {
        if plan.people.len() != doc.profiles.len() {
            return Err(self.corrupt(format!(
                "an import plan for {} people was given a document of {}",
                plan.people.len(),
                doc.profiles.len()
            )));
        }
        let changed = self.conflict(
            "this Bearing gained a history of its own while the file was being read; read it again",
        );
        self.write(|tx| {
            if let Some(id) = plan.replace {
                // Only while it is still untouched: no assessment, draft or link of its own.
                let gone = tx.execute(
                    "DELETE FROM profile WHERE id = ?1 \
                     AND NOT EXISTS (SELECT 1 FROM assessment WHERE profile_id = ?1) \
                     AND NOT EXISTS (SELECT 1 FROM draft WHERE profile_id = ?1) \
                     AND NOT EXISTS (SELECT 1 FROM profile_link WHERE profile_id = ?1)",
                    params![id],
                )?;
                if gone != 1 {
                    return Err(changed.into());
                }
            }
            Ok(import_into(tx, doc, plan)?)
        })
    }

    /// The profile whose own id is `uuid`, if any.
    pub fn profile_id_by_uuid(&self, uuid: &str) -> Result<Option<i64>, StorageError> {
        self.conn
            .query_row(
                "SELECT id FROM profile WHERE uuid = ?1",
                params![uuid],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// The profile a person of another database (their id there) was put into, if linked.
    pub fn linked_profile(&self, foreign_uuid: &str) -> Result<Option<i64>, StorageError> {
        self.conn
            .query_row(
                "SELECT profile_id FROM profile_link WHERE foreign_uuid = ?1",
                params![foreign_uuid],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sqlite(e))
    }

    /// Whether the database is as a first start left it: one person with no assessment, draft
    /// or link. Their id when so.
    pub fn untouched_profile(&self) -> Result<Option<i64>, StorageError> {
        self.conn
            .query_row(
                "SELECT min(id) FROM profile \
                 WHERE (SELECT count(*) FROM profile) = 1 \
                 AND NOT EXISTS (SELECT 1 FROM assessment) \
                 AND NOT EXISTS (SELECT 1 FROM draft) \
                 AND NOT EXISTS (SELECT 1 FROM profile_link)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.sqlite(e))
    }

    /// Whether assessment `a` of a document is here already: by its id anywhere, or, going into
    /// profile `into`, by that person, rater, date and save time (what identified an assessment
    /// before ids, so a copy that reached another database before it had ids is found too).
    pub fn assessment_present(
        &self,
        into: Option<i64>,
        a: &ExportAssessment,
    ) -> Result<bool, StorageError> {
        find_assessment(&self.conn, into, a)
            .map(|found| found.is_some())
            .map_err(|e| self.sqlite(e))
    }
}

fn find_assessment(
    conn: &Connection,
    into: Option<i64>,
    a: &ExportAssessment,
) -> rusqlite::Result<Option<i64>> {
    let by_id: Option<i64> = conn
        .prepare_cached("SELECT id FROM assessment WHERE uuid = ?1")?
        .query_row(params![a.id], |r| r.get(0))
        .optional()?;
    if by_id.is_some() {
        return Ok(by_id);
    }
    // Deleted here: it stays deleted (its id stands in for it).
    let deleted: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM deleted_assessment WHERE uuid = ?1)")?
        .query_row(params![a.id], |r| r.get(0))?;
    if deleted {
        return Ok(Some(0));
    }
    let Some(profile) = into else {
        return Ok(None);
    };
    conn.prepare_cached(
        "SELECT id FROM assessment WHERE profile_id = ?1 AND rater = ?2 \
         AND taken_on = ?3 AND recorded_at = ?4",
    )?
    .query_row(
        params![
            profile,
            a.rater.slug(),
            a.date.format("%Y-%m-%d").to_string(),
            a.recorded_at
        ],
        |r| r.get(0),
    )
    .optional()
}

fn import_into(
    tx: &Transaction<'_>,
    doc: &ExportDocument,
    plan: &ImportPlan,
) -> rusqlite::Result<ImportOutcome> {
    let mut outcome = ImportOutcome::default();
    for (profile, destination) in doc.profiles.iter().zip(&plan.people) {
        let profile_id = match destination {
            Destination::Existing { profile_id, link } => {
                let created_at: String = tx.query_row(
                    "SELECT created_at FROM profile WHERE id = ?1",
                    params![profile_id],
                    |r| r.get(0),
                )?;
                // The person existed before either database knew them: keep the earlier date.
                if earlier(&profile.created_at, &created_at) {
                    tx.execute(
                        "UPDATE profile SET created_at = ?2 WHERE id = ?1",
                        params![profile_id, profile.created_at],
                    )?;
                }
                if *link {
                    tx.execute(
                        "INSERT INTO profile_link (foreign_uuid, profile_id, linked_at) \
                         VALUES (?1, ?2, ?3) ON CONFLICT (foreign_uuid) DO NOTHING",
                        params![profile.id, profile_id, plan.now],
                    )?;
                }
                *profile_id
            }
            Destination::New { name } => {
                tx.execute(
                    "INSERT INTO profile (uuid, name, created_at, archived_at, cadence_days) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        profile.id,
                        name,
                        profile.created_at,
                        profile.archived_at,
                        profile.cadence_days
                    ],
                )?;
                outcome.profiles_added += 1;
                tx.last_insert_rowid()
            }
        };
        let mut ids = Vec::with_capacity(profile.assessments.len());
        let mut added = Vec::with_capacity(profile.assessments.len());
        for a in &profile.assessments {
            if let Some(id) = find_assessment(tx, Some(profile_id), a)? {
                ids.push(id);
                added.push(false);
                outcome.assessments_skipped += 1;
                continue;
            }
            // Prepared once per import, not per assessment: preparing it also compiles the
            // trigger that packs the row's summary (schema 10).
            tx.prepare_cached(
                "INSERT INTO assessment (uuid, profile_id, rater, taken_on, recorded_at, \
                 questionnaire, focus, autonomy, quadrant, borderline, note, flags, confirmed_at, \
                 rater_id, rater_name) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                a.id,
                profile_id,
                a.rater.slug(),
                a.date.format("%Y-%m-%d").to_string(),
                a.recorded_at,
                a.questionnaire,
                a.focus,
                a.autonomy,
                a.quadrant.slug(),
                a.borderline,
                a.note,
                stored_flags(a),
                a.confirmed_at,
                rater_id_of(a),
                a.rater_name,
            ])?;
            let id = tx.last_insert_rowid();
            let mut answer = tx.prepare_cached(
                "INSERT INTO answer (assessment_id, item_id, value, note) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for (item, value) in &a.answers {
                answer.execute(params![id, item, value, a.notes.get(item)])?;
            }
            ids.push(id);
            added.push(true);
            outcome.assessments_added += 1;
        }
        let mut insert = tx.prepare_cached(
            "INSERT INTO commitment (uuid, assessment_id, action_id, position, committed_at, \
             status, review_note, reviewed_in) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let mut review = tx.prepare_cached(
            "UPDATE commitment SET status = ?3, review_note = ?4, reviewed_in = ?5 \
             WHERE assessment_id = ?1 AND action_id = ?2 AND status IS NULL",
        )?;
        // The row an assessment of the document is here; none for one deleted here (its
        // tombstone stands in for it, as id 0), so nothing refers to it.
        let here = |k: usize| ids.get(k).copied().filter(|&id| id != 0);
        for (i, a) in profile.assessments.iter().enumerate() {
            if !added[i] {
                // Already here: a review the other database has recorded since is brought over
                // when the commitment is still open here.
                for c in &a.commitments {
                    if let (Some(at), Some(r)) = (here(i), &c.review) {
                        if let Some(by) = here(r.reviewed_in) {
                            review.execute(params![at, c.action, r.status.slug(), r.note, by])?;
                        }
                    }
                }
                continue;
            }
            for (n, c) in a.commitments.iter().enumerate() {
                let review = c
                    .review
                    .as_ref()
                    .and_then(|r| here(r.reviewed_in).map(|by| (r, by)));
                insert.execute(params![
                    c.id,
                    ids[i],
                    c.action,
                    i64::try_from(n + 1).unwrap_or(i64::MAX),
                    c.committed_at,
                    review.map(|(r, _)| r.status.slug()),
                    review.and_then(|(r, _)| r.note.as_deref()),
                    review.map(|(_, by)| by),
                ])?;
            }
        }
    }
    Ok(outcome)
}

/// Whether RFC 3339 time `a` is before `b` (unreadable times count as not earlier).
fn earlier(a: &str, b: &str) -> bool {
    match (
        DateTime::parse_from_rfc3339(a),
        DateTime::parse_from_rfc3339(b),
    ) {
        (Ok(a), Ok(b)) => a < b,
        _ => false,
    }
}

/// The response-quality flags of an imported assessment, from its answers (the document was
/// validated, so its questionnaire is known and its answers complete).
fn stored_flags(a: &ExportAssessment) -> String {
    questionnaire::by_version(&a.questionnaire)
        .and_then(|q| AnswerSheet::from_values(q, &a.answers).ok())
        .map(|sheet| response_quality(&sheet, None).slugs())
        .unwrap_or_default()
}
