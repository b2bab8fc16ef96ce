use super::*;
use crate::map::vector_layer::parse_geojson;

/// The scan's verdict must be the loader's: valid with the same summary, or refused.
fn assert_agrees(text: &str) -> Scan {
    let scanned = scan(text.as_bytes());
    match (parse_geojson(text.as_bytes(), "t"), &scanned.verdict) {
        (Ok(layer), Verdict::Valid(summary)) => {
            assert_eq!(&layer.summary(), summary, "summaries differ for {text}")
        }
        (Err(_), Verdict::Refused) => {}
        (Ok(_), Verdict::Refused) => panic!("scan refuses what the loader accepts: {text}"),
        (Err(error), Verdict::Valid(_)) => {
            panic!("scan accepts what the loader refuses ({error}): {text}")
        }
    }
    scanned
}

fn feature(geometry: &str) -> String {
    format!(r#"{{"type": "Feature", "properties": {{"name": "x"}}, "geometry": {geometry}}}"#)
}

fn collection(features: &[String]) -> String {
    format!(
        r#"{{"type": "FeatureCollection", "features": [{}]}}"#,
        features.join(",")
    )
}

const SQUARE: &str = "[[0,0],[1,0],[1,1],[0,1],[0,0]]";

#[test]
fn the_scan_refuses_exactly_what_the_loader_refuses() {
    let geometries = [
        r#"{"type": "Point", "coordinates": [1, 2]}"#.to_owned(),
        r#"{"type": "Point", "coordinates": [1, 2, 3]}"#.to_owned(),
        r#"{"coordinates": [1, 2], "type": "Point"}"#.to_owned(),
        r#"{"type": "Point", "coordinates": [1]}"#.to_owned(),
        r#"{"type": "Point", "coordinates": 1}"#.to_owned(),
        r#"{"type": "Point", "coordinates": [1, "2"]}"#.to_owned(),
        r#"{"type": "Point", "coordinates": [1, [2]]}"#.to_owned(),
        r#"{"type": "Point", "coordinates": [1, 91]}"#.to_owned(),
        r#"{"type": "Point", "coordinates": [361, 1]}"#.to_owned(),
        r#"{"type": "Point", "coordinates": [190, 1]}"#.to_owned(),
        r#"{"type": "Point"}"#.to_owned(),
        r#"{"type": "point", "coordinates": [1, 2]}"#.to_owned(),
        r#"{"type": 7, "coordinates": [1, 2]}"#.to_owned(),
        r#"{"coordinates": [1, 2]}"#.to_owned(),
        r#"{"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]}"#.to_owned(),
        r#"{"type": "MultiPoint", "coordinates": []}"#.to_owned(),
        r#"{"type": "LineString", "coordinates": [[1, 2]]}"#.to_owned(),
        r#"{"type": "LineString", "coordinates": [[1, 2], [3, 4]]}"#.to_owned(),
        r#"{"type": "LineString", "coordinates": []}"#.to_owned(),
        r#"{"type": "MultiLineString", "coordinates": [[[1, 2], [3, 4]], []]}"#.to_owned(),
        r#"{"type": "MultiLineString", "coordinates": [[1, 2], [3, 4]]}"#.to_owned(),
        format!(r#"{{"type": "Polygon", "coordinates": [{SQUARE}]}}"#),
        r#"{"type": "Polygon", "coordinates": []}"#.to_owned(),
        r#"{"type": "Polygon", "coordinates": [[[0,0],[1,0],[0,0]]]}"#.to_owned(),
        r#"{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1]]]}"#.to_owned(),
        format!(r#"{{"type": "MultiPolygon", "coordinates": [[{SQUARE}], []]}}"#),
        format!(r#"{{"type": "MultiPolygon", "coordinates": [{SQUARE}]}}"#),
        r#"{"type": "GeometryCollection", "geometries": []}"#.to_owned(),
        r#"{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [5, 6]}]}"#
            .to_owned(),
        r#"{"type": "GeometryCollection", "geometries": [null]}"#.to_owned(),
        r#"{"type": "GeometryCollection", "geometries": {}}"#.to_owned(),
        r#"{"type": "GeometryCollection"}"#.to_owned(),
        r#"{"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}]}]}"#
            .to_owned(),
        format!(
            "{}{}{}",
            r#"{"type": "GeometryCollection", "geometries": ["#.repeat(17),
            r#"{"type": "Point", "coordinates": [1, 2]}"#,
            "]}".repeat(17)
        ),
        r#"{"type": "Point", "coordinates": [1, 2], "geometries": 5, "features": 3}"#.to_owned(),
    ];
    for geometry in &geometries {
        assert_agrees(geometry);
        assert_agrees(&feature(geometry));
        assert_agrees(&collection(&[feature(geometry), feature("null")]));
    }
    let documents = [
        "",
        "   ",
        "[]",
        "5",
        "{}",
        r#"{"type": "Topology"}"#,
        r#"{"type": "FeatureCollection"}"#,
        r#"{"type": "FeatureCollection", "features": {}}"#,
        r#"{"type": "FeatureCollection", "features": []}"#,
        r#"{"type": "FeatureCollection", "features": [null]}"#,
        r#"{"type": "FeatureCollection", "features": [5]}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Point", "coordinates": [1, 2]}]}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null}]}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": []}]}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": null, "id": {}}]}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": null, "id": 5}]}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": 5, "properties": null}]}"#,
        r#"{"features": [], "type": "FeatureCollection"}"#,
        r#"{"type": "FeatureCollection", "features": [], "geometry": {"type": "Bad"}}"#,
        r#"{"type": "Feature", "geometry": null, "properties": null, "features": [5]}"#,
        r#"{"type": "Feature", "features": [], "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"a": 1}}"#,
        r#"{"type": "Feature", "coordinates": [1, 2, "x"], "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"a": 1}}"#,
        r#"{"type": "FeatureCollection", "features": [], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}"#,
        r#"{"type": "FeatureCollection", "features": [], "crs": {"type": "name", "properties": {"name": "EPSG:2056"}}}"#,
        r#"{"type": "Point", "coordinates": [7702000, 4100000], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}}"#,
        r#"{"type": "Point", "coordinates": [77020000, 4100000], "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}}"#,
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": null, "geometry": {"type": "Point", "coordinates": [1, 2]}}]"#,
        r#"{"type": "FeatureCollection", "features": []} trailing"#,
        r#"{"type": "Point", "coordinates": [1, 2], "type": "LineString"}"#,
        "\u{feff}{\"type\": \"Point\", \"coordinates\": [1, 2]}",
    ];
    for document in documents {
        assert_agrees(document);
    }
}

#[test]
fn the_summary_of_the_bundled_world_matches_the_loaded_layer() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/maps/countries-50m.geojson"
    ))
    .unwrap();
    let scanned = assert_agrees(&text);
    assert!(matches!(scanned.verdict, Verdict::Valid(_)));
    assert_eq!(scanned.warnings, [], "the bundled maps follow RFC 7946");
}

fn rules(text: &str) -> Vec<(Rule, String)> {
    let scanned = assert_agrees(text);
    scanned
        .warnings
        .into_iter()
        .map(|warning| (warning.rule, warning.path))
        .collect()
}

#[test]
fn each_validator_rule_is_reported_with_its_member_path() {
    let point = r#"{"type": "Point", "coordinates": [1, 2]}"#;
    let bboxes = [
        r#"[1, 2, 3]"#,
        r#"["1", "2", "3", "4"]"#,
        r#"{"west": 1}"#,
        r#"[0, 10, 5, 2]"#,
    ];
    for bbox in bboxes {
        let text = format!(
            r#"{{"type": "FeatureCollection", "bbox": {bbox}, "features": [{}]}}"#,
            feature(point)
        );
        assert_eq!(rules(&text), [(Rule::Bbox, "bbox".to_owned())], "{bbox}");
    }
    let fine_bbox = format!(
        r#"{{"type": "FeatureCollection", "bbox": [1, 2, 1, 2], "features": [{}]}}"#,
        feature(point)
    );
    assert_eq!(rules(&fine_bbox), []);
    // A geometry's own bbox is checked too.
    let text = collection(&[feature(
        r#"{"type": "Point", "bbox": [1, 2], "coordinates": [1, 2]}"#,
    )]);
    assert_eq!(
        rules(&text),
        [(Rule::Bbox, "features[0].geometry.bbox".to_owned())]
    );

    let foreign = format!(
        r#"{{"type": "Feature", "coordinates": [1, 2], "properties": {{}}, "geometry": {point}}}"#
    );
    assert_eq!(
        rules(&foreign),
        [(Rule::ForeignMember, "coordinates".to_owned())]
    );
    let foreign = collection(&[feature(
        r#"{"type": "Point", "coordinates": [1, 2], "features": [], "properties": {}}"#,
    )]);
    assert_eq!(
        rules(&foreign),
        [
            (
                Rule::ForeignMember,
                "features[0].geometry.features".to_owned()
            ),
            (
                Rule::ForeignMember,
                "features[0].geometry.properties".to_owned()
            ),
        ]
    );
    let foreign = r#"{"type": "FeatureCollection", "features": [], "geometry": null}"#;
    assert_eq!(
        rules(foreign),
        [(Rule::ForeignMember, "geometry".to_owned())]
    );

    let without_properties = format!(
        r#"{{"type": "FeatureCollection", "features": [{}, {{"type": "Feature", "geometry": {point}}}]}}"#,
        feature(point)
    );
    assert_eq!(
        rules(&without_properties),
        [(Rule::MissingProperties, "features[1]".to_owned())]
    );

    let nested = feature(&format!(
        r#"{{"type": "GeometryCollection", "geometries": [{point}, {{"type": "GeometryCollection", "geometries": [{point}]}}]}}"#
    ));
    assert_eq!(
        rules(&nested),
        [(Rule::NestedCollection, "geometry.geometries[1]".to_owned())]
    );

    let mixed = feature(r#"{"type": "LineString", "coordinates": [[1, 2], [3, 4, 5], [5, 6]]}"#);
    assert_eq!(
        rules(&mixed),
        [(
            Rule::PositionDimensions,
            "geometry.coordinates[1]".to_owned()
        )]
    );
    let four = feature(r#"{"type": "Point", "coordinates": [1, 2, 3, 4]}"#);
    assert_eq!(
        rules(&four),
        [(Rule::PositionDimensions, "geometry.coordinates".to_owned())]
    );

    let across =
        feature(r#"{"type": "LineString", "coordinates": [[170, 0], [190, 0], [200, 0]]}"#);
    assert_eq!(
        rules(&across),
        [(Rule::LongitudeRange, "geometry.coordinates[1]".to_owned())]
    );

    let clockwise = feature(
        r#"{"type": "Polygon", "coordinates": [[[0,0],[0,10],[10,10],[10,0],[0,0]], [[2,2],[4,2],[4,4],[2,4],[2,2]]]}"#,
    );
    assert_eq!(
        rules(&clockwise),
        [
            (Rule::Winding, "geometry.coordinates[0]".to_owned()),
            (Rule::Winding, "geometry.coordinates[1]".to_owned()),
        ]
    );
    let right_hand = feature(
        r#"{"type": "Polygon", "coordinates": [[[0,0],[10,0],[10,10],[0,10],[0,0]], [[2,2],[2,4],[4,4],[4,2],[2,2]]]}"#,
    );
    assert_eq!(rules(&right_hand), []);

    let crs = r#"{"type": "Point", "coordinates": [1, 2], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}}"#;
    assert_eq!(rules(crs), [(Rule::OldCrs, "crs".to_owned())]);

    let twice = r#"{"type": "Point", "coordinates": [1, 2], "coordinates": [3, 4]}"#;
    assert_eq!(
        rules(twice),
        [(Rule::DuplicateMember, "coordinates".to_owned())]
    );
}

#[test]
fn a_web_mercator_file_is_summarised_in_longitude_and_latitude() {
    let text = r#"{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Kabul"}, "geometry": {"type": "Point", "coordinates": [7700000, 4100000]}}], "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}}"#;
    let scanned = assert_agrees(text);
    let Verdict::Valid(summary) = scanned.verdict else {
        panic!("refused");
    };
    let [west, south, ..] = summary.bbox.unwrap();
    assert!((west - 69.17).abs() < 0.01, "{west}");
    assert!((south - 34.5).abs() < 0.1, "{south}");
}

#[test]
fn warnings_beyond_the_kept_number_are_counted() {
    let clockwise =
        feature(r#"{"type": "Polygon", "coordinates": [[[0,0],[0,1],[1,1],[1,0],[0,0]]]}"#);
    let text = collection(&vec![clockwise; 50]);
    let scanned = assert_agrees(&text);
    assert_eq!(scanned.warnings.len(), KEPT_PER_RULE);
    assert_eq!(scanned.warning_counts[&Rule::Winding], 50);
    assert_eq!(scanned.warning_total(), 50);
}
