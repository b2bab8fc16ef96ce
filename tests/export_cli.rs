//! `faultline export`: the built-in scenario (or a given project) written to a file that reads
//! back as the same project, and clear failures.

use std::process::Command;

use faultline::model::file::{built_in_scenario, load_project};

fn faultline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
}

#[test]
fn the_built_in_scenario_exports_to_an_identical_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("story.faultline.geojson");
    let output = faultline()
        .arg("export")
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("23 actors"));
    let written = load_project(&out).expect("the export reads back");
    assert_eq!(written, built_in_scenario().expect("scenario"));
    // A given project goes through unchanged too.
    let again = dir.path().join("again.faultline.geojson");
    let output = faultline()
        .arg("export")
        .arg(&out)
        .arg("-o")
        .arg(&again)
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(
        std::fs::read(&out).ok(),
        std::fs::read(&again).ok(),
        "byte for byte"
    );
}

#[test]
fn export_failures_are_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nowhere = dir.path().join("no/such/folder/out.geojson");
    let output = faultline()
        .arg("export")
        .arg("-o")
        .arg(&nowhere)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("out.geojson"));
    let broken = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/projects/truncated.faultline.geojson"
    );
    let out = dir.path().join("out.geojson");
    let output = faultline()
        .args(["export", broken, "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("truncated.faultline.geojson"));
    assert!(
        !out.exists(),
        "nothing is written when the input is refused"
    );
}
