//! The window's commands, called through Tauri's real IPC layer on the mock runtime (no display):
//! what the frontend gets back, and that refused input leaves no trace in the database.

use std::path::Path;

use bearing_lib::commands::AppState;
use bearing_lib::domain::questionnaire;
use bearing_lib::ops::DbLocation;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use crate::support::{snapshot, Answers};

pub(crate) struct Window {
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

/// The app as it runs, on the mock runtime: the real context (so the real access control list,
/// built from `capabilities/` and `build.rs`) and the `main` window as its config describes it
/// (the mock app does not create configured windows by itself).
pub(crate) fn window(db: &Path) -> Window {
    let app = bearing_lib::with_commands(
        mock_builder(),
        AppState::new(DbLocation::Chosen(db.to_path_buf())),
    )
    .build(bearing_lib::context())
    .expect("mock app builds");
    let config = app.config().app.windows[0].clone();
    assert_eq!(config.label, "main");
    let webview = WebviewWindowBuilder::from_config(&app, &config)
        .expect("window config")
        .build()
        .expect("mock window");
    Window { _app: app, webview }
}

impl Window {
    /// Invokes a command as the frontend would; Ok(value) or Err(error message).
    pub(crate) fn call(&self, cmd: &str, args: Value) -> Result<Value, String> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("valid URL"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        match get_ipc_response(&self.webview, request) {
            Ok(body) => Ok(body.deserialize::<Value>().expect("JSON response")),
            Err(Value::String(message)) => Err(message),
            Err(other) => Err(other.to_string()),
        }
    }
}

fn count_assessments(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("SELECT count(*) FROM assessment", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn questionnaire_command_gives_statements_without_loadings() {
    let dir = tempfile::tempdir().unwrap();
    let w = window(&dir.path().join("b.db"));
    let q = w.call("get_questionnaire", json!({})).unwrap();
    assert_eq!(q["version"], json!(questionnaire::CURRENT_VERSION));
    let items = q["items"].as_array().unwrap();
    assert_eq!(items.len(), questionnaire::current().items.len());
    assert!(items
        .iter()
        .all(|i| i.get("focus").is_none() && i.get("autonomy").is_none()));
    assert_eq!(q["scale"]["labels"].as_array().unwrap().len(), 5);
    assert!(
        !dir.path().join("b.db").exists(),
        "reading the questionnaire needs no database"
    );
}

#[test]
fn saving_returns_the_result_and_history_lists_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    let first = w
        .call("save_assessment", json!({"sheet": Answers::all(3).json()}))
        .unwrap();
    assert_eq!(first["assessment"]["quadrant"], json!("impact-galore"));
    assert_eq!(first["quadrant"]["name"], json!("Impact Galore"));
    assert_eq!(first["assessment"]["borderline"], json!(true));
    assert_eq!(first["neighbours"].as_array().unwrap().len(), 3);
    let second = w
        .call(
            "save_assessment",
            json!({"sheet": Answers::each(|i, _| if i % 2 == 0 { 4 } else { 2 }).json()}),
        )
        .unwrap();

    let history = w.call("get_history", json!({})).unwrap();
    let ids: Vec<&Value> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(
        ids,
        vec![&second["assessment"]["id"], &first["assessment"]["id"]]
    );
    assert!(history[0]["quadrant_name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    assert_eq!(count_assessments(&db), 2);

    let again = w
        .call("get_result", json!({"id": first["assessment"]["id"]}))
        .unwrap();
    assert_eq!(again["assessment"], first["assessment"]);
}

#[test]
fn refused_answers_report_the_problem_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    let q = questionnaire::current();
    let out_of_range = Answers::all(3).set(&q.items[2].id, 6).json();
    let missing = Answers::all(3).without(&q.items[0].id).json();
    let cases = [
        (
            out_of_range,
            format!(
                "item `{}` has value 6, expected a whole number from 1 to 5",
                q.items[2].id
            ),
        ),
        (missing, "1 of".to_string()),
        (
            json!({"questionnaire": "v0", "answers": {}}),
            "questionnaire version `v0` is unknown".to_string(),
        ),
        (
            json!("<img src=x onerror=alert(1)>"),
            "found a string".to_string(),
        ),
    ];
    for (bad, expected) in cases {
        let err = w
            .call("save_assessment", json!({"sheet": bad}))
            .unwrap_err();
        assert!(
            err.contains(&expected),
            "`{err}` should contain `{expected}`"
        );
    }
    assert!(!db.exists(), "no database is created by refused saves");
    w.call("save_assessment", json!({"sheet": Answers::all(2).json()}))
        .unwrap();
    let bad = Answers::all(3).set("not-an-item", 3).json();
    assert!(w.call("save_assessment", json!({"sheet": bad})).is_err());
    assert_eq!(
        count_assessments(&db),
        1,
        "a refused save leaves the saved one alone"
    );
}

#[test]
fn chart_command_validates_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let w = window(&dir.path().join("b.db"));
    for kind in ["map", "timeline", "card"] {
        let empty = w
            .call(
                "get_chart_svg",
                json!({"kind": kind, "until": null, "theme": "dark"}),
            )
            .unwrap();
        assert!(
            empty.as_str().unwrap().contains("No assessments yet"),
            "{kind}: {empty}"
        );
    }
    let err = w
        .call(
            "get_chart_svg",
            json!({"kind": "map", "until": 42, "theme": "light"}),
        )
        .unwrap_err();
    assert!(err.contains("there is no assessment with id 42"), "{err}");
    let err = w
        .call(
            "get_chart_svg",
            json!({"kind": "map", "until": null, "theme": "purple"}),
        )
        .unwrap_err();
    assert!(err.contains("unknown variant `purple`"), "{err}");
    let err = w
        .call(
            "get_chart_svg",
            json!({"kind": "pie", "until": null, "theme": "light"}),
        )
        .unwrap_err();
    assert!(err.contains("unknown variant `pie`"), "{err}");
    let err = w.call("get_result", json!({"id": 7})).unwrap_err();
    assert!(err.contains("there is no assessment with id 7"), "{err}");
}

#[test]
fn a_database_that_is_not_bearings_is_reported_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.txt");
    std::fs::write(&db, "shopping list, not a database\n".repeat(200)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let w = window(&db);
    let err = w.call("get_history", json!({})).unwrap_err();
    assert!(err.contains("is not a Bearing database"), "{err}");
    let err = w
        .call("save_assessment", json!({"sheet": Answers::all(3).json()}))
        .unwrap_err();
    assert!(err.contains("is not a Bearing database"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn data_folder_name_matches_the_tauri_identifier() {
    let config: Value = serde_json::from_str(include_str!("../../src-tauri/tauri.conf.json"))
        .expect("tauri.conf.json is JSON");
    assert_eq!(config["identifier"], json!(bearing_lib::ops::IDENTIFIER));
}

/// Rows in a table of the database file.
fn count_rows(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// Two growth action ids, as the result screen offers them: its first two suggestions.
fn suggested(result: &Value) -> (String, String) {
    let id = |n: usize| {
        result["report"]["suggestions"][n]["action"]["id"]
            .as_str()
            .expect("a suggestion")
            .to_string()
    };
    (id(0), id(1))
}

#[test]
fn a_draft_is_kept_resumed_and_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    let q = questionnaire::current();
    let (a, b, c) = (&q.items[0].id, &q.items[1].id, &q.items[2].id);
    let home = w.call("get_home", json!({})).unwrap();
    assert_eq!(home["draft"], Value::Null);
    assert_eq!(home["count"], 0);

    let draft = json!({
        "questionnaire": q.version,
        "answers": { a.clone(): 4, b.clone(): 2 },
        "notes": { a.clone(): "still thinking " },
        "note": "",
        "reviews": {},
        "step": "statements",
        "position": 2
    });
    assert_eq!(
        w.call("save_draft", json!({"draft": draft})).unwrap(),
        Value::Null
    );
    let start = w.call("get_assessment_start", json!({})).unwrap();
    assert_eq!(start["draft"], draft, "the draft comes back as it was sent");
    assert_eq!(start["open_commitments"], json!([]));
    let home = w.call("get_home", json!({})).unwrap();
    assert_eq!(home["draft"]["answered"], 2);
    assert_eq!(home["draft"]["total"], json!(q.items.len()));
    let updated_at = home["draft"]["updated_at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(updated_at).is_ok(),
        "{updated_at}"
    );

    // Every change replaces the draft.
    let mut more = draft.clone();
    more["answers"][c] = json!(5);
    more["position"] = json!(3);
    w.call("save_draft", json!({"draft": more})).unwrap();
    let home = w.call("get_home", json!({})).unwrap();
    assert_eq!(home["draft"]["answered"], 3);
    assert_eq!(
        w.call("get_assessment_start", json!({})).unwrap()["draft"],
        more
    );
    assert_eq!(count_rows(&db, "draft"), 1);

    assert_eq!(w.call("discard_draft", json!({})).unwrap(), json!(true));
    assert_eq!(w.call("get_home", json!({})).unwrap()["draft"], Value::Null);
    assert_eq!(
        w.call("get_assessment_start", json!({})).unwrap()["draft"],
        Value::Null
    );
    assert_eq!(w.call("discard_draft", json!({})).unwrap(), json!(false));
    assert_eq!(count_rows(&db, "draft"), 0);
}

#[test]
fn an_invalid_draft_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    let q = questionnaire::current();
    let first = &q.items[0].id;
    let cases = [
        (
            json!({"questionnaire": q.version, "answers": {"not-an-item": 3}}),
            "item `not-an-item` is not a statement".to_string(),
        ),
        (
            json!({"questionnaire": q.version, "answers": { first.clone(): 9 }}),
            format!("item `{first}` has value 9"),
        ),
        (
            json!({"questionnaire": q.version, "position": 999}),
            "the draft is at statement 1000".to_string(),
        ),
        (
            json!({"questionnaire": q.version, "surprise": true}),
            "unknown field `surprise`".to_string(),
        ),
    ];
    for (draft, expected) in &cases {
        let err = w.call("save_draft", json!({"draft": draft})).unwrap_err();
        assert!(
            err.contains(expected),
            "`{err}` should contain `{expected}`"
        );
    }
    assert!(!db.exists(), "a refused draft created the database");

    let kept = json!({"questionnaire": q.version, "answers": { first.clone(): 2 }});
    w.call("save_draft", json!({"draft": kept})).unwrap();
    let before = std::fs::read(&db).unwrap();
    for (draft, _) in &cases {
        assert!(w.call("save_draft", json!({"draft": draft})).is_err());
    }
    let start = w.call("get_assessment_start", json!({})).unwrap();
    assert_eq!(start["draft"]["answers"], kept["answers"]);
    assert_eq!(count_rows(&db, "draft"), 1);
    drop(w);
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "refused drafts changed the file"
    );
}

#[test]
fn commitments_set_on_the_result_are_listed_at_home_with_their_steps() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    let result = w
        .call("save_assessment", json!({"sheet": Answers::all(3).json()}))
        .unwrap();
    assert_eq!(result["can_commit"], true);
    assert_eq!(result["commitments"], json!([]));
    let id = result["assessment"]["id"].clone();
    let (a, b) = suggested(&result);

    let updated = w
        .call("set_commitments", json!({"id": id, "actions": [b, a]}))
        .unwrap();
    let chosen: Vec<&Value> = updated["commitments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["action_id"])
        .collect();
    assert_eq!(chosen, [&json!(b), &json!(a)], "in the order chosen");
    assert_eq!(updated["assessment"], result["assessment"]);

    let home = w.call("get_home", json!({})).unwrap();
    let open = home["open_commitments"].as_array().unwrap();
    assert_eq!(open.len(), 2);
    for (commitment, action_id) in open.iter().zip([&b, &a]) {
        let action = bearing_lib::domain::growth::action(action_id).unwrap();
        assert_eq!(commitment["action_id"], json!(action_id));
        assert_eq!(commitment["assessment_id"], id);
        assert_eq!(commitment["committed_on"], result["assessment"]["date"]);
        assert_eq!(commitment["title"], json!(action.title));
        assert_eq!(commitment["review"], Value::Null);
        assert_eq!(commitment["action"]["steps"], json!(action.steps));
        assert!(!action.steps.is_empty());
    }
    assert_eq!(home["open_commitments"], updated["commitments"]);
    let start = w.call("get_assessment_start", json!({})).unwrap();
    assert_eq!(start["open_commitments"], home["open_commitments"]);

    // Refused choices leave the commitments alone.
    for (actions, expected) in [
        (
            json!(["no-such-action"]),
            "`no-such-action` is not a growth action",
        ),
        (json!([a, a]), "is chosen twice"),
        (
            json!(bearing_lib::domain::growth::actions()
                .iter()
                .take(4)
                .map(|x| x.id.clone())
                .collect::<Vec<_>>()),
            "not 4",
        ),
    ] {
        let err = w
            .call("set_commitments", json!({"id": id, "actions": actions}))
            .unwrap_err();
        assert!(
            err.contains(expected),
            "`{err}` should contain `{expected}`"
        );
    }
    let err = w
        .call("set_commitments", json!({"id": 42, "actions": [a]}))
        .unwrap_err();
    assert!(err.contains("there is no assessment with id 42"), "{err}");
    assert_eq!(
        w.call("get_home", json!({})).unwrap()["open_commitments"],
        home["open_commitments"]
    );

    // An empty list drops them.
    let cleared = w
        .call("set_commitments", json!({"id": id, "actions": []}))
        .unwrap();
    assert_eq!(cleared["commitments"], json!([]));
    assert_eq!(
        w.call("get_home", json!({})).unwrap()["open_commitments"],
        json!([])
    );
    assert_eq!(count_rows(&db, "commitment"), 0);
}

#[test]
fn saving_the_next_assessment_needs_the_reviews_and_then_drops_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    let first = w
        .call(
            "save_assessment",
            json!({"sheet": Answers::varied(3).json()}),
        )
        .unwrap();
    let first_id = first["assessment"]["id"].clone();
    let (a, b) = suggested(&first);
    w.call(
        "set_commitments",
        json!({"id": first_id, "actions": [a, b]}),
    )
    .unwrap();
    let draft = json!({"questionnaire": questionnaire::CURRENT_VERSION, "step": "review"});
    w.call("save_draft", json!({"draft": draft})).unwrap();

    let next = Answers::each(|i, _| if i % 3 == 0 { 5 } else { 2 }).json();
    let done = json!({"status": "done"});
    let cases = [
        (
            Value::Null,
            vec![
                format!("`{a}`"),
                format!("`{b}`"),
                "2 commitments are waiting".into(),
            ],
        ),
        (
            json!({ a.clone(): done }),
            vec![format!("`{b}`"), "1 commitment is waiting".into()],
        ),
        (
            json!({ a.clone(): done, b.clone(): {"status": "finished"} }),
            vec!["status `finished` is unknown".into()],
        ),
        (
            json!({ a.clone(): done, b.clone(): done, "no-such-action": done }),
            vec!["no open commitment to `no-such-action`".into()],
        ),
    ];
    for (reviews, needles) in cases {
        let err = w
            .call(
                "save_assessment",
                json!({"sheet": next, "reviews": reviews}),
            )
            .unwrap_err();
        for needle in &needles {
            assert!(
                err.contains(needle.as_str()),
                "{reviews}: `{err}` lacks `{needle}`"
            );
        }
        assert!(
            !err.contains("--reviews"),
            "the window is not told about CLI options: {err}"
        );
    }
    assert_eq!(count_assessments(&db), 1);
    let home = w.call("get_home", json!({})).unwrap();
    assert_eq!(home["count"], 1);
    assert_eq!(home["open_commitments"].as_array().unwrap().len(), 2);
    assert!(home["draft"].is_object(), "a refused save keeps the draft");

    let reviews = json!({
        a.clone(): {"status": "partly", "note": " half of it "},
        b.clone(): {"status": "not-started"},
    });
    let second = w
        .call(
            "save_assessment",
            json!({"sheet": next, "reviews": reviews}),
        )
        .unwrap();
    let second_id = second["assessment"]["id"].clone();
    assert_ne!(second_id, first_id);
    let reviewed = second["reviewed"].as_array().unwrap();
    assert_eq!(reviewed.len(), 2);
    assert_eq!(reviewed[0]["action_id"], json!(a));
    assert_eq!(reviewed[0]["review"]["status"], "partly");
    assert_eq!(reviewed[0]["review"]["note"], "half of it");
    assert_eq!(reviewed[0]["review"]["reviewed_in"], second_id);
    assert!(reviewed[0]["action"]["steps"].is_array());
    assert_eq!(reviewed[1]["action_id"], json!(b));
    assert_eq!(reviewed[1]["review"]["status"], "not-started");
    assert_eq!(reviewed[1]["review"]["note"], Value::Null);
    assert_eq!(second["can_commit"], true);
    assert_eq!(second["report"]["what_moved"]["previous_id"], first_id);

    assert_eq!(count_assessments(&db), 2);
    let home = w.call("get_home", json!({})).unwrap();
    assert_eq!(home["draft"], Value::Null, "saving drops the draft");
    assert_eq!(home["open_commitments"], json!([]));
    assert_eq!(home["latest"]["id"], second_id);
    assert_eq!(count_rows(&db, "draft"), 0);

    // The first result now shows how its commitments went, and takes no new ones.
    let earlier = w.call("get_result", json!({"id": first_id})).unwrap();
    assert_eq!(earlier["can_commit"], false);
    assert_eq!(earlier["commitments"], second["reviewed"]);
    let err = w
        .call("set_commitments", json!({"id": first_id, "actions": [a]}))
        .unwrap_err();
    assert!(err.contains("is not the latest"), "{err}");
    let err = w
        .call("set_commitments", json!({"id": first_id, "actions": []}))
        .unwrap_err();
    assert!(err.contains("is not the latest"), "{err}");
    assert_eq!(
        w.call("get_result", json!({"id": first_id})).unwrap()["commitments"],
        second["reviewed"]
    );
}

#[test]
fn the_result_carries_the_notes_saved_with_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let w = window(&dir.path().join("b.db"));
    let q = questionnaire::current();
    let (noted, blank) = (&q.items[4].id, &q.items[5].id);
    let with_notes = Answers::varied(4)
        .with(
            "notes",
            json!({ noted.clone(): "  Talked to <b>Ana</b> first  ", blank.clone(): "   " }),
        )
        .with("note", "  A quiet month.  ")
        .json();

    let saved = w
        .call("save_assessment", json!({"sheet": with_notes}))
        .unwrap();
    let expected = json!({
        "note": "A quiet month.",
        "items": { noted.clone(): "Talked to <b>Ana</b> first" },
    });
    assert_eq!(saved["notes"], expected);
    let id = saved["assessment"]["id"].clone();
    let read = w.call("get_result", json!({"id": id})).unwrap();
    assert_eq!(read["notes"], expected);
    assert_eq!(read["reviewed"], json!([]));
    assert_eq!(read["commitments"], json!([]));
    assert_eq!(read["can_commit"], true);

    let plain = w
        .call(
            "save_assessment",
            json!({"sheet": Answers::varied(2).json()}),
        )
        .unwrap();
    assert_eq!(plain["notes"], json!({"note": null, "items": {}}));
    assert_eq!(plain["report"]["what_moved"]["previous_id"], id);
    assert_eq!(
        plain["report"]["what_moved"]["since"],
        saved["assessment"]["date"]
    );
    let read = w.call("get_result", json!({"id": id})).unwrap();
    assert_eq!(
        read["notes"], expected,
        "a later assessment leaves them alone"
    );
    assert_eq!(read["can_commit"], false);
}

#[test]
fn each_rater_keeps_their_own_draft_and_only_the_leader_reviews() {
    let dir = tempfile::tempdir().unwrap();
    let w = window(&dir.path().join("b.db"));
    let q = questionnaire::current();
    let first = q.items[0].id.clone();
    w.call(
        "save_assessment",
        json!({"sheet": Answers::varied(4).json()}),
    )
    .unwrap();
    let action = bearing_lib::domain::growth::actions()[0].id.clone();
    w.call("set_commitments", json!({"id": 1, "actions": [action]}))
        .unwrap();

    let mine = json!({"questionnaire": q.version, "answers": { first.clone(): 2 }});
    let coach = json!({"questionnaire": q.version, "answers": { first.clone(): 5 }});
    w.call("save_draft", json!({"draft": mine})).unwrap();
    w.call("save_draft", json!({"draft": coach, "rater": "coach"}))
        .unwrap();
    let for_me = w.call("get_assessment_start", json!({})).unwrap();
    let for_coach = w
        .call("get_assessment_start", json!({"rater": "coach"}))
        .unwrap();
    assert_eq!(for_me["draft"]["answers"][&first], 2, "{for_me}");
    assert_eq!(for_coach["draft"]["answers"][&first], 5);
    assert_eq!(for_me["open_commitments"].as_array().unwrap().len(), 1);
    assert_eq!(
        for_coach["open_commitments"],
        json!([]),
        "a coach does not review the leader's commitments"
    );

    // The coach's assessment is saved without reviews, drops only the coach's draft, and leaves
    // the commitment open.
    let saved = w
        .call(
            "save_assessment",
            json!({"sheet": Answers::all(2).for_others().json(), "rater": "coach"}),
        )
        .unwrap();
    assert_eq!(saved["assessment"]["rater"], "coach");
    assert_eq!(saved["can_commit"], false);
    let for_coach = w
        .call("get_assessment_start", json!({"rater": "coach"}))
        .unwrap();
    assert_eq!(for_coach["draft"], Value::Null);
    let for_me = w.call("get_assessment_start", json!({})).unwrap();
    assert_eq!(for_me["draft"]["answers"][&first], 2);
    assert_eq!(for_me["open_commitments"].as_array().unwrap().len(), 1);
    let err = w
        .call(
            "save_assessment",
            json!({"sheet": Answers::all(3).json(), "rater": "boss"}),
        )
        .unwrap_err();
    assert!(err.contains("unknown variant `boss`"), "{err}");
}

#[test]
fn the_gap_between_the_leaders_view_and_a_coachs_is_reported_with_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let w = window(&dir.path().join("b.db"));
    let own = w
        .call("save_assessment", json!({"sheet": Answers::all(5).json()}))
        .unwrap();
    // All 5s is flagged, and a provisional sheet is compared with no other view: the leader
    // confirms these answers are right.
    w.call(
        "confirm_assessment",
        json!({"id": own["assessment"]["id"].clone()}),
    )
    .unwrap();
    let theirs = w
        .call(
            "save_assessment",
            json!({"sheet": Answers::each(|i, _| if i % 2 == 0 { 2 } else { 5 }).for_others().json(), "rater": "coach"}),
        )
        .unwrap();
    let perceptions = w.call("get_perceptions", json!({})).unwrap();
    let pairs = perceptions["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    let pair = &pairs[0];
    assert_eq!(pair["rater"], "coach");
    for axis in ["focus", "autonomy"] {
        let own_position = own["assessment"][axis].as_f64().unwrap();
        let their_position = theirs["assessment"][axis].as_f64().unwrap();
        assert_eq!(pair[axis]["self_position"].as_f64().unwrap(), own_position);
        assert_eq!(
            pair[axis]["other_position"].as_f64().unwrap(),
            their_position
        );
        let expected = ((their_position - own_position) * 10.0).round() / 10.0;
        assert!(
            (pair[axis]["gap"].as_f64().unwrap() - expected).abs() < 1e-9,
            "{axis}"
        );
    }
    // Every other statement differs by three steps: all worth a conversation. Only statements
    // both answered are compared, so not those the coach cannot see.
    let statements = pair["statements"].as_array().unwrap();
    let seen_and_different = questionnaire::current()
        .items
        .iter()
        .enumerate()
        .filter(|(i, item)| i % 2 == 0 && item.observable)
        .count();
    assert!(seen_and_different < questionnaire::current().items.len().div_ceil(2));
    assert_eq!(statements.len(), seen_and_different);
    assert!(statements
        .iter()
        .all(|s| s["steps"] == 3 && s["level"] == "worth-a-conversation"));
    assert_eq!(
        perceptions["trends"],
        json!([{"rater": "coach", "rater_name": null, "who": "Coach", "latest_id": pair["other_id"], "trend": "not-enough-data"}])
    );
    // Home is the leader's own: the coach's assessment is neither the latest nor counted.
    let home = w.call("get_home", json!({})).unwrap();
    assert_eq!(home["latest"]["id"], own["assessment"]["id"]);
    assert_eq!(home["count"], 1);
    // Both results carry the comparison.
    for id in [&own["assessment"]["id"], &theirs["assessment"]["id"]] {
        let result = w.call("get_result", json!({"id": id})).unwrap();
        assert_eq!(result["perception"]["other_id"], theirs["assessment"]["id"]);
    }
}

impl Window {
    /// Invokes a command from `url` (the page's origin, or another one).
    fn call_from(&self, url: &str, cmd: &str, args: Value) -> Result<Value, String> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().expect("valid URL"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.webview, request)
            .map(|body| body.deserialize::<Value>().expect("JSON response"))
            .map_err(|e| e.as_str().map_or_else(|| e.to_string(), String::from))
    }
}

/// Reads a file of the repository (the tests run in `src-tauri/`).
fn repository_file(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// Every command-like name (`[a-z_]+`) right after `prefix` in `text`, e.g. `get_home` in
/// `invoke("get_home"` or in `commands::get_home,`.
fn names_after(text: &str, prefix: &str) -> std::collections::BTreeSet<String> {
    text.split(prefix)
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

/// The page's commands, from `ui/api.js` (every `invoke` goes through it).
fn commands_the_page_calls() -> std::collections::BTreeSet<String> {
    let api = repository_file("ui/api.js");
    let mut names = names_after(&api, "invoke(\"");
    names.extend(names_after(&api, "write(\""));
    names
}

/// The message Tauri gives when the access control list refuses a call (debug builds).
fn refused_by_acl(error: &str) -> bool {
    error.contains("not allowed")
}

#[test]
fn the_window_is_granted_exactly_the_commands_the_page_calls() {
    let page = commands_the_page_calls();
    assert!(page.len() > 20, "found the page's commands: {page:?}");
    let capability: Value =
        serde_json::from_str(&repository_file("src-tauri/capabilities/main.json")).unwrap();
    assert_eq!(capability["windows"], json!(["main"]));
    let granted: std::collections::BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    let wanted: std::collections::BTreeSet<String> = page
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, wanted,
        "one allow-<command> per command in ui/api.js, and nothing else"
    );
    // The handler and the manifest name the same commands: one missing from build.rs would be
    // refused, one missing from the handler would be "not found".
    let declared = names_after(&repository_file("src-tauri/build.rs"), "    \"");
    // `commands::<capability>::<command>,` in generate_handler!: the command is the last segment.
    let handled: std::collections::BTreeSet<String> = repository_file("src-tauri/src/lib.rs")
        .lines()
        .filter_map(|line| line.trim().strip_prefix("commands::"))
        .filter_map(|path| path.trim_end_matches(',').rsplit("::").next())
        .map(str::to_string)
        .collect();
    assert_eq!(
        declared, handled,
        "build.rs COMMANDS and generate_handler! agree"
    );
    assert_eq!(declared, page, "the page calls every command the app has");
}

#[test]
fn the_acl_lets_the_page_call_its_commands() {
    let dir = tempfile::tempdir().unwrap();
    let w = window(&dir.path().join("b.db"));
    // These open a dialog straight away (no arguments to refuse first), which the mock
    // runtime cannot show; the test above checks they are granted like the others.
    let opens_a_dialog = [
        "export_history_csv",
        "open_sheet_to_rate",
        "import_filled_sheet",
        "choose_history_to_import",
        "export_calendar",
    ];
    for command in commands_the_page_calls() {
        if opens_a_dialog.contains(&command.as_str()) {
            continue;
        }
        // Empty arguments: the command runs, or its arguments are refused; never the ACL.
        if let Err(error) = w.call(&command, json!({})) {
            assert!(!refused_by_acl(&error), "{command}: {error}");
        }
    }
}

#[test]
fn the_page_cannot_call_what_it_is_not_granted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    for (command, args) in [
        // The dialog plugin is used from Rust only.
        ("plugin:dialog|open", json!({"options": {}})),
        ("plugin:dialog|save", json!({"options": {}})),
        ("plugin:dialog|message", json!({"message": "hi"})),
        // Core plugins the page does not need.
        ("plugin:window|close", json!({})),
        ("plugin:webview|create_webview_window", json!({})),
        ("plugin:event|emit", json!({"event": "x"})),
        ("plugin:app|version", json!({})),
        ("plugin:fs|read_file", json!({"path": "/etc/passwd"})),
        ("plugin:shell|execute", json!({})),
        // Not a command of Bearing's.
        ("read_database", json!({})),
    ] {
        let error = w.call(command, args).unwrap_err();
        assert!(refused_by_acl(&error), "{command}: {error}");
    }
    // A page from anywhere else is refused even Bearing's own commands.
    let error = w
        .call_from("https://example.com", "get_home", json!({}))
        .unwrap_err();
    assert!(refused_by_acl(&error), "{error}");
    assert!(!db.exists(), "nothing refused opened the database");
}

#[test]
fn only_the_main_window_holds_the_capability() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    let other = WebviewWindowBuilder::new(&w.webview, "other", Default::default())
        .build()
        .unwrap();
    let other = Window {
        _app: w._app,
        webview: other,
    };
    let error = other.call("get_home", json!({})).unwrap_err();
    assert!(refused_by_acl(&error), "{error}");
    assert!(!db.exists());
}

#[test]
fn importing_before_a_file_is_chosen_or_with_a_bad_choice_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let w = window(&db);
    w.call("get_profiles", json!({})).unwrap();
    let before = snapshot(dir.path());
    for command in ["preview_history_import", "import_history"] {
        let err = w.call(command, json!({"target": null})).unwrap_err();
        assert!(err.contains("not-found"), "{command}: {err}");
        assert!(
            err.contains("no history file is chosen to import"),
            "{command}: {err}"
        );
        let err = w
            .call(
                command,
                json!({"target": {"kind": "into", "profile_id": "one"}}),
            )
            .unwrap_err();
        assert!(err.contains("invalid type"), "{command}: {err}");
        let err = w
            .call(command, json!({"target": {"kind": "merge-by-name"}}))
            .unwrap_err();
        assert!(err.contains("unknown variant"), "{command}: {err}");
    }
    assert_eq!(snapshot(dir.path()), before);
}

/// `ui/index.html` preloads every module main.js imports, directly or not, so the window fetches
/// them at once, and nothing else: the screens main.js loads later (`import("./x.js")`, after the
/// first screen) would only slow the first screen down. A module added without its preload line,
/// or a line left for a removed or later-loaded one, fails here.
#[test]
fn the_page_preloads_every_module_it_imports() {
    let index = repository_file("ui/index.html");
    let preloaded: std::collections::BTreeSet<String> = index
        .split("<link rel=\"modulepreload\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next().map(str::to_string))
        .collect();
    // Every module reachable from main.js through `from "./x.js"`.
    let mut reached = std::collections::BTreeSet::new();
    let mut pending = vec!["main.js".to_string()];
    while let Some(module) = pending.pop() {
        let text = repository_file(&format!("ui/{module}"));
        for imported in text.split("from \"./").skip(1) {
            let name = imported.split('"').next().unwrap_or_default().to_string();
            if reached.insert(name.clone()) {
                pending.push(name);
            }
        }
    }
    reached.remove("main.js");
    assert!(reached.len() > 5, "found the imports: {reached:?}");
    assert_eq!(preloaded, reached);
    let main = repository_file("ui/main.js");
    assert!(
        main.contains("import(\"./questionnaire.js\")"),
        "the questionnaire is loaded after the first screen"
    );
}

/// Damage found when the database opens (as the window starts, or at the first command) is what
/// every command reports until the recovery screen is left: the damaged file was set aside, and
/// nothing may start an empty history in its place behind the user's back meanwhile.
#[test]
fn damage_found_at_opening_is_reported_until_the_recovery_screen_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bearing.db");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/schema-v9.db");
    let mut bytes = std::fs::read(fixture).unwrap();
    bytes[8192..16384].fill(0x5a);
    std::fs::write(&db, &bytes).unwrap();
    let w = window(&db);

    for command in ["get_home", "get_history", "get_profiles"] {
        let err = w.call(command, json!({})).unwrap_err();
        assert!(err.contains("damaged"), "{command}: {err}");
        assert!(!db.exists(), "{command} started a new history in its place");
    }
    let recovery = w.call("get_recovery", json!({})).unwrap();
    assert!(recovery["set_aside"].is_string(), "{recovery}");

    w.call("dismiss_recovery", json!({})).unwrap();
    let home = w.call("get_home", json!({})).unwrap();
    assert!(home.is_object(), "{home}");
    assert!(db.exists());
}
