//! Conversion of Natural Earth's `ne_R_admin_0_boundary_lines_land` GeoJSON into
//! `maps/boundary-lines-R.geojson`: only the classified lines (international boundaries are
//! already drawn from world-atlas, matched to the country polygons), only the properties the
//! app reads, 4 decimals. Pure: bytes in, GeoJSON out.

use geo::{Coord, LineString, MultiLineString};
use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};
use serde_json::Value;
use thiserror::Error;

use super::atlas_build::LayerStats;
use super::boundary::BoundaryClass;

/// Decimals kept: about 11 m, as in the other files of `maps/`.
pub const BOUNDARY_DECIMALS: u32 = 4;

/// The file of one scale in a checkout of `martynafford/natural-earth-geojson`.
pub fn source_path(resolution: &str) -> String {
    format!("{resolution}/cultural/ne_{resolution}_admin_0_boundary_lines_land.json")
}

/// What went wrong while reading Natural Earth's boundary lines.
#[derive(Debug, Error)]
pub enum BoundaryBuildError {
    #[error("not a GeoJSON FeatureCollection: {0}")]
    Json(#[source] serde_json::Error),
    #[error("feature {index}: no FEATURECLA")]
    NoClass { index: usize },
    #[error("feature {index}: unknown FEATURECLA {class:?}")]
    UnknownClass { index: usize, class: String },
    #[error("feature {index}: {message}")]
    Geometry { index: usize, message: String },
}

/// The classified lines of one scale as a FeatureCollection, with its size.
pub fn build_boundary_lines(
    bytes: &[u8],
) -> Result<(FeatureCollection, LayerStats), BoundaryBuildError> {
    let source: FeatureCollection =
        serde_json::from_slice(bytes).map_err(BoundaryBuildError::Json)?;
    let scale = 10f64.powi(BOUNDARY_DECIMALS as i32);
    let mut stats = LayerStats::default();
    let mut features = Vec::new();
    for (index, feature) in source.features.into_iter().enumerate() {
        let props = feature.properties.unwrap_or_default();
        // ogr2ogr writes the shapefile's names in lower case; Natural Earth's own GeoJSON in
        // upper case.
        let field = |key: &str| {
            props
                .get(key)
                .or_else(|| props.get(&key.to_ascii_uppercase()))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let featurecla = field("featurecla").ok_or(BoundaryBuildError::NoClass { index })?;
        let class = BoundaryClass::from_natural_earth(featurecla).map_err(|()| {
            BoundaryBuildError::UnknownClass {
                index,
                class: featurecla.to_owned(),
            }
        })?;
        let Some(class) = class else { continue };
        let fail = |message: String| BoundaryBuildError::Geometry { index, message };
        let geometry = feature.geometry.ok_or_else(|| fail("no geometry".into()))?;
        let geometry: geo::Geometry<f64> = geometry.try_into().map_err(|e| fail(format!("{e}")))?;
        let lines = match geometry {
            geo::Geometry::LineString(l) => vec![l],
            geo::Geometry::MultiLineString(m) => m.0,
            other => return Err(fail(format!("a {other:?} where lines were expected"))),
        };
        let lines: Vec<LineString<f64>> = lines
            .iter()
            .filter_map(|line| rounded(line, scale))
            .collect();
        if lines.is_empty() {
            continue;
        }
        stats.features += 1;
        stats.vertices += lines.iter().map(|l| l.0.len()).sum::<usize>();
        let mut properties = JsonObject::new();
        properties.insert("class".into(), class.id().into());
        for (out, key) in [
            ("name", "name"),
            ("left", "adm0_left"),
            ("right", "adm0_right"),
            ("left_a3", "adm0_a3_l"),
            ("right_a3", "adm0_a3_r"),
        ] {
            if let Some(value) = field(key) {
                properties.insert(out.into(), value.into());
            }
        }
        let value = if lines.len() == 1 {
            GeometryValue::from(&lines[0])
        } else {
            GeometryValue::from(&MultiLineString(lines))
        };
        features.push(Feature {
            bbox: None,
            geometry: Some(Geometry::new(value)),
            id: None,
            properties: Some(properties),
            foreign_members: None,
        });
    }
    Ok((
        FeatureCollection {
            features,
            bbox: None,
            foreign_members: None,
        },
        stats,
    ))
}

/// The line at `scale` (10^decimals) with repeated points dropped; `None` when fewer than two
/// points are left.
fn rounded(line: &LineString<f64>, scale: f64) -> Option<LineString<f64>> {
    let round = |v: f64| {
        let r = (v * scale).round() / scale;
        if r == 0.0 { 0.0 } else { r }
    };
    let mut points: Vec<Coord<f64>> = Vec::with_capacity(line.0.len());
    for c in &line.0 {
        let c = Coord {
            x: round(c.x),
            y: round(c.y),
        };
        if points.last() != Some(&c) {
            points.push(c);
        }
    }
    (points.len() >= 2).then_some(LineString(points))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_classified_lines_with_their_class_and_sides_and_drops_international_ones() {
        let source = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"featurecla":"Line of control (please verify)",
            "name":"Line of control","adm0_left":"India","adm0_right":"Pakistan",
            "adm0_a3_l":"IND","adm0_a3_r":"PAK","scalerank":1},
           "geometry":{"type":"LineString","coordinates":[[74.123456,34.0],[74.123461,34.0],[75.0,34.5]]}},
          {"type":"Feature","properties":{"featurecla":"International boundary (verify)"},
           "geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}
        ]}"#;
        let (collection, stats) = build_boundary_lines(source.as_bytes()).expect("converts");
        assert_eq!(collection.features.len(), 1);
        assert_eq!(stats.vertices, 2, "the repeated point after rounding goes");
        let props = collection.features[0].properties.as_ref().expect("props");
        assert_eq!(props["class"], "line-of-control");
        assert_eq!(props["left_a3"], "IND");
        assert_eq!(props["right"], "Pakistan");
        assert!(!props.contains_key("scalerank"), "only what the app reads");
    }

    #[test]
    fn an_unknown_class_is_an_error_not_a_silent_border() {
        let source = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"FEATURECLA":"Claim boundary"},
           "geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}]}"#;
        assert!(matches!(
            build_boundary_lines(source.as_bytes()),
            Err(BoundaryBuildError::UnknownClass { .. })
        ));
    }
}
