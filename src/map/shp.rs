//! ESRI Shapefiles as layers: the `.shp` geometry with its `.shx` index, the `.dbf` attributes
//! (decoded in the `.cpg`'s code page, else the `.dbf`'s language id, else UTF-8 with a Latin-1
//! fallback) and the `.prj` coordinate system (see [`DeclaredCrs::from_wkt`]).
//!
//! Geometry: points, multipoints, polylines and polygons; Z and M values are dropped. Polygon
//! rings run clockwise for outer rings and counter-clockwise for holes; each hole goes to the
//! smallest outer ring that contains it (a hole inside none becomes a polygon of its own, as GDAL
//! does). Null shapes are skipped and counted; multipatches are skipped with a warning.
//!
//! A file is either drawn where it belongs or refused: a `.prj` naming a CRS other than WGS 84
//! lon/lat or Web Mercator is refused by name, and so is a file without `.prj` whose coordinates
//! cannot be longitude/latitude.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Cursor;

use geo::{
    Coord, Geometry, LineString, MapCoordsInPlace, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};
use rayon::prelude::*;
use serde_json::{Map, Number, Value};
use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape};

use super::crs::{DeclaredCrs, web_mercator_to_lon_lat};
use super::vector_layer::{
    GeoJsonKind, GeoJsonSummary, GeometryKind, MAX_LONGITUDE, VectorFeature, VectorLayer,
};

/// Where the `.shp`'s bytes are: in memory (unpacked from a zip) or in a file, read in chunks
/// as the shapes are decoded (a large file is never held whole in memory besides its shapes).
#[derive(Debug, Clone, Copy)]
pub enum ShpSource<'a> {
    Bytes(&'a [u8]),
    File { file: &'a std::fs::File, len: u64 },
}

impl ShpSource<'_> {
    fn len(&self) -> u64 {
        match self {
            ShpSource::Bytes(bytes) => bytes.len() as u64,
            ShpSource::File { len, .. } => *len,
        }
    }

    /// The bytes `start..end` (within [`ShpSource::len`]), borrowed or read into `buffer`.
    fn span<'b>(
        &'b self,
        start: u64,
        end: u64,
        buffer: &'b mut Vec<u8>,
    ) -> std::io::Result<&'b [u8]> {
        match self {
            ShpSource::Bytes(bytes) => {
                let range = usize::try_from(start).ok().zip(usize::try_from(end).ok());
                range
                    .and_then(|(start, end)| bytes.get(start..end))
                    .ok_or_else(|| std::io::ErrorKind::UnexpectedEof.into())
            }
            ShpSource::File { file, .. } => {
                let length = usize::try_from(end - start)
                    .map_err(|_| std::io::Error::from(std::io::ErrorKind::OutOfMemory))?;
                buffer.resize(length, 0);
                read_at(file, buffer, start)?;
                Ok(&buffer[..])
            }
        }
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
}

#[cfg(not(unix))]
fn read_at(file: &std::fs::File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    let mut file = file.try_clone()?;
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(buffer)
}

/// The files of one shapefile, read into memory (from a directory or from a zip).
#[derive(Debug, Clone)]
pub struct ShapefileParts<'a> {
    pub shp: ShpSource<'a>,
    pub shx: Option<Vec<u8>>,
    pub dbf: Option<Vec<u8>>,
    /// The `.prj` text (WKT).
    pub prj: Option<String>,
    /// The `.cpg` text: the `.dbf`'s code page (`UTF-8`, `1252`, `ISO-8859-1`…).
    pub cpg: Option<String>,
}

/// Why a shapefile cannot be shown. The message says which part is at fault and what to do;
/// the caller prefixes the file.
#[derive(Debug, thiserror::Error)]
pub enum ShapefileError {
    #[error(
        "the {part} file is missing: a shapefile is several files with the same name \
         ({stem}.shp, {stem}.shx, {stem}.dbf, usually {stem}.prj); copy them all together, \
         or zip them and give the .zip"
    )]
    MissingPart { part: &'static str, stem: String },
    #[error("the .shp file is not a shapefile: {0}")]
    NotShapefile(String),
    #[error(
        "the .shp file is truncated: its header says {expected} bytes, the file has {actual}; \
         copy it again from its source"
    )]
    Truncated { expected: u64, actual: u64 },
    #[error("the .shp file is damaged at shape {record} of {count}: {reason}")]
    BadShape {
        record: usize,
        count: usize,
        reason: String,
    },
    #[error("the .shx index is damaged: {0}")]
    BadIndex(String),
    #[error("the .dbf table is damaged: {0}")]
    BadDbf(String),
    #[error(
        "the .prj declares the coordinate system {crs}, which Faultline does not reproject \
         (it reads WGS 84 longitude/latitude and Web Mercator, EPSG:3857); reproject it first, \
         e.g. `ogr2ogr -t_srs EPSG:4326 out.shp in.shp`"
    )]
    UnsupportedCrs { crs: String },
    #[error(
        "the coordinate system is unknown (there is no .prj file) and the coordinates \
         ({west:.0}, {south:.0} to {east:.0}, {north:.0}) are not longitude/latitude; give the \
         .prj file that came with it, or reproject it, e.g. `ogr2ogr -s_srs EPSG:XXXX \
         -t_srs EPSG:4326 out.shp in.shp`"
    )]
    UnknownCrs {
        west: f64,
        south: f64,
        east: f64,
        north: f64,
    },
    #[error(
        "the .prj declares longitude/latitude but the coordinates ({west:.0}, {south:.0} to \
         {east:.0}, {north:.0}) are outside its range; the .prj does not match the data"
    )]
    OutOfRange {
        west: f64,
        south: f64,
        east: f64,
        north: f64,
    },
}

/// Reads one shapefile into a layer called `name`. `stem` names the files in messages.
pub fn parse_shapefile(
    parts: &ShapefileParts<'_>,
    name: &str,
    stem: &str,
) -> Result<VectorLayer, ShapefileError> {
    let read = read_shapefile(parts, stem, true)?;
    Ok(VectorLayer {
        name: name.to_owned(),
        bbox: read.bbox,
        features: read.features,
        kind: GeoJsonKind::FeatureCollection,
        features_without_geometry: read.without_geometry,
        warnings: read.warnings,
    })
}

/// What [`parse_shapefile`]'s layer would summarise to, and its warnings, decoding and checking
/// every shape and row as it does but keeping none (for `faultline check`: memory stays small).
pub fn summarise_shapefile(
    parts: &ShapefileParts<'_>,
    stem: &str,
) -> Result<(GeoJsonSummary, Vec<String>), ShapefileError> {
    let read = read_shapefile(parts, stem, false)?;
    let drawn: usize = read.kinds.values().sum();
    let summary = GeoJsonSummary {
        kind: GeoJsonKind::FeatureCollection,
        features: drawn + read.without_geometry,
        features_without_geometry: read.without_geometry,
        geometry_types: read.kinds,
        bbox: read.bbox,
        property_names: if drawn > 0 {
            read.property_names
        } else {
            BTreeSet::new()
        },
    };
    Ok((summary, read.warnings))
}

/// A shapefile read: the features when kept, else only their kinds.
struct Shapes {
    features: Vec<VectorFeature>,
    kinds: BTreeMap<GeometryKind, usize>,
    without_geometry: usize,
    bbox: Option<[f64; 4]>,
    warnings: Vec<String>,
    property_names: BTreeSet<String>,
}

fn read_shapefile(
    parts: &ShapefileParts<'_>,
    stem: &str,
    keep: bool,
) -> Result<Shapes, ShapefileError> {
    let missing = |part| ShapefileError::MissingPart {
        part,
        stem: stem.to_owned(),
    };
    check_header(&parts.shp)?;
    let shx = parts.shx.as_deref().ok_or_else(|| missing(".shx"))?;
    let dbf = parts.dbf.as_deref().ok_or_else(|| missing(".dbf"))?;
    let mut warnings = Vec::new();
    let crs = parts.prj.as_deref().map(DeclaredCrs::from_wkt);
    let mercator = match &crs {
        Some(DeclaredCrs::Other(crs)) => {
            return Err(ShapefileError::UnsupportedCrs { crs: crs.clone() });
        }
        Some(DeclaredCrs::WebMercator) => true,
        Some(DeclaredCrs::LonLat) | None => false,
    };
    let index = read_index(shx)?;
    let count = index.len();
    let (encoding, encoding_note) = dbf_encoding(parts.cpg.as_deref(), dbf);
    warnings.extend(encoding_note);

    // The shapes (located by the index, so they are read in parallel) and the table at once.
    let (shapes, rows) = rayon::join(
        || {
            let chunks = chunks(&index);
            let read: Result<Vec<Vec<ReadShape>>, ShapefileError> = chunks
                .par_iter()
                .map_init(Vec::new, |buffer, chunk| {
                    read_chunk(
                        &parts.shp,
                        &index,
                        chunk.clone(),
                        count,
                        mercator,
                        keep,
                        buffer,
                    )
                })
                .collect();
            read.map(|chunks| chunks.into_iter().flatten().collect::<Vec<_>>())
        },
        || read_rows(dbf, encoding, keep),
    );
    let shapes = shapes?;
    let (row_count, rows, property_names) = rows?;
    if row_count != count {
        warnings.push(format!(
            "the .dbf has {row_count} rows for {count} shapes: {}",
            if row_count < count {
                "the last shapes have no attributes"
            } else {
                "the extra rows are ignored"
            }
        ));
    }

    let mut features = Vec::with_capacity(if keep { count } else { 0 });
    let mut kinds = BTreeMap::new();
    let mut without_geometry = 0;
    let mut multipatches = 0;
    let mut orphan_holes = 0;
    let mut bbox: Option<[f64; 4]> = None;
    let mut rows = rows.into_iter();
    for (index, shape) in shapes.into_iter().enumerate() {
        let properties = rows.next().unwrap_or_default();
        orphan_holes += shape.orphan_holes;
        multipatches += usize::from(shape.multipatch);
        if let Some(b) = shape.bbox {
            bbox = Some(match bbox {
                None => b,
                Some(a) => [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ],
            });
        }
        match (shape.geometry, shape.kind) {
            (Some(geometry), _) => features.push(VectorFeature {
                geometry,
                properties,
                id: Some(index.to_string()),
            }),
            (None, Some(kind)) => *kinds.entry(kind).or_insert(0) += 1,
            (None, None) => without_geometry += 1,
        }
    }
    if multipatches > 0 {
        warnings.push(format!(
            "{multipatches} multipatch shapes (3D surfaces) are not drawn (counted as without geometry)"
        ));
    }
    if orphan_holes > 0 {
        warnings.push(format!(
            "{orphan_holes} polygon holes lie in no outer ring and are drawn as polygons"
        ));
    }

    if let Some([west, south, east, north]) = bbox {
        let lon_lat = west >= -MAX_LONGITUDE
            && east <= MAX_LONGITUDE
            && south >= -90.0
            && north <= 90.0
            && [west, south, east, north].iter().all(|v| v.is_finite());
        if !lon_lat {
            return Err(if crs.is_none() {
                ShapefileError::UnknownCrs {
                    west,
                    south,
                    east,
                    north,
                }
            } else {
                ShapefileError::OutOfRange {
                    west,
                    south,
                    east,
                    north,
                }
            });
        }
        if crs.is_none() {
            warnings.push(
                "there is no .prj file: the coordinates are taken as WGS 84 longitude/latitude"
                    .to_owned(),
            );
        }
    }

    Ok(Shapes {
        features,
        kinds,
        without_geometry,
        bbox,
        warnings,
        property_names,
    })
}

/// The 100-byte header's file code and length, checked before anything is read.
fn check_header(shp: &ShpSource<'_>) -> Result<(), ShapefileError> {
    let actual = shp.len();
    let mut buffer = Vec::new();
    let header = match shp.span(0, 100, &mut buffer) {
        Ok(header) if actual >= 100 => header,
        _ => {
            return Err(ShapefileError::NotShapefile(format!(
                "it has {actual} bytes, fewer than a shapefile's 100-byte header"
            )));
        }
    };
    let word = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    if word(0) != 9994 {
        return Err(ShapefileError::NotShapefile(
            "it does not start with the shapefile file code (9994)".to_owned(),
        ));
    }
    let expected = u64::try_from(word(24)).unwrap_or(0) * 2;
    if expected > actual {
        return Err(ShapefileError::Truncated { expected, actual });
    }
    Ok(())
}

/// The `.shx` index: each record's byte offset in the `.shp` and its content length in bytes.
fn read_index(shx: &[u8]) -> Result<Vec<(u64, u64)>, ShapefileError> {
    let entries = shx.get(100..).ok_or_else(|| {
        ShapefileError::BadIndex(format!(
            "it has {} bytes, fewer than its 100-byte header",
            shx.len()
        ))
    })?;
    let word = |bytes: &[u8]| i32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    entries
        .chunks_exact(8)
        .enumerate()
        .map(|(record, entry)| {
            let offset = u64::try_from(word(&entry[..4])).ok();
            let length = u64::try_from(word(&entry[4..])).ok();
            match (offset, length) {
                (Some(offset), Some(length)) if offset >= 50 => Ok((offset * 2, length * 2)),
                _ => Err(ShapefileError::BadIndex(format!(
                    "entry {} has a negative or impossible offset or length",
                    record + 1
                ))),
            }
        })
        .collect()
}

/// One shape, converted.
struct ReadShape {
    geometry: Option<Geometry<f64>>,
    /// The kind of a geometry read but not kept.
    kind: Option<GeometryKind>,
    /// West, south, east, north of the geometry (in lon/lat).
    bbox: Option<[f64; 4]>,
    multipatch: bool,
    orphan_holes: usize,
}

/// Largest span of the `.shp` read at once (a larger shape is read alone).
const CHUNK_BYTES: u64 = 1 << 20;

/// Runs of records that lie one after another in the `.shp`, up to [`CHUNK_BYTES`] each: the
/// units read (one read each) and decoded in parallel.
fn chunks(index: &[(u64, u64)]) -> Vec<std::ops::Range<usize>> {
    let mut chunks = Vec::new();
    let mut start = 0;
    for record in 1..index.len() {
        let (first, _) = index[start];
        let (previous, previous_length) = index[record - 1];
        let (offset, length) = index[record];
        let follows = offset >= previous + 8 + previous_length;
        if !follows || offset + 8 + length - first > CHUNK_BYTES {
            chunks.push(start..record);
            start = record;
        }
    }
    if start < index.len() {
        chunks.push(start..index.len());
    }
    chunks
}

/// Reads and decodes the records `chunk` of the index.
fn read_chunk(
    shp: &ShpSource<'_>,
    index: &[(u64, u64)],
    chunk: std::ops::Range<usize>,
    count: usize,
    mercator: bool,
    keep: bool,
    buffer: &mut Vec<u8>,
) -> Result<Vec<ReadShape>, ShapefileError> {
    let bad = |record: usize, reason: String| ShapefileError::BadShape {
        record: record + 1,
        count,
        reason,
    };
    let len = shp.len();
    let records = &index[chunk.clone()];
    // The first record that does not fit in the file is the one named.
    for (record, &(offset, length)) in chunk.clone().zip(records) {
        if offset + 8 + length > len {
            return Err(bad(
                record,
                format!(
                    "the index places it at bytes {offset}..{} but the .shp has {len} \
                     (truncated?)",
                    offset + 8 + length
                ),
            ));
        }
    }
    let (Some(&(start, _)), Some(&(last, last_length))) = (records.first(), records.last()) else {
        return Ok(Vec::new());
    };
    let bytes = shp
        .span(start, last + 8 + last_length, buffer)
        .map_err(|error| bad(chunk.start, format!("it cannot be read ({error})")))?;
    chunk
        .zip(records)
        .map(|(record, &(offset, length))| {
            let from = (offset - start + 8) as usize;
            let content = &bytes[from..from + length as usize];
            read_shape(content, mercator, keep).map_err(|reason| bad(record, reason))
        })
        .collect()
}

/// Decodes one record's content (after its 8-byte header), from Web Mercator if `mercator`.
/// Without `keep`, only the geometry's kind is kept.
fn read_shape(content: &[u8], mercator: bool, keep: bool) -> Result<ReadShape, String> {
    let length = content.len();
    let size = i32::try_from(length).map_err(|_| "its length is impossible".to_owned())?;
    let shape = <Shape as shapefile::ReadableShape>::read_from(&mut Cursor::new(content), size)
        .map_err(|error| shape_error(&error))?;
    let mut bounds = NO_BOUNDS;
    let b = &mut bounds;
    let mut read = ReadShape {
        geometry: None,
        kind: None,
        bbox: None,
        multipatch: false,
        orphan_holes: 0,
    };
    read.geometry = match shape {
        Shape::NullShape => None,
        Shape::Point(p) => Some(Geometry::Point(point(&p, b))),
        Shape::PointM(p) => Some(Geometry::Point(point(&p, b))),
        Shape::PointZ(p) => Some(Geometry::Point(point(&p, b))),
        Shape::Multipoint(m) => Some(multipoint(m.points(), b)),
        Shape::MultipointM(m) => Some(multipoint(m.points(), b)),
        Shape::MultipointZ(m) => Some(multipoint(m.points(), b)),
        Shape::Polyline(l) => polyline(l.into_inner(), b),
        Shape::PolylineM(l) => polyline(l.into_inner(), b),
        Shape::PolylineZ(l) => polyline(l.into_inner(), b),
        Shape::Polygon(p) => polygon(p.into_inner(), &mut read.orphan_holes, b),
        Shape::PolygonM(p) => polygon(p.into_inner(), &mut read.orphan_holes, b),
        Shape::PolygonZ(p) => polygon(p.into_inner(), &mut read.orphan_holes, b),
        Shape::Multipatch(_) => {
            read.multipatch = true;
            None
        }
    };
    if let Some(geometry) = &mut read.geometry
        && bounds[0] <= bounds[2]
        && bounds[1] <= bounds[3]
    {
        read.bbox = Some(bounds);
        if mercator && keep {
            geometry.map_coords_in_place(|Coord { x, y }| {
                let [x, y] = web_mercator_to_lon_lat(x, y);
                Coord { x, y }
            });
        }
        if mercator {
            // The inverse Mercator is monotonic in x and in y: the box's corners map to the box.
            let [west, south] = web_mercator_to_lon_lat(bounds[0], bounds[1]);
            let [east, north] = web_mercator_to_lon_lat(bounds[2], bounds[3]);
            read.bbox = Some([west, south, east, north]);
        }
    }
    if !keep {
        read.kind = read.geometry.take().as_ref().map(GeometryKind::of);
    }
    Ok(read)
}

/// The `.dbf`: its row count, the rows as properties when kept, and the column names.
type Rows = (usize, Vec<Map<String, Value>>, BTreeSet<String>);

/// Reads the `.dbf` (see [`Rows`]).
fn read_rows(
    dbf: &[u8],
    encoding: &'static encoding_rs::Encoding,
    keep: bool,
) -> Result<Rows, ShapefileError> {
    let mut table = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding))
        .build(Cursor::new(dbf))
        .map_err(|error| ShapefileError::BadDbf(error.to_string()))?;
    let names: BTreeSet<String> = table.fields().iter().map(|f| f.name().to_owned()).collect();
    let mut rows = Vec::new();
    let mut count = 0;
    for (row, record) in table.iter_records_as::<Attributes>().enumerate() {
        let Attributes(properties) =
            record.map_err(|error| ShapefileError::BadDbf(format!("row {}: {error}", row + 1)))?;
        count += 1;
        if keep {
            rows.push(properties);
        }
    }
    Ok((count, rows, names))
}

fn shape_error(error: &shapefile::Error) -> String {
    match error {
        shapefile::Error::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "the file ends inside it (truncated?)".to_owned()
        }
        other => other.to_string(),
    }
}

/// West, south, east, north, grown by each coordinate read.
type Bounds = [f64; 4];

const NO_BOUNDS: Bounds = [
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
];

fn grow(bounds: &mut Bounds, x: f64, y: f64) {
    bounds[0] = bounds[0].min(x);
    bounds[1] = bounds[1].min(y);
    bounds[2] = bounds[2].max(x);
    bounds[3] = bounds[3].max(y);
}

fn point(p: &impl HasXY, bounds: &mut Bounds) -> Point<f64> {
    grow(bounds, p.x(), p.y());
    Point::new(p.x(), p.y())
}

/// Consumes the points: for 2D points the allocation is reused for the coordinates.
fn coords<P: HasXY>(points: Vec<P>, bounds: &mut Bounds) -> Vec<Coord<f64>> {
    points
        .into_iter()
        .map(|p| {
            grow(bounds, p.x(), p.y());
            Coord { x: p.x(), y: p.y() }
        })
        .collect()
}

fn multipoint<P: HasXY>(points: &[P], bounds: &mut Bounds) -> Geometry<f64> {
    Geometry::MultiPoint(MultiPoint::new(
        points.iter().map(|p| point(p, bounds)).collect(),
    ))
}

fn polyline<P: HasXY>(parts: Vec<Vec<P>>, bounds: &mut Bounds) -> Option<Geometry<f64>> {
    let mut lines: Vec<LineString<f64>> = parts
        .into_iter()
        .filter(|part| !part.is_empty())
        .map(|part| LineString::new(coords(part, bounds)))
        .collect();
    match lines.len() {
        0 => None,
        1 => lines.pop().map(Geometry::LineString),
        _ => Some(Geometry::MultiLineString(MultiLineString::new(lines))),
    }
}

/// An outer ring with the holes found inside it.
struct Outer {
    ring: Vec<Coord<f64>>,
    bounds: [f64; 4],
    area: f64,
    holes: Vec<LineString<f64>>,
}

impl Outer {
    fn new(ring: Vec<Coord<f64>>) -> Outer {
        Outer {
            bounds: ring_bounds(&ring),
            area: ring_area(&ring).abs(),
            ring,
            holes: Vec::new(),
        }
    }

    fn contains(&self, p: Coord<f64>) -> bool {
        p.x >= self.bounds[0]
            && p.x <= self.bounds[2]
            && p.y >= self.bounds[1]
            && p.y <= self.bounds[3]
            && ring_contains(&self.ring, p)
    }
}

/// Rings to polygons: each hole goes to the smallest outer ring containing its first vertex.
fn polygon<P: HasXY>(
    rings: Vec<PolygonRing<P>>,
    orphan_holes: &mut usize,
    bounds: &mut Bounds,
) -> Option<Geometry<f64>> {
    let mut exteriors = Vec::new();
    let mut holes = Vec::new();
    for ring in rings {
        if ring.is_empty() {
            continue;
        }
        match ring {
            PolygonRing::Outer(points) => exteriors.push(coords(points, bounds)),
            PolygonRing::Inner(points) => holes.push(coords(points, bounds)),
        }
    }
    if holes.is_empty() {
        // The common case needs no ring boxes nor areas.
        let mut polygons: Vec<Polygon<f64>> = exteriors
            .into_iter()
            .map(|ring| Polygon::new(LineString::new(ring), Vec::new()))
            .collect();
        return match polygons.len() {
            0 => None,
            1 => polygons.pop().map(Geometry::Polygon),
            _ => Some(Geometry::MultiPolygon(MultiPolygon::new(polygons))),
        };
    }
    let mut outers: Vec<Outer> = exteriors.into_iter().map(Outer::new).collect();
    for hole in holes {
        let Some(&probe) = hole.first() else {
            continue;
        };
        let home = outers
            .iter_mut()
            .filter(|outer| outer.contains(probe))
            .min_by(|a, b| a.area.total_cmp(&b.area));
        match home {
            Some(outer) => outer.holes.push(LineString::new(hole)),
            None => {
                *orphan_holes += 1;
                outers.push(Outer::new(hole));
            }
        }
    }
    let mut polygons: Vec<Polygon<f64>> = outers
        .into_iter()
        .map(|outer| Polygon::new(LineString::new(outer.ring), outer.holes))
        .collect();
    match polygons.len() {
        0 => None,
        1 => polygons.pop().map(Geometry::Polygon),
        _ => Some(Geometry::MultiPolygon(MultiPolygon::new(polygons))),
    }
}

fn ring_bounds(ring: &[Coord<f64>]) -> [f64; 4] {
    ring.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |b, c| [b[0].min(c.x), b[1].min(c.y), b[2].max(c.x), b[3].max(c.y)],
    )
}

/// Twice the signed area (shoelace); only compared, so the factor does not matter.
fn ring_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

/// Even-odd ray casting.
fn ring_contains(ring: &[Coord<f64>], p: Coord<f64>) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
            if p.x < x {
                inside = !inside;
            }
        }
    }
    inside
}

/// A `.dbf` row as GeoJSON properties, in the table's column order.
struct Attributes(Map<String, Value>);

impl dbase::ReadableRecord for Attributes {
    fn read_using<Source, MemoSource>(
        fields: &mut dbase::FieldIterator<Source, MemoSource>,
    ) -> Result<Self, dbase::FieldError>
    where
        Source: std::io::Read + std::io::Seek,
        MemoSource: std::io::Read + std::io::Seek,
    {
        let mut properties = Map::new();
        for field in fields {
            let field = field?;
            properties.insert(field.name.to_owned(), field_value(field.value));
        }
        Ok(Attributes(properties))
    }
}

fn number(value: f64) -> Value {
    // Whole numbers (most numeric columns: ids, counts, years) read as integers, as GDAL does.
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        Value::Number(Number::from(value as i64))
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

fn date(date: &dbase::Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn field_value(value: dbase::FieldValue) -> Value {
    use dbase::FieldValue as F;
    match value {
        F::Character(Some(text)) | F::Memo(text) => Value::String(text),
        F::Numeric(Some(n)) => number(n),
        F::Float(Some(n)) => number(f64::from(n)),
        F::Double(n) | F::Currency(n) => number(n),
        F::Integer(n) => Value::Number(n.into()),
        F::Logical(Some(b)) => Value::Bool(b),
        F::Date(Some(d)) => Value::String(date(&d)),
        F::DateTime(t) => {
            let time = t.time();
            Value::String(format!(
                "{}T{:02}:{:02}:{:02}",
                date(&t.date()),
                time.hours(),
                time.minutes(),
                time.seconds()
            ))
        }
        F::Character(None)
        | F::Numeric(None)
        | F::Float(None)
        | F::Logical(None)
        | F::Date(None) => Value::Null,
    }
}

/// The encoding of the `.dbf`'s text: the `.cpg`'s, else the language id's, else UTF-8 when the
/// rows are valid UTF-8 and Windows-1252 (Latin-1's superset) when not. A note when a code page
/// was named but cannot be read.
fn dbf_encoding(cpg: Option<&str>, dbf: &[u8]) -> (&'static encoding_rs::Encoding, Option<String>) {
    let mut note = None;
    if let Some(cpg) = cpg.map(str::trim).filter(|c| !c.is_empty()) {
        match cpg_encoding(cpg) {
            Some(encoding) => return (encoding, None),
            None => {
                note = Some(format!(
                    "the .cpg names the code page {cpg:?}, which Faultline does not know; the \
                     text is read as UTF-8 (or Latin-1 where it is not UTF-8)"
                ));
            }
        }
    }
    if note.is_none()
        && let Some(encoding) = dbf.get(29).and_then(|&id| language_id_encoding(id))
    {
        return (encoding, None);
    }
    let records = dbf
        .get(8..10)
        .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        .and_then(|start| dbf.get(start..))
        .unwrap_or_default();
    if std::str::from_utf8(records).is_ok() {
        (encoding_rs::UTF_8, note)
    } else {
        (encoding_rs::WINDOWS_1252, note)
    }
}

/// A `.cpg`'s text: a code page number (`1252`, `ANSI 1251`, `CP1250`), `UTF-8`, `88591` (ESRI's
/// spelling of ISO 8859-1) or any WHATWG encoding label.
fn cpg_encoding(cpg: &str) -> Option<&'static encoding_rs::Encoding> {
    let upper = cpg.to_ascii_uppercase();
    let digits = upper
        .trim_start_matches("ANSI")
        .trim_start_matches("CP")
        .trim_start_matches("WINDOWS-")
        .trim();
    if let Some(rest) = digits.strip_prefix("8859") {
        // 88591, 8859-1, 8859_1 → ISO-8859-1 (read as windows-1252, its superset).
        let part = rest.trim_start_matches(['-', '_']);
        return encoding_rs::Encoding::for_label(format!("iso-8859-{part}").as_bytes());
    }
    if let Ok(code_page) = digits.parse::<u16>() {
        return codepage::to_encoding_no_replacement(code_page);
    }
    encoding_rs::Encoding::for_label_no_replacement(cpg.trim().as_bytes())
}

/// The dBase language driver id (byte 29) → its encoding, where encoding_rs has it (it lacks
/// the DOS code pages 437 and 850, which fall back to the UTF-8/Latin-1 guess).
fn language_id_encoding(id: u8) -> Option<&'static encoding_rs::Encoding> {
    let code_page = match id {
        0x03 | 0x57 | 0x58 | 0x59 => 1252,
        0x13 | 0x7B => 932,
        0x4D | 0x7A => 936,
        0x4E | 0x79 => 949,
        0x4F | 0x78 => 950,
        0x50 | 0x7C => 874,
        0x26 | 0x65 => 866,
        0x7D => 1255,
        0x7E => 1256,
        0xC8 => 1250,
        0xC9 => 1251,
        0xCA => 1254,
        0xCB => 1253,
        0xCC => 1257,
        // Not a dBase id, but what dbase-rs writes for UTF-8.
        0xF0 => 65001,
        _ => return None,
    };
    codepage::to_encoding_no_replacement(code_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_pages_are_read_in_their_usual_spellings() {
        assert_eq!(cpg_encoding("UTF-8"), Some(encoding_rs::UTF_8));
        assert_eq!(cpg_encoding("65001"), Some(encoding_rs::UTF_8));
        assert_eq!(cpg_encoding("1252"), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(cpg_encoding("ANSI 1251"), Some(encoding_rs::WINDOWS_1251));
        assert_eq!(cpg_encoding("88591"), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(cpg_encoding("ISO-8859-1"), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(cpg_encoding("8859_5"), Some(encoding_rs::ISO_8859_5));
        assert_eq!(cpg_encoding("klingon"), None);
        assert_eq!(language_id_encoding(0x57), Some(encoding_rs::WINDOWS_1252));
        assert_eq!(language_id_encoding(0x01), None);
    }

    #[test]
    fn holes_go_to_the_outer_ring_that_contains_them() {
        let square = |x0: f64, y0: f64, size: f64| {
            vec![
                shapefile::Point::new(x0, y0),
                shapefile::Point::new(x0, y0 + size),
                shapefile::Point::new(x0 + size, y0 + size),
                shapefile::Point::new(x0 + size, y0),
                shapefile::Point::new(x0, y0),
            ]
        };
        let reversed = |mut ring: Vec<shapefile::Point>| {
            ring.reverse();
            ring
        };
        let rings = vec![
            PolygonRing::Outer(square(0.0, 0.0, 10.0)),
            PolygonRing::Outer(square(20.0, 0.0, 10.0)),
            PolygonRing::Inner(reversed(square(22.0, 2.0, 2.0))),
            PolygonRing::Inner(reversed(square(50.0, 50.0, 1.0))),
        ];
        let mut orphans = 0;
        let Some(Geometry::MultiPolygon(multi)) =
            polygon(rings, &mut orphans, &mut NO_BOUNDS.clone())
        else {
            panic!("a multipolygon");
        };
        assert_eq!(multi.0.len(), 3);
        assert!(multi.0[0].interiors().is_empty());
        assert_eq!(multi.0[1].interiors().len(), 1);
        assert_eq!(orphans, 1);
    }
}
