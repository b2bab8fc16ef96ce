//! Undo and redo: two stacks of inverse edits, and where the saved state sits among them so
//! the window knows whether there are unsaved changes.

use crate::model::{Edit, EditError, Project};

/// How many steps are kept; older ones are dropped first.
const MAX_STEPS: usize = 500;

/// One step of the history: the edit that takes the document back (or forward), and what
/// the step was, as the Edit menu names it.
#[derive(Debug)]
struct Step {
    edit: Edit,
    label: String,
}

/// The undo and redo stacks of one document.
#[derive(Debug, Default)]
pub struct History {
    /// Inverses of the edits applied, newest last.
    undo: Vec<Step>,
    /// Inverses of the edits undone, newest last.
    redo: Vec<Step>,
    /// The depth of the undo stack when the document was last saved (or opened); `None` when
    /// that state can no longer be reached by undo or redo.
    saved_depth: Option<usize>,
}

impl History {
    /// A history whose current state is the saved one.
    pub fn new() -> History {
        History {
            saved_depth: Some(0),
            ..History::default()
        }
    }

    /// Applies `edit` to the project and records it as one undoable step.
    pub fn apply(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
    ) -> Result<(), EditError> {
        let inverse = edit.apply(project)?;
        if self
            .saved_depth
            .is_some_and(|depth| depth > self.undo.len())
        {
            // The saved state was in the redo stack, which this edit discards.
            self.saved_depth = None;
        }
        self.redo.clear();
        self.undo.push(Step {
            edit: inverse,
            label: label.into(),
        });
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
            self.saved_depth = self.saved_depth.and_then(|depth| depth.checked_sub(1));
        }
        Ok(())
    }

    /// Applies `edit` as part of the last step (a note's first text belongs to adding the
    /// note: one undo takes both away). When the last step cannot be extended (none, or the
    /// document was saved or undone since), it becomes a step of its own named `label`.
    pub fn apply_joined(
        &mut self,
        project: &mut Project,
        edit: Edit,
        label: impl Into<String>,
    ) -> Result<(), EditError> {
        let joinable = self.redo.is_empty() && self.saved_depth != Some(self.undo.len());
        match self.undo.pop() {
            Some(last) if joinable => {
                let inverse = edit.apply(project)?;
                // Undo takes back the later edit first, then the earlier one.
                self.undo.push(Step {
                    edit: Edit::Batch(vec![inverse, last.edit]),
                    label: last.label,
                });
                Ok(())
            }
            last => {
                self.undo.extend(last);
                self.apply(project, edit, label)
            }
        }
    }

    /// Undoes the last step; `Ok(None)` when there is nothing to undo, else its description.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        move_step(&mut self.undo, &mut self.redo, project)
    }

    /// Redoes the last undone step; `Ok(None)` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, EditError> {
        move_step(&mut self.redo, &mut self.undo, project)
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|step| step.label.as_str())
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|step| step.label.as_str())
    }

    /// Records that the document as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_depth = Some(self.undo.len());
    }

    /// Whether the document differs from the last saved (or opened) state.
    pub fn is_dirty(&self) -> bool {
        self.saved_depth != Some(self.undo.len())
    }

    /// Marks the document as changed without a step to undo (e.g. restored from a recovery file).
    pub fn mark_unsaved(&mut self) {
        self.saved_depth = None;
    }
}

/// Applies the newest step of `from` and pushes its inverse onto `to`.
fn move_step(
    from: &mut Vec<Step>,
    to: &mut Vec<Step>,
    project: &mut Project,
) -> Result<Option<String>, EditError> {
    let Some(step) = from.pop() else {
        return Ok(None);
    };
    match step.edit.clone().apply(project) {
        Ok(inverse) => {
            let label = step.label.clone();
            to.push(Step {
                edit: inverse,
                label: step.label,
            });
            Ok(Some(label))
        }
        Err(error) => {
            // Cannot happen for exact inverses; keep the step so nothing is silently lost.
            from.push(step);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titled(title: &str) -> Edit {
        Edit::SetTitle(title.into())
    }

    #[test]
    fn undo_and_redo_walk_back_and_forth_and_track_the_saved_state() {
        let mut project = Project::new("A");
        let mut history = History::new();
        assert!(!history.is_dirty());
        history.apply(&mut project, titled("B"), "Rename").unwrap();
        history.apply(&mut project, titled("C"), "Rename").unwrap();
        assert!(history.is_dirty());
        history.mark_saved();
        assert!(!history.is_dirty());
        assert_eq!(
            history.undo(&mut project).unwrap().as_deref(),
            Some("Rename")
        );
        assert_eq!(project.title, "B");
        assert!(history.is_dirty());
        history.redo(&mut project).unwrap();
        assert_eq!(project.title, "C");
        assert!(!history.is_dirty());
        history.undo(&mut project).unwrap();
        history.undo(&mut project).unwrap();
        assert_eq!(project.title, "A");
        assert_eq!(history.undo(&mut project).unwrap(), None);
        // A new edit after undoing past the save makes the saved state unreachable.
        history.apply(&mut project, titled("D"), "Rename").unwrap();
        assert_eq!(history.redo(&mut project).unwrap(), None);
        history.undo(&mut project).unwrap();
        assert!(history.is_dirty(), "{project:?}");
    }

    #[test]
    fn a_refused_edit_leaves_no_step() {
        let mut project = Project::new("A");
        let mut history = History::new();
        let missing = Edit::Actor(crate::model::Change::Remove("nobody".into()));
        assert!(history.apply(&mut project, missing, "Delete").is_err());
        assert_eq!(history.undo_label(), None);
        assert!(!history.is_dirty());
    }
}
