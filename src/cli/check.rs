//! `faultline check`: validate a GeoJSON file or a Faultline project, or load a Shapefile,
//! GeoPackage, KML or zip as the window would and summarise the layer.
//!
//! Each kind of file `check` understands is a `FileKind`; its checker returns either a
//! `Valid` (one summary line plus a JSON report) or an `Invalid` (a located message). Adding
//! project files means adding a variant, its detection and its checker; the output code is shared.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::map::geojson_check::{self, Rule, Scan, Verdict, Warning};
use crate::map::layer_file::{LayerFileKind, summarise_layer_file};
use crate::map::vector_layer::{self, ErrorLocation, GeoJsonError, GeoJsonSummary};
use crate::model::file::{FAULTLINE_MEMBER, ProjectFileLocation, load_project};

/// Validate a GeoJSON file or a Faultline project and summarise it.
///
/// A project (GeoJSON with a top-level `faultline` member) is also checked against the
/// project's invariants, and its summary counts actors, relationships, events, sources and
/// annotations.
///
/// Prints one summary line and exits 0 when the file is valid. Otherwise prints `FILE: problem`
/// to stderr, naming where the problem is (line and column, or a member path such as
/// `features[3].geometry.coordinates[0]`), and exits 1.
///
/// What RFC 7946 validators reject but a reader can work around (a `bbox` of 3 numbers,
/// `coordinates` on a Feature, a Feature without `properties`, rings against the right-hand
/// rule…) is listed as warnings on stderr, each with its member path; `--strict` makes them
/// errors.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status: 0 valid (warnings allowed unless --strict), 1 invalid or unreadable, 2 usage error.

Examples:
  faultline check world.geojson
  faultline check --strict sketch.geojson
  faultline check --json story.faultline.geojson | jq .actors
  faultline check --json layer.geojson | jq .geometry_types")]
pub struct CheckArgs {
    /// The file to check (GeoJSON: a FeatureCollection, a Feature or a bare geometry; a
    /// Faultline project; or a Shapefile, GeoPackage, KML/KMZ or zip, loaded as a layer).
    pub file: PathBuf,

    /// Print a JSON report on stdout instead of the summary line (the error message still goes
    /// to stderr too).
    #[arg(long)]
    pub json: bool,

    /// Refuse the file when RFC 7946 validators would (the warnings become errors).
    #[arg(long)]
    pub strict: bool,
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
    let outcome = check_file(&args.file).and_then(|valid| {
        if args.strict && !valid.warnings.is_empty() {
            Err(strict_refusal(&valid))
        } else {
            Ok(valid)
        }
    });
    let written = match &outcome {
        Ok(valid) => write_valid(&file, valid, args.json, stdout)
            .and_then(|()| stdout.flush())
            .and_then(|()| write_warnings(&file, valid, stderr)),
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

/// The kinds of file `check` knows. A project is JSON with a top-level `faultline` member;
/// anything else (unreadable and broken files included) is checked as GeoJSON, whose checker
/// reports the problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    GeoJson,
    Project,
}

/// A valid file: what to print.
#[derive(Debug)]
struct Valid {
    /// Follows `FILE: ` on the summary line.
    summary: String,
    report: ValidReport,
    /// What validators object to, at most a few per rule.
    warnings: Vec<Warning>,
    /// All warnings per rule, kept or not.
    warning_counts: BTreeMap<Rule, usize>,
}

/// An invalid or unreadable file.
#[derive(Debug)]
struct Invalid {
    /// Without the file name.
    message: String,
    location: Option<LocationReport>,
    /// Under `--strict`, the warnings that made the file invalid.
    problems: Vec<WarningReport>,
}

/// One warning in a JSON report.
#[derive(Debug, Serialize)]
struct WarningReport {
    rule: &'static str,
    path: String,
    message: String,
}

impl From<&Warning> for WarningReport {
    fn from(warning: &Warning) -> Self {
        WarningReport {
            rule: warning.rule.code(),
            path: warning.path.clone(),
            message: warning.message.clone(),
        }
    }
}

/// `--strict` refuses a file with warnings; the first one is the error's place.
fn strict_refusal(valid: &Valid) -> Invalid {
    let total: usize = valid.warning_counts.values().sum();
    let first = valid.warnings.first();
    let message = match first {
        Some(first) if total == 1 => format!("{first} (refused by --strict)"),
        Some(first) => format!(
            "{total} problems RFC 7946 validators reject (refused by --strict); the first: {first}"
        ),
        None => "refused by --strict".to_owned(),
    };
    Invalid {
        message,
        location: first.map(|warning| LocationReport::Member {
            path: warning.path.clone(),
        }),
        problems: valid.warnings.iter().map(WarningReport::from).collect(),
    }
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
    /// The warnings of a valid file (at most a few per rule; `warning_count` has them all).
    #[serde(skip_serializing_if = "Option::is_none")]
    warnings: Option<Vec<WarningReport>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    warning_count: Option<usize>,
    /// Under `--strict`, what made the file invalid.
    #[serde(skip_serializing_if = "<[WarningReport]>::is_empty")]
    problems: &'a [WarningReport],
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
    // Shapefiles, GeoPackages, KML and zips of them are checked by loading them as a layer
    // (told by their first bytes: a Shapefile is never read whole into memory).
    let mut head = Vec::new();
    let sniffed = std::fs::File::open(path)
        .and_then(|file| file.take(64 * 1024).read_to_end(&mut head))
        .is_ok();
    if sniffed && let Some(format) = layer_format(&head, path) {
        return check_layer(path, format);
    }
    let bytes = std::fs::read(path).ok();
    // One streaming pass gives the kind, the warnings and, for GeoJSON, the verdict and summary.
    let scanned = bytes.map(|bytes| geojson_check::scan(&bytes));
    let is_project = scanned.as_ref().is_some_and(|scanned| {
        scanned
            .foreign_top_members
            .iter()
            .any(|name| name == FAULTLINE_MEMBER)
    });
    let kind = if is_project {
        FileKind::Project
    } else {
        FileKind::GeoJson
    };
    let mut valid = match kind {
        FileKind::GeoJson => check_geojson(path, scanned.as_ref())?,
        FileKind::Project => check_project(path)?,
    };
    if let Some(scanned) = scanned {
        valid.warnings = scanned.warnings;
        valid.warning_counts = scanned.warning_counts;
    }
    Ok(valid)
}

/// Loading a project validates it, so a loaded project is a valid one.
fn check_project(path: &Path) -> Result<Valid, Invalid> {
    let project = load_project(path).map_err(|error| Invalid {
        message: error.message(),
        location: error.location().map(LocationReport::from),
        problems: Vec::new(),
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
        warnings: Vec::new(),
        warning_counts: BTreeMap::new(),
    })
}

/// The name of a layer format other than GeoJSON that `check` reads, by the file's contents.
fn layer_format(bytes: &[u8], path: &Path) -> Option<&'static str> {
    match LayerFileKind::of(bytes, path) {
        LayerFileKind::Shapefile => Some("Shapefile"),
        LayerFileKind::GeoPackage => Some("GeoPackage"),
        LayerFileKind::Kml => Some("KML"),
        LayerFileKind::Zip => Some("zip"),
        _ => None,
    }
}

/// Loads a Shapefile, GeoPackage, KML or zip as the window would, and summarises the layer;
/// what the reader set aside (tile tables, overlays…) is printed as warnings.
fn check_layer(path: &Path, format: &'static str) -> Result<Valid, Invalid> {
    let (summary, notes) = summarise_layer_file(path).map_err(|error| {
        let file = format!("{}: ", path.display());
        let message = error.to_string();
        Invalid {
            message: message.strip_prefix(&file).unwrap_or(&message).to_owned(),
            location: None,
            problems: Vec::new(),
        }
    })?;
    let line = geojson_summary_line(&summary).replacen(
        &format!("valid GeoJSON {}", summary.kind),
        &format!("valid {format}"),
        1,
    );
    let warnings: Vec<Warning> = notes
        .into_iter()
        .map(|message| Warning {
            rule: Rule::Reader,
            path: String::new(),
            message,
        })
        .collect();
    let warning_counts = if warnings.is_empty() {
        BTreeMap::new()
    } else {
        BTreeMap::from([(Rule::Reader, warnings.len())])
    };
    Ok(Valid {
        summary: line,
        report: ValidReport::GeoJson(GeoJsonReport {
            kind: format,
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
        warnings,
        warning_counts,
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

/// The scan decides and summarises a file the loader would accept without building it; a
/// refused (or unreadable) file is loaded so the loader's located message is the one reported.
fn check_geojson(path: &Path, scanned: Option<&Scan>) -> Result<Valid, Invalid> {
    let summary = match scanned.map(|scanned| &scanned.verdict) {
        Some(Verdict::Valid(summary)) => summary.clone(),
        _ => vector_layer::load_geojson_file(path)
            .map_err(|error: GeoJsonError| Invalid {
                message: error.message(),
                location: error.location().map(LocationReport::from),
                problems: Vec::new(),
            })?
            .summary(),
    };
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
        warnings: Vec::new(),
        warning_counts: BTreeMap::new(),
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
            warnings: Some(valid.warnings.iter().map(WarningReport::from).collect()),
            warning_count: Some(valid.warning_counts.values().sum()),
            problems: &[],
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
    let mut message = writeln!(stderr, "{file}: {}", invalid.message);
    if invalid.problems.len() > 1 {
        for problem in &invalid.problems {
            let place = if problem.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", problem.path)
            };
            message = message
                .and_then(|()| writeln!(stderr, "{file}: error: {place}{}", problem.message));
        }
    }
    if json {
        let report = Report {
            file,
            valid: false,
            details: None,
            warnings: None,
            warning_count: None,
            problems: &invalid.problems,
            error: Some(&invalid.message),
            location: Some(invalid.location.as_ref()),
        };
        write_json(&report, stdout)?;
    }
    message
}

/// `FILE: warning: PATH: message` per kept warning, and how many more of a rule were not shown.
fn write_warnings(file: &str, valid: &Valid, stderr: &mut dyn Write) -> std::io::Result<()> {
    for warning in &valid.warnings {
        writeln!(stderr, "{file}: warning: {warning}")?;
    }
    for (rule, count) in &valid.warning_counts {
        let shown = valid
            .warnings
            .iter()
            .filter(|warning| warning.rule == *rule)
            .count();
        if *count > shown {
            writeln!(
                stderr,
                "{file}: warning: … and {} more of this kind ({})",
                count - shown,
                rule.code()
            )?;
        }
    }
    Ok(())
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
            strict: false,
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
                "warnings": [],
                "warning_count": 0,
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
