//! Views across the antimeridian: a Pacific picture joins the land on both sides of 180° with
//! no country smeared across it, and in the window the map pans on past 180°.

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::{LonLat, LonLatBox, ScreenPoint};
use faultline::map::projection::Projection;
use faultline::model::settings::BorderView;
use faultline::scene::compose::{Framing, Picture, SceneInputs, ViewInputs, compose};
use faultline::scene::text::LabelFont;
use faultline::scene::{BaseLayers, MapStyle, Primitive, Rgba};
use faultline::ui::{Action, FaultlineApp};

mod pictures;
use pictures::{camera_for, close, colour, render_picture};

/// Fiji, Samoa and Tonga: 170° E to 170° W.
const PACIFIC: [f64; 4] = [170.0, -20.0, -170.0, 20.0];

#[test]
fn render_draws_the_bering_strait_with_land_on_both_sides_and_the_sea_between() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("bering.png");
    let bbox = [150.0, 45.0, -140.0, 75.0];
    let pixmap = render_picture(
        &[
            "--size",
            "960x540",
            "--bbox",
            "150,45,-140,75",
            "--detail",
            "50m",
            "--no-story",
            "--no-furniture",
        ],
        &out,
    );
    let camera = camera_for(&pixmap, bbox);
    let style = MapStyle::default();
    // Chukotka west of 180°, Alaska east of it: both land; the Bering Sea between is sea.
    for (name, place) in [("Chukotka", [172.0, 66.5]), ("Alaska", [-155.0, 63.5])] {
        let c = colour(&pixmap, &camera, place);
        assert!(close(c, style.land), "{name} is {c:?}, not land");
    }
    for (name, place) in [
        ("Bering Sea", [-178.0, 57.0]),
        ("North Pacific", [167.0, 50.0]),
        ("Gulf of Alaska", [-147.0, 55.0]),
    ] {
        let c = colour(&pixmap, &camera, place);
        assert!(close(c, style.ocean), "{name} is {c:?}, not sea");
    }
    // Chukotka is drawn left of Alaska, in the picture.
    let chukotka = camera.lon_lat_to_screen(Projection::EqualEarth, LonLat::new(172.0, 66.5));
    let alaska = camera.lon_lat_to_screen(Projection::EqualEarth, LonLat::new(-155.0, 63.5));
    assert!(chukotka.x < alaska.x, "{chukotka:?} {alaska:?}");
}

#[test]
fn render_accepts_a_pacific_bbox_and_keeps_the_open_sea_clear() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("pacific.png");
    let pixmap = render_picture(
        &[
            "--size",
            "960x540",
            "--bbox",
            "170,-20,-170,20",
            "--detail",
            "50m",
            "--no-story",
        ],
        &out,
    );
    let camera = camera_for(&pixmap, PACIFIC);
    let style = MapStyle::default();
    // Viti Levu (Fiji) is land; the open ocean on both sides of 180° is sea, not a country
    // smeared across the picture.
    // (Its name is written over part of it: land, coast or name, but not sea.)
    let fiji: Vec<Rgba> = [
        [177.6, -17.6],
        [178.2, -17.7],
        [177.9, -18.0],
        [178.3, -17.5],
    ]
    .into_iter()
    .map(|place| colour(&pixmap, &camera, place))
    .collect();
    assert!(
        fiji.iter().all(|&c| !close(c, style.ocean)),
        "Viti Levu is {fiji:?}"
    );
    for place in [[175.0, 5.0], [-178.0, 8.0], [-175.0, -8.0], [172.0, -8.0]] {
        let c = colour(&pixmap, &camera, place);
        assert!(close(c, style.ocean), "{place:?} is {c:?}, not sea");
    }
    // Land is a small part of an ocean view.
    let land = pixmap
        .pixels()
        .iter()
        .filter(|p| {
            let c = p.demultiply();
            close(Rgba::new(c.red(), c.green(), c.blue(), 255), style.land)
        })
        .count();
    assert!(land * 10 < pixmap.pixels().len(), "{land} land pixels");
}

#[test]
fn the_pacific_scene_has_land_on_both_sides_of_180_and_no_ring_across_it() {
    let atlas = Atlas::load_now(&[Detail::Medium]);
    let style = MapStyle::default();
    let font = LabelFont::bundled().expect("font");
    let picture = Picture::of_size([1920, 1080], None);
    let view = ViewInputs {
        projection: Projection::EqualEarth,
        pinned_detail: Some(Detail::Medium),
        framing: Framing::Area(Some(LonLatBox::from_array(PACIFIC))),
        selected_country: None,
        focus: None,
        visible: None,
        path: &[],
        legend_collapsed: false,
    };
    let composition = compose(&view, &picture, true, &atlas).expect("composes");
    let scene = composition.scene(&SceneInputs {
        project: None,
        project_title: "",
        base_layers: BaseLayers::default(),
        border_view: BorderView::default(),
        furniture: None,
        layers: &[],
        datasets: &[],
        view,
        picture,
        style: &style,
        font: &font,
        background: None,
    });
    let camera = composition.camera;
    assert_eq!(camera.central_meridian, 180.0);
    let [width, height] = [f64::from(scene.size[0]), f64::from(scene.size[1])];
    let antimeridian = camera
        .lon_lat_to_screen(Projection::EqualEarth, LonLat::new(180.0, 0.0))
        .x;
    assert!(
        (antimeridian - width / 2.0).abs() < 1.0,
        "180° is in the middle"
    );
    let (mut west, mut east) = (0, 0);
    for primitive in &scene.primitives {
        let Primitive::Fills { shapes, items } = primitive else {
            continue;
        };
        for &(index, _) in items {
            let Some(shape) = shapes.get(index as usize) else {
                continue;
            };
            for ring in shape.rings() {
                let screen: Vec<[f64; 2]> =
                    ring.iter().map(|&p| scene.transform.apply(p)).collect();
                let (x0, x1) = screen
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                        (a.min(p[0]), b.max(p[0]))
                    });
                let (y0, y1) = screen
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                        (a.min(p[1]), b.max(p[1]))
                    });
                if x1 < 0.0 || x0 > width || y1 < 0.0 || y0 > height {
                    continue; // not in the picture
                }
                // What the picture shows of it (Australia reaches in from the west edge).
                let shown = x1.min(width) - x0.max(0.0);
                assert!(
                    shown < width * 0.5,
                    "a ring spans {:.0}% of the picture",
                    100.0 * shown / width
                );
                if x1 < antimeridian {
                    west += 1;
                } else if x0 > antimeridian {
                    east += 1;
                }
            }
        }
    }
    assert!(
        west > 0 && east > 0,
        "land on both sides: {west} west, {east} east"
    );
}

fn drag(harness: &mut Harness<'static, FaultlineApp>, from: Pos2, to: Pos2) {
    let press = |harness: &mut Harness<'static, FaultlineApp>, pos, pressed| {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    };
    harness.hover_at(from);
    harness.step();
    press(harness, from, true);
    harness.step();
    for t in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(from + (to - from) * t);
        harness.step();
    }
    press(harness, to, false);
    harness.step();
    harness.run_steps(2);
}

/// The place under a point of the window.
fn place_at(harness: &Harness<'static, FaultlineApp>, pos: Pos2) -> Option<LonLat> {
    let app = harness.state();
    let (camera, rect) = (app.camera()?, app.map_rect()?);
    let local = pos - rect.min;
    camera.screen_to_lon_lat(
        app.projection(),
        ScreenPoint::new(f64::from(local.x), f64::from(local.y)),
    )
}

#[test]
fn dragging_the_map_past_180_degrees_shows_chukotka_beside_alaska() {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
        .state_mut()
        .apply(Action::ShowArea(LonLatBox::new(-170.0, 52.0, -140.0, 72.0)));
    harness.run_steps(3);
    let Some(rect) = harness.state().map_rect() else {
        panic!("the map is drawn");
    };
    assert_eq!(
        harness.state().camera().map(|c| c.central_meridian),
        Some(0.0)
    );
    // Drag the map east, an eighth of its width at a time: the view moves west over 180°,
    // until its centre is in Chukotka.
    let from = rect.center() - egui::vec2(rect.width() / 16.0, 0.0);
    let to = rect.center() + egui::vec2(rect.width() / 16.0, 0.0);
    let mut drags = 0;
    while place_at(&harness, rect.center()).is_none_or(|c| !(150.0..180.0).contains(&c.lon)) {
        assert!(drags < 30, "the view reaches Chukotka");
        drags += 1;
        let Some(grabbed) = place_at(&harness, from) else {
            panic!("the map is under the pointer");
        };
        drag(&mut harness, from, to);
        // The place grabbed is under the pointer where it was let go, re-centred or not.
        let Some(now) = place_at(&harness, to) else {
            panic!("the map is under the pointer");
        };
        let degrees_per_pixel = harness
            .state()
            .camera()
            .map_or(1.0, |c| c.degrees_per_pixel(harness.state().projection()));
        let moved = (now.lon - grabbed.lon + 540.0).rem_euclid(360.0) - 180.0;
        assert!(
            moved.abs() < 4.0 * degrees_per_pixel / now.lat.to_radians().cos()
                && (now.lat - grabbed.lat).abs() < 4.0 * degrees_per_pixel,
            "grabbed {grabbed:?}, under the pointer now {now:?}"
        );
    }
    let Some(camera) = harness.state().camera() else {
        panic!("camera");
    };
    assert_ne!(camera.central_meridian, 0.0, "the map re-centred");
    let (Some(chukotka), Some(alaska)) = (
        harness.state().screen_pos_of([175.0, 66.0]),
        harness.state().screen_pos_of([-160.0, 64.0]),
    ) else {
        panic!("positions");
    };
    assert!(
        rect.contains(chukotka),
        "Chukotka on screen: {chukotka:?}, Alaska at {alaska:?}, {rect:?}, {camera:?}"
    );
    assert!(
        chukotka.x < alaska.x,
        "Chukotka west of Alaska: {chukotka:?} {alaska:?}"
    );
    // Flying to London from there goes back to a map where London is not on the cut edge.
    harness.state_mut().apply(Action::FlyTo {
        lon: -0.13,
        lat: 51.5,
    });
    harness.run_steps(3);
    let Some(london) = harness.state().screen_pos_of([-0.13, 51.5]) else {
        panic!("position");
    };
    assert!(
        (london - rect.center()).length() < 2.0,
        "London in the middle: {london:?}"
    );
    assert_eq!(
        harness.state().camera().map(|c| c.central_meridian),
        Some(0.0)
    );
}
