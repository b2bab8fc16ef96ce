//! The forms to add, edit and delete story records, driven headless with egui_kittest the way a
//! user would: select, click Edit…, type, Save, undo.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::{ActorId, RelationshipId, SourceId, validate};
use faultline::scene::story::Focus;
use faultline::ui::{Action, FaultlineApp, Selection};

fn harness() -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1200.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

fn select(harness: &mut Harness<'static, FaultlineApp>, focus: Focus) {
    harness
        .state_mut()
        .apply(Action::Select(Some(Selection::Story(focus))));
    harness.run_steps(2);
}

fn click(harness: &mut Harness<'static, FaultlineApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

/// Replaces the text of the field labelled `label` as a user does: click, select all, type.
fn retype(harness: &mut Harness<'static, FaultlineApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    if text.is_empty() {
        harness.key_press(Key::Backspace);
    } else {
        harness.get_by_label(label).type_text(text);
    }
    harness.run_steps(3);
}

/// Picks `option` in the drop-down labelled `label`.
fn choose(harness: &mut Harness<'static, FaultlineApp>, label: &str, option: &str) {
    click(harness, label);
    click(harness, option);
}

fn actor_name(harness: &Harness<'static, FaultlineApp>, id: &str) -> Option<String> {
    harness
        .state()
        .project()
        .actor(&ActorId::new(id))
        .map(|actor| actor.name.clone())
}

/// The message sits right under the field, not somewhere else in the window.
fn assert_right_under(harness: &Harness<'static, FaultlineApp>, field: &str, message: &str) {
    let field = harness.get_by_label(field).rect();
    let message = harness.get_by_label(message).rect();
    assert!(
        message.top() >= field.bottom() && message.top() - field.bottom() < 20.0,
        "the message {message:?} is right under the field {field:?}"
    );
    assert!(
        (message.left() - field.left()).abs() < 4.0,
        "the message {message:?} lines up with the field {field:?}"
    );
}

#[test]
fn renaming_an_actor_in_its_form_changes_the_project_and_undo_restores_it() {
    let mut harness = harness();
    select(&mut harness, Focus::Actor(ActorId::new("actor:pakistan")));
    click(&mut harness, "Edit…");
    harness.get_by_label("Edit actor “Pakistan”");
    retype(&mut harness, "Name", "Islamic Republic of Pakistan");
    click(&mut harness, "Save");

    assert_eq!(
        actor_name(&harness, "actor:pakistan").as_deref(),
        Some("Islamic Republic of Pakistan")
    );
    assert_eq!(
        harness.state().undo_label(),
        Some("Edit actor “Islamic Republic of Pakistan”")
    );
    assert!(
        harness.query_by_label_contains("Edit actor").is_none(),
        "the form closed"
    );
    // The inspector shows the new name at once.
    harness.get_by_label("Islamic Republic of Pakistan");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    assert_eq!(
        actor_name(&harness, "actor:pakistan").as_deref(),
        Some("Pakistan")
    );
}

#[test]
fn an_empty_name_is_refused_next_to_the_field_and_saves_nothing() {
    let mut harness = harness();
    let before = harness.state().project().clone();
    select(&mut harness, Focus::Actor(ActorId::new("actor:pakistan")));
    click(&mut harness, "Edit…");
    retype(&mut harness, "Name", "");

    assert_right_under(&harness, "Name", "Name is empty.");
    let save = harness.get_by_label("Save");
    assert!(save.accesskit_node().is_disabled(), "Save is disabled");
    save.click();
    harness.run_steps(3);
    assert_eq!(harness.state().project(), &before, "nothing was saved");
    assert_eq!(harness.state().undo_label(), None);
    harness.get_by_label("Edit actor “Pakistan”");

    // Typing a name again clears the message and lets the form save.
    retype(&mut harness, "Name", "Pakistan");
    assert!(harness.query_by_label("Name is empty.").is_none());
    assert!(!harness.get_by_label("Save").accesskit_node().is_disabled());
    click(&mut harness, "Cancel");
    assert!(harness.query_by_label_contains("Edit actor").is_none());
    assert_eq!(harness.state().project(), &before);
}

#[test]
fn deleting_an_actor_takes_its_ties_in_one_step_that_one_undo_restores() {
    let mut harness = harness();
    let before = harness.state().project().clone();
    let russia = ActorId::new("actor:russia");
    assert!(before.relationships_of(&russia).count() >= 3);
    select(&mut harness, Focus::Actor(russia.clone()));
    click(&mut harness, "Delete…");

    // The question says what else goes.
    harness.get_by_label("Delete actor “Russian Federation”?");
    harness.get_by_label("• relationship “Russian Federation – Ukraine” (armed conflict)");
    assert!(
        harness
            .get_all_by_label_contains("no longer lists it")
            .next()
            .is_some(),
        "events that name Russia are listed as changed"
    );
    click(&mut harness, "Delete");

    let project = harness.state().project();
    assert!(project.actor(&russia).is_none());
    assert_eq!(project.relationships_of(&russia).count(), 0);
    assert!(project.events.iter().all(|e| !e.actors.contains(&russia)));
    assert!(validate(project).is_empty(), "{:?}", validate(project));
    assert_eq!(
        harness.state().selection(),
        None,
        "the selection went with it"
    );
    assert_eq!(
        harness.state().undo_label(),
        Some("Delete actor “Russian Federation”")
    );

    harness.state_mut().apply(Action::Undo);
    harness.run_steps(2);
    assert_eq!(harness.state().project(), &before, "one undo restores all");
    assert_eq!(harness.state().undo_label(), None);
}

#[test]
fn a_new_relationship_joins_the_two_actors_chosen() {
    let mut harness = harness();
    click(&mut harness, "New relationship…");
    harness.get_by_label("New relationship");
    choose(&mut harness, "From", "Iran");
    choose(&mut harness, "To", "India");
    choose(&mut harness, "Status", "alleged");
    retype(&mut harness, "Grade", "c3");
    retype(&mut harness, "Start date", "2021-08");
    click(&mut harness, "Save");

    let id = RelationshipId::new("rel:iran-india-defence-cooperation");
    let Some(tie) = harness.state().project().relationship(&id).cloned() else {
        panic!("the new relationship is in the project");
    };
    assert_eq!(tie.from, ActorId::new("actor:iran"));
    assert_eq!(tie.to, ActorId::new("actor:india"));
    assert_eq!(tie.status.as_str(), "alleged");
    assert_eq!(tie.grade.map(|g| g.to_string()).as_deref(), Some("C3"));
    assert_eq!(tie.start.map(|d| d.to_string()).as_deref(), Some("2021-08"));
    assert_eq!(
        harness.state().selection(),
        Some(&Selection::Story(Focus::Relationship(id))),
        "the new tie is selected"
    );
    assert_eq!(
        harness.state().undo_label(),
        Some("Add relationship “Iran – India”")
    );
}

#[test]
fn a_date_that_does_not_parse_says_why_under_the_field() {
    let mut harness = harness();
    select(&mut harness, Focus::Actor(ActorId::new("actor:iran")));
    click(&mut harness, "New relationship…");
    choose(&mut harness, "To", "India");
    retype(&mut harness, "Start date", "2001-13");

    let Some(message) = harness
        .get_all_by_label_contains("Invalid date \"2001-13\"")
        .next()
        .and_then(|node| node.accesskit_node().value())
    else {
        panic!("the parse error is shown");
    };
    assert!(message.contains("month 13 is outside 1..12"), "{message}");
    assert_right_under(&harness, "Start date", &message);
    assert!(harness.get_by_label("Save").accesskit_node().is_disabled());

    retype(&mut harness, "Start date", "2001-12");
    assert!(
        harness
            .query_all_by_label_contains("Invalid date")
            .next()
            .is_none(),
        "the message went once the date parses"
    );
    click(&mut harness, "Save");
    let from_iran = harness
        .state()
        .project()
        .relationships_of(&ActorId::new("actor:iran"))
        .filter(|r| r.to == ActorId::new("actor:india"))
        .count();
    assert_eq!(
        from_iran, 1,
        "the selected actor is the new tie's first end"
    );
}

#[test]
fn a_new_actor_starts_at_the_map_centre_and_gets_a_free_id() {
    let mut harness = harness();
    let Some(camera) = harness.state().camera() else {
        panic!("the map has a camera");
    };
    let Some([lon, lat]) = harness
        .state()
        .projection()
        .inverse(camera.center[0], camera.center[1])
    else {
        panic!("the centre is on the globe");
    };
    click(&mut harness, "New actor…");
    harness.get_by_label("New actor");
    assert!(
        harness.get_by_label("Name").is_focused(),
        "typing starts in the name"
    );
    retype(&mut harness, "Name", "Pakistan");
    harness.get_by_label("Id: actor:pakistan-2 (made from the name)");
    click(&mut harness, "Save");

    let Some(actor) = harness
        .state()
        .project()
        .actor(&ActorId::new("actor:pakistan-2"))
        .cloned()
    else {
        panic!("the new actor has an id of its own");
    };
    assert!((actor.anchor.lon - lon).abs() < 1e-3, "{actor:?}");
    assert!((actor.anchor.lat - lat).abs() < 1e-3, "{actor:?}");
    assert_eq!(
        harness.state().selection(),
        Some(&Selection::Story(Focus::Actor(actor.id)))
    );
}

#[test]
fn deleting_a_cited_source_asks_first_and_removes_the_citations() {
    let mut harness = harness();
    let before = harness.state().project().clone();
    let Some(source) = before.sources.first().cloned() else {
        panic!("the scenario cites a source");
    };
    let label = format!("All sources ({})", before.sources.len());
    click(&mut harness, &label);
    let Some(delete) = harness.get_all_by_label("Delete…").next() else {
        panic!("each source has a Delete… button");
    };
    delete.click();
    harness.run_steps(3);
    harness.get_by_label(&format!("Delete source “{}”?", source.title));
    assert!(
        harness
            .get_all_by_label_contains("no longer cites it")
            .next()
            .is_some()
    );
    click(&mut harness, "Cancel");
    assert_eq!(harness.state().project(), &before, "Cancel changes nothing");

    let Some(delete) = harness.get_all_by_label("Delete…").next() else {
        panic!("the source can be deleted");
    };
    delete.click();
    harness.run_steps(3);
    click(&mut harness, "Delete");
    let project = harness.state().project();
    assert!(project.source(&SourceId::new(source.id.as_str())).is_none());
    assert!(validate(project).is_empty(), "{:?}", validate(project));
    harness.state_mut().apply(Action::Undo);
    harness.run_steps(2);
    assert_eq!(harness.state().project(), &before);
}

#[test]
fn escape_cancels_a_form_without_saving() {
    let mut harness = harness();
    select(&mut harness, Focus::Actor(ActorId::new("actor:iran")));
    click(&mut harness, "Edit…");
    retype(&mut harness, "Name", "Persia");
    harness.key_press(Key::Escape);
    harness.run_steps(3);
    assert!(
        harness.query_by_label_contains("Edit actor").is_none(),
        "the form closed"
    );
    assert_eq!(actor_name(&harness, "actor:iran").as_deref(), Some("Iran"));
    assert_eq!(harness.state().undo_label(), None);
}

fn save_is_disabled(harness: &Harness<'static, FaultlineApp>) -> bool {
    harness.get_by_label("Save").accesskit_node().is_disabled()
}

#[test]
fn a_new_actor_says_its_name_is_empty_only_once_the_name_is_touched() {
    let mut harness = harness();
    click(&mut harness, "New actor…");
    harness.get_by_label("New actor");
    assert!(
        harness.query_by_label("Name is empty.").is_none(),
        "nothing is wrong before the person has typed anything"
    );
    assert!(save_is_disabled(&harness));
    harness.get_by_label("Name is needed to save.");

    // Moving on from the name the form put the cursor in is not touching it.
    click(&mut harness, "Aliases");
    assert!(harness.query_by_label("Name is empty.").is_none());

    // Going into the name and leaving it empty is.
    click(&mut harness, "Name");
    click(&mut harness, "Aliases");
    assert_right_under(&harness, "Name", "Name is empty.");
    assert!(save_is_disabled(&harness));
    harness.get_by_label("Correct the fields marked in red to save.");

    retype(&mut harness, "Name", "Baluchistan");
    assert!(harness.query_by_label("Name is empty.").is_none());
    assert!(!save_is_disabled(&harness));
}

#[test]
fn trying_to_save_a_new_actor_without_a_name_says_why_and_saves_nothing() {
    let mut harness = harness();
    let before = harness.state().project().clone();
    click(&mut harness, "New actor…");
    assert!(harness.query_by_label("Name is empty.").is_none());
    click(&mut harness, "Save");
    assert_right_under(&harness, "Name", "Name is empty.");
    assert_eq!(harness.state().project(), &before, "nothing was saved");
    harness.get_by_label("New actor");

    retype(&mut harness, "Name", "Baluchistan");
    click(&mut harness, "Save");
    assert!(
        harness
            .state()
            .project()
            .actor(&ActorId::new("actor:baluchistan"))
            .is_some()
    );
}

#[test]
fn a_new_event_names_what_it_needs_and_shows_a_bad_date_at_once() {
    let mut harness = harness();
    click(&mut harness, "New event…");
    harness.get_by_label("New event");
    harness.get_by_label("Title and date are needed to save.");
    assert!(
        harness
            .query_all_by_label_contains("is empty")
            .next()
            .is_none(),
        "no field is called empty yet"
    );

    retype(&mut harness, "Date", "2001-13");
    assert!(
        harness
            .query_all_by_label_contains("Invalid date \"2001-13\"")
            .next()
            .is_some(),
        "a date that does not parse is said at once"
    );
    assert!(harness.query_by_label("Title is empty.").is_none());
    harness.get_by_label("Correct the fields marked in red. Title is needed to save.");
    assert!(save_is_disabled(&harness));
}

#[test]
fn another_form_does_not_replace_one_with_unsaved_typing() {
    let mut harness = harness();
    let before = harness.state().project().clone();
    select(&mut harness, Focus::Actor(ActorId::new("actor:pakistan")));
    click(&mut harness, "Edit…");
    retype(&mut harness, "Name", "Islamic Republic of Pakistan");

    // Edit… on another actor asks before throwing the typing away.
    select(&mut harness, Focus::Actor(ActorId::new("actor:iran")));
    click(&mut harness, "Edit…");
    harness.get_by_label("Edit actor “Pakistan”");
    assert!(harness.query_by_label("Edit actor “Iran”").is_none());
    harness.get_by_label("Discard the changes to actor “Pakistan”?");
    assert_eq!(
        harness
            .get_by_label("Name")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("Islamic Republic of Pakistan"),
        "the typing is still there"
    );

    click(&mut harness, "Keep editing");
    assert!(
        harness
            .query_by_label("Discard the changes to actor “Pakistan”?")
            .is_none()
    );
    harness.get_by_label("Edit actor “Pakistan”");
    assert_eq!(
        harness
            .get_by_label("Name")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("Islamic Republic of Pakistan")
    );

    // Asked again, Discard opens the other form.
    click(&mut harness, "Edit…");
    click(&mut harness, "Discard");
    harness.get_by_label("Edit actor “Iran”");
    assert!(harness.query_by_label("Edit actor “Pakistan”").is_none());
    assert_eq!(harness.state().project(), &before, "nothing was saved");

    // A form without changes gives way at once.
    select(&mut harness, Focus::Actor(ActorId::new("actor:pakistan")));
    click(&mut harness, "Edit…");
    harness.get_by_label("Edit actor “Pakistan”");
    assert!(
        harness
            .query_all_by_label_contains("Discard the changes")
            .next()
            .is_none()
    );

    // So does one whose typing was cancelled.
    retype(&mut harness, "Name", "Pakistan (renamed)");
    click(&mut harness, "Cancel");
    select(&mut harness, Focus::Actor(ActorId::new("actor:iran")));
    click(&mut harness, "Edit…");
    harness.get_by_label("Edit actor “Iran”");
    assert_eq!(
        harness
            .get_by_label("Name")
            .accesskit_node()
            .value()
            .as_deref(),
        Some("Iran")
    );
    assert_eq!(harness.state().project(), &before);
}

#[test]
fn typing_a_place_offers_it_from_the_gazetteer_and_choosing_fills_position_and_country() {
    let mut harness = harness();
    click(&mut harness, "New actor…");
    retype(&mut harness, "Name", "Herat provincial council");
    retype(&mut harness, "Anchor place", "Hera");
    let Some(offer) = harness.get_all_by_label_contains("Herāt (city, AFG").next() else {
        panic!("Herat is offered");
    };
    offer.click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("Herāt (city, AFG")
            .is_none(),
        "a chosen place is not offered again"
    );
    click(&mut harness, "Save");
    let Some(actor) = harness
        .state()
        .project()
        .actors
        .iter()
        .find(|a| a.name == "Herat provincial council")
        .cloned()
    else {
        panic!("saved");
    };
    assert_eq!(actor.anchor.name, "Herāt", "GeoNames' name");
    // Herat lies at about 62.2° E, 34.35° N.
    assert!((actor.anchor.lon - 62.2).abs() < 0.1, "{:?}", actor.anchor);
    assert!((actor.anchor.lat - 34.35).abs() < 0.1, "{:?}", actor.anchor);
    assert_eq!(actor.country_iso_a3.as_deref(), Some("AFG"));
}
