//! Coordinate reference systems that files declare: which ones Faultline reads, and the one
//! reprojection it does itself (Web/Pseudo-Mercator, which QGIS and web tools write), so a file
//! is either drawn in the right place or refused with its CRS named — never drawn wrong.

use serde_json::Value;

/// A CRS a file declares, as far as Faultline is concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeclaredCrs {
    /// WGS 84 longitude/latitude (EPSG:4326 as GeoJSON writers use it, CRS84).
    LonLat,
    /// Web/Pseudo-Mercator metres (EPSG:3857 and its older codes 900913, 102100, 102113).
    WebMercator,
    /// Anything else, by the name the file gives.
    Other(String),
}

/// Radius of the sphere Web Mercator projects (metres).
const WEB_MERCATOR_RADIUS: f64 = 6_378_137.0;

impl DeclaredCrs {
    /// Reads a CRS name: an EPSG code in any of its spellings (`EPSG:3857`,
    /// `urn:ogc:def:crs:EPSG::3857`, `http://www.opengis.net/def/crs/EPSG/0/3857`) or OGC CRS84.
    pub fn from_name(name: &str) -> DeclaredCrs {
        let lower = name.trim().to_ascii_lowercase();
        if lower.ends_with("crs84") || lower.ends_with("crs:84") {
            return DeclaredCrs::LonLat;
        }
        let code = lower
            .rsplit([':', '/'])
            .next()
            .and_then(|last| last.parse::<u32>().ok());
        let names_epsg = lower.contains("epsg") || lower.contains("esri");
        match code {
            Some(4326) if names_epsg => DeclaredCrs::LonLat,
            Some(3857 | 900_913 | 102_100 | 102_113 | 3785) => DeclaredCrs::WebMercator,
            _ => DeclaredCrs::Other(name.trim().to_owned()),
        }
    }

    /// The CRS an old-style (2008) GeoJSON `crs` member names, if the document has one:
    /// `{"type": "name", "properties": {"name": "…"}}`. A `crs` of `null` means lon/lat.
    pub fn of_geojson(document: &Value) -> Option<DeclaredCrs> {
        DeclaredCrs::of_crs_member(document.get("crs")?)
    }

    /// The CRS a `crs` member's value names; `None` for `null` (lon/lat).
    pub fn of_crs_member(crs: &Value) -> Option<DeclaredCrs> {
        if crs.is_null() {
            return None;
        }
        let name = crs
            .get("properties")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str);
        Some(match name {
            Some(name) => DeclaredCrs::from_name(name),
            None => DeclaredCrs::Other(crs.to_string()),
        })
    }
}

/// Web Mercator metres → longitude/latitude degrees (the inverse spherical Mercator).
pub fn web_mercator_to_lon_lat(x: f64, y: f64) -> [f64; 2] {
    let lon = (x / WEB_MERCATOR_RADIUS).to_degrees();
    let lat =
        (2.0 * (y / WEB_MERCATOR_RADIUS).exp().atan() - std::f64::consts::FRAC_PI_2).to_degrees();
    [lon, lat]
}

/// Replaces every position under `coordinates` members of a GeoJSON document, in place, by
/// `convert(x, y)`; extra numbers of a position (altitude) are kept.
pub fn convert_positions(document: &mut Value, convert: &impl Fn(f64, f64) -> [f64; 2]) {
    match document {
        Value::Object(members) => {
            for (key, value) in members.iter_mut() {
                if key == "coordinates" {
                    convert_coordinates(value, convert);
                } else if key != "properties" {
                    convert_positions(value, convert);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| convert_positions(item, convert)),
        _ => {}
    }
}

fn convert_coordinates(value: &mut Value, convert: &impl Fn(f64, f64) -> [f64; 2]) {
    let Value::Array(items) = value else {
        return;
    };
    let is_position = items.first().is_some_and(Value::is_number);
    if !is_position {
        items
            .iter_mut()
            .for_each(|item| convert_coordinates(item, convert));
        return;
    }
    if let (Some(x), Some(y)) = (
        items.first().and_then(Value::as_f64),
        items.get(1).and_then(Value::as_f64),
    ) {
        let [lon, lat] = convert(x, y);
        if let (Some(lon), Some(lat)) = (
            serde_json::Number::from_f64(lon),
            serde_json::Number::from_f64(lat),
        ) {
            items[0] = Value::Number(lon);
            items[1] = Value::Number(lat);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn crs_names_are_read_in_every_spelling() {
        for name in [
            "urn:ogc:def:crs:EPSG::3857",
            "EPSG:3857",
            "EPSG:900913",
            "http://www.opengis.net/def/crs/EPSG/0/3857",
            "ESRI:102100",
        ] {
            assert_eq!(
                DeclaredCrs::from_name(name),
                DeclaredCrs::WebMercator,
                "{name}"
            );
        }
        for name in [
            "urn:ogc:def:crs:OGC:1.3:CRS84",
            "EPSG:4326",
            "urn:ogc:def:crs:EPSG::4326",
        ] {
            assert_eq!(DeclaredCrs::from_name(name), DeclaredCrs::LonLat, "{name}");
        }
        assert_eq!(
            DeclaredCrs::from_name("urn:ogc:def:crs:EPSG::32642"),
            DeclaredCrs::Other("urn:ogc:def:crs:EPSG::32642".into())
        );
    }

    #[test]
    fn web_mercator_metres_come_back_as_degrees() {
        // Kabul, as QGIS writes it in EPSG:3857.
        let [lon, lat] = web_mercator_to_lon_lat(7_704_143.66, 4_103_611.21);
        assert!(
            (lon - 69.2075).abs() < 1e-3 && (lat - 34.5553).abs() < 1e-3,
            "{lon}, {lat}"
        );
        assert_eq!(web_mercator_to_lon_lat(0.0, 0.0), [0.0, 0.0]);
    }

    #[test]
    fn positions_are_converted_wherever_they_are_and_properties_are_left_alone() {
        let mut document = json!({
            "type": "FeatureCollection",
            "features": [{
                "type": "Feature",
                "properties": {"coordinates": [1.0, 2.0]},
                "geometry": {"type": "LineString", "coordinates": [[1.0, 2.0, 9.0], [3.0, 4.0]]}
            }]
        });
        convert_positions(&mut document, &|x, y| [x * 10.0, y * 10.0]);
        assert_eq!(
            document["features"][0]["geometry"]["coordinates"],
            json!([[10.0, 20.0, 9.0], [30.0, 40.0]])
        );
        assert_eq!(
            document["features"][0]["properties"]["coordinates"],
            json!([1.0, 2.0])
        );
    }
}
