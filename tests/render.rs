//! `faultline render`: the picture has the size asked for, known places have the expected
//! colours, and bad arguments end in clear messages and exit status 1 or 2.

use std::process::Command;

use faultline::scene::{MapStyle, Rgba};
use tiny_skia::Pixmap;

mod pictures;
use pictures::{close, colour_at, render};

fn faultline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
}

#[test]
fn picture_has_the_requested_size_and_the_right_colours() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("region.png");
    let bbox = [44.0, 20.0, 82.0, 44.0];
    let output = render(
        &[
            "--size",
            "900x600",
            "--bbox",
            "44,20,82,44",
            "--detail",
            "50m",
            "--no-story",
        ],
        &out,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("900×600"));
    let pixmap = Pixmap::load_png(&out).expect("a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (900, 600));
    let style = MapStyle::default();
    // Open sea (Arabian Sea) is ocean-coloured; Khorasan (north-east Iran) is land-coloured.
    // The places are chosen away from borders, names and graticule lines.
    let sea = colour_at(&pixmap, bbox, [63.0, 21.5]);
    assert!(close(sea, style.ocean), "sea is {sea:?}");
    let iran = colour_at(&pixmap, bbox, [57.3, 34.2]);
    assert!(close(iran, style.land), "Iran is {iran:?}");
    // Borders are drawn: somewhere along the Afghanistan–Pakistan border at 31°N the colour
    // departs from plain land.
    let border_row: Vec<Rgba> = (0..40)
        .map(|i| colour_at(&pixmap, bbox, [66.0 + f64::from(i) * 0.05, 29.9]))
        .collect();
    assert!(
        border_row
            .iter()
            .any(|c| !close(*c, style.land) && !close(*c, style.ocean))
    );
}

#[test]
fn world_picture_keeps_russia_and_fiji_off_the_pacific() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("world.png");
    let output = render(&["--size", "1000x500", "--no-story"], &out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pixmap = Pixmap::load_png(&out).expect("a PNG");
    let style = MapStyle::default();
    let world = [-180.0, -90.0, 180.0, 90.0];
    // The middle of the Pacific and of the Atlantic are sea: no ring smeared across the map.
    for (name, place) in [
        ("North Pacific", [-140.0, 20.0]),
        ("South Pacific", [-110.0, -40.0]),
        ("Atlantic", [-35.0, 10.0]),
    ] {
        let c = colour_at(&pixmap, world, place);
        assert!(close(c, style.ocean), "{name} is {c:?}");
    }
    // Siberia is land.
    let siberia = colour_at(&pixmap, world, [100.0, 62.0]);
    assert!(!close(siberia, style.ocean), "Siberia is {siberia:?}");
}

#[test]
fn bad_arguments_end_in_clear_messages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("x.png");
    let cases: [(&[&str], &str); 5] = [
        (&["--size", "0x100"], "--size"),
        (&["--size", "10000x100"], "8192"),
        (&["--projection", "robinson"], "unknown projection"),
        (&["--bbox", "5,0,5,5"], "--bbox"),
        (&["--detail", "5m"], "unknown detail"),
    ];
    for (args, expected) in cases {
        let output = render(args, &out);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!out.exists(), "nothing is written on error");
    }
    let unwritable = dir.path().join("no/such/folder/map.png");
    let output = render(&["--size", "64x32"], &unwritable);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write") && stderr.contains("map.png"),
        "{stderr}"
    );
    let missing_layer = render(&["--layer", "/no/such/layer.geojson"], &out);
    assert_eq!(missing_layer.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing_layer.stderr).contains("layer.geojson"));
}

#[test]
fn a_layer_is_drawn_on_the_picture() {
    let dir = tempfile::tempdir().expect("temp dir");
    let layer = dir.path().join("zone.geojson");
    std::fs::write(
        &layer,
        r#"{"type":"Feature","properties":{"name":"Zone"},"geometry":{"type":"Polygon","coordinates":[[[60,26],[64,26],[64,30],[60,30],[60,26]]]}}"#,
    )
    .expect("write");
    let out = dir.path().join("layer.png");
    let bbox = [44.0, 20.0, 82.0, 44.0];
    let output = faultline()
        .args([
            "render",
            "--size",
            "900x600",
            "--bbox",
            "44,20,82,44",
            "--detail",
            "110m",
            "--layer",
        ])
        .arg(&layer)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pixmap = Pixmap::load_png(&out).expect("a PNG");
    let inside = colour_at(&pixmap, bbox, [62.0, 28.0]);
    let style = MapStyle::default();
    assert!(
        !close(inside, style.land) && !close(inside, style.ocean),
        "zone is {inside:?}"
    );
}

#[test]
fn scene_names_user_points_and_countries_without_overlap() {
    use faultline::map::atlas::Atlas;
    use faultline::map::basemap::Detail;
    use faultline::map::camera::{Camera, LonLatBox};
    use faultline::map::projection::Projection;
    use faultline::map::user_layer::LayerGeometry;
    use faultline::map::vector_layer::parse_geojson;
    use faultline::model::settings::BorderView;
    use faultline::scene::text::LabelFont;
    use faultline::scene::{BaseLayers, MapFrame, UserLayerView, build_map_scene};

    let layer = parse_geojson(
        br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Kabul"},"geometry":{"type":"Point","coordinates":[69.17,34.53]}},
            {"type":"Feature","properties":{"name":"Islamabad"},"geometry":{"type":"Point","coordinates":[73.05,33.68]}}]}"#,
        "capitals",
    )
    .expect("valid layer");
    let projection = Projection::EqualEarth;
    let geometry = LayerGeometry::from_layer(&layer).project(projection);
    let atlas = Atlas::load_now(&[Detail::Medium]);
    let base = atlas
        .projected(Detail::Medium, projection)
        .expect("projected");
    let camera = Camera::fit_lon_lat(
        projection,
        LonLatBox::new(55.0, 25.0, 80.0, 40.0),
        [1000.0, 700.0],
        0.05,
    );
    let style = MapStyle::default();
    let font = LabelFont::bundled().expect("font");
    let views = [UserLayerView {
        geometry: &geometry,
        color: style.layer_color(0),
        name: "capitals",
        shown: None,
    }];
    let scene_with = |layers: BaseLayers| {
        build_map_scene(&MapFrame {
            camera: &camera,
            base: &base,
            graticule: None,
            layers,
            border_view: BorderView::default(),
            user_layers: &views,
            datasets: &[],
            hovered: None,
            selected: None,
            style: &style,
            font: &font,
            background: None,
            furniture: None,
            story: None,
        })
    };
    let scene = scene_with(BaseLayers::default());
    let texts: Vec<&str> = scene.label_texts().collect();
    for expected in ["Kabul", "Islamabad", "Afghanistan", "Pakistan"] {
        assert!(
            texts.contains(&expected),
            "{expected} missing from {texts:?}"
        );
    }
    // The layer's Kabul is not named again by the cities layer.
    assert_eq!(
        texts.iter().filter(|t| **t == "Kabul").count(),
        1,
        "{texts:?}"
    );
    // With country and city names switched off, only the layer's own names remain.
    let without = scene_with(BaseLayers {
        labels: false,
        cities: false,
        ..BaseLayers::default()
    });
    let mut texts: Vec<&str> = without.label_texts().collect();
    texts.sort_unstable();
    assert_eq!(texts, vec!["Islamabad", "Kabul"]);
}

#[test]
fn the_built_in_story_is_drawn_by_default() {
    use faultline::scene::story::actor_symbol;
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("story.png");
    let bbox = [44.0, 20.0, 82.0, 44.0];
    let output = render(
        &[
            "--size",
            "900x600",
            "--bbox",
            "44,20,82,44",
            "--detail",
            "50m",
        ],
        &out,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pixmap = Pixmap::load_png(&out).expect("a PNG");
    // The Taliban-affiliated fighters are a lone symbol (non-state armed group) at their anchor.
    let (_, fighters, _) = actor_symbol(faultline::model::ActorKind::NonStateArmedGroup);
    let project = faultline::model::file::built_in_scenario().expect("scenario");
    let anchor = project
        .actors
        .iter()
        .find(|a| a.id.as_str() == "actor:taliban-fighters")
        .map(|a| [a.anchor.lon, a.anchor.lat])
        .expect("the fighters are in the scenario");
    let drawn = colour_at(&pixmap, bbox, anchor);
    assert!(
        close(drawn, fighters),
        "the fighters' symbol is {drawn:?}, expected {fighters:?}"
    );
    // Afghanistan is washed with the de-facto authority's tint, unlike its neighbours.
    let style = MapStyle::default();
    let afghan = colour_at(&pixmap, bbox, [64.0, 33.5]);
    assert!(
        !close(afghan, style.land),
        "Afghanistan is tinted: {afghan:?}"
    );
}

#[test]
fn the_legend_explains_only_what_the_view_shows() {
    use faultline::map::camera::{Camera, LonLatBox};
    use faultline::map::projection::Projection;
    use faultline::model::file::built_in_scenario;
    use faultline::scene::story::{LegendItem, layout_story};
    let project = built_in_scenario().unwrap();
    let projection = Projection::EqualEarth;
    let labels = |camera: &Camera| -> Vec<String> {
        layout_story(&project, camera, projection, None, None, &[])
            .legend
            .into_iter()
            .filter_map(|item| match item {
                LegendItem::Line { label, .. }
                | LegendItem::Symbol { label, .. }
                | LegendItem::Swatch { label, .. } => Some(label),
                LegendItem::Heading(_) => None,
            })
            .collect()
    };
    let world = labels(&Camera::world(projection, [1600.0, 900.0]));
    // The United Nations sits in New York and The Diplomat is anchored in Tokyo.
    assert!(
        world.iter().any(|l| l == "international organisation"),
        "{world:?}"
    );
    assert!(world.iter().any(|l| l == "media outlet"), "{world:?}");
    let region = Camera::fit_lon_lat(
        projection,
        LonLatBox::new(60.0, 29.0, 75.0, 38.5),
        [1600.0, 900.0],
        0.0,
    );
    let regional = labels(&region);
    assert!(
        regional.iter().any(|l| l == "de-facto authority"),
        "{regional:?}"
    );
    assert!(
        !regional.iter().any(|l| l == "international organisation"),
        "{regional:?}"
    );
    assert!(
        !regional.iter().any(|l| l == "media outlet"),
        "{regional:?}"
    );
    assert!(regional.len() < world.len());
}
