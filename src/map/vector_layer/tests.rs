//! Unit tests of `map::vector_layer`.

use super::*;
use proptest::prelude::*;
use serde_json::json;

const SAMPLE: &str = r#"{
  "type": "FeatureCollection",
  "features": [
{"type": "Feature", "id": 7, "properties": {"name": "Kyiv", "pop": 2952301},
 "geometry": {"type": "Point", "coordinates": [30.52, 50.45]}},
{"type": "Feature", "properties": {"title": "Road"},
 "geometry": {"type": "LineString", "coordinates": [[10, 20], [11.5, 21, 300]]}},
{"type": "Feature", "properties": null,
 "geometry": {"type": "Polygon", "coordinates": [
    [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
    [[1, 1], [1, 2], [2, 2], [1, 1]]]}},
{"type": "Feature", "properties": {"NAME": "Nowhere"}, "geometry": null},
{"type": "Feature", "id": "gc", "properties": {},
 "geometry": {"type": "GeometryCollection", "geometries": [
    {"type": "MultiPoint", "coordinates": [[-20, -30], [190, 5]]},
    {"type": "MultiPolygon", "coordinates": []}]}}
  ]
}"#;

fn parse(text: &str) -> Result<VectorLayer, GeoJsonError> {
    parse_geojson(text.as_bytes(), "test")
}

fn message(text: &str) -> String {
    match parse(text) {
        Ok(layer) => panic!("expected an error, got {layer:?}"),
        Err(error) => error.to_string(),
    }
}

fn feature_with(geometry: &str) -> String {
    format!(
        r#"{{"type": "FeatureCollection", "features": [
            {{"type": "Feature", "properties": {{}}, "geometry": {{"type": "Point", "coordinates": [0, 0]}}}},
            {{"type": "Feature", "properties": {{}}, "geometry": {geometry}}}]}}"#
    )
}

#[test]
fn sample_feature_collection_loads() {
    let layer = parse(SAMPLE).unwrap();
    assert_eq!(layer.name, "test");
    assert_eq!(layer.kind, GeoJsonKind::FeatureCollection);
    assert_eq!(layer.features.len(), 4);
    assert_eq!(layer.features_without_geometry, 1);
    assert_eq!(layer.bbox, Some([-20.0, -30.0, 190.0, 50.45]));
    assert_eq!(layer.features[0].id.as_deref(), Some("7"));
    assert_eq!(layer.features[0].properties["pop"], json!(2952301));
    let Geometry::Polygon(polygon) = &layer.features[2].geometry else {
        panic!("not a polygon");
    };
    assert_eq!(polygon.interiors().len(), 1);

    let summary = layer.summary();
    assert_eq!(summary.features, 5);
    assert_eq!(summary.features_without_geometry, 1);
    let types: Vec<_> = summary.geometry_types.into_iter().collect();
    assert_eq!(
        types,
        [
            (GeometryKind::Point, 1),
            (GeometryKind::LineString, 1),
            (GeometryKind::Polygon, 1),
            (GeometryKind::GeometryCollection, 1)
        ]
    );
    let names: Vec<_> = summary.property_names.into_iter().collect();
    assert_eq!(names, ["name", "pop", "title"]);
}

#[test]
fn labels_fall_back_from_properties_to_id_to_position() {
    let layer = parse(SAMPLE).unwrap();
    let labels: Vec<_> = layer
        .features
        .iter()
        .enumerate()
        .map(|(index, feature)| feature.label(index))
        .collect();
    assert_eq!(labels, ["Kyiv", "Road", "Feature 3", "gc"]);
}

#[test]
fn single_feature_and_bare_geometries_load() {
    let feature = parse(
        r#"{"type": "Feature", "properties": {"label": "x"}, "geometry": {"type": "MultiLineString", "coordinates": [[[0, 0], [1, 1]]]}}"#,
    )
    .unwrap();
    assert_eq!(feature.kind, GeoJsonKind::Feature);
    assert_eq!(feature.features[0].label(0), "x");

    let point = parse(r#"{"type": "Point", "coordinates": [-360, 90]}"#).unwrap();
    assert_eq!(point.kind, GeoJsonKind::Geometry(GeometryKind::Point));
    assert_eq!(point.bbox, Some([-360.0, 90.0, -360.0, 90.0]));

    let collection = parse(r#"{"type": "GeometryCollection", "geometries": []}"#).unwrap();
    assert_eq!(collection.features.len(), 1);
    assert_eq!(collection.bbox, None);

    let null_feature = parse(r#"{"type": "Feature", "geometry": null}"#).unwrap();
    assert_eq!(null_feature.features.len(), 0);
    assert_eq!(null_feature.summary().features, 1);

    let empty = parse(r#"{"type": "FeatureCollection", "features": []}"#).unwrap();
    assert_eq!(empty.summary().features, 0);
    assert_eq!(empty.bbox, None);
}

#[test]
fn bom_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(SAMPLE.as_bytes());
    assert!(parse_geojson(&bytes, "bom").is_ok());
}

#[test]
fn syntax_errors_give_line_and_column() {
    assert_eq!(
        message("{\"type\": \"FeatureCollection\",\n  \"features\": [1 2]}"),
        "line 2, column 18: expected ',' or ']'"
    );
    let error = parse("{\"type\": \n[1, 2").unwrap_err();
    assert_eq!(
        error.to_string(),
        "unexpected end of file at line 2, column 5"
    );
    assert_eq!(
        error.location(),
        Some(ErrorLocation::LineColumn { line: 2, column: 5 })
    );
    assert_eq!(message("{} x"), "line 1, column 4: trailing characters");
}

#[test]
fn non_finite_numbers_are_named() {
    for (text, word) in [
        (r#"{"type": "Point", "coordinates": [NaN, 1]}"#, "NaN"),
        (
            r#"{"type": "Point", "coordinates": [1, Infinity]}"#,
            "Infinity",
        ),
        (
            r#"{"type": "Point", "coordinates": [-Infinity, 1]}"#,
            "-Infinity",
        ),
        (r#"{"type": "Point", "coordinates": [nan, 1]}"#, "nan"),
    ] {
        let message = message(text);
        assert!(message.starts_with("line 1, column "), "{message}");
        assert!(
            message.contains(&format!("{word} is not a valid JSON number")),
            "{message}"
        );
    }
    assert_eq!(
        message(r#"{"type": "Point", "coordinates": [1e400, 1]}"#),
        "line 1, column 39: number out of range (too large for a 64-bit float)"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!(
        r#"{{"type": "Point", "coordinates": {}"#,
        "[".repeat(100_000)
    );
    let deep_message = message(&deep);
    assert!(deep_message.contains("nested too deeply"), "{deep_message}");

    let mut collections = String::new();
    for _ in 0..MAX_COLLECTION_DEPTH + 2 {
        collections.push_str(r#"{"type": "GeometryCollection", "geometries": ["#);
    }
    collections.push_str(&"]}".repeat(MAX_COLLECTION_DEPTH + 2));
    let message = message(&collections);
    assert!(
        message.contains("nested more than 16 levels deep"),
        "{message}"
    );
    let path = vec!["geometries[0]"; 16].join(".");
    assert!(message.starts_with(&format!("{path}: ")), "{message}");
}

#[test]
fn text_problems() {
    assert_eq!(message(""), "file is empty");
    assert_eq!(message(" \n\t"), "file is empty");
    let error = parse_geojson(b"{\"type\":\n \"Po\xFFnt\"}", "x").unwrap_err();
    assert_eq!(
        error.to_string(),
        "file is not UTF-8 text (invalid byte at offset 13, line 2, column 5)"
    );
    assert_eq!(
        error.location(),
        Some(ErrorLocation::Byte {
            offset: 13,
            line: 2,
            column: 5
        })
    );
    let utf16 = parse_geojson(b"\xFF\xFE{\0}\0", "x").unwrap_err();
    assert!(utf16.to_string().contains("UTF-16"), "{utf16}");
}

#[test]
fn not_geojson() {
    assert_eq!(
        message("[1, 2]"),
        "not GeoJSON: the top-level JSON value is an array, not an object"
    );
    assert_eq!(
        message("42"),
        "not GeoJSON: the top-level JSON value is a number, not an object"
    );
    assert_eq!(
        message(r#"{"features": []}"#),
        "not GeoJSON: the top-level object has no \"type\" member"
    );
    assert_eq!(
        message(r#"{"type": "Topology", "objects": {}, "arcs": []}"#),
        "not GeoJSON: top-level \"type\" is \"Topology\" (TopoJSON is not supported; \
         convert it to GeoJSON)"
    );
    assert_eq!(
        message(r#"{"type": "featurecollection", "features": []}"#),
        "not GeoJSON: top-level \"type\" is \"featurecollection\" (expected \
         \"FeatureCollection\", \"Feature\" or a geometry type) (did you mean \
         \"FeatureCollection\"?)"
    );
    assert_eq!(
        message(r#"{"type": "FeatureCollection"}"#),
        "a FeatureCollection needs a \"features\" member"
    );
    assert_eq!(
        message(r#"{"type": "FeatureCollection", "features": {}}"#),
        "features: expected an array, found an object"
    );
}

#[test]
fn structural_errors_name_the_member() {
    let cases = [
        (
            r#"{"type": "Polygn", "coordinates": []}"#,
            "features[1].geometry.type: unknown geometry type \"Polygn\" (did you mean \"Polygon\"?)",
        ),
        (
            r#"{"type": "Blob", "coordinates": []}"#,
            "features[1].geometry.type: unknown geometry type \"Blob\"",
        ),
        (
            r#"{"coordinates": []}"#,
            "features[1].geometry: missing \"type\" member",
        ),
        (
            r#"{"type": "Point"}"#,
            "features[1].geometry: a Point needs a \"coordinates\" member",
        ),
        (
            r#"{"type": "LineString", "coordinates": [[1, 2], [3]]}"#,
            "features[1].geometry.coordinates[1]: a position needs at least 2 numbers, found 1",
        ),
        (
            r#"{"type": "LineString", "coordinates": [[1, 2]]}"#,
            "features[1].geometry.coordinates: a line string needs at least 2 positions, found 1",
        ),
        (
            r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}"#,
            "features[1].geometry.coordinates[0]: a polygon ring needs at least 4 positions \
             and must be closed; this one has 3",
        ),
        (
            r#"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#,
            "features[1].geometry.coordinates[0]: a polygon ring needs at least 4 positions \
             and must be closed; this one's first and last positions differ",
        ),
        (
            r#"{"type": "MultiLineString", "coordinates": [[[0, 0], [1, 0]], [[0, 123.4], [1, 1]]]}"#,
            "features[1].geometry.coordinates[1][0]: latitude 123.4 is outside -90..90",
        ),
        (
            r#"{"type": "Point", "coordinates": [400, 0]}"#,
            "features[1].geometry.coordinates: longitude 400 is outside -360..360",
        ),
        (
            r#"{"type": "Point", "coordinates": [1e300, 0]}"#,
            "features[1].geometry.coordinates: longitude 1e300 is outside -360..360",
        ),
        (
            r#"{"type": "Point", "coordinates": [0, "1"]}"#,
            "features[1].geometry.coordinates[1]: expected a number, found a string",
        ),
        (
            r#"{"type": "Point", "coordinates": null}"#,
            "features[1].geometry.coordinates: expected an array, found null",
        ),
        (
            r#"{"type": "Polygon", "coordinates": [[0, 0], [1, 0], [1, 1], [0, 0]]}"#,
            "features[1].geometry.coordinates[0][0]: expected an array, found a number \
             (\"coordinates\" are nested too shallowly for a Polygon)",
        ),
        (
            r#"{"type": "Point", "coordinates": [[0, 0]]}"#,
            "features[1].geometry.coordinates: a position needs at least 2 numbers, found 1",
        ),
        (
            r#"{"type": "LineString", "coordinates": [[[0, 0], [1, 1]]]}"#,
            "features[1].geometry.coordinates[0][0]: expected a number, found an array \
             (\"coordinates\" are nested too deeply for a LineString)",
        ),
        (
            r#"{"type": "GeometryCollection", "geometries": [null]}"#,
            "features[1].geometry.geometries[0]: expected a geometry object, found null",
        ),
        (
            r#"{"type": "GeometryCollection"}"#,
            "features[1].geometry: a GeometryCollection needs a \"geometries\" member",
        ),
        (
            r#"[0, 0]"#,
            "features[1].geometry: expected a geometry object or null, found an array",
        ),
    ];
    for (geometry, expected) in cases {
        assert_eq!(message(&feature_with(geometry)), expected, "{geometry}");
    }
}

#[test]
fn feature_errors_name_the_member() {
    let cases = [
        (
            r#"{"type": "Point", "coordinates": [0, 0]}"#,
            "features[0].type: expected \"Feature\", found \"Point\" (a geometry must be \
             wrapped in a Feature: {\"type\": \"Feature\", \"geometry\": …, \"properties\": {}})",
        ),
        (
            r#"{"geometry": null}"#,
            "features[0]: missing \"type\" member (expected \"Feature\")",
        ),
        (
            r#"{"type": "Feature"}"#,
            "features[0]: missing \"geometry\" member (use \"geometry\": null for a feature \
             without one)",
        ),
        (
            r#"{"type": "Feature", "geometry": null, "properties": [1]}"#,
            "features[0].properties: expected an object or null, found an array",
        ),
        (
            r#"{"type": "Feature", "geometry": null, "id": true}"#,
            "features[0].id: expected a string or a number, found a boolean",
        ),
        (
            "\"Feature\"",
            "features[0]: expected a Feature object, found a string",
        ),
    ];
    for (feature, expected) in cases {
        let text = format!(r#"{{"type": "FeatureCollection", "features": [{feature}]}}"#);
        assert_eq!(message(&text), expected, "{feature}");
    }
    let error = parse(&feature_with(r#"{"type": "Polygn"}"#)).unwrap_err();
    assert_eq!(
        error.location(),
        Some(ErrorLocation::Member {
            path: "features[1].geometry.type".to_owned()
        })
    );
}

#[test]
fn file_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.geojson");
    let error = load_geojson_file(&missing).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("{}: cannot read the file: no such file", missing.display())
    );
    assert_eq!(error.file(), Some(missing.as_path()));

    let bad = dir.path().join("bad.geojson");
    std::fs::write(&bad, "[]").unwrap();
    let error = load_geojson_file(&bad).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: not GeoJSON: the top-level JSON value is an array, not an object",
            bad.display()
        )
    );
    assert_eq!(
        error.message(),
        "not GeoJSON: the top-level JSON value is an array, not an object"
    );

    let good = dir.path().join("world.geo.json");
    std::fs::write(&good, SAMPLE).unwrap();
    assert_eq!(load_geojson_file(&good).unwrap().name, "world.geo");
}

/// A FeatureCollection of `specs`: (kind, lon, lat) with kind 0 = null geometry, 1 = Point,
/// 2 = LineString, 3 = Polygon, 4 = GeometryCollection.
fn collection(specs: &[(u8, f64, f64)]) -> Value {
    let features: Vec<Value> = specs
        .iter()
        .map(|&(kind, x, y)| {
            let (x2, y2) = (x + 1.0, (y + 1.0).min(90.0));
            let geometry = match kind {
                0 => Value::Null,
                1 => json!({"type": "Point", "coordinates": [x, y]}),
                2 => json!({"type": "LineString", "coordinates": [[x, y], [x2, y2]]}),
                3 => {
                    json!({"type": "Polygon", "coordinates": [[[x, y], [x2, y], [x2, y2], [x, y]]]})
                }
                _ => json!({"type": "GeometryCollection", "geometries": [
                    {"type": "Point", "coordinates": [x, y]}]}),
            };
            json!({"type": "Feature", "properties": {"k": kind}, "geometry": geometry})
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// Any JSON value, a few levels deep: wrong types in every member the walk reads.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1000.0..1000.0f64).prop_map(Value::from),
        prop::sample::select(vec![
            "Point",
            "Polygon",
            "GeometryCollection",
            "Feature",
            "x"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec!["type", "coordinates", "geometries", "geometry"]),
                inner,
                0..4
            )
            .prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(key, value)| (key.to_owned(), value))
                        .collect(),
                )
            }),
        ]
    })
}

proptest! {
    #[test]
    fn wrong_shapes_never_panic(
        kind in prop::sample::select(GeometryKind::ALL.map(GeometryKind::name).to_vec()),
        coordinates in any_json(),
        geometries in any_json(),
        properties in any_json(),
        id in any_json(),
    ) {
        let feature = json!({
            "type": "Feature",
            "id": id,
            "properties": properties,
            "geometry": {"type": kind, "coordinates": coordinates, "geometries": geometries},
        });
        let text = json!({"type": "FeatureCollection", "features": [feature]}).to_string();
        let _ = parse_geojson(text.as_bytes(), "shapes");
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_geojson(&bytes, "fuzz");
    }

    #[test]
    fn arbitrary_json_ish_text_never_panics(text in r#"[\[\]{}",:0-9.eE+\-a-zNI \n]{0,200}"#) {
        let _ = parse_geojson(text.as_bytes(), "fuzz");
    }

    #[test]
    fn mutated_valid_files_never_panic(
        edits in prop::collection::vec((0u8..4, any::<prop::sample::Index>(), any::<u8>()), 1..8)
    ) {
        let mut bytes = SAMPLE.as_bytes().to_vec();
        for (operation, index, byte) in edits {
            if bytes.is_empty() {
                break;
            }
            let at = index.index(bytes.len());
            match operation {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at),
            }
        }
        let _ = parse_geojson(&bytes, "mutated");
    }

    #[test]
    fn valid_collections_round_trip_counts(
        specs in prop::collection::vec((0u8..5, -360.0..359.0f64, -90.0..=90.0f64), 0..40)
    ) {
        let text = serde_json::to_string_pretty(&collection(&specs)).unwrap();
        let layer = parse_geojson(text.as_bytes(), "generated").unwrap();
        let without = specs.iter().filter(|spec| spec.0 == 0).count();
        prop_assert_eq!(layer.features.len(), specs.len() - without);
        prop_assert_eq!(layer.features_without_geometry, without);
        let summary = layer.summary();
        prop_assert_eq!(summary.features, specs.len());
        for (kind, geometry_kind) in [
            (1, GeometryKind::Point),
            (2, GeometryKind::LineString),
            (3, GeometryKind::Polygon),
            (4, GeometryKind::GeometryCollection),
        ] {
            let expected = specs.iter().filter(|spec| spec.0 == kind).count();
            let found = summary.geometry_types.get(&geometry_kind).copied().unwrap_or(0);
            prop_assert_eq!(found, expected);
        }
        // The geojson crate agrees on the feature count.
        let reference: geojson::FeatureCollection = text.parse().unwrap();
        prop_assert_eq!(reference.features.len(), summary.features);
        let has_geometry = specs.iter().filter(|spec| spec.0 != 0).collect::<Vec<_>>();
        match layer.bbox {
            None => prop_assert!(has_geometry.is_empty()),
            Some([west, south, east, north]) => {
                // serde_json's default float parsing may be one ulp off, hence the slack.
                const SLACK: f64 = 1e-9;
                for &&(_, x, y) in &has_geometry {
                    prop_assert!(west - SLACK <= x && x <= east + SLACK);
                    prop_assert!(south - SLACK <= y && y <= north + SLACK);
                }
            }
        }
    }
}
