//! The inspector's view of a story item: an actor, a relationship or an event, with its ties,
//! grading spelled out and sources, and the buttons that open the forms to add, edit and
//! delete records. Like every panel it only returns actions (the form buttons return
//! [`Action::OpenForm`]).

use egui::{RichText, Ui};

use crate::model::{ActorId, Grade, Project, SourceId};
use crate::scene::story::Focus;

use super::actions::{Action, Selection};
use super::actions::{FormRequest, RecordKind, RecordRef};

/// Shows the focused item; returns what the user clicked.
pub fn story_inspector(ui: &mut Ui, project: &Project, focus: &Focus) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| match focus {
        Focus::Actor(id) => actor(ui, project, id, &mut actions),
        Focus::Relationship(id) => {
            let Some(r) = project.relationship(id) else {
                missing(ui);
                return;
            };
            let name = |id: &ActorId| {
                project
                    .actor(id)
                    .map_or_else(|| id.to_string(), |a| a.name.clone())
            };
            // Words rather than an arrow glyph, which the bundled fonts lack.
            let joint = if r.directed { "to" } else { "and" };
            ui.label(
                RichText::new(format!("{} {joint} {}", name(&r.from), name(&r.to)))
                    .size(17.0)
                    .strong(),
            );
            ui.label(RichText::new(r.kind.label()).italics());
            record_buttons(ui, RecordRef::Relationship(id.clone()), &mut actions);
            ui.add_space(4.0);
            egui::Grid::new("relationship_facts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    fact(ui, "Status", r.status.label());
                    grade_row(ui, r.grade);
                    let time = match (&r.start, &r.end) {
                        (Some(start), Some(end)) => format!("{start} to {end}"),
                        (Some(start), None) => format!("since {start}"),
                        (None, Some(end)) => format!("until {end}"),
                        (None, None) => "not stated".into(),
                    };
                    fact(ui, "Valid time", &time);
                    fact(
                        ui,
                        "Direction",
                        if r.directed { "directed" } else { "mutual" },
                    );
                });
            if !r.notes.is_empty() {
                ui.add_space(4.0);
                ui.label(&r.notes);
            }
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                for id in [&r.from, &r.to] {
                    if ui.button(name(id)).clicked() {
                        actions.push(Action::Select(Some(Selection::Story(Focus::Actor(
                            id.clone(),
                        )))));
                    }
                }
            });
            sources(ui, project, &r.sources);
        }
        Focus::Event(id) => {
            let Some(e) = project.event(id) else {
                missing(ui);
                return;
            };
            ui.label(RichText::new(&e.title).size(17.0).strong());
            record_buttons(ui, RecordRef::Event(id.clone()), &mut actions);
            ui.add_space(4.0);
            egui::Grid::new("event_facts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    fact(ui, "Date", &e.date.to_string());
                    fact(ui, "Place", &e.place.name);
                    fact(ui, "Category", e.category.label());
                    fact(ui, "Status", e.status.label());
                    grade_row(ui, e.grade);
                });
            if !e.description.is_empty() {
                ui.add_space(4.0);
                ui.label(&e.description);
            }
            if !e.actors.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("Actors").strong());
                ui.horizontal_wrapped(|ui| {
                    for id in &e.actors {
                        let label = project
                            .actor(id)
                            .map_or_else(|| id.to_string(), |a| a.name.clone());
                        if ui.button(label).clicked() {
                            actions.push(Action::Select(Some(Selection::Story(Focus::Actor(
                                id.clone(),
                            )))));
                        }
                    }
                });
            }
            sources(ui, project, &e.sources);
        }
    });
    actions.extend(selection_buttons(ui));
    actions
}

fn actor(ui: &mut Ui, project: &Project, id: &ActorId, actions: &mut Vec<Action>) {
    let Some(a) = project.actor(id) else {
        missing(ui);
        return;
    };
    ui.label(RichText::new(&a.name).size(17.0).strong());
    ui.label(RichText::new(a.kind.label()).italics());
    record_buttons(ui, RecordRef::Actor(id.clone()), actions);
    ui.add_space(4.0);
    egui::Grid::new("actor_facts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            if !a.aliases.is_empty() {
                fact(ui, "Also called", &a.aliases.join(", "));
            }
            fact(
                ui,
                "Place",
                &format!(
                    "{} ({:.2}, {:.2})",
                    a.anchor.name, a.anchor.lat, a.anchor.lon
                ),
            );
            if let Some(code) = &a.country_iso_a3 {
                fact(ui, "Country", code);
            }
            if let Some(parent) = a.member_of.as_ref().and_then(|p| project.actor(p)) {
                fact(ui, "Part of", &parent.name);
            }
        });
    if !a.description.is_empty() {
        ui.add_space(4.0);
        ui.label(&a.description);
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Ties").strong());
    let mut any = false;
    for r in project.relationships_of(id) {
        any = true;
        let (other, arrow) = if &r.from == id {
            (&r.to, if r.directed { "to" } else { "with" })
        } else {
            (&r.from, if r.directed { "from" } else { "with" })
        };
        let other = project
            .actor(other)
            .map_or_else(|| other.to_string(), |o| o.name.clone());
        let text = format!("{arrow} {other}: {} ({})", r.kind.label(), r.status.label());
        if ui.link(text).clicked() {
            actions.push(Action::Select(Some(Selection::Story(Focus::Relationship(
                r.id.clone(),
            )))));
        }
    }
    if !any {
        ui.label(RichText::new("No ties recorded.").weak());
    }
    sources(ui, project, &a.sources);
}

/// "Edit…" and "Delete…" for the record shown.
fn record_buttons(ui: &mut Ui, record: RecordRef, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if ui
            .button("Edit…")
            .on_hover_text("Change this record in a form")
            .clicked()
        {
            actions.push(Action::OpenForm(FormRequest::Edit(record.clone())));
        }
        if ui
            .button("Delete…")
            .on_hover_text("Delete this record; you are asked first when others depend on it")
            .clicked()
        {
            actions.push(Action::OpenForm(FormRequest::Delete(record)));
        }
    });
}

/// Buttons to add records, and the story's sources with their Edit… and Delete… buttons (the
/// map has no place to click a source).
pub fn story_tools(ui: &mut Ui, project: &Project) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        for (kind, words) in [
            (RecordKind::Actor, "New actor…"),
            (RecordKind::Relationship, "New relationship…"),
            (RecordKind::Event, "New event…"),
            (RecordKind::Source, "New source…"),
        ] {
            if ui.small_button(words).clicked() {
                actions.push(Action::OpenForm(FormRequest::New(kind)));
            }
        }
    });
    egui::CollapsingHeader::new(format!("All sources ({})", project.sources.len()))
        .id_salt("all_sources")
        .default_open(false)
        .show(ui, |ui| {
            if project.sources.is_empty() {
                ui.label(RichText::new("No sources yet.").weak());
            }
            for source in &project.sources {
                ui.horizontal_wrapped(|ui| {
                    ui.label(&source.title);
                    let record = RecordRef::Source(source.id.clone());
                    if ui.small_button("Edit…").clicked() {
                        actions.push(Action::OpenForm(FormRequest::Edit(record.clone())));
                    }
                    if ui.small_button("Delete…").clicked() {
                        actions.push(Action::OpenForm(FormRequest::Delete(record)));
                    }
                });
            }
        });
    actions
}

fn fact(ui: &mut Ui, name: &str, value: &str) {
    ui.label(name);
    ui.label(value);
    ui.end_row();
}

/// "C3: fairly reliable source; information possibly true".
fn grade_row(ui: &mut Ui, grade: Option<Grade>) {
    let text = match grade {
        Some(g) => format!(
            "{g}: {} source; information {}",
            g.reliability_meaning(),
            g.credibility_meaning()
        ),
        None => "not graded".into(),
    };
    fact(ui, "Grade", &text);
}

fn sources(ui: &mut Ui, project: &Project, ids: &[SourceId]) {
    if ids.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Sources").strong());
    for id in ids {
        match project.source(id) {
            Some(s) if s.publisher.is_empty() => ui.label(format!("• {}", s.title)),
            Some(s) => ui.label(format!("• {} ({})", s.title, s.publisher)),
            None => ui.label(RichText::new(format!("• missing source {id}")).weak()),
        };
    }
}

fn missing(ui: &mut Ui) {
    ui.label(RichText::new("This item is no longer in the project.").weak());
}

/// "Fit to selection" and "Clear", under whatever the inspector shows.
pub fn selection_buttons(ui: &mut Ui) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Fit to selection").clicked() {
            actions.push(Action::FitSelection);
        }
        if ui.button("Clear").clicked() {
            actions.push(Action::Select(None));
        }
    });
    actions
}
