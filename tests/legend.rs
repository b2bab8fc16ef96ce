//! The legend a briefing room needs: only what the picture draws (user layers under their
//! names), compact enough to leave the story readable, in the corner the user chose and clear of
//! the other furniture.

use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::LonLatBox;
use faultline::map::projection::Projection;
use faultline::map::user_layer::{LayerGeometry, ProjectedLayer};
use faultline::map::vector_layer::parse_geojson;
use faultline::model::file::built_in_scenario;
use faultline::model::furniture::{Furniture, LegendCorner};
use faultline::model::settings::{BaseLayers, BorderView};
use faultline::scene::compose::{Framing, LayerInput, Picture, SceneInputs, ViewInputs, compose};
use faultline::scene::legend::LEGEND_TITLE;
use faultline::scene::text::LabelFont;
use faultline::scene::{MapStyle, Primitive, Scene};

fn capitals(projection: Projection) -> ProjectedLayer {
    let layer = parse_geojson(
        br#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Kabul"},"geometry":{"type":"Point","coordinates":[69.17,34.53]}},
            {"type":"Feature","properties":{"name":"Islamabad"},"geometry":{"type":"Point","coordinates":[73.05,33.68]}}]}"#,
        "Capitals of the region",
    )
    .expect("valid layer");
    LayerGeometry::from_layer(&layer).project(projection)
}

/// The built-in story in a picture of `size` pixels with the legend in `corner`.
fn scene(size: [u32; 2], bbox: Option<[f64; 4]>, corner: LegendCorner, collapsed: bool) -> Scene {
    let style = MapStyle::default();
    let projection = Projection::EqualEarth;
    let geometry = capitals(projection);
    let layers = [LayerInput {
        geometry: &geometry,
        color: style.layer_color(0),
        name: "Capitals of the region",
        shown: None,
    }];
    scene_of(
        size,
        bbox,
        corner,
        collapsed,
        BaseLayers::default(),
        &layers,
    )
}

/// The built-in story with `layers` over it, the base layers `base` switched.
fn scene_of(
    size: [u32; 2],
    bbox: Option<[f64; 4]>,
    corner: LegendCorner,
    collapsed: bool,
    base: BaseLayers,
    layers: &[LayerInput<'_>],
) -> Scene {
    let project = built_in_scenario().expect("built-in story");
    let font = LabelFont::bundled().expect("bundled font");
    let style = MapStyle::default();
    let picture = Picture::of_size(size, None);
    let projection = Projection::EqualEarth;
    let view = ViewInputs {
        projection,
        pinned_detail: Some(Detail::Coarse),
        framing: Framing::Area(bbox.map(LonLatBox::from_array)),
        selected_country: None,
        focus: None,
        visible: None,
        path: &[],
        legend_collapsed: collapsed,
    };
    let atlas = Atlas::load_now(&[Detail::Coarse]);
    let composition = compose(&view, &picture, false, &atlas).expect("base map");
    let furniture = Furniture {
        legend_corner: corner,
        ..Furniture::default()
    };
    composition.scene(&SceneInputs {
        project: Some(&project),
        project_title: &project.title,
        base_layers: base,
        border_view: BorderView::default(),
        furniture: Some(&furniture),
        layers,
        datasets: &[],
        view,
        picture,
        style: &style,
        font: &font,
        background: None,
    })
}

/// The boxes of the other furniture: light panels drawn after the legend.
fn furniture_panels(scene: &Scene) -> Vec<[f32; 4]> {
    let legend = scene.legend.expect("a legend").rect;
    scene
        .primitives
        .iter()
        .filter_map(|p| match p {
            Primitive::Rect { min, max, .. } => Some([min[0], min[1], max[0], max[1]]),
            _ => None,
        })
        .filter(|r| {
            // Not the legend's own box or swatches.
            !(r[0] >= legend[0] && r[1] >= legend[1] && r[2] <= legend[2] && r[3] <= legend[3])
        })
        .collect()
}

fn overlap(a: [f32; 4], b: [f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

#[test]
fn the_legend_lists_user_layers_under_their_names() {
    let scene = scene(
        [1920, 1080],
        Some([55.0, 25.0, 80.0, 42.0]),
        LegendCorner::BottomLeft,
        false,
    );
    let texts: Vec<&str> = scene.label_texts().collect();
    assert!(texts.contains(&"Layers"), "{texts:?}");
    assert!(texts.contains(&"Capitals of the region"), "{texts:?}");
    assert!(texts.contains(&LEGEND_TITLE), "{texts:?}");
}

#[test]
fn the_legend_takes_at_most_a_sixth_of_any_picture() {
    for size in [[1920, 1080], [3840, 2160], [1400, 860], [810, 660]] {
        let scene = scene(size, None, LegendCorner::BottomLeft, false);
        let [x0, y0, x1, y1] = scene.legend.expect("a legend").rect;
        let share = (x1 - x0) * (y1 - y0) / (scene.size[0] * scene.size[1]);
        assert!(share <= 1.0 / 6.0 + 1e-3, "{size:?}: {share}");
        assert!(x0 >= 0.0 && y0 >= 0.0 && x1 <= scene.size[0] && y1 <= scene.size[1]);
    }
}

#[test]
fn the_legend_sits_in_its_corner_clear_of_the_other_furniture() {
    for corner in LegendCorner::ALL {
        let scene = scene([1400, 860], None, corner, false);
        let region = scene.legend.expect("a legend");
        assert_eq!(region.corner, corner);
        let [x0, y0, x1, y1] = region.rect;
        let (right, top) = corner.sides();
        let [w, h] = scene.size;
        assert_eq!(
            right,
            (x0 + x1) / 2.0 > w / 2.0,
            "{corner:?}: {:?}",
            region.rect
        );
        assert_eq!(
            top,
            (y0 + y1) / 2.0 < h / 2.0,
            "{corner:?}: {:?}",
            region.rect
        );
        for panel in furniture_panels(&scene) {
            assert!(
                !overlap(panel, region.rect),
                "{corner:?}: the legend {:?} covers {panel:?}",
                region.rect
            );
        }
    }
}

#[test]
fn a_collapsed_legend_is_its_title_alone() {
    let open = scene([1400, 860], None, LegendCorner::BottomLeft, false);
    let closed = scene([1400, 860], None, LegendCorner::BottomLeft, true);
    let region = closed.legend.expect("a collapsed legend");
    assert!(region.collapsed);
    let [x0, y0, x1, y1] = region.rect;
    assert!(x1 - x0 < 100.0 && y1 - y0 < 40.0, "{:?}", region.rect);
    assert!(open.label_texts().any(|t| t == "Relationships"));
    assert!(!closed.label_texts().any(|t| t == "Relationships"));
}

/// The legend's samples: the colours of the markers drawn inside its box.
fn legend_marker_colours(scene: &Scene) -> Vec<faultline::scene::Rgba> {
    let [x0, y0, x1, y1] = scene.legend.expect("a legend").rect;
    scene
        .primitives
        .iter()
        .filter_map(|p| match p {
            Primitive::Marker { center, fill, .. }
                if center[0] >= x0 && center[0] <= x1 && center[1] >= y0 && center[1] <= y1 =>
            {
                Some(*fill)
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_layer_in_its_own_simplestyle_colours_is_shown_so_in_the_legend() {
    let projection = Projection::EqualEarth;
    let style = MapStyle::default();
    // A geojson.io sketch: two markers in colours of their own.
    let sketch = parse_geojson(
        br##"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"title":"Camp","marker-color":"#ff0000"},"geometry":{"type":"Point","coordinates":[66.0,33.0]}},
            {"type":"Feature","properties":{"title":"Post","marker-color":"#00aa00"},"geometry":{"type":"Point","coordinates":[68.0,31.0]}},
            {"type":"Feature","properties":{"title":"Post 2","marker-color":"#00aa00"},"geometry":{"type":"Point","coordinates":[70.0,30.0]}}]}"##,
        "sketch",
    )
    .expect("valid layer");
    // A KML export whose placemarks all share one style.
    let kml = parse_geojson(
        br##"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Depot","marker-color":"#ff8800"},"geometry":{"type":"Point","coordinates":[64.0,35.0]}},
            {"type":"Feature","properties":{"name":"Store","marker-color":"#ff8800"},"geometry":{"type":"Point","coordinates":[63.0,34.0]}}]}"##,
        "depots",
    )
    .expect("valid layer");
    let (a, b) = (
        LayerGeometry::from_layer(&sketch).project(projection),
        LayerGeometry::from_layer(&kml).project(projection),
    );
    let layers = [
        LayerInput {
            geometry: &a,
            color: style.layer_color(0),
            name: "sketch",
            shown: None,
        },
        LayerInput {
            geometry: &b,
            color: style.layer_color(1),
            name: "depots",
            shown: None,
        },
    ];
    let scene = scene_of(
        [1920, 1080],
        Some([55.0, 25.0, 80.0, 42.0]),
        LegendCorner::BottomLeft,
        false,
        BaseLayers::default(),
        &layers,
    );
    let texts: Vec<&str> = scene.label_texts().collect();
    assert!(texts.contains(&"sketch: Camp"), "{texts:?}");
    assert!(texts.contains(&"sketch: Post and 1 more"), "{texts:?}");
    assert!(texts.contains(&"depots"), "one look, one row: {texts:?}");
    let colours = legend_marker_colours(&scene);
    for hex in ["#ff0000", "#00aa00", "#ff8800"] {
        assert!(
            colours.iter().any(|c| c.to_hex() == hex),
            "{hex} sampled in the legend: {colours:?}"
        );
    }
    assert!(
        !colours.contains(&style.layer_color(1)),
        "the palette colour the depots are not drawn in is not shown"
    );
}

#[test]
fn with_the_story_layer_off_the_legend_still_lists_the_users_layers() {
    let projection = Projection::EqualEarth;
    let style = MapStyle::default();
    let geometry = capitals(projection);
    let layers = [LayerInput {
        geometry: &geometry,
        color: style.layer_color(0),
        name: "Capitals of the region",
        shown: None,
    }];
    let scene = scene_of(
        [1920, 1080],
        Some([55.0, 25.0, 80.0, 42.0]),
        LegendCorner::BottomLeft,
        false,
        BaseLayers {
            story: false,
            ..BaseLayers::default()
        },
        &layers,
    );
    let texts: Vec<&str> = scene.label_texts().collect();
    assert!(scene.legend.is_some(), "a legend");
    assert!(texts.contains(&"Capitals of the region"), "{texts:?}");
    assert!(
        !texts.contains(&"Actors") && !texts.contains(&"Relationships"),
        "the story is not drawn, so not listed: {texts:?}"
    );
    // With the legend switched off, none.
    let scene = scene_of(
        [1920, 1080],
        Some([55.0, 25.0, 80.0, 42.0]),
        LegendCorner::BottomLeft,
        false,
        BaseLayers {
            story: false,
            legend: false,
            ..BaseLayers::default()
        },
        &layers,
    );
    assert!(scene.legend.is_none());
}
