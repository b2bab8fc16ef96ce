//! Correcting a proposal inside the draft review, before it is added: the drafter's guess of
//! an actor's kind or anchor place, a tie's kind or status, an event's date can be put right
//! where the analyst reads the quote, so nothing wrong reaches the story and needs a second
//! edit afterwards. Fields write straight into the draft the review holds; dates and grades
//! are typed as text and taken only once they parse.

use egui::{ComboBox, DragValue, RichText, TextEdit, Ui};

use super::forms::{place_buttons, place_hits};
use crate::draft::Draft;
use crate::model::{
    ActorId, ActorKind, DateRange, EventCategory, FuzzyDate, Grade, RelationshipKind, Status,
};

/// How wide the text fields of an editor are.
const FIELD_WIDTH: f32 = 260.0;

/// Which proposal is open for editing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proposal {
    Actor(usize),
    Tie(usize),
    Event(usize),
}

/// The open editor: which proposal, and the typed text of fields that must parse.
#[derive(Clone, Debug)]
pub struct ProposalEditor {
    pub proposal: Proposal,
    grade: String,
    date: String,
}

impl ProposalEditor {
    /// Opens `proposal` with its current grade and date as text.
    pub fn open(draft: &Draft, proposal: Proposal) -> Self {
        let (grade, date) = match proposal {
            Proposal::Actor(_) => (String::new(), String::new()),
            Proposal::Tie(i) => draft
                .ties
                .get(i)
                .map(|t| {
                    (
                        t.grade.to_string(),
                        t.start.map(|d| d.to_string()).unwrap_or_default(),
                    )
                })
                .unwrap_or_default(),
            Proposal::Event(i) => draft
                .events
                .get(i)
                .map(|e| (e.grade.to_string(), e.date.to_string()))
                .unwrap_or_default(),
        };
        Self {
            proposal,
            grade,
            date,
        }
    }

    /// The fields of the open proposal, under its row.
    pub fn show(&mut self, ui: &mut Ui, draft: &mut Draft) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            egui::Grid::new(("draft_editor", self.proposal_key()))
                .num_columns(2)
                .spacing([8.0, 4.0])
                .show(ui, |ui| match self.proposal {
                    Proposal::Actor(i) => actor_fields(ui, draft, i),
                    Proposal::Tie(i) => self.tie_fields(ui, draft, i),
                    Proposal::Event(i) => self.event_fields(ui, draft, i),
                });
        });
    }

    fn proposal_key(&self) -> (u8, usize) {
        match self.proposal {
            Proposal::Actor(i) => (0, i),
            Proposal::Tie(i) => (1, i),
            Proposal::Event(i) => (2, i),
        }
    }

    fn tie_fields(&mut self, ui: &mut Ui, draft: &mut Draft, index: usize) {
        let names: Vec<(ActorId, String)> = draft
            .actors
            .iter()
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect();
        let Some(tie) = draft.ties.get_mut(index) else {
            return;
        };
        actor_combo(ui, "From", &mut tie.from, &names);
        actor_combo(ui, "To", &mut tie.to, &names);
        let field = label(ui, "Kind");
        let kinds = RelationshipKind::KNOWN
            .iter()
            .map(|k| (k.clone(), k.label()));
        combo(ui, field, "tie_kind", &mut tie.kind, kinds.collect());
        label(ui, "Directed");
        ui.checkbox(&mut tie.directed, "from the first to the second");
        ui.end_row();
        status_combo(ui, &mut tie.status);
        grade_field(ui, &mut self.grade, &mut tie.grade);
        let since = label(ui, "Since");
        let typed = date_text(ui, since, &mut self.date, "e.g. 2025-10 or empty");
        if typed {
            if self.date.trim().is_empty() {
                tie.start = None;
            } else if let Ok(date) = self.date.trim().parse::<FuzzyDate>() {
                tie.start = Some(date);
            }
        }
        problem_if(
            ui,
            !self.date.trim().is_empty() && self.date.trim().parse::<FuzzyDate>().is_err(),
            "not a date: the tie keeps its previous one",
        );
    }

    fn event_fields(&mut self, ui: &mut Ui, draft: &mut Draft, index: usize) {
        let Some(event) = draft.events.get_mut(index) else {
            return;
        };
        let title = label(ui, "Title");
        ui.add(TextEdit::singleline(&mut event.title).desired_width(FIELD_WIDTH))
            .labelled_by(title);
        ui.end_row();
        let field = label(ui, "Category");
        let kinds = EventCategory::KNOWN.iter().map(|k| (k.clone(), k.label()));
        combo(
            ui,
            field,
            "event_category",
            &mut event.category,
            kinds.collect(),
        );
        place_fields(
            ui,
            &mut event.place_name,
            &mut event.lon,
            &mut event.lat,
            None,
        );
        let date_label = label(ui, "Date");
        if date_text(
            ui,
            date_label,
            &mut self.date,
            "e.g. 2026-08-07, 2026-08 or 2026/2027",
        ) && let Ok(date) = self.date.trim().parse::<DateRange>()
        {
            event.date = date;
        }
        problem_if(
            ui,
            self.date.trim().parse::<DateRange>().is_err(),
            "not a date: the event keeps its previous one",
        );
        status_combo(ui, &mut event.status);
        grade_field(ui, &mut self.grade, &mut event.grade);
    }
}

/// An editor's field label, in the grid's first column; its id names the field beside it
/// for screen readers (and tests).
fn label(ui: &mut Ui, text: &str) -> egui::Id {
    ui.label(text).id
}

fn actor_fields(ui: &mut Ui, draft: &mut Draft, index: usize) {
    let Some(actor) = draft.actors.get_mut(index) else {
        return;
    };
    let name = label(ui, "Name");
    ui.add(TextEdit::singleline(&mut actor.name).desired_width(FIELD_WIDTH))
        .labelled_by(name);
    ui.end_row();
    let field = label(ui, "Kind");
    let kinds = ActorKind::ALL.iter().map(|k| (*k, k.label()));
    combo(ui, field, "actor_kind", &mut actor.kind, kinds.collect());
    if actor.kind == ActorKind::Person || actor.role.is_some() {
        let role_label = label(ui, "Role");
        let mut role = actor.role.clone().unwrap_or_default();
        if ui
            .add(
                TextEdit::singleline(&mut role)
                    .hint_text("e.g. Foreign Minister")
                    .desired_width(FIELD_WIDTH),
            )
            .labelled_by(role_label)
            .changed()
        {
            actor.role = (!role.trim().is_empty()).then_some(role);
        }
        ui.end_row();
    }
    let mut country = actor.country_iso_a3.clone().unwrap_or_default();
    place_fields(
        ui,
        &mut actor.anchor_name,
        &mut actor.lon,
        &mut actor.lat,
        Some(&mut country),
    );
    let code = label(ui, "Country code");
    ui.add(
        TextEdit::singleline(&mut country)
            .hint_text("ISO alpha-3, e.g. AFG")
            .desired_width(80.0),
    )
    .labelled_by(code);
    ui.end_row();
    let country = country.trim().to_ascii_uppercase();
    actor.country_iso_a3 = (!country.is_empty()).then_some(country);
}

/// A place name with the gazetteer's look-up under it, and the position it sets.
fn place_fields(
    ui: &mut Ui,
    name: &mut String,
    lon: &mut f64,
    lat: &mut f64,
    country: Option<&mut String>,
) {
    let place = label(ui, "Place");
    ui.vertical(|ui| {
        ui.add(
            TextEdit::singleline(name)
                .hint_text("e.g. Kabul")
                .desired_width(FIELD_WIDTH),
        )
        .labelled_by(place);
        let hits = place_hits(name, Some((*lon, *lat)));
        let picked = (!hits.is_empty())
            .then(|| ui.horizontal_wrapped(|ui| place_buttons(ui, hits)).inner)
            .flatten();
        if let Some(hit) = picked {
            *name = hit.name;
            *lon = (hit.lon * 1e4).round() / 1e4;
            *lat = (hit.lat * 1e4).round() / 1e4;
            if let (Some(country), Some(code)) = (country, hit.country_iso_a3) {
                *country = code;
            }
        }
    });
    ui.end_row();
    label(ui, "Position");
    ui.horizontal(|ui| {
        ui.label("lon");
        ui.add(
            DragValue::new(lon)
                .range(-180.0..=180.0)
                .speed(0.05)
                .max_decimals(4),
        );
        ui.label("lat");
        ui.add(
            DragValue::new(lat)
                .range(-90.0..=90.0)
                .speed(0.05)
                .max_decimals(4),
        );
    });
    ui.end_row();
}

fn actor_combo(ui: &mut Ui, text: &str, id: &mut ActorId, names: &[(ActorId, String)]) {
    let field = label(ui, text);
    let options = names.iter().map(|(id, name)| (id.clone(), name.as_str()));
    combo(ui, field, text, id, options.collect());
}

fn status_combo(ui: &mut Ui, status: &mut Status) {
    let field = label(ui, "Status");
    let options = Status::ALL.iter().map(|s| (*s, s.label()));
    combo(ui, field, "status", status, options.collect());
}

/// A drop-down over `options`; ends the grid row.
fn combo<T: Clone + PartialEq>(
    ui: &mut Ui,
    label: egui::Id,
    salt: &str,
    value: &mut T,
    options: Vec<(T, &str)>,
) {
    let shown = options
        .iter()
        .find(|(v, _)| v == value)
        .map_or("—", |(_, text)| *text)
        .to_owned();
    ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(FIELD_WIDTH)
        .show_ui(ui, |ui| {
            for (option, text) in options {
                let selected = option == *value;
                if ui.selectable_label(selected, text).clicked() {
                    *value = option;
                }
            }
        })
        .response
        .labelled_by(label);
    ui.end_row();
}

/// The grade as typed (`B2`); taken once it parses, an error under it until then.
fn grade_field(ui: &mut Ui, text: &mut String, grade: &mut Grade) {
    let grade_label = label(ui, "Grade");
    let response = ui
        .add(
            TextEdit::singleline(text)
                .hint_text("e.g. B2")
                .desired_width(80.0),
        )
        .labelled_by(grade_label);
    ui.end_row();
    let parsed = text.trim().to_ascii_uppercase().parse::<Grade>();
    if response.changed()
        && let Ok(parsed) = &parsed
    {
        *grade = *parsed;
    }
    problem_if(
        ui,
        parsed.is_err(),
        "a grade is a letter A–F and a number 1–6, e.g. B2",
    );
}

/// A date typed as text; true when it changed this frame. Ends the grid row.
fn date_text(ui: &mut Ui, label: egui::Id, text: &mut String, hint: &str) -> bool {
    let changed = ui
        .add(
            TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(FIELD_WIDTH),
        )
        .labelled_by(label)
        .changed();
    ui.end_row();
    changed
}

/// A line in the error colour under a field, when `bad`.
fn problem_if(ui: &mut Ui, bad: bool, message: &str) {
    if bad {
        ui.label("");
        ui.label(
            RichText::new(message)
                .color(ui.visuals().error_fg_color)
                .small(),
        );
        ui.end_row();
    }
}
