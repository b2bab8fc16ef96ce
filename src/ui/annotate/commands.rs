//! The annotation commands: selection, the preview of a change under way and its commit as one
//! edit, text, order, deletion and framing.

use crate::map::camera::LonLatBox;
use crate::model::{Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, Change, Edit};
use crate::ui::actions::Action;
use crate::ui::app::FaultlineApp;

use super::{AnnotationCommand, Gesture, TextField, Tool, kind_title};

impl FaultlineApp {
    /// Drops what refers to annotations that are gone, and writes a finished style change.
    pub(in crate::ui) fn sync_annotations(&mut self, ctx: &egui::Context) -> Option<Action> {
        let shown = self.base_layers().annotations;
        let state = &mut self.annotate;
        if !shown {
            state.tool = Tool::Select;
            state.drawing.clear();
            state.selected = None;
        }
        if let Some(id) = &state.selected
            && self.document.project().annotation(id).is_none()
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
    pub(super) fn select_now(&mut self, id: Option<AnnotationId>) -> Vec<Action> {
        let mut actions: Vec<Action> = self.take_commit().into_iter().collect();
        self.annotate.text = None;
        self.annotate.gesture = None;
        if id.is_some() && self.view.selection().is_some() {
            actions.push(Action::Select(None));
        }
        self.annotate.selected = id;
        self.annotate.version += 1;
        actions
    }

    pub(super) fn selected_kind(&self) -> Option<AnnotationKind> {
        self.annotate
            .selected_record(self.document.project())
            .map(|a| a.kind)
    }

    /// The preview of the selected annotation, started from the document when needed;
    /// `label` names the change for the undo list.
    pub(super) fn preview_mut(&mut self, label: &str) -> Option<&mut Annotation> {
        let id = self.annotate.selected.clone()?;
        let fresh = self
            .annotate
            .preview
            .as_ref()
            .is_none_or(|(record, _)| record.id != id);
        if fresh {
            let record = self.document.project().annotation(&id)?.clone();
            self.annotate.preview = Some((record, label.to_owned()));
        }
        self.annotate.version += 1;
        let (record, pending) = self.annotate.preview.as_mut()?;
        label.clone_into(pending);
        Some(record)
    }

    /// The edit writing the preview, if it differs from the document; the preview ends.
    pub(super) fn take_commit(&mut self) -> Option<Action> {
        let (record, label) = self.annotate.preview.take()?;
        self.annotate.version += 1;
        let current = self.document.project().annotation(&record.id)?;
        (current != &record).then(|| Action::edit(Edit::Annotation(Change::Update(record)), label))
    }

    pub(super) fn open_text(&mut self, id: AnnotationId) {
        let text = self
            .annotate
            .selected_record(self.document.project())
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
    pub(super) fn repaint_soon(&self) {
        self.runtime.repaint_soon();
    }

    /// Applies an [`AnnotationCommand`].
    pub(in crate::ui) fn apply_annotation(&mut self, command: AnnotationCommand) {
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
                if let Some(record) = self.document.project().annotation(&id) {
                    self.frame_annotation(&record.geometry.clone());
                }
            }
            AnnotationCommand::EditText(id) => {
                if self.document.project().annotation(&id).is_some() {
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
                let Some(record) = self.document.project().annotation(&id) else {
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
    pub(super) fn commit_now(&mut self) {
        self.annotate.text = None;
        if let Some(action) = self.take_commit() {
            self.apply(action);
        }
    }

    /// Moves an annotation `step` places in the drawing order, as one undoable step.
    pub(super) fn reorder(&mut self, id: &AnnotationId, step: isize) {
        self.commit_now();
        let list = &self.document.project().annotations;
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
    pub(super) fn frame_annotation(&mut self, geometry: &AnnotationGeometry) {
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
        self.view.show_area(Some(LonLatBox::from_array(bbox)));
    }
    /// The tooltip of the annotation under the pointer.
    pub(in crate::ui) fn annotation_tooltip(&self, index: usize) -> Option<String> {
        let record = self.document.project().annotations.get(index)?;
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
