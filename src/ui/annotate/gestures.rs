//! Pointer and keyboard input on the map: picking, moving, reshaping and drawing annotations.

use egui::{CursorIcon, Key, Pos2};
use geo::{Coord, LineString, Point, Polygon};

use crate::map::camera::{Camera, LonLat, ScreenPoint};
use crate::map::projection::Projection;
use crate::model::{Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, Change, Edit};
use crate::scene::annotations::{AnnotationView, annotation_at, set_note_offset};
use crate::ui::actions::Action;

use super::geometry::{distance, handle_at, map_coords, with_vertex};
use super::{
    AnnotateState, AnnotationCommand, FREEHAND_STEP, Gesture, HANDLE_SLOP, PointerUse, SLOP,
    Surroundings, Tool, next_id,
};

impl AnnotateState {
    /// The annotation keys: N, P, A, L, G pick a tool, Esc cancels or goes back to Select,
    /// Enter finishes a drawing (or edits the selected annotation's text), Delete removes the
    /// selected annotation. Not while a text field has the keyboard.
    pub(in crate::ui) fn annotation_keys(
        &mut self,
        around: &Surroundings<'_>,
        ctx: &egui::Context,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        // Nor while a form or a question is open: its keys are its own.
        if ctx.egui_wants_keyboard_input() || self.keyboard_busy || around.dialog_open {
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
                    if self.is_drawing() {
                        self.drawing.clear();
                        self.gesture = None;
                    } else if self.tool != Tool::Select {
                        actions.push(Action::Annotation(AnnotationCommand::SetTool(Tool::Select)));
                    } else if self.selected.is_some() {
                        actions.push(Action::Annotation(AnnotationCommand::Select(None)));
                    }
                }
                Key::Enter => {
                    if self.is_drawing() {
                        actions.extend(self.finish_drawing(around));
                    } else if let Some(id) = self.selected.clone() {
                        actions.push(Action::Annotation(AnnotationCommand::EditText(id)));
                    }
                }
                Key::Delete => {
                    if let Some(id) = self.selected.clone() {
                        actions.push(Action::Annotation(AnnotationCommand::Delete(id)));
                    }
                }
                _ if around.shown => {
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
        around: &Surroundings<'_>,
        response: &egui::Response,
        rect: egui::Rect,
        camera: &Camera,
        actions: &mut Vec<Action>,
    ) -> PointerUse {
        let mut used = PointerUse::default();
        if !around.shown {
            return used;
        }
        let ctx = response.ctx.clone();
        let projection = around.projection;
        let local = |p: Pos2| [p.x - rect.min.x, p.y - rect.min.y];
        let lon_lat = |p: [f32; 2]| lon_lat_at(camera, projection, p);
        let pointer = response
            .interact_pointer_pos()
            .or_else(|| response.hover_pos())
            .map(local);
        self.cursor = pointer.and_then(lon_lat);
        let tool = self.tool;
        let font = around.font.clone();
        let view = AnnotationView {
            camera,
            projection,
            font: &font,
        };

        // Hover: what is under the pointer, and a cursor that says what a press would do.
        if let Some(p) = response.hover_pos().map(local)
            && tool == Tool::Select
            && self.gesture.is_none()
        {
            let on_handle = self
                .selected_record(around.project)
                .is_some_and(|a| handle_at(a, &view, p).is_some());
            used.over = annotation_at(&around.project.annotations, &view, p, SLOP);
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
                Tool::Select => self.start_drag(around, press, &view, actions),
                Tool::Arrow => {
                    if let Some(start) = lon_lat(press) {
                        self.drawing = vec![start];
                        self.gesture = Some(Gesture::Draw);
                    }
                }
                Tool::Path => {
                    if let Some(start) = lon_lat(press) {
                        self.drawing.push(start);
                        self.gesture = Some(Gesture::Draw);
                    }
                }
                Tool::Note | Tool::Pin | Tool::Area => {}
            }
        }
        if let Some(gesture) = self.gesture.clone() {
            used.drag = true;
            if let Some(p) = pointer {
                self.continue_drag(around, &gesture, p, &view);
            }
            if response.drag_stopped() || !ctx.input(|i| i.pointer.any_down()) {
                self.gesture = None;
                match gesture {
                    Gesture::Draw => {
                        if tool == Tool::Arrow
                            && let Some(end) = pointer.and_then(lon_lat)
                        {
                            self.drawing.push(end);
                        }
                        actions.extend(self.finish_drawing(around));
                    }
                    Gesture::Move { .. } | Gesture::Handle(_) => {
                        actions.extend(self.take_commit(around))
                    }
                }
            }
            ctx.set_cursor_icon(CursorIcon::Grabbing);
        }

        if response.clicked()
            && let Some(p) = pointer
        {
            // A quick click just before counts towards a triple click: still a double-click here.
            let double = response.double_clicked() || response.triple_clicked();
            used.click = self.click(around, p, double, &view, actions);
        }
        if !actions.is_empty() || used.click || self.text.is_some() {
            ctx.request_repaint();
        }
        used.drawing = tool != Tool::Select;
        used
    }

    /// A press-and-drag with the select tool: on a handle of the selected annotation reshapes
    /// it, on an annotation moves it; elsewhere the map pans.
    fn start_drag(
        &mut self,
        around: &Surroundings<'_>,
        press: [f32; 2],
        view: &AnnotationView<'_>,
        actions: &mut Vec<Action>,
    ) {
        if let Some(selected) = self.selected_record(around.project)
            && let Some(handle) = handle_at(selected, view, press)
        {
            self.gesture = Some(Gesture::Handle(handle));
            return;
        }
        let Some(index) = annotation_at(&around.project.annotations, view, press, SLOP) else {
            return;
        };
        let Some(record) = around.project.annotations.get(index) else {
            return;
        };
        let id = record.id.clone();
        if self.selected.as_ref() != Some(&id) {
            actions.extend(self.select_now(around, Some(id)));
        }
        let original = self
            .selected_record(around.project)
            .map(|a| a.geometry.clone());
        if let Some(original) = original {
            self.gesture = Some(Gesture::Move { original, press });
        }
    }

    /// Follows the pointer during a drag.
    fn continue_drag(
        &mut self,
        around: &Surroundings<'_>,
        gesture: &Gesture,
        p: [f32; 2],
        view: &AnnotationView<'_>,
    ) {
        let projection = view.projection;
        let camera = view.camera;
        let lon_lat = |p: [f32; 2]| lon_lat_at(camera, projection, p);
        match gesture {
            Gesture::Draw => {
                if self.tool == Tool::Path {
                    let far_enough = self
                        .drawing
                        .last()
                        .is_none_or(|&last| distance(view.screen(last), p) >= FREEHAND_STEP);
                    if far_enough && let Some(point) = lon_lat(p) {
                        self.drawing.push(point);
                    }
                }
            }
            Gesture::Move { original, press } => {
                let delta = [p[0] - press[0], p[1] - press[1]];
                let moved = map_coords(original, |c| {
                    let s = view.screen([c.x, c.y]);
                    lon_lat([s[0] + delta[0], s[1] + delta[1]]).map(|[x, y]| Coord { x, y })
                });
                if let (Some(moved), Some(kind)) = (moved, self.selected_kind(around)) {
                    let label = format!("Move {}", kind.label());
                    if let Some(record) = self.preview_mut(around, &label) {
                        record.geometry = moved;
                    }
                }
            }
            Gesture::Handle(handle) => {
                let Some(kind) = self.selected_kind(around) else {
                    return;
                };
                let Some(point) = lon_lat(p) else {
                    return;
                };
                let label = format!("Reshape {}", kind.label());
                let Some(record) = self.preview_mut(around, &label) else {
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
        around: &Surroundings<'_>,
        p: [f32; 2],
        double: bool,
        view: &AnnotationView<'_>,
        actions: &mut Vec<Action>,
    ) -> bool {
        let projection = view.projection;
        let Some(point) = lon_lat_at(view.camera, projection, p) else {
            // Off the world: nothing to place, but a drawing tool keeps the click.
            return self.tool != Tool::Select;
        };
        match self.tool {
            Tool::Select => {
                match annotation_at(&around.project.annotations, view, p, SLOP)
                    .and_then(|i| around.project.annotations.get(i))
                {
                    Some(record) => {
                        let id = record.id.clone();
                        if self.selected.as_ref() != Some(&id) {
                            actions.extend(self.select_now(around, Some(id.clone())));
                        }
                        if double {
                            self.open_text(around, id);
                        }
                        true
                    }
                    None => {
                        if self.selected.is_some() {
                            actions.extend(self.select_now(around, None));
                        }
                        false
                    }
                }
            }
            Tool::Pin | Tool::Note => {
                let kind = if self.tool == Tool::Pin {
                    AnnotationKind::Pin
                } else {
                    AnnotationKind::TextNote
                };
                let geometry = AnnotationGeometry::Point(Point::new(point[0], point[1]));
                let (id, added) = self.add_annotation(around, kind, geometry);
                actions.extend(added);
                self.open_text(around, id.clone());
                self.fresh = Some(id);
                true
            }
            Tool::Arrow => {
                self.drawing.push(point);
                if self.drawing.len() >= 2 {
                    actions.extend(self.finish_drawing(around));
                }
                true
            }
            Tool::Path | Tool::Area => {
                let closes = self.tool == Tool::Area
                    && self.drawing.len() >= 3
                    && self
                        .drawing
                        .first()
                        .is_some_and(|&first| distance(view.screen(first), p) <= HANDLE_SLOP);
                if double || closes {
                    actions.extend(self.finish_drawing(around));
                } else {
                    self.drawing.push(point);
                }
                true
            }
        }
    }

    /// Ends the drawing under way: adds the arrow, path or area when it has enough points.
    fn finish_drawing(&mut self, around: &Surroundings<'_>) -> Vec<Action> {
        let mut points = std::mem::take(&mut self.drawing);
        self.gesture = None;
        points.dedup();
        let Some(kind) = self.tool.kind() else {
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
        self.add_annotation(around, kind, geometry).1
    }

    /// The edit adding a new annotation in the default style, after what selects it; the tool
    /// goes back to Select.
    fn add_annotation(
        &mut self,
        around: &Surroundings<'_>,
        kind: AnnotationKind,
        geometry: AnnotationGeometry,
    ) -> (AnnotationId, Vec<Action>) {
        let id = next_id(&around.project.annotations, kind);
        let record = Annotation {
            id: id.clone(),
            kind,
            geometry,
            text: String::new(),
            style: self.style.clone(),
            extra: Default::default(),
        };
        let mut actions = self.select_now(around, Some(id.clone()));
        self.tool = Tool::Select;
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

/// Where a point of the map (in pixels) is on Earth, as `[lon, lat]`.
fn lon_lat_at(camera: &Camera, projection: Projection, p: [f32; 2]) -> Option<[f64; 2]> {
    camera
        .screen_to_lon_lat(
            projection,
            ScreenPoint::new(f64::from(p[0]), f64::from(p[1])),
        )
        .map(LonLat::to_array)
}
