//! The window's legend, driven headless with egui_kittest: a solid area that takes the clicks
//! over it, collapses from its title and moves to another corner when dragged.

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::furniture::LegendCorner;
use faultline::ui::{Action, FaultlineApp};

const KABUL: [f64; 2] = [69.1723, 34.5281];

fn harness() -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 860.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

fn press(harness: &mut Harness<'static, FaultlineApp>, pos: Pos2, pressed: bool) {
    harness.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
    harness.step();
}

fn click_at(harness: &mut Harness<'static, FaultlineApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    press(harness, pos, true);
    press(harness, pos, false);
    harness.run_steps(2);
}

fn legend(harness: &Harness<'static, FaultlineApp>) -> (egui::Rect, bool) {
    let Some(legend) = harness.state().legend() else {
        panic!("the story's legend is on the map");
    };
    legend
}

/// Pans the map so Kabul, with the story's actors drawn there, lies under the legend's centre.
fn kabul_under_the_legend(harness: &mut Harness<'static, FaultlineApp>) -> Pos2 {
    let (rect, _) = legend(harness);
    let (Some(mut camera), Some(kabul)) = (
        harness.state().camera(),
        harness.state().screen_pos_of(KABUL),
    ) else {
        panic!("the map has a camera");
    };
    let target = rect.center() + egui::vec2(0.0, 10.0);
    camera.pan_by_pixels(
        [f64::from(target.x - kabul.x), f64::from(target.y - kabul.y)],
        harness.state().projection(),
    );
    harness.state_mut().apply(Action::SetCamera(camera));
    harness.run_steps(3);
    let Some(kabul) = harness.state().screen_pos_of(KABUL) else {
        panic!("Kabul is on the map");
    };
    assert!(
        legend(harness).0.contains(kabul),
        "Kabul is under the legend"
    );
    kabul
}

#[test]
fn clicks_and_drags_on_the_legend_never_reach_the_map() {
    let mut harness = harness();
    let kabul = kabul_under_the_legend(&mut harness);
    let camera = harness.state().camera();
    click_at(&mut harness, kabul);
    assert_eq!(
        harness.state().selection(),
        None,
        "nothing beneath is selected"
    );
    assert_eq!(harness.state().camera(), camera, "the map did not move");
    assert!(!legend(&harness).1, "a click off the title leaves it open");

    // Collapsed, the legend no longer covers Kabul, and the same click selects what is there:
    // so it was the legend that took the click.
    let (rect, _) = legend(&harness);
    click_at(&mut harness, rect.min + egui::vec2(12.0, 10.0));
    let (small, collapsed) = legend(&harness);
    assert!(collapsed, "a click on the title collapses the legend");
    assert!(
        small.height() < rect.height() / 3.0,
        "{small:?} vs {rect:?}"
    );
    click_at(&mut harness, kabul);
    assert!(
        harness.state().selection().is_some(),
        "without the legend over it, the click reaches the map"
    );
    click_at(&mut harness, small.center());
    assert!(
        !legend(&harness).1,
        "a click on the collapsed legend opens it"
    );
}

#[test]
fn dragging_the_legend_moves_it_to_the_nearest_corner_as_one_edit() {
    let mut harness = harness();
    let camera = harness.state().camera();
    let (rect, _) = legend(&harness);
    assert_eq!(
        harness.state().furniture().legend_corner,
        LegendCorner::BottomLeft
    );
    let Some(map) = harness.state().map_rect() else {
        panic!("the map is drawn");
    };
    let start = rect.center();
    let end = map.right_top() + egui::vec2(-150.0, 120.0);
    harness.hover_at(start);
    harness.step();
    press(&mut harness, start, true);
    for step in 1..=8 {
        let t = step as f32 / 8.0;
        harness.hover_at(start + (end - start) * t);
        harness.step();
    }
    press(&mut harness, end, false);
    harness.run_steps(3);
    assert_eq!(harness.state().camera(), camera, "the map did not pan");
    assert_eq!(
        harness.state().furniture().legend_corner,
        LegendCorner::TopRight
    );
    assert_eq!(
        harness.state().undo_label(),
        Some("Move the legend to the top right")
    );
    let (moved, _) = legend(&harness);
    assert!(moved.center().x > map.center().x && moved.center().y < map.center().y);
}
