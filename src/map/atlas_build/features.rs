//! Feature output: countries, their ids and properties, line features and layer sizes.

use std::collections::HashMap;

use geo::{Area, Coord, MultiPolygon, Point, Polygon};
use geojson::{Feature, Geometry, GeometryValue, JsonObject, Position};
use serde_json::Value;

use super::{AtlasStats, IsoCountry, LayerStats, Ring};

pub(super) struct Country {
    pub(super) name: String,
    pub(super) iso_n3: Option<String>,
    pub(super) iso: Option<IsoCountry>,
    pub(super) shape: MultiPolygon<f64>,
    pub(super) label: Point<f64>,
}

/// Feature ids: the numeric code, or the name when there is none or a larger country already
/// holds the code (world-atlas gives Ashmore and Cartier Is. Australia's 036).
pub(super) fn feature_ids(countries: &[Country], stats: &mut AtlasStats) -> Vec<String> {
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

pub(super) fn polygon_coordinates(polygon: &Polygon<f64>) -> Vec<Vec<Position>> {
    std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|ring| ring.0.iter().map(position).collect())
        .collect()
}

pub(super) fn country_feature(country: &Country, id: String) -> Feature {
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

pub(super) fn line_feature(lines: Vec<Ring>, properties: JsonObject) -> Feature {
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

pub(super) fn layer_stats(features: &[Feature]) -> LayerStats {
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
