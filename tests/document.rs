//! Project files in the window: save, open, the unsaved-changes question, recent files and
//! recovery of unsaved work after a crash — driven headless with egui_kittest.

use std::path::Path;
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::file::{load_project, parse_project};
use faultline::model::{Edit, Project};
use faultline::ui::document::AfterUnsaved;
use faultline::ui::{Action, FaultlineApp};

fn harness_with(app: FaultlineApp) -> Harness<'static, FaultlineApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

fn app() -> FaultlineApp {
    FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]))
}

fn rename(harness: &mut Harness<'static, FaultlineApp>, title: &str) {
    harness
        .state_mut()
        .apply(Action::edit(Edit::SetTitle(title.into()), "Rename project"));
    harness.run_steps(2);
}

#[test]
fn save_as_writes_the_document_clears_the_unsaved_mark_and_reopens_identical() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("brief.faultline.geojson");
    let mut harness = harness_with(app());
    assert!(!harness.state().is_dirty());
    rename(&mut harness, "Morning brief");
    assert!(harness.state().is_dirty());
    assert!(harness.state().window_title().starts_with('*'));

    harness.state_mut().apply(Action::SaveAs(path.clone()));
    harness.run_steps(2);
    assert!(!harness.state().is_dirty());
    assert_eq!(
        harness.state().window_title(),
        "brief.faultline.geojson — Faultline"
    );
    assert_eq!(harness.state().document_path(), Some(path.as_path()));
    let saved = load_project(&path).unwrap();
    assert_eq!(&saved, harness.state().project());

    // Undo makes it unsaved again; redo gets back to the saved state.
    harness.state_mut().apply(Action::Undo);
    assert!(harness.state().is_dirty());
    harness.state_mut().apply(Action::Redo);
    assert!(!harness.state().is_dirty());

    let mut other = harness_with(app());
    other.state_mut().apply(Action::OpenPath(path.clone()));
    other.run_steps(2);
    assert_eq!(other.state().project(), &saved);
    assert!(!other.state().is_dirty());
}

#[test]
fn new_with_unsaved_changes_asks_and_cancel_keeps_the_work() {
    let mut harness = harness_with(app());
    rename(&mut harness, "Work in progress");
    harness.state_mut().apply(Action::NewProject);
    harness.run_steps(2);
    assert_eq!(harness.state().unsaved_prompt(), Some(&AfterUnsaved::New));
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert_eq!(harness.state().unsaved_prompt(), None);
    assert_eq!(harness.state().project().title, "Work in progress");

    harness.state_mut().apply(Action::NewProject);
    harness.run_steps(2);
    harness.get_by_label("Don't save").click();
    harness.run_steps(2);
    let project = harness.state().project();
    assert_eq!(project.title, "Untitled");
    assert!(project.actors.is_empty());
    assert!(!harness.state().is_dirty());
}

#[test]
fn answering_save_saves_then_closes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.faultline.geojson");
    let mut harness = harness_with(app());
    harness.state_mut().apply(Action::SaveAs(path.clone()));
    rename(&mut harness, "Changed after saving");
    harness.state_mut().apply(Action::CloseProject);
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert_eq!(load_project(&path).unwrap().title, "Changed after saving");
    assert_eq!(harness.state().project().title, "Untitled");
    assert_eq!(harness.state().document_path(), None);
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut harness = harness_with(app());
    rename(&mut harness, "Unsaved");
    harness.state_mut().apply(Action::Quit);
    harness.run_steps(2);
    assert_eq!(harness.state().unsaved_prompt(), Some(&AfterUnsaved::Quit));
    harness.get_by_label("Cancel").click();
    harness.run_steps(2);
    assert_eq!(harness.state().project().title, "Unsaved");
}

#[test]
fn closing_the_window_with_unsaved_changes_is_held_back_to_ask() {
    let mut harness = harness_with(app());
    rename(&mut harness, "Unsaved");
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.run_steps(2);
    assert_eq!(harness.state().unsaved_prompt(), Some(&AfterUnsaved::Quit));
    harness.get_by_label("Don't save").click();
    harness.run_steps(2);
    assert_eq!(harness.state().unsaved_prompt(), None);
}

#[test]
fn opening_another_project_with_unsaved_changes_asks_and_a_broken_file_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("other.faultline.geojson");
    faultline::model::file::save_project(&good, &Project::new("Other")).unwrap();
    let broken = dir.path().join("broken.faultline.geojson");
    std::fs::write(
        &broken,
        b"{\"type\": \"FeatureCollection\", \"faultline\": {",
    )
    .unwrap();

    let mut harness = harness_with(app());
    rename(&mut harness, "Mine");
    harness.state_mut().apply(Action::OpenPath(good.clone()));
    harness.run_steps(2);
    assert!(matches!(
        harness.state().unsaved_prompt(),
        Some(AfterUnsaved::Open(_))
    ));
    harness.get_by_label("Don't save").click();
    harness.run_steps(2);
    assert_eq!(harness.state().project().title, "Other");

    let before = std::fs::read(&broken).unwrap();
    harness.state_mut().apply(Action::OpenPath(broken.clone()));
    harness.run_steps(2);
    assert_eq!(
        harness.state().project().title,
        "Other",
        "the open project stays"
    );
    let message = &harness.state().messages().last().unwrap().text;
    assert!(message.contains("broken.faultline.geojson"), "{message}");
    assert!(message.contains("line 1"), "{message}");
    assert!(
        message.contains("Could not open the project") && message.contains("Still open: “other"),
        "a damaged project is reported as a project, naming the one still open: {message}"
    );
    assert_eq!(
        std::fs::read(&broken).unwrap(),
        before,
        "nothing overwritten"
    );
}

#[test]
fn recent_files_are_remembered_across_sessions_and_vanished_ones_dropped() {
    let config = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("recent.faultline.geojson");
    let mut harness = harness_with(app().with_config_dir(config.path().into()));
    harness.state_mut().apply(Action::SaveAs(path.clone()));
    let canonical = path.canonicalize().unwrap();
    assert_eq!(
        harness.state().recent_files(),
        std::slice::from_ref(&canonical)
    );

    let mut next = harness_with(app().with_config_dir(config.path().into()));
    assert_eq!(
        next.state().recent_files(),
        std::slice::from_ref(&canonical)
    );
    std::fs::remove_file(&path).unwrap();
    next.state_mut().apply(Action::OpenRecent(canonical));
    assert!(next.state().recent_files().is_empty());
    assert!(next.state().messages().last().unwrap().is_error);
}

/// This process's recovery file.
fn recovery_file(config: &Path) -> std::path::PathBuf {
    config.join(format!("recovery-{}.faultline.geojson", std::process::id()))
}

#[test]
fn unsaved_work_is_autosaved_and_offered_back_after_a_crash() {
    let config = tempfile::tempdir().unwrap();
    let mut harness = harness_with(app().with_config_dir(config.path().into()));
    harness
        .state_mut()
        .set_autosave_interval(Duration::from_millis(0));
    harness.run_steps(2);
    assert!(
        !recovery_file(config.path()).exists(),
        "nothing to recover while nothing changed"
    );
    rename(&mut harness, "Not yet saved");
    harness.run_steps(2);
    let recovered = parse_project(
        &std::fs::read(recovery_file(config.path())).unwrap(),
        "recovery",
    )
    .unwrap();
    assert_eq!(&recovered, harness.state().project());
    // The process dies here: the harness is dropped without saving.
    drop(harness);

    let mut next = harness_with(app().with_config_dir(config.path().into()));
    assert_eq!(
        next.state().recovery_offer().unwrap().title,
        "Not yet saved"
    );
    next.get_by_label("Restore").click();
    next.run_steps(2);
    assert_eq!(next.state().project().title, "Not yet saved");
    assert!(next.state().is_dirty(), "restored work still needs saving");
    assert!(!recovery_file(config.path()).exists());
}

#[test]
fn saving_removes_the_recovery_file_and_discarding_an_offer_forgets_it() {
    let config = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_with(app().with_config_dir(config.path().into()));
    harness
        .state_mut()
        .set_autosave_interval(Duration::from_millis(0));
    rename(&mut harness, "Draft");
    assert!(recovery_file(config.path()).exists());
    harness
        .state_mut()
        .apply(Action::SaveAs(dir.path().join("draft.faultline.geojson")));
    assert!(!recovery_file(config.path()).exists());

    rename(&mut harness, "Draft 2");
    assert!(recovery_file(config.path()).exists());
    drop(harness);
    let mut next = harness_with(app().with_config_dir(config.path().into()));
    next.get_by_label("Discard").click();
    next.run_steps(2);
    assert!(next.state().recovery_offer().is_none());
    assert!(!recovery_file(config.path()).exists());
    assert_ne!(next.state().project().title, "Draft 2");
}

#[test]
fn the_live_work_of_another_running_window_is_not_offered() {
    let config = tempfile::tempdir().unwrap();
    // PID 1 is always running: its recovery file belongs to a live window.
    let live = config.path().join("recovery-1.faultline.geojson");
    faultline::model::file::save_project(&live, &Project::new("Theirs")).unwrap();
    let harness = harness_with(app().with_config_dir(config.path().into()));
    assert!(harness.state().recovery_offer().is_none());
    assert!(live.exists(), "another window's work is left alone");
}

#[test]
fn added_layers_are_part_of_the_project_undoable_and_come_back_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("bases.geojson");
    std::fs::write(
        &layer,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Bagram"},"geometry":{"type":"Point","coordinates":[69.26,34.95]}}]}"#,
    )
    .unwrap();
    let project_path = dir.path().join("with-layer.faultline.geojson");
    let mut harness = harness_with(app());
    harness.state_mut().apply(Action::AddLayer(layer.clone()));
    harness.run_steps(2);
    assert_eq!(harness.state().layer_names(), vec!["bases"]);
    assert!(
        harness.state().is_dirty(),
        "adding a layer changes the project"
    );
    assert_eq!(harness.state().undo_label(), Some("Add layer “bases”"));

    harness.state_mut().apply(Action::Undo);
    assert!(harness.state().layer_names().is_empty());
    harness.state_mut().apply(Action::Redo);
    assert_eq!(harness.state().layer_names(), vec!["bases"]);

    harness.state_mut().apply(Action::SetLayerVisible(0, false));
    assert_eq!(harness.state().undo_label(), Some("Hide layer “bases”"));
    harness
        .state_mut()
        .apply(Action::SaveAs(project_path.clone()));

    let mut reopened = harness_with(app());
    reopened.state_mut().apply(Action::OpenPath(project_path));
    reopened.run_steps(2);
    assert_eq!(reopened.state().layer_names(), vec!["bases"]);
    let checkbox = reopened.get_by_label("bases");
    assert_eq!(
        checkbox.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::False),
        "hidden as saved"
    );

    reopened.state_mut().apply(Action::RemoveLayer(0));
    assert!(reopened.state().layer_names().is_empty());
    reopened.state_mut().apply(Action::Undo);
    assert_eq!(reopened.state().layer_names(), vec!["bases"]);
}

#[test]
fn a_project_whose_layer_file_is_gone_opens_and_keeps_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let layer = dir.path().join("gone.geojson");
    std::fs::write(&layer, r#"{"type":"FeatureCollection","features":[]}"#).unwrap();
    let project_path = dir.path().join("p.faultline.geojson");
    let mut harness = harness_with(app());
    harness.state_mut().apply(Action::AddLayer(layer.clone()));
    harness
        .state_mut()
        .apply(Action::SaveAs(project_path.clone()));
    std::fs::remove_file(&layer).unwrap();

    let mut reopened = harness_with(app());
    reopened
        .state_mut()
        .apply(Action::OpenPath(project_path.clone()));
    reopened.run_steps(2);
    assert!(reopened.state().layer_names().is_empty());
    let errors: Vec<_> = reopened
        .state()
        .messages()
        .iter()
        .filter(|m| m.is_error)
        .collect();
    assert_eq!(errors.len(), 1, "said once: {errors:?}");
    assert!(
        errors[0].text.contains("gone.geojson"),
        "{}",
        errors[0].text
    );
    // Saving again keeps the entry for when the file is back.
    reopened
        .state_mut()
        .apply(Action::edit(Edit::SetTitle("x".into()), "Rename"));
    reopened.state_mut().apply(Action::Save);
    let saved = std::fs::read_to_string(&project_path).unwrap();
    assert!(saved.contains("gone.geojson"));
}

#[test]
fn a_failed_save_keeps_the_work_unsaved_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness_with(app());
    rename(&mut harness, "Precious");
    let nowhere = dir.path().join("no/such/folder/brief.faultline.geojson");
    harness.state_mut().apply(Action::SaveAs(nowhere));
    harness.run_steps(2);
    assert!(harness.state().is_dirty());
    assert_eq!(harness.state().document_path(), None);
    let message = harness.state().messages().last().unwrap();
    assert!(message.is_error);
    assert!(message.text.contains("no/such/folder"), "{}", message.text);
}

#[test]
fn the_path_field_saves_when_no_dialog_is_available() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.faultline.geojson");
    let mut harness = harness_with(app());
    harness.state_mut().apply(Action::ShowPathField(
        faultline::ui::file_dialog::DialogPurpose::SaveProjectAs("x".into()),
    ));
    harness.run_steps(2);
    let field = harness.get_by_label("Save the project as:");
    field.click();
    field.type_text(&path.display().to_string());
    harness.run_steps(2);
    harness.get_by_label("Save").click();
    harness.run_steps(2);
    assert!(path.is_file());
    assert_eq!(harness.state().document_path(), Some(path.as_path()));
}

#[test]
fn a_project_reopens_in_the_projection_and_area_it_was_saved_in() {
    use faultline::map::projection::Projection;
    use faultline::ui::Region;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("view.faultline.geojson");
    let mut harness = harness_with(app());
    harness
        .state_mut()
        .apply(Action::SetProjection(Projection::NaturalEarth));
    harness
        .state_mut()
        .apply(Action::ShowRegion(Region::AfghanistanAndNeighbours));
    harness.run_steps(2);
    assert!(!harness.state().is_dirty(), "looking around is not editing");
    harness.state_mut().apply(Action::SaveAs(path.clone()));

    let mut reopened = harness_with(app());
    reopened.state_mut().apply(Action::OpenPath(path));
    reopened.run_steps(2);
    let app = reopened.state();
    assert_eq!(app.projection(), Projection::NaturalEarth);
    let map = app.map_rect().unwrap();
    let kabul = app.screen_pos_of([69.17, 34.53]).unwrap();
    assert!(
        map.contains(kabul),
        "Kabul is in view: {kabul:?} in {map:?}"
    );
    let paris = app.screen_pos_of([2.35, 48.86]).unwrap();
    assert!(!map.contains(paris), "a regional view, not the world");
}
