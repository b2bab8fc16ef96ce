//! Story › Draft from article…, driven headless the way an analyst would: paste an article,
//! draft it, keep two proposals, reject the rest, add them and take them back with one undo.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::Project;
use faultline::ui::FaultlineApp;

/// Written for this test: a made-up report about another region than the built-in story's.
const ARTICLE: &str = "Armenia and Azerbaijan signed a peace agreement in Washington on Friday, \
officials said. Iran's Foreign Minister Abbas Araghchi warned that a transit corridor through \
southern Armenia could threaten the region. Turkey reportedly offered to help fund the new road.";

fn harness() -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas_and_project(
        Atlas::load_now(&[Detail::Coarse]),
        Project::new("Caucasus watch"),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

fn click(harness: &mut Harness<'static, FaultlineApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

fn open_and_draft(harness: &mut Harness<'static, FaultlineApp>) {
    // The menu, not the panel heading of the same name.
    harness
        .get_by_role_and_label(egui::accesskit::Role::Button, "Story")
        .click();
    harness.run_steps(3);
    click(harness, "Draft from article…");
    harness.get_by_label("Article text").click();
    harness.run_steps(2);
    harness.get_by_label("Article text").type_text(ARTICLE);
    harness.run_steps(2);
    harness.get_by_label("Published").click();
    harness.run_steps(1);
    harness.get_by_label("Published").type_text("2026-08-08");
    harness.run_steps(2);
    click(harness, "Draft");
}

fn actor_names(harness: &Harness<'static, FaultlineApp>) -> Vec<String> {
    let mut names: Vec<String> = harness
        .state()
        .project()
        .actors
        .iter()
        .map(|a| a.name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn two_proposals_kept_one_rejected_and_one_undo_takes_them_back() {
    let mut harness = harness();
    open_and_draft(&mut harness);
    // The review lists what the article names, each as a proposal to tick.
    for proposal in ["Armenia — state", "Azerbaijan — state", "Turkey — state"] {
        assert!(
            harness.query_by_label_contains(proposal).is_some(),
            "{proposal} is not proposed"
        );
    }
    click(&mut harness, "Untick all");
    harness.get_by_label_contains("Armenia — state").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Azerbaijan — state").click();
    harness.run_steps(2);
    // Turkey is left unticked: rejected. Nothing is in the story before Add.
    assert!(actor_names(&harness).is_empty());
    click(&mut harness, "Add 2 to the story");
    assert_eq!(actor_names(&harness), ["Armenia", "Azerbaijan"]);
    let project = harness.state().project();
    assert_eq!(
        project.sources.len(),
        1,
        "the article is recorded as a source"
    );
    let source = &project.sources[0].id;
    assert!(project.actors.iter().all(|a| a.sources.contains(source)));
    assert!(
        project
            .actors
            .iter()
            .all(|a| a.extra.contains_key("evidence")),
        "each keeps its quote"
    );
    assert!(harness.query_by_label("Untick all").is_none(), "closed");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert!(
        actor_names(&harness).is_empty(),
        "one undo removes the draft"
    );
    assert!(harness.state().project().sources.is_empty());
}

#[test]
fn the_dialog_keeps_the_keyboard_and_escape_cancels_it() {
    let mut harness = harness();
    open_and_draft(&mut harness);
    let before = harness.state().camera();
    harness.key_press(Key::ArrowLeft);
    harness.key_press(Key::Plus);
    harness.run_steps(3);
    assert_eq!(harness.state().camera(), before, "the map did not move");
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert!(harness.query_by_label("Untick all").is_none(), "closed");
    assert!(actor_names(&harness).is_empty(), "nothing added");
}

/// Replaces the text of the field labelled `label` (select all, then type).
fn retype(harness: &mut Harness<'static, FaultlineApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

#[test]
fn a_proposal_is_corrected_in_the_review_before_it_is_added() {
    let mut harness = harness();
    open_and_draft(&mut harness);
    click(&mut harness, "Untick all");
    // The drafter's name for the state is corrected; opening its fields ticks it.
    click(&mut harness, "Edit Armenia");
    retype(&mut harness, "Name", "Republic of Armenia");
    assert!(
        harness
            .query_by_label_contains("Republic of Armenia — state")
            .is_some(),
        "the row shows the corrected name"
    );
    // Its anchor place is looked up in the gazetteer as it is typed.
    retype(&mut harness, "Place", "Gyum");
    click(&mut harness, "Gyumri (city, ARM)");
    // The warning was hedged ("could"): the analyst judges it reported, and grades it.
    click(&mut harness, "Edit Abbas Araghchi — Republic of Armenia");
    assert!(
        harness.query_by_label("Name").is_none(),
        "one proposal is open at a time"
    );
    click(&mut harness, "Status");
    click(&mut harness, "reported");
    retype(&mut harness, "Grade", "A1");
    assert!(
        harness
            .query_by_label_contains("a grade is a letter")
            .is_none(),
        "A1 is a grade"
    );
    click(&mut harness, "Add 2 to the story");
    assert_eq!(
        actor_names(&harness),
        ["Abbas Araghchi", "Republic of Armenia"],
        "the edited actor and the tie's other end"
    );
    let project = harness.state().project();
    let armenia = project
        .actors
        .iter()
        .find(|a| a.name == "Republic of Armenia")
        .expect("added");
    assert_eq!(armenia.anchor.name, "Gyumri");
    assert!(
        (armenia.anchor.lon - 43.85).abs() < 0.1 && (armenia.anchor.lat - 40.79).abs() < 0.1,
        "{:?}",
        armenia.anchor
    );
    assert_eq!(project.relationships.len(), 1);
    let tie = &project.relationships[0];
    assert_eq!(tie.status, faultline::model::Status::Reported);
    assert_eq!(tie.grade.map(|g| g.to_string()).as_deref(), Some("A1"));
}
