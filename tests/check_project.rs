//! `faultline check` on Faultline project files, run as a real process.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn root(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn check(path: &Path, json: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_faultline"));
    command.arg("check").arg(path);
    if json {
        command.arg("--json");
    }
    command.output().expect("run faultline")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_built_in_scenario_is_a_valid_project_with_counts() {
    let path = root("assets/scenario.faultline.geojson");
    let output = check(&path, false);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let line = text(&output.stdout);
    assert!(
        line.starts_with(&format!("{}: valid Faultline project \"", path.display())),
        "{line}"
    );
    assert!(
        line.contains(
            "(schema 1): 23 actors, 18 relationships, 6 events, 2 sources, 0 annotations"
        ),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1);
    assert!(output.stderr.is_empty());

    let output = check(&path, true);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["file"], path.display().to_string());
    assert_eq!(report["valid"], true);
    assert_eq!(report["kind"], "FaultlineProject");
    assert_eq!(report["schema"], 1);
    for (member, count) in [
        ("actors", 23),
        ("relationships", 18),
        ("events", 6),
        ("sources", 2),
        ("annotations", 0),
    ] {
        assert_eq!(report[member], count, "{member}");
    }
    assert!(report.get("error").is_none());
}

#[test]
fn a_project_with_a_broken_invariant_is_invalid_with_its_feature() {
    let path = root("tests/data/projects/missing_actor.faultline.geojson");
    let output = check(&path, false);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        text(&output.stderr),
        format!(
            "{}: features[2].properties.to: unknown actor \"actor:x\"\n",
            path.display()
        )
    );

    let output = check(&path, true);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(
        report,
        json!({
            "file": path.display().to_string(),
            "valid": false,
            "error": "features[2].properties.to: unknown actor \"actor:x\"",
            "location": {"path": "features[2].properties.to"},
        })
    );
}

#[test]
fn a_newer_project_is_refused_with_its_schema_member() {
    let path = root("tests/data/projects/newer_schema.faultline.geojson");
    let output = check(&path, true);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["location"], json!({"path": "faultline.schema"}));
    assert!(
        report["error"]
            .as_str()
            .unwrap()
            .contains("written by a newer Faultline")
    );
}

#[test]
fn plain_and_broken_geojson_are_still_checked_as_before() {
    // A truncated project whose `faultline` member came before the cut is still called a
    // project, and the reader says where it ends.
    let path = root("tests/data/projects/truncated.faultline.geojson");
    let output = check(&path, false);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr)
            .contains("line 8, column 21: the file ends too early (is it truncated?)"),
        "{}",
        text(&output.stderr)
    );

    let path = root("tests/data/mixed.geojson");
    let output = check(&path, false);
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).contains("valid GeoJSON FeatureCollection"));
}
