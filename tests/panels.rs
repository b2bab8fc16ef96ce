//! The timeline and network panels driven headless with egui_kittest: what a user clicks, and
//! the actions the panels return.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::model::file::built_in_scenario;
use faultline::model::filter::{Filter, Visible};
use faultline::model::{ActorId, DateRange, FuzzyDate, Project, RelationshipId};
use faultline::scene::story::Focus;
use faultline::ui::network_panel::{NetworkState, network_panel};
use faultline::ui::timeline::{TimelineState, timeline_panel};
use faultline::ui::{Action, Selection};

fn scenario() -> (Project, Visible) {
    let project = built_in_scenario().expect("the built-in scenario loads");
    let visible = Filter::default().visible(&project);
    (project, visible)
}

struct NetworkTest {
    project: Project,
    visible: Visible,
    path: Vec<RelationshipId>,
    panel: NetworkState,
    actions: Vec<Action>,
}

fn network_harness(path: Vec<RelationshipId>) -> Harness<'static, NetworkTest> {
    let (project, visible) = scenario();
    let state = NetworkTest {
        project,
        visible,
        path,
        panel: NetworkState::default(),
        actions: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(520.0, 900.0))
        .build_ui_state(
            |ui, state: &mut NetworkTest| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let actions = network_panel(
                        ui,
                        &state.project,
                        &state.visible,
                        &state.path,
                        &[],
                        &mut state.panel,
                    );
                    state.actions.extend(actions);
                });
            },
            state,
        );
    harness.run_steps(2);
    harness
}

/// Opens the combo box labelled `combo` and clicks its entry `entry`.
fn choose(harness: &mut Harness<'static, NetworkTest>, combo: &str, entry: &str) {
    harness.get_by_label(combo).click();
    harness.run_steps(2);
    // The list scrolls, and the entry may lie outside its view: click it as a screen reader
    // would.
    harness
        .get_by_role_and_label(Role::Button, entry)
        .click_accesskit();
    harness.run_steps(2);
}

#[test]
fn choosing_two_actors_asks_for_the_shortest_path() {
    let mut harness = network_harness(Vec::new());
    choose(&mut harness, "From", "Pakistan");
    choose(&mut harness, "To", "Ukraine");
    assert_eq!(
        harness.state().panel.from,
        Some(ActorId::new("actor:pakistan"))
    );
    assert_eq!(
        harness.state().panel.to,
        Some(ActorId::new("actor:ukraine"))
    );
    assert!(
        harness.state().actions.is_empty(),
        "choosing asks for nothing yet"
    );

    harness.get_by_label("Show shortest path").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().actions,
        vec![Action::ShowPath(Some((
            ActorId::new("actor:pakistan"),
            ActorId::new("actor:ukraine")
        )))]
    );

    harness.get_by_label("Clear path").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().actions.last(),
        Some(&Action::ShowPath(None))
    );
}

#[test]
fn a_path_is_listed_as_a_chain_of_ties() {
    let path = vec![
        RelationshipId::new("rel:pakistan-deters-russia"),
        RelationshipId::new("rel:russia-ukraine-war"),
    ];
    let mut harness = network_harness(path);
    harness.state_mut().panel.from = Some(ActorId::new("actor:pakistan"));
    harness.run_steps(2);
    let first = harness.get_by_label_contains("1. Pakistan");
    let text = first.value().unwrap_or_default();
    assert!(text.contains("Russian Federation"), "{text}");
    let second = harness.get_by_label_contains("2. Russian Federation");
    let text = second.value().unwrap_or_default();
    assert!(text.ends_with("Ukraine"), "{text}");
}

#[test]
fn the_table_lists_the_taliban_administration_and_selects_it() {
    let mut harness = network_harness(Vec::new());
    harness
        .get_by_role_and_label(Role::Label, "Taliban-led administration of Afghanistan")
        .click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().actions,
        vec![Action::Select(Some(Selection::Story(Focus::Actor(
            ActorId::new("actor:taliban-administration")
        ))))]
    );
}

#[test]
fn the_most_central_actor_comes_first() {
    let (project, visible) = scenario();
    let network = faultline::model::analysis::Network::from_project(&project, &visible);
    let rows = faultline::ui::network_panel::top_actors(&project, &network, 10);
    assert!(rows.len() <= 10 && !rows.is_empty());
    assert!(
        rows.windows(2)
            .all(|pair| pair[0].betweenness >= pair[1].betweenness)
    );
    assert!(
        rows.iter()
            .any(|row| row.actor == ActorId::new("actor:taliban-administration"))
    );
}

struct TimelineTest {
    project: Project,
    visible: Visible,
    filter: Filter,
    panel: TimelineState,
    actions: Vec<Action>,
}

fn timeline_harness(step_dt: f32) -> Harness<'static, TimelineTest> {
    let (project, visible) = scenario();
    let state = TimelineTest {
        project,
        visible,
        filter: Filter::default(),
        panel: TimelineState::default(),
        actions: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(egui::vec2(900.0, 420.0))
        .with_step_dt(step_dt)
        .build_ui_state(
            |ui, state: &mut TimelineTest| {
                let actions = timeline_panel(
                    ui,
                    &state.project,
                    &state.visible,
                    &state.filter,
                    None,
                    &[],
                    &mut state.panel,
                );
                state.actions.extend(actions);
            },
            state,
        );
    harness.run_steps(2);
    harness
}

fn windows(actions: &[Action]) -> Vec<Option<DateRange>> {
    actions
        .iter()
        .map(|action| match action {
            Action::SetFilter(filter) => filter.time_window,
            other => panic!("unexpected action {other:?}"),
        })
        .collect()
}

fn years(range: &DateRange) -> (i32, i32) {
    (
        range.earliest().expect("a start").0,
        range.latest().expect("an end").0,
    )
}

#[test]
fn clear_range_clears_the_window() {
    let mut harness = timeline_harness(1.0 / 60.0);
    harness.state_mut().filter = Filter::years(1990, 2000);
    harness.run_steps(2);
    harness.get_by_label("Clear range").click();
    harness.run_steps(2);
    assert_eq!(windows(&harness.state().actions), vec![None]);
}

#[test]
fn show_only_this_period_takes_the_years_of_the_plot() {
    let mut harness = timeline_harness(1.0 / 60.0);
    let (min, max) = harness
        .state()
        .panel
        .view_years()
        .expect("the plot has been drawn");
    assert!(
        min < 1800.0 && max > 2026.0,
        "the plot shows the whole story: {min}..{max}"
    );
    harness.get_by_label("Show only this period").click();
    harness.run_steps(2);
    let windows = windows(&harness.state().actions);
    assert_eq!(windows.len(), 1, "{windows:?}");
    let window = windows[0].as_ref().expect("a window");
    let (from, to) = years(window);
    assert!(from < to);
    assert!(
        f64::from(from) >= min.floor() && f64::from(to) <= max.ceil(),
        "{from}..{to} within {min}..{max}"
    );
    assert!(matches!(window.start, FuzzyDate::Year(_)));
}

#[test]
fn typed_years_set_the_window() {
    let mut harness = timeline_harness(1.0 / 60.0);
    harness.get_by_label("From").focus();
    harness.get_by_label("From").type_text("1979");
    harness.get_by_label("To").focus();
    harness.get_by_label("To").type_text("2001");
    harness.run_steps(2);
    harness.get_by_label("Apply years").click();
    harness.run_steps(2);
    let windows = windows(&harness.state().actions);
    assert_eq!(windows.len(), 1, "{windows:?}");
    assert_eq!(years(windows[0].as_ref().expect("a window")), (1979, 2001));
}

#[test]
fn play_steps_a_window_through_time_and_stops() {
    // The present, as the assertions below name it.
    faultline::clock::set_current_year(Some(2026));
    let mut harness = timeline_harness(0.1);
    harness.get_by_label("Play").click();
    harness.run_steps(2);
    assert!(harness.state().panel.is_playing());
    assert!(harness.query_by_label("Pause").is_some());
    let first = windows(&harness.state().actions);
    assert_eq!(first.len(), 1, "Play shows the first window at once");
    let (from, to) = years(first[0].as_ref().expect("a window"));
    assert_eq!(from, 1800, "the story starts in the 19th century");
    assert_eq!(to - from + 1, 10);

    // 0.6 s later the window has moved on.
    harness.run_steps(7);
    let moved = windows(&harness.state().actions);
    assert!(moved.len() >= 2, "{moved:?}");
    let (next_from, _) = years(moved[1].as_ref().expect("a window"));
    assert!(next_from > from);

    // Long enough to reach the present: it stops with a window ending in 2026.
    harness.run_steps(400);
    assert!(!harness.state().panel.is_playing());
    let all = windows(&harness.state().actions);
    let (_, last_to) = years(all.last().unwrap().as_ref().expect("a window"));
    assert_eq!(last_to, 2026);
    assert!(harness.query_by_label("Play").is_some());
}

#[test]
fn panning_the_plot_changes_the_period_shown() {
    let mut harness = timeline_harness(1.0 / 60.0);
    let (min, max) = harness.state().panel.view_years().expect("drawn");
    // Zoom in with the wheel over the middle of the plot, then drag it sideways with the
    // secondary button (the primary one drags out a time range).
    let centre = egui::pos2(450.0, 200.0);
    harness.hover_at(centre);
    harness.event(egui::Event::Zoom(4.0));
    harness.run_steps(2);
    for (pos, pressed) in [(centre, true), (centre + egui::vec2(150.0, 0.0), false)] {
        harness.hover_at(pos);
        harness.run_steps(1);
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        });
        harness.run_steps(1);
    }
    harness.run_steps(2);
    let (new_min, new_max) = harness.state().panel.view_years().expect("drawn");
    assert!(
        (new_min, new_max) != (min, max) && new_max - new_min < max - min,
        "zoomed in: {min}..{max} became {new_min}..{new_max}"
    );
    harness.get_by_label("Show only this period").click();
    harness.run_steps(2);
    let windows = windows(&harness.state().actions);
    let (from, to) = years(windows[0].as_ref().expect("a window"));
    assert_eq!(
        (from, to),
        faultline::ui::timeline::years_of_view(new_min, new_max)
    );
}
