//! KML and KMZ: files shaped like Google Earth's and GDAL/QGIS's read as layers, broken and
//! foreign ones refused with what they are, and projects exported to KML read back.

use std::io::Write;
use std::path::{Path, PathBuf};

use faultline::map::layer_file::load_layer_file;
use faultline::map::vector_layer::{VectorFeature, VectorLayer};
use faultline::model::date::{DateRange, Precision};
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

    // Placemarks are read on several cores; the error still names the first bad one.
    let mut many = String::from("<kml>\n");
    for i in 0..2000 {
        let list = match i {
            700 => "first,bad",
            1500 => "second,bad",
            _ => "30.5,50.4",
        };
        many.push_str(&format!(
            "<Placemark><Point><coordinates>{list}</coordinates></Point></Placemark>\n"
        ));
    }
    many.push_str("</kml>");
    let two_bad = write_temp(dir.path(), "two-bad.kml", many.as_bytes());
    let error = load_layer_file(&two_bad)
        .expect_err("not numbers")
        .to_string();
    assert!(
        error.contains("\"first,bad\"") && error.contains("at line 702"),
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

/// The scenario with an actor whose name needs escaping and is not in Latin script.
fn scenario_with_awkward_names() -> faultline::model::Project {
    let mut project = faultline::model::file::built_in_scenario().expect("scenario");
    project.actors[0].name = "Al-Shabaab & <Co> «Аш-Шабааб» الشباب".into();
    project.events[0].title = "Talks ]]> break down & resume".into();
    project
}

fn exported(project: &faultline::model::Project, name: &str) -> (tempfile::TempDir, VectorLayer) {
    let dir = tempfile::tempdir().expect("temp dir");
    let bytes = faultline::scene::kml_export::project_kml(project).expect("written");
    let path = write_temp(dir.path(), name, &bytes);
    let layer = load_layer_file(&path).unwrap_or_else(|e| panic!("the export reads back: {e}"));
    (dir, layer)
}

#[test]
fn an_exported_project_reads_back_with_names_times_styles_and_arcs() {
    let project = scenario_with_awkward_names();
    let (_dir, layer) = exported(&project, "story.kml");
    let placemarks = project.actors.len() + project.relationships.len() + project.events.len();
    assert_eq!(layer.features.len(), placemarks);

    // Escaped and non-Latin names survive.
    let actor = feature(&layer, "Al-Shabaab & <Co> «Аш-Шабааб» الشباب");
    assert_eq!(text(actor, "folder"), "Actors");
    assert_eq!(text(actor, "kind"), project.actors[0].kind.as_str());
    let Geometry::Point(point) = actor.geometry else {
        panic!("an actor is a point");
    };
    assert!((point.x() - project.actors[0].anchor.lon).abs() < 1e-6);
    assert!(text(actor, "marker-color").starts_with('#'));

    // An event's date comes back from its TimeStamp (or TimeSpan) as the same date.
    let event = &project.events[0];
    let read = feature(&layer, "Talks ]]> break down & resume");
    assert_eq!(text(read, "folder"), "Events");
    let date: DateRange = text(read, "date").parse().expect("a date");
    assert_eq!(date.earliest(), event.date.earliest());
    assert_eq!(date.latest(), event.date.latest());
    let single = project
        .events
        .iter()
        .find(|e| e.date.is_single() && e.date.start.precision() <= Precision::Month)
        .expect("an event on one day or month");
    assert_eq!(
        text(feature(&layer, &single.title), "when"),
        single.date.start.to_string()
    );

    // A tie is a line along its great circle with many points, coloured by its kind.
    let tie = &project.relationships[0];
    let from = project.actor(&tie.from).expect("from");
    let to = project.actor(&tie.to).expect("to");
    let arrow = if tie.directed { "→" } else { "–" };
    let line = feature(&layer, &format!("{} {arrow} {}", from.name, to.name));
    assert_eq!(text(line, "folder"), "Ties");
    let points: Vec<geo::Coord<f64>> = match &line.geometry {
        Geometry::LineString(l) => l.0.clone(),
        Geometry::MultiLineString(m) => m.iter().flat_map(|l| l.0.clone()).collect(),
        other => panic!("a tie is a line, not {other:?}"),
    };
    assert!(points.len() >= 10, "{} points", points.len());
    let middle = points[points.len() / 2];
    let expected = faultline::model::geodesy::interpolate(
        (from.anchor.lon, from.anchor.lat),
        (to.anchor.lon, to.anchor.lat),
        0.5,
    );
    assert!(
        (middle.x - expected.0).abs() < 1.0 && (middle.y - expected.1).abs() < 1.0,
        "{middle:?} is not near the arc's middle {expected:?}"
    );
    let color = faultline::scene::story::relationship_color(&tie.kind);
    assert_eq!(
        text(line, "stroke"),
        format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
    );
    assert!(line.properties["stroke-width"].as_f64().unwrap_or_default() > 0.0);
    // Sources and grades are in the description.
    if let Some(grade) = tie.grade {
        assert!(text(line, "description").contains(&format!("Grade {grade}")));
    }
}

#[test]
fn export_to_kml_and_kmz_from_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["story.kml", "story.kmz"] {
        let out = dir.path().join(name);
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_faultline"))
            .arg("export")
            .arg("-o")
            .arg(&out)
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let layer = load_layer_file(&out).unwrap_or_else(|e| panic!("{name} reads back: {e}"));
        assert!(layer.features.len() > 20, "{name}");
        assert_eq!(
            layer.groups(),
            ["Actors", "Ties", "Events"].map(String::from)
        );
    }
    let kml = std::fs::read_to_string(dir.path().join("story.kml")).expect("text");
    assert!(kml.contains("<TimeStamp>") && kml.contains("<styleUrl>#actor-state</styleUrl>"));
}

fn window() -> egui_kittest::Harness<'static, faultline::ui::FaultlineApp> {
    use faultline::map::atlas::Atlas;
    use faultline::map::basemap::Detail;
    let app = faultline::ui::FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut faultline::ui::FaultlineApp| app.show(ui),
            app,
        );
    harness.run_steps(3);
    harness
}

#[test]
fn the_window_adds_a_kml_layer_and_says_what_it_skipped() {
    let mut harness = window();
    harness
        .state_mut()
        .apply(faultline::ui::Action::OpenPath(fixture("google_earth.kml")));
    harness.run_steps(2);
    let texts: Vec<String> = harness
        .state()
        .messages()
        .iter()
        .map(|m| m.text.clone())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("google_earth") && t.contains("skipped 2 ground overlays")),
        "{texts:?}"
    );
    assert!(
        !harness.state().messages().iter().any(|m| m.is_error),
        "{texts:?}"
    );
    assert_eq!(harness.state().layer_names(), ["google_earth"]);
}

#[test]
fn file_export_as_kml_writes_the_open_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("brief.kml");
    let mut harness = window();
    harness.state_mut().apply(faultline::ui::Action::FileChosen(
        faultline::ui::file_dialog::DialogPurpose::ExportKml("brief.kml".into()),
        path.clone(),
    ));
    harness.run_steps(2);
    let layer = load_layer_file(&path).unwrap_or_else(|e| panic!("the export reads back: {e}"));
    assert_eq!(
        layer.groups(),
        ["Actors", "Ties", "Events"].map(String::from)
    );
    let last = harness.state().messages().last().map(|m| m.text.clone());
    assert!(
        last.as_deref().is_some_and(|t| t.contains("Google Earth")),
        "{last:?}"
    );
}
