//! `bearing caseload`: every active person at a glance, as JSON, as a table and as a map, with
//! names or (presentation-safe) initials only.

use std::fs;

use serde_json::{json, Value};

use bearing_lib::domain::{growth, Quadrant};

use crate::support::{png_size, svg_text, Answers, Sandbox};

/// Ada Lovelace moved reliably (Low Everything to Impact Galore) and has an open commitment; Ben
/// Okri was never assessed; Cy Archived is archived; Dee Coached has her own view, a coach's of
/// the same period and, later, a peer's.
fn caseload_sandbox() -> Sandbox {
    let sandbox = Sandbox::new();
    let low = Answers::toward(Quadrant::LowEverything).write(&sandbox.path("low.json"));
    let high = Answers::toward(Quadrant::ImpactGalore).write(&sandbox.path("high.json"));
    let varied = Answers::varied(0).write(&sandbox.path("varied.json"));
    // Others answer only what they can see.
    let manager = Answers::toward(Quadrant::GlorifiedManager)
        .for_others()
        .write(&sandbox.path("gm.json"));
    let high_seen = Answers::toward(Quadrant::ImpactGalore)
        .for_others()
        .write(&sandbox.path("high-seen.json"));
    for name in ["Dee Coached", "Ada Lovelace", "Ben Okri", "Cy Archived"] {
        sandbox.ok(&["profile", "add", name]);
    }
    // The first person a new database holds.
    sandbox.ok(&["profile", "archive", "Me"]);
    let assess = |who: &str, file: &str, date: &str, rater: &str| {
        sandbox.ok(&[
            "--profile",
            who,
            "assess",
            "--answers",
            file,
            "--date",
            date,
            "--rater",
            rater,
        ]);
    };
    assess("Ada Lovelace", &low, "2025-01-10", "self");
    assess("Ada Lovelace", &high, "2025-02-10", "self");
    let action = &growth::actions()[0].id;
    sandbox.ok(&["--profile", "Ada Lovelace", "commit", action]);
    assess("Cy Archived", &high, "2025-02-01", "self");
    sandbox.ok(&["profile", "archive", "Cy Archived"]);
    assess("Dee Coached", &varied, "2025-03-01", "self");
    assess("Dee Coached", &manager, "2025-03-03", "coach");
    assess("Dee Coached", &high_seen, "2025-03-20", "peer");
    sandbox
}

fn row<'a>(caseload: &'a Value, name: &str) -> &'a Value {
    caseload["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not in {caseload:#}"))
}

#[test]
fn caseload_json_lists_active_people_by_name_with_moves_due_commitments_and_gaps() {
    let sandbox = caseload_sandbox();
    let caseload = sandbox.json(&["caseload", "--json"]);
    let names: Vec<&str> = caseload["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Ada Lovelace", "Ben Okri", "Dee Coached"],
        "sorted by name, archived people left out"
    );

    let ada = row(&caseload, "Ada Lovelace");
    assert_eq!(ada["initials"], "AL");
    assert_eq!(ada["latest"]["date"], "2025-02-10");
    assert_eq!(ada["latest"]["quadrant"], "impact-galore");
    assert_eq!(ada["latest"]["quadrant_name"], "Impact Galore");
    assert_eq!(ada["previous"]["date"], "2025-01-10");
    assert_eq!(ada["previous"]["quadrant"], "low-everything");
    let change = &ada["change"];
    assert_eq!(change["focus_verdict"], "reliable");
    assert_eq!(change["autonomy_verdict"], "reliable");
    assert_eq!(change["within_noise"], false);
    let moved = |axis: &str| {
        ada["latest"][axis].as_f64().unwrap() - ada["previous"][axis].as_f64().unwrap()
    };
    assert!((change["focus"].as_f64().unwrap() - moved("focus")).abs() < 0.051);
    assert!((change["autonomy"].as_f64().unwrap() - moved("autonomy")).abs() < 0.051);
    assert_eq!(ada["last_assessed"], "2025-02-10");
    assert_eq!(ada["cadence_days"], 30);
    assert_eq!(ada["next_due"], "2025-03-12");
    assert_eq!(ada["due"], "overdue");
    assert_eq!(ada["open_commitments"], 1);
    assert!(ada["latest_gap"].is_null());

    let ben = row(&caseload, "Ben Okri");
    for field in ["latest", "previous", "change", "last_assessed", "next_due"] {
        assert!(ben[field].is_null(), "{field}: {ben:#}");
    }
    assert_eq!(ben["due"], "never");
    assert_eq!(ben["open_commitments"], 0);

    let dee = row(&caseload, "Dee Coached");
    assert!(dee["previous"].is_null() && dee["change"].is_null());
    assert_eq!(
        dee["last_assessed"], "2025-03-01",
        "other raters' sheets are not hers"
    );
    let gap = &dee["latest_gap"];
    assert_eq!(
        gap["rater"], "coach",
        "the peer's later view is no one-to-one"
    );
    assert_eq!(gap["date"], "2025-03-03");
    let history = sandbox.json(&["--profile", "Dee Coached", "history", "--format", "json"]);
    let at = |rater: &str, axis: &str| {
        history
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["rater"] == rater)
            .unwrap()[axis]
            .as_f64()
            .unwrap()
    };
    for axis in ["focus", "autonomy"] {
        let expected = at("coach", axis) - at("self", axis);
        assert!(
            (gap[axis].as_f64().unwrap() - expected).abs() < 0.051,
            "{axis}: {gap:#}"
        );
        let verdict = gap[format!("{axis}_verdict")].as_str().unwrap();
        assert!(["reliable", "possible", "within-noise"].contains(&verdict));
    }
    assert!(
        !sandbox.ok(&["caseload", "--json"]).contains("peer"),
        "no peer sheet shows anywhere"
    );
}

#[test]
fn caseload_table_has_a_row_per_active_person() {
    let sandbox = caseload_sandbox();
    let table = sandbox.ok(&["caseload"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    for heading in [
        "Name",
        "Quadrant",
        "Last assessed",
        "Due",
        "Open commitments",
    ] {
        assert!(lines[0].contains(heading), "{table}");
    }
    assert!(lines[0].contains("coach/manager gap"), "{table}");
    assert!(lines[1].starts_with("Ada Lovelace"), "{table}");
    for cell in [
        "Impact Galore (moved reliably)",
        "2025-02-10",
        "overdue since 2025-03-12",
    ] {
        assert!(lines[1].contains(cell), "{cell}: {table}");
    }
    assert!(lines[2].starts_with("Ben Okri") && lines[2].contains("never assessed"));
    assert!(lines[3].starts_with("Dee Coached") && lines[3].contains("Coach 2025-03-03: focus"));
    assert!(!table.contains("Cy Archived"), "{table}");

    let fresh = Sandbox::new().ok(&["caseload"]);
    assert_eq!(fresh.lines().count(), 2, "{fresh}");
    assert!(fresh.lines().nth(1).unwrap().starts_with("Me "), "{fresh}");
}

#[test]
fn caseload_initials_hide_every_name_in_table_json_and_map() {
    let sandbox = caseload_sandbox();
    let map = sandbox.path("map.svg");
    let outputs = [
        sandbox.ok(&["caseload", "--initials"]),
        sandbox.ok(&[
            "caseload",
            "--initials",
            "--json",
            "--out",
            map.to_str().unwrap(),
        ]),
        svg_text(&roxmltree::Document::parse(&fs::read_to_string(&map).unwrap()).unwrap()),
    ];
    for (n, output) in outputs.iter().enumerate() {
        for word in [
            "Ada", "Lovelace", "Ben", "Okri", "Dee", "Coached", "Cy", "Archived",
        ] {
            assert!(!output.contains(word), "{word} shows in {output}");
        }
        // The map shows only people assessed.
        let shown: &[&str] = if n == 2 {
            &["AL", "DC"]
        } else {
            &["AL", "BO", "DC"]
        };
        for initials in shown {
            assert!(
                output.contains(initials),
                "{initials} missing from {output}"
            );
        }
    }
    let caseload: Value = serde_json::from_str(&outputs[1]).unwrap();
    assert_eq!(row(&caseload, "AL")["initials"], "AL");
}

#[test]
fn caseload_map_is_drawn_with_each_assessed_person_labelled() {
    let sandbox = caseload_sandbox();
    let svg_path = sandbox.path("caseload.svg");
    let png_path = sandbox.path("caseload.png");
    sandbox.ok(&["caseload", "--out", svg_path.to_str().unwrap()]);
    sandbox.ok(&["caseload", "--dark", "--out", png_path.to_str().unwrap()]);
    let svg = fs::read_to_string(&svg_path).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert_eq!(doc.root_element().attribute("width"), Some("1200"));
    let text = svg_text(&doc);
    for shown in ["Ada Lovelace", "Dee Coached", "Impact Galore"] {
        assert!(text.contains(shown), "{shown} missing from {text}");
    }
    for hidden in ["Ben Okri", "Cy Archived"] {
        assert!(
            !text.contains(hidden),
            "{hidden}: never assessed or archived"
        );
    }
    assert_eq!(png_size(&fs::read(&png_path).unwrap()), (1200, 1000));

    let refused = sandbox.run(&["caseload", "--out", "map.gif"]);
    assert!(!refused.status.success());
    assert!(!sandbox.path("map.gif").exists());
}

#[test]
fn caseload_map_labels_are_text_not_markup() {
    let sandbox = Sandbox::new();
    let evil = "<script>alert(1)</script> & Co";
    sandbox.ok(&["profile", "add", evil]);
    let answers = Answers::varied(1).write(&sandbox.path("a.json"));
    sandbox.ok(&["--profile", evil, "assess", "--answers", &answers]);
    let out = sandbox.path("map.svg");
    sandbox.ok(&["caseload", "--out", out.to_str().unwrap()]);
    let svg = fs::read_to_string(&out).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    assert!(doc.descendants().all(|n| n.tag_name().name() != "script"));
    assert!(
        svg_text(&doc).contains("<script>"),
        "the name is drawn as text"
    );
}

#[test]
fn caseload_commands_give_the_window_the_table_and_the_map_with_its_alt() {
    let sandbox = caseload_sandbox();
    let w = crate::commands::window(&sandbox.db());
    let named = w.call("get_caseload", json!({"initials": false})).unwrap();
    assert_eq!(row(&named, "Ada Lovelace")["due"], "overdue");
    let safe = w.call("get_caseload", json!({"initials": true})).unwrap();
    assert!(!safe.to_string().contains("Lovelace"), "{safe}");
    assert_eq!(row(&safe, "AL")["open_commitments"], 1);

    let chart = w
        .call(
            "get_caseload_chart",
            json!({"options": {"initials": false, "theme": "dark"}}),
        )
        .unwrap();
    let alt = chart["alt"].as_str().unwrap();
    assert!(
        alt.starts_with("Caseload of 3: Ada Lovelace, Impact Galore (focus "),
        "{alt}"
    );
    assert!(
        alt.contains("moved toward focus and toward autonomy (reliable)"),
        "{alt}"
    );
    assert!(alt.contains("Ben Okri, not assessed yet"), "{alt}");
    let svg = chart["svg"].as_str().unwrap();
    let text = svg_text(&roxmltree::Document::parse(svg).unwrap());
    assert!(
        text.contains("Ada Lovelace") && text.contains("Dee Coached"),
        "{text}"
    );

    let safe = w
        .call(
            "get_caseload_chart",
            json!({"options": {"initials": true, "theme": "light"}}),
        )
        .unwrap();
    for hidden in ["Ada", "Lovelace", "Okri", "Coached"] {
        assert!(!safe.to_string().contains(hidden), "{hidden}: {safe}");
    }
    let err = w
        .call(
            "get_caseload_chart",
            json!({"options": {"initials": true, "theme": "light", "width": 10}}),
        )
        .unwrap_err();
    assert!(err.contains("unknown field `width`"), "{err}");
}
