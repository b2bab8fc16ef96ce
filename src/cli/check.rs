//! `faultline check`: validate a GeoJSON file or a Faultline project.
//!
//! Each kind of file `check` understands is a `FileKind`; its checker returns either a
//! `Valid` (one summary line plus a JSON report) or an `Invalid` (a located message). Adding
//! project files means adding a variant, its detection and its checker; the output code is shared.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::map::vector_layer::{self, ErrorLocation, GeoJsonError, GeoJsonSummary};
use crate::model::file::{ProjectFileLocation, is_project_document, load_project};

/// Validate a GeoJSON file or a Faultline project and summarise it.
///
/// A project (GeoJSON with a top-level `faultline` member) is also checked against the
/// project's invariants, and its summary counts actors, relationships, events, sources and
/// annotations.
///
/// Prints one summary line and exits 0 when the file is valid. Otherwise prints `FILE: problem`
/// to stderr, naming where the problem is (line and column, or a member path such as
/// `features[3].geometry.coordinates[0]`), and exits 1.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 valid, 1 invalid or unreadable, 2 usage error.

Examples:
  faultline check world.geojson
  faultline check --json story.faultline.geojson | jq .actors
  faultline check --json layer.geojson | jq .geometry_types")]
pub struct CheckArgs {
    /// The file to check (GeoJSON: a FeatureCollection, a Feature or a bare geometry; or a
    /// Faultline project).
    pub file: PathBuf,

    /// Print a JSON report on stdout instead of the summary line (the error message still goes
    /// to stderr too).
    #[arg(long)]
    pub json: bool,
}

/// Runs the subcommand: exit 0 when the file is valid, 1 when it is not or cannot be read.
pub fn run(args: &CheckArgs) -> ExitCode {
    run_with(
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// [`run`] with the output streams given, for tests.
fn run_with(args: &CheckArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitCode {
    let file = args.file.display().to_string();
    let outcome = check_file(&args.file);
    let written = match &outcome {
        Ok(valid) => write_valid(&file, valid, args.json, stdout),
        Err(invalid) => write_invalid(&file, invalid, args.json, stdout, stderr),
    };
    match (outcome, written) {
        (Ok(_), Ok(())) => ExitCode::SUCCESS,
        (Err(_), _) => ExitCode::FAILURE,
        // Output failed (a closed pipe…): report it if possible rather than panic as println! would.
        (Ok(_), Err(error)) => {
            let _ = writeln!(stderr, "{file}: cannot write the report: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The kinds of file `check` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    GeoJson,
    Project,
}

impl FileKind {
    /// A project is JSON with a top-level `faultline` member; anything else (unreadable and
    /// broken files included) is checked as GeoJSON, whose checker reports the problem.
    fn detect(path: &Path) -> FileKind {
        match std::fs::read(path) {
            Ok(bytes) if is_project_document(&bytes) => FileKind::Project,
            _ => FileKind::GeoJson,
        }
    }
}

/// A valid file: what to print.
#[derive(Debug)]
struct Valid {
    /// Follows `FILE: ` on the summary line.
    summary: String,
    report: ValidReport,
}

/// An invalid or unreadable file.
#[derive(Debug)]
struct Invalid {
    /// Without the file name.
    message: String,
    location: Option<LocationReport>,
}

/// The `--json` report of a valid file; one variant per [`FileKind`].
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum ValidReport {
    GeoJson(GeoJsonReport),
    Project(ProjectReport),
}

#[derive(Debug, Serialize)]
struct ProjectReport {
    /// Always `FaultlineProject`.
    kind: &'static str,
    schema: u64,
    title: String,
    actors: usize,
    relationships: usize,
    events: usize,
    sources: usize,
    annotations: usize,
}

#[derive(Debug, Serialize)]
struct GeoJsonReport {
    /// Top-level `type`: FeatureCollection, Feature or a geometry type.
    kind: &'static str,
    /// All features, including those without geometry.
    features: usize,
    features_without_geometry: usize,
    geometry_types: BTreeMap<&'static str, usize>,
    /// `[west, south, east, north]`, null when there are no coordinates.
    bbox: Option<[f64; 4]>,
    property_names: Vec<String>,
}

/// What `--json` prints, valid or not.
#[derive(Debug, Serialize)]
struct Report<'a> {
    file: &'a str,
    valid: bool,
    #[serde(flatten)]
    details: Option<&'a ValidReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    /// Present (possibly null) exactly when `error` is.
    #[serde(skip_serializing_if = "is_valid_location")]
    location: Option<Option<&'a LocationReport>>,
}

fn is_valid_location(location: &Option<Option<&LocationReport>>) -> bool {
    location.is_none()
}

/// Where an error is: `{"line", "column"}`, `{"offset", "line", "column"}` or `{"path"}`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum LocationReport {
    LineColumn {
        line: usize,
        column: usize,
    },
    Byte {
        offset: usize,
        line: usize,
        column: usize,
    },
    Member {
        path: String,
    },
}

impl From<ErrorLocation> for LocationReport {
    fn from(location: ErrorLocation) -> Self {
        match location {
            ErrorLocation::LineColumn { line, column } => {
                LocationReport::LineColumn { line, column }
            }
            ErrorLocation::Byte {
                offset,
                line,
                column,
            } => LocationReport::Byte {
                offset,
                line,
                column,
            },
            ErrorLocation::Member { path } => LocationReport::Member { path },
        }
    }
}

impl From<ProjectFileLocation> for LocationReport {
    fn from(location: ProjectFileLocation) -> Self {
        match location {
            ProjectFileLocation::LineColumn { line, column } => {
                LocationReport::LineColumn { line, column }
            }
            ProjectFileLocation::Member { path } => LocationReport::Member { path },
        }
    }
}

fn check_file(path: &Path) -> Result<Valid, Invalid> {
    match FileKind::detect(path) {
        FileKind::GeoJson => check_geojson(path),
        FileKind::Project => check_project(path),
    }
}

/// Loading a project validates it, so a loaded project is a valid one.
fn check_project(path: &Path) -> Result<Valid, Invalid> {
    let project = load_project(path).map_err(|error| Invalid {
        message: error.message(),
        location: error.location().map(LocationReport::from),
    })?;
    let report = ProjectReport {
        kind: "FaultlineProject",
        schema: crate::model::SCHEMA_VERSION,
        title: project.title.clone(),
        actors: project.actors.len(),
        relationships: project.relationships.len(),
        events: project.events.len(),
        sources: project.sources.len(),
        annotations: project.annotations.len(),
    };
    Ok(Valid {
        summary: project_summary_line(&report),
        report: ValidReport::Project(report),
    })
}

/// `valid Faultline project "Title" (schema 1): 24 actors, 18 relationships, …`.
fn project_summary_line(report: &ProjectReport) -> String {
    let count = |number: usize, noun: &str| {
        if number == 1 {
            format!("1 {noun}")
        } else {
            format!("{number} {noun}s")
        }
    };
    format!(
        "valid Faultline project {:?} (schema {}): {}, {}, {}, {}, {}",
        report.title,
        report.schema,
        count(report.actors, "actor"),
        count(report.relationships, "relationship"),
        count(report.events, "event"),
        count(report.sources, "source"),
        count(report.annotations, "annotation"),
    )
}

fn check_geojson(path: &Path) -> Result<Valid, Invalid> {
    let layer = vector_layer::load_geojson_file(path).map_err(|error: GeoJsonError| Invalid {
        message: error.message(),
        location: error.location().map(LocationReport::from),
    })?;
    let summary = layer.summary();
    Ok(Valid {
        summary: geojson_summary_line(&summary),
        report: ValidReport::GeoJson(GeoJsonReport {
            kind: summary.kind.name(),
            features: summary.features,
            features_without_geometry: summary.features_without_geometry,
            geometry_types: summary
                .geometry_types
                .iter()
                .map(|(kind, count)| (kind.name(), *count))
                .collect(),
            bbox: summary.bbox,
            property_names: summary.property_names.into_iter().collect(),
        }),
    })
}

/// `valid GeoJSON FeatureCollection, 177 features (12 Polygon, 165 MultiPolygon), bbox …`.
fn geojson_summary_line(summary: &GeoJsonSummary) -> String {
    let mut parts: Vec<String> = summary
        .geometry_types
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    if summary.features_without_geometry > 0 {
        parts.push(format!(
            "{} without geometry",
            summary.features_without_geometry
        ));
    }
    let noun = if summary.features == 1 {
        "feature"
    } else {
        "features"
    };
    let mut line = format!(
        "valid GeoJSON {}, {} {noun}",
        summary.kind, summary.features
    );
    if !parts.is_empty() {
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    match summary.bbox {
        Some([west, south, east, north]) => {
            line.push_str(&format!(", bbox {west:.3},{south:.3},{east:.3},{north:.3}"));
        }
        None => line.push_str(", no coordinates"),
    }
    line
}

fn write_valid(
    file: &str,
    valid: &Valid,
    json: bool,
    stdout: &mut dyn Write,
) -> std::io::Result<()> {
    if json {
        let report = Report {
            file,
            valid: true,
            details: Some(&valid.report),
            error: None,
            location: None,
        };
        write_json(&report, stdout)
    } else {
        writeln!(stdout, "{file}: {}", valid.summary)
    }
}

fn write_invalid(
    file: &str,
    invalid: &Invalid,
    json: bool,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> std::io::Result<()> {
    // The exit code already says "invalid"; a failed write cannot make that worse.
    let message = writeln!(stderr, "{file}: {}", invalid.message);
    if json {
        let report = Report {
            file,
            valid: false,
            details: None,
            error: Some(&invalid.message),
            location: Some(invalid.location.as_ref()),
        };
        write_json(&report, stdout)?;
    }
    message
}

fn write_json(report: &Report<'_>, stdout: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *stdout, report)?;
    writeln!(stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(path: &Path, json: bool) -> (ExitCode, String, String) {
        let args = CheckArgs {
            file: path.to_path_buf(),
            json,
        };
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        let code = run_with(&args, &mut stdout, &mut stderr);
        (
            code,
            String::from_utf8(stdout).unwrap(),
            String::from_utf8(stderr).unwrap(),
        )
    }

    #[test]
    fn summary_line_and_json_report() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("two.geojson");
        std::fs::write(
            &path,
            r#"{"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"name": "a"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
                {"type": "Feature", "properties": {}, "geometry": null}]}"#,
        )
        .unwrap();
        let (code, stdout, stderr) = run_on(&path, false);
        assert_eq!(code, ExitCode::SUCCESS);
        assert_eq!(
            stdout,
            format!(
                "{}: valid GeoJSON FeatureCollection, 2 features (1 Point, 1 without geometry), \
                 bbox 1.000,2.000,1.000,2.000\n",
                path.display()
            )
        );
        assert_eq!(stderr, "");

        let (code, stdout, _) = run_on(&path, true);
        assert_eq!(code, ExitCode::SUCCESS);
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            report,
            serde_json::json!({
                "file": path.display().to_string(),
                "valid": true,
                "kind": "FeatureCollection",
                "features": 2,
                "features_without_geometry": 1,
                "geometry_types": {"Point": 1},
                "bbox": [1.0, 2.0, 1.0, 2.0],
                "property_names": ["name"],
            })
        );
    }

    #[test]
    fn invalid_file_reports_on_both_streams_with_json() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.geojson");
        std::fs::write(&path, "{\"type\": \"Point\", \"coordinates\": [0, 91]}").unwrap();
        let (code, stdout, stderr) = run_on(&path, true);
        assert_eq!(code, ExitCode::FAILURE);
        let message = "coordinates: latitude 91 is outside -90..90";
        assert_eq!(stderr, format!("{}: {message}\n", path.display()));
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            report,
            serde_json::json!({
                "file": path.display().to_string(),
                "valid": false,
                "error": message,
                "location": {"path": "coordinates"},
            })
        );

        let (code, stdout, _) = run_on(&dir.path().join("missing.geojson"), true);
        assert_eq!(code, ExitCode::FAILURE);
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(report["location"], serde_json::Value::Null);
        assert_eq!(report["error"], "cannot read the file: no such file");
    }

    #[test]
    fn summary_line_for_a_single_geometry_without_coordinates() {
        let summary = GeoJsonSummary {
            kind: vector_layer::GeoJsonKind::Geometry(vector_layer::GeometryKind::MultiPolygon),
            features: 1,
            features_without_geometry: 0,
            geometry_types: [(vector_layer::GeometryKind::MultiPolygon, 1)].into(),
            bbox: None,
            property_names: Default::default(),
        };
        assert_eq!(
            geojson_summary_line(&summary),
            "valid GeoJSON MultiPolygon, 1 feature (1 MultiPolygon), no coordinates"
        );
    }
}
