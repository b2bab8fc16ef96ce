//! The fields of each form, in two columns: the label on the left, level with the field's
//! first line, and the field on the right with whatever stops it from being saved written in
//! red right under it.

use std::cell::RefCell;
use std::collections::BTreeSet;

use egui::{
    Align, Color32, ComboBox, CornerRadius, Id, Layout, Response, RichText, Stroke, StrokeKind,
    TextEdit, Ui, vec2,
};

use crate::model::{
    ActorId, ActorKind, EventCategory, Grade, Project, RelationshipKind, SourceId, Status,
};

use super::RecordKind;
use super::drafts::{ActorDraft, EventDraft, Problem, RelationshipDraft, SourceDraft};

/// How wide text fields are, so the fields line up.
const FIELD_WIDTH: f32 = 280.0;

/// How wide the label column is: the longest label ("Country code") fits.
const LABEL_WIDTH: f32 = 100.0;

/// The form's view of the project and of what is wrong with the draft.
pub struct Context<'a> {
    pub project: &'a Project,
    /// The problems to show: a new form keeps quiet about empty fields nobody touched yet.
    pub problems: &'a [Problem],
    /// Where the map is centred (longitude, latitude), for "Use map centre".
    pub centre: Option<[f64; 2]>,
    /// The field to put the cursor in (on the form's first frames).
    pub focus: Option<&'static str>,
    /// Which fields the person has dealt with, updated as the fields are drawn.
    pub touch: RefCell<Touch>,
}

/// Which fields the person has touched: edited, or gone into and left again.
#[derive(Clone, Debug, Default)]
pub struct Touch {
    pub touched: BTreeSet<String>,
    /// Text fields the person went into (not the one the form put the cursor in), so leaving
    /// them counts as a touch.
    visited: BTreeSet<String>,
    /// Drop-downs open now, so closing one counts as a touch.
    open: BTreeSet<String>,
}

impl Context<'_> {
    fn has_problem(&self, field: &str) -> bool {
        self.problems.iter().any(|problem| problem.field == field)
    }

    /// The messages for `field`, in red, right under it.
    fn problems_under(&self, ui: &mut Ui, field: &str) {
        let colour = error_colour(ui);
        for problem in self.problems.iter().filter(|p| p.field == field) {
            ui.label(RichText::new(&problem.message).color(colour));
        }
    }

    /// Outlines a field at fault in red, so it is found at a glance.
    fn mark(&self, ui: &Ui, response: &Response, field: &str) {
        if self.has_problem(field) {
            ui.painter().rect_stroke(
                response.rect.expand(1.0),
                CornerRadius::same(3),
                Stroke::new(1.0, error_colour(ui)),
                StrokeKind::Outside,
            );
        }
    }

    fn touched(&self, field: &str) {
        self.touch.borrow_mut().touched.insert(field.to_owned());
    }

    /// Notes what the person did with a text field: typing touches it, and so does leaving it
    /// after going into it; the cursor the form put there itself does not count.
    fn note_text(&self, response: &Response, field: &str) {
        let mut touch = self.touch.borrow_mut();
        let went_in = response.clicked() || (response.gained_focus() && self.focus != Some(field));
        if went_in {
            touch.visited.insert(field.to_owned());
        }
        if response.changed() || (response.lost_focus() && touch.visited.contains(field)) {
            touch.touched.insert(field.to_owned());
        }
    }

    /// Notes what the person did with a drop-down: choosing touches it, and so does closing it.
    fn note_choice(&self, field: &str, changed: bool, open: bool) {
        let mut touch = self.touch.borrow_mut();
        let closed = if open {
            touch.open.insert(field.to_owned());
            false
        } else {
            touch.open.remove(field)
        };
        if changed || closed {
            touch.touched.insert(field.to_owned());
        }
    }
}

/// Where typing starts in a new form; a relationship starts with drop-downs.
pub fn first_text_field(kind: RecordKind) -> Option<&'static str> {
    match kind {
        RecordKind::Actor => Some("name"),
        RecordKind::Event | RecordKind::Source => Some("title"),
        RecordKind::Relationship => None,
    }
}

pub fn error_colour(ui: &Ui) -> Color32 {
    ui.visuals().error_fg_color
}

/// Fields the forms show; problems of any other field are listed above the buttons.
pub fn shown_fields(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Actor => &[
            "name",
            "aliases",
            "actor_kind",
            "place",
            "lon",
            "lat",
            "country_iso_a3",
            "member_of",
            "description",
            "sources",
        ],
        RecordKind::Relationship => &[
            "from",
            "to",
            "relationship_kind",
            "status",
            "grade",
            "start",
            "end",
            "sources",
            "notes",
        ],
        RecordKind::Event => &[
            "title",
            "date",
            "place",
            "lon",
            "lat",
            "category",
            "actors",
            "description",
            "status",
            "grade",
            "sources",
        ],
        RecordKind::Source => &["title", "publisher", "date", "read_at"],
    }
}

/// What a form still needs before it can be saved, in the words of its labels:
/// `Name is needed to save.`; `None` when it needs nothing.
pub fn needed_to_save<'a>(fields: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for field in fields {
        let word = match field {
            "lon" => "longitude".to_owned(),
            "lat" => "latitude".to_owned(),
            "from" => "the From actor".to_owned(),
            "to" => "the To actor".to_owned(),
            other => other.replace('_', " "),
        };
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let (last, rest) = words.split_last()?;
    let listed = if rest.is_empty() {
        last.clone()
    } else {
        format!("{} and {last}", rest.join(", "))
    };
    let mut chars = listed.chars();
    let first = chars.next()?;
    let verb = if rest.is_empty() { "is" } else { "are" };
    Some(format!(
        "{}{} {verb} needed to save.",
        first.to_uppercase(),
        chars.as_str()
    ))
}

/// The rows of a form, spaced so each field's messages stay with it.
fn rows(ui: &mut Ui, contents: impl FnOnce(&mut Ui)) {
    ui.scope(|ui| {
        ui.spacing_mut().item_spacing.y = 8.0;
        contents(ui);
    });
}

/// One row: the label, then the field built by `field` with the label's id (so the field can
/// name itself after it, for screen readers and tests).
fn row<R>(ui: &mut Ui, label: &str, field: impl FnOnce(&mut Ui, Id) -> R) -> R {
    ui.horizontal_top(|ui| {
        let height = ui.spacing().interact_size.y;
        let label = ui
            .allocate_ui_with_layout(
                vec2(LABEL_WIDTH, height),
                Layout::left_to_right(Align::Center),
                |ui| {
                    ui.set_min_size(vec2(LABEL_WIDTH, height));
                    ui.label(label)
                },
            )
            .inner;
        ui.vertical(|ui| field(ui, label.id)).inner
    })
    .inner
}

/// A one-line text field; the label names it for screen readers and tests.
fn text_row(
    ui: &mut Ui,
    context: &Context<'_>,
    label: &str,
    text: &mut String,
    field: &str,
    hint: &str,
) {
    row(ui, label, |ui, label| {
        let response = ui
            .add(
                TextEdit::singleline(text)
                    .hint_text(hint)
                    .desired_width(FIELD_WIDTH),
            )
            .labelled_by(label);
        if context.focus == Some(field) {
            response.request_focus();
        }
        context.note_text(&response, field);
        context.mark(ui, &response, field);
        context.problems_under(ui, field);
    });
}

fn multiline_row(ui: &mut Ui, context: &Context<'_>, label: &str, text: &mut String, field: &str) {
    row(ui, label, |ui, label| {
        let response = ui
            .add(
                TextEdit::multiline(text)
                    .desired_rows(3)
                    .desired_width(FIELD_WIDTH),
            )
            .labelled_by(label);
        context.note_text(&response, field);
        context.mark(ui, &response, field);
        context.problems_under(ui, field);
    });
}

/// Drop-downs longer than this get a type-to-filter field.
const FILTER_FROM: usize = 8;

/// A drop-down of `options` (value and words).
fn combo_row<T: PartialEq + Clone>(
    ui: &mut Ui,
    context: &Context<'_>,
    label: &str,
    value: &mut T,
    options: &[(T, String)],
    field: &str,
) {
    row(ui, label, |ui, label| {
        let selected = options
            .iter()
            .find(|(option, _)| option == value)
            .map_or_else(String::new, |(_, words)| words.clone());
        let before = value.clone();
        let combo = ComboBox::from_id_salt(("record_form_combo", field))
            .selected_text(selected)
            .width(FIELD_WIDTH)
            .height(320.0)
            .show_ui(ui, |ui| {
                // Long lists (actors) filter as one types, from the first key pressed.
                let filter_id = ui.make_persistent_id(("record_form_combo_filter", field));
                let mut typed: String = ui.data(|d| d.get_temp(filter_id)).unwrap_or_default();
                if options.len() > FILTER_FROM {
                    let edit = ui.add(
                        egui::TextEdit::singleline(&mut typed)
                            .hint_text("Type to filter")
                            .desired_width(FIELD_WIDTH - 12.0),
                    );
                    edit.request_focus();
                    ui.data_mut(|d| d.insert_temp(filter_id, typed.clone()));
                }
                let wanted = typed.trim().to_lowercase();
                for (option, words) in options {
                    if wanted.is_empty() || words.to_lowercase().contains(&wanted) {
                        ui.selectable_value(value, option.clone(), words);
                    }
                }
            });
        context.note_choice(field, *value != before, combo.inner.is_some());
        let response = combo.response.labelled_by(label);
        context.mark(ui, &response, field);
        context.problems_under(ui, field);
    });
}

/// The project's actors by name, for drop-downs and lists.
fn actors_by_name(project: &Project) -> Vec<(ActorId, String)> {
    let mut actors: Vec<(ActorId, String)> = project
        .actors
        .iter()
        .map(|actor| (actor.id.clone(), actor.name.clone()))
        .collect();
    actors.sort_by_key(|(_, name)| name.to_lowercase());
    actors
}

/// A drop-down of actors; `None` reads `empty`.
fn actor_row(
    ui: &mut Ui,
    context: &Context<'_>,
    label: &str,
    value: &mut Option<ActorId>,
    empty: &str,
    except: Option<&ActorId>,
    field: &str,
) {
    let mut options = vec![(None, empty.to_owned())];
    options.extend(
        actors_by_name(context.project)
            .into_iter()
            .filter(|(id, _)| Some(id) != except)
            .map(|(id, name)| (Some(id), name)),
    );
    combo_row(ui, context, label, value, &options, field);
}

/// Tick boxes for a set of ids, keeping the order they were ticked in.
fn tick_list<T: PartialEq + Clone>(
    ui: &mut Ui,
    context: &Context<'_>,
    label: &str,
    chosen: &mut Vec<T>,
    options: &[(T, String)],
    none_yet: &str,
    field: &str,
) {
    row(ui, label, |ui, _| {
        if options.is_empty() {
            ui.label(RichText::new(none_yet).weak());
        }
        egui::ScrollArea::vertical()
            .id_salt(("record_form_ticks", field))
            .max_height(150.0)
            .show(ui, |ui| {
                for (option, words) in options {
                    let mut on = chosen.contains(option);
                    if ui.checkbox(&mut on, words).changed() {
                        context.touched(field);
                        if on {
                            chosen.push(option.clone());
                        } else {
                            chosen.retain(|id| id != option);
                        }
                    }
                }
            });
        context.problems_under(ui, field);
    });
}

fn sources_row(ui: &mut Ui, context: &Context<'_>, chosen: &mut Vec<SourceId>) {
    let options: Vec<(SourceId, String)> = context
        .project
        .sources
        .iter()
        .map(|source| (source.id.clone(), source.title.clone()))
        .collect();
    tick_list(
        ui,
        context,
        "Sources",
        chosen,
        &options,
        "No sources yet: add one with New source….",
        "sources",
    );
}

/// Place name, longitude and latitude, and a button to put the place at the map's centre.
fn place_rows(
    ui: &mut Ui,
    context: &Context<'_>,
    place_label: &str,
    name: &mut String,
    (lon, lat): (&mut String, &mut String),
    country: Option<&mut String>,
) {
    text_row(ui, context, place_label, name, "place", "e.g. Kabul");
    place_suggestions(ui, context, name, (lon, lat), country);
    text_row(
        ui,
        context,
        "Longitude",
        lon,
        "lon",
        "-180 to 180, east is positive",
    );
    text_row(
        ui,
        context,
        "Latitude",
        lat,
        "lat",
        "-90 to 90, north is positive",
    );
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        let button = ui
            .add_enabled(
                context.centre.is_some(),
                egui::Button::new("Use map centre").small(),
            )
            .on_hover_text("Put the place where the map is centred now")
            .on_disabled_hover_text("The map has not been drawn yet");
        if button.clicked()
            && let Some([centre_lon, centre_lat]) = context.centre
        {
            *lon = format!("{}", (centre_lon * 1e4).round() / 1e4);
            *lat = format!("{}", (centre_lat * 1e4).round() / 1e4);
            context.touched("lon");
            context.touched("lat");
        }
    });
}

/// How many places the look-up offers under the place name.
const PLACE_SUGGESTIONS: usize = 5;

/// Places of the gazetteer whose names start as typed; choosing one fills the name, the
/// position and (for an actor with none yet) the country.
fn place_suggestions(
    ui: &mut Ui,
    context: &Context<'_>,
    name: &mut String,
    (lon, lat): (&mut String, &mut String),
    country: Option<&mut String>,
) {
    let at = |value: &str| value.trim().parse::<f64>().ok();
    let hits = place_hits(name, at(lon).zip(at(lat)));
    if hits.is_empty() {
        return;
    }
    let Some(hit) = ui
        .horizontal_wrapped(|ui| {
            ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
            place_buttons(ui, hits)
        })
        .inner
    else {
        return;
    };
    *name = hit.name.clone();
    *lon = format!("{}", (hit.lon * 1e4).round() / 1e4);
    *lat = format!("{}", (hit.lat * 1e4).round() / 1e4);
    for field in ["place", "lon", "lat"] {
        context.touched(field);
    }
    if let (Some(country), Some(code)) = (country, &hit.country_iso_a3)
        && country.trim().is_empty()
    {
        *country = code.clone();
        context.touched("country_iso_a3");
    }
}

/// The gazetteer's places whose names start as `name` typed; none once `name` and `position`
/// (lon, lat) are those of a listed place, so a chosen place does not keep asking. Shared by
/// the record forms and the draft review, with [`place_buttons`].
pub fn place_hits(name: &str, position: Option<(f64, f64)>) -> Vec<crate::gazetteer::PlaceHit> {
    if name.trim().chars().count() < 2 {
        return Vec::new();
    }
    let Some(gazetteer) = crate::gazetteer::Gazetteer::shared() else {
        return Vec::new();
    };
    let hits = gazetteer.prefix_search(name.trim(), PLACE_SUGGESTIONS);
    let chosen = hits.iter().any(|hit| {
        hit.name == name.trim()
            && position.is_some_and(|(lon, lat)| {
                (lon - hit.lon).abs() < 1e-3 && (lat - hit.lat).abs() < 1e-3
            })
    });
    if chosen { Vec::new() } else { hits }
}

/// `hits` as buttons in the current row, with what each is; the one clicked.
pub fn place_buttons(
    ui: &mut Ui,
    hits: Vec<crate::gazetteer::PlaceHit>,
) -> Option<crate::gazetteer::PlaceHit> {
    let mut picked = None;
    ui.label(RichText::new("Places:").weak());
    for (index, hit) in hits.iter().enumerate() {
        let kind = match hit.kind {
            crate::gazetteer::PlaceKind::Country => "country",
            crate::gazetteer::PlaceKind::Region => "region",
            crate::gazetteer::PlaceKind::City => "city",
        };
        let country = hit.country_iso_a3.as_deref().unwrap_or("");
        let text = format!(
            "{} ({kind}{}{country})",
            hit.name,
            if country.is_empty() { "" } else { ", " }
        );
        let hover = if hit.matched == hit.name {
            format!("{:.4}°, {:.4}°", hit.lat, hit.lon)
        } else {
            format!(
                "also called {}; {:.4}°, {:.4}°",
                hit.matched, hit.lat, hit.lon
            )
        };
        if ui.small_button(text).on_hover_text(hover).clicked() {
            picked = Some(index);
        }
    }
    picked.and_then(|index| hits.into_iter().nth(index))
}

/// Grade field with what it means once it parses.
fn grade_row(ui: &mut Ui, context: &Context<'_>, grade: &mut String) {
    row(ui, "Grade", |ui, label| {
        let response = ui
            .add(
                TextEdit::singleline(grade)
                    .hint_text("e.g. B2; empty if not graded")
                    .desired_width(FIELD_WIDTH),
            )
            .labelled_by(label);
        context.note_text(&response, "grade");
        context.mark(ui, &response, "grade");
        if let Ok(parsed) = grade.trim().parse::<Grade>() {
            ui.label(
                RichText::new(format!(
                    "{} source; information {}",
                    parsed.reliability_meaning(),
                    parsed.credibility_meaning()
                ))
                .weak()
                .small(),
            );
        }
        context.problems_under(ui, "grade");
    });
}

fn status_options() -> Vec<(Status, String)> {
    Status::ALL
        .iter()
        .map(|status| (*status, status.label().to_owned()))
        .collect()
}

/// The known words of an open vocabulary, plus the record's own word if it is another one.
fn open_options<T: Clone + PartialEq>(
    known: &[T],
    current: &T,
    label: impl Fn(&T) -> String,
) -> Vec<(T, String)> {
    let mut options: Vec<(T, String)> = known.iter().map(|v| (v.clone(), label(v))).collect();
    if !known.contains(current) {
        options.push((current.clone(), label(current)));
    }
    options
}

pub fn actor_fields(
    ui: &mut Ui,
    context: &Context<'_>,
    draft: &mut ActorDraft,
    own: Option<&ActorId>,
) {
    rows(ui, |ui| {
        text_row(
            ui,
            context,
            "Name",
            &mut draft.name,
            "name",
            "e.g. Islamic Republic of Iran",
        );
        text_row(
            ui,
            context,
            "Aliases",
            &mut draft.aliases,
            "aliases",
            "other names, separated by commas",
        );
        let kinds: Vec<(ActorKind, String)> = ActorKind::ALL
            .iter()
            .map(|kind| (*kind, kind.label().to_owned()))
            .collect();
        combo_row(ui, context, "Kind", &mut draft.kind, &kinds, "actor_kind");
        place_rows(
            ui,
            context,
            "Anchor place",
            &mut draft.place_name,
            (&mut draft.lon, &mut draft.lat),
            Some(&mut draft.country),
        );
        text_row(
            ui,
            context,
            "Country code",
            &mut draft.country,
            "country_iso_a3",
            "ISO alpha-3 to tint, e.g. AFG",
        );
        actor_row(
            ui,
            context,
            "Member of",
            &mut draft.member_of,
            "None",
            own,
            "member_of",
        );
        multiline_row(
            ui,
            context,
            "Description",
            &mut draft.description,
            "description",
        );
        sources_row(ui, context, &mut draft.sources);
    });
}

pub fn relationship_fields(ui: &mut Ui, context: &Context<'_>, draft: &mut RelationshipDraft) {
    rows(ui, |ui| {
        actor_row(
            ui,
            context,
            "From",
            &mut draft.from,
            "Choose an actor",
            None,
            "from",
        );
        actor_row(
            ui,
            context,
            "To",
            &mut draft.to,
            "Choose an actor",
            None,
            "to",
        );
        let kinds = open_options(RelationshipKind::KNOWN, &draft.kind, |kind| {
            kind.label().to_owned()
        });
        combo_row(
            ui,
            context,
            "Kind",
            &mut draft.kind,
            &kinds,
            "relationship_kind",
        );
        row(ui, "Direction", |ui, _| {
            ui.checkbox(
                &mut draft.directed,
                "Directed: the first actor acts on the second",
            );
        });
        combo_row(
            ui,
            context,
            "Status",
            &mut draft.status,
            &status_options(),
            "status",
        );
        grade_row(ui, context, &mut draft.grade);
        text_row(
            ui,
            context,
            "Start date",
            &mut draft.start,
            "start",
            "e.g. 2024-05, 1979 or 1970s",
        );
        text_row(
            ui,
            context,
            "End date",
            &mut draft.end,
            "end",
            "empty while it lasts or if not stated",
        );
        sources_row(ui, context, &mut draft.sources);
        multiline_row(ui, context, "Notes", &mut draft.notes, "notes");
    });
}

pub fn event_fields(ui: &mut Ui, context: &Context<'_>, draft: &mut EventDraft) {
    rows(ui, |ui| {
        text_row(
            ui,
            context,
            "Title",
            &mut draft.title,
            "title",
            "what happened",
        );
        text_row(
            ui,
            context,
            "Date",
            &mut draft.date,
            "date",
            "e.g. 2024-05-17, 1979/1989, unknown",
        );
        place_rows(
            ui,
            context,
            "Place name",
            &mut draft.place_name,
            (&mut draft.lon, &mut draft.lat),
            None,
        );
        let categories = open_options(EventCategory::KNOWN, &draft.category, |category| {
            category.label().to_owned()
        });
        combo_row(
            ui,
            context,
            "Category",
            &mut draft.category,
            &categories,
            "category",
        );
        let actors = actors_by_name(context.project);
        tick_list(
            ui,
            context,
            "Actors",
            &mut draft.actors,
            &actors,
            "No actors yet.",
            "actors",
        );
        multiline_row(
            ui,
            context,
            "Description",
            &mut draft.description,
            "description",
        );
        combo_row(
            ui,
            context,
            "Status",
            &mut draft.status,
            &status_options(),
            "status",
        );
        grade_row(ui, context, &mut draft.grade);
        sources_row(ui, context, &mut draft.sources);
    });
}

pub fn source_fields(ui: &mut Ui, context: &Context<'_>, draft: &mut SourceDraft) {
    rows(ui, |ui| {
        text_row(
            ui,
            context,
            "Title",
            &mut draft.title,
            "title",
            "e.g. the article's headline",
        );
        text_row(
            ui,
            context,
            "Publisher",
            &mut draft.publisher,
            "publisher",
            "e.g. The Diplomat",
        );
        text_row(
            ui,
            context,
            "Date",
            &mut draft.date,
            "date",
            "e.g. 2024-05-17; empty if unknown",
        );
        text_row(
            ui,
            context,
            "Where read",
            &mut draft.read_at,
            "read_at",
            "a URL, a file or a shelf",
        );
    });
}

#[cfg(test)]
mod tests {
    use super::needed_to_save;

    #[test]
    fn what_is_needed_reads_as_a_sentence() {
        assert_eq!(needed_to_save([]), None);
        assert_eq!(
            needed_to_save(["name"]).as_deref(),
            Some("Name is needed to save.")
        );
        assert_eq!(
            needed_to_save(["title", "date", "lon", "date"]).as_deref(),
            Some("Title, date and longitude are needed to save.")
        );
        assert_eq!(
            needed_to_save(["to"]).as_deref(),
            Some("The To actor is needed to save.")
        );
    }
}
