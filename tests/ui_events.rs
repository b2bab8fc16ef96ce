//! Importing an event table through the window, headless with egui_kittest: the dialog, a
//! hand-made mapping, the report, the markers, and the Events table.

use std::time::{Duration, Instant};

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::ui::{Action, FaultlineApp, Selection};

/// Longitude and latitude sit in columns whose names say nothing, so they must be mapped by
/// hand; `when` is found as the date.
const TABLE: &str = "\
ref,c1,c2,when,kind,who\r
E1,69.17,34.53,2024-03-05,Battle,Group North\r
E2,65.71,31.61,2024-01-20,Explosion,Group South\r
E3,62.20,34.35,2024-02-11,Protest,\"Traders, Herat\"\r
E4,71.47,34.01,2024-04-02,Battle,Group North\r
E5,67.11,36.70,2023-12-30,Riot,Students\r
";

fn harness() -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1200.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

fn click_at(harness: &mut Harness<'static, FaultlineApp>, pos: Pos2) {
    harness.hover_at(pos);
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run_steps(2);
}

/// Opens the column picker named `picker` and chooses `column` in it.
fn choose_column(harness: &mut Harness<'static, FaultlineApp>, picker: &str, column: &str) {
    harness.get_by_label(picker).click();
    harness.run_steps(2);
    // The open list's entries are the only selectable items named after the columns (the
    // preview's headers are plain labels).
    harness.get_by_role_and_label(Role::Button, column).click();
    harness.run_steps(2);
}

/// Steps the window until `label` shows (the import runs on a thread).
fn step_until_shown(harness: &mut Harness<'static, FaultlineApp>, label: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while harness.query_by_label_contains(label).is_none() {
        assert!(Instant::now() < deadline, "“{label}” never appeared");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
}

#[test]
fn importing_through_the_dialog_with_a_hand_made_mapping_shows_the_events_in_map_and_table() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = dir.path().join("field-reports.csv");
    std::fs::write(&csv, TABLE).expect("write the table");

    let mut harness = harness();
    let markers_before = harness.state().drawn_marker_count();
    // What a drop on the window does.
    harness.state_mut().apply(Action::OpenPath(csv));
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("Import events from field-reports.csv")
            .is_some(),
        "a table opens the import dialog, not a layer"
    );
    assert!(
        harness
            .query_by_label_contains("Choose where events are")
            .is_some(),
        "nothing says where the events are, so the dialog asks"
    );
    assert!(harness.state().datasets().is_empty());

    choose_column(&mut harness, "Longitude", "c1");
    choose_column(&mut harness, "Latitude", "c2");
    choose_column(&mut harness, "Category", "kind");
    assert!(
        harness
            .query_by_label_contains("Choose where events are")
            .is_none(),
        "with both columns mapped the import can run"
    );
    harness.get_by_label("Import").click();
    step_until_shown(&mut harness, "Import report");
    assert!(
        harness.state().datasets().is_empty(),
        "nothing is added before the report has been read"
    );
    harness.get_by_label("Add 5 events to the project").click();
    harness.run_steps(4);

    let datasets = harness.state().datasets();
    assert_eq!(datasets.len(), 1);
    assert_eq!(datasets[0].table.len(), 5);
    assert!(
        (datasets[0].table.lon[0] - 69.17).abs() < 1e-9,
        "c1 was read as longitude"
    );
    assert!(
        harness.state().drawn_marker_count() > markers_before,
        "the events are drawn on the map"
    );
    assert_eq!(
        harness
            .state()
            .undo_label()
            .map(|l| l.contains("field-reports")),
        Some(true)
    );

    // The Events table lists them; sorting by date puts the oldest (E5, line 6) first.
    harness
        .get_by_role_and_label(Role::Button, "Events")
        .click();
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("5 of 5 events").is_some());
    harness.get_by_label("date").click();
    harness.run_steps(3);
    let y_of = |harness: &Harness<'static, FaultlineApp>, text: &str| {
        harness.get_by_label(text).rect().center().y
    };
    assert!(
        y_of(&harness, "2023-12-30") < y_of(&harness, "2024-01-20")
            && y_of(&harness, "2024-01-20") < y_of(&harness, "2024-04-02"),
        "oldest first when sorted by date"
    );
    harness.get_by_label("date").click();
    harness.run_steps(3);
    assert!(
        y_of(&harness, "2024-04-02") < y_of(&harness, "2023-12-30"),
        "a second click sorts newest first"
    );
    harness.get_by_label("date").click();
    harness.run_steps(3);
    assert!(
        y_of(&harness, "2024-03-05") < y_of(&harness, "2023-12-30"),
        "a third click goes back to the file's order"
    );
    harness.get_by_label("date").click();
    harness.run_steps(3);
    let first_cell = harness.get_by_label("2023-12-30").rect();

    // Clicking a row selects that event and flies the map to it.
    click_at(&mut harness, first_cell.center());
    harness.run_steps(3);
    let state = harness.state();
    match state.selection() {
        Some(Selection::DatasetEvent { row, .. }) => assert_eq!(*row, 4, "E5 is the fifth row"),
        other => panic!("a row click selects its event, got {other:?}"),
    }
    let (Some(pos), Some(rect)) = (state.screen_pos_of([67.11, 36.70]), state.map_rect()) else {
        panic!("the map was drawn");
    };
    assert!(
        (pos - rect.center()).length() < 10.0,
        "the map is centred on the event: it is at {pos:?}, the centre at {:?}",
        rect.center()
    );
}
