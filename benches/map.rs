//! Speed of the map engine on the work a user waits for: loading the data, building a frame,
//! and hit-testing under the pointer (exporting pictures: `benches/export.rs`).
//!
//! Run with `cargo bench --bench map`; the figures are reported in the issue notes.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::{BaseMap, Detail};
use faultline::map::camera::{Camera, LonLatBox};
use faultline::map::projected::{DetailData, ProjectedDetail, graticule_step};
use faultline::map::projection::Projection;
use faultline::model::file::built_in_scenario;
use faultline::model::settings::BorderView;
use faultline::scene::text::LabelFont;
use faultline::scene::{BaseLayers, MapFrame, MapStyle, StoryInput, build_map_scene};
use faultline::ui::painter::scene_to_shapes;

const FULL_HD: [f64; 2] = [1920.0, 1080.0];
/// Afghanistan and its neighbours.
const REGION: LonLatBox = LonLatBox::new(50.0, 22.0, 82.0, 42.5);

fn loading(c: &mut Criterion) {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/maps/countries-10m.geojson"
    ))
    .expect("maps/countries-10m.geojson");
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("parse countries-10m.geojson (serde_json + geojson)", |b| {
        b.iter(|| {
            let collection: geojson::FeatureCollection =
                serde_json::from_slice(black_box(&bytes)).expect("valid");
            black_box(collection.features.len())
        })
    });
    group.bench_function("base map 10m (parse + convert to geo)", |b| {
        b.iter(|| black_box(BaseMap::load(Detail::Fine).expect("loads").countries.len()))
    });
    group.bench_function("detail 10m ready (load + triangulate + index)", |b| {
        b.iter(|| black_box(DetailData::build(Detail::Fine).expect("loads").shapes.len()))
    });
    let data = Arc::new(DetailData::build(Detail::Fine).expect("loads"));
    let world = Camera::world(Projection::EqualEarth, FULL_HD);
    group.bench_function(
        "change of projection at world view, 10m (project + simplify)",
        |b| {
            b.iter(|| {
                let projected = Arc::new(ProjectedDetail::new(
                    Arc::clone(&data),
                    Projection::EqualEarth,
                ));
                black_box(
                    projected
                        .geometry_for_scale(world.pixels_per_unit, None)
                        .map(|s| s.countries.len()),
                )
            })
        },
    );
    group.finish();
}

fn frames(c: &mut Criterion) {
    // egui lays out the labels' text, so the conversion runs inside an egui pass.
    let ctx = egui::Context::default();
    ctx.begin_pass(egui::RawInput::default());
    let painter = egui::Painter::new(
        ctx.clone(),
        egui::LayerId::background(),
        egui::Rect::EVERYTHING,
    );
    let project = built_in_scenario().expect("scenario");
    let atlas = Atlas::load_now(&[Detail::Fine]);
    let font = LabelFont::bundled().expect("font");
    let style = MapStyle::default();
    let projection = Projection::EqualEarth;
    let mut group = c.benchmark_group("frame 1920x1080 at 10m");
    for (name, camera) in [
        ("world", Camera::world(projection, FULL_HD)),
        (
            "Afghanistan and neighbours",
            Camera::fit_lon_lat(projection, REGION, FULL_HD, 0.06),
        ),
    ] {
        let base = atlas
            .projected(Detail::Fine, projection)
            .expect("projected");
        let graticule = atlas.graticule(
            graticule_step(camera.degrees_per_pixel(projection)),
            projection,
        );
        for with_story in [false, true] {
            let label = if with_story {
                "scene + egui shapes, with the story"
            } else {
                "scene + egui shapes"
            };
            group.bench_function(format!("{name}: {label}"), |b| {
                b.iter(|| {
                    let scene = build_map_scene(&MapFrame {
                        camera: &camera,
                        base: &base,
                        graticule: Some(&graticule),
                        layers: BaseLayers::default(),
                        border_view: BorderView::default(),
                        user_layers: &[],
                        datasets: &[],
                        hovered: None,
                        selected: None,
                        style: &style,
                        font: &font,
                        background: None,
                        furniture: None,
                        story: with_story.then_some(StoryInput {
                            project: &project,
                            focus: None,
                            legend: true,
                            legend_collapsed: false,
                            visible: None,
                            path: &[],
                        }),
                    });
                    black_box(scene_to_shapes(&scene, egui::Pos2::ZERO, &painter).len())
                })
            });
        }
    }
    group.finish();
    let _ = ctx.end_pass();
}

fn hit_testing(c: &mut Criterion) {
    let data = Arc::new(DetailData::build(Detail::Fine).expect("loads"));
    // A fixed spread of points over the inhabited world, land and sea.
    let points: Vec<[f64; 2]> = (0..1000)
        .map(|i| {
            let t = f64::from(i);
            [
                ((t * 137.508) % 360.0) - 180.0,
                ((t * 61.803) % 140.0) - 60.0,
            ]
        })
        .collect();
    let mut group = c.benchmark_group("hit-test 10m");
    group.bench_function("country under a point (R-tree + point in polygon)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % points.len();
            black_box(data.country_at(points[i]))
        })
    });
    group.bench_function("Kabul", |b| {
        b.iter(|| black_box(data.country_at(black_box([69.17, 34.53]))))
    });
    group.finish();
}

criterion_group!(benches, loading, frames, hit_testing);
criterion_main!(benches);
