//! Drawing and editing annotations on the map: the tools, the pointer gestures, the keyboard
//! shortcuts, the text field shown at an annotation and the toolbar.
//!
//! Every change reaches the document as one [`Action::Edit`], so it undoes in one step. A
//! gesture that takes many frames (a drag, a slider, typing) changes a *preview* of the
//! selected annotation, which the map draws in its place, and is written as one edit when the
//! gesture ends.

use std::borrow::Cow;

use egui::{CursorIcon, Key, Pos2, RichText, Shape};
use geo::{Coord, LineString, Point, Polygon};

use crate::map::camera::Camera;
use crate::model::{
    Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, AnnotationStyle, Change, Edit,
    Project,
};
use crate::scene::Scene;
use crate::scene::annotations::{
    AnnotationView, annotation_at, draw_annotation, handles, open_ring, set_note_offset,
};

use super::actions::Action;
use super::app::FaultlineApp;
use super::painter::scene_to_shapes;

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
    /// Dragging one of the selected annotation's handles (see [`handles`]).
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

    /// The annotation keys: N, P, A, L, G pick a tool, Esc cancels or goes back to Select,
    /// Enter finishes a drawing (or edits the selected annotation's text), Delete removes the
    /// selected annotation. Not while a text field has the keyboard.
    pub(super) fn annotation_keys(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        // Nor while a form or a question is open: its keys are its own.
        let dialog_open = self.forms.is_open()
            || self.unsaved_prompt().is_some()
            || self.recovery_offer().is_some();
        if ctx.egui_wants_keyboard_input() || self.annotate.keyboard_busy || dialog_open {
            return actions;
        }
        let pressed = ctx.input(|i| {
            let plain = i.modifiers.is_none();
            let keys = [
                Key::N,
                Key::P,
                Key::A,
                Key::L,
                Key::G,
                Key::Escape,
                Key::Enter,
            ];
            let mut pressed: Vec<Key> = keys
                .into_iter()
                .filter(|&k| plain && i.key_pressed(k))
                .collect();
            if i.key_pressed(Key::Delete) {
                pressed.push(Key::Delete);
            }
            pressed
        });
        for key in pressed {
            match key {
                Key::Escape => {
                    if self.annotate.is_drawing() {
                        self.annotate.drawing.clear();
                        self.annotate.gesture = None;
                    } else if self.annotate.tool != Tool::Select {
                        actions.push(Action::Annotation(AnnotationCommand::SetTool(Tool::Select)));
                    } else if self.annotate.selected.is_some() {
                        actions.push(Action::Annotation(AnnotationCommand::Select(None)));
                    }
                }
                Key::Enter => {
                    if self.annotate.is_drawing() {
                        actions.extend(self.finish_drawing());
                    } else if let Some(id) = self.annotate.selected.clone() {
                        actions.push(Action::Annotation(AnnotationCommand::EditText(id)));
                    }
                }
                Key::Delete => {
                    if let Some(id) = self.annotate.selected.clone() {
                        actions.push(Action::Annotation(AnnotationCommand::Delete(id)));
                    }
                }
                _ if self.base_layers.annotations => {
                    if let Some(tool) = Tool::ALL.into_iter().find(|t| t.key() == key) {
                        actions.push(Action::Annotation(AnnotationCommand::SetTool(tool)));
                    }
                }
                _ => {}
            }
        }
        actions
    }

    /// Pointer input on the map that belongs to the annotations: picking, moving, reshaping
    /// and drawing. Returns what the map view must then leave alone.
    pub(super) fn annotation_pointer(
        &mut self,
        response: &egui::Response,
        rect: egui::Rect,
        camera: &Camera,
        actions: &mut Vec<Action>,
    ) -> PointerUse {
        let mut used = PointerUse::default();
        if !self.base_layers.annotations {
            return used;
        }
        let ctx = response.ctx.clone();
        let projection = self.projection;
        let local = |p: Pos2| [p.x - rect.min.x, p.y - rect.min.y];
        let lon_lat =
            |p: [f32; 2]| camera.screen_to_lon_lat(projection, [f64::from(p[0]), f64::from(p[1])]);
        let pointer = response
            .interact_pointer_pos()
            .or_else(|| response.hover_pos())
            .map(local);
        self.annotate.cursor = pointer.and_then(lon_lat);
        let tool = self.annotate.tool;
        let font = self.font.clone();
        let view = AnnotationView {
            camera,
            projection,
            font: &font,
        };

        // Hover: what is under the pointer, and a cursor that says what a press would do.
        if let Some(p) = response.hover_pos().map(local)
            && tool == Tool::Select
            && self.annotate.gesture.is_none()
        {
            let on_handle = self
                .annotate
                .selected_record(&self.project)
                .is_some_and(|a| handle_at(a, &view, p).is_some());
            used.over = annotation_at(&self.project.annotations, &view, p, SLOP);
            if on_handle {
                ctx.set_cursor_icon(CursorIcon::Crosshair);
            } else if used.over.is_some() {
                ctx.set_cursor_icon(CursorIcon::Grab);
            }
        } else if tool != Tool::Select && response.hovered() {
            ctx.set_cursor_icon(CursorIcon::Crosshair);
        }

        if response.drag_started()
            && let Some(press) = ctx.input(|i| i.pointer.press_origin()).map(local)
        {
            match tool {
                Tool::Select => self.start_drag(press, &view, actions),
                Tool::Arrow => {
                    if let Some(start) = lon_lat(press) {
                        self.annotate.drawing = vec![start];
                        self.annotate.gesture = Some(Gesture::Draw);
                    }
                }
                Tool::Path => {
                    if let Some(start) = lon_lat(press) {
                        self.annotate.drawing.push(start);
                        self.annotate.gesture = Some(Gesture::Draw);
                    }
                }
                Tool::Note | Tool::Pin | Tool::Area => {}
            }
        }
        if let Some(gesture) = self.annotate.gesture.clone() {
            used.drag = true;
            if let Some(p) = pointer {
                self.continue_drag(&gesture, p, &view);
            }
            if response.drag_stopped() || !ctx.input(|i| i.pointer.any_down()) {
                self.annotate.gesture = None;
                match gesture {
                    Gesture::Draw => {
                        if tool == Tool::Arrow
                            && let Some(end) = pointer.and_then(lon_lat)
                        {
                            self.annotate.drawing.push(end);
                        }
                        actions.extend(self.finish_drawing());
                    }
                    Gesture::Move { .. } | Gesture::Handle(_) => actions.extend(self.take_commit()),
                }
            }
            ctx.set_cursor_icon(CursorIcon::Grabbing);
        }

        if response.clicked()
            && let Some(p) = pointer
        {
            // A quick click just before counts towards a triple click: still a double-click here.
            let double = response.double_clicked() || response.triple_clicked();
            used.click = self.click(p, double, &view, actions);
        }
        if !actions.is_empty() || used.click || self.annotate.text.is_some() {
            ctx.request_repaint();
        }
        used.drawing = tool != Tool::Select;
        used
    }

    /// A press-and-drag with the select tool: on a handle of the selected annotation reshapes
    /// it, on an annotation moves it; elsewhere the map pans.
    fn start_drag(
        &mut self,
        press: [f32; 2],
        view: &AnnotationView<'_>,
        actions: &mut Vec<Action>,
    ) {
        if let Some(selected) = self.annotate.selected_record(&self.project)
            && let Some(handle) = handle_at(selected, view, press)
        {
            self.annotate.gesture = Some(Gesture::Handle(handle));
            return;
        }
        let Some(index) = annotation_at(&self.project.annotations, view, press, SLOP) else {
            return;
        };
        let Some(record) = self.project.annotations.get(index) else {
            return;
        };
        let id = record.id.clone();
        if self.annotate.selected.as_ref() != Some(&id) {
            actions.extend(self.select_now(Some(id)));
        }
        let original = self
            .annotate
            .selected_record(&self.project)
            .map(|a| a.geometry.clone());
        if let Some(original) = original {
            self.annotate.gesture = Some(Gesture::Move { original, press });
        }
    }

    /// Follows the pointer during a drag.
    fn continue_drag(&mut self, gesture: &Gesture, p: [f32; 2], view: &AnnotationView<'_>) {
        let projection = view.projection;
        let camera = view.camera;
        let lon_lat =
            |p: [f32; 2]| camera.screen_to_lon_lat(projection, [f64::from(p[0]), f64::from(p[1])]);
        match gesture {
            Gesture::Draw => {
                if self.annotate.tool == Tool::Path {
                    let far_enough = self
                        .annotate
                        .drawing
                        .last()
                        .is_none_or(|&last| distance(view.screen(last), p) >= FREEHAND_STEP);
                    if far_enough && let Some(point) = lon_lat(p) {
                        self.annotate.drawing.push(point);
                    }
                }
            }
            Gesture::Move { original, press } => {
                let delta = [p[0] - press[0], p[1] - press[1]];
                let moved = map_coords(original, |c| {
                    let s = view.screen([c.x, c.y]);
                    lon_lat([s[0] + delta[0], s[1] + delta[1]]).map(|[x, y]| Coord { x, y })
                });
                if let (Some(moved), Some(kind)) = (moved, self.selected_kind()) {
                    let label = format!("Move {}", kind.label());
                    if let Some(record) = self.preview_mut(&label) {
                        record.geometry = moved;
                    }
                }
            }
            Gesture::Handle(handle) => {
                let Some(kind) = self.selected_kind() else {
                    return;
                };
                let Some(point) = lon_lat(p) else {
                    return;
                };
                let label = format!("Reshape {}", kind.label());
                let Some(record) = self.preview_mut(&label) else {
                    return;
                };
                if kind == AnnotationKind::TextNote && *handle == 1 {
                    if let AnnotationGeometry::Point(anchor) = record.geometry {
                        let a = view.screen([anchor.x(), anchor.y()]);
                        set_note_offset(record, [f64::from(p[0] - a[0]), f64::from(p[1] - a[1])]);
                    }
                } else {
                    record.geometry = with_vertex(&record.geometry, *handle, point);
                }
            }
        }
    }

    /// A click on the map: selects with the select tool, places or adds a vertex with a
    /// drawing tool. Returns whether the click was used.
    fn click(
        &mut self,
        p: [f32; 2],
        double: bool,
        view: &AnnotationView<'_>,
        actions: &mut Vec<Action>,
    ) -> bool {
        let projection = view.projection;
        let Some(point) = view
            .camera
            .screen_to_lon_lat(projection, [f64::from(p[0]), f64::from(p[1])])
        else {
            // Off the world: nothing to place, but a drawing tool keeps the click.
            return self.annotate.tool != Tool::Select;
        };
        match self.annotate.tool {
            Tool::Select => {
                match annotation_at(&self.project.annotations, view, p, SLOP)
                    .and_then(|i| self.project.annotations.get(i))
                {
                    Some(record) => {
                        let id = record.id.clone();
                        if self.annotate.selected.as_ref() != Some(&id) {
                            actions.extend(self.select_now(Some(id.clone())));
                        }
                        if double {
                            self.open_text(id);
                        }
                        true
                    }
                    None => {
                        if self.annotate.selected.is_some() {
                            actions.extend(self.select_now(None));
                        }
                        false
                    }
                }
            }
            Tool::Pin | Tool::Note => {
                let kind = if self.annotate.tool == Tool::Pin {
                    AnnotationKind::Pin
                } else {
                    AnnotationKind::TextNote
                };
                let geometry = AnnotationGeometry::Point(Point::new(point[0], point[1]));
                let (id, added) = self.add_annotation(kind, geometry);
                actions.extend(added);
                self.open_text(id);
                true
            }
            Tool::Arrow => {
                self.annotate.drawing.push(point);
                if self.annotate.drawing.len() >= 2 {
                    actions.extend(self.finish_drawing());
                }
                true
            }
            Tool::Path | Tool::Area => {
                let closes = self.annotate.tool == Tool::Area
                    && self.annotate.drawing.len() >= 3
                    && self
                        .annotate
                        .drawing
                        .first()
                        .is_some_and(|&first| distance(view.screen(first), p) <= HANDLE_SLOP);
                if double || closes {
                    actions.extend(self.finish_drawing());
                } else {
                    self.annotate.drawing.push(point);
                }
                true
            }
        }
    }

    /// Ends the drawing under way: adds the arrow, path or area when it has enough points.
    fn finish_drawing(&mut self) -> Vec<Action> {
        let mut points = std::mem::take(&mut self.annotate.drawing);
        self.annotate.gesture = None;
        points.dedup();
        let Some(kind) = self.annotate.tool.kind() else {
            return Vec::new();
        };
        let coords: Vec<Coord<f64>> = points.iter().map(|&[x, y]| Coord { x, y }).collect();
        let geometry = match kind {
            AnnotationKind::Arrow | AnnotationKind::Path if coords.len() >= 2 => {
                AnnotationGeometry::LineString(LineString(coords))
            }
            AnnotationKind::Area if coords.len() >= 3 => {
                AnnotationGeometry::Polygon(Polygon::new(LineString(coords), Vec::new()))
            }
            _ => return Vec::new(),
        };
        self.add_annotation(kind, geometry).1
    }

    /// The edit adding a new annotation in the default style, after what selects it; the tool
    /// goes back to Select.
    fn add_annotation(
        &mut self,
        kind: AnnotationKind,
        geometry: AnnotationGeometry,
    ) -> (AnnotationId, Vec<Action>) {
        let id = next_id(&self.project.annotations, kind);
        let record = Annotation {
            id: id.clone(),
            kind,
            geometry,
            text: String::new(),
            style: self.annotate.style.clone(),
            extra: Default::default(),
        };
        let mut actions = self.select_now(Some(id.clone()));
        self.annotate.tool = Tool::Select;
        actions.push(Action::edit(
            Edit::Annotation(Change::Add {
                index: None,
                record,
            }),
            format!("Add {}", kind.label()),
        ));
        (id, actions)
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

    /// On-screen extras over the map: the selected annotation's handles and the drawing
    /// under way with its rubber band to the pointer.
    pub(super) fn paint_annotation_overlay(
        &self,
        painter: &egui::Painter,
        rect: egui::Rect,
        camera: &Camera,
    ) {
        if !self.base_layers.annotations {
            return;
        }
        let view = AnnotationView {
            camera,
            projection: self.projection,
            font: &self.font,
        };
        let state = &self.annotate;
        let to_pos = |p: [f32; 2]| rect.min + egui::vec2(p[0], p[1]);
        if let Some(kind) = state.tool.kind()
            && !state.drawing.is_empty()
        {
            let mut points = state.drawing.clone();
            if state.gesture.is_none() || kind == AnnotationKind::Arrow {
                points.extend(state.cursor);
            }
            let coords: Vec<Coord<f64>> = points.iter().map(|&[x, y]| Coord { x, y }).collect();
            let geometry = match kind {
                AnnotationKind::Area if coords.len() >= 3 => Some(AnnotationGeometry::Polygon(
                    Polygon::new(LineString(coords), Vec::new()),
                )),
                _ if coords.len() >= 2 => Some(AnnotationGeometry::LineString(LineString(coords))),
                _ => None,
            };
            if let Some(geometry) = geometry {
                let sketch = Annotation {
                    id: AnnotationId::new("drawing"),
                    kind: if kind == AnnotationKind::Area && geometry_is_line(&geometry) {
                        AnnotationKind::Path
                    } else {
                        kind
                    },
                    geometry,
                    text: String::new(),
                    style: state.style.clone(),
                    extra: Default::default(),
                };
                let scene = Scene {
                    size: [rect.width(), rect.height()],
                    background: crate::scene::Rgba::new(0, 0, 0, 0),
                    transform: camera.transform(),
                    primitives: draw_annotation(&sketch, &view).primitives,
                    hits: Vec::new(),
                    hover_slot: 0,
                };
                painter.extend(scene_to_shapes(&scene, rect.min, painter));
            }
            for &vertex in &state.drawing {
                painter.circle(
                    to_pos(view.screen(vertex)),
                    3.5,
                    egui::Color32::WHITE,
                    egui::Stroke::new(1.5, egui::Color32::from_rgb(0x22, 0x22, 0x22)),
                );
            }
        }
        if let Some(record) = state.selected_record(&self.project) {
            for handle in handles(record, &view) {
                let square = egui::Rect::from_center_size(to_pos(handle), egui::vec2(8.0, 8.0));
                painter.add(Shape::rect_filled(square, 1.0, egui::Color32::WHITE));
                painter.add(Shape::rect_stroke(
                    square,
                    1.0,
                    egui::Stroke::new(1.5, egui::Color32::from_rgb(0x1f, 0x4e, 0x8c)),
                    egui::StrokeKind::Inside,
                ));
            }
        }
    }

    /// The text field at the annotation whose text is being edited; the text is written as
    /// one edit when the field loses focus (Enter, or a click elsewhere); Esc cancels.
    pub(super) fn annotation_text_field(
        &mut self,
        ctx: &egui::Context,
        rect: egui::Rect,
        camera: &Camera,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        self.annotate.keyboard_busy = ctx.egui_wants_keyboard_input();
        let Some(field) = self.annotate.text.clone() else {
            return actions;
        };
        let view = AnnotationView {
            camera,
            projection: self.projection,
            font: &self.font,
        };
        // A new annotation reaches the project at the end of the frame that made it.
        let Some(record) = self
            .annotate
            .selected_record(&self.project)
            .filter(|a| a.id == field.id)
        else {
            return actions;
        };
        let spots = handles(record, &view);
        let spot = spots.last().copied().unwrap_or([0.0, 0.0]);
        let original = self
            .project
            .annotation(&field.id)
            .map(|a| a.text.clone())
            .unwrap_or_default();
        let kind = record.kind;
        let pos = Pos2::new(
            (rect.min.x + spot[0] + 14.0).clamp(rect.min.x, (rect.max.x - 330.0).max(rect.min.x)),
            (rect.min.y + spot[1] + 12.0).clamp(rect.min.y, (rect.max.y - 40.0).max(rect.min.y)),
        );
        let mut text = field.text.clone();
        let mut finished = None;
        egui::Area::new(egui::Id::unique("annotation_text_field"))
            .order(egui::Order::Foreground)
            .fixed_pos(pos)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let label = ui.label("Annotation text");
                        let response = ui
                            .add(
                                egui::TextEdit::singleline(&mut text)
                                    .desired_width(220.0)
                                    .hint_text("Type, then Enter"),
                            )
                            .labelled_by(label.id);
                        if field.focus {
                            response.request_focus();
                        }
                        if response.lost_focus() {
                            let cancelled = ui.input(|i| i.key_pressed(Key::Escape));
                            finished = Some(!cancelled);
                        }
                    });
                });
            });
        self.annotate.keyboard_busy = ctx.egui_wants_keyboard_input();
        if let Some(editing) = self.annotate.text.as_mut() {
            editing.focus = false;
            editing.text = text.clone();
        }
        let label = format!("Edit {} text", kind.label());
        match finished {
            Some(keep) => {
                self.annotate.text = None;
                let new_text = if keep { text } else { original };
                if let Some(record) = self.preview_mut(&label) {
                    record.text = new_text;
                }
                actions.extend(self.take_commit());
            }
            None => {
                let shown = self
                    .annotate
                    .selected_record(&self.project)
                    .map(|a| a.text.clone());
                if shown.as_ref() != Some(&text)
                    && let Some(record) = self.preview_mut(&label)
                {
                    record.text = text;
                }
            }
        }
        actions
    }

    /// The annotation toolbar: tools, style (of the selected annotation, or of new ones), and
    /// the selected annotation's text, order and deletion.
    pub(super) fn annotation_toolbar(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let shown = self.base_layers.annotations;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Annotate").strong());
            for tool in Tool::ALL {
                let shortcut = match tool {
                    Tool::Select => "Esc".to_owned(),
                    other => format!("{:?}", other.key()),
                };
                let button = egui::Button::selectable(self.annotate.tool == tool, tool.label());
                let response = ui
                    .add_enabled(shown || tool == Tool::Select, button)
                    .on_hover_text(format!("{} ({shortcut})", tool.hint()))
                    .on_disabled_hover_text("The Annotations layer is hidden: show it to draw.");
                if response.clicked() {
                    actions.push(Action::Annotation(AnnotationCommand::SetTool(tool)));
                }
            }
            ui.separator();
            self.style_controls(ui);
            ui.separator();
            if let Some(id) = self.annotate.selected.clone() {
                let order = self.project.annotations.iter().position(|a| a.id == id);
                let last = self.project.annotations.len().saturating_sub(1);
                if ui.button("Edit text").on_hover_text("Enter").clicked() {
                    actions.push(Action::Annotation(AnnotationCommand::EditText(id.clone())));
                }
                let forward = ui
                    .add_enabled(
                        order.is_some_and(|i| i < last),
                        egui::Button::new("Bring forward"),
                    )
                    .on_hover_text("Draw it over the next annotation");
                if forward.clicked() {
                    actions.push(Action::Annotation(AnnotationCommand::BringForward(
                        id.clone(),
                    )));
                }
                let back = ui
                    .add_enabled(order.is_some_and(|i| i > 0), egui::Button::new("Send back"))
                    .on_hover_text("Draw it under the previous annotation");
                if back.clicked() {
                    actions.push(Action::Annotation(AnnotationCommand::SendBack(id.clone())));
                }
                if ui.button("Delete").on_hover_text("Delete key").clicked() {
                    actions.push(Action::Annotation(AnnotationCommand::Delete(id)));
                }
            }
            ui.separator();
            ui.toggle_value(&mut self.annotate.show_list, "List")
                .on_hover_text("Show or hide the list of annotations");
            if self.annotate.selected.is_none() {
                let hint = RichText::new(self.annotate.tool.hint()).weak();
                ui.add(egui::Label::new(hint).truncate());
            }
        });
        actions
    }

    /// Colour, line width, font size and fill opacity: of the selected annotation (each
    /// gesture one undoable step), or of the next ones drawn. Only what a control reports as
    /// changed is taken, so a value that does not survive a round trip through a widget never
    /// turns into an edit.
    fn style_controls(&mut self, ui: &mut egui::Ui) {
        let (current, kind) = match self.annotate.selected_record(&self.project) {
            Some(record) => (record.style.clone(), Some(record.kind)),
            None => (self.annotate.style.clone(), None),
        };
        let mut style = current.clone();
        let [r, g, b, a] = style.colour;
        let mut colour = egui::Color32::from_rgba_unmultiplied(r, g, b, a);
        let label = ui.label("Colour");
        let mut changed = egui::color_picker::color_edit_button_srgba(
            ui,
            &mut colour,
            egui::color_picker::Alpha::OnlyBlend,
        )
        .labelled_by(label.id)
        .changed();
        if changed {
            style.colour = colour.to_srgba_unmultiplied();
        }
        let label = ui.label("Line");
        changed |= ui
            .add(
                egui::DragValue::new(&mut style.line_width)
                    .range(0.5..=12.0)
                    .speed(0.1)
                    .max_decimals(1)
                    .suffix(" pt"),
            )
            .labelled_by(label.id)
            .changed();
        let label = ui.label("Text size");
        changed |= ui
            .add(
                egui::DragValue::new(&mut style.font_size)
                    .range(8.0..=48.0)
                    .speed(0.2)
                    .max_decimals(0)
                    .suffix(" pt"),
            )
            .labelled_by(label.id)
            .changed();
        let label = ui.label("Fill");
        // The fill is an area's; with nothing selected it is the next area's.
        let fills = kind.is_none_or(|k| k == AnnotationKind::Area);
        changed |= ui
            .add_enabled(
                fills,
                egui::Slider::new(&mut style.fill_opacity, 0.0..=1.0)
                    .show_value(false)
                    .custom_formatter(|v, _| format!("{:.0}%", v * 100.0)),
            )
            .labelled_by(label.id)
            .on_hover_text("Fill opacity of areas")
            .changed();
        if !changed || style == current {
            return;
        }
        if let Some(kind) = kind {
            let label = format!("Restyle {}", kind.label());
            if let Some(record) = self.preview_mut(&label) {
                record.style = style.clone();
            }
        }
        // New annotations follow the last style chosen.
        self.annotate.style = style;
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

/// The handle of an annotation under a screen point.
fn handle_at(annotation: &Annotation, view: &AnnotationView<'_>, p: [f32; 2]) -> Option<usize> {
    handles(annotation, view)
        .into_iter()
        .enumerate()
        .map(|(i, h)| (i, distance(h, p)))
        .filter(|&(_, d)| d <= HANDLE_SLOP)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

fn distance(a: [f32; 2], b: [f32; 2]) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

fn geometry_is_line(geometry: &AnnotationGeometry) -> bool {
    matches!(geometry, AnnotationGeometry::LineString(_))
}

/// The geometry with every coordinate mapped, or `None` if one cannot be (off the world).
fn map_coords(
    geometry: &AnnotationGeometry,
    mut f: impl FnMut(Coord<f64>) -> Option<Coord<f64>>,
) -> Option<AnnotationGeometry> {
    let mut ring = |ring: &LineString<f64>| -> Option<LineString<f64>> {
        ring.0
            .iter()
            .map(|&c| f(c))
            .collect::<Option<Vec<_>>>()
            .map(LineString)
    };
    Some(match geometry {
        AnnotationGeometry::Point(point) => {
            let c = ring(&LineString(vec![point.0]))?;
            AnnotationGeometry::Point(Point(*c.0.first()?))
        }
        AnnotationGeometry::LineString(line) => AnnotationGeometry::LineString(ring(line)?),
        AnnotationGeometry::Polygon(polygon) => {
            let exterior = ring(polygon.exterior())?;
            let holes = polygon
                .interiors()
                .iter()
                .map(&mut ring)
                .collect::<Option<Vec<_>>>()?;
            AnnotationGeometry::Polygon(Polygon::new(exterior, holes))
        }
    })
}

/// The geometry with vertex `index` (as numbered by [`handles`]) moved to a longitude/latitude.
fn with_vertex(
    geometry: &AnnotationGeometry,
    index: usize,
    [x, y]: [f64; 2],
) -> AnnotationGeometry {
    let to = Coord { x, y };
    match geometry {
        AnnotationGeometry::Point(_) => AnnotationGeometry::Point(Point(to)),
        AnnotationGeometry::LineString(line) => {
            let mut line = line.clone();
            if let Some(c) = line.0.get_mut(index) {
                *c = to;
            }
            AnnotationGeometry::LineString(line)
        }
        AnnotationGeometry::Polygon(polygon) => {
            let mut corners = open_ring(polygon.exterior()).to_vec();
            if let Some(c) = corners.get_mut(index) {
                *c = to;
            }
            // Polygon::new closes the ring again.
            AnnotationGeometry::Polygon(Polygon::new(
                LineString(corners),
                polygon.interiors().to_vec(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::AnnotationStyle;

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
    fn moving_a_corner_keeps_the_ring_closed() {
        let square = AnnotationGeometry::Polygon(Polygon::new(
            LineString::from(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]),
            Vec::new(),
        ));
        let AnnotationGeometry::Polygon(moved) = with_vertex(&square, 0, [-1.0, -1.0]) else {
            panic!("still a polygon");
        };
        let ring = &moved.exterior().0;
        assert_eq!(ring.first(), Some(&Coord { x: -1.0, y: -1.0 }));
        assert_eq!(ring.first(), ring.last());
        assert_eq!(ring.len(), 5);
    }

    #[test]
    fn mapping_fails_whole_when_a_point_is_off_the_world() {
        let line = AnnotationGeometry::LineString(LineString::from(vec![(0.0, 0.0), (5.0, 5.0)]));
        let shifted = map_coords(&line, |c| {
            Some(Coord {
                x: c.x + 1.0,
                y: c.y,
            })
        });
        assert_eq!(
            shifted,
            Some(AnnotationGeometry::LineString(LineString::from(vec![
                (1.0, 0.0),
                (6.0, 5.0)
            ])))
        );
        assert_eq!(map_coords(&line, |c| (c.x < 1.0).then_some(c)), None);
    }

    #[test]
    fn kinds_have_titles() {
        assert_eq!(kind_title(AnnotationKind::TextNote), "Text note");
        assert_eq!(kind_title(AnnotationKind::Pin), "Pin");
    }
}
