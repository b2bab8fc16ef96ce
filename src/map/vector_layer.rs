//! User GeoJSON layers: parsing with located errors.
//!
//! Users bring arbitrary files, so parsing never trusts the input: the bytes are checked for UTF-8,
//! parsed into a `serde_json::Value` (which gives line and column for syntax errors and bounds
//! nesting at serde_json's default recursion limit of 128), then walked by hand so that every
//! structural problem names the member it is in, like `features[3].geometry.type`.
//!
//! Accepted (RFC 7946, with the leniencies listed here):
//! - a `FeatureCollection`, a single `Feature`, or a bare geometry (including
//!   `GeometryCollection`, nested at most [`MAX_COLLECTION_DEPTH`] deep);
//! - features with a `null` geometry are skipped, but counted in
//!   [`VectorLayer::features_without_geometry`];
//! - empty `coordinates` arrays (allowed by RFC 7946 §3.1) give empty geometries;
//! - latitudes must lie within −90..90; longitudes within −360..360 (see [`MAX_LONGITUDE`]);
//! - positions may carry more than two numbers (altitude…); the extra ones are ignored;
//! - an old-style `crs` member naming Web Mercator (EPSG:3857 and its aliases) is reprojected to
//!   lon/lat; one naming any other CRS but WGS 84 is refused with its name (see [`super::crs`]);
//! - foreign members and `bbox` members are ignored (the bounding box is recomputed);
//! - a leading UTF-8 byte-order mark is skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use geo::{
    BoundingRect, Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint,
    MultiPolygon, Point, Polygon,
};
use serde_json::{Map, Value};

use super::crs::{DeclaredCrs, convert_positions, web_mercator_to_lon_lat};

/// How deep `GeometryCollection`s may nest. Real data nests one or two levels; the bound keeps
/// every recursive walk over geometries (here and in the renderer) shallow.
pub const MAX_COLLECTION_DEPTH: usize = 16;

/// Largest accepted |longitude|. Data crossing the antimeridian often continues past ±180 (e.g.
/// 190 for 170°W) rather than wrapping, so up to one extra turn either way is accepted; beyond
/// that the numbers are almost certainly not degrees (projected metres, swapped axes…).
pub const MAX_LONGITUDE: f64 = 360.0;

/// A user's file (GeoJSON, KML, KMZ, Shapefile, GeoPackage) loaded as a map layer.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorLayer {
    /// Shown in the layer list; the file stem when loaded from a file.
    pub name: String,
    /// Features that have a geometry, in file order.
    pub features: Vec<VectorFeature>,
    /// West, south, east, north of all coordinates; `None` when there are none. East may exceed
    /// 180 for data crossing the antimeridian (see [`MAX_LONGITUDE`]).
    pub bbox: Option<[f64; 4]>,
    /// What the top level of the file was.
    pub kind: GeoJsonKind,
    /// Features whose geometry was `null`: skipped, since there is nothing to draw, but counted so
    /// `check` can report them.
    pub features_without_geometry: usize,
    /// What was read but not shown (e.g. KML overlays), as sentences for the user.
    pub warnings: Vec<String>,
}

/// One feature of a [`VectorLayer`].
#[derive(Debug, Clone, PartialEq)]
pub struct VectorFeature {
    /// Longitude/latitude in degrees (x = longitude).
    pub geometry: Geometry<f64>,
    /// The feature's `properties`; empty when absent or `null`.
    pub properties: Map<String, Value>,
    /// The feature's `id`; numeric ids are kept in their JSON spelling.
    pub id: Option<String>,
}

/// Properties tried, in order, for a feature's label (Natural Earth uses `NAME`).
const LABEL_PROPERTIES: [&str; 5] = ["name", "NAME", "Name", "title", "label"];

impl VectorFeature {
    /// A label for lists and tooltips: the first non-empty `name`, `NAME`, `Name`, `title` or
    /// `label` property, else the id, else "Feature N" where N is `index + 1` (`index` being the
    /// feature's position in [`VectorLayer::features`]).
    pub fn label(&self, index: usize) -> String {
        for key in LABEL_PROPERTIES {
            match self.properties.get(key) {
                Some(Value::String(text)) if !text.trim().is_empty() => {
                    return text.trim().to_owned();
                }
                Some(Value::Number(number)) => return number.to_string(),
                _ => {}
            }
        }
        match &self.id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => format!("Feature {}", index.saturating_add(1)),
        }
    }
}

/// The GeoJSON geometry types, in the order RFC 7946 lists them (which is also the order
/// summaries print them in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GeometryKind {
    Point,
    MultiPoint,
    LineString,
    MultiLineString,
    Polygon,
    MultiPolygon,
    GeometryCollection,
}

impl GeometryKind {
    /// All kinds, in RFC order.
    pub const ALL: [GeometryKind; 7] = [
        GeometryKind::Point,
        GeometryKind::MultiPoint,
        GeometryKind::LineString,
        GeometryKind::MultiLineString,
        GeometryKind::Polygon,
        GeometryKind::MultiPolygon,
        GeometryKind::GeometryCollection,
    ];

    /// The GeoJSON `type` string.
    pub fn name(self) -> &'static str {
        match self {
            GeometryKind::Point => "Point",
            GeometryKind::MultiPoint => "MultiPoint",
            GeometryKind::LineString => "LineString",
            GeometryKind::MultiLineString => "MultiLineString",
            GeometryKind::Polygon => "Polygon",
            GeometryKind::MultiPolygon => "MultiPolygon",
            GeometryKind::GeometryCollection => "GeometryCollection",
        }
    }

    /// The kind for a GeoJSON `type` string (case-sensitive, as the RFC requires).
    pub fn from_name(name: &str) -> Option<GeometryKind> {
        GeometryKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name)
    }

    /// The GeoJSON kind of a geo-types geometry; `Line`, `Rect` and `Triangle` (which GeoJSON
    /// lacks) map to the type they would be written as.
    pub fn of(geometry: &Geometry<f64>) -> GeometryKind {
        match geometry {
            Geometry::Point(_) => GeometryKind::Point,
            Geometry::MultiPoint(_) => GeometryKind::MultiPoint,
            Geometry::Line(_) | Geometry::LineString(_) => GeometryKind::LineString,
            Geometry::MultiLineString(_) => GeometryKind::MultiLineString,
            Geometry::Polygon(_) | Geometry::Rect(_) | Geometry::Triangle(_) => {
                GeometryKind::Polygon
            }
            Geometry::MultiPolygon(_) => GeometryKind::MultiPolygon,
            Geometry::GeometryCollection(_) => GeometryKind::GeometryCollection,
        }
    }
}

impl fmt::Display for GeometryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the top-level object of a GeoJSON file was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoJsonKind {
    FeatureCollection,
    Feature,
    /// A bare geometry, loaded as a layer of one feature.
    Geometry(GeometryKind),
}

impl GeoJsonKind {
    /// The top-level `type` string.
    pub fn name(self) -> &'static str {
        match self {
            GeoJsonKind::FeatureCollection => "FeatureCollection",
            GeoJsonKind::Feature => "Feature",
            GeoJsonKind::Geometry(kind) => kind.name(),
        }
    }
}

impl fmt::Display for GeoJsonKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What `faultline check` and the layer panel report about a layer.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoJsonSummary {
    pub kind: GeoJsonKind,
    /// All features in the file, including those without geometry.
    pub features: usize,
    pub features_without_geometry: usize,
    /// Features per top-level geometry type (a collection counts once, as `GeometryCollection`).
    pub geometry_types: BTreeMap<GeometryKind, usize>,
    /// West, south, east, north; `None` when there are no coordinates.
    pub bbox: Option<[f64; 4]>,
    /// Property names used by the features with geometry, sorted.
    pub property_names: BTreeSet<String>,
}

impl VectorLayer {
    /// Counts and names for reports; computed from the layer, so it is cheap to call once but
    /// not meant for every frame.
    pub fn summary(&self) -> GeoJsonSummary {
        let mut geometry_types = BTreeMap::new();
        let mut property_names = BTreeSet::new();
        for feature in &self.features {
            *geometry_types
                .entry(GeometryKind::of(&feature.geometry))
                .or_insert(0) += 1;
            property_names.extend(feature.properties.keys().cloned());
        }
        GeoJsonSummary {
            kind: self.kind,
            features: self.features.len() + self.features_without_geometry,
            features_without_geometry: self.features_without_geometry,
            geometry_types,
            bbox: self.bbox,
            property_names,
        }
    }
}

impl VectorLayer {
    /// The distinct `folder` properties (KML Folders), in file order: the groups a reader
    /// could switch on and off.
    pub fn groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = Vec::new();
        for feature in &self.features {
            if let Some(Value::String(folder)) = feature.properties.get("folder")
                && !groups.contains(folder)
            {
                groups.push(folder.clone());
            }
        }
        groups
    }
}

/// Where in the input a [`GeoJsonError`] was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorLocation {
    /// 1-based line; column as serde_json counts it (1-based bytes, 0 right after a newline).
    LineColumn { line: usize, column: usize },
    /// A byte offset (0-based) with its 1-based line and column, for bytes that are not text.
    Byte {
        offset: usize,
        line: usize,
        column: usize,
    },
    /// A member path into the JSON document, like `features[3].geometry.coordinates[0]`.
    Member { path: String },
}

/// A GeoJSON file or text that cannot be loaded. Its `Display` is the message for the user: the
/// file (when loading one), then where in it, then what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{}{kind}", FilePrefix(.file.as_deref()))]
pub struct GeoJsonError {
    file: Option<PathBuf>,
    kind: GeoJsonErrorKind,
}

/// What went wrong; `Display` includes the location but not the file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeoJsonErrorKind {
    #[error("cannot read the file: {}", io_message(.0))]
    Io(std::io::Error),
    #[error("file is empty")]
    Empty,
    #[error(
        "file is not UTF-8 text (invalid byte at offset {offset}, line {line}, column {column}){}",
        if *.looks_utf16 { "; it looks like UTF-16: save it as UTF-8" } else { "" }
    )]
    NotUtf8 {
        offset: usize,
        line: usize,
        column: usize,
        looks_utf16: bool,
    },
    #[error("unexpected end of file at line {line}, column {column}")]
    Truncated { line: usize, column: usize },
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not GeoJSON: {reason}")]
    NotGeoJson { reason: String },
    #[error(
        "the file declares the coordinate system {crs}, which Faultline does not reproject \
         (it reads WGS 84 longitude/latitude and Web Mercator, EPSG:3857); reproject it first, \
         e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`"
    )]
    UnsupportedCrs { crs: String },
    /// A structural problem; `path` is empty for the top-level object.
    #[error("{}{message}", MemberPrefix(.path))]
    Invalid { path: String, message: String },
}

impl GeoJsonError {
    /// What went wrong, without the file.
    pub fn kind(&self) -> &GeoJsonErrorKind {
        &self.kind
    }

    /// The file being loaded, if the error came from [`load_geojson_file`].
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// The message without the file prefix (for reports that name the file separately).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// Where the problem is, when it has a place in the input.
    pub fn location(&self) -> Option<ErrorLocation> {
        match &self.kind {
            GeoJsonErrorKind::NotUtf8 {
                offset,
                line,
                column,
                ..
            } => Some(ErrorLocation::Byte {
                offset: *offset,
                line: *line,
                column: *column,
            }),
            GeoJsonErrorKind::Truncated { line, column }
            | GeoJsonErrorKind::Syntax { line, column, .. } => Some(ErrorLocation::LineColumn {
                line: *line,
                column: *column,
            }),
            GeoJsonErrorKind::Invalid { path, .. } if !path.is_empty() => {
                Some(ErrorLocation::Member { path: path.clone() })
            }
            _ => None,
        }
    }

    /// The same error, naming the file it was found in.
    pub(crate) fn in_file(mut self, path: &Path) -> GeoJsonError {
        self.file = Some(path.to_path_buf());
        self
    }
}

impl From<GeoJsonErrorKind> for GeoJsonError {
    fn from(kind: GeoJsonErrorKind) -> Self {
        GeoJsonError { file: None, kind }
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

struct MemberPrefix<'a>(&'a str);

impl fmt::Display for MemberPrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}: ", self.0)
        }
    }
}

fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}

/// Reads and parses a GeoJSON file; the layer is named after the file stem. Every error names
/// the file.
pub fn load_geojson_file(path: &Path) -> Result<VectorLayer, GeoJsonError> {
    let bytes = std::fs::read(path).map_err(|error| GeoJsonError {
        file: Some(path.to_path_buf()),
        kind: GeoJsonErrorKind::Io(error),
    })?;
    let name = match path.file_stem() {
        Some(stem) => stem.to_string_lossy().into_owned(),
        None => path.display().to_string(),
    };
    parse_geojson(&bytes, &name).map_err(|error| error.in_file(path))
}

/// Parses GeoJSON text (a FeatureCollection, a Feature or a bare geometry) into a layer called
/// `name`. Never panics; see the module documentation for what is accepted.
pub fn parse_geojson(bytes: &[u8], name: &str) -> Result<VectorLayer, GeoJsonError> {
    let text = decode_text(bytes)?;
    let mut value = parse_json(text)?;
    // An old-style `crs` member (QGIS and GDAL still write it): Web Mercator is brought to
    // lon/lat, any other CRS but lon/lat is refused by name rather than drawn in the wrong place.
    match DeclaredCrs::of_geojson(&value) {
        None | Some(DeclaredCrs::LonLat) => {}
        Some(DeclaredCrs::WebMercator) => convert_positions(&mut value, &web_mercator_to_lon_lat),
        Some(DeclaredCrs::Other(crs)) => {
            return Err(GeoJsonErrorKind::UnsupportedCrs { crs }.into());
        }
    }
    let mut layer = build_layer(value, name)?;
    layer.bbox = bbox_of(&layer.features);
    Ok(layer)
}

/// UTF-8 text without a byte-order mark, or the offending byte's place.
fn decode_text(bytes: &[u8]) -> Result<&str, GeoJsonErrorKind> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let offset = error.valid_up_to();
        let before = bytes.get(..offset).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |newline| newline + 1);
        GeoJsonErrorKind::NotUtf8 {
            offset,
            line: before.iter().filter(|&&byte| byte == b'\n').count() + 1,
            column: offset - line_start + 1,
            looks_utf16: bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF"),
        }
    })?;
    if text.trim().is_empty() {
        return Err(GeoJsonErrorKind::Empty);
    }
    Ok(text)
}

/// Parses JSON, turning serde_json's errors into located, friendlier messages.
fn parse_json(text: &str) -> Result<Value, GeoJsonErrorKind> {
    serde_json::from_str(text).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        if error.is_eof() {
            return GeoJsonErrorKind::Truncated { line, column };
        }
        let full = error.to_string();
        let suffix = format!(" at line {line} column {column}");
        let raw = full.strip_suffix(&suffix).unwrap_or(&full);
        let message = if let Some(word) = non_finite_literal(text, line, column) {
            format!(
                "{word} is not a valid JSON number (NaN and Infinity cannot be written in JSON)"
            )
        } else if raw == "recursion limit exceeded" {
            "JSON is nested too deeply (more than 128 levels of arrays and objects)".to_owned()
        } else if raw == "number out of range" {
            "number out of range (too large for a 64-bit float)".to_owned()
        } else {
            raw.replace('`', "'")
        };
        GeoJsonErrorKind::Syntax {
            line,
            column,
            message,
        }
    })
}

/// The `NaN`/`Infinity`-like word at serde_json's error position, if that is what tripped it.
fn non_finite_literal(text: &str, line: usize, column: usize) -> Option<String> {
    let line_text = text.split('\n').nth(line.checked_sub(1)?)?;
    let at = column.checked_sub(1)?.min(line_text.len());
    let bytes = line_text.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'+';
    let start = bytes
        .get(..at)?
        .iter()
        .rposition(|&byte| !is_word(byte))
        .map_or(0, |index| index + 1);
    let end = bytes
        .get(start..)?
        .iter()
        .position(|&byte| !is_word(byte))
        .map_or(bytes.len(), |length| start + length);
    let word = line_text.get(start..end)?;
    let bare = word.trim_start_matches(['-', '+']).to_ascii_lowercase();
    matches!(bare.as_str(), "nan" | "inf" | "infinity").then(|| word.to_owned())
}

/// One step of a member path: an object key or an array index.
#[derive(Clone, Copy)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// A member path as a linked list on the stack, so walking costs nothing until an error needs
/// the path spelled out.
#[derive(Clone, Copy)]
struct At<'a> {
    parent: Option<&'a At<'a>>,
    step: Option<Step>,
}

const ROOT: At<'static> = At {
    parent: None,
    step: None,
};

impl<'a> At<'a> {
    fn key(&'a self, key: &'static str) -> At<'a> {
        At {
            parent: Some(self),
            step: Some(Step::Key(key)),
        }
    }

    fn index(&'a self, index: usize) -> At<'a> {
        At {
            parent: Some(self),
            step: Some(Step::Index(index)),
        }
    }

    fn render(&self) -> String {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(current) = at {
            if let Some(step) = current.step {
                steps.push(step);
            }
            at = current.parent;
        }
        let mut path = String::new();
        for step in steps.into_iter().rev() {
            match step {
                Step::Key(key) if path.is_empty() => path.push_str(key),
                Step::Key(key) => {
                    path.push('.');
                    path.push_str(key);
                }
                Step::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        path
    }

    fn error(&self, message: impl Into<String>) -> GeoJsonErrorKind {
        GeoJsonErrorKind::Invalid {
            path: self.render(),
            message: message.into(),
        }
    }

    fn expected(&self, what: &str, found: &Value) -> GeoJsonErrorKind {
        self.error(format!("expected {what}, found {}", describe(found)))
    }
}

/// "a string", "an array"… for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A user string for a message: quoted, escaped and cut short so a huge value cannot flood it.
fn quoted(text: &str) -> String {
    const LIMIT: usize = 40;
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// A number for a message, without the hundreds of digits `Display` gives huge floats.
fn number_text(value: f64) -> String {
    if value.abs() >= 1e9 {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

fn build_layer(value: Value, name: &str) -> Result<VectorLayer, GeoJsonErrorKind> {
    let mut object = match value {
        Value::Object(object) => object,
        other => {
            return Err(GeoJsonErrorKind::NotGeoJson {
                reason: format!(
                    "the top-level JSON value is {}, not an object",
                    describe(&other)
                ),
            });
        }
    };
    let type_name = match object.get("type") {
        Some(Value::String(type_name)) => type_name.clone(),
        Some(other) => {
            return Err(GeoJsonErrorKind::NotGeoJson {
                reason: format!("top-level \"type\" is {}, not a string", describe(other)),
            });
        }
        None => {
            return Err(GeoJsonErrorKind::NotGeoJson {
                reason: "the top-level object has no \"type\" member".to_owned(),
            });
        }
    };
    let mut layer = VectorLayer {
        name: name.to_owned(),
        features: Vec::new(),
        bbox: None,
        kind: GeoJsonKind::FeatureCollection,
        features_without_geometry: 0,
        warnings: Vec::new(),
    };
    match type_name.as_str() {
        "FeatureCollection" => {
            let features = match object.remove("features") {
                Some(Value::Array(features)) => features,
                Some(other) => return Err(ROOT.key("features").expected("an array", &other)),
                None => return Err(ROOT.error("a FeatureCollection needs a \"features\" member")),
            };
            let at = ROOT.key("features");
            layer.features.reserve(features.len());
            for (index, feature) in features.into_iter().enumerate() {
                add_feature(feature, &at.index(index), &mut layer)?;
            }
        }
        "Feature" => {
            layer.kind = GeoJsonKind::Feature;
            add_feature(Value::Object(object), &ROOT, &mut layer)?;
        }
        "Topology" => {
            return Err(GeoJsonErrorKind::NotGeoJson {
                reason: "top-level \"type\" is \"Topology\" (TopoJSON is not supported; \
                         convert it to GeoJSON)"
                    .to_owned(),
            });
        }
        other => {
            let Some(kind) = GeometryKind::from_name(other) else {
                return Err(GeoJsonErrorKind::NotGeoJson {
                    reason: format!(
                        "top-level \"type\" is {} (expected \"FeatureCollection\", \"Feature\" \
                         or a geometry type){}",
                        quoted(other),
                        suggestion(other, &["FeatureCollection", "Feature"])
                    ),
                });
            };
            layer.kind = GeoJsonKind::Geometry(kind);
            let geometry = parse_geometry_object(&object, kind, &ROOT, 0)?;
            layer.features.push(VectorFeature {
                geometry,
                properties: Map::new(),
                id: None,
            });
        }
    }
    Ok(layer)
}

/// Validates one Feature object and adds it to the layer (or counts it when its geometry is null).
fn add_feature(value: Value, at: &At, layer: &mut VectorLayer) -> Result<(), GeoJsonErrorKind> {
    let mut object = match value {
        Value::Object(object) => object,
        other => return Err(at.expected("a Feature object", &other)),
    };
    match object.get("type") {
        Some(Value::String(type_name)) if type_name == "Feature" => {}
        Some(Value::String(type_name)) => {
            let hint = if GeometryKind::from_name(type_name).is_some() {
                " (a geometry must be wrapped in a Feature: {\"type\": \"Feature\", \
                 \"geometry\": …, \"properties\": {}})"
            } else {
                ""
            };
            return Err(at.key("type").error(format!(
                "expected \"Feature\", found {}{hint}",
                quoted(type_name)
            )));
        }
        Some(other) => return Err(at.key("type").expected("the string \"Feature\"", other)),
        None => return Err(at.error("missing \"type\" member (expected \"Feature\")")),
    }
    let geometry = match object.get("geometry") {
        Some(Value::Null) => None,
        Some(geometry) => Some(parse_geometry(geometry, &at.key("geometry"), 0)?),
        None => {
            return Err(at.error(
                "missing \"geometry\" member (use \"geometry\": null for a feature without one)",
            ));
        }
    };
    let properties = match object.remove("properties") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(properties)) => properties,
        Some(other) => {
            return Err(at.key("properties").expected("an object or null", &other));
        }
    };
    let id = match object.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(Value::Number(id)) => Some(id.to_string()),
        Some(other) => return Err(at.key("id").expected("a string or a number", other)),
    };
    match geometry {
        Some(geometry) => layer.features.push(VectorFeature {
            geometry,
            properties,
            id,
        }),
        None => layer.features_without_geometry += 1,
    }
    Ok(())
}

/// A geometry object at `at`; `depth` counts enclosing GeometryCollections.
fn parse_geometry(value: &Value, at: &At, depth: usize) -> Result<Geometry<f64>, GeoJsonErrorKind> {
    let Value::Object(object) = value else {
        return Err(at.expected("a geometry object or null", value));
    };
    let type_at = at.key("type");
    let kind = match object.get("type") {
        Some(Value::String(type_name)) => GeometryKind::from_name(type_name).ok_or_else(|| {
            type_at.error(format!(
                "unknown geometry type {}{}",
                quoted(type_name),
                suggestion(type_name, &GeometryKind::ALL.map(GeometryKind::name))
            ))
        })?,
        Some(other) => return Err(type_at.expected("a geometry type string", other)),
        None => return Err(at.error("missing \"type\" member")),
    };
    parse_geometry_object(object, kind, at, depth)
}

/// The members of a geometry object whose `type` is already known to be `kind`.
fn parse_geometry_object(
    object: &Map<String, Value>,
    kind: GeometryKind,
    at: &At,
    depth: usize,
) -> Result<Geometry<f64>, GeoJsonErrorKind> {
    let coordinates = || {
        object
            .get("coordinates")
            .ok_or_else(|| at.error(format!("a {kind} needs a \"coordinates\" member")))
    };
    let shape = Shape { kind };
    let geometry_at = at;
    let coordinates_at = at.key("coordinates");
    let at = &coordinates_at;
    Ok(match kind {
        GeometryKind::Point => Geometry::Point(Point(shape.position(coordinates()?, at)?)),
        GeometryKind::MultiPoint => {
            let points = shape.positions(coordinates()?, at)?;
            Geometry::MultiPoint(MultiPoint(points.into_iter().map(Point).collect()))
        }
        GeometryKind::LineString => Geometry::LineString(shape.line(coordinates()?, at)?),
        GeometryKind::MultiLineString => {
            let lines = shape.each(coordinates()?, at, |value, at| shape.line(value, at))?;
            Geometry::MultiLineString(MultiLineString(lines))
        }
        GeometryKind::Polygon => Geometry::Polygon(shape.polygon(coordinates()?, at)?),
        GeometryKind::MultiPolygon => {
            let polygons = shape.each(coordinates()?, at, |value, at| shape.polygon(value, at))?;
            Geometry::MultiPolygon(MultiPolygon(polygons))
        }
        GeometryKind::GeometryCollection => parse_collection(object, geometry_at, depth)?,
    })
}

/// The `geometries` of a GeometryCollection at `at`, nested `depth` collections deep.
fn parse_collection(
    object: &Map<String, Value>,
    at: &At,
    depth: usize,
) -> Result<Geometry<f64>, GeoJsonErrorKind> {
    if depth >= MAX_COLLECTION_DEPTH {
        return Err(at.error(format!(
            "GeometryCollections are nested more than {MAX_COLLECTION_DEPTH} levels deep"
        )));
    }
    let geometries_at = at.key("geometries");
    let geometries = match object.get("geometries") {
        Some(Value::Array(geometries)) => geometries,
        Some(other) => return Err(geometries_at.expected("an array", other)),
        None => return Err(at.error("a GeometryCollection needs a \"geometries\" member")),
    };
    let mut parsed = Vec::with_capacity(geometries.len());
    for (index, geometry) in geometries.iter().enumerate() {
        let member_at = geometries_at.index(index);
        if geometry.is_null() {
            return Err(member_at.error("expected a geometry object, found null"));
        }
        parsed.push(parse_geometry(geometry, &member_at, depth + 1)?);
    }
    Ok(Geometry::GeometryCollection(GeometryCollection(parsed)))
}

/// Reads the `coordinates` of one geometry; knows its kind to hint at nesting mistakes.
struct Shape {
    kind: GeometryKind,
}

impl Shape {
    /// Applies `parse` to each element of an array.
    fn each<T>(
        &self,
        value: &Value,
        at: &At,
        mut parse: impl FnMut(&Value, &At) -> Result<T, GeoJsonErrorKind>,
    ) -> Result<Vec<T>, GeoJsonErrorKind> {
        let Value::Array(items) = value else {
            return Err(self.not_an_array(value, at));
        };
        let mut parsed = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            parsed.push(parse(item, &at.index(index))?);
        }
        Ok(parsed)
    }

    fn not_an_array(&self, value: &Value, at: &At) -> GeoJsonErrorKind {
        if value.is_number() && self.kind != GeometryKind::Point {
            at.error(format!(
                "expected an array, found a number (\"coordinates\" are nested too shallowly \
                 for a {})",
                self.kind
            ))
        } else {
            at.expected("an array", value)
        }
    }

    /// `[longitude, latitude, …]`, range-checked (see [`MAX_LONGITUDE`]).
    fn position(&self, value: &Value, at: &At) -> Result<Coord<f64>, GeoJsonErrorKind> {
        let Value::Array(numbers) = value else {
            return Err(self.not_an_array(value, at));
        };
        if numbers.len() < 2 {
            return Err(at.error(format!(
                "a position needs at least 2 numbers, found {}",
                numbers.len()
            )));
        }
        let mut xy = [0.0; 2];
        for (index, number) in numbers.iter().enumerate() {
            let number_at = at.index(index);
            let parsed = match number {
                Value::Number(number) => number.as_f64(),
                Value::Array(_) => {
                    return Err(number_at.error(format!(
                        "expected a number, found an array (\"coordinates\" are nested too \
                         deeply for a {})",
                        self.kind
                    )));
                }
                other => return Err(number_at.expected("a number", other)),
            };
            let Some(parsed) = parsed.filter(|parsed| parsed.is_finite()) else {
                return Err(number_at.error("expected a finite number"));
            };
            if let Some(slot) = xy.get_mut(index) {
                *slot = parsed;
            }
        }
        let [x, y] = xy;
        if !(-90.0..=90.0).contains(&y) {
            return Err(at.error(format!("latitude {} is outside -90..90", number_text(y))));
        }
        if !(-MAX_LONGITUDE..=MAX_LONGITUDE).contains(&x) {
            return Err(at.error(format!(
                "longitude {} is outside -{MAX_LONGITUDE}..{MAX_LONGITUDE}",
                number_text(x)
            )));
        }
        Ok(Coord { x, y })
    }

    fn positions(&self, value: &Value, at: &At) -> Result<Vec<Coord<f64>>, GeoJsonErrorKind> {
        self.each(value, at, |value, at| self.position(value, at))
    }

    /// Two or more positions, or none at all (an empty geometry).
    fn line(&self, value: &Value, at: &At) -> Result<LineString<f64>, GeoJsonErrorKind> {
        let coords = self.positions(value, at)?;
        if coords.len() == 1 {
            return Err(at.error("a line string needs at least 2 positions, found 1"));
        }
        Ok(LineString(coords))
    }

    /// A closed ring of four or more positions.
    fn ring(&self, value: &Value, at: &At) -> Result<LineString<f64>, GeoJsonErrorKind> {
        const RULE: &str = "a polygon ring needs at least 4 positions and must be closed";
        let coords = self.positions(value, at)?;
        if coords.len() < 4 {
            return Err(at.error(format!("{RULE}; this one has {}", coords.len())));
        }
        if coords.first() != coords.last() {
            return Err(at.error(format!(
                "{RULE}; this one's first and last positions differ"
            )));
        }
        Ok(LineString(coords))
    }

    /// An exterior ring then holes, or no rings at all (an empty polygon).
    fn polygon(&self, value: &Value, at: &At) -> Result<Polygon<f64>, GeoJsonErrorKind> {
        let mut rings = self.each(value, at, |value, at| self.ring(value, at))?;
        if rings.is_empty() {
            return Ok(Polygon::new(LineString(Vec::new()), Vec::new()));
        }
        let exterior = rings.remove(0);
        Ok(Polygon::new(exterior, rings))
    }
}

/// `" (did you mean \"Polygon\"?)"` when `found` is a near miss of one of `known`.
fn suggestion(found: &str, known: &[&str]) -> String {
    if found.len() > 40 {
        return String::new();
    }
    known
        .iter()
        .map(|candidate| {
            (
                edit_distance(&found.to_lowercase(), &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| format!(" (did you mean \"{candidate}\"?)"))
        .unwrap_or_default()
}

/// Levenshtein distance; only called on short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, b_char) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(a_char != *b_char);
            let delete = previous[j + 1] + 1;
            let insert = current[j] + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous[b.len()]
}

/// West, south, east, north over all features.
pub(crate) fn bbox_of(features: &[VectorFeature]) -> Option<[f64; 4]> {
    features
        .iter()
        .filter_map(|feature| feature.geometry.bounding_rect())
        .map(|rect| Some([rect.min().x, rect.min().y, rect.max().x, rect.max().y]))
        .reduce(union_bbox)
        .flatten()
}

/// The west, south, east, north box around both boxes (either may be none yet).
pub(crate) fn union_bbox(a: Option<[f64; 4]>, b: Option<[f64; 4]>) -> Option<[f64; 4]> {
    match (a, b) {
        (Some(a), Some(b)) => Some([
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]),
        (a, None) => a,
        (None, b) => b,
    }
}

#[cfg(test)]
mod tests;
