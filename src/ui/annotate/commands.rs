//! The annotation commands: selection, the preview of a change under way and its commit as one
//! edit, text, order, deletion and framing.

use crate::map::camera::LonLatBox;
use crate::model::{Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, Change, Edit};
use crate::ui::actions::Action;

use super::{AnnotateState, AnnotationCommand, Gesture, Surroundings, TextField, Tool, kind_title};

impl AnnotateState {
    /// Drops what refers to annotations that are gone, and writes a finished style change.
    pub(in crate::ui) fn sync_annotations(
        &mut self,
        around: &Surroundings<'_>,
        ctx: &egui::Context,
    ) -> Option<Action> {
        let shown = around.shown;
        if !shown {
            self.tool = Tool::Select;
            self.drawing.clear();
            self.selected = None;
        }
        if let Some(id) = &self.selected
            && around.project.annotation(id).is_none()
        {
            self.selected = None;
        }
        if self.selected.is_none() {
            self.gesture.take_if(|g| *g != Gesture::Draw);
            self.text = None;
        }
        // A change under way to an annotation that is no longer selected is written now.
        let orphan = self
            .preview
            .as_ref()
            .is_some_and(|(p, _)| Some(&p.id) != self.selected.as_ref());
        if orphan {
            return self.take_commit(around);
        }
        // A style change ends when the pointer is up and no field is being typed in.
        let settled = self.gesture.is_none()
            && self.text.is_none()
            && !ctx.input(|i| i.pointer.any_down())
            && !ctx.egui_wants_keyboard_input();
        if settled {
            self.take_commit(around)
        } else {
            None
        }
    }
    /// Changes the annotation selection at once (committing a pending change first); the
    /// returned actions write that change and clear any other selection.
    pub(super) fn select_now(
        &mut self,
        around: &Surroundings<'_>,
        id: Option<AnnotationId>,
    ) -> Vec<Action> {
        let mut actions: Vec<Action> = self.take_commit(around).into_iter().collect();
        self.text = None;
        self.gesture = None;
        if id.is_some() && around.has_selection {
            actions.push(Action::Select(None));
        }
        self.selected = id;
        self.version += 1;
        actions
    }

    pub(super) fn selected_kind(&self, around: &Surroundings<'_>) -> Option<AnnotationKind> {
        self.selected_record(around.project).map(|a| a.kind)
    }

    /// The preview of the selected annotation, started from the document when needed;
    /// `label` names the change for the undo list.
    pub(super) fn preview_mut(
        &mut self,
        around: &Surroundings<'_>,
        label: &str,
    ) -> Option<&mut Annotation> {
        let id = self.selected.clone()?;
        let fresh = self
            .preview
            .as_ref()
            .is_none_or(|(record, _)| record.id != id);
        if fresh {
            let record = around.project.annotation(&id)?.clone();
            self.preview = Some((record, label.to_owned()));
        }
        self.version += 1;
        let (record, pending) = self.preview.as_mut()?;
        label.clone_into(pending);
        Some(record)
    }

    /// The edit writing the preview, if it differs from the document; the preview ends.
    pub(super) fn take_commit(&mut self, around: &Surroundings<'_>) -> Option<Action> {
        let (record, label) = self.preview.take()?;
        self.version += 1;
        let current = around.project.annotation(&record.id)?;
        let fresh = self.fresh.take().is_some_and(|id| id == record.id);
        (current != &record).then(|| {
            let edit = Edit::Annotation(Change::Update(record));
            if fresh {
                Action::EditJoined { edit, label }
            } else {
                Action::edit(edit, label)
            }
        })
    }

    pub(super) fn open_text(&mut self, around: &Surroundings<'_>, id: AnnotationId) {
        let text = self
            .selected_record(around.project)
            .filter(|a| a.id == id)
            .map(|a| a.text.clone())
            .unwrap_or_default();
        self.text = Some(TextField {
            id,
            text,
            focus: true,
        });
    }

    /// Applies an [`AnnotationCommand`]; returns the actions that follow from it (the edits
    /// and selection changes), for the application to apply in order.
    #[must_use]
    pub(in crate::ui) fn apply_annotation(
        &mut self,
        around: &Surroundings<'_>,
        command: AnnotationCommand,
    ) -> Vec<Action> {
        match command {
            AnnotationCommand::SetTool(tool) => {
                let follow = self.commit_now(around).into_iter().collect();
                self.drawing.clear();
                self.gesture = None;
                self.tool = tool;
                self.version += 1;
                follow
            }
            AnnotationCommand::Select(id) => self.select_now(around, id),
            AnnotationCommand::Show(id) => {
                let mut follow = self.select_now(around, Some(id.clone()));
                if let Some(record) = around.project.annotation(&id) {
                    follow.extend(frame_annotation(&record.geometry));
                }
                follow
            }
            AnnotationCommand::EditText(id) => {
                let mut follow = Vec::new();
                if around.project.annotation(&id).is_some() {
                    if self.selected.as_ref() != Some(&id) {
                        follow = self.select_now(around, Some(id.clone()));
                    }
                    self.open_text(around, id);
                }
                follow
            }
            AnnotationCommand::BringForward(id) => self.reorder(around, &id, 1),
            AnnotationCommand::SendBack(id) => self.reorder(around, &id, -1),
            AnnotationCommand::Delete(id) => {
                self.preview = None;
                self.text = None;
                self.gesture = None;
                let Some(record) = around.project.annotation(&id) else {
                    return Vec::new();
                };
                let label = format!("Delete {}", record.kind.label());
                if self.selected.as_ref() == Some(&id) {
                    self.selected = None;
                }
                self.version += 1;
                vec![Action::edit(Edit::Annotation(Change::Remove(id)), label)]
            }
        }
    }

    /// Ends a pending preview: the edit that writes it, if it changed anything.
    pub(super) fn commit_now(&mut self, around: &Surroundings<'_>) -> Option<Action> {
        self.text = None;
        self.take_commit(around)
    }

    /// Moves an annotation `step` places in the drawing order, as one undoable step (after
    /// writing a pending change).
    pub(super) fn reorder(
        &mut self,
        around: &Surroundings<'_>,
        id: &AnnotationId,
        step: isize,
    ) -> Vec<Action> {
        let mut follow: Vec<Action> = self.commit_now(around).into_iter().collect();
        let list = &around.project.annotations;
        let Some(index) = list.iter().position(|a| &a.id == id) else {
            return follow;
        };
        let target = index.saturating_add_signed(step).min(list.len() - 1);
        if target == index {
            return follow;
        }
        let record = list[index].clone();
        let label = if step > 0 {
            format!("Bring {} forward", record.kind.label())
        } else {
            format!("Send {} back", record.kind.label())
        };
        follow.push(Action::edit(
            Edit::Batch(vec![
                Edit::Annotation(Change::Remove(id.clone())),
                Edit::Annotation(Change::Add {
                    index: Some(target),
                    record,
                }),
            ]),
            label,
        ));
        follow
    }

    /// The tooltip of the annotation under the pointer.
    pub(in crate::ui) fn annotation_tooltip(
        &self,
        around: &Surroundings<'_>,
        index: usize,
    ) -> Option<String> {
        let record = around.project.annotations.get(index)?;
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

/// Brings the map to an annotation: a point as a regional view around it, a line or an area
/// framed whole.
fn frame_annotation(geometry: &AnnotationGeometry) -> Option<Action> {
    if let AnnotationGeometry::Point(point) = geometry {
        return Some(Action::FlyTo {
            lon: point.x(),
            lat: point.y(),
        });
    }
    let (mut w, mut s, mut e, mut n) = (180.0f64, 90.0f64, -180.0f64, -90.0f64);
    for c in &geometry.coordinates() {
        w = w.min(c.x);
        e = e.max(c.x);
        s = s.min(c.y);
        n = n.max(c.y);
    }
    if w > e {
        return None;
    }
    let pad_x = ((e - w) * 0.25).max(2.0);
    let pad_y = ((n - s) * 0.25).max(2.0);
    Some(Action::ShowArea(LonLatBox::new(
        (w - pad_x).max(-180.0),
        (s - pad_y).max(-89.0),
        (e + pad_x).min(180.0),
        (n + pad_y).min(89.0),
    )))
}
