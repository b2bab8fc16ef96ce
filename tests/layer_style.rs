//! A geojson.io sketch drawn as it was meant: its features' simplestyle colours come out in
//! the PNG the scene's painter writes, at the features' places.

use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::{Camera, LonLat, LonLatBox, ScreenPoint};
use faultline::map::projection::Projection;
use faultline::map::user_layer::LayerGeometry;
use faultline::map::vector_layer::parse_geojson;
use faultline::model::settings::BorderView;
use faultline::scene::text::LabelFont;
use faultline::scene::{BaseLayers, MapFrame, MapStyle, UserLayerView, build_map_scene};
use tiny_skia::Pixmap;

const SKETCH: &[u8] = br##"{"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"title":"Camp","marker-color":"#ff0000","marker-size":"large","marker-symbol":"campsite"},
   "geometry":{"type":"Point","coordinates":[66.0,33.0]}},
  {"type":"Feature","properties":{"title":"Zone","fill":"#00ff00","fill-opacity":1,"stroke":"#00ff00"},
   "geometry":{"type":"Polygon","coordinates":[[[60,28],[63,28],[63,31],[60,31],[60,28]]]}},
  {"type":"Feature","properties":{"title":"Route","stroke":"00f","stroke-width":8},
   "geometry":{"type":"LineString","coordinates":[[70,27],[76,27]]}},
  {"type":"Feature","properties":{"title":"Typo","marker-color":"reddish"},
   "geometry":{"type":"Point","coordinates":[72.0,36.0]}}
]}"##;

#[test]
fn simplestyle_colours_appear_at_the_features_pixels() {
    let layer = parse_geojson(SKETCH, "sketch").expect("valid layer");
    let projection = Projection::EqualEarth;
    let geometry = LayerGeometry::from_layer(&layer).project(projection);
    assert_eq!(geometry.point_labels, vec!["Camp", "Typo"]);
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
        name: "sketch",
        shown: None,
    }];
    let scene = build_map_scene(&MapFrame {
        camera: &camera,
        base: &base,
        graticule: None,
        layers: BaseLayers {
            labels: false,
            ..BaseLayers::default()
        },
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
    });
    let png = faultline::render::png::render_png(&scene, &font, 1.0).expect("renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sketch.png");
    std::fs::write(&path, png).expect("written");
    let pixmap = Pixmap::load_png(&path).expect("a PNG");
    let at = |lon: f64, lat: f64| {
        let ScreenPoint { x, y } = camera.lon_lat_to_screen(projection, LonLat::new(lon, lat));
        let p = pixmap
            .pixel(x.round() as u32, y.round() as u32)
            .expect("inside the picture")
            .demultiply();
        [p.red(), p.green(), p.blue()]
    };
    assert_eq!(at(66.0, 33.0), [255, 0, 0], "the red marker");
    assert_eq!(at(61.5, 29.5), [0, 255, 0], "the green area");
    assert_eq!(at(73.0, 27.0), [0, 0, 255], "the blue route");
    // A bad colour falls back to the layer's own, silently.
    let [r, g, b] = at(72.0, 36.0);
    let own = style.layer_color(0);
    assert_eq!([r, g, b], [own.r, own.g, own.b], "the typo's marker");
}
