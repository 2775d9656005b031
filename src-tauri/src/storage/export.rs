//! Reading everything into an export document (`storage/import.rs` merges one back in).

use std::collections::{BTreeMap, HashMap};

use super::{Storage, StorageError};
use crate::domain::export::{ExportAssessment, ExportCommitment, ExportProfile, ExportReview};
use crate::domain::{Quadrant, Rater, ReviewStatus};

/// An assessment's answers and its notes per statement.
type AnswersAndNotes = (BTreeMap<String, u8>, BTreeMap<String, String>);

type Row = (
    i64,
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
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

impl Storage {
    /// Every profile with its assessments (oldest first), answers and commitments; notes only with
    /// `include_notes`. Four queries in one read transaction, whatever the size of the history.
    pub fn export_profiles(&self, include_notes: bool) -> Result<Vec<ExportProfile>, StorageError> {
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(|e| self.sqlite(e))?;
        let read = || -> rusqlite::Result<_> {
            let profiles: Vec<(i64, String, String, String, Option<String>, i64)> = tx
                .prepare(
                    "SELECT id, uuid, name, created_at, archived_at, cadence_days FROM profile \
                     ORDER BY id",
                )?
                .query_map([], |r| r.try_into())?
                .collect::<rusqlite::Result<_>>()?;
            let assessments: Vec<Row> = tx
                .prepare(
                    "SELECT id, profile_id, rater, taken_on, recorded_at, questionnaire, focus, \
                     autonomy, quadrant, borderline, note, confirmed_at, rater_id, rater_name, \
                     uuid FROM assessment \
                     ORDER BY profile_id, taken_on, id",
                )?
                .query_map([], |r| r.try_into())?
                .collect::<rusqlite::Result<_>>()?;
            let answers: Vec<(i64, String, u8, Option<String>)> = tx
                .prepare("SELECT assessment_id, item_id, value, note FROM answer")?
                .query_map([], |r| r.try_into())?
                .collect::<rusqlite::Result<_>>()?;
            type CommitmentRow = (
                i64,
                String,
                String,
                Option<String>,
                Option<String>,
                Option<i64>,
                String,
            );
            let commitments: Vec<CommitmentRow> = tx
                .prepare(
                    "SELECT assessment_id, action_id, committed_at, status, review_note, \
                     reviewed_in, uuid FROM commitment ORDER BY assessment_id, position",
                )?
                .query_map([], |r| r.try_into())?
                .collect::<rusqlite::Result<_>>()?;
            Ok((profiles, assessments, answers, commitments))
        };
        let (profiles, assessments, answers, commitments) = read().map_err(|e| self.sqlite(e))?;

        // Where each assessment sits in its profile's list, for `reviewed_in`.
        let mut index_in_profile: HashMap<i64, usize> = HashMap::new();
        let mut count: HashMap<i64, usize> = HashMap::new();
        for row in &assessments {
            let n = count.entry(row.1).or_default();
            index_in_profile.insert(row.0, *n);
            *n += 1;
        }
        let mut answers_of: HashMap<i64, AnswersAndNotes> = HashMap::new();
        for (id, item, value, note) in answers {
            let (values, notes) = answers_of.entry(id).or_default();
            if let (true, Some(note)) = (include_notes, note) {
                notes.insert(item.clone(), note);
            }
            values.insert(item, value);
        }
        let mut commitments_of: HashMap<i64, Vec<ExportCommitment>> = HashMap::new();
        for (id, action, committed_at, status, note, reviewed_in, uuid) in commitments {
            let review = match (status, reviewed_in) {
                (Some(status), Some(by)) => Some(ExportReview {
                    status: ReviewStatus::from_slug(&status).ok_or_else(|| {
                        self.corrupt(format!("a commitment has status `{status}`"))
                    })?,
                    note: note.filter(|_| include_notes),
                    reviewed_in: *index_in_profile.get(&by).ok_or_else(|| {
                        self.corrupt(format!(
                            "a commitment is reviewed by missing assessment {by}"
                        ))
                    })?,
                }),
                _ => None,
            };
            commitments_of
                .entry(id)
                .or_default()
                .push(ExportCommitment {
                    id: uuid,
                    action,
                    committed_at,
                    review,
                });
        }
        let mut by_profile: BTreeMap<i64, Vec<ExportAssessment>> = BTreeMap::new();
        for row in assessments {
            let (
                id,
                profile,
                rater,
                date,
                recorded_at,
                questionnaire,
                focus,
                autonomy,
                quadrant,
                borderline,
                note,
                confirmed_at,
                rater_id,
                rater_name,
                uuid,
            ) = row;
            let (answers, notes) = answers_of.remove(&id).unwrap_or_default();
            by_profile
                .entry(profile)
                .or_default()
                .push(ExportAssessment {
                    id: uuid,
                    date: chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                        .map_err(|_| self.corrupt(format!("assessment {id} has date `{date}`")))?,
                    recorded_at,
                    rater: Rater::from_slug(&rater).ok_or_else(|| {
                        self.corrupt(format!("assessment {id} has rater `{rater}`"))
                    })?,
                    rater_id,
                    rater_name,
                    questionnaire,
                    focus,
                    autonomy,
                    quadrant: Quadrant::from_slug(&quadrant).ok_or_else(|| {
                        self.corrupt(format!("assessment {id} has quadrant `{quadrant}`"))
                    })?,
                    borderline,
                    answers,
                    note: note.filter(|_| include_notes),
                    notes,
                    commitments: commitments_of.remove(&id).unwrap_or_default(),
                    confirmed_at,
                });
        }
        Ok(profiles
            .into_iter()
            .map(
                |(id, uuid, name, created_at, archived_at, cadence_days)| ExportProfile {
                    id: uuid,
                    name,
                    created_at,
                    archived_at,
                    cadence_days,
                    assessments: by_profile.remove(&id).unwrap_or_default(),
                },
            )
            .collect())
    }
}
