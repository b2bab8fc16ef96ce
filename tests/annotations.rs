//! Annotations drawn, edited and kept through the window, driven headless with egui_kittest.

use egui::accesskit::Toggled;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::projection::Projection;
use faultline::model::{Annotation, AnnotationGeometry, AnnotationKind};
use faultline::ui::annotate::{AnnotationCommand, Tool};
use faultline::ui::{Action, FaultlineApp, Region};

const KABUL: [f64; 2] = [69.1723, 34.5281];
const ISLAMABAD: [f64; 2] = [73.05, 33.73];

fn harness() -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1200.0))
        // Short steps, so two clicks a couple of steps apart make a double-click.
        .with_step_dt(1.0 / 30.0)
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
        .state_mut()
        .apply(Action::ShowRegion(Region::AfghanistanAndNeighbours));
    harness.run_steps(2);
    harness
}

fn screen(harness: &Harness<'static, FaultlineApp>, lon_lat: [f64; 2]) -> Pos2 {
    let Some(pos) = harness.state().screen_pos_of(lon_lat) else {
        panic!("the map has a camera after the first frames");
    };
    pos
}

fn press(harness: &Harness<'static, FaultlineApp>, pos: Pos2, pressed: bool) {
    harness.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

fn click_at(harness: &mut Harness<'static, FaultlineApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    for pressed in [true, false] {
        press(harness, pos, pressed);
        harness.step();
    }
    harness.run_steps(2);
}

/// Two clicks a few steps (a tenth of a second) apart: a double-click.
fn double_click_at(harness: &mut Harness<'static, FaultlineApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    for pressed in [true, false, true, false] {
        press(harness, pos, pressed);
        harness.step();
    }
    harness.run_steps(2);
}

/// Press at `from`, move in steps to `to`, release.
fn drag(harness: &mut Harness<'static, FaultlineApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    press(harness, from, true);
    harness.step();
    for t in [0.1, 0.4, 0.7, 1.0] {
        harness.hover_at(from + (to - from) * t);
        harness.step();
    }
    press(harness, to, false);
    harness.step();
    harness.run_steps(2);
}

fn key(harness: &mut Harness<'static, FaultlineApp>, key: Key) {
    harness.key_press(key);
    harness.run_steps(2);
}

fn undo(harness: &mut Harness<'static, FaultlineApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
}

fn annotations(harness: &Harness<'static, FaultlineApp>) -> Vec<Annotation> {
    harness.state().project().annotations.clone()
}

fn point_of(annotation: &Annotation) -> [f64; 2] {
    match &annotation.geometry {
        AnnotationGeometry::Point(p) => [p.x(), p.y()],
        other => panic!("a point, not {other:?}"),
    }
}

fn near(a: [f64; 2], b: [f64; 2], tolerance: f64) -> bool {
    (a[0] - b[0]).abs() <= tolerance && (a[1] - b[1]).abs() <= tolerance
}

/// Places a pin at Kabul with the Pin tool and types its label.
fn pin_kabul(harness: &mut Harness<'static, FaultlineApp>, label: &str) -> Annotation {
    harness.get_by_label("Pin").click();
    harness.run_steps(2);
    assert_eq!(harness.state().annotation_tool(), Tool::Pin);
    let kabul = screen(harness, KABUL);
    click_at(harness, kabul);
    let field = harness.get_by_label("Annotation text");
    assert!(field.is_focused(), "the text field opens at the new pin");
    field.type_text(label);
    harness.run_steps(1);
    key(harness, Key::Enter);
    let Some(pin) = annotations(harness)
        .into_iter()
        .find(|a| a.kind == AnnotationKind::Pin && a.text == label)
    else {
        panic!("the pin is in the project: {:?}", annotations(harness));
    };
    pin
}

#[test]
fn a_pin_drawn_through_the_ui_lands_at_the_clicked_place_with_its_label() {
    let mut harness = harness();
    let before = annotations(&harness).len();
    let pin = pin_kabul(&mut harness, "Kabul office");
    assert_eq!(annotations(&harness).len(), before + 1);
    assert!(near(point_of(&pin), KABUL, 0.5), "{:?}", point_of(&pin));
    assert!(pin.id.as_str().starts_with("pin-"), "{}", pin.id);
    assert_eq!(harness.state().annotation_tool(), Tool::Select);
    assert_eq!(harness.state().selected_annotation(), Some(&pin.id));
    // The label is drawn on the map and listed in the annotations panel.
    assert!(
        harness
            .state()
            .drawn_texts()
            .contains(&"Kabul office".to_owned())
    );
    harness.get_by_label("Pin: Kabul office");
    // Placing a pin and typing its label is one action: one undo takes both away, and redo
    // brings the labelled pin back.
    assert_eq!(harness.state().undo_label(), Some("Add pin"));
    undo(&mut harness);
    assert!(harness.state().project().annotation(&pin.id).is_none());
    harness.state_mut().apply(faultline::ui::Action::Redo);
    harness.run_steps(2);
    let back = harness.state().project().annotation(&pin.id).cloned();
    assert_eq!(back.map(|a| a.text), Some("Kabul office".to_owned()));
}

#[test]
fn escape_in_the_text_field_cancels_the_text_and_a_style_change_is_one_step() {
    let mut harness = harness();
    let pin = pin_kabul(&mut harness, "Kabul office");
    key(&mut harness, Key::Enter);
    let field = harness.get_by_label("Annotation text");
    assert!(
        field.is_focused(),
        "Enter opens the selected annotation's text"
    );
    field.type_text(" (closed)");
    harness.run_steps(1);
    key(&mut harness, Key::Escape);
    assert!(harness.query_by_label("Annotation text").is_none());
    let kept = harness.state().project().annotation(&pin.id).cloned();
    assert_eq!(kept.map(|a| a.text), Some("Kabul office".to_owned()));
    assert_eq!(
        harness.state().selected_annotation(),
        Some(&pin.id),
        "still selected"
    );

    // An area's fill slider, moved with the keyboard, then let go: one undoable step.
    key(&mut harness, Key::G);
    for corner in [[62.0, 26.0], [66.0, 26.0], [64.0, 29.0]] {
        let pos = screen(&harness, corner);
        click_at(&mut harness, pos);
    }
    key(&mut harness, Key::Enter);
    let Some(area) = harness.state().selected_annotation().cloned() else {
        panic!("the new area is selected");
    };
    let steps_before = harness.state().undo_label().map(str::to_owned);
    assert_eq!(steps_before.as_deref(), Some("Add area"));
    harness.get_by_label("Fill").focus();
    harness.run_steps(1);
    for _ in 0..3 {
        key(&mut harness, Key::ArrowRight);
    }
    key(&mut harness, Key::Escape);
    harness.run_steps(2);
    let fill = |h: &Harness<'static, FaultlineApp>| {
        h.state()
            .project()
            .annotation(&area)
            .map(|a| a.style.fill_opacity)
    };
    assert!(
        fill(&harness).is_some_and(|f| f > 0.25),
        "{:?}",
        fill(&harness)
    );
    assert_eq!(harness.state().undo_label(), Some("Restyle area"));
    assert_eq!(harness.state().selected_annotation(), Some(&area));
    undo(&mut harness);
    assert_eq!(fill(&harness), Some(0.25));
    assert_eq!(
        harness.state().undo_label().map(str::to_owned),
        steps_before
    );
}

#[test]
fn an_area_drawn_with_clicks_is_finished_by_enter_and_a_path_by_double_click() {
    let mut harness = harness();
    key(&mut harness, Key::G);
    assert_eq!(harness.state().annotation_tool(), Tool::Area);
    let corners = [[62.0, 30.0], [70.0, 30.0], [72.0, 37.0], [64.0, 38.0]];
    for corner in corners {
        let pos = screen(&harness, corner);
        click_at(&mut harness, pos);
    }
    assert!(
        harness.state().selected_annotation().is_none(),
        "not finished yet"
    );
    key(&mut harness, Key::Enter);
    let list = annotations(&harness);
    let Some(area) = list.iter().find(|a| a.kind == AnnotationKind::Area) else {
        panic!("an area was added: {list:?}");
    };
    let AnnotationGeometry::Polygon(polygon) = &area.geometry else {
        panic!("an area is a polygon");
    };
    let ring = &polygon.exterior().0;
    assert_eq!(ring.len(), 5, "four corners and the closing point");
    for (corner, coord) in corners.iter().zip(ring) {
        assert!(
            near(*corner, [coord.x, coord.y], 0.5),
            "{corner:?} {coord:?}"
        );
    }
    assert_eq!(area.style.fill_opacity, 0.25, "the default fill");
    assert_eq!(harness.state().selected_annotation(), Some(&area.id));

    // A path: L, two clicks, a double-click on the last point.
    key(&mut harness, Key::L);
    assert_eq!(harness.state().annotation_tool(), Tool::Path);
    for point in [[60.0, 25.0], [66.0, 27.0]] {
        let pos = screen(&harness, point);
        click_at(&mut harness, pos);
    }
    let end = screen(&harness, [71.0, 26.0]);
    double_click_at(&mut harness, end);
    let list = annotations(&harness);
    let Some(path) = list.iter().find(|a| a.kind == AnnotationKind::Path) else {
        panic!("a path was added: {list:?}");
    };
    let AnnotationGeometry::LineString(line) = &path.geometry else {
        panic!("a path is a line");
    };
    assert_eq!(line.0.len(), 3, "{line:?}");
    assert!(near([line.0[2].x, line.0[2].y], [71.0, 26.0], 0.5));
}

#[test]
fn an_arrow_dragged_out_and_escape_cancelling_a_drawing() {
    let mut harness = harness();
    harness.get_by_label("Arrow").click();
    harness.run_steps(2);
    let (from, to) = (screen(&harness, KABUL), screen(&harness, ISLAMABAD));
    drag(&mut harness, from, to);
    let list = annotations(&harness);
    let Some(arrow) = list.iter().find(|a| a.kind == AnnotationKind::Arrow) else {
        panic!("an arrow was added: {list:?}");
    };
    let AnnotationGeometry::LineString(line) = &arrow.geometry else {
        panic!("an arrow is a line");
    };
    assert_eq!(line.0.len(), 2);
    assert!(near([line.0[0].x, line.0[0].y], KABUL, 0.5));
    assert!(near([line.0[1].x, line.0[1].y], ISLAMABAD, 0.5));

    // Esc drops a drawing under way, then goes back to Select.
    key(&mut harness, Key::G);
    let pos = screen(&harness, [62.0, 30.0]);
    click_at(&mut harness, pos);
    key(&mut harness, Key::Escape);
    assert_eq!(harness.state().annotation_tool(), Tool::Area);
    key(&mut harness, Key::Escape);
    assert_eq!(harness.state().annotation_tool(), Tool::Select);
    assert_eq!(annotations(&harness).len(), list.len(), "nothing was added");
}

#[test]
fn dragging_an_annotation_moves_it_and_one_undo_puts_it_back() {
    let mut harness = harness();
    let pin = pin_kabul(&mut harness, "Office");
    let before = point_of(&pin);
    // Drag the pin by its head (above the place) to the east.
    let start = screen(&harness, KABUL) + Vec2::new(0.0, -14.0);
    let end = start + Vec2::new(120.0, 40.0);
    drag(&mut harness, start, end);
    let Some(moved) = harness.state().project().annotation(&pin.id).cloned() else {
        panic!("the pin is still there");
    };
    let after = point_of(&moved);
    assert!(after[0] > before[0] + 1.0, "{before:?} -> {after:?}");
    assert!(after[1] < before[1], "{before:?} -> {after:?}");
    assert_eq!(harness.state().undo_label(), Some("Move pin"));
    undo(&mut harness);
    let Some(restored) = harness.state().project().annotation(&pin.id).cloned() else {
        panic!("the pin is still there");
    };
    assert_eq!(point_of(&restored), before, "one undo restores the place");
    assert_eq!(restored.text, "Office", "and only the move was undone");
}

#[test]
fn reshaping_an_area_drags_one_corner() {
    let mut harness = harness();
    key(&mut harness, Key::G);
    for corner in [[62.0, 30.0], [70.0, 30.0], [66.0, 37.0]] {
        let pos = screen(&harness, corner);
        click_at(&mut harness, pos);
    }
    // Clicking the first corner again closes the area.
    let first = screen(&harness, [62.0, 30.0]);
    click_at(&mut harness, first);
    let Some(area) = annotations(&harness)
        .into_iter()
        .find(|a| a.kind == AnnotationKind::Area)
    else {
        panic!("the area was added");
    };
    let corner = screen(&harness, [66.0, 37.0]);
    drag(&mut harness, corner, corner + Vec2::new(0.0, -60.0));
    let Some(AnnotationGeometry::Polygon(polygon)) = harness
        .state()
        .project()
        .annotation(&area.id)
        .map(|a| a.geometry.clone())
    else {
        panic!("still an area");
    };
    let ring = &polygon.exterior().0;
    assert_eq!(ring.len(), 4);
    assert!(ring[2].y > 38.0, "the top corner moved north: {ring:?}");
    assert!(
        near([ring[0].x, ring[0].y], [62.0, 30.0], 0.01),
        "the others stay"
    );
    assert_eq!(harness.state().undo_label(), Some("Reshape area"));
}

#[test]
fn deleting_by_key_and_button_undoes_and_order_can_change() {
    let mut harness = harness();
    let pin = pin_kabul(&mut harness, "First");
    key(&mut harness, Key::Delete);
    assert!(harness.state().project().annotation(&pin.id).is_none());
    undo(&mut harness);
    assert!(harness.state().project().annotation(&pin.id).is_some());

    // A second annotation on top, then the first brought forward over it.
    key(&mut harness, Key::N);
    let pos = screen(&harness, ISLAMABAD);
    click_at(&mut harness, pos);
    harness.get_by_label("Annotation text").type_text("Second");
    harness.run_steps(1);
    key(&mut harness, Key::Enter);
    let ids = |h: &Harness<'static, FaultlineApp>| -> Vec<String> {
        annotations(h).iter().map(|a| a.id.to_string()).collect()
    };
    let order = ids(&harness);
    assert_eq!(order.len(), 2, "{order:?}");
    assert_eq!(order[0], pin.id.as_str());
    harness.get_by_label("Pin: First").click();
    harness.run_steps(2);
    assert_eq!(harness.state().selected_annotation(), Some(&pin.id));
    harness.get_by_label("Bring forward").click();
    harness.run_steps(2);
    assert_eq!(ids(&harness)[1], pin.id.as_str());
    undo(&mut harness);
    assert_eq!(ids(&harness), order);

    harness.get_by_label("Delete").click();
    harness.run_steps(2);
    assert!(harness.state().project().annotation(&pin.id).is_none());
    assert_eq!(harness.state().undo_label(), Some("Delete pin"));
    undo(&mut harness);
    assert_eq!(ids(&harness), order);
}

#[test]
fn hiding_the_annotation_layer_hides_them_and_disables_the_tools() {
    let mut harness = harness();
    pin_kabul(&mut harness, "Kabul office");
    let label = "Kabul office".to_owned();
    assert!(harness.state().drawn_texts().contains(&label));
    let checkbox = harness.get_by_label("Annotations");
    assert_eq!(checkbox.accesskit_node().toggled(), Some(Toggled::True));
    checkbox.click();
    harness.run_steps(2);
    assert!(!harness.state().base_layers().annotations);
    assert!(!harness.state().drawn_texts().contains(&label));
    key(&mut harness, Key::P);
    assert_eq!(harness.state().annotation_tool(), Tool::Select);
    // Showing it again is one undo away.
    undo(&mut harness);
    assert!(harness.state().base_layers().annotations);
    assert!(harness.state().drawn_texts().contains(&label));
}

#[test]
fn a_pin_stays_on_its_place_through_zoom_and_projection_changes() {
    let mut harness = harness();
    let pin = pin_kabul(&mut harness, "Kabul office");
    let place = point_of(&pin);
    harness.state_mut().apply(Action::Select(None));
    harness
        .state_mut()
        .apply(Action::Annotation(AnnotationCommand::Select(None)));
    for action in [
        Action::ZoomBy(2.0),
        Action::SetProjection(Projection::WebMercator),
        Action::ZoomBy(0.7),
        Action::SetProjection(Projection::NaturalEarth),
    ] {
        harness.state_mut().apply(action);
        harness.run_steps(2);
        // The pin is drawn where its place is now: clicking there selects it.
        let pos = screen(&harness, place);
        click_at(&mut harness, pos);
        assert_eq!(harness.state().selected_annotation(), Some(&pin.id));
        harness
            .state_mut()
            .apply(Action::Annotation(AnnotationCommand::Select(None)));
        harness.run_steps(1);
    }
    let Some(kept) = harness.state().project().annotation(&pin.id).cloned() else {
        panic!("the pin is still there");
    };
    assert_eq!(point_of(&kept), place);
}

#[test]
fn the_list_selects_an_annotation_and_flies_to_it() {
    let mut harness = harness();
    let pin = pin_kabul(&mut harness, "Kabul office");
    harness
        .state_mut()
        .apply(Action::Annotation(AnnotationCommand::Select(None)));
    harness.state_mut().apply(Action::ShowRegion(Region::World));
    harness.run_steps(2);
    harness.get_by_label("Pin: Kabul office").click();
    harness.run_steps(2);
    assert_eq!(harness.state().selected_annotation(), Some(&pin.id));
    let Some(rect) = harness.state().map_rect() else {
        panic!("the map was drawn");
    };
    let pos = screen(&harness, point_of(&pin));
    assert!(
        (pos - rect.center()).length() < 5.0,
        "the map centres on the pin: {pos:?} {:?}",
        rect.center()
    );
}

#[test]
fn draws_an_annotation_through_the_ui_saves_reopens_and_finds_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("annotated.faultline.geojson");
    let mut harness = harness();
    let pin = pin_kabul(&mut harness, "Kept on disk");
    harness.state_mut().apply(Action::SaveAs(path.clone()));
    harness.run_steps(2);
    assert!(path.exists(), "{:?}", harness.state().messages());
    // Open something else, then the saved file again.
    let other = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/projects/with_unknown_data.faultline.geojson"
    );
    harness.state_mut().apply(Action::OpenPath(other.into()));
    harness.run_steps(2);
    assert!(harness.state().project().annotation(&pin.id).is_none());
    harness.state_mut().apply(Action::OpenPath(path));
    harness.run_steps(2);
    let Some(reopened) = harness.state().project().annotation(&pin.id).cloned() else {
        panic!("the pin was saved: {:?}", harness.state().messages());
    };
    assert_eq!(reopened, pin);
    assert!(
        harness
            .state()
            .drawn_texts()
            .contains(&"Kept on disk".to_owned())
    );
}
