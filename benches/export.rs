//! Speed of exporting a briefing picture: the built-in scenario at 1:10m detail, with its
//! furniture, as a 3840×2160 PNG (a full-HD view painted at twice the resolution) and as SVG.
//!
//! Run with `cargo bench --bench export`; the figures are reported in the issue notes.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::{Camera, LonLatBox};
use faultline::map::projected::{ProjectedLines, graticule_step};
use faultline::map::projection::Projection;
use faultline::model::file::built_in_scenario;
use faultline::model::furniture::Furniture;
use faultline::model::settings::BorderView;
use faultline::render::{PictureFormat, encode_picture, fit_view, render_pixmap};
use faultline::scene::text::LabelFont;
use faultline::scene::{
    BaseLayers, FurnitureInput, MapFrame, MapStyle, Scene, StoryInput, build_map_scene,
};

/// Europe to Central Asia, where the window opens.
const REGION: LonLatBox = LonLatBox::new(-12.0, 20.0, 92.0, 62.0);
const OUTPUT: [u32; 2] = [3840, 2160];

fn export(c: &mut Criterion) {
    let project = built_in_scenario().expect("scenario");
    let atlas = Atlas::load_now(&[Detail::Fine]);
    let font = LabelFont::bundled().expect("font");
    let style = MapStyle::default();
    let furniture = Furniture {
        banner: true,
        ..Furniture::default()
    };
    let projection = Projection::EqualEarth;
    let base = atlas
        .projected(Detail::Fine, projection)
        .expect("projected");
    let (viewport, scale) = fit_view([1920.0, 1080.0], OUTPUT);
    let build = |camera: &Camera, graticule: &Arc<ProjectedLines>| -> Scene {
        build_map_scene(&MapFrame {
            camera,
            base: &base,
            graticule: Some(graticule),
            layers: BaseLayers::default(),
            border_view: BorderView::default(),
            user_layers: &[],
            datasets: &[],
            hovered: None,
            selected: None,
            style: &style,
            font: &font,
            background: None,
            story: Some(StoryInput {
                project: &project,
                focus: None,
                legend: true,
                legend_collapsed: false,
                visible: None,
                path: &[],
            }),
            furniture: Some(FurnitureInput {
                settings: &furniture,
                project_title: &project.title,
                resolution: scale,
            }),
        })
    };
    let mut group = c.benchmark_group("export 3840x2160 at 10m with the story and furniture");
    group.sample_size(10);
    for (name, camera) in [
        ("world", Camera::world(projection, viewport)),
        (
            "Europe to Central Asia",
            Camera::fit_lon_lat(projection, REGION, viewport, 0.06),
        ),
    ] {
        let graticule = atlas.graticule(
            graticule_step(camera.degrees_per_pixel(projection)),
            projection,
        );
        group.bench_function(format!("{name}: scene"), |b| {
            b.iter(|| black_box(build(&camera, &graticule).primitives.len()))
        });
        let scene = build(&camera, &graticule);
        group.bench_function(format!("{name}: paint"), |b| {
            b.iter(|| {
                black_box(
                    render_pixmap(&scene, &font, scale as f32)
                        .expect("paints")
                        .width(),
                )
            })
        });
        group.bench_function(format!("{name}: scene + paint + PNG"), |b| {
            b.iter(|| {
                let scene = build(&camera, &graticule);
                black_box(
                    encode_picture(&scene, &font, scale as f32, PictureFormat::Png)
                        .expect("encodes")
                        .len(),
                )
            })
        });
        group.bench_function(format!("{name}: scene + SVG"), |b| {
            b.iter(|| {
                let scene = build(&camera, &graticule);
                black_box(
                    encode_picture(&scene, &font, scale as f32, PictureFormat::Svg)
                        .expect("encodes")
                        .len(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
