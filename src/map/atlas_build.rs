//! Conversion of the world-atlas TopoJSON into the GeoJSON files in `maps/`.
//!
//! world-atlas is made for spherical (d3) rendering: its rings run clockwise, and the rings of
//! Russia, Fiji and Antarctica jump from +180° to −180° in the middle. Faultline draws flat
//! maps, so this module decodes the topology itself, cuts rings at the antimeridian, closes
//! Antarctica along the bottom of the map, computes RFC 7946 winding, and derives the land
//! borders and coastlines from the topology's shared arcs. It is pure: bytes in, GeoJSON out.

use std::collections::HashMap;

use geo::{Coord, MultiPolygon};
use geojson::{Feature, FeatureCollection};
use serde::Serialize;
use thiserror::Error;

pub mod admin1;
mod features;
mod lines;
mod manifest;
mod rings;
mod topology;

pub use manifest::{ManifestEntry, sha256_hex};

use features::{Country, country_feature, feature_ids, layer_stats};
use lines::mesh;
use rings::{
    assemble_polygons, clean_ring, is_degenerate, label_point, remove_spikes, round_coord,
    split_at_repeated_points, split_ring_at_antimeridian, unwrap_longitudes,
};
use topology::{Topology, arc_index, decode_arcs, read_country, stitch_ring};

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

#[cfg(test)]
mod tests;
