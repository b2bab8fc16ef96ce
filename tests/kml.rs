//! KML and KMZ: files shaped like Google Earth's and GDAL/QGIS's read as layers, broken and
//! foreign ones refused with what they are, and projects exported to KML read back.

use std::io::Write;
use std::path::{Path, PathBuf};

use faultline::map::layer_file::load_layer_file;
use faultline::map::vector_layer::{VectorFeature, VectorLayer};
use faultline::model::date::DateRange;
use geo::Geometry;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kml")
        .join(name)
}

fn load(name: &str) -> VectorLayer {
    match load_layer_file(&fixture(name)) {
        Ok(layer) => layer,
        Err(error) => panic!("{name} did not load: {error}"),
    }
}

fn feature<'a>(layer: &'a VectorLayer, name: &str) -> &'a VectorFeature {
    layer
        .features
        .iter()
        .find(|f| f.properties.get("name").and_then(Value::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no feature named {name:?} in {:?}", layer.name))
}

fn text<'a>(feature: &'a VectorFeature, key: &str) -> &'a str {
    feature
        .properties
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no text property {key:?} in {:?}", feature.properties))
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("written");
    path
}

#[test]
fn google_earth_placemarks_keep_names_folders_and_extended_data() {
    let layer = load("google_earth.kml");
    assert_eq!(layer.name, "google_earth");
    let camp = feature(&layer, "Camp & airstrip <Tessalit>");
    assert_eq!(text(camp, "folder"), "Bases / North");
    assert_eq!(text(camp, "source"), "Sentinel-2 scene");
    assert_eq!(text(camp, "confidence"), "B2");
    assert_eq!(
        text(camp, "description"),
        "<b>Seen</b> on imagery, <i>2020</i>"
    );
    let Geometry::Point(point) = camp.geometry else {
        panic!("the camp is a point");
    };
    assert!((point.x() - 1.0114).abs() < 1e-9 && (point.y() - 20.2011).abs() < 1e-9);
    assert_eq!(text(feature(&layer, "Гао"), "folder"), "Bases");
    assert_eq!(
        layer.groups(),
        ["Bases / North", "Bases", "Areas"].map(String::from)
    );
    // The top Document is the file, not a group: the convoy sits in no folder.
    assert!(!feature(&layer, "Convoy").properties.contains_key("folder"));
}

#[test]
fn style_maps_and_inline_styles_become_simplestyle_colours_from_aabbggrr() {
    let layer = load("google_earth.kml");
    // StyleMap → its normal pair (green), not the highlight one (red).
    assert_eq!(
        text(
            feature(&layer, "Camp & airstrip <Tessalit>"),
            "marker-color"
        ),
        "#00ff00"
    );
    // The inline style wins over the shared one: ff00ffff is yellow (red + green).
    assert_eq!(text(feature(&layer, "Гао"), "marker-color"), "#ffff00");
    let zone = feature(&layer, "Buffer zone");
    assert_eq!(text(zone, "stroke"), "#ff0000");
    assert_eq!(zone.properties["stroke-width"], 3.0);
    assert_eq!(text(zone, "fill"), "#0000ff");
    let opacity = zone.properties["fill-opacity"].as_f64().unwrap_or_default();
    assert!((opacity - 0.498).abs() < 1e-3, "{opacity}");
}

#[test]
fn polygons_keep_their_holes_and_multigeometry_its_parts() {
    let layer = load("google_earth.kml");
    let Geometry::Polygon(zone) = &feature(&layer, "Buffer zone").geometry else {
        panic!("the zone is a polygon");
    };
    assert_eq!(zone.exterior().0.len(), 5);
    assert_eq!(zone.interiors().len(), 2);
    // The second hole was left open in the file and is closed on reading.
    assert_eq!(zone.interiors()[1].0.first(), zone.interiors()[1].0.last());
    let Geometry::GeometryCollection(parts) = &feature(&layer, "Two sites").geometry else {
        panic!("mixed parts make a collection");
    };
    assert_eq!(parts.0.len(), 2);
    assert!(matches!(
        feature(&layer, "Road").geometry,
        Geometry::LineString(ref l) if l.0.len() == 3
    ));
}

#[test]
fn times_become_dates_the_time_filter_reads() {
    let layer = load("google_earth.kml");
    let camp = feature(&layer, "Camp & airstrip <Tessalit>");
    assert_eq!(text(camp, "when"), "2020-05-01T09:30:00Z");
    assert_eq!(text(camp, "date"), "2020-05-01");
    assert_eq!(text(feature(&layer, "Гао"), "date"), "2020-05");
    let zone = feature(&layer, "Buffer zone");
    assert_eq!(text(zone, "begin"), "2019");
    assert_eq!(text(zone, "end"), "2021-06-30");
    let range: DateRange = text(zone, "date").parse().expect("a Faultline date range");
    assert_eq!(range.earliest(), Some((2019, 1, 1)));
    assert_eq!(range.latest(), Some((2021, 6, 30)));
    // An open-ended span stays open.
    let convoy = feature(&layer, "Convoy");
    assert_eq!(text(convoy, "date"), "2020-03-01/unknown");
    assert!(text(convoy, "date").parse::<DateRange>().is_ok());
}

#[test]
fn a_gx_track_is_a_line_with_its_times() {
    let layer = load("google_earth.kml");
    let convoy = feature(&layer, "Convoy");
    let Geometry::LineString(line) = &convoy.geometry else {
        panic!("a track is a line");
    };
    assert_eq!(line.0.len(), 3);
    assert!((line.0[2].x - 2.0).abs() < 1e-12 && (line.0[2].y - 17.6).abs() < 1e-12);
    let times = convoy.properties["times"].as_array().expect("times");
    assert_eq!(times.len(), 3);
    assert_eq!(times[2], "2020-06-03T08:15:00+01:00");
    // Without a TimeSpan the track's own first and last times are its dates.
    assert_eq!(
        text(feature(&layer, "Patrol (no span)"), "date"),
        "2021-01-02/2021-01-04"
    );
}

#[test]
fn overlays_and_network_links_are_skipped_in_one_message() {
    let layer = load("google_earth.kml");
    assert_eq!(
        layer.warnings.len(),
        1,
        "one message for all: {:?}",
        layer.warnings
    );
    assert!(
        layer.warnings[0].starts_with("skipped 2 ground overlays and 1 network link"),
        "{:?}",
        layer.warnings
    );
    assert_eq!(layer.features.len(), 7);
}

#[test]
fn gdal_schema_data_is_typed_by_its_schema() {
    let layer = load("gdal_export.kml");
    let first = feature(&layer, "Checkpoint Sévaré");
    assert_eq!(first.id.as_deref(), Some("checkpoints.1"));
    assert_eq!(text(first, "folder"), "checkpoints");
    assert_eq!(first.properties["fid"], 1);
    assert_eq!(first.properties["staff"], 12);
    assert_eq!(first.properties["score"], 0.75);
    assert_eq!(first.properties["open"], true);
    assert_eq!(text(first, "nom"), "Sévaré");
    assert_eq!(text(first, "stroke"), "#ff0000");
    assert_eq!(first.properties["fill-opacity"], 0.0);
    let second = feature(&layer, "Checkpoint Douentza");
    // A value its type cannot read is kept as text rather than lost.
    assert_eq!(text(second, "staff"), "n/a");
    assert!(matches!(&second.geometry, Geometry::MultiPolygon(m) if m.0.len() == 2));
    assert!(layer.warnings.is_empty());
}

#[test]
fn a_prefixed_kml_2_1_file_reads_like_any_other() {
    let layer = load("prefixed_kml21.kml");
    let pipeline = feature(&layer, "Pipeline");
    let Geometry::LineString(line) = &pipeline.geometry else {
        panic!("a line");
    };
    // Spaces after commas, as some writers put them.
    assert_eq!(line.0.len(), 3);
    assert!((line.0[1].x - 45.0).abs() < 1e-12 && (line.0[1].y - 40.5).abs() < 1e-12);
    assert_eq!(text(pipeline, "stroke"), "#ff0014");
    assert_eq!(pipeline.properties["stroke-width"], 4.0);
    assert_eq!(text(pipeline, "date"), "2007/2009-11");
    assert_eq!(layer.features_without_geometry, 1);
    assert_eq!(
        layer.warnings,
        ["skipped 1 3D model (Faultline draws placemarks: points, lines and polygons)"]
    );
}

#[test]
fn a_kmz_reads_its_doc_kml() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut bytes = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut bytes);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("files/other.kml", options).expect("entry");
        zip.write_all(b"<kml><Placemark><name>Not me</name><Point><coordinates>0,0</coordinates></Point></Placemark></kml>")
            .expect("written");
        zip.start_file("doc.kml", options).expect("entry");
        zip.write_all(&std::fs::read(fixture("google_earth.kml")).expect("fixture"))
            .expect("written");
        zip.start_file("files/scene1.jpg", options).expect("entry");
        zip.write_all(b"\xFF\xD8\xFF").expect("written");
        zip.finish().expect("zip");
    }
    let path = write_temp(dir.path(), "Sahel notes.kmz", bytes.get_ref());
    let layer = load_layer_file(&path).expect("a KMZ layer");
    assert_eq!(layer.name, "Sahel notes");
    assert_eq!(layer.features.len(), 7);
    assert_eq!(text(feature(&layer, "Гао"), "marker-color"), "#ffff00");
}

#[test]
fn malformed_kml_is_refused_with_its_line() {
    let error = load_layer_file(&fixture("malformed.kml"))
        .expect_err("a mismatched tag is refused")
        .to_string();
    assert!(error.contains("not a readable KML file"), "{error}");
    assert!(error.contains("at line 10"), "{error}");
    assert!(error.contains("malformed.kml"), "{error}");

    let dir = tempfile::tempdir().expect("temp dir");
    let truncated = write_temp(
        dir.path(),
        "cut.kml",
        b"<?xml version=\"1.0\"?>\n<kml>\n<Document>\n<Placemark><name>A</name>\n",
    );
    let error = load_layer_file(&truncated)
        .expect_err("truncated")
        .to_string();
    assert!(
        error.contains("truncated") && error.contains("line"),
        "{error}"
    );

    let bad_numbers = write_temp(
        dir.path(),
        "bad.kml",
        b"<kml>\n<Placemark>\n<Point><coordinates>east,north</coordinates></Point></Placemark></kml>",
    );
    let error = load_layer_file(&bad_numbers)
        .expect_err("not numbers")
        .to_string();
    assert!(
        error.contains("\"east,north\"") && error.contains("at line 3"),
        "{error}"
    );

    let bad_time = write_temp(
        dir.path(),
        "time.kml",
        b"<kml><Placemark><TimeStamp><when>last May</when></TimeStamp></Placemark></kml>",
    );
    let error = load_layer_file(&bad_time)
        .expect_err("not a date")
        .to_string();
    assert!(error.contains("\"last May\""), "{error}");
}

#[test]
fn files_that_are_not_kml_say_what_they_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = write_temp(
        dir.path(),
        "map.kml",
        b"<!DOCTYPE html>\n<html><body>Saved page</body></html>",
    );
    let error = load_layer_file(&html).expect_err("html").to_string();
    assert!(
        error.contains("<html>") && error.contains("web page"),
        "{error}"
    );

    let binary = write_temp(dir.path(), "map.kml", &[0x89, b'P', b'N', b'G', 0, 1, 2]);
    let error = load_layer_file(&binary).expect_err("binary").to_string();
    assert!(error.contains("not a KML file"), "{error}");

    let kml_as_project = fixture("google_earth.kml");
    let error = faultline::model::file::load_project(&kml_as_project)
        .expect_err("a KML is not a project")
        .to_string();
    assert!(
        error.contains("this is a KML file") && error.contains("Add layer"),
        "{error}"
    );
}
