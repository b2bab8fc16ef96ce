//! KML and KMZ files (Google Earth, QGIS/GDAL, My Maps…) read as a [`VectorLayer`].
//!
//! Read with quick-xml into a small element tree rather than with georust's `kml` crate: `kml`
//! 0.15 reads placemarks and geometry, but hands TimeStamp, TimeSpan, gx:Track, styleUrl and
//! ExtendedData over as untyped elements and its errors carry no line; the walk over the tree
//! needed for those is most of the work anyway, so one reader here does it all.
//!
//! What becomes what:
//! - Placemarks become features; Point, LineString, LinearRing (a closed line), Polygon (outer
//!   and inner boundaries) and MultiGeometry their geometry; gx:Track and gx:MultiTrack lines
//!   with their times (`times`, and `begin`/`end`).
//! - Element prefixes are ignored (`kml:Placemark` is a Placemark), so the 2.0/2.1/2.2
//!   namespaces, prefixed files and `gx:` extensions all read alike.
//! - `name`, `description`, the Folder path (`folder`, e.g. `Bases / North`), ExtendedData
//!   (`Data`/`value`, and `SchemaData`/`SimpleData` typed by the `Schema` it names) become
//!   properties.
//! - Styles (shared, StyleMap's `normal` pair, inline) become simplestyle-spec properties
//!   (`stroke`, `stroke-opacity`, `stroke-width`, `fill`, `fill-opacity`, `marker-color`), so
//!   KML and geojson.io layers share one styling path.
//! - TimeStamp `when` and TimeSpan `begin`/`end` are kept as written and also as `date` in
//!   Faultline's date syntax (`2020-05-01`, `2020-05/2020-06`, `2020/unknown`).
//! - Overlays, network links and 3D models cannot be drawn: they are counted and listed in one
//!   warning on the layer.

mod style;
mod tree;

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use rayon::prelude::*;
use serde_json::{Map, Number, Value};

use style::Style;
pub use style::kml_color;
use tree::{Element, decode, read_tree, syntax_error};

use super::vector_layer::{GeoJsonKind, MAX_LONGITUDE, VectorFeature, VectorLayer, bbox_of};

/// How deep elements may nest; real files nest a dozen levels, and the bound keeps the
/// recursive walks below shallow.
const MAX_DEPTH: usize = 256;

/// Largest `.kml` read out of a KMZ, so a zip bomb cannot exhaust memory.
const MAX_KMZ_DOCUMENT: u64 = 1 << 30;

/// Why a KML or KMZ file cannot be read. `Display` is the message for the user.
#[derive(Debug, thiserror::Error)]
pub enum KmlError {
    /// Not well-formed XML, or a KML value that is not readable, at a place in the file.
    #[error("not a readable KML file: {message} at line {line}, column {column}")]
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// Well-formed, but not KML (e.g. an HTML page saved as `.kml`).
    #[error("not a readable KML file: {0}")]
    NotKml(String),
    /// A zip that is not a usable KMZ.
    #[error("not a readable KMZ file: {0}")]
    Kmz(String),
}

/// Reads a KMZ: a zip whose root `doc.kml` (or else its first root `.kml`, or else its first
/// `.kml` anywhere) is the document.
pub fn parse_kmz(bytes: &[u8], name: &str) -> Result<VectorLayer, KmlError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| KmlError::Kmz(format!("the zip archive cannot be opened ({e})")))?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(std::borrow::Cow::into_owned)
        .collect();
    let is_kml = |n: &&String| n.to_ascii_lowercase().ends_with(".kml");
    let at_root = |n: &&String| !n.trim_start_matches('/').contains('/');
    let chosen = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| names.iter().filter(is_kml).find(at_root))
        .or_else(|| names.iter().find(is_kml))
        .cloned()
        .ok_or_else(|| {
            KmlError::Kmz("the archive holds no .kml document (is it a zipped Shapefile?)".into())
        })?;
    let entry = archive
        .by_name(&chosen)
        .map_err(|e| KmlError::Kmz(format!("{chosen} cannot be read ({e})")))?;
    let mut document = Vec::new();
    entry
        .take(MAX_KMZ_DOCUMENT)
        .read_to_end(&mut document)
        .map_err(|e| KmlError::Kmz(format!("{chosen} cannot be unpacked ({e})")))?;
    parse_kml(&document, name)
}

/// Reads KML text into a layer called `name`. Never panics.
pub fn parse_kml(bytes: &[u8], name: &str) -> Result<VectorLayer, KmlError> {
    let text = decode(bytes)?;
    let root = read_tree(&text)?;
    let kml_root = if root.name == "kml" {
        &root
    } else if ["Document", "Folder", "Placemark"].contains(&root.name.as_str()) {
        // A fragment without the `<kml>` wrapper: some tools write these, readers accept them.
        &root
    } else {
        return Err(KmlError::NotKml(format!(
            "its top element is <{}>, not <kml>{}",
            root.name,
            if root.name.eq_ignore_ascii_case("html") {
                " (it is a web page saved with a .kml name)"
            } else {
                ""
            }
        )));
    };
    let mut reader = Walk {
        text: &text,
        styles: HashMap::new(),
        style_maps: HashMap::new(),
        schemas: HashMap::new(),
        skipped: BTreeMap::new(),
    };
    reader.collect_definitions(kml_root);
    let mut placemarks = Vec::new();
    reader.container(kml_root, &[], true, &mut placemarks);
    // Placemarks are independent once the shared styles and schemas are known: reading their
    // coordinates is most of the work, so it is spread over the cores (in file order).
    let read: Vec<Result<ReadPlacemark, KmlError>> = placemarks
        .par_iter()
        .map(|(element, folder)| reader.placemark(element, folder.as_deref()))
        .collect();
    let mut features = Vec::with_capacity(read.len());
    let mut without_geometry = 0;
    for placemark in read {
        let placemark = placemark?;
        if placemark.models > 0 {
            *reader.skipped.entry("Model").or_insert(0) += placemark.models;
        }
        match placemark.feature {
            Some(feature) => features.push(feature),
            None => without_geometry += 1,
        }
    }
    let mut warnings = Vec::new();
    if let Some(message) = skipped_message(&reader.skipped) {
        warnings.push(message);
    }
    Ok(VectorLayer {
        name: name.to_owned(),
        bbox: bbox_of(&features),
        features,
        kind: GeoJsonKind::FeatureCollection,
        features_without_geometry: without_geometry,
        warnings,
    })
}

/// "skipped 2 ground overlays and 1 network link (Faultline draws placemarks only)".
fn skipped_message(skipped: &BTreeMap<&'static str, usize>) -> Option<String> {
    let parts: Vec<String> = skipped
        .iter()
        .map(|(what, &n)| {
            let (one, many) = match *what {
                "GroundOverlay" => ("ground overlay", "ground overlays"),
                "ScreenOverlay" => ("screen overlay", "screen overlays"),
                "PhotoOverlay" => ("photo overlay", "photo overlays"),
                "NetworkLink" => ("network link", "network links"),
                _ => ("3D model", "3D models"),
            };
            format!("{n} {}", if n == 1 { one } else { many })
        })
        .collect();
    let list = match parts.as_slice() {
        [] => return None,
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    };
    Some(format!(
        "skipped {list} (Faultline draws placemarks: points, lines and polygons)"
    ))
}

/// The fields of a `<Schema>`, for typing its SimpleData.
type Schema = HashMap<String, String>;

/// The state of one walk over a document.
struct Walk<'t> {
    text: &'t str,
    styles: HashMap<String, Style>,
    /// StyleMap id → the style URL (or inline style) of its `normal` pair.
    style_maps: HashMap<String, StyleRef>,
    schemas: HashMap<String, Schema>,
    skipped: BTreeMap<&'static str, usize>,
}

/// One Placemark read: its feature (`None` without a drawable geometry) and how many 3D
/// models it held (counted as skipped).
struct ReadPlacemark {
    feature: Option<VectorFeature>,
    models: usize,
}

#[derive(Clone, Debug)]
enum StyleRef {
    Url(String),
    Inline(Style),
}

/// The id part of a style URL: `#id` and `file.kml#id` both give `id`.
fn url_id(url: &str) -> &str {
    url.trim().rsplit_once('#').map_or(url.trim(), |(_, id)| id)
}

impl Walk<'_> {
    /// Finds the shared styles, style maps and schemas anywhere in the document.
    fn collect_definitions(&mut self, element: &Element) {
        for child in &element.children {
            match child.name.as_str() {
                "Style" => {
                    if let Some(id) = child.attribute("id") {
                        self.styles.insert(id.to_owned(), Style::read(child));
                    }
                }
                "StyleMap" => {
                    let normal = child.children_named("Pair").find(|pair| {
                        pair.text_of("key")
                            .is_none_or(|key| key.eq_ignore_ascii_case("normal"))
                    });
                    if let (Some(id), Some(pair)) = (child.attribute("id"), normal) {
                        let reference = match (pair.text_of("styleUrl"), pair.child("Style")) {
                            (_, Some(style)) => Some(StyleRef::Inline(Style::read(style))),
                            (Some(url), None) => Some(StyleRef::Url(url.to_owned())),
                            (None, None) => None,
                        };
                        if let Some(reference) = reference {
                            self.style_maps.insert(id.to_owned(), reference);
                        }
                    }
                }
                "Schema" => {
                    let fields = child
                        .children_named("SimpleField")
                        .filter_map(|field| {
                            Some((
                                field.attribute("name")?.to_owned(),
                                field.attribute("type").unwrap_or("string").to_owned(),
                            ))
                        })
                        .collect();
                    for key in [child.attribute("id"), child.attribute("name")]
                        .into_iter()
                        .flatten()
                    {
                        self.schemas.insert(key.to_owned(), Schema::clone(&fields));
                    }
                }
                "Placemark" => {}
                _ => self.collect_definitions(child),
            }
        }
    }

    /// The style a `styleUrl` names, through at most a few StyleMaps.
    fn style_for_url(&self, url: &str) -> Option<Style> {
        let mut id = url_id(url).to_owned();
        for _ in 0..4 {
            if let Some(style) = self.styles.get(&id) {
                return Some(style.clone());
            }
            match self.style_maps.get(&id)? {
                StyleRef::Inline(style) => return Some(style.clone()),
                StyleRef::Url(next) => id = url_id(next).to_owned(),
            }
        }
        None
    }

    /// Walks a Document, Folder or the `<kml>` root; `path` is the enclosing Folder names.
    /// Placemarks are gathered with their folder path (`Bases / North`) into `placemarks`.
    fn container<'e, 'x>(
        &mut self,
        element: &'e Element<'x>,
        path: &[String],
        top: bool,
        placemarks: &mut Vec<(&'e Element<'x>, Option<String>)>,
    ) {
        for child in &element.children {
            match child.name.as_str() {
                "Document" | "Folder" => {
                    let mut inner = path.to_vec();
                    // The top Document is the file itself, not a group in it.
                    let is_group = child.name == "Folder" || !(top && path.is_empty());
                    if let Some(name) = child.text_of("name").filter(|_| is_group) {
                        inner.push(name.to_owned());
                    }
                    self.container(child, &inner, false, placemarks);
                }
                "Placemark" => {
                    let folder = (!path.is_empty()).then(|| path.join(" / "));
                    placemarks.push((child, folder));
                }
                "GroundOverlay" | "ScreenOverlay" | "PhotoOverlay" | "NetworkLink" => {
                    let what = match child.name.as_str() {
                        "GroundOverlay" => "GroundOverlay",
                        "ScreenOverlay" => "ScreenOverlay",
                        "PhotoOverlay" => "PhotoOverlay",
                        _ => "NetworkLink",
                    };
                    *self.skipped.entry(what).or_insert(0) += 1;
                }
                _ => {}
            }
        }
    }

    fn placemark(
        &self,
        element: &Element,
        folder: Option<&str>,
    ) -> Result<ReadPlacemark, KmlError> {
        let mut properties = Map::new();
        if let Some(name) = element.text_of("name") {
            properties.insert("name".into(), Value::String(name.to_owned()));
        }
        if let Some(description) = element.text_of("description") {
            properties.insert("description".into(), Value::String(description.to_owned()));
        }
        if let Some(folder) = folder {
            properties.insert("folder".into(), Value::String(folder.to_owned()));
        }
        if let Some(data) = element.child("ExtendedData") {
            self.extended_data(data, &mut properties);
        }
        let shared = element
            .text_of("styleUrl")
            .and_then(|url| self.style_for_url(url))
            .unwrap_or_default();
        let style = match element.child("Style") {
            Some(inline) => shared.overlaid(&Style::read(inline)),
            None => shared,
        };
        style.write(&mut properties);
        self.time(element, &mut properties)?;
        let mut times = Vec::new();
        let mut models = 0;
        let geometry = self.geometry_of(element, &mut times, &mut models, 0)?;
        if !times.is_empty() {
            if !properties.contains_key("date") {
                let (first, last) = (times.first(), times.last());
                if let (Some(first), Some(last)) = (first, last) {
                    set_time_span(&mut properties, Some(first), Some(last));
                }
            }
            properties.insert(
                "times".into(),
                Value::Array(times.into_iter().map(Value::String).collect()),
            );
        }
        let feature = geometry.map(|geometry| VectorFeature {
            geometry,
            properties,
            id: element.attribute("id").map(str::to_owned),
        });
        Ok(ReadPlacemark { feature, models })
    }

    fn extended_data(&self, data: &Element, properties: &mut Map<String, Value>) {
        for item in &data.children {
            match item.name.as_str() {
                "Data" => {
                    if let Some(key) = item.attribute("name") {
                        let value = item.text_of("value").unwrap_or_default();
                        properties.insert(key.to_owned(), Value::String(value.to_owned()));
                    }
                }
                "SchemaData" => {
                    let schema = item
                        .attribute("schemaUrl")
                        .and_then(|url| self.schemas.get(url_id(url)));
                    for simple in item.children_named("SimpleData") {
                        let Some(key) = simple.attribute("name") else {
                            continue;
                        };
                        let text = simple.text.trim();
                        let kind = schema
                            .and_then(|s| s.get(key))
                            .map_or("string", String::as_str);
                        properties.insert(key.to_owned(), typed(text, kind));
                    }
                }
                // Elements of the file's own namespace, e.g. `<mwm:scale>`.
                _ if !item.text.trim().is_empty() => {
                    properties.insert(
                        item.name.clone(),
                        Value::String(item.text.trim().to_owned()),
                    );
                }
                _ => {}
            }
        }
    }

    /// TimeStamp and TimeSpan (also as `gx:` elements) into `when`/`begin`/`end` and `date`.
    fn time(&self, element: &Element, properties: &mut Map<String, Value>) -> Result<(), KmlError> {
        if let Some(stamp) = element.child("TimeStamp") {
            if let Some(when) = stamp.text_of("when") {
                let date = self.date(stamp, when)?;
                properties.insert("when".into(), Value::String(when.to_owned()));
                properties.insert("date".into(), Value::String(date));
            }
        } else if let Some(span) = element.child("TimeSpan") {
            let begin = span.text_of("begin");
            let end = span.text_of("end");
            for (key, text) in [("begin", begin), ("end", end)] {
                if let Some(text) = text {
                    self.date(span, text)?;
                    properties.insert(key.into(), Value::String(text.to_owned()));
                }
            }
            if begin.is_some() || end.is_some() {
                set_time_span(properties, begin, end);
            }
        }
        Ok(())
    }

    /// A KML time as a Faultline date, or a located error.
    fn date(&self, at: &Element, text: &str) -> Result<String, KmlError> {
        kml_date(text).ok_or_else(|| {
            syntax_error(
                self.text,
                at.offset,
                format!(
                    "the time \"{text}\" is not a KML date (expected e.g. 2020, 2020-05, \
                     2020-05-01 or 2020-05-01T12:00:00Z)"
                ),
            )
        })
    }

    /// The Placemark's geometry: its first geometry element.
    fn geometry_of(
        &self,
        element: &Element,
        times: &mut Vec<String>,
        models: &mut usize,
        depth: usize,
    ) -> Result<Option<Geometry<f64>>, KmlError> {
        for child in &element.children {
            if let Some(geometry) = self.geometry(child, times, models, depth)? {
                return Ok(Some(geometry));
            }
        }
        Ok(None)
    }

    /// One geometry element, or `None` when `element` is not one (or is a Model).
    fn geometry(
        &self,
        element: &Element,
        times: &mut Vec<String>,
        models: &mut usize,
        depth: usize,
    ) -> Result<Option<Geometry<f64>>, KmlError> {
        Ok(Some(match element.name.as_str() {
            "Point" => {
                let coords = self.coordinates(element)?;
                match coords.first() {
                    Some(&c) => Geometry::Point(Point(c)),
                    None => Geometry::MultiPoint(MultiPoint(Vec::new())),
                }
            }
            "LineString" | "LinearRing" => {
                Geometry::LineString(LineString(self.coordinates(element)?))
            }
            "Polygon" => Geometry::Polygon(self.polygon(element)?),
            "Track" => Geometry::LineString(self.track(element, times)?),
            "MultiTrack" => {
                let mut lines = Vec::new();
                for track in element.children_named("Track") {
                    lines.push(self.track(track, times)?);
                }
                Geometry::MultiLineString(MultiLineString(lines))
            }
            "MultiGeometry" => {
                if depth >= MAX_DEPTH {
                    return Ok(None);
                }
                let mut parts = Vec::new();
                for child in &element.children {
                    if let Some(part) = self.geometry(child, times, models, depth + 1)? {
                        parts.push(part);
                    }
                }
                homogeneous(parts)
            }
            "Model" => {
                *models += 1;
                return Ok(None);
            }
            _ => return Ok(None),
        }))
    }

    fn polygon(&self, element: &Element) -> Result<Polygon<f64>, KmlError> {
        let ring = |boundary: &Element| -> Result<Vec<LineString<f64>>, KmlError> {
            boundary
                .children_named("LinearRing")
                .map(|ring| self.coordinates(ring).map(closed))
                .collect()
        };
        let mut outer = Vec::new();
        for boundary in element.children_named("outerBoundaryIs") {
            outer.extend(ring(boundary)?);
        }
        let mut holes = Vec::new();
        for boundary in element.children_named("innerBoundaryIs") {
            holes.extend(ring(boundary)?);
        }
        let exterior = outer.into_iter().next().unwrap_or(LineString(Vec::new()));
        Ok(Polygon::new(exterior, holes))
    }

    /// gx:Track: `when` and `gx:coord` in pairs; the times are added to `times`.
    fn track(
        &self,
        element: &Element,
        times: &mut Vec<String>,
    ) -> Result<LineString<f64>, KmlError> {
        let mut coords = Vec::new();
        for coord in element.children_named("coord") {
            let numbers: Vec<&str> = coord.text.split_whitespace().collect();
            coords.push(self.position(coord, numbers.first(), numbers.get(1), &coord.text)?);
        }
        for when in element.children_named("when") {
            let text = when.text.trim();
            if !text.is_empty() {
                self.date(when, text)?;
                times.push(text.to_owned());
            }
        }
        Ok(LineString(coords))
    }

    /// The `<coordinates>` of a geometry: `lon,lat[,alt]` tuples separated by whitespace.
    fn coordinates(&self, element: &Element) -> Result<Vec<Coord<f64>>, KmlError> {
        let Some(list) = element.child("coordinates") else {
            return Ok(Vec::new());
        };
        // Some writers put spaces after the commas: `30.5, 50.4`; they are joined up first
        // (only then is the text copied).
        let text: &str = &list.text;
        let spaced = text
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b',' && !w[1].is_ascii_digit() && w[1] != b'-');
        let joined;
        let text = if spaced {
            let mut copy = String::with_capacity(text.len());
            let mut after_comma = false;
            for c in text.chars() {
                if c.is_whitespace() && after_comma {
                    continue;
                }
                after_comma = c == ',';
                copy.push(c);
            }
            joined = copy;
            joined.as_str()
        } else {
            text
        };
        // About 20 bytes a position in the files GDAL and Google Earth write.
        let mut coords = Vec::with_capacity(text.len() / 20);
        let mut read = |tuple: &str| -> Result<(), KmlError> {
            // `lon,lat[,alt]`, perhaps with a trailing comma; commas found by byte, as
            // `str::split` costs more than the number parsing on tuples this short.
            let tuple = tuple.trim_end_matches(',');
            let bytes = tuple.as_bytes();
            let first = bytes.iter().position(|&b| b == b',');
            let (lon, lat) = match first {
                Some(i) => {
                    let rest = &tuple[i + 1..];
                    let end = rest.bytes().position(|b| b == b',').unwrap_or(rest.len());
                    (Some(&tuple[..i]), Some(&rest[..end]))
                }
                None => (Some(tuple), None),
            };
            coords.push(self.position(list, lon.as_ref(), lat.as_ref(), tuple)?);
            Ok(())
        };
        if text.is_ascii() {
            text.split_ascii_whitespace().try_for_each(&mut read)?;
        } else {
            text.split_whitespace().try_for_each(&mut read)?;
        }
        Ok(coords)
    }

    fn position(
        &self,
        at: &Element,
        lon: Option<&&str>,
        lat: Option<&&str>,
        tuple: &str,
    ) -> Result<Coord<f64>, KmlError> {
        let parse = |n: Option<&&str>| {
            n.and_then(|n| n.trim().parse::<f64>().ok())
                .filter(|n| n.is_finite())
        };
        let located = |message: String| syntax_error(self.text, at.offset, message);
        let (Some(x), Some(y)) = (parse(lon), parse(lat)) else {
            return Err(located(format!(
                "the coordinates \"{}\" are not longitude,latitude numbers",
                tuple.trim().chars().take(60).collect::<String>()
            )));
        };
        if !(-90.0..=90.0).contains(&y) {
            return Err(located(format!("latitude {y} is outside -90..90")));
        }
        if !(-MAX_LONGITUDE..=MAX_LONGITUDE).contains(&x) {
            return Err(located(format!(
                "longitude {x} is outside -{MAX_LONGITUDE}..{MAX_LONGITUDE}"
            )));
        }
        Ok(Coord { x, y })
    }
}

/// `begin`/`end` as a Faultline date range, `unknown` for an open end.
fn set_time_span(properties: &mut Map<String, Value>, begin: Option<&str>, end: Option<&str>) {
    let part = |t: Option<&str>| t.and_then(kml_date).unwrap_or_else(|| "unknown".into());
    let (begin, end) = (part(begin), part(end));
    let date = if begin == end {
        begin
    } else {
        format!("{begin}/{end}")
    };
    properties.insert("date".into(), Value::String(date));
}

/// A ring closed as GeoJSON and the renderer expect (KML files sometimes leave it open).
fn closed(mut ring: Vec<Coord<f64>>) -> LineString<f64> {
    if let (Some(&first), Some(&last)) = (ring.first(), ring.last())
        && first != last
    {
        ring.push(first);
    }
    LineString(ring)
}

/// A MultiGeometry as the matching multi-geometry when all its parts are of one kind.
fn homogeneous(parts: Vec<Geometry<f64>>) -> Geometry<f64> {
    if parts.iter().all(|g| matches!(g, Geometry::Point(_))) && !parts.is_empty() {
        let points = parts
            .into_iter()
            .filter_map(|g| match g {
                Geometry::Point(p) => Some(p),
                _ => None,
            })
            .collect();
        return Geometry::MultiPoint(MultiPoint(points));
    }
    if parts.iter().all(|g| matches!(g, Geometry::LineString(_))) && !parts.is_empty() {
        let lines = parts
            .into_iter()
            .filter_map(|g| match g {
                Geometry::LineString(l) => Some(l),
                _ => None,
            })
            .collect();
        return Geometry::MultiLineString(MultiLineString(lines));
    }
    if parts.iter().all(|g| matches!(g, Geometry::Polygon(_))) && !parts.is_empty() {
        let polygons = parts
            .into_iter()
            .filter_map(|g| match g {
                Geometry::Polygon(p) => Some(p),
                _ => None,
            })
            .collect();
        return Geometry::MultiPolygon(MultiPolygon(polygons));
    }
    Geometry::GeometryCollection(GeometryCollection(parts))
}

/// SimpleData text typed by its Schema field type.
fn typed(text: &str, kind: &str) -> Value {
    match kind {
        "int" | "uint" | "short" | "ushort" => text
            .parse::<i64>()
            .map_or_else(|_| Value::String(text.to_owned()), Value::from),
        "float" | "double" => text
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| Value::String(text.to_owned()), Value::Number),
        "bool" => match text {
            "1" | "true" => Value::Bool(true),
            "0" | "false" => Value::Bool(false),
            _ => Value::String(text.to_owned()),
        },
        _ => Value::String(text.to_owned()),
    }
}

/// An xsd:dateTime, date, gYearMonth or gYear as a Faultline date (`2020-05-01`, `2020-05`,
/// `2020`); the time of day and zone are dropped (the day is the one written).
pub fn kml_date(text: &str) -> Option<String> {
    let text = text.trim();
    let date = text.split_once('T').map_or(text, |(date, _)| date);
    // A date may carry a zone too: `2020-05-01Z`, `2020-05-01+03:00`.
    let date = date.trim_end_matches('Z');
    let parts: Vec<&str> = date.splitn(4, '-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let year = parts.first().filter(|y| digits(y, 4))?;
    let month = |m: &str| digits(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0));
    match parts.as_slice() {
        [_] => Some((*year).to_owned()),
        [_, m] if month(m) => Some(format!("{year}-{m}")),
        [_, m, d, ..] if month(m) && d.len() >= 2 => {
            let day = d.get(..2)?;
            let valid = digits(day, 2) && (1..=31).contains(&day.parse::<u8>().unwrap_or(0));
            // Anything after the day must be a zone offset (`+03:00`) or nothing.
            let rest = d.get(2..).unwrap_or_default();
            let zone_ok = rest.is_empty() || rest.starts_with('+') || parts.len() == 4;
            (valid && zone_ok).then(|| format!("{year}-{m}-{day}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_read_with_or_without_spaces_after_commas() {
        for list in [
            "30.5,50.4,0 31,51",
            "30.5, 50.4, 0\n\t31,\n 51",
            "\u{a0}30.5,50.4,0\u{a0}31,51",
        ] {
            let kml = format!(
                "<kml><Placemark><LineString><coordinates>{list}</coordinates></LineString></Placemark></kml>"
            );
            let layer = parse_kml(kml.as_bytes(), "t").expect("read");
            let Geometry::LineString(line) = &layer.features[0].geometry else {
                panic!("a line");
            };
            assert_eq!(
                line.0,
                [Coord { x: 30.5, y: 50.4 }, Coord { x: 31.0, y: 51.0 }],
                "{list:?}"
            );
        }
    }

    #[test]
    fn colours_are_read_alpha_blue_green_red() {
        assert_eq!(kml_color("ff0000ff"), Some(("#ff0000".into(), 1.0)));
        assert_eq!(kml_color("7fff0000"), Some(("#0000ff".into(), 0.498)));
        assert_eq!(kml_color("ff00ff00"), Some(("#00ff00".into(), 1.0)));
        assert_eq!(kml_color("red"), None);
    }

    #[test]
    fn kml_times_become_faultline_dates() {
        assert_eq!(kml_date("2020").as_deref(), Some("2020"));
        assert_eq!(kml_date("2020-05").as_deref(), Some("2020-05"));
        assert_eq!(kml_date("2020-05-01").as_deref(), Some("2020-05-01"));
        assert_eq!(
            kml_date("2020-05-01T12:30:00Z").as_deref(),
            Some("2020-05-01")
        );
        assert_eq!(
            kml_date("2020-05-01T12:30:00+03:00").as_deref(),
            Some("2020-05-01")
        );
        assert_eq!(kml_date("2020-05-01-04:00").as_deref(), Some("2020-05-01"));
        assert_eq!(kml_date("May 2020"), None);
        assert_eq!(kml_date("2020-13"), None);
    }

    #[test]
    fn skipped_items_are_listed_in_one_sentence() {
        let mut skipped = BTreeMap::new();
        skipped.insert("GroundOverlay", 2);
        skipped.insert("NetworkLink", 1);
        let message = skipped_message(&skipped).unwrap_or_default();
        assert!(
            message.starts_with("skipped 2 ground overlays and 1 network link"),
            "{message}"
        );
    }
}
