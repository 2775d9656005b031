//! The four quadrants of the focus / autonomy map and their descriptions (content in
//! `content/quadrants.json`).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// Where a position falls relative to the two midlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    /// Low focus, low autonomy.
    LowEverything,
    /// Low focus, high autonomy.
    TechBusywork,
    /// High focus, low autonomy ("Glorified Managers and Order-Takers").
    GlorifiedManager,
    /// High focus, high autonomy.
    ImpactGalore,
}

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [
        Quadrant::LowEverything,
        Quadrant::TechBusywork,
        Quadrant::GlorifiedManager,
        Quadrant::ImpactGalore,
    ];

    /// The quadrant for a side of each midline.
    pub fn from_sides(high_focus: bool, high_autonomy: bool) -> Quadrant {
        match (high_focus, high_autonomy) {
            (false, false) => Quadrant::LowEverything,
            (false, true) => Quadrant::TechBusywork,
            (true, false) => Quadrant::GlorifiedManager,
            (true, true) => Quadrant::ImpactGalore,
        }
    }

    pub fn high_focus(self) -> bool {
        matches!(self, Quadrant::GlorifiedManager | Quadrant::ImpactGalore)
    }

    pub fn high_autonomy(self) -> bool {
        matches!(self, Quadrant::TechBusywork | Quadrant::ImpactGalore)
    }

    /// The stable identifier used in files, the database and the CLI.
    pub fn slug(self) -> &'static str {
        match self {
            Quadrant::LowEverything => "low-everything",
            Quadrant::TechBusywork => "tech-busywork",
            Quadrant::GlorifiedManager => "glorified-manager",
            Quadrant::ImpactGalore => "impact-galore",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Quadrant> {
        Quadrant::ALL.into_iter().find(|q| q.slug() == slug)
    }

    /// Name and descriptions of this quadrant.
    pub fn info(self) -> &'static QuadrantInfo {
        // `quadrant_infos` holds exactly one entry per quadrant (checked by `load_quadrants`).
        quadrant_infos()
            .iter()
            .find(|info| info.id == self)
            .unwrap_or(&quadrant_infos()[0])
    }
}

/// The words shown for a quadrant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuadrantInfo {
    pub id: Quadrant,
    pub name: String,
    pub summary: String,
    pub description: String,
}

/// Why quadrant content (`content/quadrants.json`) was refused.
#[derive(Debug, thiserror::Error)]
pub enum QuadrantsError {
    #[error("quadrants.json: {0}")]
    Json(#[source] serde_json::Error),
    #[error(
        "quadrants.json: expected one entry per quadrant in the order {:?}, found {found:?}",
        Quadrant::ALL.map(Quadrant::slug)
    )]
    Order { found: Vec<&'static str> },
    #[error("quadrants.json: `{quadrant}` has an empty text")]
    EmptyText { quadrant: &'static str },
}

const QUADRANTS_JSON: &str = include_str!("../../content/quadrants.json");

/// Parses and checks quadrant content: one entry per quadrant, in `Quadrant::ALL` order, no empty
/// text.
pub fn load_quadrants(json: &str) -> Result<Vec<QuadrantInfo>, QuadrantsError> {
    let infos: Vec<QuadrantInfo> = serde_json::from_str(json).map_err(QuadrantsError::Json)?;
    if !infos.iter().map(|i| i.id).eq(Quadrant::ALL) {
        let found = infos.iter().map(|i| i.id.slug()).collect();
        return Err(QuadrantsError::Order { found });
    }
    if let Some(info) = infos.iter().find(|i| {
        i.name.trim().is_empty() || i.summary.trim().is_empty() || i.description.trim().is_empty()
    }) {
        return Err(QuadrantsError::EmptyText {
            quadrant: info.id.slug(),
        });
    }
    Ok(infos)
}

/// All quadrant descriptions, in `Quadrant::ALL` order.
pub fn quadrant_infos() -> &'static [QuadrantInfo] {
    static INFOS: OnceLock<Vec<QuadrantInfo>> = OnceLock::new();
    INFOS.get_or_init(|| {
        // The embedded file is checked by the `embedded_quadrants_are_valid` test, so this cannot
        // fail in a build that passed its tests.
        #[allow(clippy::expect_used)]
        load_quadrants(QUADRANTS_JSON).expect("embedded quadrants.json is valid")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_quadrants_are_valid() {
        let infos = load_quadrants(QUADRANTS_JSON).unwrap();
        assert_eq!(infos.len(), 4);
        assert_eq!(
            Quadrant::GlorifiedManager.info().name,
            "Glorified Managers and Order-Takers"
        );
    }

    #[test]
    fn slugs_round_trip() {
        for q in Quadrant::ALL {
            assert_eq!(Quadrant::from_slug(q.slug()), Some(q));
            assert_eq!(
                serde_json::to_string(&q).unwrap(),
                format!("\"{}\"", q.slug())
            );
        }
        assert_eq!(Quadrant::from_slug("impact"), None);
    }

    #[test]
    fn sides_map_to_quadrants() {
        for q in Quadrant::ALL {
            assert_eq!(Quadrant::from_sides(q.high_focus(), q.high_autonomy()), q);
        }
        assert_eq!(Quadrant::from_sides(false, true), Quadrant::TechBusywork);
    }

    #[test]
    fn missing_or_reordered_quadrants_are_refused() {
        let infos = quadrant_infos();
        let mut swapped = infos.to_vec();
        swapped.swap(0, 1);
        let err = load_quadrants(&serde_json::to_string(&swapped).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("one entry per quadrant"), "{err}");
        let mut empty = infos.to_vec();
        empty[2].summary = " ".into();
        let err = load_quadrants(&serde_json::to_string(&empty).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("glorified-manager"), "{err}");
    }
}
