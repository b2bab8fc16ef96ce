//! The project file: an RFC 7946 GeoJSON FeatureCollection that GIS tools open as-is.
//!
//! Actors and events are Point features, relationships LineString (or MultiLineString, when
//! cut at the antimeridian) great-circle arcs between their actors, annotations their own
//! geometry. Each feature's `properties` carry the record's fields and a `kind`. What is not
//! geographic lives in the top-level `faultline` member: `schema`, `title`, `sources`, `view`.
//! Unknown properties, members and features are kept and written back. The full format is
//! described in `docs/project-format.md`.

use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use geo::{Coord, LineString, Point, Polygon};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use super::Project;
use super::geodesy::{ARC_STEP_DEGREES, arc_parts};
use super::records::{Actor, Annotation, AnnotationGeometry, Event, Place, Relationship, Source};
use super::validate::{ItemKind, validate};

/// The schema version this build writes and the newest it reads.
pub const SCHEMA_VERSION: u64 = 1;

/// The top-level member holding what is not geographic.
pub const FAULTLINE_MEMBER: &str = "faultline";

/// A project file that cannot be read or written. `Display`: the file, where, and what.
#[derive(Debug, thiserror::Error)]
#[error("{}{kind}", FilePrefix(.file.as_deref()))]
pub struct ProjectFileError {
    file: Option<PathBuf>,
    kind: ProjectFileErrorKind,
}

/// What went wrong; `Display` includes the location but not the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProjectFileErrorKind {
    #[error("cannot read the file: {}", io_message(.0))]
    Read(io::Error),
    #[error("cannot save: {action}: {}", io_message(.error))]
    Write { action: String, error: io::Error },
    #[error("line {line}, column {column}: the file ends too early (is it truncated?)")]
    Truncated { line: usize, column: usize },
    #[error("line {line}, column {column}: not valid JSON: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "not a Faultline project: a GeoJSON file without the top-level \"faultline\" member \
         (open it as a layer instead)"
    )]
    NotAProject,
    /// A file of another kind (KML, a table…): what it is and what to do with it.
    #[error("not a Faultline project: {0}")]
    Foreign(String),
    #[error(
        "faultline.schema: the file uses schema {found}, written by a newer Faultline; this \
         version reads schemas up to {supported}, so nothing was read"
    )]
    NewerSchema { found: u64, supported: u64 },
    /// The file's shape is wrong at `path` (e.g. `features[3].geometry`).
    #[error("{path}: {message}")]
    Structure { path: String, message: String },
    /// The file is well formed but breaks the project's invariants.
    #[error("{}", join_problems(.0))]
    Invalid(Vec<LocatedProblem>),
}

/// A broken invariant at a member path, e.g.
/// `features[12].properties.from: unknown actor "actor:x"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedProblem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for LocatedProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Where in the file a problem is, for reports that locate it separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectFileLocation {
    /// 1-based line and column as serde_json counts them.
    LineColumn { line: usize, column: usize },
    /// A member path such as `features[3].properties.from`.
    Member { path: String },
}

fn join_problems(problems: &[LocatedProblem]) -> String {
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    messages.join("; ")
}

fn io_message(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

struct FilePrefix<'a>(Option<&'a Path>);

impl fmt::Display for FilePrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(path) => write!(f, "{}: ", path.display()),
            None => Ok(()),
        }
    }
}

impl ProjectFileError {
    pub fn kind(&self) -> &ProjectFileErrorKind {
        &self.kind
    }

    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The message without the file prefix.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// Where the problem is, when it has a place in the file (the first one, if several).
    pub fn location(&self) -> Option<ProjectFileLocation> {
        match &self.kind {
            ProjectFileErrorKind::Truncated { line, column }
            | ProjectFileErrorKind::Syntax { line, column, .. } => {
                Some(ProjectFileLocation::LineColumn {
                    line: *line,
                    column: *column,
                })
            }
            ProjectFileErrorKind::NewerSchema { .. } => Some(ProjectFileLocation::Member {
                path: format!("{FAULTLINE_MEMBER}.schema"),
            }),
            ProjectFileErrorKind::Structure { path, .. } => {
                Some(ProjectFileLocation::Member { path: path.clone() })
            }
            ProjectFileErrorKind::Invalid(problems) => {
                problems.first().map(|problem| ProjectFileLocation::Member {
                    path: problem.path.clone(),
                })
            }
            _ => None,
        }
    }

    fn in_file(mut self, path: &Path) -> Self {
        self.file = Some(path.to_path_buf());
        self
    }
}

impl From<ProjectFileErrorKind> for ProjectFileError {
    fn from(kind: ProjectFileErrorKind) -> Self {
        Self { file: None, kind }
    }
}

fn structure(path: impl Into<String>, message: impl Into<String>) -> ProjectFileErrorKind {
    ProjectFileErrorKind::Structure {
        path: path.into(),
        message: message.into(),
    }
}

/// Reads and checks a project file; nothing is half-read: any problem refuses the whole file.
pub fn load_project(path: &Path) -> Result<Project, ProjectFileError> {
    let bytes = std::fs::read(path)
        .map_err(|error| ProjectFileError::from(ProjectFileErrorKind::Read(error)).in_file(path))?;
    parse_project(&bytes, &path.display().to_string())
}

/// Reads a project from file contents; `name` (a file name or a label) prefixes messages.
/// The story Faultline opens with: the bundled scenario, an ordinary project file.
pub fn built_in_scenario() -> Result<Project, ProjectFileError> {
    parse_project(
        include_bytes!("../../assets/scenario.faultline.geojson"),
        "built-in scenario",
    )
}

/// Reads a project from bytes; `name` says where they came from in messages.
pub fn parse_project(bytes: &[u8], name: &str) -> Result<Project, ProjectFileError> {
    read_document(bytes).map_err(|kind| ProjectFileError {
        file: Some(PathBuf::from(name)),
        kind,
    })
}

/// Whether the bytes look like a Faultline project (JSON with a top-level `faultline`
/// member), to tell project files from plain GeoJSON before reading them properly.
pub fn is_project_document(bytes: &[u8]) -> bool {
    /// Looks for the member among the top-level names, skipping every value unbuilt.
    struct HasProjectMember;
    impl<'de> serde::de::Visitor<'de> for HasProjectMember {
        type Value = bool;
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut found = false;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                found |= key == FAULTLINE_MEMBER;
                map.next_value::<serde::de::IgnoredAny>()?;
            }
            Ok(found)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let found = serde::Deserializer::deserialize_map(&mut deserializer, HasProjectMember);
    matches!(found, Ok(true)) && deserializer.end().is_ok()
}

/// The `features[i]` each record came from, to locate validation problems.
#[derive(Default)]
struct FeatureIndices {
    by_kind: HashMap<ItemKind, Vec<usize>>,
}

/// What a file that is not JSON is, when it is a kind people mistake for a project.
fn foreign_kind(bytes: &[u8]) -> Option<String> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let head = String::from_utf8_lossy(&text[..text.len().min(4096)]);
    if bytes.starts_with(b"PK\x03\x04") {
        return Some(
            "this is a ZIP archive (a KMZ?); add a KMZ as a layer with File › Add layer…".into(),
        );
    }
    // Other XML keeps the JSON parser's located message.
    let is_kml =
        head.trim_start().starts_with('<') && (head.contains("<kml") || head.contains(":kml"));
    is_kml.then(|| {
        "this is a KML file: add it as a layer (File › Add layer…, or `--layer FILE`)".into()
    })
}

fn read_document(bytes: &[u8]) -> Result<Project, ProjectFileErrorKind> {
    if let Some(what) = foreign_kind(bytes) {
        return Err(ProjectFileErrorKind::Foreign(what));
    }
    let mut document: Value = serde_json::from_slice(bytes).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        if error.is_eof() {
            ProjectFileErrorKind::Truncated { line, column }
        } else {
            let text = error.to_string();
            let suffix = format!(" at line {line} column {column}");
            ProjectFileErrorKind::Syntax {
                line,
                column,
                message: text.strip_suffix(&suffix).unwrap_or(&text).to_owned(),
            }
        }
    })?;
    let Value::Object(top) = &document else {
        return Err(structure(
            "top level",
            format!(
                "expected a GeoJSON FeatureCollection object, found {}",
                describe(&document)
            ),
        ));
    };
    if top.get("type").and_then(Value::as_str) != Some("FeatureCollection") {
        let found = top
            .get("type")
            .map_or_else(|| "nothing".to_owned(), describe);
        return Err(structure(
            "type",
            format!("expected \"FeatureCollection\", found {found}"),
        ));
    }
    let Some(settings) = top.get(FAULTLINE_MEMBER) else {
        return Err(ProjectFileErrorKind::NotAProject);
    };
    let schema = settings
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            structure(
                format!("{FAULTLINE_MEMBER}.schema"),
                "expected the schema version, a whole number",
            )
        })?;
    if schema > SCHEMA_VERSION {
        return Err(ProjectFileErrorKind::NewerSchema {
            found: schema,
            supported: SCHEMA_VERSION,
        });
    }
    migrate(&mut document, schema)?;
    let Value::Object(mut top) = document else {
        return Err(structure("top level", "expected an object"));
    };
    top.remove("type");

    let mut project = Project::default();
    read_settings(top.remove(FAULTLINE_MEMBER), &mut project)?;
    let features = match top.remove("features") {
        Some(Value::Array(features)) => features,
        Some(other) => {
            return Err(structure(
                "features",
                format!("expected an array, found {}", describe(&other)),
            ));
        }
        None => return Err(structure("features", "missing")),
    };
    let mut indices = FeatureIndices::default();
    for (index, feature) in features.into_iter().enumerate() {
        read_feature(index, feature, &mut project, &mut indices)?;
    }
    project.extra = top;

    let problems: Vec<LocatedProblem> = validate(&project)
        .into_iter()
        .map(|issue| {
            let base = match issue.kind {
                ItemKind::Source => format!("{FAULTLINE_MEMBER}.sources[{}]", issue.index),
                kind => {
                    let feature = indices
                        .by_kind
                        .get(&kind)
                        .and_then(|features| features.get(issue.index))
                        .copied()
                        .unwrap_or(issue.index);
                    match issue.field.as_str() {
                        "place" | "geometry" => {
                            return LocatedProblem {
                                path: format!("features[{feature}].geometry"),
                                message: issue.problem,
                            };
                        }
                        _ => format!("features[{feature}].properties"),
                    }
                }
            };
            LocatedProblem {
                path: format!("{base}.{}", issue.field),
                message: issue.problem,
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(project)
    } else {
        Err(ProjectFileErrorKind::Invalid(problems))
    }
}

/// Brings a document of an older schema up to [`SCHEMA_VERSION`], one version at a time.
fn migrate(document: &mut Value, from_schema: u64) -> Result<(), ProjectFileErrorKind> {
    for schema in from_schema..SCHEMA_VERSION {
        match schema {
            0 => migrate_0_to_1(document),
            _ => {
                return Err(structure(
                    format!("{FAULTLINE_MEMBER}.schema"),
                    format!("no migration from schema {schema}"),
                ));
            }
        }
    }
    if let Some(settings) = document.get_mut(FAULTLINE_MEMBER)
        && let Some(settings) = settings.as_object_mut()
    {
        settings.insert("schema".into(), SCHEMA_VERSION.into());
    }
    Ok(())
}

/// Schema 0 (the pre-release format) called the Admiralty grade `admiralty`.
fn migrate_0_to_1(document: &mut Value) {
    let Some(features) = document.get_mut("features").and_then(Value::as_array_mut) else {
        return;
    };
    for feature in features {
        if let Some(properties) = feature.get_mut("properties").and_then(Value::as_object_mut)
            && !properties.contains_key("grade")
            && let Some(grade) = properties.remove("admiralty")
        {
            properties.insert("grade".into(), grade);
        }
    }
}

fn read_settings(
    settings: Option<Value>,
    project: &mut Project,
) -> Result<(), ProjectFileErrorKind> {
    let Some(Value::Object(mut settings)) = settings else {
        return Err(structure(FAULTLINE_MEMBER, "expected an object"));
    };
    settings.remove("schema");
    project.title = match settings.remove("title") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(title)) => title,
        Some(other) => {
            return Err(structure(
                format!("{FAULTLINE_MEMBER}.title"),
                format!("expected text, found {}", describe(&other)),
            ));
        }
    };
    match settings.remove("sources") {
        None | Some(Value::Null) => {}
        Some(Value::Array(sources)) => {
            for (index, source) in sources.into_iter().enumerate() {
                let path = format!("{FAULTLINE_MEMBER}.sources[{index}]");
                if !source.is_object() {
                    return Err(structure(
                        path,
                        format!("expected an object, found {}", describe(&source)),
                    ));
                }
                project.sources.push(record_from(source, &path)?);
            }
        }
        Some(other) => {
            return Err(structure(
                format!("{FAULTLINE_MEMBER}.sources"),
                format!("expected an array, found {}", describe(&other)),
            ));
        }
    }
    match settings.remove("datasets") {
        None | Some(Value::Null) => {}
        Some(Value::Array(datasets)) => {
            for (index, dataset) in datasets.into_iter().enumerate() {
                let path = format!("{FAULTLINE_MEMBER}.datasets[{index}]");
                project.datasets.push(record_from(dataset, &path)?);
            }
        }
        Some(other) => {
            return Err(structure(
                format!("{FAULTLINE_MEMBER}.datasets"),
                format!("expected an array, found {}", describe(&other)),
            ));
        }
    }
    project.view = match settings.remove("view") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(view)) => view,
        Some(other) => {
            return Err(structure(
                format!("{FAULTLINE_MEMBER}.view"),
                format!("expected an object, found {}", describe(&other)),
            ));
        }
    };
    project.faultline_extra = settings;
    Ok(())
}

fn read_feature(
    index: usize,
    feature: Value,
    project: &mut Project,
    indices: &mut FeatureIndices,
) -> Result<(), ProjectFileErrorKind> {
    let path = format!("features[{index}]");
    let Value::Object(mut members) = feature else {
        return Err(structure(
            path,
            format!("expected a Feature object, found {}", describe(&feature)),
        ));
    };
    if members.get("type").and_then(Value::as_str) != Some("Feature") {
        return Err(structure(format!("{path}.type"), "expected \"Feature\""));
    }
    let kind = members
        .get("properties")
        .and_then(|properties| properties.get("kind"))
        .cloned();
    let Some(kind) = kind else {
        // Not ours: another tool added it. Keep it as it is.
        project.foreign_features.push(Value::Object(members));
        return Ok(());
    };
    let Some(Value::Object(mut properties)) = members.remove("properties") else {
        return Err(structure(
            format!("{path}.properties"),
            "expected an object",
        ));
    };
    properties.remove("kind");
    let geometry = members.remove("geometry").unwrap_or(Value::Null);
    let properties_path = format!("{path}.properties");
    let geometry_path = format!("{path}.geometry");
    let item_kind = match kind.as_str() {
        Some("actor") => {
            let place_name = take_text(&mut properties, "place", &properties_path)?;
            let mut actor: Actor = record_from(Value::Object(properties), &properties_path)?;
            let (lon, lat) = read_point(&geometry, &geometry_path)?;
            actor.anchor = Place::new(lon, lat, place_name);
            project.actors.push(actor);
            ItemKind::Actor
        }
        Some("relationship") => {
            // The arc is derived from the actors' anchors, so its geometry is not read.
            project
                .relationships
                .push(record_from(Value::Object(properties), &properties_path)?);
            ItemKind::Relationship
        }
        Some("event") => {
            let place_name = take_text(&mut properties, "place", &properties_path)?;
            let mut event: Event = record_from(Value::Object(properties), &properties_path)?;
            let (lon, lat) = read_point(&geometry, &geometry_path)?;
            event.place = Place::new(lon, lat, place_name);
            project.events.push(event);
            ItemKind::Event
        }
        Some("annotation") => {
            let mut annotation: Annotation =
                record_from(Value::Object(properties), &properties_path)?;
            annotation.geometry = read_annotation_geometry(&geometry, &geometry_path)?;
            project.annotations.push(annotation);
            ItemKind::Annotation
        }
        _ => {
            return Err(structure(
                format!("{properties_path}.kind"),
                format!(
                    "unknown kind {} (expected \"actor\", \"relationship\", \"event\" or \
                     \"annotation\")",
                    describe(&kind)
                ),
            ));
        }
    };
    indices.by_kind.entry(item_kind).or_default().push(index);
    Ok(())
}

fn record_from<T: DeserializeOwned>(value: Value, path: &str) -> Result<T, ProjectFileErrorKind> {
    serde_json::from_value(value).map_err(|error| structure(path, error.to_string()))
}

fn take_text(
    properties: &mut Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<String, ProjectFileErrorKind> {
    match properties.remove(key) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(text)) => Ok(text),
        Some(other) => Err(structure(
            format!("{path}.{key}"),
            format!("expected text, found {}", describe(&other)),
        )),
    }
}

/// A short description of a JSON value for messages: `an array`, `"Point"`, `42`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => format!("\"{text}\""),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

fn geometry_of<'a>(
    geometry: &'a Value,
    path: &str,
) -> Result<(&'a str, &'a Value), ProjectFileErrorKind> {
    let kind = geometry
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            structure(
                path,
                format!("expected a geometry, found {}", describe(geometry)),
            )
        })?;
    let coordinates = geometry
        .get("coordinates")
        .ok_or_else(|| structure(format!("{path}.coordinates"), "missing"))?;
    Ok((kind, coordinates))
}

fn read_position(value: &Value, path: &str) -> Result<Coord<f64>, ProjectFileErrorKind> {
    let numbers = value.as_array().filter(|numbers| numbers.len() >= 2);
    let position = numbers.and_then(|numbers| Some((numbers[0].as_f64()?, numbers[1].as_f64()?)));
    let (x, y) =
        position.ok_or_else(|| structure(path, "expected a position [longitude, latitude]"))?;
    Ok(Coord { x, y })
}

fn read_positions(value: &Value, path: &str) -> Result<Vec<Coord<f64>>, ProjectFileErrorKind> {
    let positions = value
        .as_array()
        .ok_or_else(|| structure(path, "expected an array of positions"))?;
    positions
        .iter()
        .enumerate()
        .map(|(index, position)| read_position(position, &format!("{path}[{index}]")))
        .collect()
}

fn read_point(geometry: &Value, path: &str) -> Result<(f64, f64), ProjectFileErrorKind> {
    match geometry_of(geometry, path)? {
        ("Point", coordinates) => {
            let coord = read_position(coordinates, &format!("{path}.coordinates"))?;
            Ok((coord.x, coord.y))
        }
        (other, _) => Err(structure(
            format!("{path}.type"),
            format!("expected a Point, found \"{other}\""),
        )),
    }
}

fn read_annotation_geometry(
    geometry: &Value,
    path: &str,
) -> Result<AnnotationGeometry, ProjectFileErrorKind> {
    let (kind, coordinates) = geometry_of(geometry, path)?;
    let coordinates_path = format!("{path}.coordinates");
    match kind {
        "Point" => Ok(AnnotationGeometry::Point(Point(read_position(
            coordinates,
            &coordinates_path,
        )?))),
        "LineString" => Ok(AnnotationGeometry::LineString(LineString(read_positions(
            coordinates,
            &coordinates_path,
        )?))),
        "Polygon" => {
            let rings = coordinates
                .as_array()
                .filter(|rings| !rings.is_empty())
                .ok_or_else(|| structure(&coordinates_path, "expected an array of rings"))?;
            let mut rings = rings
                .iter()
                .enumerate()
                .map(|(index, ring)| {
                    read_positions(ring, &format!("{coordinates_path}[{index}]")).map(LineString)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let exterior = rings.remove(0);
            Ok(AnnotationGeometry::Polygon(Polygon::new(exterior, rings)))
        }
        other => Err(structure(
            format!("{path}.type"),
            format!("expected a Point, LineString or Polygon, found \"{other}\""),
        )),
    }
}

fn position(coord: Coord<f64>) -> Value {
    json!([coord.x, coord.y])
}

fn positions(line: &LineString<f64>) -> Value {
    Value::Array(line.0.iter().copied().map(position).collect())
}

fn annotation_geometry(geometry: &AnnotationGeometry) -> Value {
    match geometry {
        AnnotationGeometry::Point(point) => {
            json!({"type": "Point", "coordinates": position(point.0)})
        }
        AnnotationGeometry::LineString(line) => {
            json!({"type": "LineString", "coordinates": positions(line)})
        }
        AnnotationGeometry::Polygon(polygon) => {
            let rings: Vec<Value> = std::iter::once(polygon.exterior())
                .chain(polygon.interiors())
                .map(positions)
                .collect();
            json!({"type": "Polygon", "coordinates": rings})
        }
    }
}

/// The relationship's great-circle arc, or null when an actor is missing.
fn relationship_geometry(project: &Project, relationship: &Relationship) -> Value {
    let (Some(from), Some(to)) = (
        project.actor(&relationship.from),
        project.actor(&relationship.to),
    ) else {
        return Value::Null;
    };
    let parts = arc_parts(
        (from.anchor.lon, from.anchor.lat),
        (to.anchor.lon, to.anchor.lat),
        ARC_STEP_DEGREES,
    );
    let lines: Vec<Value> = parts
        .iter()
        .map(|part| Value::Array(part.iter().map(|&(lon, lat)| json!([lon, lat])).collect()))
        .collect();
    match <[Value; 1]>::try_from(lines) {
        Ok([line]) => json!({"type": "LineString", "coordinates": line}),
        Err(lines) => json!({"type": "MultiLineString", "coordinates": lines}),
    }
}

/// The record's fields as a JSON object. Records are structs of plain data, so serialising
/// them cannot fail; an empty object would be the harmless fallback.
fn properties_of<T: Serialize>(record: &T) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(properties)) => properties,
        _ => Map::new(),
    }
}

fn feature(kind: ItemKind, id: &str, geometry: Value, mut properties: Map<String, Value>) -> Value {
    properties.insert("kind".into(), kind.as_str().into());
    json!({"type": "Feature", "id": id, "geometry": geometry, "properties": properties})
}

/// The project as a GeoJSON document; members are in a stable (sorted) order.
pub fn to_geojson_value(project: &Project) -> Value {
    let Project {
        title,
        actors,
        relationships,
        events,
        sources,
        annotations,
        view,
        extra,
        faultline_extra,
        foreign_features,
        datasets,
    } = project;
    let mut features = Vec::with_capacity(
        actors.len()
            + relationships.len()
            + events.len()
            + annotations.len()
            + foreign_features.len(),
    );
    for actor in actors {
        let mut properties = properties_of(actor);
        properties.insert("place".into(), actor.anchor.name.clone().into());
        let point = json!({"type": "Point", "coordinates": [actor.anchor.lon, actor.anchor.lat]});
        features.push(feature(
            ItemKind::Actor,
            actor.id.as_str(),
            point,
            properties,
        ));
    }
    for relationship in relationships {
        features.push(feature(
            ItemKind::Relationship,
            relationship.id.as_str(),
            relationship_geometry(project, relationship),
            properties_of(relationship),
        ));
    }
    for event in events {
        let mut properties = properties_of(event);
        properties.insert("place".into(), event.place.name.clone().into());
        let point = json!({"type": "Point", "coordinates": [event.place.lon, event.place.lat]});
        features.push(feature(
            ItemKind::Event,
            event.id.as_str(),
            point,
            properties,
        ));
    }
    for annotation in annotations {
        features.push(feature(
            ItemKind::Annotation,
            annotation.id.as_str(),
            annotation_geometry(&annotation.geometry),
            properties_of(annotation),
        ));
    }
    features.extend(foreign_features.iter().cloned());

    let mut settings = faultline_extra.clone();
    settings.insert("schema".into(), SCHEMA_VERSION.into());
    settings.insert("title".into(), title.clone().into());
    settings.insert(
        "sources".into(),
        Value::Array(
            sources
                .iter()
                .map(|source: &Source| Value::Object(properties_of(source)))
                .collect(),
        ),
    );
    settings.insert("view".into(), Value::Object(view.clone()));
    // Written only when there are some, so files without datasets stay as they were.
    if !datasets.is_empty() {
        settings.insert(
            "datasets".into(),
            serde_json::to_value(datasets).unwrap_or(Value::Array(Vec::new())),
        );
    }

    let mut top = extra.clone();
    top.insert("type".into(), "FeatureCollection".into());
    top.insert(FAULTLINE_MEMBER.into(), Value::Object(settings));
    top.insert("features".into(), Value::Array(features));
    Value::Object(top)
}

/// The project file's bytes: pretty-printed JSON, ending with a newline.
pub fn to_geojson_bytes(project: &Project) -> Vec<u8> {
    // Writing a `Value` into memory cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&to_geojson_value(project)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Where [`save_project`] keeps the previous version: `NAME.bak` beside the file.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|name| name.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

/// Saves atomically: the previous file is first copied to `NAME.bak`, then the new contents
/// replace it in one rename, so a crash leaves the old or the new file, never a torn one.
/// The project is saved even if it has validation issues, so no work is ever lost.
pub fn save_project(path: &Path, project: &Project) -> Result<(), ProjectFileError> {
    save_project_with_faults(path, project, |_| Ok(()))
}

/// [`save_project`] with a hook that can fail the write at any step, to show in tests that an
/// interrupted save leaves a readable file.
pub fn save_project_with_faults(
    path: &Path,
    project: &Project,
    fault: impl FnMut(crate::files::WriteStep) -> io::Result<()>,
) -> Result<(), ProjectFileError> {
    let bytes = to_geojson_bytes(project);
    let failed = |action: String, error: io::Error| {
        ProjectFileError::from(ProjectFileErrorKind::Write { action, error }).in_file(path)
    };
    if path.is_file() {
        let backup = backup_path(path);
        std::fs::copy(path, &backup).map_err(|error| {
            failed(
                format!("cannot keep the previous version as {}", backup.display()),
                error,
            )
        })?;
    }
    crate::files::write_atomically_with_faults(path, &bytes, fault)
        .map_err(|error| failed("cannot write the file".to_owned(), error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::small_project;

    #[test]
    fn round_trips_in_memory() {
        let project = small_project();
        let bytes = to_geojson_bytes(&project);
        let back = parse_project(&bytes, "small").unwrap();
        assert_eq!(back, project);
        assert_eq!(to_geojson_bytes(&back), bytes);
    }

    #[test]
    fn relationship_arcs_cross_the_antimeridian_as_multilinestrings() {
        let mut project = small_project();
        project.actors[0].anchor = Place::new(170.0, 0.0, "East");
        project.actors[1].anchor = Place::new(-170.0, 0.0, "West");
        let geometry = relationship_geometry(&project, &project.relationships[0]);
        assert_eq!(geometry["type"], "MultiLineString");
        assert_eq!(geometry["coordinates"].as_array().unwrap().len(), 2);
        let back = parse_project(&to_geojson_bytes(&project), "x").unwrap();
        assert_eq!(back, project);
    }

    #[test]
    fn syntax_errors_are_located() {
        let error = parse_project(b"{\n  \"type\": nope\n}", "bad.geojson").unwrap_err();
        assert_eq!(
            error.to_string(),
            "bad.geojson: line 2, column 12: not valid JSON: expected ident"
        );
        assert_eq!(
            error.location(),
            Some(ProjectFileLocation::LineColumn {
                line: 2,
                column: 12
            })
        );
    }
}
