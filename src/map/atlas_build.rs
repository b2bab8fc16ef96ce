//! Conversion of the world-atlas TopoJSON into the GeoJSON files in `maps/`.
//!
//! world-atlas is made for spherical (d3) rendering: its rings run clockwise, and the rings of
//! Russia, Fiji and Antarctica jump from +180° to −180° in the middle. Faultline draws flat
//! maps, so this module decodes the topology itself, cuts rings at the antimeridian, closes
//! Antarctica along the bottom of the map, computes RFC 7946 winding, and derives the land
//! borders and coastlines from the topology's shared arcs. It is pure: bytes in, GeoJSON out.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use geo::{Area, Contains, Coord, InteriorPoint, LineString, MultiPolygon, Point, Polygon};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject, Position};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// The three Natural Earth scales world-atlas ships, coarse to fine.
pub const RESOLUTIONS: [&str; 3] = ["110m", "50m", "10m"];

/// A ring circling a pole entirely beyond this latitude stands for the pole itself (d3's way of
/// saying "the polar cap belongs to this polygon"); on a flat map it is a sliver and is dropped.
const POLAR_CAP_LATITUDE: f64 = 89.99;

/// Spacing of the points added along a pole-closing edge, so that no output segment spans
/// more than this many degrees of longitude.
const POLE_EDGE_STEP_DEGREES: f64 = 10.0;

/// Decimals kept when the input is not quantized (no `transform`): about 0.1 m.
const UNQUANTIZED_DECIMALS: u32 = 6;

/// What went wrong while reading the inputs, and where.
#[derive(Debug, Error)]
pub enum AtlasError {
    /// The TopoJSON text does not parse into a topology.
    #[error("the TopoJSON does not parse as a Topology: {0}")]
    Json(#[source] serde_json::Error),
    /// The top-level `type` is not "Topology".
    #[error("the TopoJSON has type {0:?}, expected \"Topology\"")]
    NotTopology(String),
    /// `objects.countries` is missing.
    #[error("the TopoJSON has no objects.countries")]
    NoCountries,
    /// `objects.countries` is not a GeometryCollection.
    #[error("objects.countries is a {0}, expected a GeometryCollection")]
    CountriesNotCollection(String),
    /// A position of an arc is unusable.
    #[error("arc {arc}, position {position}: {message}")]
    BadArc {
        arc: usize,
        position: usize,
        message: String,
    },
    /// A geometry refers to an arc that does not exist.
    #[error(
        "arc index {index} out of range ({count} arcs) in countries geometry {geometry} ({name})"
    )]
    ArcOutOfRange {
        index: i64,
        count: usize,
        geometry: usize,
        name: String,
    },
    /// A geometry is malformed or could not be converted.
    #[error("countries geometry {geometry} ({name}): {message}")]
    Geometry {
        geometry: usize,
        name: String,
        message: String,
    },
    /// A geometry has no `properties.name`.
    #[error("countries geometry {geometry} (id {id}) has no properties.name")]
    NoName { geometry: usize, id: String },
    /// The ISO code table does not have the expected shape.
    #[error("ISO code table: {0}")]
    IsoJson(#[source] serde_json::Error),
    /// A row of the ISO code table is unusable.
    #[error("ISO code table, row {row}: {message}")]
    IsoRow { row: usize, message: String },
}

/// One country of the ISO 3166-1 table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IsoCountry {
    /// Two-letter code ("AF").
    pub alpha2: String,
    /// Three-letter code ("AFG").
    pub alpha3: String,
    /// Three-digit numeric code as text ("004"), the key world-atlas uses as `id`.
    pub numeric: String,
}

/// The ISO 3166-1 table, looked up by numeric code.
#[derive(Clone, Debug, Default)]
pub struct IsoCodes {
    by_numeric: HashMap<String, IsoCountry>,
}

impl IsoCodes {
    /// Reads i18n-iso-countries' `codes.json`: rows of `[alpha2, alpha3, numeric, ...]`.
    pub fn from_codes_json(bytes: &[u8]) -> Result<IsoCodes, AtlasError> {
        let rows: Vec<Vec<String>> = serde_json::from_slice(bytes).map_err(AtlasError::IsoJson)?;
        let mut by_numeric = HashMap::with_capacity(rows.len());
        for (row, fields) in rows.into_iter().enumerate() {
            let [alpha2, alpha3, numeric, ..] = fields.as_slice() else {
                return Err(AtlasError::IsoRow {
                    row,
                    message: format!("{} fields, expected at least 3", fields.len()),
                });
            };
            let well_formed = alpha2.len() == 2
                && alpha3.len() == 3
                && numeric.len() == 3
                && numeric.bytes().all(|b| b.is_ascii_digit());
            if !well_formed {
                return Err(AtlasError::IsoRow {
                    row,
                    message: format!(
                        "{alpha2:?}, {alpha3:?}, {numeric:?} is not alpha-2, alpha-3, numeric"
                    ),
                });
            }
            let country = IsoCountry {
                alpha2: alpha2.clone(),
                alpha3: alpha3.clone(),
                numeric: numeric.clone(),
            };
            if by_numeric.insert(numeric.clone(), country).is_some() {
                return Err(AtlasError::IsoRow {
                    row,
                    message: format!("numeric code {numeric} appears twice"),
                });
            }
        }
        Ok(IsoCodes { by_numeric })
    }

    /// The country with this numeric code ("004").
    pub fn by_numeric(&self, numeric: &str) -> Option<&IsoCountry> {
        self.by_numeric.get(numeric)
    }

    /// How many countries the table has.
    pub fn len(&self) -> usize {
        self.by_numeric.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.by_numeric.is_empty()
    }
}

/// Knobs of one conversion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BuildOptions {
    /// Precision of the label point search, in degrees: finer than the map is drawn for is wasted.
    pub label_tolerance: f64,
    /// Decimals to keep; `None` derives them from the quantization step so nothing is lost.
    pub decimals: Option<u32>,
}

impl BuildOptions {
    /// Sensible options for one of [`RESOLUTIONS`]; `None` for an unknown name.
    pub fn for_resolution(resolution: &str) -> Option<BuildOptions> {
        let label_tolerance = match resolution {
            "110m" => 0.05,
            "50m" => 0.02,
            "10m" => 0.01,
            _ => return None,
        };
        Some(BuildOptions {
            label_tolerance,
            decimals: None,
        })
    }
}

/// Size of one output collection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LayerStats {
    pub features: usize,
    /// Positions written, closing positions of rings included.
    pub vertices: usize,
}

/// What the conversion did, for the manifest and for a person checking the data.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct AtlasStats {
    /// Decimals the coordinates were rounded to.
    pub decimals: u32,
    /// The quantization step `[dx, dy]` of the input, in degrees, if it is quantized.
    pub quantization_step: Option<[f64; 2]>,
    pub countries: LayerStats,
    pub borders: LayerStats,
    pub coastlines: LayerStats,
    /// The most vertices in one ring.
    pub largest_ring: usize,
    /// Countries with a ring cut at the antimeridian.
    pub cut_at_antimeridian: Vec<String>,
    /// Countries with a ring that only touches ±180° but wrote some of its points on the other
    /// side (−180 for +180); moved back whole, not cut.
    pub rewrapped_at_antimeridian: Vec<String>,
    /// Countries with a ring closed along a pole.
    pub closed_at_pole: Vec<String>,
    /// Countries that had a ring standing for the pole itself, dropped.
    pub polar_caps_dropped: Vec<String>,
    /// Countries without an ISO numeric code in the input.
    pub without_iso: Vec<String>,
    /// Input codes absent from the ISO table (kept as `iso_n3`, without alpha codes).
    pub unknown_iso: Vec<String>,
    /// Countries sharing a numeric code with a larger one; their feature `id` is their name.
    pub duplicate_iso: Vec<String>,
    /// Geometries with `type: null`, skipped.
    pub empty_geometries: Vec<String>,
    /// Arcs between two polygons of the same country: neither a border nor a coast.
    pub internal_arcs: usize,
    /// Rings without area (quantization collapsed them to a line or a point), dropped.
    pub degenerate_rings: usize,
    /// Arcs used by more than two countries (a quantization artefact a few hundred metres long),
    /// left out of borders and coastlines.
    pub ambiguous_arcs: Vec<String>,
    /// Rings that touched themselves at a point and were split there into simple loops.
    pub pinched_rings: usize,
    /// Countries left without any ring, hence without a feature (10m: Vatican).
    pub collapsed: Vec<String>,
}

/// The converted data of one resolution.
#[derive(Clone, Debug)]
pub struct Atlas {
    /// One feature per country (Polygon or MultiPolygon, RFC 7946 winding).
    pub countries: FeatureCollection,
    /// One MultiLineString per pair of neighbouring countries.
    pub borders: FeatureCollection,
    /// One MultiLineString per country with a coast.
    pub coastlines: FeatureCollection,
    pub stats: AtlasStats,
}

type Ring = Vec<Coord<f64>>;

/// Converts a world-atlas `countries-*.json` topology into countries, borders and coastlines.
pub fn build_atlas(
    topojson: &[u8],
    iso: &IsoCodes,
    options: &BuildOptions,
) -> Result<Atlas, AtlasError> {
    let topology: Topology = serde_json::from_slice(topojson).map_err(AtlasError::Json)?;
    if topology.kind != "Topology" {
        return Err(AtlasError::NotTopology(topology.kind));
    }
    let step = topology.transform.as_ref().map(|t| t.scale);
    let decimals = options.decimals.unwrap_or_else(|| match step {
        Some([sx, sy]) => decimals_for_step(sx.abs().min(sy.abs())),
        None => UNQUANTIZED_DECIMALS,
    });
    let scale = 10f64.powi(decimals as i32);
    let arcs = decode_arcs(&topology.arcs, topology.transform.as_ref(), scale)?;

    let collection = topology.objects.countries.ok_or(AtlasError::NoCountries)?;
    let collection_kind = collection.kind.clone().unwrap_or_else(|| "null".into());
    if collection_kind != "GeometryCollection" {
        return Err(AtlasError::CountriesNotCollection(collection_kind));
    }

    let mut stats = AtlasStats {
        decimals,
        quantization_step: step,
        ..AtlasStats::default()
    };
    let mut countries = Vec::new();
    let mut arc_users: Vec<Vec<usize>> = vec![Vec::new(); arcs.len()];
    // Arcs of rings that are not part of the flat map (pole caps, collapsed rings): they are
    // neither borders nor coasts.
    let mut excluded_arcs = vec![false; arcs.len()];

    for (index, geometry) in collection.geometries.iter().enumerate() {
        let source = read_country(index, geometry, iso, &mut stats)?;
        let Some(polygons_arcs) = source.polygons else {
            stats.empty_geometries.push(source.name);
            continue;
        };
        let mut rings = Vec::new();
        let mut used_arcs: Vec<i64> = Vec::new();
        let (mut cut, mut closed, mut cap, mut rewrapped) = (false, false, false, false);
        for ring_arcs in polygons_arcs.iter().flatten() {
            let ring = stitch_ring(&arcs, ring_arcs).map_err(|bad| AtlasError::ArcOutOfRange {
                index: bad,
                count: arcs.len(),
                geometry: index,
                name: source.name.clone(),
            })?;
            let split =
                split_ring_at_antimeridian(&ring).map_err(|message| AtlasError::Geometry {
                    geometry: index,
                    name: source.name.clone(),
                    message,
                })?;
            if split.polar_cap || is_degenerate(&clean_ring(unwrap_longitudes(&ring))) {
                if split.polar_cap {
                    cap = true;
                } else {
                    stats.degenerate_rings += 1;
                }
                for &arc in ring_arcs {
                    excluded_arcs[arc_index(arc)] = true;
                }
                continue;
            }
            used_arcs.extend(ring_arcs);
            cut |= split.cut;
            closed |= split.closed_at_pole;
            rewrapped |= split.rewrapped;
            for piece in split.rings {
                let piece = clean_ring(piece.into_iter().map(|c| round_coord(c, scale)));
                let loops = split_at_repeated_points(&remove_spikes(&piece));
                stats.pinched_rings += usize::from(loops.len() > 1);
                for piece in loops {
                    let piece = remove_spikes(&piece);
                    if is_degenerate(&piece) {
                        stats.degenerate_rings += 1;
                    } else {
                        stats.largest_ring = stats.largest_ring.max(piece.len());
                        rings.push(piece);
                    }
                }
            }
        }
        for (flag, list) in [
            (cut, &mut stats.cut_at_antimeridian),
            (closed, &mut stats.closed_at_pole),
            (cap, &mut stats.polar_caps_dropped),
            (rewrapped, &mut stats.rewrapped_at_antimeridian),
        ] {
            if flag {
                list.push(source.name.clone());
            }
        }
        let polygons = assemble_polygons(rings);
        if polygons.is_empty() {
            stats.collapsed.push(source.name);
            continue;
        }
        let slot = countries.len();
        for arc in used_arcs {
            arc_users[arc_index(arc)].push(slot);
        }
        let shape = MultiPolygon(polygons);
        let label = label_point(&shape, options.label_tolerance, decimals).ok_or_else(|| {
            AtlasError::Geometry {
                geometry: index,
                name: source.name.clone(),
                message: "no label point inside the largest polygon".into(),
            }
        })?;
        countries.push(Country {
            name: source.name,
            iso_n3: source.iso_n3,
            iso: source.iso,
            shape,
            label,
        });
    }

    let ids = feature_ids(&countries, &mut stats);
    let country_features: Vec<Feature> = countries
        .iter()
        .zip(ids)
        .map(|(country, id)| country_feature(country, id))
        .collect();
    stats.countries = layer_stats(&country_features);

    let (borders, coastlines) = mesh(
        &arcs,
        &arc_users,
        &excluded_arcs,
        &countries,
        scale,
        &mut stats,
    )?;
    stats.borders = layer_stats(&borders);
    stats.coastlines = layer_stats(&coastlines);

    Ok(Atlas {
        countries: FeatureCollection::new(country_features),
        borders: FeatureCollection::new(borders),
        coastlines: FeatureCollection::new(coastlines),
        stats,
    })
}

/// Serialises a collection with one feature per line, so that diffs of `maps/` stay readable.
pub fn geojson_text(collection: &FeatureCollection) -> Result<String, serde_json::Error> {
    let mut text = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let count = collection.features.len();
    for (i, feature) in collection.features.iter().enumerate() {
        text.push_str(&serde_json::to_string(feature)?);
        text.push_str(if i + 1 < count { ",\n" } else { "\n" });
    }
    text.push_str("]}\n");
    Ok(text)
}

/// Decimals for a grid with this step. Rounding moves a point by up to half of 10^-d: 3
/// decimals (10^-d < step) would keep every quantized value recoverable, but moving points by a
/// third of a grid step makes a few near-touching edges cross (14 new self-intersections at
/// 10m). Keeping the move under a twentieth of a step (10^-d <= step / 10) costs ~12% in size
/// and leaves the shapes as quantized.
pub fn decimals_for_step(step: f64) -> u32 {
    let mut decimals = 0;
    while decimals < 12 && 10f64.powi(-(decimals as i32)) > step / 10.0 {
        decimals += 1;
    }
    decimals
}

// ---------------------------------------------------------------------------------------------
// TopoJSON

#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    transform: Option<Transform>,
    #[serde(default)]
    arcs: Vec<Vec<ArcPosition>>,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    #[serde(default)]
    countries: Option<TopoGeometry>,
}

#[derive(Deserialize)]
struct TopoGeometry {
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    arcs: Value,
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    properties: Option<JsonObject>,
    #[serde(default)]
    geometries: Vec<TopoGeometry>,
}

/// A TopoJSON position: its first two numbers (any further ones are ignored).
#[derive(Clone, Copy, Debug)]
struct ArcPosition([f64; 2]);

impl<'de> Deserialize<'de> for ArcPosition {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PositionVisitor;
        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = ArcPosition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a position [x, y, ...]")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ArcPosition, A::Error> {
                let x: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let y: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(1, &self))?;
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(ArcPosition([x, y]))
            }
        }
        deserializer.deserialize_seq(PositionVisitor)
    }
}

/// Undoes quantization (delta-encoded integers, then `scale` and `translate`), rounds, and
/// checks that every position is a longitude/latitude.
fn decode_arcs(
    raw: &[Vec<ArcPosition>],
    transform: Option<&Transform>,
    scale: f64,
) -> Result<Vec<Ring>, AtlasError> {
    raw.iter()
        .enumerate()
        .map(|(arc, positions)| {
            // Rounded first, so that float noise in the transform (180.00000000000003) passes.
            let decoded: Ring = decode_arc(positions, transform)
                .into_iter()
                .map(|c| round_coord(c, scale))
                .collect();
            if let Some(position) = decoded
                .iter()
                .position(|c| !c.x.is_finite() || !c.y.is_finite())
            {
                return Err(AtlasError::BadArc {
                    arc,
                    position,
                    message: "not a finite number".into(),
                });
            }
            if let Some(position) = decoded
                .iter()
                .position(|c| c.x.abs() > 180.0 || c.y.abs() > 90.0)
            {
                return Err(AtlasError::BadArc {
                    arc,
                    position,
                    message: format!(
                        "{:?} is outside longitude/latitude range",
                        decoded[position]
                    ),
                });
            }
            if decoded.len() < 2 {
                return Err(AtlasError::BadArc {
                    arc,
                    position: decoded.len(),
                    message: "an arc needs at least two positions".into(),
                });
            }
            Ok(decoded)
        })
        .collect()
}

/// One arc in degrees: with a transform, positions are deltas from the previous one.
fn decode_arc(positions: &[ArcPosition], transform: Option<&Transform>) -> Ring {
    match transform {
        None => positions
            .iter()
            .map(|p| Coord {
                x: p.0[0],
                y: p.0[1],
            })
            .collect(),
        Some(t) => {
            let (mut x, mut y) = (0.0, 0.0);
            positions
                .iter()
                .map(|p| {
                    x += p.0[0];
                    y += p.0[1];
                    Coord {
                        x: x * t.scale[0] + t.translate[0],
                        y: y * t.scale[1] + t.translate[1],
                    }
                })
                .collect()
        }
    }
}

/// The arc an index refers to: negative indices `~i` mean arc `i` walked backwards.
fn arc_index(reference: i64) -> usize {
    if reference >= 0 {
        reference as usize
    } else {
        (!reference) as usize
    }
}

/// Joins the arcs of a ring; consecutive arcs share their joint point, which is kept once.
/// Returns the offending reference if one is out of range.
pub(crate) fn stitch_ring(arcs: &[Ring], references: &[i64]) -> Result<Ring, i64> {
    let mut ring: Ring = Vec::new();
    for &reference in references {
        let arc = arcs.get(arc_index(reference)).ok_or(reference)?;
        let skip = usize::from(!ring.is_empty());
        if reference >= 0 {
            ring.extend(arc.iter().skip(skip));
        } else {
            ring.extend(arc.iter().rev().skip(skip));
        }
    }
    Ok(ring)
}

struct SourceCountry {
    name: String,
    iso_n3: Option<String>,
    iso: Option<IsoCountry>,
    /// Arc references per polygon per ring; `None` for a `type: null` geometry.
    polygons: Option<Vec<Vec<Vec<i64>>>>,
}

/// Reads name, codes and arc references of one geometry of the collection.
fn read_country(
    index: usize,
    geometry: &TopoGeometry,
    iso: &IsoCodes,
    stats: &mut AtlasStats,
) -> Result<SourceCountry, AtlasError> {
    let iso_n3 = match &geometry.id {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => n.as_u64().map(|n| format!("{n:03}")),
        _ => None,
    };
    let name = geometry
        .properties
        .as_ref()
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| AtlasError::NoName {
            geometry: index,
            id: iso_n3.clone().unwrap_or_else(|| "none".into()),
        })?;
    let fail = |message: String| AtlasError::Geometry {
        geometry: index,
        name: name.clone(),
        message,
    };
    let polygons = match geometry.kind.as_deref() {
        None => None,
        Some("Polygon") => Some(vec![
            serde_json::from_value::<Vec<Vec<i64>>>(geometry.arcs.clone())
                .map_err(|e| fail(format!("Polygon arcs: {e}")))?,
        ]),
        Some("MultiPolygon") => Some(
            serde_json::from_value::<Vec<Vec<Vec<i64>>>>(geometry.arcs.clone())
                .map_err(|e| fail(format!("MultiPolygon arcs: {e}")))?,
        ),
        Some(other) => return Err(fail(format!("a {other}, expected Polygon or MultiPolygon"))),
    };
    let country = iso_n3.as_deref().and_then(|n| iso.by_numeric(n)).cloned();
    match (&iso_n3, &country) {
        (None, _) => stats.without_iso.push(name.clone()),
        (Some(code), None) => stats.unknown_iso.push(format!("{name} ({code})")),
        _ => {}
    }
    Ok(SourceCountry {
        name,
        iso_n3,
        iso: country,
        polygons,
    })
}

// ---------------------------------------------------------------------------------------------
// Ring geometry

/// Twice the signed area (shoelace): positive for counter-clockwise rings. Taken relative to
/// the first point, so small rings far from (0, 0) keep their precision.
pub(crate) fn signed_area(ring: &[Coord<f64>]) -> f64 {
    let Some(&origin) = ring.first() else {
        return 0.0;
    };
    let cross = |a: Coord<f64>, b: Coord<f64>| {
        (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
    };
    // Open rings are closed implicitly: the last edge back to `origin` contributes nothing.
    ring.windows(2).map(|w| cross(w[0], w[1])).sum()
}

/// Twice the area below which a ring is noise: quantized rings have at least half a grid cell,
/// float rounding leaves ~1e-13.
const DEGENERATE_AREA: f64 = 1e-10;

/// Whether a closed ring has too few points or no area to be a polygon.
fn is_degenerate(ring: &[Coord<f64>]) -> bool {
    ring.len() < 4 || signed_area(ring).abs() < DEGENERATE_AREA
}

/// Orients a closed ring counter-clockwise (`ccw`) or clockwise, whatever it was before. The
/// orientation is geo's (the turn at the extreme vertex), which is the signed area's for simple
/// rings and stays defined for the few self-crossing rings of the source; the signed area
/// decides only where geo cannot.
pub(crate) fn set_winding(ring: &mut [Coord<f64>], ccw: bool) {
    use geo::Winding;
    use geo::winding_order::WindingOrder;
    let is_ccw = match LineString(ring.to_vec()).winding_order() {
        Some(order) => order == WindingOrder::CounterClockwise,
        None => signed_area(ring) > 0.0,
    };
    if is_ccw != ccw {
        ring.reverse();
    }
}

/// Rounds to `scale` (10^decimals) and turns −0 into 0.
fn round_coord(c: Coord<f64>, scale: f64) -> Coord<f64> {
    let round = |v: f64| {
        let r = (v * scale).round() / scale;
        if r == 0.0 { 0.0 } else { r }
    };
    Coord {
        x: round(c.x),
        y: round(c.y),
    }
}

/// Drops repeated consecutive points and closes the ring.
fn clean_ring(points: impl IntoIterator<Item = Coord<f64>>) -> Ring {
    let mut ring: Ring = Vec::new();
    for p in points {
        if ring.last() != Some(&p) {
            ring.push(p);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    ring
}

/// Whether `b` is the tip of a zero-width spike `a → b → c` (the path turns straight back).
fn is_spike(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    let dot = (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y);
    cross == 0.0 && dot < 0.0
}

/// Removes zero-width spikes (a → b → back towards a) from a closed ring. Quantization leaves
/// many on tiny islands; they enclose nothing, but they make the ring's orientation undefined
/// where a spike is the ring's extreme point.
pub(crate) fn remove_spikes(ring: &[Coord<f64>]) -> Ring {
    let open = ring.len().saturating_sub(1);
    let mut out = remove_line_spikes(&ring[..open]);
    // The same across the seam between the last point and the first.
    loop {
        let n = out.len();
        if n < 3 {
            break;
        }
        if out[n - 1] == out[0] || is_spike(out[n - 2], out[n - 1], out[0]) {
            out.pop();
        } else if is_spike(out[n - 1], out[0], out[1]) {
            out.remove(0);
        } else {
            break;
        }
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

/// Removes zero-width spikes between the ends of a line (the ends stay).
pub(crate) fn remove_line_spikes(line: &[Coord<f64>]) -> Ring {
    let mut out: Ring = Vec::with_capacity(line.len());
    for &p in line {
        out.push(p);
        while out.len() >= 3 {
            let k = out.len();
            let (a, b, c) = (out[k - 3], out[k - 2], out[k - 1]);
            if a == c {
                out.truncate(k - 2);
            } else if is_spike(a, b, c) {
                out.remove(k - 2);
            } else {
                break;
            }
        }
    }
    out
}

/// Splits a closed ring that passes twice through the same point (a pinch, common after
/// quantization) into simple loops. Nesting then decides which loops are holes, so a pinched
/// figure-eight becomes two polygons and a pinched inner loop becomes a hole.
pub(crate) fn split_at_repeated_points(ring: &[Coord<f64>]) -> Vec<Ring> {
    let open = ring.len().saturating_sub(1);
    let mut stack: Ring = Vec::with_capacity(open);
    let mut seen: HashMap<(u64, u64), usize> = HashMap::with_capacity(open);
    let mut loops = Vec::new();
    for &p in &ring[..open] {
        if let Some(&j) = seen.get(&coord_key(&p)) {
            let mut closed: Ring = stack.drain(j..).collect();
            for q in &closed {
                seen.remove(&coord_key(q));
            }
            closed.push(p);
            loops.push(closed);
        }
        seen.insert(coord_key(&p), stack.len());
        stack.push(p);
    }
    if let Some(&first) = stack.first() {
        stack.push(first);
    }
    loops.push(stack);
    loops
}

/// Makes longitudes continuous: each step of more than 180° is taken the short way round, so
/// coordinates may leave [-180, 180]. Repeated points are dropped.
pub(crate) fn unwrap_longitudes(points: &[Coord<f64>]) -> Ring {
    let mut out: Ring = Vec::with_capacity(points.len());
    let mut offset = 0.0;
    let mut previous: Option<f64> = None;
    for p in points {
        if let Some(prev) = previous {
            let step = p.x - prev;
            if step > 180.0 {
                offset -= 360.0;
            } else if step < -180.0 {
                offset += 360.0;
            }
        }
        previous = Some(p.x);
        let q = Coord {
            x: p.x + offset,
            y: p.y,
        };
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

/// The meridians ±180° + k·360° strictly between `min` and `max` (in unwrapped longitudes).
fn cut_meridians(min: f64, max: f64) -> Vec<f64> {
    let first = ((min - 180.0) / 360.0).floor() as i64 + 1;
    (first..)
        .map(|k| 180.0 + 360.0 * k as f64)
        .take_while(|&m| m < max)
        .filter(|&m| m > min)
        .collect()
}

fn is_cut_meridian(x: f64) -> bool {
    (x - 180.0).rem_euclid(360.0) == 0.0
}

/// The outcome of [`split_ring_at_antimeridian`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RingSplit {
    /// Closed rings, all within [-180, 180].
    pub rings: Vec<Ring>,
    /// The ring crossed the antimeridian and was cut.
    pub cut: bool,
    /// The ring went round a pole and was closed along it.
    pub closed_at_pole: bool,
    /// The ring only stood for a pole; `rings` is empty.
    pub polar_cap: bool,
    /// The ring had points written on the far side of ±180° (e.g. −180 for +180) and was moved
    /// back whole, without a cut.
    pub rewrapped: bool,
}

/// Turns a ring drawn for the sphere into rings for the flat map: a ring going round a pole is
/// closed along it (latitude ±90), and a ring crossing ±180° is cut there into pieces, each
/// closed along the meridian. Every output ring lies within [-180, 180] and no segment spans
/// more than 180° of longitude.
pub(crate) fn split_ring_at_antimeridian(ring: &[Coord<f64>]) -> Result<RingSplit, String> {
    let mut split = RingSplit::default();
    let mut u = unwrap_longitudes(ring);
    let (Some(&first), Some(&last)) = (u.first(), u.last()) else {
        return Ok(split);
    };
    let turns = ((last.x - first.x) / 360.0).round();
    if turns != 0.0 {
        if u.iter().all(|c| c.y.abs() >= POLAR_CAP_LATITUDE) {
            split.polar_cap = true;
            return Ok(split);
        }
        if turns.abs() > 1.0 || last.y != first.y {
            return Err(format!(
                "ring goes round the pole {turns} times or does not close ({first:?} .. {last:?})"
            ));
        }
        let mean_lat = u.iter().map(|c| c.y).sum::<f64>() / u.len() as f64;
        let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };
        u.push(Coord { x: last.x, y: pole });
        // Back along the pole in short steps, then up to where the ring began.
        let steps = ((last.x - first.x).abs() / POLE_EDGE_STEP_DEGREES).ceil() as usize;
        for i in 1..steps {
            let t = i as f64 / steps as f64;
            u.push(Coord {
                x: last.x + (first.x - last.x) * t,
                y: pole,
            });
        }
        u.push(Coord {
            x: first.x,
            y: pole,
        });
        split.closed_at_pole = true;
    }
    let u = clean_ring(u);
    let (min, max) = u
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
            (lo.min(c.x), hi.max(c.x))
        });
    let meridians = cut_meridians(min, max);
    let mut pieces: Vec<(Ring, f64)> = Vec::new();
    if meridians.is_empty() {
        split.rewrapped =
            !split.closed_at_pole && ring.windows(2).any(|w| (w[1].x - w[0].x).abs() > 180.0);
        pieces.push((u, 360.0 * ((min + max) / 720.0).round()));
    } else {
        split.cut = true;
        let mut bounds = vec![f64::NEG_INFINITY];
        bounds.extend(&meridians);
        bounds.push(f64::INFINITY);
        for strip in bounds.windows(2) {
            let (west, east) = (strip[0], strip[1]);
            let centre = if west.is_finite() {
                west + 180.0
            } else {
                east - 180.0
            };
            let mut parts = vec![u.clone()];
            if west.is_finite() {
                parts = clip_all(parts, west, true)?;
            }
            if east.is_finite() {
                parts = clip_all(parts, east, false)?;
            }
            pieces.extend(parts.into_iter().map(|p| (p, centre)));
        }
    }
    for (piece, centre) in pieces {
        let shifted = clean_ring(piece.into_iter().map(|c| Coord {
            x: c.x - centre,
            y: c.y,
        }));
        if let Some(c) = shifted.iter().find(|c| c.x.abs() > 180.0) {
            return Err(format!(
                "a piece of the cut ring still lies outside [-180, 180] at {c:?}"
            ));
        }
        if shifted.len() >= 4 {
            split.rings.push(shifted);
        }
    }
    Ok(split)
}

fn clip_all(rings: Vec<Ring>, meridian: f64, keep_east: bool) -> Result<Vec<Ring>, String> {
    let mut out = Vec::new();
    for ring in rings {
        out.extend(clip_ring(&ring, meridian, keep_east)?);
    }
    Ok(out)
}

/// The part of a closed, simple ring east (or west) of a meridian, as closed rings joined along
/// the meridian. Vertices lying on the meridian are handled exactly (the data has many).
pub(crate) fn clip_ring(
    ring: &[Coord<f64>],
    meridian: f64,
    keep_east: bool,
) -> Result<Vec<Ring>, String> {
    if keep_east {
        return clip_ring_east(ring, meridian);
    }
    // West of m is east of −m once longitudes are negated (exactly, in floating point).
    let mirrored: Ring = ring.iter().map(|c| Coord { x: -c.x, y: c.y }).collect();
    Ok(clip_ring_east(&mirrored, -meridian)?
        .into_iter()
        .map(|r| r.into_iter().map(|c| Coord { x: -c.x, y: c.y }).collect())
        .collect())
}

/// [`clip_ring`] for the east side. The ring is walked counter-clockwise; runs of edges east of
/// the meridian ("chunks") start and end on it; along the meridian the clipped boundary runs
/// southwards, so each chunk's end joins the nearest chunk start at or south of it.
fn clip_ring_east(ring: &[Coord<f64>], meridian: f64) -> Result<Vec<Ring>, String> {
    let mut points = clean_ring(ring.iter().copied());
    points.pop();
    if points.len() < 3 {
        return Ok(Vec::new());
    }
    if signed_area(&points) < 0.0 {
        points.reverse();
    }
    let n = points.len();
    let mut w: Ring = Vec::with_capacity(n + 8);
    for i in 0..n {
        let (a, b) = (points[i], points[(i + 1) % n]);
        w.push(a);
        if (a.x < meridian && b.x > meridian) || (a.x > meridian && b.x < meridian) {
            let (p, q) = if a.x < b.x { (a, b) } else { (b, a) };
            let y = p.y + (q.y - p.y) * (meridian - p.x) / (q.x - p.x);
            w.push(Coord { x: meridian, y });
        }
    }
    let m = w.len();
    let east = |c: Coord<f64>| c.x > meridian;
    let inside: Vec<bool> = (0..m).map(|i| east(w[i]) || east(w[(i + 1) % m])).collect();
    if inside.iter().all(|&b| b) {
        w.push(w[0]);
        return Ok(vec![w]);
    }
    let Some(start) = (0..m).find(|&i| inside[i] && !inside[(i + m - 1) % m]) else {
        return Ok(Vec::new());
    };
    let mut chunks: Vec<Ring> = Vec::new();
    let mut current: Ring = Vec::new();
    for k in 0..m {
        let i = (start + k) % m;
        if inside[i] {
            if current.is_empty() {
                current.push(w[i]);
            }
            current.push(w[(i + 1) % m]);
        } else if !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    let mut starts: Vec<(f64, usize)> = Vec::with_capacity(chunks.len());
    for (i, chunk) in chunks.iter().enumerate() {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        if first.x != meridian || last.x != meridian {
            return Err(format!(
                "a piece east of {meridian} does not begin and end on it"
            ));
        }
        starts.push((first.y, i));
    }
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut next = vec![usize::MAX; chunks.len()];
    let mut claimed = vec![false; chunks.len()];
    for (i, chunk) in chunks.iter().enumerate() {
        let end = chunk.last().map_or(f64::NAN, |c| c.y);
        let below = starts.partition_point(|s| s.0 <= end);
        let Some(&(_, j)) = below.checked_sub(1).and_then(|b| starts.get(b)) else {
            return Err(format!(
                "nothing to join at {meridian}, {end} when cutting (ring not simple?)"
            ));
        };
        if std::mem::replace(&mut claimed[j], true) {
            return Err(format!(
                "two pieces join at {meridian}, {end} when cutting (ring not simple?)"
            ));
        }
        next[i] = j;
    }
    let mut used = vec![false; chunks.len()];
    let mut out = Vec::new();
    for s in 0..chunks.len() {
        if used[s] {
            continue;
        }
        let mut joined: Ring = Vec::new();
        let mut c = s;
        loop {
            used[c] = true;
            joined.extend(&chunks[c]);
            c = next[c];
            if c == s {
                break;
            }
            if c >= chunks.len() || used[c] {
                return Err(format!(
                    "the pieces east of {meridian} do not form closed rings"
                ));
            }
        }
        let joined = clean_ring(joined);
        if joined.len() >= 4 {
            out.push(joined);
        }
    }
    Ok(out)
}

/// Where a point is relative to a closed ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Inside,
    Outside,
    Boundary,
}

fn point_in_ring(p: Coord<f64>, ring: &[Coord<f64>]) -> Side {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross == 0.0
            && p.x >= a.x.min(b.x)
            && p.x <= a.x.max(b.x)
            && p.y >= a.y.min(b.y)
            && p.y <= a.y.max(b.y)
        {
            return Side::Boundary;
        }
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if p.x < x {
                inside = !inside;
            }
        }
    }
    if inside { Side::Inside } else { Side::Outside }
}

/// Whether ring `inner` lies inside ring `outer`, judged by its first vertex not on `outer`.
fn ring_inside(inner: &[Coord<f64>], outer: &[Coord<f64>]) -> bool {
    inner
        .iter()
        .map(|&p| point_in_ring(p, outer))
        .find(|&side| side != Side::Boundary)
        == Some(Side::Inside)
}

#[derive(Clone, Copy)]
struct Bounds {
    min: Coord<f64>,
    max: Coord<f64>,
}

impl Bounds {
    fn of(ring: &[Coord<f64>]) -> Bounds {
        let mut b = Bounds {
            min: Coord {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            max: Coord {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
        };
        for c in ring {
            b.min.x = b.min.x.min(c.x);
            b.min.y = b.min.y.min(c.y);
            b.max.x = b.max.x.max(c.x);
            b.max.y = b.max.y.max(c.y);
        }
        b
    }

    fn covers(&self, other: &Bounds) -> bool {
        self.min.x <= other.min.x
            && self.min.y <= other.min.y
            && self.max.x >= other.max.x
            && self.max.y >= other.max.y
    }
}

/// Builds polygons from a country's rings by nesting, not by input order or winding: a ring
/// inside an odd number of others is a hole of the smallest ring containing it. Exteriors come
/// out counter-clockwise and holes clockwise (RFC 7946), polygons in input order.
pub(crate) fn assemble_polygons(rings: Vec<Ring>) -> Vec<Polygon<f64>> {
    let areas: Vec<f64> = rings.iter().map(|r| signed_area(r).abs()).collect();
    let bounds: Vec<Bounds> = rings.iter().map(|r| Bounds::of(r)).collect();
    let mut order: Vec<usize> = (0..rings.len()).collect();
    order.sort_by(|&a, &b| areas[b].total_cmp(&areas[a]).then(a.cmp(&b)));
    let mut parent: Vec<Option<usize>> = vec![None; rings.len()];
    let mut depth = vec![0usize; rings.len()];
    for (rank, &i) in order.iter().enumerate() {
        let container = order[..rank]
            .iter()
            .rev()
            .copied()
            .find(|&j| bounds[j].covers(&bounds[i]) && ring_inside(&rings[i], &rings[j]));
        if let Some(j) = container {
            parent[i] = Some(j);
            depth[i] = depth[j] + 1;
        }
    }
    let mut holes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..rings.len() {
        if depth[i] % 2 == 1
            && let Some(p) = parent[i]
        {
            holes.entry(p).or_default().push(i);
        }
    }
    let mut rings: Vec<Option<Ring>> = rings.into_iter().map(Some).collect();
    let mut polygons = Vec::new();
    for i in 0..rings.len() {
        if depth[i] % 2 == 1 {
            continue;
        }
        let Some(mut exterior) = rings[i].take() else {
            continue;
        };
        set_winding(&mut exterior, true);
        let interiors = holes
            .get(&i)
            .into_iter()
            .flatten()
            .filter_map(|&h| rings[h].take())
            .map(|mut hole| {
                set_winding(&mut hole, false);
                LineString(hole)
            })
            .collect();
        polygons.push(Polygon::new(LineString(exterior), interiors));
    }
    polygons
}

/// A point well inside the largest polygon (polylabel), rounded like the data yet still inside;
/// falls back to geo's interior point and to more decimals if rounding pushed it out.
fn label_point(shape: &MultiPolygon<f64>, tolerance: f64, decimals: u32) -> Option<Point<f64>> {
    let largest = shape
        .0
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let bounds = Bounds::of(&largest.exterior().0);
    let size = (bounds.max.x - bounds.min.x).min(bounds.max.y - bounds.min.y);
    let tolerance = tolerance.min(size / 20.0).max(1e-9);
    let candidates = [
        polylabel::polylabel(largest, &tolerance).ok(),
        largest.interior_point(),
    ];
    for candidate in candidates.into_iter().flatten() {
        for extra in 0..=4 {
            let scale = 10f64.powi((decimals + extra) as i32);
            let rounded = round_coord(candidate.0, scale);
            if largest.contains(&Point(rounded)) {
                return Some(Point(rounded));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Features

struct Country {
    name: String,
    iso_n3: Option<String>,
    iso: Option<IsoCountry>,
    shape: MultiPolygon<f64>,
    label: Point<f64>,
}

/// Feature ids: the numeric code, or the name when there is none or a larger country already
/// holds the code (world-atlas gives Ashmore and Cartier Is. Australia's 036).
fn feature_ids(countries: &[Country], stats: &mut AtlasStats) -> Vec<String> {
    let mut holder: HashMap<&str, usize> = HashMap::new();
    for (i, c) in countries.iter().enumerate() {
        if let Some(code) = c.iso_n3.as_deref() {
            let entry = holder.entry(code).or_insert(i);
            if countries[*entry].shape.unsigned_area() < c.shape.unsigned_area() {
                *entry = i;
            }
        }
    }
    countries
        .iter()
        .enumerate()
        .map(|(i, c)| match c.iso_n3.as_deref() {
            Some(code) if holder.get(code) == Some(&i) => code.to_owned(),
            Some(code) => {
                stats.duplicate_iso.push(format!("{} ({code})", c.name));
                c.name.clone()
            }
            None => c.name.clone(),
        })
        .collect()
}

fn position(c: &Coord<f64>) -> Position {
    Position::from([c.x, c.y])
}

fn polygon_coordinates(polygon: &Polygon<f64>) -> Vec<Vec<Position>> {
    std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|ring| ring.0.iter().map(position).collect())
        .collect()
}

fn country_feature(country: &Country, id: String) -> Feature {
    let value = match country.shape.0.as_slice() {
        [single] => GeometryValue::Polygon {
            coordinates: polygon_coordinates(single),
        },
        many => GeometryValue::MultiPolygon {
            coordinates: many.iter().map(polygon_coordinates).collect(),
        },
    };
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::String(s.to_owned()));
    let mut properties = JsonObject::new();
    properties.insert("name".into(), Value::String(country.name.clone()));
    properties.insert("iso_n3".into(), text(country.iso_n3.as_deref()));
    properties.insert(
        "iso_a3".into(),
        text(country.iso.as_ref().map(|c| c.alpha3.as_str())),
    );
    properties.insert(
        "iso_a2".into(),
        text(country.iso.as_ref().map(|c| c.alpha2.as_str())),
    );
    properties.insert("label_lon".into(), Value::from(country.label.x()));
    properties.insert("label_lat".into(), Value::from(country.label.y()));
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(value)),
        id: Some(geojson::feature::Id::String(id)),
        properties: Some(properties),
        foreign_members: None,
    }
}

fn line_feature(lines: Vec<Ring>, properties: JsonObject) -> Feature {
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(GeometryValue::MultiLineString {
            coordinates: lines
                .iter()
                .map(|l| l.iter().map(position).collect())
                .collect(),
        })),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

fn layer_stats(features: &[Feature]) -> LayerStats {
    fn count(value: &GeometryValue) -> usize {
        match value {
            GeometryValue::Point { .. } => 1,
            GeometryValue::MultiPoint { coordinates }
            | GeometryValue::LineString { coordinates } => coordinates.len(),
            GeometryValue::MultiLineString { coordinates }
            | GeometryValue::Polygon { coordinates } => coordinates.iter().map(Vec::len).sum(),
            GeometryValue::MultiPolygon { coordinates } => {
                coordinates.iter().flatten().map(Vec::len).sum()
            }
            GeometryValue::GeometryCollection { geometries } => {
                geometries.iter().map(|g| count(&g.value)).sum()
            }
        }
    }
    LayerStats {
        features: features.len(),
        vertices: features
            .iter()
            .filter_map(|f| f.geometry.as_ref())
            .map(|g| count(&g.value))
            .sum(),
    }
}

// ---------------------------------------------------------------------------------------------
// Borders and coastlines

/// Splits an arc for the flat map: cut where it crosses ±180°, shifted into [-180, 180], with
/// segments lying on ±180° or at a pole left out (they are cuts, not coasts or borders).
pub(crate) fn split_line_at_antimeridian(points: &[Coord<f64>], scale: f64) -> Vec<Ring> {
    let u = unwrap_longitudes(points);
    let mut lines: Vec<Ring> = Vec::new();
    let mut current: Ring = Vec::new();
    for seg in u.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        let (lo, hi) = if a.x < b.x { (a.x, b.x) } else { (b.x, a.x) };
        let mut stops = vec![a];
        let mut crossings = cut_meridians(lo, hi);
        if a.x > b.x {
            crossings.reverse();
        }
        for m in crossings {
            let y = a.y + (b.y - a.y) * (m - a.x) / (b.x - a.x);
            stops.push(Coord { x: m, y });
        }
        stops.push(b);
        for part in stops.windows(2) {
            let (p, q) = (part[0], part[1]);
            let on_meridian = p.x == q.x && is_cut_meridian(p.x);
            let at_pole = p.y.abs() >= POLAR_CAP_LATITUDE && q.y.abs() >= POLAR_CAP_LATITUDE;
            if on_meridian || at_pole {
                if current.len() >= 2 {
                    lines.push(std::mem::take(&mut current));
                }
                current.clear();
                continue;
            }
            let shift = 360.0 * ((p.x + q.x) / 720.0).round();
            let p = round_coord(
                Coord {
                    x: p.x - shift,
                    y: p.y,
                },
                scale,
            );
            let q = round_coord(
                Coord {
                    x: q.x - shift,
                    y: q.y,
                },
                scale,
            );
            if p == q {
                continue;
            }
            if current.last() != Some(&p) {
                if current.len() >= 2 {
                    lines.push(std::mem::take(&mut current));
                }
                current = vec![p];
            }
            current.push(q);
        }
    }
    if current.len() >= 2 {
        lines.push(current);
    }
    lines
}

fn coord_key(c: &Coord<f64>) -> (u64, u64) {
    (c.x.to_bits(), c.y.to_bits())
}

/// Joins lines that meet end to end (reversing some if needed) into longer lines; where more
/// than two meet, the earliest line wins, so the result does not depend on hashing.
pub(crate) fn merge_lines(lines: Vec<Ring>) -> Vec<Ring> {
    let mut ends: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if let (Some(first), Some(last)) = (line.first(), line.last())
            && first != last
        {
            ends.entry(coord_key(first)).or_default().push(i);
            ends.entry(coord_key(last)).or_default().push(i);
        }
    }
    let mut used = vec![false; lines.len()];
    let take_partner = |at: &Coord<f64>, used: &mut Vec<bool>| -> Option<usize> {
        let j = ends
            .get(&coord_key(at))?
            .iter()
            .copied()
            .filter(|&j| !used[j])
            .min()?;
        used[j] = true;
        Some(j)
    };
    let mut merged = Vec::new();
    for i in 0..lines.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mut line = lines[i].clone();
        // Forwards from the end, then backwards from the start.
        for _ in 0..2 {
            while line.first() != line.last() {
                let Some(&end) = line.last() else { break };
                let Some(j) = take_partner(&end, &mut used) else {
                    break;
                };
                let mut next = lines[j].clone();
                if next.first() != Some(&end) {
                    next.reverse();
                }
                line.extend(next.into_iter().skip(1));
            }
            line.reverse();
        }
        merged.push(line);
    }
    merged
}

/// Merged lines without the zero-width spikes the polygons lost too.
fn tidy_lines(lines: Vec<Ring>) -> Vec<Ring> {
    merge_lines(lines)
        .iter()
        .map(|line| remove_line_spikes(line))
        .filter(|line| line.len() >= 2)
        .collect()
}

/// Makes `left` lie on the left of each line, judged just beside its longest segment.
fn orient_left(lines: &mut [Ring], left: &MultiPolygon<f64>, right: &MultiPolygon<f64>) {
    for line in lines {
        let Some(seg) = line.windows(2).max_by(|a, b| {
            let len = |s: &[Coord<f64>]| (s[1].x - s[0].x).hypot(s[1].y - s[0].y);
            len(a).total_cmp(&len(b))
        }) else {
            continue;
        };
        let (a, b) = (seg[0], seg[1]);
        let len = (b.x - a.x).hypot(b.y - a.y);
        if len == 0.0 {
            continue;
        }
        let eps = (len * 1e-3).min(1e-4);
        let probe = Point::new(
            (a.x + b.x) / 2.0 - (b.y - a.y) / len * eps,
            (a.y + b.y) / 2.0 + (b.x - a.x) / len * eps,
        );
        if !left.contains(&probe) && right.contains(&probe) {
            line.reverse();
        }
    }
}

/// The TopoJSON mesh: arcs used by two countries become their border (drawn once), arcs used by
/// one country its coastline.
fn mesh(
    arcs: &[Ring],
    arc_users: &[Vec<usize>],
    excluded_arcs: &[bool],
    countries: &[Country],
    scale: f64,
    stats: &mut AtlasStats,
) -> Result<(Vec<Feature>, Vec<Feature>), AtlasError> {
    let mut borders: BTreeMap<(usize, usize), Vec<Ring>> = BTreeMap::new();
    let mut coasts: BTreeMap<usize, Vec<Ring>> = BTreeMap::new();
    for (arc, users) in arc_users.iter().enumerate() {
        if excluded_arcs[arc] {
            continue;
        }
        let mut distinct = users.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let pieces = || split_line_at_antimeridian(&arcs[arc], scale);
        match (users.len(), distinct.as_slice()) {
            (0, _) => {}
            (1, &[only]) => coasts.entry(only).or_default().extend(pieces()),
            (_, &[_]) => stats.internal_arcs += 1,
            (_, &[a, b]) => borders.entry((a, b)).or_default().extend(pieces()),
            (_, many) => stats.ambiguous_arcs.push(format!(
                "arc {arc} ({})",
                many.iter()
                    .map(|&i| countries[i].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::String(s.to_owned()));
    let a3 = |c: &Country| text(c.iso.as_ref().map(|i| i.alpha3.as_str()));
    let border_features = borders
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|((a, b), lines)| {
            let (left, right) = (&countries[a], &countries[b]);
            let mut lines = tidy_lines(lines);
            orient_left(&mut lines, &left.shape, &right.shape);
            let mut properties = JsonObject::new();
            properties.insert("left".into(), Value::String(left.name.clone()));
            properties.insert("right".into(), Value::String(right.name.clone()));
            properties.insert("left_a3".into(), a3(left));
            properties.insert("right_a3".into(), a3(right));
            line_feature(lines, properties)
        })
        .collect();
    let coast_features = coasts
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(i, lines)| {
            let country = &countries[i];
            let mut properties = JsonObject::new();
            properties.insert("name".into(), Value::String(country.name.clone()));
            properties.insert("iso_a3".into(), a3(country));
            line_feature(tidy_lines(lines), properties)
        })
        .collect();
    Ok((border_features, coast_features))
}

// ---------------------------------------------------------------------------------------------
// Manifest

/// SHA-256 of `data` as lowercase hex (FIPS 180-4), so the manifest can pin file contents
/// without another dependency.
pub fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 64];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for (k, wi) in K.iter().zip(w.iter()) {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(*k)
                .wrapping_add(*wi);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (state, add) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *state = state.wrapping_add(add);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}

/// One file of `maps/manifest.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ManifestEntry {
    pub file: String,
    /// "countries", "borders" or "coastlines".
    pub kind: String,
    pub resolution: String,
    /// The npm packages the file derives from, as `name@version`.
    pub sources: Vec<String>,
    pub features: usize,
    pub vertices: usize,
    pub bytes: usize,
    pub sha256: String,
}

#[cfg(test)]
mod tests;
