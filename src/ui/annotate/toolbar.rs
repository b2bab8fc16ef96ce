//! The annotation toolbar, its style controls, the overlay drawn over the map and the text field.

use egui::{Key, Pos2, RichText, Shape};
use geo::{Coord, LineString, Polygon};

use crate::map::camera::Camera;
use crate::model::{Annotation, AnnotationGeometry, AnnotationId, AnnotationKind};
use crate::scene::Scene;
use crate::scene::annotations::{AnnotationView, draw_annotation, handles};
use crate::ui::actions::Action;
use crate::ui::painter::scene_to_shapes;

use super::geometry::geometry_is_line;
use super::{AnnotateState, AnnotationCommand, Surroundings, Tool};

impl AnnotateState {
    /// On-screen extras over the map: the selected annotation's handles and the drawing
    /// under way with its rubber band to the pointer.
    pub(in crate::ui) fn paint_annotation_overlay(
        &self,
        around: &Surroundings<'_>,
        painter: &egui::Painter,
        rect: egui::Rect,
        camera: &Camera,
    ) {
        if !around.shown {
            return;
        }
        let view = AnnotationView {
            camera,
            projection: around.projection,
            font: around.font,
        };
        let state = self;
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
                    dataset_hits: Vec::new(),
                    hover_slot: 0,
                    legend: None,
                    shaded_countries: Vec::new(),
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
        if let Some(record) = state.selected_record(around.project) {
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
    pub(in crate::ui) fn annotation_text_field(
        &mut self,
        around: &Surroundings<'_>,
        ctx: &egui::Context,
        rect: egui::Rect,
        camera: &Camera,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        self.keyboard_busy = ctx.egui_wants_keyboard_input();
        let Some(field) = self.text.clone() else {
            return actions;
        };
        let view = AnnotationView {
            camera,
            projection: around.projection,
            font: around.font,
        };
        // A new annotation reaches the project at the end of the frame that made it.
        let Some(record) = self
            .selected_record(around.project)
            .filter(|a| a.id == field.id)
        else {
            return actions;
        };
        let spots = handles(record, &view);
        let spot = spots.last().copied().unwrap_or([0.0, 0.0]);
        let original = around
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
        self.keyboard_busy = ctx.egui_wants_keyboard_input();
        if let Some(editing) = self.text.as_mut() {
            editing.focus = false;
            editing.text = text.clone();
        }
        let label = format!("Edit {} text", kind.label());
        match finished {
            Some(keep) => {
                self.text = None;
                let new_text = if keep { text } else { original };
                if let Some(record) = self.preview_mut(around, &label) {
                    record.text = new_text;
                }
                actions.extend(self.take_commit(around));
            }
            None => {
                let shown = self.selected_record(around.project).map(|a| a.text.clone());
                if shown.as_ref() != Some(&text)
                    && let Some(record) = self.preview_mut(around, &label)
                {
                    record.text = text;
                }
            }
        }
        actions
    }

    /// The annotation toolbar: tools, style (of the selected annotation, or of new ones), and
    /// the selected annotation's text, order and deletion.
    pub(in crate::ui) fn annotation_toolbar(
        &mut self,
        around: &Surroundings<'_>,
        ui: &mut egui::Ui,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let shown = around.shown;
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Annotate").strong());
            for tool in Tool::ALL {
                let shortcut = match tool {
                    Tool::Select => "Esc".to_owned(),
                    other => format!("{:?}", other.key()),
                };
                let button = egui::Button::selectable(self.tool == tool, tool.label());
                let response = ui
                    .add_enabled(shown || tool == Tool::Select, button)
                    .on_hover_text(format!("{} ({shortcut})", tool.hint()))
                    .on_disabled_hover_text("The Annotations layer is hidden: show it to draw.");
                if response.clicked() {
                    actions.push(Action::Annotation(AnnotationCommand::SetTool(tool)));
                }
            }
            ui.separator();
            self.style_controls(around, ui);
            ui.separator();
            if let Some(id) = self.selected.clone() {
                let order = around.project.annotations.iter().position(|a| a.id == id);
                let last = around.project.annotations.len().saturating_sub(1);
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
            ui.toggle_value(&mut self.show_list, "List")
                .on_hover_text("Show or hide the list of annotations");
            if self.selected.is_none() {
                let hint = RichText::new(self.tool.hint()).weak();
                ui.add(egui::Label::new(hint).truncate());
            }
        });
        actions
    }

    /// Colour, line width, font size and fill opacity: of the selected annotation (each
    /// gesture one undoable step), or of the next ones drawn. Only what a control reports as
    /// changed is taken, so a value that does not survive a round trip through a widget never
    /// turns into an edit.
    fn style_controls(&mut self, around: &Surroundings<'_>, ui: &mut egui::Ui) {
        let (current, kind) = match self.selected_record(around.project) {
            Some(record) => (record.style.clone(), Some(record.kind)),
            None => (self.style.clone(), None),
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
            if let Some(record) = self.preview_mut(around, &label) {
                record.style = style.clone();
            }
        }
        // New annotations follow the last style chosen.
        self.style = style;
    }
}
