//! Drawing and editing annotations on the map: the tools, the pointer gestures, the keyboard
//! shortcuts, the text field shown at an annotation and the toolbar.
//!
//! Every change reaches the document as one [`Action::Edit`], so it undoes in one step. A
//! gesture that takes many frames (a drag, a slider, typing) changes a *preview* of the
//! selected annotation, which the map draws in its place, and is written as one edit when the
//! gesture ends.

mod geometry;
mod gestures;
mod toolbar;

use std::borrow::Cow;

use egui::Key;

use crate::model::{
    Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, AnnotationStyle, Change, Edit,
    Project,
};

use super::actions::Action;
use super::app::FaultlineApp;

/// A drawing tool, or the selection tool that moves and reshapes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tool {
    #[default]
    Select,
    Note,
    Pin,
    Arrow,
    Path,
    Area,
}

impl Tool {
    pub const ALL: [Tool; 6] = [
        Tool::Select,
        Tool::Note,
        Tool::Pin,
        Tool::Arrow,
        Tool::Path,
        Tool::Area,
    ];

    /// The toolbar button's text.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Select => "Select",
            Tool::Note => "Note",
            Tool::Pin => "Pin",
            Tool::Arrow => "Arrow",
            Tool::Path => "Path",
            Tool::Area => "Area",
        }
    }

    /// The key that picks the tool (Esc goes back to Select).
    pub fn key(self) -> Key {
        match self {
            Tool::Select => Key::Escape,
            Tool::Note => Key::N,
            Tool::Pin => Key::P,
            Tool::Arrow => Key::A,
            Tool::Path => Key::L,
            Tool::Area => Key::G,
        }
    }

    /// What the tool makes.
    pub fn kind(self) -> Option<AnnotationKind> {
        match self {
            Tool::Select => None,
            Tool::Note => Some(AnnotationKind::TextNote),
            Tool::Pin => Some(AnnotationKind::Pin),
            Tool::Arrow => Some(AnnotationKind::Arrow),
            Tool::Path => Some(AnnotationKind::Path),
            Tool::Area => Some(AnnotationKind::Area),
        }
    }

    /// How to use the tool, shown in the toolbar while it is active.
    pub fn hint(self) -> &'static str {
        match self {
            Tool::Select => {
                "Click an annotation to select it; drag it or its handles; double-click: text."
            }
            Tool::Note => "Click the place the note points to, then type the note.",
            Tool::Pin => "Click to place a pin, then type its label.",
            Tool::Arrow => "Drag from tail to tip, or click the tail and then the tip.",
            Tool::Path => {
                "Click point by point, Enter or double-click to finish; or drag freehand."
            }
            Tool::Area => "Click the corners; Enter, double-click or the first corner finishes.",
        }
    }
}

/// What the annotation controls ask the application to do; document changes go as
/// [`Action::Edit`].
#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationCommand {
    SetTool(Tool),
    /// Select an annotation (clearing any other selection), or none.
    Select(Option<AnnotationId>),
    /// Select an annotation and bring the map to it.
    Show(AnnotationId),
    /// Open the text field at an annotation.
    EditText(AnnotationId),
    /// One step later in the drawing order (drawn over the next one).
    BringForward(AnnotationId),
    /// One step earlier in the drawing order.
    SendBack(AnnotationId),
    Delete(AnnotationId),
}

/// What a drag on the map is doing.
#[derive(Clone, Debug, PartialEq)]
enum Gesture {
    /// Moving the selected annotation: its geometry when the drag began, and where it began.
    Move {
        original: AnnotationGeometry,
        press: [f32; 2],
    },
    /// Dragging one of the selected annotation's handles (see
    /// [`handles`](crate::scene::annotations::handles)).
    Handle(usize),
    /// Dragging out an arrow or a freehand path.
    Draw,
}

/// The text field shown at an annotation.
#[derive(Clone, Debug, PartialEq)]
struct TextField {
    id: AnnotationId,
    text: String,
    /// Ask for keyboard focus when next shown.
    focus: bool,
}

/// The annotation tools' state, kept by the window between frames.
#[derive(Debug)]
pub struct AnnotateState {
    pub tool: Tool,
    /// Vertices placed so far (longitude/latitude) of the arrow, path or area being drawn.
    drawing: Vec<[f64; 2]>,
    gesture: Option<Gesture>,
    pub selected: Option<AnnotationId>,
    /// The selected annotation as the gesture under way would leave it, and the undo label of
    /// that change: drawn in its place, written as one edit when the gesture ends.
    preview: Option<(Annotation, String)>,
    /// Bumped whenever the preview changes, so the map redraws.
    pub version: u64,
    /// The style given to new annotations.
    pub style: AnnotationStyle,
    text: Option<TextField>,
    /// Longitude/latitude under the pointer, for the drawing's rubber band.
    cursor: Option<[f64; 2]>,
    /// Whether the list of annotations is shown.
    pub show_list: bool,
    /// Whether a widget had the keyboard when the map was last drawn: egui drops the focus
    /// at the start of the frame in which Esc is pressed, and that Esc is the widget's.
    keyboard_busy: bool,
}

impl Default for AnnotateState {
    fn default() -> AnnotateState {
        AnnotateState {
            tool: Tool::Select,
            drawing: Vec::new(),
            gesture: None,
            selected: None,
            preview: None,
            version: 0,
            style: AnnotationStyle::default(),
            text: None,
            cursor: None,
            show_list: true,
            keyboard_busy: false,
        }
    }
}

impl AnnotateState {
    /// The project as the map should draw it: with the preview in place of its original.
    pub fn drawn<'a>(&self, project: &'a Project) -> Cow<'a, Project> {
        let Some((preview, _)) = &self.preview else {
            return Cow::Borrowed(project);
        };
        let Some(index) = project.annotations.iter().position(|a| a.id == preview.id) else {
            return Cow::Borrowed(project);
        };
        let mut drawn = project.clone();
        drawn.annotations[index] = preview.clone();
        Cow::Owned(drawn)
    }

    /// The selected annotation as drawn (its preview while a gesture is under way).
    pub fn selected_record<'a>(&'a self, project: &'a Project) -> Option<&'a Annotation> {
        let id = self.selected.as_ref()?;
        match &self.preview {
            Some((preview, _)) if &preview.id == id => Some(preview),
            _ => project.annotation(id),
        }
    }

    /// Forgets the selection (e.g. when a country or a story item is selected instead).
    pub fn deselect(&mut self) {
        self.selected = None;
    }

    /// Whether a drawing is under way (vertices placed, not yet finished).
    pub fn is_drawing(&self) -> bool {
        !self.drawing.is_empty()
    }
}

/// A fresh id for a new annotation of a kind: `pin-1`, `pin-2`, … one more than the highest
/// number its kind has used in the project.
pub fn next_id(annotations: &[Annotation], kind: AnnotationKind) -> AnnotationId {
    let prefix = match kind {
        AnnotationKind::TextNote => "note",
        AnnotationKind::Pin => "pin",
        AnnotationKind::Arrow => "arrow",
        AnnotationKind::Path => "path",
        AnnotationKind::Area => "area",
    };
    let highest = annotations
        .iter()
        .filter_map(|a| a.id.as_str().strip_prefix(prefix)?.strip_prefix('-'))
        .filter_map(|n| n.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    // Counting on from the highest; should that overflow, the first free number from 1.
    let free = highest
        .checked_add(1)
        .into_iter()
        .chain(1..)
        .map(|n| AnnotationId::new(format!("{prefix}-{n}")))
        .find(|id| annotations.iter().all(|a| &a.id != id));
    free.unwrap_or_else(|| AnnotationId::new(format!("{prefix}-{}", annotations.len() + 1)))
}

/// "Pin", "Text note"… for lists and undo labels.
pub fn kind_title(kind: AnnotationKind) -> String {
    let label = kind.label();
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the map view should leave to the annotation tools this frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct PointerUse {
    /// A drag that moves or draws an annotation: the map does not pan.
    pub drag: bool,
    /// A click that selected or drew: the map does not select a country or zoom.
    pub click: bool,
    /// The pointer is over an annotation: no country or story hover.
    pub over: Option<usize>,
    /// A drawing tool is in use: no country or story hover either.
    pub drawing: bool,
}

/// How close (pixels) the pointer must be to pick an annotation or a handle.
const SLOP: f32 = 4.0;
const HANDLE_SLOP: f32 = 7.0;
/// Freehand paths keep a point every this many pixels.
const FREEHAND_STEP: f32 = 4.0;

impl FaultlineApp {
    /// Drops what refers to annotations that are gone, and writes a finished style change.
    pub(super) fn sync_annotations(&mut self, ctx: &egui::Context) -> Option<Action> {
        let state = &mut self.annotate;
        if !self.base_layers.annotations {
            state.tool = Tool::Select;
            state.drawing.clear();
            state.selected = None;
        }
        if let Some(id) = &state.selected
            && self.project.annotation(id).is_none()
        {
            state.selected = None;
        }
        if state.selected.is_none() {
            state.gesture.take_if(|g| *g != Gesture::Draw);
            state.text = None;
        }
        // A change under way to an annotation that is no longer selected is written now.
        let orphan = state
            .preview
            .as_ref()
            .is_some_and(|(p, _)| Some(&p.id) != state.selected.as_ref());
        if orphan {
            return self.take_commit();
        }
        // A style change ends when the pointer is up and no field is being typed in.
        let settled = state.gesture.is_none()
            && state.text.is_none()
            && !ctx.input(|i| i.pointer.any_down())
            && !ctx.egui_wants_keyboard_input();
        if settled { self.take_commit() } else { None }
    }
    /// Changes the annotation selection at once (committing a pending change first); the
    /// returned actions write that change and clear any other selection.
    fn select_now(&mut self, id: Option<AnnotationId>) -> Vec<Action> {
        let mut actions: Vec<Action> = self.take_commit().into_iter().collect();
        self.annotate.text = None;
        self.annotate.gesture = None;
        if id.is_some() && self.selection.is_some() {
            actions.push(Action::Select(None));
        }
        self.annotate.selected = id;
        self.annotate.version += 1;
        actions
    }

    fn selected_kind(&self) -> Option<AnnotationKind> {
        self.annotate.selected_record(&self.project).map(|a| a.kind)
    }

    /// The preview of the selected annotation, started from the document when needed;
    /// `label` names the change for the undo list.
    fn preview_mut(&mut self, label: &str) -> Option<&mut Annotation> {
        let id = self.annotate.selected.clone()?;
        let fresh = self
            .annotate
            .preview
            .as_ref()
            .is_none_or(|(record, _)| record.id != id);
        if fresh {
            let record = self.project.annotation(&id)?.clone();
            self.annotate.preview = Some((record, label.to_owned()));
        }
        self.annotate.version += 1;
        let (record, pending) = self.annotate.preview.as_mut()?;
        label.clone_into(pending);
        Some(record)
    }

    /// The edit writing the preview, if it differs from the document; the preview ends.
    fn take_commit(&mut self) -> Option<Action> {
        let (record, label) = self.annotate.preview.take()?;
        self.annotate.version += 1;
        let current = self.project.annotation(&record.id)?;
        (current != &record).then(|| Action::edit(Edit::Annotation(Change::Update(record)), label))
    }

    fn open_text(&mut self, id: AnnotationId) {
        let text = self
            .annotate
            .selected_record(&self.project)
            .filter(|a| a.id == id)
            .map(|a| a.text.clone())
            .unwrap_or_default();
        self.annotate.text = Some(TextField {
            id,
            text,
            focus: true,
        });
        self.repaint_soon();
    }

    /// Asks for another frame: the text field and other results of this frame's input show in
    /// the next one, which must come before the user's next key.
    fn repaint_soon(&self) {
        if let Some(ctx) = &self.repaint {
            ctx.request_repaint();
        }
    }

    /// Applies an [`AnnotationCommand`].
    pub(super) fn apply_annotation(&mut self, command: AnnotationCommand) {
        self.repaint_soon();
        match command {
            AnnotationCommand::SetTool(tool) => {
                self.commit_now();
                self.annotate.drawing.clear();
                self.annotate.gesture = None;
                self.annotate.tool = tool;
                self.annotate.version += 1;
            }
            AnnotationCommand::Select(id) => {
                for action in self.select_now(id) {
                    self.apply(action);
                }
            }
            AnnotationCommand::Show(id) => {
                for action in self.select_now(Some(id.clone())) {
                    self.apply(action);
                }
                if let Some(record) = self.project.annotation(&id) {
                    self.frame_annotation(&record.geometry.clone());
                }
            }
            AnnotationCommand::EditText(id) => {
                if self.project.annotation(&id).is_some() {
                    if self.annotate.selected.as_ref() != Some(&id) {
                        for action in self.select_now(Some(id.clone())) {
                            self.apply(action);
                        }
                    }
                    self.open_text(id);
                }
            }
            AnnotationCommand::BringForward(id) => self.reorder(&id, 1),
            AnnotationCommand::SendBack(id) => self.reorder(&id, -1),
            AnnotationCommand::Delete(id) => {
                self.annotate.preview = None;
                self.annotate.text = None;
                self.annotate.gesture = None;
                let Some(record) = self.project.annotation(&id) else {
                    return;
                };
                let label = format!("Delete {}", record.kind.label());
                if self.annotate.selected.as_ref() == Some(&id) {
                    self.annotate.selected = None;
                }
                self.annotate.version += 1;
                self.apply(Action::edit(Edit::Annotation(Change::Remove(id)), label));
            }
        }
    }

    /// Writes a pending preview now.
    fn commit_now(&mut self) {
        self.annotate.text = None;
        if let Some(action) = self.take_commit() {
            self.apply(action);
        }
    }

    /// Moves an annotation `step` places in the drawing order, as one undoable step.
    fn reorder(&mut self, id: &AnnotationId, step: isize) {
        self.commit_now();
        let list = &self.project.annotations;
        let Some(index) = list.iter().position(|a| &a.id == id) else {
            return;
        };
        let target = index.saturating_add_signed(step).min(list.len() - 1);
        if target == index {
            return;
        }
        let record = list[index].clone();
        let label = if step > 0 {
            format!("Bring {} forward", record.kind.label())
        } else {
            format!("Send {} back", record.kind.label())
        };
        self.apply(Action::edit(
            Edit::Batch(vec![
                Edit::Annotation(Change::Remove(id.clone())),
                Edit::Annotation(Change::Add {
                    index: Some(target),
                    record,
                }),
            ]),
            label,
        ));
    }

    /// Brings the map to an annotation: a point as a regional view around it, a line or an
    /// area framed whole.
    fn frame_annotation(&mut self, geometry: &AnnotationGeometry) {
        let coords = geometry.coordinates();
        if let AnnotationGeometry::Point(point) = geometry {
            self.apply(Action::FlyTo {
                lon: point.x(),
                lat: point.y(),
            });
            return;
        }
        let (mut w, mut s, mut e, mut n) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
        for c in &coords {
            w = w.min(c.x);
            e = e.max(c.x);
            s = s.min(c.y);
            n = n.max(c.y);
        }
        if w > e {
            return;
        }
        let pad_x = ((e - w) * 0.25).max(2.0);
        let pad_y = ((n - s) * 0.25).max(2.0);
        let bbox = [
            (w - pad_x).max(-180.0),
            (s - pad_y).max(-89.0),
            (e + pad_x).min(180.0),
            (n + pad_y).min(89.0),
        ];
        self.fly_to_bbox(bbox);
    }
    /// The annotation tool in use.
    pub fn annotation_tool(&self) -> Tool {
        self.annotate.tool
    }

    /// The selected annotation.
    pub fn selected_annotation(&self) -> Option<&AnnotationId> {
        self.annotate.selected.as_ref()
    }

    /// The texts the map drew last (names, labels, notes), for tests.
    pub fn drawn_texts(&self) -> Vec<String> {
        self.view
            .scene()
            .map(|scene| scene.label_texts().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// The tooltip of the annotation under the pointer.
    pub(super) fn annotation_tooltip(&self, index: usize) -> Option<String> {
        let record = self.project.annotations.get(index)?;
        let text = record.text.trim();
        let title = kind_title(record.kind);
        Some(if text.is_empty() {
            format!("{title}: drag to move it, double-click to add text")
        } else {
            format!(
                "{text} ({}): drag to move it, double-click to edit",
                record.kind.label()
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnnotationStyle;
    use geo::Point;

    fn record(id: &str, kind: AnnotationKind) -> Annotation {
        Annotation {
            id: AnnotationId::new(id),
            kind,
            geometry: AnnotationGeometry::Point(Point::new(0.0, 0.0)),
            text: String::new(),
            style: AnnotationStyle::default(),
            extra: Default::default(),
        }
    }

    #[test]
    fn new_ids_count_up_per_kind_and_never_collide() {
        let mut list = Vec::new();
        assert_eq!(next_id(&list, AnnotationKind::Pin).as_str(), "pin-1");
        list.push(record("pin-1", AnnotationKind::Pin));
        list.push(record("pin-7", AnnotationKind::Pin));
        list.push(record("pin-x", AnnotationKind::Pin));
        list.push(record("note:1", AnnotationKind::TextNote));
        assert_eq!(next_id(&list, AnnotationKind::Pin).as_str(), "pin-8");
        assert_eq!(next_id(&list, AnnotationKind::TextNote).as_str(), "note-1");
        assert_eq!(next_id(&list, AnnotationKind::Area).as_str(), "area-1");
        list.push(record(
            &format!("arrow-{}", u64::MAX),
            AnnotationKind::Arrow,
        ));
        let id = next_id(&list, AnnotationKind::Arrow);
        assert!(list.iter().all(|a| a.id != id), "{id}");
    }

    #[test]
    fn kinds_have_titles() {
        assert_eq!(kind_title(AnnotationKind::TextNote), "Text note");
        assert_eq!(kind_title(AnnotationKind::Pin), "Pin");
    }
}
