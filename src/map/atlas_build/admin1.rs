//! Conversion of Natural Earth's first-level administrative areas (simplified by
//! `maps/admin1.js`) into `maps/admin1-10m.geojson`: rings rounded to 4 decimals and cleaned
//! like the countries', nested into RFC 7946 polygons, one feature per area sorted by
//! country and code, each with a label point inside it. Pure: bytes in, GeoJSON out.

use std::collections::HashSet;

use geo::{Contains, Coord, MultiPolygon, Point};
use geojson::{Feature, FeatureCollection, GeometryValue, JsonObject, Position};
use serde_json::Value;
use thiserror::Error;

use super::features::{layer_stats, polygon_coordinates};
use super::rings::{
    assemble_polygons, clean_ring, is_degenerate, label_point, remove_spikes, round_coord,
    split_at_repeated_points,
};
use super::{LayerStats, Ring};

/// Decimals kept: about 11 m, as in the other files of `maps/`.
pub const ADMIN1_DECIMALS: u32 = 4;

/// The text properties carried from the source to the bundled file, in this order.
const TEXT_PROPERTIES: [&str; 11] = [
    "name",
    "type",
    "country",
    "country_a3",
    "country_a2",
    "iso_3166_2",
    "fips",
    "fips_alt",
    "hasc",
    "adm1_code",
    "names",
];

/// What went wrong while converting the areas.
#[derive(Debug, Error)]
pub enum Admin1BuildError {
    #[error("not a GeoJSON FeatureCollection: {0}")]
    Json(#[source] serde_json::Error),
    #[error("feature {index}: no {field}")]
    Missing { index: usize, field: &'static str },
    #[error("feature {index} ({code}): {message}")]
    Geometry {
        index: usize,
        code: String,
        message: String,
    },
    #[error("two areas have the code {0}")]
    DuplicateCode(String),
}

/// What the conversion kept and dropped.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Admin1Stats {
    pub layer: LayerStats,
    /// Rings without area after rounding, dropped.
    pub degenerate_rings: usize,
    /// Areas whose label point from the source lay outside them (a new one was found).
    pub labels_moved: usize,
    /// Areas left without any ring, hence without a feature.
    pub collapsed: Vec<String>,
}

/// Converts the simplified areas into the bundled collection.
pub fn build_admin1(bytes: &[u8]) -> Result<(FeatureCollection, Admin1Stats), Admin1BuildError> {
    let source: FeatureCollection =
        serde_json::from_slice(bytes).map_err(Admin1BuildError::Json)?;
    let scale = 10f64.powi(ADMIN1_DECIMALS as i32);
    let mut stats = Admin1Stats::default();
    let mut codes = HashSet::new();
    let mut areas: Vec<(String, String, Feature)> = Vec::new();
    for (index, feature) in source.features.into_iter().enumerate() {
        let props = feature.properties.unwrap_or_default();
        let text = |key: &str| props.get(key).and_then(Value::as_str).map(str::to_owned);
        let code = text("adm1_code").ok_or(Admin1BuildError::Missing {
            index,
            field: "adm1_code",
        })?;
        if text("name").is_none() {
            return Err(Admin1BuildError::Missing {
                index,
                field: "name",
            });
        }
        if !codes.insert(code.clone()) {
            return Err(Admin1BuildError::DuplicateCode(code));
        }
        let fail = |message: String| Admin1BuildError::Geometry {
            index,
            code: code.clone(),
            message,
        };
        let rings: Vec<Vec<Position>> = match feature.geometry.map(|g| g.value) {
            Some(GeometryValue::Polygon { coordinates }) => coordinates,
            Some(GeometryValue::MultiPolygon { coordinates }) => {
                coordinates.into_iter().flatten().collect()
            }
            Some(other) => return Err(fail(format!("a {}, expected polygons", other.type_name()))),
            None => Vec::new(),
        };
        let mut cleaned: Vec<Ring> = Vec::new();
        for ring in rings {
            let points = ring.iter().filter_map(|p| match p.as_slice() {
                [x, y, ..] => Some(round_coord(Coord { x: *x, y: *y }, scale)),
                _ => None,
            });
            for piece in split_at_repeated_points(&remove_spikes(&clean_ring(points))) {
                let piece = remove_spikes(&piece);
                if is_degenerate(&piece) {
                    stats.degenerate_rings += 1;
                } else {
                    cleaned.push(piece);
                }
            }
        }
        let shape = MultiPolygon(assemble_polygons(cleaned));
        if shape.0.is_empty() {
            stats.collapsed.push(code);
            continue;
        }
        let given = match (
            props.get("label_lon").and_then(Value::as_f64),
            props.get("label_lat").and_then(Value::as_f64),
        ) {
            (Some(lon), Some(lat)) => Some(Point(round_coord(Coord { x: lon, y: lat }, scale))),
            _ => None,
        };
        let label = match given.filter(|p| shape.contains(p)) {
            Some(point) => point,
            None => {
                stats.labels_moved += 1;
                label_point(&shape, 0.01, ADMIN1_DECIMALS)
                    .ok_or_else(|| fail("no label point inside the area".into()))?
            }
        };
        let mut properties = JsonObject::new();
        for key in TEXT_PROPERTIES {
            let value = props.get(key).cloned().unwrap_or(Value::Null);
            // Names beyond the first are a list; an empty list says nothing.
            let value = match value {
                Value::Array(list) if list.is_empty() => continue,
                Value::Null => continue,
                value => value,
            };
            properties.insert(key.into(), value);
        }
        properties.insert("label_lon".into(), Value::from(label.x()));
        properties.insert("label_lat".into(), Value::from(label.y()));
        let value = match shape.0.as_slice() {
            [single] => GeometryValue::Polygon {
                coordinates: polygon_coordinates(single),
            },
            many => GeometryValue::MultiPolygon {
                coordinates: many.iter().map(polygon_coordinates).collect(),
            },
        };
        let country = text("country_a3").unwrap_or_default();
        areas.push((
            country,
            code.clone(),
            Feature {
                bbox: None,
                geometry: Some(geojson::Geometry::new(value)),
                id: Some(geojson::feature::Id::String(code)),
                properties: Some(properties),
                foreign_members: None,
            },
        ));
    }
    areas.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let features: Vec<Feature> = areas.into_iter().map(|(_, _, f)| f).collect();
    stats.layer = layer_stats(&features);
    Ok((FeatureCollection::new(features), stats))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collection(features: &str) -> Vec<u8> {
        format!(r#"{{"type":"FeatureCollection","features":[{features}]}}"#).into_bytes()
    }

    const SQUARE: &str =
        r#"{"type":"Polygon","coordinates":[[[60,30],[60,31],[61,31],[61,30],[60,30]]]}"#;

    #[test]
    fn areas_are_rounded_wound_counter_clockwise_sorted_and_labelled_inside() {
        let bytes = collection(&format!(
            r#"{{"type":"Feature","geometry":{SQUARE},"properties":{{"adm1_code":"AFG-2","name":"B","country_a3":"AFG","fips":"AF02","label_lon":70.0,"label_lat":10.0}}}},
               {{"type":"Feature","geometry":{{"type":"Polygon","coordinates":[[[50.000001,30],[51,30],[51,31],[50,31],[50,30]]]}},"properties":{{"adm1_code":"AFG-1","name":"A","country_a3":"AFG","names":["Alpha"],"label_lon":50.5,"label_lat":30.5}}}}"#
        ));
        let (out, stats) = build_admin1(&bytes).expect("converts");
        let codes: Vec<String> = out
            .features
            .iter()
            .map(|f| {
                f.property("adm1_code")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned()
            })
            .collect();
        assert_eq!(codes, ["AFG-1", "AFG-2"], "sorted by country, then code");
        assert_eq!(stats.labels_moved, 1, "B's label lay outside it");
        let label = |f: &Feature| {
            [
                f.property("label_lon")
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::NAN),
                f.property("label_lat")
                    .and_then(Value::as_f64)
                    .unwrap_or(f64::NAN),
            ]
        };
        assert_eq!(
            label(&out.features[0]),
            [50.5, 30.5],
            "a label inside is kept"
        );
        let [lon, lat] = label(&out.features[1]);
        assert!((60.0..=61.0).contains(&lon) && (30.0..=31.0).contains(&lat));
        let Some(GeometryValue::Polygon { coordinates }) =
            out.features[0].geometry.as_ref().map(|g| &g.value)
        else {
            panic!("a polygon");
        };
        assert_eq!(
            coordinates[0][0].as_slice(),
            [50.0, 30.0],
            "rounded to 4 decimals"
        );
        let ring: Vec<Coord<f64>> = coordinates[0]
            .iter()
            .map(|p| Coord { x: p[0], y: p[1] })
            .collect();
        assert!(
            super::super::rings::signed_area(&ring) > 0.0,
            "exterior counter-clockwise"
        );
        assert_eq!(
            out.features[0].property("names"),
            Some(&serde_json::json!(["Alpha"]))
        );
    }

    #[test]
    fn a_repeated_code_or_a_missing_name_stops_the_conversion() {
        let one = format!(
            r#"{{"type":"Feature","geometry":{SQUARE},"properties":{{"adm1_code":"X-1","name":"X"}}}}"#
        );
        let twice = collection(&format!("{one},{one}"));
        assert!(matches!(
            build_admin1(&twice),
            Err(Admin1BuildError::DuplicateCode(code)) if code == "X-1"
        ));
        let nameless = collection(&format!(
            r#"{{"type":"Feature","geometry":{SQUARE},"properties":{{"adm1_code":"X-1"}}}}"#
        ));
        assert!(matches!(
            build_admin1(&nameless),
            Err(Admin1BuildError::Missing { field: "name", .. })
        ));
    }
}
