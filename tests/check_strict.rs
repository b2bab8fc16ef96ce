//! `faultline check` and `check --strict` on what RFC 7946 validators (geojsonhint) report: plain
//! `check` reads the file and lists each problem as a warning with its member path (exit 0);
//! `--strict` refuses it (exit 1). Problems no reader can work around are errors in both.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn check(path: &Path, flags: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
        .arg("check")
        .arg(path)
        .args(flags)
        .output()
        .expect("run faultline")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn write(dir: &tempfile::TempDir, name: &str, contents: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write fixture");
    path
}

const POINT: &str = r#"{"type": "Point", "coordinates": [69.17, 34.53]}"#;

/// geojsonhint-style cases a reader can work around, with the member path each is reported at.
fn lenient_cases() -> Vec<(&'static str, String, &'static str)> {
    let feature = |extra: &str| {
        format!(
            r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "properties": {{"name": "Kabul"}}, "geometry": {POINT}{extra}}}]}}"#
        )
    };
    vec![
        (
            "bbox of 3 numbers",
            format!(
                r#"{{"type": "FeatureCollection", "bbox": [1, 2, 3], "features": [{{"type": "Feature", "properties": null, "geometry": {POINT}}}]}}"#
            ),
            "bbox",
        ),
        (
            "bbox of strings",
            feature(r#", "bbox": ["69", "34", "70", "35"]"#),
            "features[0].bbox",
        ),
        (
            "coordinates on a Feature",
            feature(r#", "coordinates": [1, 2]"#),
            "features[0].coordinates",
        ),
        (
            "features on a geometry",
            r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2], "features": []}}"#
                .to_string(),
            "geometry.features",
        ),
        (
            "Feature without properties",
            format!(
                r#"{{"type": "FeatureCollection", "features": [{{"type": "Feature", "geometry": {POINT}}}]}}"#
            ),
            "features[0]",
        ),
        (
            "nested GeometryCollection",
            format!(
                r#"{{"type": "GeometryCollection", "geometries": [{{"type": "GeometryCollection", "geometries": [{POINT}]}}]}}"#
            ),
            "geometries[0]",
        ),
        (
            "positions with different dimensions",
            r#"{"type": "LineString", "coordinates": [[1, 2], [3, 4, 100]]}"#.to_owned(),
            "coordinates[1]",
        ),
        (
            "exterior ring against the right-hand rule",
            r#"{"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}"#
                .to_owned(),
            "coordinates[0]",
        ),
        (
            "old-style crs member",
            r#"{"type": "Point", "coordinates": [1, 2], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}"#
                .to_owned(),
            "crs",
        ),
    ]
}

#[test]
fn plain_check_reads_what_a_reader_can_work_around_and_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    for (index, (case, contents, path)) in lenient_cases().into_iter().enumerate() {
        let file = write(&dir, &format!("case{index}.geojson"), &contents);
        let output = check(&file, &[]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{case}: {stderr}");
        assert!(
            text(&output.stdout).contains("valid GeoJSON"),
            "{case}: {}",
            text(&output.stdout)
        );
        let expected = format!("{}: warning: {path}: ", file.display());
        assert!(stderr.starts_with(&expected), "{case}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{case}: {stderr}");

        let output = check(&file, &["--json"]);
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
        assert_eq!(report["valid"], true, "{case}");
        assert_eq!(report["warning_count"], 1, "{case}");
        assert_eq!(report["warnings"][0]["path"], path, "{case}");
        assert!(report["warnings"][0]["rule"].is_string(), "{case}");
    }
}

#[test]
fn strict_check_refuses_each_case_at_its_member_path() {
    let dir = tempfile::tempdir().unwrap();
    for (index, (case, contents, path)) in lenient_cases().into_iter().enumerate() {
        let file = write(&dir, &format!("case{index}.geojson"), &contents);
        let output = check(&file, &["--strict"]);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{case}: {stderr}");
        assert!(output.stdout.is_empty(), "{case}");
        assert!(
            stderr.starts_with(&format!("{}: {path}: ", file.display())),
            "{case}: {stderr}"
        );
        assert!(stderr.contains("--strict"), "{case}: {stderr}");
        assert!(!stderr.contains("panicked"), "{case}: {stderr}");

        let output = check(&file, &["--strict", "--json"]);
        assert_eq!(output.status.code(), Some(1), "{case}");
        let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
        assert_eq!(report["valid"], false, "{case}");
        assert_eq!(report["location"]["path"], path, "{case}");
        assert_eq!(report["problems"][0]["path"], path, "{case}");
    }
}

#[test]
fn what_no_reader_can_work_around_is_an_error_with_or_without_strict() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "ring of three positions",
            r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#,
            "coordinates[0]: a polygon ring needs at least 4 positions",
        ),
        (
            "unclosed ring",
            r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#,
            "first and last positions differ",
        ),
        (
            "id that is an object",
            r#"{"type": "Feature", "id": {}, "properties": null, "geometry": null}"#,
            "id: expected a string or a number",
        ),
    ];
    for (index, (case, contents, message)) in cases.into_iter().enumerate() {
        let file = write(&dir, &format!("bad{index}.geojson"), contents);
        for flags in [&[][..], &["--strict"][..]] {
            let output = check(&file, flags);
            let stderr = text(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{case} {flags:?}: {stderr}");
            assert!(stderr.contains(message), "{case} {flags:?}: {stderr}");
        }
    }
}

#[test]
fn a_strict_check_of_a_file_faultline_writes_passes() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("story.faultline.geojson");
    let export = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["export", "-o"])
        .arg(&project)
        .output()
        .expect("run faultline export");
    assert!(export.status.success(), "{}", text(&export.stderr));
    let output = check(&project, &["--strict"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "the project Faultline writes breaks RFC 7946: {}",
        text(&output.stderr)
    );
    assert!(text(&output.stdout).contains("valid Faultline project"));
    assert_eq!(text(&output.stderr), "");
}

#[test]
fn many_warnings_of_one_kind_are_summarised() {
    let dir = tempfile::tempdir().unwrap();
    let feature = r#"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}}"#;
    let contents = format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        vec![feature; 300].join(",")
    );
    let file = write(&dir, "many.geojson", &contents);
    let output = check(&file, &[]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(0));
    assert!(stderr.lines().count() < 30, "{stderr}");
    assert!(
        stderr.contains("and 280 more of this kind (missing-properties)"),
        "{stderr}"
    );
}
