//! The fast raster painter (bevel joins on thin strokes, bands painted on all cores) paints the
//! picture the plain one-pass painter does: a 4K export at 10m with the story matches the
//! reference on at least 99.5 % of its pixels.

use std::sync::Arc;

use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::{Camera, LonLatBox};
use faultline::map::projected::{ProjectedDetail, graticule_step};
use faultline::map::projection::Projection;
use faultline::model::file::built_in_scenario;
use faultline::model::furniture::Furniture;
use faultline::model::settings::BorderView;
use faultline::render::{fit_view, render_pixmap, render_pixmap_reference};
use faultline::scene::text::LabelFont;
use faultline::scene::{
    BaseLayers, FurnitureInput, MapFrame, MapStyle, Scene, StoryInput, build_map_scene,
};
use tiny_skia::Pixmap;

const OUTPUT: [u32; 2] = [3840, 2160];
/// A pixel counts as the same when no channel differs by more than this (of 255): the width of
/// a bevel's corner against a round join's on a hairline border.
const SAME_WITHIN: u8 = 8;

struct Fixture {
    atlas: Atlas,
    base: Arc<ProjectedDetail>,
    font: LabelFont,
    style: MapStyle,
    furniture: Furniture,
    scale: f64,
    viewport: [f64; 2],
}

impl Fixture {
    fn new() -> Fixture {
        let atlas = Atlas::load_now(&[Detail::Fine]);
        let base = atlas
            .projected(Detail::Fine, Projection::EqualEarth)
            .expect("projected");
        let (viewport, scale) = fit_view([1920.0, 1080.0], OUTPUT);
        Fixture {
            atlas,
            base,
            font: LabelFont::bundled().expect("font"),
            style: MapStyle::default(),
            furniture: Furniture {
                banner: true,
                ..Furniture::default()
            },
            scale,
            viewport,
        }
    }

    fn scene(&self, camera: &Camera, with_story: bool) -> Scene {
        let project = built_in_scenario().expect("scenario");
        let graticule = self.atlas.graticule(
            graticule_step(camera.degrees_per_pixel(Projection::EqualEarth)),
            Projection::EqualEarth,
        );
        build_map_scene(&MapFrame {
            camera,
            base: &self.base,
            graticule: Some(&graticule),
            layers: BaseLayers::default(),
            border_view: BorderView::default(),
            user_layers: &[],
            datasets: &[],
            hovered: None,
            selected: None,
            style: &self.style,
            font: &self.font,
            background: None,
            story: with_story.then_some(StoryInput {
                project: &project,
                focus: None,
                legend: true,
                legend_collapsed: false,
                visible: None,
                path: &[],
            }),
            furniture: Some(FurnitureInput {
                settings: &self.furniture,
                project_title: &project.title,
                resolution: self.scale,
            }),
        })
    }
}

/// The share of pixels on which two pictures of one size agree.
fn share_alike(a: &Pixmap, b: &Pixmap) -> f64 {
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let alike = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(p, q)| {
            [
                p.red().abs_diff(q.red()),
                p.green().abs_diff(q.green()),
                p.blue().abs_diff(q.blue()),
                p.alpha().abs_diff(q.alpha()),
            ]
            .iter()
            .all(|d| *d <= SAME_WITHIN)
        })
        .count();
    alike as f64 / a.pixels().len() as f64
}

#[test]
fn a_4k_export_at_10m_matches_the_one_pass_painter() {
    let fixture = Fixture::new();
    let world = Camera::world(Projection::EqualEarth, fixture.viewport);
    let region = Camera::fit_lon_lat(
        Projection::EqualEarth,
        LonLatBox::new(-12.0, 20.0, 92.0, 62.0),
        fixture.viewport,
        0.06,
    );
    let scale = fixture.scale as f32;
    for (name, camera) in [("world", world), ("Europe to Central Asia", region)] {
        let scene = fixture.scene(&camera, true);
        let fast = render_pixmap(&scene, &fixture.font, scale).expect("fast");
        let reference = render_pixmap_reference(&scene, &fixture.font, scale).expect("reference");
        assert_eq!((fast.width(), fast.height()), (OUTPUT[0], OUTPUT[1]));
        let share = share_alike(&fast, &reference);
        eprintln!("{name}: {:.3} % of pixels alike", share * 100.0);
        assert!(share >= 0.995, "{name}: {:.3} % alike", share * 100.0);
    }
}

#[test]
fn the_comparison_sees_a_missing_story() {
    // The measure above would pass anything if it could not tell a map with the story from one
    // without: it must not.
    let fixture = Fixture::new();
    let world = Camera::world(Projection::EqualEarth, fixture.viewport);
    let scale = fixture.scale as f32;
    let with = render_pixmap(&fixture.scene(&world, true), &fixture.font, scale).expect("with");
    let without =
        render_pixmap_reference(&fixture.scene(&world, false), &fixture.font, scale).expect("bare");
    let share = share_alike(&with, &without);
    eprintln!("with and without the story: {:.3} % alike", share * 100.0);
    assert!(share < 0.995, "{:.3} % alike", share * 100.0);
}
