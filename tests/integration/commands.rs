//! The window's commands, called through Tauri's real IPC layer on the mock runtime (no display):
//! what the frontend gets back, and that refused input leaves no trace in the database.

use std::path::Path;

use bearing_lib::commands::AppState;
use bearing_lib::domain::questionnaire;
use bearing_lib::ops::DbLocation;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

struct Window {
    _app: App<MockRuntime>,
    webview: WebviewWindow<MockRuntime>,
}

fn window(db: &Path) -> Window {
    let app = bearing_lib::with_commands(
        mock_builder(),
        AppState::new(DbLocation::Chosen(db.to_path_buf())),
    )
    .build(mock_context(noop_assets()))
    .expect("mock app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window");
    Window { _app: app, webview }
}

impl Window {
    /// Invokes a command as the frontend would; Ok(value) or Err(error message).
    fn call(&self, cmd: &str, args: Value) -> Result<Value, String> {
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

fn sheet(value: impl Fn(usize) -> u8) -> Value {
    let q = questionnaire::current();
    let answers: serde_json::Map<String, Value> = q
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.clone(), json!(value(i))))
        .collect();
    json!({"questionnaire": q.version, "answers": answers})
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
        .call("save_assessment", json!({"sheet": sheet(|_| 3)}))
        .unwrap();
    assert_eq!(first["assessment"]["quadrant"], json!("impact-galore"));
    assert_eq!(first["quadrant"]["name"], json!("Impact Galore"));
    assert_eq!(first["assessment"]["borderline"], json!(true));
    assert_eq!(first["neighbours"].as_array().unwrap().len(), 3);
    let second = w
        .call(
            "save_assessment",
            json!({"sheet": sheet(|i| if i % 2 == 0 { 4 } else { 2 })}),
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
    let mut out_of_range = sheet(|_| 3);
    out_of_range["answers"][&q.items[2].id] = json!(6);
    let mut missing = sheet(|_| 3);
    missing["answers"]
        .as_object_mut()
        .unwrap()
        .remove(&q.items[0].id);
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
    w.call("save_assessment", json!({"sheet": sheet(|_| 2)}))
        .unwrap();
    let mut bad = sheet(|_| 3);
    bad["answers"]["not-an-item"] = json!(3);
    assert!(w.call("save_assessment", json!({"sheet": bad})).is_err());
    assert_eq!(
        count_assessments(&db),
        1,
        "a refused save leaves the saved one alone"
    );
}

#[test]
fn map_command_validates_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let w = window(&dir.path().join("b.db"));
    let empty = w
        .call("get_map_svg", json!({"until": null, "theme": "dark"}))
        .unwrap();
    assert!(empty.as_str().unwrap().contains("No assessments yet"));
    let err = w
        .call("get_map_svg", json!({"until": 42, "theme": "light"}))
        .unwrap_err();
    assert!(err.contains("there is no assessment with id 42"), "{err}");
    let err = w
        .call("get_map_svg", json!({"until": null, "theme": "purple"}))
        .unwrap_err();
    assert!(err.contains("unknown variant `purple`"), "{err}");
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
        .call("save_assessment", json!({"sheet": sheet(|_| 3)}))
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
