//! `faultline check` run as a real process, on fixtures in tests/data/ and generated files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{Value, json};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
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

/// Asserts a clean exit 1 (not a signal, not a panic) and returns stderr.
fn assert_invalid(path: &Path) -> String {
    let output = check(path, false);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(output.stdout.is_empty(), "stdout: {}", text(&output.stdout));
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");
    assert!(
        stderr.starts_with(&format!("{}: ", path.display())),
        "stderr: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "stderr: {stderr}");
    stderr
}

/// Asserts `--json` gives exit 1, the same message on stderr, and a report; returns the report.
fn invalid_report(path: &Path) -> Value {
    let output = check(path, true);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["file"], path.display().to_string());
    assert_eq!(report["valid"], false);
    let error = report["error"].as_str().expect("error message");
    assert_eq!(
        text(&output.stderr),
        format!("{}: {error}\n", path.display())
    );
    report
}

fn write_temp(dir: &tempfile::TempDir, name: &str, contents: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, contents).expect("write fixture");
    path
}

#[test]
fn valid_feature_collection_summary() {
    let path = data("mixed.geojson");
    let output = check(&path, false);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        format!(
            "{}: valid GeoJSON FeatureCollection, 6 features (2 Point, 1 LineString, 1 Polygon, \
             1 MultiPolygon, 1 without geometry), bbox -178.000,-45.000,178.000,65.500\n",
            path.display()
        )
    );
    // Its hole runs the wrong way round: a warning, not a refusal.
    assert_eq!(
        text(&output.stderr),
        format!(
            "{}: warning: features[3].geometry.coordinates[1]: this hole runs counter-clockwise; \
             RFC 7946 §3.1.6 asks holes to run clockwise (the right-hand rule)\n",
            path.display()
        )
    );
}

#[test]
fn valid_feature_collection_json() {
    let path = data("mixed.geojson");
    let output = check(&path, true);
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["file"], path.display().to_string());
    assert_eq!(report["valid"], true);
    assert_eq!(report["kind"], "FeatureCollection");
    assert_eq!(report["features"], 6);
    assert_eq!(report["features_without_geometry"], 1);
    assert_eq!(
        report["geometry_types"],
        json!({"Point": 2, "LineString": 1, "Polygon": 1, "MultiPolygon": 1})
    );
    assert_eq!(report["bbox"], json!([-178.0, -45.0, 178.0, 65.5]));
    assert_eq!(report["property_names"], json!(["length_km", "name"]));
    assert!(report.get("error").is_none());
}

#[test]
fn bare_geometry_without_coordinates_has_null_bbox() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(
        &dir,
        "empty.geojson",
        br#"{"type": "GeometryCollection", "geometries": []}"#,
    );
    let output = check(&path, false);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        text(&output.stdout),
        format!(
            "{}: valid GeoJSON GeometryCollection, 1 feature (1 GeometryCollection), \
             no coordinates\n",
            path.display()
        )
    );
    let report: Value = serde_json::from_slice(&check(&path, true).stdout).expect("JSON report");
    assert_eq!(report["bbox"], Value::Null);
    assert_eq!(report["features"], 1);
}

#[test]
fn truncated_file() {
    let path = data("truncated.geojson");
    let stderr = assert_invalid(&path);
    assert!(
        stderr.ends_with(": unexpected end of file at line 18, column 13\n"),
        "{stderr}"
    );
    assert_eq!(
        invalid_report(&path)["location"],
        json!({"line": 18, "column": 13})
    );
}

#[test]
fn nan_and_infinity() {
    let stderr = assert_invalid(&data("nan.geojson"));
    assert!(
        stderr.contains(": line 4, column 50: NaN is not a valid JSON number"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(
        &dir,
        "inf.geojson",
        b"{\"type\": \"Point\",\n \"coordinates\": [1, -Infinity]}",
    );
    let stderr = assert_invalid(&path);
    assert!(stderr.contains(": line 2, column "), "{stderr}");
    assert!(
        stderr.contains("-Infinity is not a valid JSON number"),
        "{stderr}"
    );
}

#[test]
fn huge_number() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(
        &dir,
        "huge.geojson",
        br#"{"type": "Point", "coordinates": [1e400, 0]}"#,
    );
    let stderr = assert_invalid(&path);
    assert!(
        stderr.contains(": line 1, column 39: number out of range"),
        "{stderr}"
    );
}

#[test]
fn deep_nesting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut contents = String::from(r#"{"type": "Point", "coordinates": "#);
    contents.push_str(&"[".repeat(100_000));
    contents.push_str(&"]".repeat(100_000));
    contents.push('}');
    let path = write_temp(&dir, "deep.geojson", contents.as_bytes());
    let stderr = assert_invalid(&path);
    assert!(stderr.contains(": line 1, column "), "{stderr}");
    assert!(stderr.contains("nested too deeply"), "{stderr}");

    // Nested GeometryCollections stop at a fixed depth, well inside serde_json's limit.
    let mut collections = String::new();
    for _ in 0..40 {
        collections.push_str(r#"{"type": "GeometryCollection", "geometries": ["#);
    }
    collections.push_str(&"]}".repeat(40));
    let path = write_temp(&dir, "collections.geojson", collections.as_bytes());
    let stderr = assert_invalid(&path);
    assert!(
        stderr.contains(": geometries[0].geometries[0]."),
        "{stderr}"
    );
    assert!(
        stderr.contains("nested more than 16 levels deep"),
        "{stderr}"
    );
}

#[test]
fn non_utf8_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(
        &dir,
        "latin1.geojson",
        b"{\"type\": \"Feature\",\n \"properties\": {\"name\": \"S\xE3o Paulo\"}, \"geometry\": null}",
    );
    let stderr = assert_invalid(&path);
    assert!(
        stderr
            .ends_with(": file is not UTF-8 text (invalid byte at offset 46, line 2, column 27)\n"),
        "{stderr}"
    );
    assert_eq!(
        invalid_report(&path)["location"],
        json!({"offset": 46, "line": 2, "column": 27})
    );
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(&dir, "empty.geojson", b"");
    let stderr = assert_invalid(&path);
    assert!(stderr.ends_with(": file is empty\n"), "{stderr}");
    assert_eq!(invalid_report(&path)["location"], Value::Null);
}

#[test]
fn not_an_object() {
    let path = data("not_object.geojson");
    let stderr = assert_invalid(&path);
    assert!(
        stderr.ends_with(": not GeoJSON: the top-level JSON value is an array, not an object\n"),
        "{stderr}"
    );
}

#[test]
fn unknown_geometry_type() {
    let path = data("unknown_type.geojson");
    let stderr = assert_invalid(&path);
    assert!(
        stderr.ends_with(
            ": features[1].geometry.type: unknown geometry type \"Polygn\" \
             (did you mean \"Polygon\"?)\n"
        ),
        "{stderr}"
    );
    assert_eq!(
        invalid_report(&path)["location"],
        json!({"path": "features[1].geometry.type"})
    );
}

#[test]
fn bad_ring() {
    let path = data("bad_ring.geojson");
    let stderr = assert_invalid(&path);
    assert!(
        stderr.contains(
            ": features[0].geometry.coordinates[0]: a polygon ring needs at least 4 positions \
             and must be closed"
        ),
        "{stderr}"
    );
}

#[test]
fn out_of_range_latitude() {
    let path = data("bad_latitude.geojson");
    let stderr = assert_invalid(&path);
    assert!(
        stderr.ends_with(
            ": features[0].geometry.coordinates[1]: latitude 123.4 is outside -90..90\n"
        ),
        "{stderr}"
    );
}

#[test]
fn short_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(
        &dir,
        "short.geojson",
        br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
            "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0]]]}}]}"#,
    );
    let stderr = assert_invalid(&path);
    assert!(
        stderr.ends_with(
            ": features[0].geometry.coordinates[0][3]: a position needs at least 2 numbers, \
             found 1\n"
        ),
        "{stderr}"
    );
}

#[test]
fn topojson() {
    let path = data("topology.topojson");
    let stderr = assert_invalid(&path);
    assert!(
        stderr.ends_with(
            ": not GeoJSON: top-level \"type\" is \"Topology\" (TopoJSON is not supported; \
             convert it to GeoJSON)\n"
        ),
        "{stderr}"
    );
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nowhere.geojson");
    let stderr = assert_invalid(&path);
    assert!(
        stderr.ends_with(": cannot read the file: no such file\n"),
        "{stderr}"
    );
    assert_eq!(invalid_report(&path)["location"], Value::Null);
}

#[test]
fn directory_instead_of_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stderr = assert_invalid(dir.path());
    assert!(stderr.contains(": cannot read the file: "), "{stderr}");
}

#[test]
fn missing_argument_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .arg("check")
        .output()
        .expect("run faultline");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn help_describes_the_subcommand() {
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["check", "--help"])
        .output()
        .expect("run faultline");
    assert_eq!(output.status.code(), Some(0));
    let help = text(&output.stdout);
    assert!(help.contains("--json"), "{help}");
    assert!(help.contains("<FILE>"), "{help}");
}
