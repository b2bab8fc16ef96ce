//! `faultline draft`: the summary, the JSON and the written project.

use std::process::Command;

fn faultline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/articles")
        .join(name)
}

#[test]
fn draft_writes_a_valid_project_citing_one_source() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("draft.faultline.geojson");
    let status = faultline()
        .args([
            "draft",
            "--outlet",
            "Test desk",
            "--date",
            "2024-03-06",
            "-o",
        ])
        .arg(&out)
        .arg(fixture("sahel.txt"))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let project = faultline::model::load_project(&out).unwrap();
    assert_eq!(project.sources.len(), 1);
    assert_eq!(project.sources[0].publisher, "Test desk");
    let source = &project.sources[0].id;
    assert!(project.actors.iter().all(|a| a.sources.contains(source)));
    assert!(
        project
            .relationships
            .iter()
            .all(|r| r.sources.contains(source) && r.extra.contains_key("evidence"))
    );
    assert!(project.actors.iter().any(|a| a.name == "Wagner Group"));
}

#[test]
fn draft_json_lists_proposals_with_quotes_and_a_missing_file_is_an_error() {
    let output = faultline()
        .args(["draft", "--json"])
        .arg(fixture("kivu.html"))
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let actors = json["actors"].as_array().unwrap();
    let kagame = actors
        .iter()
        .find(|a| a["name"] == "Paul Kagame")
        .expect("Paul Kagame");
    assert_eq!(kagame["kind"], "person");
    assert_eq!(kagame["member_of"], "actor:rwanda");
    let quote = &kagame["quote"];
    assert!(
        quote["sentence"]
            .as_str()
            .unwrap()
            .contains("Paul Kagame denied")
    );
    let missing = faultline()
        .args(["draft", "/nonexistent/article.txt"])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(
        String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/article.txt")
    );
}
