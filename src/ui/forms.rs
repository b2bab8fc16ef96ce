//! Forms to add, edit and delete the story's actors, relationships, events and sources.
//!
//! What is being typed is UI state and lives in [`FormsState`]; every change a form makes goes
//! out as one [`Action::Edit`], so the one undo history covers it like any other edit. The
//! inspector sees the application read-only, so its New…, Edit… and Delete… buttons post a
//! [`FormRequest`] in egui's memory, which [`show`] picks up later in the same frame.
//!
//! A new form does not call its empty fields faults before the person has had a chance to fill
//! them in: it says what is still needed, and names the fault once the field is touched or Save
//! is tried. A form with unsaved typing is never replaced unasked: asking for another form
//! makes it ask whether to discard the changes.

mod delete;
mod drafts;
mod fields;

pub(super) use fields::{place_buttons, place_hits};

use std::cell::RefCell;

use egui::{Context, Id, RichText};

use crate::model::{
    Actor, ActorId, Event, EventId, Project, Relationship, RelationshipId, Source, SourceId,
};
use crate::scene::story::Focus;

use super::actions::{Action, Selection};
use drafts::{
    ActorDraft, Drafted, EventDraft, Outcome, Problem, RelationshipDraft, SourceDraft, evaluate,
};

pub use super::actions::{FormRequest, RecordKind, RecordRef};

/// The open form or deletion, if any: one at a time, so nothing is edited twice at once.
#[derive(Default)]
pub struct FormsState {
    /// A form asked for by a panel, opened at the next [`show`].
    pub(super) requested: Option<FormRequest>,
    dialog: Option<Dialog>,
    /// Frames to redraw without input after a dialog opens: a new window or modal is measured
    /// invisibly first, and without another frame it would only appear on the next mouse move.
    settling_frames: u8,
}

impl FormsState {
    /// Whether a form or a deletion question is open (or about to open).
    pub fn is_open(&self) -> bool {
        self.dialog.is_some() || self.requested.is_some()
    }

    /// Opens a form at the next [`show`].
    pub fn request(&mut self, request: FormRequest) {
        self.requested = Some(request);
    }
}

/// How many frames a new dialog needs to be measured and drawn.
const SETTLING_FRAMES: u8 = 3;

enum Dialog {
    /// Boxed: a draft is much bigger than the id a deletion needs.
    Form(Box<OpenForm>),
    Delete(RecordRef),
}

/// A form on screen, with what it needs to know about the person's progress in it.
struct OpenForm {
    form: Form,
    /// The form as it was opened, to tell whether anything was typed since.
    opened: Form,
    /// Which fields were touched, so a new form names an empty field only once it matters.
    touch: fields::Touch,
    /// Save was tried (or the form edits a record that exists, whose problems are real now):
    /// every problem shows.
    show_all: bool,
    /// A form asked for while this one had changes, held until the person discards them.
    waiting: Option<FormRequest>,
}

impl OpenForm {
    fn new(form: Form) -> OpenForm {
        OpenForm {
            opened: form.clone(),
            show_all: !form.is_new(),
            form,
            touch: fields::Touch::default(),
            waiting: None,
        }
    }

    /// Whether closing the form would throw typing away.
    fn has_changes(&self) -> bool {
        self.form != self.opened
    }

    /// Whether `request` asks for this very form, which is then simply kept.
    fn answers(&self, request: &FormRequest) -> bool {
        match request {
            FormRequest::New(kind) => self.form.is_new() && self.form.kind() == *kind,
            FormRequest::Edit(record) => self.form.record().as_ref() == Some(record),
            FormRequest::Delete(_) => false,
        }
    }

    /// Whether the form says what is wrong with `problem` yet.
    fn shows(&self, problem: &Problem) -> bool {
        !problem.missing || self.show_all || self.touch.touched.contains(&problem.field)
    }
}

/// A form being filled in: the id of the record it edits (`None` for a new one) and the draft.
#[derive(Clone, PartialEq)]
enum Form {
    Actor(Option<ActorId>, ActorDraft),
    Relationship(Option<RelationshipId>, RelationshipDraft),
    Event(Option<EventId>, EventDraft),
    Source(Option<SourceId>, SourceDraft),
}

impl Form {
    fn open(request: &RecordRef, project: &Project) -> Option<Form> {
        Some(match request {
            RecordRef::Actor(id) => {
                Form::Actor(Some(id.clone()), ActorDraft::of(project.actor(id)?))
            }
            RecordRef::Relationship(id) => Form::Relationship(
                Some(id.clone()),
                RelationshipDraft::of(project.relationship(id)?),
            ),
            RecordRef::Event(id) => {
                Form::Event(Some(id.clone()), EventDraft::of(project.event(id)?))
            }
            RecordRef::Source(id) => {
                Form::Source(Some(id.clone()), SourceDraft::of(project.source(id)?))
            }
        })
    }

    fn new(kind: RecordKind, centre: Option<[f64; 2]>, selected: Option<ActorId>) -> Form {
        match kind {
            RecordKind::Actor => Form::Actor(None, ActorDraft::new(centre)),
            RecordKind::Relationship => Form::Relationship(None, RelationshipDraft::new(selected)),
            RecordKind::Event => Form::Event(None, EventDraft::new(centre, selected)),
            RecordKind::Source => Form::Source(None, SourceDraft::new()),
        }
    }

    fn kind(&self) -> RecordKind {
        match self {
            Form::Actor(..) => RecordKind::Actor,
            Form::Relationship(..) => RecordKind::Relationship,
            Form::Event(..) => RecordKind::Event,
            Form::Source(..) => RecordKind::Source,
        }
    }

    /// The record the form edits; `None` for a new one.
    fn record(&self) -> Option<RecordRef> {
        match self {
            Form::Actor(id, _) => id.clone().map(RecordRef::Actor),
            Form::Relationship(id, _) => id.clone().map(RecordRef::Relationship),
            Form::Event(id, _) => id.clone().map(RecordRef::Event),
            Form::Source(id, _) => id.clone().map(RecordRef::Source),
        }
    }

    fn is_new(&self) -> bool {
        match self {
            Form::Actor(id, _) => id.is_none(),
            Form::Relationship(id, _) => id.is_none(),
            Form::Event(id, _) => id.is_none(),
            Form::Source(id, _) => id.is_none(),
        }
    }

    /// The name or title the record has in the project, for the window's title.
    fn saved_title(&self, project: &Project) -> Option<String> {
        fn title<R: Drafted>(project: &Project, id: Option<&R::Id>) -> Option<String> {
            project.find::<R>(id?).map(|record| record.title(project))
        }
        match self {
            Form::Actor(id, _) => title::<Actor>(project, id.as_ref()),
            Form::Relationship(id, _) => title::<Relationship>(project, id.as_ref()),
            Form::Event(id, _) => title::<Event>(project, id.as_ref()),
            Form::Source(id, _) => title::<Source>(project, id.as_ref()),
        }
    }

    fn evaluate(&self, project: &Project) -> Outcome {
        match self {
            Form::Actor(id, draft) => evaluate::<Actor>(project, id.as_ref(), draft),
            Form::Relationship(id, draft) => evaluate::<Relationship>(project, id.as_ref(), draft),
            Form::Event(id, draft) => evaluate::<Event>(project, id.as_ref(), draft),
            Form::Source(id, draft) => evaluate::<Source>(project, id.as_ref(), draft),
        }
    }

    fn fields(&mut self, ui: &mut egui::Ui, context: &fields::Context<'_>) {
        match self {
            Form::Actor(id, draft) => fields::actor_fields(ui, context, draft, id.as_ref()),
            Form::Relationship(_, draft) => fields::relationship_fields(ui, context, draft),
            Form::Event(_, draft) => fields::event_fields(ui, context, draft),
            Form::Source(_, draft) => fields::source_fields(ui, context, draft),
        }
    }
}

fn noun(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Actor => "actor",
        RecordKind::Relationship => "relationship",
        RecordKind::Event => "event",
        RecordKind::Source => "source",
    }
}

/// What becomes of the open dialog after a frame.
enum Next {
    Keep,
    Close,
    /// Close it and open the form asked for meanwhile.
    Open(FormRequest),
}

/// Shows the open form or deletion and returns the edits the user confirmed.
pub fn show(
    ctx: &Context,
    forms: &mut FormsState,
    project: &Project,
    focus: Option<&Focus>,
    centre: Option<[f64; 2]>,
) -> Vec<Action> {
    if let Some(request) = forms.requested.take() {
        match &mut forms.dialog {
            // Typing is never thrown away unasked: the form stays and asks first.
            Some(Dialog::Form(open)) if open.has_changes() => {
                open.waiting = (!open.answers(&request)).then_some(request);
                ctx.request_repaint();
            }
            _ => {
                let selected = match focus {
                    Some(Focus::Actor(id)) => Some(id.clone()),
                    _ => None,
                };
                forms.dialog = match request {
                    FormRequest::New(kind) => Some(Dialog::Form(Box::new(OpenForm::new(
                        Form::new(kind, centre, selected),
                    )))),
                    FormRequest::Edit(record) => Form::open(&record, project)
                        .map(|form| Dialog::Form(Box::new(OpenForm::new(form)))),
                    FormRequest::Delete(record) => Some(Dialog::Delete(record)),
                };
                forms.settling_frames = SETTLING_FRAMES;
            }
        }
    }
    if forms.settling_frames > 0 {
        forms.settling_frames -= 1;
        ctx.request_repaint();
    }
    // Asked on more than one frame: the first one only measures the new window.
    let focus_first_field = forms.settling_frames > 0;
    let (actions, next) = match &mut forms.dialog {
        None => return Vec::new(),
        Some(Dialog::Form(open)) => form_window(ctx, open, project, centre, focus_first_field),
        Some(Dialog::Delete(record)) => delete_dialog(ctx, record, project),
    };
    match next {
        Next::Keep => {}
        Next::Close => forms.dialog = None,
        Next::Open(request) => {
            forms.dialog = None;
            forms.requested = Some(request);
            ctx.request_repaint();
        }
    }
    actions
}

/// The form in a window; returns the edit to apply and what becomes of the form.
fn form_window(
    ctx: &Context,
    open: &mut OpenForm,
    project: &Project,
    centre: Option<[f64; 2]>,
    focus_first_field: bool,
) -> (Vec<Action>, Next) {
    let kind = open.form.kind();
    let saved_title = open.form.saved_title(project);
    let title = match &saved_title {
        Some(saved) => format!("Edit {} “{saved}”", noun(kind)),
        None if open.form.is_new() => format!("New {}", noun(kind)),
        None => format!("Edit {}", noun(kind)),
    };
    let mut actions = Vec::new();
    let mut next = Next::Keep;
    let mut window_open = true;
    let shown = ctx.content_rect();
    egui::Window::new(title)
        .id(Id::unique("faultline_record_form"))
        .open(&mut window_open)
        .collapsible(false)
        // Sized by its content (the fields scroll), so Save and Cancel are always in view.
        .resizable(false)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(shown.center_top() + egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            let before = open.form.evaluate(project);
            let shown_before: Vec<Problem> = before
                .problems
                .iter()
                .filter(|problem| open.shows(problem))
                .cloned()
                .collect();
            // A fixed height when the fields scroll: a height taken from the space left would
            // grow the window a little every frame.
            let fields_height = (shown.height() - 250.0).clamp(200.0, 640.0);
            egui::ScrollArea::vertical()
                .max_height(fields_height)
                .min_scrolled_height(fields_height)
                .show(ui, |ui| {
                    let context = fields::Context {
                        project,
                        problems: &shown_before,
                        centre,
                        focus: focus_first_field
                            .then(|| fields::first_text_field(kind))
                            .flatten(),
                        touch: RefCell::new(std::mem::take(&mut open.touch)),
                    };
                    open.form.fields(ui, &context);
                    open.touch = context.touch.into_inner();
                });
            // What was typed this frame counts for Save; its messages show next frame.
            let outcome = open.form.evaluate(project);
            let (shown_now, hidden): (Vec<&Problem>, Vec<&Problem>) = outcome
                .problems
                .iter()
                .partition(|problem| open.shows(problem));
            if shown_now.iter().copied().ne(shown_before.iter()) {
                ctx.request_repaint();
            }
            ui.separator();
            let id_note = if open.form.is_new() {
                let source = match kind {
                    RecordKind::Actor => "the name",
                    RecordKind::Relationship => "its actors and kind",
                    RecordKind::Event | RecordKind::Source => "the title",
                };
                format!("Id: {} (made from {source})", outcome.id)
            } else {
                format!("Id: {}", outcome.id)
            };
            ui.label(RichText::new(id_note).weak().small());
            let shown_fields = fields::shown_fields(kind);
            for problem in shown_now
                .iter()
                .filter(|problem| !shown_fields.contains(&problem.field.as_str()))
            {
                ui.label(RichText::new(&problem.message).color(fields::error_colour(ui)));
            }
            if outcome.missing {
                ui.label(
                    RichText::new(
                        "This record is no longer in the project, so it cannot be saved.",
                    )
                    .color(fields::error_colour(ui)),
                );
            }
            if open.waiting.is_some() {
                let subject = match &saved_title {
                    Some(saved) => format!("the changes to {} “{saved}”", noun(kind)),
                    None => format!("this new {}", noun(kind)),
                };
                ui.group(|ui| {
                    ui.label(RichText::new(format!("Discard {subject}?")).strong());
                    ui.label(
                        RichText::new("Another form was asked for, and this one is not saved.")
                            .weak(),
                    );
                    ui.horizontal(|ui| {
                        if ui.button("Discard").clicked()
                            && let Some(request) = open.waiting.take()
                        {
                            next = Next::Open(request);
                        }
                        if ui.button("Keep editing").clicked() {
                            open.waiting = None;
                        }
                    });
                });
            }
            let can_save = !outcome.missing && outcome.problems.is_empty();
            let hint = if can_save || outcome.missing {
                None
            } else {
                // Named in the order the form asks for them.
                let mut needed: Vec<&str> = hidden.iter().map(|p| p.field.as_str()).collect();
                needed.sort_by_key(|field| {
                    shown_fields
                        .iter()
                        .position(|shown| shown == field)
                        .unwrap_or(usize::MAX)
                });
                let needed = fields::needed_to_save(needed);
                match (shown_now.is_empty(), needed) {
                    (true, needed) => needed,
                    (false, Some(needed)) => {
                        Some(format!("Correct the fields marked in red. {needed}"))
                    }
                    (false, None) => Some("Correct the fields marked in red to save.".to_owned()),
                }
            };
            ui.horizontal(|ui| {
                let save = ui.add_enabled(can_save, egui::Button::new("Save"));
                if save.clicked() {
                    if let Some(edit) = outcome.edit {
                        actions.push(Action::edit(edit, outcome.label));
                        if let Some(focus) = outcome.select {
                            actions.push(Action::Select(Some(Selection::Story(focus))));
                        }
                    }
                    next = Next::Close;
                } else if !can_save
                    && save.contains_pointer()
                    && ui.input(|input| input.pointer.primary_clicked())
                {
                    // Trying to save is the moment to say everything that stands in the way.
                    open.show_all = true;
                    ctx.request_repaint();
                }
                if ui.button("Cancel").clicked() {
                    next = Next::Close;
                }
                if let Some(hint) = hint {
                    ui.label(RichText::new(hint).weak());
                }
            });
        });
    // Escape cancels, as in any dialog; an open drop-down takes it first, and a question
    // about discarding is answered "keep editing".
    let escaped = !ctx.egui_wants_keyboard_input()
        && !egui::Popup::is_any_open(ctx)
        && ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Escape));
    if escaped && open.waiting.take().is_none() {
        next = Next::Close;
    }
    if !window_open {
        next = Next::Close;
    }
    (actions, next)
}

/// Asks before deleting, listing what goes with the record; returns the edit and whether the
/// question stays open.
fn delete_dialog(ctx: &Context, record: &RecordRef, project: &Project) -> (Vec<Action>, Next) {
    // Planned afresh each frame, so the list is never stale (an undo may have changed it).
    let Some(plan) = delete::plan(project, record) else {
        return (Vec::new(), Next::Close);
    };
    let mut actions = Vec::new();
    let mut keep = true;
    let modal = egui::Modal::new(Id::unique("faultline_delete_record")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.label(
            RichText::new(format!("Delete {}?", plan.subject))
                .size(17.0)
                .strong(),
        );
        ui.add_space(6.0);
        if plan.removed.is_empty() && plan.changed.is_empty() {
            ui.label("Nothing else in the story refers to it.");
        } else {
            egui::ScrollArea::vertical()
                .max_height(260.0)
                .show(ui, |ui| {
                    if !plan.removed.is_empty() {
                        let count = plan.removed.len();
                        let what = if count == 1 { "this" } else { "these" };
                        ui.label(RichText::new(format!("It also deletes {what}:")).strong());
                        for words in &plan.removed {
                            ui.label(format!("• {words}"));
                        }
                    }
                    if !plan.changed.is_empty() {
                        ui.add_space(4.0);
                        ui.label(RichText::new("And changes:").strong());
                        for words in &plan.changed {
                            ui.label(format!("• {words}"));
                        }
                    }
                });
        }
        ui.add_space(6.0);
        let undo = if plan.removed.is_empty() && plan.changed.is_empty() {
            "Undo (Ctrl+Z) brings it back."
        } else {
            "Undo (Ctrl+Z) brings it all back in one step."
        };
        ui.label(RichText::new(undo).weak());
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                actions.push(Action::edit(plan.edit.clone(), plan.label.clone()));
                keep = false;
            }
            if ui.button("Cancel").clicked() {
                keep = false;
            }
        });
    });
    if modal.should_close() {
        keep = false;
    }
    (actions, if keep { Next::Keep } else { Next::Close })
}
