//! The export document: a full, versioned copy of Bearing's data as JSON, and its validation on
//! import. The format is documented in `docs/export-format.md`; this module is its definition.
//!
//! Validation is all-or-nothing and happens before anything is written: the whole document must
//! parse, every assessment's answers must be complete for a questionnaire this Bearing knows and
//! must give the stored position, and every reference must point inside the document. Messages
//! name the place at fault, e.g. `profiles[0].assessments[3].answers: ...`.
//!
//! Version 2 gives every person, assessment and commitment its `id` (a UUID), which is how an
//! import finds them again. A version 1 document has none: [`ExportDocument::parse`] derives them
//! (UUID v5) from what identified each row in version 1, so the same old file always gets the
//! same ids.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};

use super::answers::{check_note, AnswerSheet, AnswersError};
use super::commitment::{ReviewStatus, MAX_COMMITMENTS};
use super::questionnaire::{self, is_valid_id};
use super::{score, Quadrant, Rater};

/// The `format` field of every export document.
pub const FORMAT: &str = "bearing-export";

/// The version of the document format this Bearing writes.
pub const VERSION: u32 = 2;

/// Every version this Bearing reads.
pub const READS: [u32; 2] = [1, 2];

/// The namespace of the ids derived for a version 1 document's rows (a random UUID, fixed once).
const V1_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0xf6a2_5a68_5854_4958_9ddd_15b5_f8f0_2cf9);

/// Largest import file accepted.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Longest profile name, in characters.
pub const MAX_PROFILE_NAME: usize = 80;

/// A whole export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportDocument {
    pub format: String,
    pub version: u32,
    /// RFC 3339, UTC.
    pub exported_at: String,
    /// The Bearing version that wrote it.
    pub app_version: String,
    /// Whether the private notes are included.
    pub includes_notes: bool,
    pub profiles: Vec<ExportProfile>,
}

/// A person and their assessments, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportProfile {
    /// The person's id (a UUID), the same in every database that holds them.
    #[serde(default)]
    pub id: String,
    pub name: String,
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
    /// How often they mean to take an assessment, in days (7 to 366; 30 when absent).
    #[serde(default = "monthly")]
    pub cadence_days: i64,
    pub assessments: Vec<ExportAssessment>,
}

fn monthly() -> i64 {
    30
}

/// One assessment with its raw answers and the commitments made after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportAssessment {
    /// The assessment's id (a UUID): importing the same document twice adds nothing.
    #[serde(default)]
    pub id: String,
    pub date: NaiveDate,
    /// RFC 3339, UTC: when it was saved.
    pub recorded_at: String,
    pub rater: Rater,
    /// Who answered, for another rater (absent for the leader's own, and in older exports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater_id: Option<String>,
    /// The name a coach or manager gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater_name: Option<String>,
    pub questionnaire: String,
    pub focus: f64,
    pub autonomy: f64,
    pub quadrant: Quadrant,
    pub borderline: bool,
    pub answers: BTreeMap<String, u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, String>,
    /// In the order chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<ExportCommitment>,
    /// When the leader confirmed answers that were flagged (RFC 3339, UTC); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportCommitment {
    /// The commitment's id (a UUID).
    #[serde(default)]
    pub id: String,
    pub action: String,
    pub committed_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ExportReview>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportReview {
    pub status: ReviewStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Index, in the same profile's `assessments`, of the assessment that reviewed it.
    pub reviewed_in: usize,
}

/// Why an import document was refused.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImportError {
    #[error("not a Bearing export: {0}")]
    Json(String),
    #[error("not a Bearing export: `format` is `{0}`, expected `{FORMAT}`")]
    Format(String),
    #[error("export format version {0} is not supported; this Bearing reads versions 1 and {VERSION} (update Bearing for newer files)")]
    Version(u32),
    #[error("{place}: {detail}")]
    Invalid { place: String, detail: String },
}

fn invalid(place: &str, detail: impl Into<String>) -> ImportError {
    ImportError::Invalid {
        place: place.to_string(),
        detail: detail.into(),
    }
}

impl ExportDocument {
    /// Parses and validates a whole document.
    pub fn parse(text: &str) -> Result<ExportDocument, ImportError> {
        // The format and version are checked first, so an old or foreign file gets that message
        // rather than a complaint about some field.
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ImportError::Json(e.to_string()))?;
        let object = value
            .as_object()
            .ok_or_else(|| ImportError::Json("expected a JSON object".into()))?;
        match object.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => return Err(ImportError::Format(other.chars().take(64).collect())),
            None => return Err(ImportError::Json("it has no `format` field".into())),
        }
        match object.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if READS.iter().any(|&r| u64::from(r) == v) => {}
            Some(v) => return Err(ImportError::Version(u32::try_from(v).unwrap_or(u32::MAX))),
            None => {
                return Err(ImportError::Json(
                    "it has no whole-number `version` field".into(),
                ))
            }
        }
        let mut doc: ExportDocument =
            serde_json::from_value(value).map_err(|e| ImportError::Json(e.to_string()))?;
        if doc.version == 1 {
            doc.derive_ids()?;
        }
        doc.validate()?;
        Ok(doc)
    }

    /// Gives a version 1 document's rows the ids that version lacked, each derived from what
    /// identified the row then: a person from their name and when they were added, an assessment
    /// from its person, rater, date and save time, a commitment from its assessment and action.
    fn derive_ids(&mut self) -> Result<(), ImportError> {
        let derive = |key: String| uuid::Uuid::new_v5(&V1_NAMESPACE, key.as_bytes()).to_string();
        for (p, profile) in self.profiles.iter_mut().enumerate() {
            let place = format!("profiles[{p}]");
            no_id_in_v1(&place, &profile.id)?;
            profile.id = derive(format!("profile\n{}\n{}", profile.name, profile.created_at));
            for (i, a) in profile.assessments.iter_mut().enumerate() {
                let place = format!("{place}.assessments[{i}]");
                no_id_in_v1(&place, &a.id)?;
                a.id = derive(format!(
                    "assessment\n{}\n{}\n{}\n{}",
                    profile.id,
                    a.rater.slug(),
                    a.date,
                    a.recorded_at
                ));
                for (c, commitment) in a.commitments.iter_mut().enumerate() {
                    no_id_in_v1(&format!("{place}.commitments[{c}]"), &commitment.id)?;
                    commitment.id = derive(format!("commitment\n{}\n{}", a.id, commitment.action));
                }
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ImportError> {
        check_time("exported_at", &self.exported_at)?;
        let mut names = BTreeSet::new();
        let mut ids = BTreeSet::new();
        for (p, profile) in self.profiles.iter().enumerate() {
            let place = format!("profiles[{p}]");
            check_id(&mut ids, &place, &profile.id)?;
            let name = profile.name.trim();
            if name.is_empty() || name.chars().count() > MAX_PROFILE_NAME || name != profile.name {
                return Err(invalid(
                    &format!("{place}.name"),
                    format!("must be 1 to {MAX_PROFILE_NAME} characters without leading or trailing spaces"),
                ));
            }
            if !names.insert(name.to_lowercase()) {
                return Err(invalid(
                    &format!("{place}.name"),
                    format!("`{name}` appears twice; profile names are unique"),
                ));
            }
            check_time(&format!("{place}.created_at"), &profile.created_at)?;
            if !(7..=366).contains(&profile.cadence_days) {
                return Err(invalid(
                    &format!("{place}.cadence_days"),
                    format!("{} is out of range; 7 to 366 days", profile.cadence_days),
                ));
            }
            if let Some(at) = &profile.archived_at {
                check_time(&format!("{place}.archived_at"), at)?;
            }
            validate_assessments(&place, &profile.assessments, self.includes_notes)?;
            for (i, a) in profile.assessments.iter().enumerate() {
                let place = format!("{place}.assessments[{i}]");
                check_id(&mut ids, &place, &a.id)?;
                for (c, commitment) in a.commitments.iter().enumerate() {
                    check_id(
                        &mut ids,
                        &format!("{place}.commitments[{c}]"),
                        &commitment.id,
                    )?;
                }
            }
        }
        Ok(())
    }

    /// How many assessments the document holds.
    pub fn assessment_count(&self) -> usize {
        self.profiles.iter().map(|p| p.assessments.len()).sum()
    }
}

/// Whether `text` is a UUID in its one canonical spelling (lower-case, hyphenated), the form
/// Bearing writes and stores.
pub fn is_canonical_uuid(text: &str) -> bool {
    uuid::Uuid::try_parse(text).is_ok_and(|id| id.hyphenated().to_string() == text)
}

/// An id must be a canonical UUID, and no two rows of a document share one.
fn check_id(seen: &mut BTreeSet<String>, place: &str, id: &str) -> Result<(), ImportError> {
    if !is_canonical_uuid(id) {
        return Err(invalid(
            &format!("{place}.id"),
            format!(
                "`{}` is not an id; expected a lower-case UUID such as 0f8e6c1a-3b2d-4e5f-8a9b-0c1d2e3f4a5b",
                clip(id)
            ),
        ));
    }
    if !seen.insert(id.to_string()) {
        return Err(invalid(
            &format!("{place}.id"),
            format!("`{id}` appears twice"),
        ));
    }
    Ok(())
}

fn no_id_in_v1(place: &str, id: &str) -> Result<(), ImportError> {
    if id.is_empty() {
        Ok(())
    } else {
        Err(invalid(
            &format!("{place}.id"),
            "a version 1 document has no ids; the file was changed after export",
        ))
    }
}

fn check_time(place: &str, text: &str) -> Result<(), ImportError> {
    DateTime::parse_from_rfc3339(text)
        .map(drop)
        .map_err(|_| invalid(place, format!("`{}` is not an RFC 3339 time", clip(text))))
}

fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

fn validate_assessments(
    profile: &str,
    list: &[ExportAssessment],
    includes_notes: bool,
) -> Result<(), ImportError> {
    let earliest = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN);
    // Dates first: the other checks rely on the order.
    for (i, a) in list.iter().enumerate() {
        let place = format!("{profile}.assessments[{i}].date");
        if a.date < earliest {
            return Err(invalid(&place, "is before 2000"));
        }
        if i > 0 && a.date < list[i - 1].date {
            return Err(invalid(&place, "assessments must be listed oldest first"));
        }
    }
    let mut keys = BTreeSet::new();
    for (i, a) in list.iter().enumerate() {
        let place = format!("{profile}.assessments[{i}]");
        check_time(&format!("{place}.recorded_at"), &a.recorded_at)?;
        if let Some(at) = &a.confirmed_at {
            check_time(&format!("{place}.confirmed_at"), at)?;
        }
        match (a.rater, &a.rater_id) {
            (Rater::SelfRating, Some(_)) => {
                return Err(invalid(
                    &format!("{place}.rater_id"),
                    "is for another rater's assessment, not the leader's own",
                ))
            }
            (_, Some(id)) if !super::sheet::valid_rater_id(id) => {
                return Err(invalid(
                    &format!("{place}.rater_id"),
                    "must be 1 to 64 letters, digits or dashes",
                ))
            }
            _ => {}
        }
        if let Some(name) = &a.rater_name {
            super::sheet::check_rater_name(a.rater, name)
                .map_err(|e| invalid(&format!("{place}.rater_name"), e.to_string()))?;
        }
        if !keys.insert((a.rater.slug(), a.date, a.recorded_at.clone())) {
            return Err(invalid(&place, "appears twice"));
        }
        let q = questionnaire::by_version(&a.questionnaire).ok_or_else(|| {
            invalid(
                &format!("{place}.questionnaire"),
                format!(
                    "version `{}` is unknown to this Bearing (it knows {})",
                    clip(&a.questionnaire),
                    questionnaire::known_versions().join(", ")
                ),
            )
        })?;
        let sheet = AnswerSheet::from_values(q, &a.answers)
            .map_err(|e| invalid(&format!("{place}.answers"), e.to_string()))?;
        let s = score(&sheet);
        // Positions are stored rounded to one decimal, exactly as scoring gives them.
        let tenths = |x: f64| (x * 10.0).round() as i64;
        if tenths(s.focus) != tenths(a.focus)
            || tenths(s.autonomy) != tenths(a.autonomy)
            || (a.focus * 10.0 - (a.focus * 10.0).round()).abs() > 1e-6
            || (a.autonomy * 10.0 - (a.autonomy * 10.0).round()).abs() > 1e-6
        {
            return Err(invalid(
                &place,
                format!(
                    "its position ({:.1}, {:.1}) is not what its answers give ({:.1}, {:.1}); the file was changed after export",
                    a.focus, a.autonomy, s.focus, s.autonomy
                ),
            ));
        }
        if (a.quadrant, a.borderline) != (s.quadrant, s.borderline) {
            return Err(invalid(
                &place,
                format!(
                    "its quadrant `{}` (borderline: {}) is not what its position gives (`{}`, borderline: {}); the file was changed after export",
                    a.quadrant.slug(),
                    a.borderline,
                    s.quadrant.slug(),
                    s.borderline
                ),
            ));
        }
        if !includes_notes && (a.note.is_some() || !a.notes.is_empty()) {
            return Err(invalid(
                &place,
                "has notes, but the document says `includes_notes: false`",
            ));
        }
        let note_error = |e: AnswersError| invalid(&place, e.to_string());
        if let Some(note) = &a.note {
            check_kept_note(note, "on the assessment").map_err(note_error)?;
        }
        for (id, note) in &a.notes {
            if q.item(id).is_none() {
                return Err(invalid(
                    &format!("{place}.notes"),
                    format!(
                        "`{}` is not a statement of questionnaire {}",
                        clip(id),
                        q.version
                    ),
                ));
            }
            check_kept_note(note, &format!("on item `{id}`")).map_err(note_error)?;
        }
        validate_commitments(&place, i, a, list, includes_notes)?;
    }
    Ok(())
}

/// A stored note is already trimmed and non-empty; anything else was edited.
fn check_kept_note(text: &str, place: &str) -> Result<(), AnswersError> {
    match check_note(text, place)? {
        Some(kept) if kept == text => Ok(()),
        _ => Err(AnswersError::Json(format!(
            "the note {place} is empty or has surrounding spaces"
        ))),
    }
}

fn validate_commitments(
    place: &str,
    index: usize,
    a: &ExportAssessment,
    list: &[ExportAssessment],
    includes_notes: bool,
) -> Result<(), ImportError> {
    if a.commitments.len() > MAX_COMMITMENTS {
        return Err(invalid(
            &format!("{place}.commitments"),
            format!("has {}; at most {MAX_COMMITMENTS}", a.commitments.len()),
        ));
    }
    let mut actions = BTreeSet::new();
    for (c, commitment) in a.commitments.iter().enumerate() {
        let cplace = format!("{place}.commitments[{c}]");
        if !is_valid_id(&commitment.action) {
            return Err(invalid(
                &format!("{cplace}.action"),
                "must be 1 to 64 characters of a-z, 0-9 and -",
            ));
        }
        if !actions.insert(commitment.action.as_str()) {
            return Err(invalid(
                &format!("{cplace}.action"),
                format!("`{}` is listed twice", commitment.action),
            ));
        }
        check_time(&format!("{cplace}.committed_at"), &commitment.committed_at)?;
        if let Some(review) = &commitment.review {
            let target = list.get(review.reviewed_in).ok_or_else(|| {
                invalid(
                    &format!("{cplace}.review.reviewed_in"),
                    format!(
                        "{} is not an assessment of this profile",
                        review.reviewed_in
                    ),
                )
            })?;
            if review.reviewed_in <= index || target.date < a.date {
                return Err(invalid(
                    &format!("{cplace}.review.reviewed_in"),
                    "must be a later assessment than the one the commitment follows",
                ));
            }
            if let Some(note) = &review.note {
                if !includes_notes {
                    return Err(invalid(
                        &cplace,
                        "has a review note, but the document says `includes_notes: false`",
                    ));
                }
                check_kept_note(note, "on the review")
                    .map_err(|e| invalid(&cplace, e.to_string()))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::domain::test_support::extreme;

    fn assessment(date: &str, quadrant: Quadrant) -> Value {
        let sign = |high: bool| if high { 1.0 } else { -1.0 };
        let sheet = extreme(sign(quadrant.high_focus()), sign(quadrant.high_autonomy()));
        let s = score(&sheet);
        json!({
            "id": uuid::Uuid::new_v4().to_string(),
            "date": date,
            "recorded_at": format!("{date}T10:00:00.000Z"),
            "rater": "self",
            "questionnaire": "v1",
            "focus": s.focus,
            "autonomy": s.autonomy,
            "quadrant": s.quadrant,
            "borderline": s.borderline,
            "answers": sheet.answer_map(),
        })
    }

    /// A valid document: one profile, two assessments, a reviewed commitment, notes included.
    fn valid() -> Value {
        let mut first = assessment("2026-01-31", Quadrant::LowEverything);
        first["note"] = json!("A slow month");
        first["notes"] = json!({"focus-priorities-check": "Planning week"});
        first["commitments"] = json!([
            {"id": uuid::Uuid::new_v4().to_string(), "action": "two-notes-a-week",
             "committed_at": "2026-01-31T10:05:00Z",
             "review": {"status": "partly", "note": "Managed one a week", "reviewed_in": 1}},
            {"id": uuid::Uuid::new_v4().to_string(), "action": "log-a-proactive-move-weekly",
             "committed_at": "2026-01-31T10:05:00Z"}
        ]);
        json!({
            "format": FORMAT, "version": VERSION, "exported_at": "2026-03-01T00:00:00Z",
            "app_version": "0.1.0", "includes_notes": true,
            "profiles": [{"id": uuid::Uuid::new_v4().to_string(),
                          "name": "Me", "created_at": "2026-01-01T00:00:00Z",
                          "assessments": [first, assessment("2026-02-28", Quadrant::ImpactGalore)]}]
        })
    }

    fn parse(value: &Value) -> Result<ExportDocument, ImportError> {
        ExportDocument::parse(&value.to_string())
    }

    #[test]
    fn a_valid_document_parses_and_round_trips() {
        let doc = parse(&valid()).unwrap();
        assert_eq!(doc.assessment_count(), 2);
        let review = doc.profiles[0].assessments[0].commitments[0]
            .review
            .as_ref()
            .unwrap();
        assert_eq!(
            (review.status, review.reviewed_in),
            (ReviewStatus::Partly, 1)
        );
        let again = ExportDocument::parse(&serde_json::to_string(&doc).unwrap()).unwrap();
        assert_eq!(again, doc);
    }

    #[test]
    fn foreign_truncated_and_newer_files_are_refused_by_kind() {
        let text = valid().to_string();
        assert!(matches!(
            ExportDocument::parse(&text[..text.len() / 2]),
            Err(ImportError::Json(_))
        ));
        assert!(matches!(
            ExportDocument::parse("[1, 2]"),
            Err(ImportError::Json(_))
        ));
        assert!(matches!(
            ExportDocument::parse("{}"),
            Err(ImportError::Json(_))
        ));
        let mut other = valid();
        other["format"] = json!("something-else");
        assert_eq!(
            parse(&other),
            Err(ImportError::Format("something-else".into()))
        );
        let mut newer = valid();
        newer["version"] = json!(3);
        assert_eq!(parse(&newer), Err(ImportError::Version(3)));
        let mut extra = valid();
        extra["profiles"][0]["assessments"][0]["score"] = json!(1);
        assert!(matches!(parse(&extra), Err(ImportError::Json(_))));
    }

    /// Each mutation of a valid document must be refused with a message naming `place`.
    #[test]
    fn every_kind_of_bad_content_is_refused_naming_its_place() {
        let a0 = "/profiles/0/assessments/0";
        let cases: Vec<(String, Value, &str)> = vec![
            ("/exported_at".into(), json!("yesterday"), "exported_at"),
            ("/profiles/0/name".into(), json!(" Me"), "profiles[0].name"),
            ("/profiles/0/name".into(), json!(""), "profiles[0].name"),
            (
                "/profiles/0/created_at".into(),
                json!("2026-01-01"),
                "profiles[0].created_at",
            ),
            (
                format!("{a0}/date"),
                json!("1999-12-31"),
                "assessments[0].date",
            ),
            (
                format!("{a0}/date"),
                json!("2026-03-15"),
                "assessments[1].date",
            ),
            (
                format!("{a0}/recorded_at"),
                json!("soon"),
                "assessments[0].recorded_at",
            ),
            (
                format!("{a0}/questionnaire"),
                json!("v9"),
                "assessments[0].questionnaire",
            ),
            (
                format!("{a0}/answers/focus-priorities-check"),
                json!(7),
                "assessments[0]",
            ),
            (format!("{a0}/focus"), json!(99.0), "assessments[0]"),
            (
                format!("{a0}/quadrant"),
                json!("impact-galore"),
                "assessments[0]",
            ),
            (format!("{a0}/borderline"), json!(true), "assessments[0]"),
            (format!("{a0}/note"), json!(" padded "), "assessments[0]"),
            (
                format!("{a0}/note"),
                json!("x".repeat(4001)),
                "assessments[0]",
            ),
            (
                format!("{a0}/notes"),
                json!({"no-such-item": "x"}),
                "assessments[0].notes",
            ),
            (
                format!("{a0}/commitments/1/action"),
                json!("two-notes-a-week"),
                "commitments[1].action",
            ),
            (
                format!("{a0}/commitments/1/action"),
                json!("Not An Id"),
                "commitments[1].action",
            ),
            (
                format!("{a0}/commitments/0/review/reviewed_in"),
                json!(5),
                "reviewed_in",
            ),
            (
                format!("{a0}/commitments/0/review/reviewed_in"),
                json!(0),
                "reviewed_in",
            ),
        ];
        for (pointer, value, place) in cases {
            let mut doc = valid();
            *doc.pointer_mut(&pointer)
                .unwrap_or_else(|| panic!("{pointer}")) = value.clone();
            let err = parse(&doc).expect_err(&format!("{pointer} = {value} must be refused"));
            assert!(
                err.to_string().contains(place),
                "{pointer}: `{err}` should name {place}"
            );
        }
    }

    /// The same document as version 1 wrote it: no ids anywhere.
    fn version_1() -> Value {
        let mut doc = valid();
        doc["version"] = json!(1);
        let profile = &mut doc["profiles"][0];
        profile.as_object_mut().unwrap().remove("id");
        for a in profile["assessments"].as_array_mut().unwrap() {
            a.as_object_mut().unwrap().remove("id");
            if let Some(list) = a.get_mut("commitments").and_then(Value::as_array_mut) {
                for c in list {
                    c.as_object_mut().unwrap().remove("id");
                }
            }
        }
        doc
    }

    #[test]
    fn a_version_1_document_gets_the_same_ids_every_time_it_is_read() {
        let old = version_1();
        let first = parse(&old).unwrap();
        let second = parse(&old).unwrap();
        assert_eq!(first, second, "derived, not random");
        let profile = &first.profiles[0];
        let mut ids = vec![profile.id.clone()];
        for a in &profile.assessments {
            ids.push(a.id.clone());
            ids.extend(a.commitments.iter().map(|c| c.id.clone()));
        }
        assert_eq!(ids.len(), 5);
        assert!(ids.iter().all(|id| is_canonical_uuid(id)), "{ids:?}");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        // Another person's rows get other ids.
        let mut renamed = old.clone();
        renamed["profiles"][0]["name"] = json!("Ada");
        let other = parse(&renamed).unwrap();
        assert_ne!(other.profiles[0].id, profile.id);
        assert_ne!(
            other.profiles[0].assessments[0].id,
            profile.assessments[0].id
        );
        // A version 1 file with an id in it was edited.
        let mut edited = old;
        edited["profiles"][0]["id"] = json!(uuid::Uuid::new_v4().to_string());
        assert!(parse(&edited)
            .unwrap_err()
            .to_string()
            .contains("profiles[0].id"));
    }

    #[test]
    fn version_2_ids_must_be_present_canonical_and_unique() {
        let a0 = "/profiles/0/assessments/0";
        let cases: Vec<(String, Value, &str)> = vec![
            ("/profiles/0/id".into(), json!(""), "profiles[0].id"),
            ("/profiles/0/id".into(), json!("ada"), "profiles[0].id"),
            (
                "/profiles/0/id".into(),
                json!("F6A25A68-5854-4958-9DDD-15B5F8F02CF9"),
                "profiles[0].id",
            ),
            (format!("{a0}/id"), json!(7), "expected a string"),
            // The person's own id, given to an assessment too.
            (
                format!("{a0}/id"),
                json!("<profile id>"),
                "assessments[0].id",
            ),
            (
                format!("{a0}/commitments/0/id"),
                json!("{f6a25a68-5854-4958-9ddd-15b5f8f02cf9}"),
                "commitments[0].id",
            ),
        ];
        for (pointer, value, place) in cases {
            let mut doc = valid();
            let value = if value == json!("<profile id>") {
                doc["profiles"][0]["id"].clone()
            } else {
                value
            };
            if pointer.ends_with("/id") && value == json!("") {
                let (parent, _) = pointer.rsplit_once('/').unwrap();
                doc.pointer_mut(parent)
                    .unwrap()
                    .as_object_mut()
                    .unwrap()
                    .remove("id");
            } else {
                *doc.pointer_mut(&pointer).unwrap() = value.clone();
            }
            let err = parse(&doc).expect_err(&format!("{pointer} = {value} must be refused"));
            assert!(
                err.to_string().contains(place),
                "{pointer}: `{err}` should name {place}"
            );
        }
    }

    #[test]
    fn structure_rules_are_enforced() {
        let mut missing = valid();
        missing["profiles"][0]["assessments"][0]["answers"]
            .as_object_mut()
            .unwrap()
            .remove("focus-priorities-check");
        assert!(parse(&missing)
            .unwrap_err()
            .to_string()
            .contains("no answer"));

        let mut no_notes = valid();
        no_notes["includes_notes"] = json!(false);
        assert!(parse(&no_notes)
            .unwrap_err()
            .to_string()
            .contains("includes_notes"));

        let mut twice = valid();
        let first = twice["profiles"][0]["assessments"][0].clone();
        twice["profiles"][0]["assessments"]
            .as_array_mut()
            .unwrap()
            .insert(1, first);
        assert!(parse(&twice)
            .unwrap_err()
            .to_string()
            .contains("appears twice"));

        let mut two_profiles = valid();
        let profile = two_profiles["profiles"][0].clone();
        let mut copy = profile;
        copy["name"] = json!("ME");
        two_profiles["profiles"].as_array_mut().unwrap().push(copy);
        assert!(parse(&two_profiles)
            .unwrap_err()
            .to_string()
            .contains("appears twice"));

        let mut four = valid();
        four["profiles"][0]["assessments"][0]["commitments"] = json!([
            {"action": "a", "committed_at": "2026-01-31T10:05:00Z"},
            {"action": "b", "committed_at": "2026-01-31T10:05:00Z"},
            {"action": "c", "committed_at": "2026-01-31T10:05:00Z"},
            {"action": "d", "committed_at": "2026-01-31T10:05:00Z"}
        ]);
        assert!(parse(&four).unwrap_err().to_string().contains("at most 3"));
    }
}
