//! Finding and filtering the story: a search box that flies the map to what it finds, and
//! filters by actor kind, status, grade and time. Like every panel it only returns actions.

use egui::{RichText, Ui};

use crate::gazetteer::PlaceKind;
use crate::model::filter::{Filter, SearchTarget, search};
use crate::model::{ActorKind, Grade, Project, Status};
use crate::scene::story::Focus;

use super::actions::{Action, Selection};

/// The most search results listed.
const MAX_RESULTS: usize = 8;
/// The most places of the gazetteer listed under them.
const MAX_PLACES: usize = 5;

/// The search box and its results.
pub fn search_box(ui: &mut Ui, project: &Project, query: &str) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let label = ui.label("Search");
        let mut text = query.to_owned();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text("actor, place or event")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if field.changed() {
            actions.push(Action::SetSearchText(text));
        }
    });
    if query.trim().is_empty() {
        return actions;
    }
    let hits = search(project, query);
    let places = crate::gazetteer::Gazetteer::shared()
        .map(|g| g.prefix_search(query.trim(), MAX_PLACES))
        .unwrap_or_default();
    if hits.is_empty() && places.is_empty() {
        ui.label(RichText::new("Nothing found.").weak());
    }
    for hit in hits.into_iter().take(MAX_RESULTS) {
        let kind = match hit.id {
            SearchTarget::Actor(_) => "actor",
            SearchTarget::Event(_) => "event",
        };
        let text = if hit.matched == hit.label {
            format!("{} ({kind})", hit.label)
        } else {
            format!("{} ({kind}, {})", hit.label, hit.matched)
        };
        if ui.link(text).clicked() {
            let focus = match hit.id {
                SearchTarget::Actor(id) => Focus::Actor(id),
                SearchTarget::Event(id) => Focus::Event(id),
            };
            actions.push(Action::Select(Some(Selection::Story(focus))));
            actions.push(Action::FlyTo {
                lon: hit.lon,
                lat: hit.lat,
            });
        }
    }
    // Places of the world (GeoNames), after the story's own items.
    for place in places {
        let kind = match place.kind {
            PlaceKind::Country => "country",
            PlaceKind::Region => "region",
            PlaceKind::City => "city",
        };
        let country = place
            .country_iso_a3
            .as_deref()
            .map(|c| format!(", {c}"))
            .unwrap_or_default();
        let text = if place.matched == place.name {
            format!("{} ({kind}{country})", place.name)
        } else {
            format!("{} ({kind}{country}, {})", place.name, place.matched)
        };
        if ui.link(text).clicked() {
            actions.push(Action::FlyTo {
                lon: place.lon,
                lat: place.lat,
            });
        }
    }
    actions
}

/// Filters of the story.
pub fn filters(ui: &mut Ui, filter: &Filter, shown: (usize, usize, usize)) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut changed = filter.clone();
    let (actors, relationships, events) = shown;
    ui.label(
        RichText::new(format!(
            "Showing {actors} actors, {relationships} ties, {events} events"
        ))
        .weak(),
    );

    ui.label(RichText::new("Status of ties and events").strong());
    ui.horizontal_wrapped(|ui| {
        for status in Status::ALL {
            // An empty list means every status: a box is ticked when its status is shown.
            let mut on = changed.statuses.is_empty() || changed.statuses.contains(status);
            if ui.checkbox(&mut on, status.label()).changed() {
                if changed.statuses.is_empty() {
                    changed.statuses = Status::ALL.to_vec();
                }
                changed.statuses.retain(|s| s != status);
                if on {
                    changed.statuses.push(*status);
                }
                if changed.statuses.len() == Status::ALL.len() {
                    changed.statuses.clear();
                }
            }
        }
    });

    ui.label(RichText::new("Actor kinds").strong());
    ui.horizontal_wrapped(|ui| {
        for kind in ActorKind::ALL {
            let mut on = changed.actor_kinds.is_empty() || changed.actor_kinds.contains(kind);
            if ui.checkbox(&mut on, kind.label()).changed() {
                if changed.actor_kinds.is_empty() {
                    changed.actor_kinds = ActorKind::ALL.to_vec();
                }
                changed.actor_kinds.retain(|k| k != kind);
                if on {
                    changed.actor_kinds.push(*kind);
                }
                if changed.actor_kinds.len() == ActorKind::ALL.len() {
                    changed.actor_kinds.clear();
                }
            }
        }
    });

    ui.horizontal(|ui| {
        ui.label("Minimum grade");
        let current = changed
            .minimum_grade
            .map_or_else(|| "any".to_owned(), |g| g.to_string());
        egui::ComboBox::from_id_salt("minimum_grade")
            .selected_text(current)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(changed.minimum_grade.is_none(), "any")
                    .clicked()
                {
                    changed.minimum_grade = None;
                }
                for reliability in ['A', 'B', 'C', 'D', 'E'] {
                    for credibility in 1..=5u8 {
                        let Ok(grade) = Grade::new(reliability, credibility) else {
                            continue;
                        };
                        let text = format!("{grade} or better");
                        if ui
                            .selectable_label(changed.minimum_grade == Some(grade), text)
                            .clicked()
                        {
                            changed.minimum_grade = Some(grade);
                        }
                    }
                }
            });
    });

    ui.checkbox(
        &mut changed.hide_unconnected_actors,
        "Hide actors without shown ties",
    );

    if changed != *filter {
        actions.push(Action::SetFilter(changed));
    }
    if filter.is_active() && ui.button("Show everything").clicked() {
        actions.push(Action::SetFilter(Filter::default()));
    }
    actions
}
