//! The timeline panel driven headless with egui_kittest: dragging a range across the plot
//! filters the map, "Clear range" brings everything back, "Play" steps through time, every
//! row says what it is, and a click on a row selects its item as a click on the map does.

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2, Rect, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::file::built_in_scenario;
use faultline::model::filter::{Filter, Visible};
use faultline::model::{DateRange, EventId, Project, RelationshipId};
use faultline::scene::story::Focus;
use faultline::ui::timeline::{PlaySpeed, RowItem, TimelineState, timeline_panel, timeline_rows};
use faultline::ui::{Action, FaultlineApp, Selection};

/// Presses `button` at `from`, moves to `to` in a few steps and lets go there.
fn drag<S>(harness: &mut Harness<'_, S>, from: Pos2, to: Pos2, button: PointerButton) {
    harness.hover_at(from);
    harness.step();
    harness.event(Event::PointerButton {
        pos: from,
        button,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    for fraction in [0.25, 0.5, 0.75, 1.0] {
        harness.hover_at(from + (to - from) * fraction);
        harness.step();
    }
    harness.event(Event::PointerButton {
        pos: to,
        button,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(2);
}

/// The plot's rectangle on screen and the years at its left and right edges, as the plot tells
/// screen readers.
fn plot_geometry<S>(harness: &Harness<'_, S>) -> (Rect, f64, f64) {
    let plot = harness.get_by_label("Timeline plot");
    let value = plot.value().expect("the plot says which years it shows");
    let years: Vec<f64> = value
        .trim_start_matches("Years ")
        .split(" to ")
        .map(|year| year.parse().expect("a year"))
        .collect();
    assert_eq!(years.len(), 2, "{value}");
    (plot.rect(), years[0], years[1])
}

/// The screen x of a year on the plot.
fn x_of(geometry: (Rect, f64, f64), year: f64) -> f32 {
    let (rect, min, max) = geometry;
    rect.left() + ((year - min) / (max - min)) as f32 * rect.width()
}

fn app_harness() -> Harness<'static, FaultlineApp> {
    app_harness_with(Harness::builder())
}

fn app_harness_with(
    builder: egui_kittest::HarnessBuilder<FaultlineApp>,
) -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = builder
        .with_size(egui::vec2(1400.0, 1200.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness.get_by_label("Timeline").click();
    harness.run_steps(3);
    harness
}

#[test]
fn dragging_across_the_plot_filters_the_map_and_clear_range_restores_it() {
    let mut harness = app_harness();
    let everything = harness.state().visible().clone();
    let geometry = plot_geometry(&harness);
    let (rect, ..) = geometry;
    let y = rect.top() + 10.0;
    drag(
        &mut harness,
        pos2(x_of(geometry, 1970.3), y),
        pos2(x_of(geometry, 1985.6), y),
        PointerButton::Primary,
    );

    let window = harness
        .state()
        .filter()
        .time_window
        .expect("the drag set a time range");
    let from = window.earliest().expect("a start").0;
    let to = window.latest().expect("an end").0;
    assert!(
        (1969..=1971).contains(&from) && (1984..=1986).contains(&to),
        "dragged 1970 to 1985, got {window}"
    );

    let visible = harness.state().visible();
    assert!(
        visible.relationships.len() < everything.relationships.len(),
        "fewer ties on the map"
    );
    assert!(
        visible.events.len() < everything.events.len(),
        "fewer events on the map"
    );
    let soviet = RelationshipId::new("rel:soviet-intervention");
    let british = RelationshipId::new("rel:british-intervention");
    assert!(visible.relationships.contains(&soviet));
    assert!(!visible.relationships.contains(&british));
    assert!(
        visible
            .events
            .contains(&EventId::new("event:soviet-invasion"))
    );
    assert!(
        !visible
            .events
            .contains(&EventId::new("event:september-11-attacks"))
    );
    // Undated items may fall in any range, as the filter reads them.
    assert!(
        visible
            .relationships
            .contains(&RelationshipId::new("rel:russia-taliban-defence-framework"))
    );
    assert!(
        harness
            .query_by_label_contains("Showing 1970 to 1985")
            .is_some()
    );

    harness.get_by_label("Clear range").click();
    harness.run_steps(2);
    assert_eq!(harness.state().filter().time_window, None);
    assert_eq!(harness.state().visible(), &everything);
}

#[test]
fn every_row_says_what_it_is_and_the_whole_text_shows_on_hover() {
    let mut harness = panel_harness(Filter::default());
    let (plot, ..) = plot_geometry(&harness);
    let soviet = harness.get_by_label_contains("Soviet Union – Afghanistan");
    let row = soviet.rect();
    assert!(
        row.right() <= plot.left() + 1.0,
        "the label {row:?} sits left of the bars {plot:?}"
    );
    let text = soviet.value().unwrap_or_default();
    assert!(
        text.contains("Historical intervention, historical") && text.contains("since 1979-12"),
        "{text}"
    );
    for title in [
        "Soviet invasion of Afghanistan",
        "Attacks of 11 September 2001",
        "British Empire – Afghanistan",
    ] {
        assert!(
            harness.query_by_label_contains(title).is_some(),
            "a row for {title}"
        );
    }

    // Tooltips wait until the pointer rests.
    harness.hover_at(row.center());
    harness.run_steps(10);
    let shown = harness
        .query_all_by_label_contains("Soviet Union – Afghanistan")
        .count();
    assert!(shown >= 2, "the hover shows the whole text ({shown} nodes)");
}

/// The panel alone, applying the filters and selections it asks for as the application does.
struct Panel {
    project: Project,
    visible: Visible,
    filter: Filter,
    selection: Option<Selection>,
    timeline: TimelineState,
    actions: Vec<Action>,
}

fn panel_harness(filter: Filter) -> Harness<'static, Panel> {
    let project = built_in_scenario().expect("the built-in scenario loads");
    let state = Panel {
        visible: filter.visible(&project),
        project,
        filter,
        selection: None,
        timeline: TimelineState::default(),
        actions: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1000.0, 420.0))
        .with_step_dt(0.1)
        .build_ui_state(
            |ui, panel: &mut Panel| {
                let actions = timeline_panel(
                    ui,
                    &panel.project,
                    &panel.visible,
                    &panel.filter,
                    panel.selection.as_ref(),
                    &[],
                    &mut panel.timeline,
                );
                for action in actions {
                    match &action {
                        Action::SetFilter(filter) => {
                            panel.visible = filter.visible(&panel.project);
                            panel.filter = filter.clone();
                        }
                        Action::Select(selection) => panel.selection = selection.clone(),
                        _ => {}
                    }
                    panel.actions.push(action);
                }
            },
            state,
        );
    harness.run_steps(2);
    harness
}

fn shown_years(harness: &Harness<'_, Panel>) -> Option<(i32, i32)> {
    let window: &DateRange = harness.state().filter.time_window.as_ref()?;
    Some((window.earliest()?.0, window.latest()?.0))
}

#[test]
fn the_range_is_shown_while_dragging_and_the_right_button_pans() {
    let mut harness = panel_harness(Filter::default());
    let geometry = plot_geometry(&harness);
    let (rect, min, max) = geometry;
    let y = rect.center().y;
    let from = pos2(x_of(geometry, 1900.3), y);
    harness.hover_at(from);
    harness.step();
    harness.event(Event::PointerButton {
        pos: from,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    harness.step();
    harness.hover_at(pos2(x_of(geometry, 1950.4), y));
    harness.run_steps(2);
    let (a, b) = harness
        .state()
        .timeline
        .brushing()
        .expect("the range is drawn while dragging");
    assert!(
        (a - 1900.0).abs() < 1.5 && (b - 1950.0).abs() < 1.5,
        "{a}..{b}"
    );
    assert!(harness.state().actions.is_empty(), "nothing is set yet");
    harness.event(Event::PointerButton {
        pos: pos2(x_of(geometry, 1950.4), y),
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(2);
    assert_eq!(harness.state().timeline.brushing(), None);
    assert_eq!(shown_years(&harness), Some((1900, 1950)));

    // The right button pans the plot and leaves the range alone.
    drag(
        &mut harness,
        pos2(x_of(geometry, 1950.0), y),
        pos2(x_of(geometry, 1900.0), y),
        PointerButton::Secondary,
    );
    let (new_min, new_max) = harness.state().timeline.view_years().expect("drawn");
    assert!(
        new_min > min + 20.0 && new_max > max + 20.0,
        "panned later: {min}..{max} became {new_min}..{new_max}"
    );
    assert_eq!(shown_years(&harness), Some((1900, 1950)));
    assert_eq!(harness.state().actions.len(), 1);

    // A click is not a range.
    harness.get_by_label("Timeline plot").click();
    harness.run_steps(2);
    let ranges = harness
        .state()
        .actions
        .iter()
        .filter(|action| matches!(action, Action::SetFilter(_)))
        .count();
    assert_eq!(ranges, 1);
}

#[test]
fn play_advances_the_range_pauses_and_stop_puts_back_the_range() {
    let mut harness = panel_harness(Filter::years(1979, 1988));
    harness.get_by_label("Play").click();
    harness.run_steps(1);
    assert!(harness.state().timeline.is_playing());
    assert_eq!(
        shown_years(&harness),
        Some((1979, 1988)),
        "Play starts at the range set, keeping its length"
    );
    // Every 0.6 s at normal speed, the window moves on by half its length.
    harness.run_steps(7);
    assert_eq!(shown_years(&harness), Some((1984, 1993)));
    harness.run_steps(6);
    assert_eq!(shown_years(&harness), Some((1989, 1998)));
    let fewer = harness.state().visible.clone();
    assert!(
        !fewer
            .relationships
            .contains(&RelationshipId::new("rel:british-intervention"))
    );

    harness.get_by_label("Pause").click();
    harness.run_steps(1);
    assert!(harness.state().timeline.is_paused());
    let steps = harness.state().actions.len();
    harness.run_steps(20);
    assert_eq!(
        harness.state().actions.len(),
        steps,
        "paused, nothing moves"
    );

    harness.get_by_label("Play").click();
    harness.run_steps(8);
    assert!(harness.state().timeline.is_playing());
    assert_eq!(shown_years(&harness), Some((1994, 2003)), "resumed");

    harness.get_by_label("Stop").click();
    harness.run_steps(2);
    assert!(!harness.state().timeline.is_playing());
    assert!(!harness.state().timeline.is_paused());
    assert_eq!(
        shown_years(&harness),
        Some((1979, 1988)),
        "Stop puts back the range"
    );
}

#[test]
fn a_faster_speed_steps_sooner_and_play_stops_at_the_present() {
    // The present, as the assertions below name it.
    faultline::clock::set_current_year(Some(2026));
    let mut harness = panel_harness(Filter::default());
    harness.get_by_label("Speed").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Fast")
        .click_accesskit();
    harness.run_steps(2);
    assert_eq!(harness.state().timeline.speed(), PlaySpeed::Fast);

    harness.get_by_label("Play").click();
    harness.run_steps(1);
    assert_eq!(shown_years(&harness), Some((1800, 1809)));
    harness.run_steps(3);
    assert_eq!(shown_years(&harness), Some((1805, 1814)), "0.3 s later");

    harness.run_steps(300);
    assert!(!harness.state().timeline.is_playing());
    assert_eq!(shown_years(&harness), Some((2017, 2026)));
    assert!(harness.query_by_label("Play").is_some());
}

/// Presses and lets go of the primary button at `pos`, without moving.
fn click_at<S>(harness: &mut Harness<'_, S>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    harness.run_steps(2);
}

/// The label of the row whose text contains `text` (not a tooltip showing the same text): its
/// rectangle and whether it says it is selected.
fn row_label<S>(harness: &Harness<'_, S>, text: &str) -> (Rect, Option<bool>) {
    let (plot, ..) = plot_geometry(harness);
    let label = harness
        .query_all_by_label_contains(text)
        .find(|node| {
            node.accesskit_node().role() == Role::Label && node.rect().right() <= plot.left() + 1.0
        })
        .unwrap_or_else(|| panic!("a row labelled {text}"));
    (label.rect(), label.accesskit_node().is_selected())
}

/// Where a row's bar or point is drawn along the plot: its middle, in years.
fn middle_year(item: &RowItem) -> f64 {
    let project = built_in_scenario().expect("the built-in scenario loads");
    let (rows, _) = timeline_rows(&project);
    let row = rows
        .iter()
        .find(|row| &row.item == item)
        .expect("the item has a row");
    (row.extent.outer.0 + row.extent.outer.1) / 2.0
}

fn story(focus: Focus) -> Option<Selection> {
    Some(Selection::Story(focus))
}

#[test]
fn clicking_a_bar_or_a_point_selects_it_on_the_map_too() {
    let mut harness = app_harness_with(Harness::builder());
    let geometry = plot_geometry(&harness);
    let soviet = RelationshipId::new("rel:soviet-intervention");
    let invasion = EventId::new("event:soviet-invasion");

    // The Soviet intervention's bar, from 1979 on.
    let (row, _) = row_label(&harness, "Soviet Union – Afghanistan");
    click_at(&mut harness, pos2(x_of(geometry, 1990.0), row.center().y));
    assert_eq!(
        harness.state().selection(),
        story(Focus::Relationship(soviet.clone())).as_ref()
    );
    assert_eq!(
        harness.state().filter().time_window,
        None,
        "a click is no range"
    );
    // Its row says so.
    harness.hover_at(pos2(5.0, 5.0));
    harness.run_steps(2);
    assert_eq!(
        row_label(&harness, "Soviet Union – Afghanistan").1,
        Some(true)
    );
    assert_eq!(
        row_label(&harness, "Soviet invasion of Afghanistan").1,
        Some(false)
    );

    // Empty space, in a row but far from its bar, leaves the selection as it is.
    let (row, _) = row_label(&harness, "British Empire – Afghanistan");
    click_at(&mut harness, pos2(x_of(geometry, 2000.0), row.center().y));
    assert_eq!(
        harness.state().selection(),
        story(Focus::Relationship(soviet)).as_ref()
    );

    // The point of the Soviet invasion.
    let (row, _) = row_label(&harness, "Soviet invasion of Afghanistan");
    let year = middle_year(&RowItem::Event(invasion.clone()));
    click_at(&mut harness, pos2(x_of(geometry, year), row.center().y));
    assert_eq!(
        harness.state().selection(),
        story(Focus::Event(invasion)).as_ref()
    );
}

#[test]
fn a_drag_across_a_bar_sets_a_range_and_selects_nothing() {
    let mut harness = app_harness();
    let geometry = plot_geometry(&harness);
    let (row, _) = row_label(&harness, "Soviet Union – Afghanistan");
    let y = row.center().y;
    drag(
        &mut harness,
        pos2(x_of(geometry, 1985.3), y),
        pos2(x_of(geometry, 1995.6), y),
        PointerButton::Primary,
    );
    let window = harness
        .state()
        .filter()
        .time_window
        .expect("the drag set a time range");
    assert_eq!(
        (window.earliest().map(|d| d.0), window.latest().map(|d| d.0)),
        (Some(1985), Some(1995))
    );
    assert_eq!(harness.state().selection(), None);
}

#[test]
fn a_selection_made_on_the_map_highlights_its_row() {
    let mut harness = app_harness();
    let attacks = EventId::new("event:september-11-attacks");
    harness
        .state_mut()
        .apply(Action::Select(story(Focus::Event(attacks))));
    harness.run_steps(2);
    assert_eq!(
        row_label(&harness, "Attacks of 11 September 2001").1,
        Some(true)
    );
    assert_eq!(
        row_label(&harness, "Soviet Union – Afghanistan").1,
        Some(false)
    );
    // A country has no row: nothing is highlighted.
    harness
        .state_mut()
        .apply(Action::Select(Some(Selection::Country("Iran".to_owned()))));
    harness.run_steps(2);
    assert_eq!(
        row_label(&harness, "Attacks of 11 September 2001").1,
        Some(false)
    );
}

#[test]
fn clicking_a_row_label_selects_its_item() {
    let mut harness = panel_harness(Filter::default());
    let (row, _) = row_label(&harness, "19th-century imperial rivalry");
    click_at(&mut harness, row.center());
    let rivalry = timeline_rows(&harness.state().project)
        .0
        .into_iter()
        .find(|row| row.label.starts_with("19th-century imperial rivalry"))
        .expect("a row for the rivalry")
        .item;
    let RowItem::Event(id) = rivalry else {
        panic!("the rivalry is an event");
    };
    assert_eq!(harness.state().selection, story(Focus::Event(id)));
    assert!(
        harness
            .state()
            .actions
            .iter()
            .all(|action| matches!(action, Action::Select(_))),
        "a click on a label sets no range"
    );
}

/// The texts painted at the last frame, with their colours and rectangles.
fn painted_texts<S>(harness: &Harness<'_, S>) -> Vec<(String, egui::Color32, Rect)> {
    fn collect(shape: &egui::Shape, out: &mut Vec<(String, egui::Color32, Rect)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| collect(shape, out)),
            egui::Shape::Text(text) => {
                let color = text
                    .galley
                    .job
                    .sections
                    .first()
                    .map_or(text.fallback_color, |section| section.format.color);
                out.push((
                    text.galley.text().to_owned(),
                    color,
                    text.visual_bounding_rect(),
                ));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        collect(&clipped.shape, &mut out);
    }
    out
}

#[test]
fn the_selected_row_label_is_drawn_once_and_stronger() {
    let mut harness = panel_harness(Filter::default());
    let invasion = EventId::new("event:soviet-invasion");
    harness.state_mut().selection = story(Focus::Event(invasion));
    harness.run_steps(2);
    let visuals = harness.ctx.global_style().visuals.clone();
    let texts = painted_texts(&harness);
    let (plot, ..) = plot_geometry(&harness);
    let (row, selected) = row_label(&harness, "Soviet invasion of Afghanistan");
    assert_eq!(selected, Some(true));
    let drawn: Vec<_> = texts
        .iter()
        .filter(|(text, ..)| text == "Soviet invasion of Afghanistan")
        .collect();
    assert_eq!(drawn.len(), 1, "{drawn:?}");
    let (_, color, rect) = drawn[0];
    assert_eq!(*color, visuals.strong_text_color());
    assert!(row.contains(rect.center()), "{rect:?} in {row:?}");
    assert!(rect.right() <= plot.left(), "{rect:?} left of {plot:?}");
    let other = texts
        .iter()
        .find(|(text, ..)| text == "Attacks of 11 September 2001")
        .expect("the other labels are drawn by the plot");
    assert_ne!(other.1, visuals.strong_text_color());
}
