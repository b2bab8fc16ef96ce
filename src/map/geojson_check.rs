//! A streaming GeoJSON checker for `faultline check`: one pass over the bytes that decides whether
//! the layer loader ([`super::vector_layer::parse_geojson`]) would accept the file, summarises it
//! exactly as the loaded layer would, and lists what RFC 7946 validators (geojsonhint and the
//! like) object to but a reader can work around.
//!
//! Why a second reader: loading builds a `serde_json::Value` and then `geo` geometries for every
//! feature, which `check` would only count. Streaming with serde keeps nothing but one reusable
//! buffer of a geometry's numbers, so checking a 10 MB file costs little more than reading it.
//! The loader stays the single source of error messages: when the scan finds a problem it says
//! [`Verdict::Refused`] and the caller loads the file to learn the exact message and place. The
//! tests keep the two in agreement on what is refused.
//!
//! Members may come in any order (a `type` after its `coordinates`), so each object's members are
//! collected first and judged when the object ends; coordinates wait in the buffer until then.

mod seeds;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::de::DeserializeSeed;
use serde_json::Value;

use seeds::ObjectSeed;

use super::crs::{DeclaredCrs, web_mercator_to_lon_lat};
use super::vector_layer::{
    GeoJsonKind, GeoJsonSummary, GeometryKind, MAX_COLLECTION_DEPTH, MAX_LONGITUDE, union_bbox,
};

/// At most this many warnings of one rule are kept with their paths; the rest are counted.
const KEPT_PER_RULE: usize = 20;

/// What a scan found.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    pub verdict: Verdict,
    /// Problems a reader can work around, in file order, at most [`KEPT_PER_RULE`] per rule.
    pub warnings: Vec<Warning>,
    /// How many warnings of each rule there were, kept or not.
    pub warning_counts: BTreeMap<Rule, usize>,
    /// The names of the top-level object's members that are not GeoJSON's own (a Faultline
    /// project's `faultline`, say), in file order.
    pub foreign_top_members: Vec<String>,
}

impl Scan {
    /// All warnings found, including those not kept.
    pub fn warning_total(&self) -> usize {
        self.warning_counts.values().sum()
    }
}

/// Whether the loader would accept the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// It would; the summary is the one the loaded layer gives.
    Valid(GeoJsonSummary),
    /// It would not (or the file declares a CRS it would refuse): load it for the message.
    Refused,
}

/// One problem RFC 7946 validators report that does not stop Faultline reading the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub rule: Rule,
    /// A member path like `features[3].geometry.coordinates[0]`; empty for the top level.
    pub path: String,
    pub message: String,
}

/// The kinds of warning, each with a stable code for reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A `bbox` that is not 4 or 6 numbers, or whose south exceeds its north.
    Bbox,
    /// A member that changes what an object is (RFC 7946 §7.1): `coordinates` on a Feature,
    /// `features` on a geometry…
    ForeignMember,
    /// A Feature without a `properties` member (RFC 7946 §3.2 requires it, null allowed).
    MissingProperties,
    /// A GeometryCollection inside another (RFC 7946 §3.1.8 asks to avoid them).
    NestedCollection,
    /// Positions of one geometry with different numbers of coordinates, or more than three.
    PositionDimensions,
    /// A longitude outside −180..180 (read here as crossing the antimeridian).
    LongitudeRange,
    /// A ring against the right-hand rule (RFC 7946 §3.1.6: exteriors counter-clockwise).
    Winding,
    /// The 2008 spec's `crs` member, which RFC 7946 removed.
    OldCrs,
    /// The same member twice in one object: readers differ on which one counts.
    DuplicateMember,
    /// Not GeoJSON: what the reader of a Shapefile, GeoPackage or KML file set aside or
    /// assumed (tile tables, overlays, a missing `.prj`…).
    Reader,
}

impl Rule {
    /// A short code for JSON reports.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Bbox => "bbox",
            Rule::ForeignMember => "foreign-member",
            Rule::MissingProperties => "missing-properties",
            Rule::NestedCollection => "nested-geometry-collection",
            Rule::PositionDimensions => "position-dimensions",
            Rule::LongitudeRange => "longitude-range",
            Rule::Winding => "right-hand-rule",
            Rule::OldCrs => "crs-member",
            Rule::DuplicateMember => "duplicate-member",
            Rule::Reader => "reader-note",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Scans GeoJSON bytes (a leading UTF-8 byte-order mark allowed, as the loader allows it).
pub fn scan(bytes: &[u8]) -> Scan {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut scanner = Scanner::new(Mode::LonLat);
    // serde_json skips the strings it ignores without decoding them, so UTF-8 is checked here.
    let mut top = match std::str::from_utf8(bytes) {
        Ok(_) => scanner.scan_document(bytes),
        Err(_) => Err(()),
    };
    // A `crs` member can come after the features; only then is it known how to read them.
    match top.as_ref().map(|top| top.crs.clone()) {
        Ok(Some(Some(DeclaredCrs::WebMercator))) => {
            scanner = Scanner::new(Mode::WebMercator);
            top = scanner.scan_document(bytes);
        }
        Ok(Some(Some(DeclaredCrs::Other(_)))) => top = Err(()),
        _ => {}
    }
    let verdict = match top {
        Ok(top) => scanner.judge_top(top),
        Err(()) => Verdict::Refused,
    };
    Scan {
        verdict,
        warnings: scanner.warnings,
        warning_counts: scanner.counts,
        foreign_top_members: scanner.foreign_top_members,
    }
}

/// How positions are read: as lon/lat, or as Web Mercator metres converted to lon/lat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    LonLat,
    WebMercator,
}

/// One step of a member path.
#[derive(Debug, Clone, Copy)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// A JSON value inside `coordinates`, flattened.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Open,
    Close,
    Number(f64),
    /// Anything but an array or a number (which the loader refuses where a number belongs).
    Other,
}

/// Where an object sits, which decides how its members are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    /// The top level: a FeatureCollection, a Feature or a geometry, known only at its end.
    Top,
    /// An element of a FeatureCollection's `features`.
    Feature,
    /// A Feature's `geometry` or a collection's member, `depth` collections deep.
    Geometry { depth: usize },
}

/// The members that decide what an object is, as bits, to find foreign and duplicate ones.
mod member {
    pub const TYPE: u16 = 1;
    pub const COORDINATES: u16 = 1 << 1;
    pub const GEOMETRIES: u16 = 1 << 2;
    pub const FEATURES: u16 = 1 << 3;
    pub const GEOMETRY: u16 = 1 << 4;
    pub const PROPERTIES: u16 = 1 << 5;
    pub const ID: u16 = 1 << 6;
    pub const BBOX: u16 = 1 << 7;
    pub const CRS: u16 = 1 << 8;

    /// The member names, in bit order, for messages.
    pub const NAMES: [(u16, &str); 9] = [
        (TYPE, "type"),
        (COORDINATES, "coordinates"),
        (GEOMETRIES, "geometries"),
        (FEATURES, "features"),
        (GEOMETRY, "geometry"),
        (PROPERTIES, "properties"),
        (ID, "id"),
        (BBOX, "bbox"),
        (CRS, "crs"),
    ];
}

/// The `type` member as found.
#[derive(Debug, Clone, Default)]
enum TypeMember {
    #[default]
    Missing,
    NotAString,
    Name(String),
}

/// A checked geometry: its kind and extent, or a problem the loader refuses.
type GeometryCheck = Result<CheckedGeometry, ()>;

#[derive(Debug, Clone, Copy)]
struct CheckedGeometry {
    kind: GeometryKind,
    bbox: Option<[f64; 4]>,
}

/// A Feature's `properties`.
#[derive(Debug, Clone, Default)]
enum PropertiesMember {
    #[default]
    Missing,
    Null,
    /// Its keys not already in the enclosing summary's set.
    Keys(Vec<String>),
    NotAnObject,
}

/// What a `features` array amounts to.
#[derive(Debug, Clone, Default)]
struct FeaturesCheck {
    refused: bool,
    features: usize,
    without_geometry: usize,
    geometry_types: BTreeMap<GeometryKind, usize>,
    bbox: Option<[f64; 4]>,
    property_names: BTreeSet<String>,
}

/// Everything an object held, judged at its end.
#[derive(Debug, Default)]
struct Collected {
    /// False when the value was not an object at all.
    is_object: bool,
    /// True when the value was `null`.
    is_null: bool,
    /// Which semantic members were present.
    present: u16,
    type_member: TypeMember,
    /// `[start, end)` of the `coordinates` tokens in the scanner's buffer.
    coordinates: Option<(usize, usize)>,
    /// The members of `geometries`: `None` for a null member, `Err` for a bad one; `Err` for
    /// the whole when it is not an array.
    geometries: Option<Result<Vec<Option<GeometryCheck>>, ()>>,
    features: Option<Result<FeaturesCheck, ()>>,
    /// `Some(None)` for `"geometry": null`.
    geometry: Option<Option<GeometryCheck>>,
    properties: PropertiesMember,
    id_ok: bool,
    /// The top level's `crs` member: `Some(None)` when null.
    crs: Option<Option<DeclaredCrs>>,
}

struct Scanner {
    mode: Mode,
    path: Vec<Step>,
    tokens: Vec<Token>,
    warnings: Vec<Warning>,
    counts: BTreeMap<Rule, usize>,
    foreign_top_members: Vec<String>,
}

impl Scanner {
    fn new(mode: Mode) -> Scanner {
        Scanner {
            mode,
            path: Vec::new(),
            tokens: Vec::new(),
            warnings: Vec::new(),
            counts: BTreeMap::new(),
            foreign_top_members: Vec::new(),
        }
    }

    /// The top-level object, or `Err` on a syntax error or trailing characters.
    fn scan_document(&mut self, bytes: &[u8]) -> Result<Collected, ()> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let top = ObjectSeed {
            scanner: self,
            context: Context::Top,
        }
        .deserialize(&mut deserializer)
        .map_err(|_| ())?;
        deserializer.end().map_err(|_| ())?;
        Ok(top)
    }

    fn path_text(&self, extra: &[Step]) -> String {
        let mut text = String::new();
        for step in self.path.iter().chain(extra) {
            match step {
                Step::Key(key) => {
                    if !text.is_empty() {
                        text.push('.');
                    }
                    text.push_str(key);
                }
                Step::Index(index) => text.push_str(&format!("[{index}]")),
            }
        }
        text
    }

    fn warn(&mut self, rule: Rule, extra: &[Step], message: impl FnOnce() -> String) {
        let count = self.counts.entry(rule).or_insert(0);
        *count += 1;
        if *count <= KEPT_PER_RULE {
            let path = self.path_text(extra);
            self.warnings.push(Warning {
                rule,
                path,
                message: message(),
            });
        }
    }

    /// Checks a `bbox` member's value against RFC 7946 §5.
    fn lint_bbox(&mut self, bbox: &Value) {
        let at = [Step::Key("bbox")];
        let Value::Array(items) = bbox else {
            self.warn(Rule::Bbox, &at, || {
                "a bbox must be an array of numbers".into()
            });
            return;
        };
        let numbers: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
        if numbers.len() != items.len() {
            self.warn(Rule::Bbox, &at, || {
                "a bbox must hold only numbers (RFC 7946 §5)".into()
            });
        } else if numbers.len() != 4 && numbers.len() != 6 {
            let length = numbers.len();
            self.warn(Rule::Bbox, &at, || {
                format!(
                    "a bbox has 4 numbers (west, south, east, north) or 6 with altitudes; \
                     this one has {length}"
                )
            });
        } else {
            let half = numbers.len() / 2;
            if let (Some(south), Some(north)) = (numbers.get(1), numbers.get(half + 1))
                && south > north
            {
                let (south, north) = (*south, *north);
                self.warn(Rule::Bbox, &at, || {
                    format!("the bbox's south ({south}) is north of its north ({north})")
                });
            }
        }
    }

    /// Judges the top-level object.
    fn judge_top(&mut self, top: Collected) -> Verdict {
        if !top.is_object {
            return Verdict::Refused;
        }
        let TypeMember::Name(type_name) = &top.type_member else {
            return Verdict::Refused;
        };
        if let Some(crs) = &top.crs {
            let message = match crs {
                Some(DeclaredCrs::LonLat) => {
                    "the \"crs\" member is from the 2008 GeoJSON spec (RFC 7946 removed it) and \
                     names WGS 84, the default: it can be removed"
                }
                _ => {
                    "the \"crs\" member is from the 2008 GeoJSON spec; RFC 7946 removed it and \
                     readers that follow it take the coordinates as WGS 84 longitude/latitude"
                }
            };
            self.warn(Rule::OldCrs, &[Step::Key("crs")], || message.into());
        }
        match type_name.as_str() {
            "FeatureCollection" => {
                self.lint_foreign(top.present, member::FEATURES, "FeatureCollection");
                let Some(Ok(features)) = top.features else {
                    return Verdict::Refused;
                };
                if features.refused {
                    return Verdict::Refused;
                }
                Verdict::Valid(GeoJsonSummary {
                    kind: GeoJsonKind::FeatureCollection,
                    features: features.features,
                    features_without_geometry: features.without_geometry,
                    geometry_types: features.geometry_types,
                    bbox: features.bbox,
                    property_names: features.property_names,
                })
            }
            "Feature" => {
                let mut features = FeaturesCheck::default();
                self.judge_feature(top, &mut features);
                if features.refused {
                    return Verdict::Refused;
                }
                Verdict::Valid(GeoJsonSummary {
                    kind: GeoJsonKind::Feature,
                    features: features.features,
                    features_without_geometry: features.without_geometry,
                    geometry_types: features.geometry_types,
                    bbox: features.bbox,
                    property_names: features.property_names,
                })
            }
            other => match GeometryKind::from_name(other) {
                Some(kind) => match self.judge_geometry(top, 0) {
                    Ok(geometry) => Verdict::Valid(GeoJsonSummary {
                        kind: GeoJsonKind::Geometry(kind),
                        features: 1,
                        features_without_geometry: 0,
                        geometry_types: [(geometry.kind, 1)].into(),
                        bbox: geometry.bbox,
                        property_names: BTreeSet::new(),
                    }),
                    Err(()) => Verdict::Refused,
                },
                None => Verdict::Refused,
            },
        }
    }

    /// Warns of the semantic members an object of kind `what` should not have; `own` are the
    /// members that belong to it besides `type`, `bbox` and (at the top) `crs`.
    fn lint_foreign(&mut self, present: u16, own: u16, what: &str) {
        let allowed = own | member::TYPE | member::BBOX | member::CRS;
        let shared_by_features = member::ID;
        for (bit, name) in member::NAMES {
            if present & bit != 0 && allowed & bit == 0 && bit != shared_by_features {
                self.warn(Rule::ForeignMember, &[Step::Key(name)], || {
                    format!(
                        "a {what} should not have a \"{name}\" member: it changes what the \
                         object is (RFC 7946 §7.1), and readers differ on which part counts; \
                         it is ignored here"
                    )
                });
            }
        }
    }

    /// Adds a Feature object to `features`, or marks them refused.
    fn judge_feature(&mut self, feature: Collected, features: &mut FeaturesCheck) {
        features.features += 1;
        if !feature.is_object {
            features.refused = true;
            return;
        }
        if !matches!(&feature.type_member, TypeMember::Name(name) if name == "Feature") {
            features.refused = true;
            return;
        }
        self.lint_foreign(
            feature.present,
            member::GEOMETRY | member::PROPERTIES | member::ID,
            "Feature",
        );
        if !feature.id_ok {
            features.refused = true;
        }
        let keys = match feature.properties {
            PropertiesMember::Missing => {
                self.warn(Rule::MissingProperties, &[], || {
                    "a Feature needs a \"properties\" member (RFC 7946 §3.2); write \
                     \"properties\": null when it has none"
                        .into()
                });
                Vec::new()
            }
            PropertiesMember::Null => Vec::new(),
            PropertiesMember::Keys(keys) => keys,
            PropertiesMember::NotAnObject => {
                features.refused = true;
                Vec::new()
            }
        };
        match feature.geometry {
            None | Some(Some(Err(()))) => features.refused = true,
            Some(None) => features.without_geometry += 1,
            Some(Some(Ok(geometry))) => {
                *features.geometry_types.entry(geometry.kind).or_insert(0) += 1;
                features.bbox = union_bbox(features.bbox, geometry.bbox);
                features.property_names.extend(keys);
            }
        }
    }

    /// Checks a geometry object whose members have been collected, `depth` collections deep.
    fn judge_geometry(&mut self, geometry: Collected, depth: usize) -> GeometryCheck {
        if !geometry.is_object {
            return Err(());
        }
        let TypeMember::Name(type_name) = &geometry.type_member else {
            return Err(());
        };
        let kind = GeometryKind::from_name(type_name).ok_or(())?;
        if kind == GeometryKind::GeometryCollection {
            self.lint_foreign(geometry.present, member::GEOMETRIES, "GeometryCollection");
            if depth >= MAX_COLLECTION_DEPTH {
                return Err(());
            }
            if depth > 0 {
                self.warn(Rule::NestedCollection, &[], || {
                    "a GeometryCollection inside another: RFC 7946 §3.1.8 asks to avoid \
                     nesting them"
                        .into()
                });
            }
            let Some(Ok(members)) = geometry.geometries else {
                return Err(());
            };
            let mut bbox = None;
            for member in members {
                bbox = union_bbox(bbox, member.ok_or(())??.bbox);
            }
            return Ok(CheckedGeometry { kind, bbox });
        }
        self.lint_foreign(geometry.present, member::COORDINATES, type_name);
        let (start, end) = geometry.coordinates.ok_or(())?;
        let tokens = std::mem::take(&mut self.tokens);
        let checked = self.check_coordinates(kind, tokens.get(start..end).unwrap_or_default());
        self.tokens = tokens;
        checked.map(|bbox| CheckedGeometry { kind, bbox })
    }

    fn check_coordinates(&mut self, kind: GeometryKind, tokens: &[Token]) -> Result<Bbox, ()> {
        let mut walk = Walk {
            tokens,
            next: 0,
            at: vec![Step::Key("coordinates")],
            geometry: GeometryLint::default(),
            bbox: None,
        };
        match kind {
            GeometryKind::Point => {
                walk.position(self)?;
            }
            GeometryKind::MultiPoint => {
                walk.each(self, |walk, scanner| walk.position(scanner).map(drop))?
            }
            GeometryKind::LineString => walk.line(self)?,
            GeometryKind::MultiLineString => walk.each(self, Walk::line)?,
            GeometryKind::Polygon => walk.polygon(self)?,
            GeometryKind::MultiPolygon => walk.each(self, Walk::polygon)?,
            GeometryKind::GeometryCollection => return Err(()),
        }
        Ok(walk.bbox)
    }
}

type Bbox = Option<[f64; 4]>;

/// Warnings already given for the geometry being walked (each once per geometry).
#[derive(Debug, Default)]
struct GeometryLint {
    dimensions: Option<usize>,
    dimensions_warned: bool,
    longitude_warned: bool,
}

/// A walk over one geometry's coordinate tokens, mirroring the loader's rules.
struct Walk<'t> {
    tokens: &'t [Token],
    next: usize,
    /// The path below the geometry, for warnings.
    at: Vec<Step>,
    geometry: GeometryLint,
    bbox: Bbox,
}

/// What a run of positions amounts to, for rings.
struct Positions {
    count: usize,
    first: Option<[f64; 2]>,
    last: Option<[f64; 2]>,
    /// Twice the signed area (shoelace), positive when counter-clockwise.
    doubled_area: f64,
}

impl Walk<'_> {
    fn take(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.next).copied();
        self.next += 1;
        token
    }

    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.next).copied()
    }

    /// Applies `item` to each element of an array.
    fn each(
        &mut self,
        scanner: &mut Scanner,
        mut item: impl FnMut(&mut Self, &mut Scanner) -> Result<(), ()>,
    ) -> Result<(), ()> {
        if self.take() != Some(Token::Open) {
            return Err(());
        }
        let mut index = 0;
        while self.peek() != Some(Token::Close) {
            self.peek().ok_or(())?;
            self.at.push(Step::Index(index));
            item(self, scanner)?;
            self.at.pop();
            index += 1;
        }
        self.next += 1;
        Ok(())
    }

    /// `[x, y, …]`: numbers only, at least two, in range once converted.
    fn position(&mut self, scanner: &mut Scanner) -> Result<[f64; 2], ()> {
        if self.take() != Some(Token::Open) {
            return Err(());
        }
        let mut numbers = 0;
        let mut xy = [0.0; 2];
        loop {
            match self.take().ok_or(())? {
                Token::Close => break,
                Token::Number(number) => {
                    if let Some(slot) = xy.get_mut(numbers) {
                        *slot = number;
                    }
                    numbers += 1;
                }
                Token::Open | Token::Other => return Err(()),
            }
        }
        if numbers < 2 {
            return Err(());
        }
        let [x, y] = match scanner.mode {
            Mode::LonLat => xy,
            Mode::WebMercator => web_mercator_to_lon_lat(xy[0], xy[1]),
        };
        if !(-90.0..=90.0).contains(&y) || !(-MAX_LONGITUDE..=MAX_LONGITUDE).contains(&x) {
            return Err(());
        }
        self.lint_position(scanner, numbers, x);
        self.bbox = union_bbox(self.bbox, Some([x, y, x, y]));
        Ok([x, y])
    }

    fn lint_position(&mut self, scanner: &mut Scanner, numbers: usize, x: f64) {
        let lint = &mut self.geometry;
        let mixed = lint.dimensions.is_some_and(|first| first != numbers);
        lint.dimensions.get_or_insert(numbers);
        if (mixed || numbers > 3) && !lint.dimensions_warned {
            lint.dimensions_warned = true;
            scanner.warn(Rule::PositionDimensions, &self.at, || {
                if numbers > 3 {
                    format!(
                        "a position has {numbers} numbers; RFC 7946 §3.1.1 allows at most \
                         three (longitude, latitude, altitude)"
                    )
                } else {
                    "the positions of this geometry have different numbers of coordinates".into()
                }
            });
        }
        if !(-180.0..=180.0).contains(&x) && !self.geometry.longitude_warned {
            self.geometry.longitude_warned = true;
            scanner.warn(Rule::LongitudeRange, &self.at, || {
                format!(
                    "longitude {x} is outside -180..180 (RFC 7946 §4); read as crossing the \
                     antimeridian"
                )
            });
        }
    }

    fn positions(&mut self, scanner: &mut Scanner) -> Result<Positions, ()> {
        let mut positions = Positions {
            count: 0,
            first: None,
            last: None,
            doubled_area: 0.0,
        };
        self.each(scanner, |walk, scanner| {
            let xy = walk.position(scanner)?;
            if let Some([x0, y0]) = positions.last {
                positions.doubled_area += x0 * xy[1] - xy[0] * y0;
            }
            positions.first.get_or_insert(xy);
            positions.last = Some(xy);
            positions.count += 1;
            Ok(())
        })?;
        Ok(positions)
    }

    /// Two or more positions, or none.
    fn line(&mut self, scanner: &mut Scanner) -> Result<(), ()> {
        match self.positions(scanner)?.count {
            1 => Err(()),
            _ => Ok(()),
        }
    }

    /// Closed rings of four or more positions; warns of rings against the right-hand rule.
    fn polygon(&mut self, scanner: &mut Scanner) -> Result<(), ()> {
        let mut ring_index = 0;
        self.each(scanner, |walk, scanner| {
            let ring = walk.positions(scanner)?;
            if ring.count < 4 || ring.first != ring.last {
                return Err(());
            }
            let exterior = ring_index == 0;
            let clockwise = ring.doubled_area < 0.0;
            let counter_clockwise = ring.doubled_area > 0.0;
            if (exterior && clockwise) || (!exterior && counter_clockwise) {
                scanner.warn(Rule::Winding, &walk.at, || {
                    if exterior {
                        "this exterior ring runs clockwise; RFC 7946 §3.1.6 asks exterior rings \
                         to run counter-clockwise (the right-hand rule)"
                            .into()
                    } else {
                        "this hole runs counter-clockwise; RFC 7946 §3.1.6 asks holes to run \
                         clockwise (the right-hand rule)"
                            .into()
                    }
                });
            }
            ring_index += 1;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests;
