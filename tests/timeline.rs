//! The timeline panel driven headless with egui_kittest: dragging a range across the plot
//! filters the map, "Clear range" brings everything back, "Play" steps through time, and every
//! row says what it is.

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2, Rect, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::file::built_in_scenario;
use faultline::model::filter::{Filter, Visible};
use faultline::model::{DateRange, EventId, Project, RelationshipId};
use faultline::ui::timeline::{PlaySpeed, TimelineState, timeline_panel};
use faultline::ui::{Action, FaultlineApp};

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
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
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

/// The panel alone, applying the filters it asks for as the application does.
struct Panel {
    project: Project,
    visible: Visible,
    filter: Filter,
    timeline: TimelineState,
    actions: Vec<Action>,
}

fn panel_harness(filter: Filter) -> Harness<'static, Panel> {
    let project = built_in_scenario().expect("the built-in scenario loads");
    let state = Panel {
        visible: filter.visible(&project),
        project,
        filter,
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
                    &mut panel.timeline,
                );
                for action in actions {
                    if let Action::SetFilter(filter) = &action {
                        panel.visible = filter.visible(&panel.project);
                        panel.filter = filter.clone();
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
    assert_eq!(harness.state().actions.len(), 1);
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
