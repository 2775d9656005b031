//! `bearing:` links, which a calendar reminder carries: `bearing://assess?profile=<id>` opens the
//! window on that person's questionnaire. That is the only link there is. A link is untrusted
//! text from another program: it is read here, strictly, and only the person's id is taken from
//! it; whatever else it says is ignored, and anything that is not such a link is refused with a
//! sentence the window shows on Home.

use serde::Serialize;
use url::Url;

use super::OpsError;
use crate::storage::Storage;

/// The URL scheme Bearing registers (the desktop entry's `x-scheme-handler/bearing`).
pub const SCHEME: &str = "bearing";

/// The longest link read; a reminder's link is about 60 characters.
const MAX_LINK: usize = 512;

/// The link that opens `profile_uuid`'s questionnaire.
pub fn assess_link(profile_uuid: &str) -> String {
    format!("{SCHEME}://assess?profile={profile_uuid}")
}

/// Whether the program's arguments (without the program's name) are a link to open: exactly one
/// argument, starting with `bearing:`. That is how a desktop starts a link's handler; a command
/// line never looks like that.
pub fn link_argument<S: AsRef<str>>(args: &[S]) -> Option<&str> {
    match args {
        [only] if is_link(only.as_ref()) => Some(only.as_ref()),
        _ => None,
    }
}

/// Whether `text` is meant as a Bearing link (whether or not it is a good one).
pub fn is_link(text: &str) -> bool {
    text.get(..SCHEME.len() + 1)
        .is_some_and(|head| head.eq_ignore_ascii_case(&format!("{SCHEME}:")))
}

/// What a link asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Open the questionnaire of the person with this id (lower-case hyphenated UUID).
    Assess { profile: String },
}

/// Reads a link. Refuses anything but `bearing://assess?profile=<uuid>`.
pub fn parse_link(text: &str) -> Result<Link, OpsError> {
    let bad = |why: &str| OpsError::BadLink(why.to_string());
    if text.len() > MAX_LINK {
        return Err(bad("it is too long to be one of Bearing's links"));
    }
    let url = Url::parse(text).map_err(|_| bad("it is not a well-formed link"))?;
    if url.scheme() != SCHEME {
        return Err(bad("it is not a Bearing link"));
    }
    if url.host_str() != Some("assess") || !matches!(url.path(), "" | "/") {
        return Err(bad(
            "Bearing's links only open a person's questionnaire (bearing://assess?profile=…)",
        ));
    }
    let mut ids = url.query_pairs().filter(|(key, _)| key == "profile");
    let (Some((_, id)), None) = (ids.next(), ids.next()) else {
        return Err(bad("it must name exactly one person (profile=…)"));
    };
    let id = uuid::Uuid::try_parse(&id).map_err(|_| bad("the person's id in it is not valid"))?;
    Ok(Link::Assess {
        profile: id.hyphenated().to_string(),
    })
}

/// What the window does with a link: open a person's questionnaire, or show Home with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum LinkOutcome {
    /// Open `profile`'s questionnaire (their id in this database).
    Assess { profile: i64, name: String },
    /// Show Home, saying why the link did nothing.
    Home { message: String },
}

/// What opening `text` does in the database `storage`. Never fails: a link that can't be
/// followed becomes a message.
pub fn follow_link(storage: &Storage, text: &str) -> LinkOutcome {
    match find_person(storage, text) {
        Ok(outcome) => outcome,
        Err(e) => LinkOutcome::Home {
            message: e.to_string(),
        },
    }
}

fn find_person(storage: &Storage, text: &str) -> Result<LinkOutcome, OpsError> {
    let Link::Assess { profile } = parse_link(text)?;
    let Some(id) = storage.profile_id_by_uuid(&profile)? else {
        return Err(OpsError::LinkToNobody);
    };
    let person = super::active_profile(storage, id, OPENING_LINK)?;
    Ok(LinkOutcome::Assess {
        profile: person.id,
        name: person.name,
    })
}

/// Why a link to an archived person opens Home.
const OPENING_LINK: &str =
    "restore them on People (Archived) to take their assessment from a reminder";

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    #[test]
    fn the_link_bearing_writes_reads_back() {
        assert_eq!(
            parse_link(&assess_link(ID)).ok(),
            Some(Link::Assess { profile: ID.into() })
        );
        // Any spelling of the id is read as the one stored, and other parameters are ignored.
        let upper = format!(
            "bearing://assess/?profile={}&then=delete",
            ID.to_uppercase()
        );
        assert_eq!(
            parse_link(&upper).ok(),
            Some(Link::Assess { profile: ID.into() })
        );
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        for text in [
            "bearing:",
            "bearing://",
            "bearing://assess",
            "bearing://assess?profile=",
            "bearing://assess?profile=me",
            "bearing://assess?profile=../../etc/passwd",
            &format!("bearing://delete?profile={ID}"),
            &format!("bearing://assess/extra?profile={ID}"),
            &format!("bearing://assess?profile={ID}&profile={ID}"),
            &format!("https://assess?profile={ID}"),
            &format!("bearing://assess?profile={ID}{}", "x".repeat(600)),
            "bearing://%%",
            "bearing://[oops",
        ] {
            let refused = parse_link(text);
            assert!(
                matches!(refused, Err(OpsError::BadLink(_))),
                "{text}: {refused:?}"
            );
        }
    }

    #[test]
    fn only_a_lone_bearing_argument_is_a_link() {
        assert_eq!(
            link_argument(&["bearing://assess"]),
            Some("bearing://assess")
        );
        assert_eq!(link_argument(&["BEARING:x"]), Some("BEARING:x"));
        assert_eq!(link_argument(&["history"]), None);
        assert_eq!(link_argument(&["--db", "bearing:x"]), None);
        assert_eq!(link_argument::<&str>(&[]), None);
        assert_eq!(link_argument(&["béaring"]), None);
    }
}
