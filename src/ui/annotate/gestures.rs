//! Pointer and keyboard input on the map: picking, moving, reshaping and drawing annotations.

use egui::{CursorIcon, Key, Pos2};
use geo::{Coord, LineString, Point, Polygon};

use crate::map::camera::Camera;
use crate::model::{Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, Change, Edit};
use crate::scene::annotations::{AnnotationView, annotation_at, set_note_offset};
use crate::ui::actions::Action;
use crate::ui::app::FaultlineApp;

use super::geometry::{distance, handle_at, map_coords, with_vertex};
use super::{
    AnnotationCommand, FREEHAND_STEP, Gesture, HANDLE_SLOP, PointerUse, SLOP, Tool, next_id,
};

impl FaultlineApp {
    /// The annotation keys: N, P, A, L, G pick a tool, Esc cancels or goes back to Select,
    /// Enter finishes a drawing (or edits the selected annotation's text), Delete removes the
    /// selected annotation. Not while a text field has the keyboard.
    pub(in crate::ui) fn annotation_keys(&mut self, ctx: &egui::Context) -> Vec<Action> {
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
                _ if self.base_layers().annotations => {
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
    pub(in crate::ui) fn annotation_pointer(
        &mut self,
        response: &egui::Response,
        rect: egui::Rect,
        camera: &Camera,
        actions: &mut Vec<Action>,
    ) -> PointerUse {
        let mut used = PointerUse::default();
        if !self.base_layers().annotations {
            return used;
        }
        let ctx = response.ctx.clone();
        let projection = self.view.projection();
        let local = |p: Pos2| [p.x - rect.min.x, p.y - rect.min.y];
        let lon_lat =
            |p: [f32; 2]| camera.screen_to_lon_lat(projection, [f64::from(p[0]), f64::from(p[1])]);
        let pointer = response
            .interact_pointer_pos()
            .or_else(|| response.hover_pos())
            .map(local);
        self.annotate.cursor = pointer.and_then(lon_lat);
        let tool = self.annotate.tool;
        let font = self.runtime.font().clone();
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
                .selected_record(self.document.project())
                .is_some_and(|a| handle_at(a, &view, p).is_some());
            used.over = annotation_at(&self.document.project().annotations, &view, p, SLOP);
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
        if let Some(selected) = self.annotate.selected_record(self.document.project())
            && let Some(handle) = handle_at(selected, view, press)
        {
            self.annotate.gesture = Some(Gesture::Handle(handle));
            return;
        }
        let Some(index) = annotation_at(&self.document.project().annotations, view, press, SLOP)
        else {
            return;
        };
        let Some(record) = self.document.project().annotations.get(index) else {
            return;
        };
        let id = record.id.clone();
        if self.annotate.selected.as_ref() != Some(&id) {
            actions.extend(self.select_now(Some(id)));
        }
        let original = self
            .annotate
            .selected_record(self.document.project())
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
                match annotation_at(&self.document.project().annotations, view, p, SLOP)
                    .and_then(|i| self.document.project().annotations.get(i))
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
        let id = next_id(&self.document.project().annotations, kind);
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
}
