//! Questionnaire content: versioned sets of statements with their loadings on the two axes.
//!
//! Each version is a JSON file under `content/`, embedded at build time. A version, once released,
//! never changes meaning: stored assessments name the version they were answered with.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::quadrant::Quadrant;

/// The version new assessments are answered with.
pub const CURRENT_VERSION: &str = "v1";

/// Fewest statements keyed toward each pole of each axis.
pub const MIN_ITEMS_PER_POLE: usize = 4;

/// Every embedded version, oldest first.
const EMBEDDED: &[&str] = &[include_str!("../../content/questionnaire-v1.json")];

/// The agreement scale every statement is answered on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: u8,
    pub max: u8,
    /// One label per scale point, from `min` to `max`.
    pub labels: Vec<String>,
}

impl Scale {
    /// The neutral point; answers are centred on it for scoring.
    pub fn midpoint(&self) -> f64 {
        (f64::from(self.min) + f64::from(self.max)) / 2.0
    }

    /// Largest distance of an answer from the midpoint.
    pub fn half_range(&self) -> f64 {
        (f64::from(self.max) - f64::from(self.min)) / 2.0
    }
}

/// One statement and how agreeing with it moves the two axes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub text: String,
    /// The quadrant whose checklist the statement comes from.
    pub quadrant: Quadrant,
    /// Loading on the focus axis, in [-1, 1].
    pub focus: f64,
    /// Loading on the autonomy axis, in [-1, 1].
    pub autonomy: f64,
}

/// A pole of one axis: the direction a statement is keyed toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pole {
    FocusHigh,
    FocusLow,
    AutonomyHigh,
    AutonomyLow,
}

impl Item {
    /// The pole(s) this statement is keyed toward: the sign of its larger loading (both when equal).
    pub fn poles(&self) -> Vec<Pole> {
        let mut poles = Vec::with_capacity(2);
        if self.focus != 0.0 && self.focus.abs() >= self.autonomy.abs() {
            poles.push(if self.focus > 0.0 {
                Pole::FocusHigh
            } else {
                Pole::FocusLow
            });
        }
        if self.autonomy != 0.0 && self.autonomy.abs() >= self.focus.abs() {
            poles.push(if self.autonomy > 0.0 {
                Pole::AutonomyHigh
            } else {
                Pole::AutonomyLow
            });
        }
        poles
    }
}

/// Whether `id` is a well-formed content id: 1 to 64 characters of a-z, 0-9 and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A complete, versioned set of statements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    pub version: String,
    pub scale: Scale,
    pub items: Vec<Item>,
}

impl Questionnaire {
    /// Parses a content file and checks it (see [`Questionnaire::validate`]).
    pub fn from_json(json: &str) -> Result<Questionnaire, String> {
        let q: Questionnaire =
            serde_json::from_str(json).map_err(|e| format!("questionnaire file: {e}"))?;
        q.validate()?;
        Ok(q)
    }

    /// Checks what scoring relies on: unique, well-formed ids; non-empty texts; loadings in range
    /// and not both zero; a label per scale point; every pole covered by enough statements.
    pub fn validate(&self) -> Result<(), String> {
        let v = &self.version;
        if v.trim().is_empty() {
            return Err("questionnaire: the version is empty".into());
        }
        if self.scale.min >= self.scale.max {
            return Err(format!("questionnaire {v}: scale min must be below max"));
        }
        let points = usize::from(self.scale.max - self.scale.min) + 1;
        if self.scale.labels.len() != points
            || self.scale.labels.iter().any(|l| l.trim().is_empty())
        {
            return Err(format!(
                "questionnaire {v}: the scale needs {points} non-empty labels"
            ));
        }
        let mut seen = HashSet::new();
        for item in &self.items {
            let id = &item.id;
            if !is_valid_id(id) {
                return Err(format!(
                    "questionnaire {v}: item id `{id}` must be 1 to 64 characters of a-z, 0-9 and -"
                ));
            }
            if !seen.insert(id.as_str()) {
                return Err(format!("questionnaire {v}: item id `{id}` appears twice"));
            }
            if item.text.trim().is_empty() {
                return Err(format!("questionnaire {v}: item `{id}` has no text"));
            }
            for (axis, loading) in [("focus", item.focus), ("autonomy", item.autonomy)] {
                if !(-1.0..=1.0).contains(&loading) {
                    return Err(format!(
                        "questionnaire {v}: item `{id}` has {axis} loading {loading}, expected -1 to 1"
                    ));
                }
            }
            if item.focus == 0.0 && item.autonomy == 0.0 {
                return Err(format!(
                    "questionnaire {v}: item `{id}` loads on neither axis"
                ));
            }
        }
        for pole in [
            Pole::FocusHigh,
            Pole::FocusLow,
            Pole::AutonomyHigh,
            Pole::AutonomyLow,
        ] {
            let count = self
                .items
                .iter()
                .filter(|i| i.poles().contains(&pole))
                .count();
            if count < MIN_ITEMS_PER_POLE {
                return Err(format!(
                    "questionnaire {v}: {pole:?} has {count} statements, expected at least {MIN_ITEMS_PER_POLE}"
                ));
            }
        }
        Ok(())
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Position of an item in the questionnaire's order.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }
}

fn all() -> &'static [Questionnaire] {
    static ALL: OnceLock<Vec<Questionnaire>> = OnceLock::new();
    ALL.get_or_init(|| {
        EMBEDDED
            .iter()
            .map(|json| {
                // Every embedded file is checked by the `embedded_questionnaires_are_valid` test.
                #[allow(clippy::expect_used)]
                Questionnaire::from_json(json).expect("embedded questionnaire is valid")
            })
            .collect()
    })
}

/// The questionnaire new assessments use.
pub fn current() -> &'static Questionnaire {
    // CURRENT_VERSION is among the embedded versions (checked by a test).
    by_version(CURRENT_VERSION).unwrap_or(&all()[0])
}

/// A questionnaire by its version id, if this build knows it.
pub fn by_version(version: &str) -> Option<&'static Questionnaire> {
    all().iter().find(|q| q.version == version)
}

/// Version ids this build knows, oldest first.
pub fn known_versions() -> Vec<&'static str> {
    all().iter().map(|q| q.version.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_questionnaires_are_valid() {
        for json in EMBEDDED {
            Questionnaire::from_json(json).unwrap();
        }
        assert_eq!(current().version, CURRENT_VERSION);
        assert_eq!(known_versions(), vec!["v1"]);
    }

    #[test]
    fn current_questionnaire_is_big_enough_and_balanced() {
        let q = current();
        assert!(q.items.len() >= 24, "{} statements", q.items.len());
        for quadrant in Quadrant::ALL {
            assert!(
                q.items.iter().any(|i| i.quadrant == quadrant),
                "no statement from the {quadrant:?} checklist"
            );
        }
    }

    #[test]
    fn statements_are_first_person_and_avoid_negations() {
        for item in &current().items {
            let text = item.text.to_lowercase();
            let first_person = text
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .any(|word| matches!(word, "i" | "me" | "my" | "mine"));
            assert!(first_person, "{}: not first person", item.id);
            assert!(
                text.starts_with("in the past month"),
                "{}: not about the past month",
                item.id
            );
            for negation in ["don't", "do not", "didn't", "did not", "never ", "not "] {
                assert!(
                    !text.contains(negation),
                    "{}: contains `{negation}`",
                    item.id
                );
            }
        }
    }

    type Edit = Box<dyn FnOnce(&mut Questionnaire)>;

    fn broken(edit: impl FnOnce(&mut Questionnaire)) -> String {
        let mut q = current().clone();
        edit(&mut q);
        q.validate().unwrap_err()
    }

    #[test]
    fn validation_names_what_is_wrong() {
        let cases: Vec<(Edit, &str)> = vec![
            (
                Box::new(|q| q.items[1].id = q.items[0].id.clone()),
                "appears twice",
            ),
            (
                Box::new(|q| q.items[0].id = "Bad Id".into()),
                "must be 1 to 64",
            ),
            (Box::new(|q| q.items[0].text = "  ".into()), "has no text"),
            (Box::new(|q| q.items[0].focus = 1.5), "focus loading 1.5"),
            (
                Box::new(|q| q.items[0].autonomy = -2.0),
                "autonomy loading -2",
            ),
            (
                Box::new(|q| {
                    q.items[0].focus = 0.0;
                    q.items[0].autonomy = 0.0
                }),
                "loads on neither axis",
            ),
            (
                Box::new(|q| q.scale.labels.pop().map(drop).unwrap_or(())),
                "5 non-empty labels",
            ),
            (
                Box::new(|q| q.items.retain(|i| !i.poles().contains(&Pole::FocusLow))),
                "FocusLow has 0",
            ),
        ];
        for (edit, expected) in cases {
            let err = broken(edit);
            assert!(
                err.contains(expected),
                "`{err}` should mention `{expected}`"
            );
        }
    }

    #[test]
    fn poles_follow_the_larger_loading() {
        let mut item = current().items[0].clone();
        (item.focus, item.autonomy) = (-0.8, 0.4);
        assert_eq!(item.poles(), vec![Pole::FocusLow]);
        (item.focus, item.autonomy) = (0.6, 0.6);
        assert_eq!(item.poles(), vec![Pole::FocusHigh, Pole::AutonomyHigh]);
        (item.focus, item.autonomy) = (0.1, -0.9);
        assert_eq!(item.poles(), vec![Pole::AutonomyLow]);
    }
}
