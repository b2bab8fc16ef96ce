//! Drawing and editing annotations on the map: the tools, the pointer gestures, the keyboard
//! shortcuts, the text field shown at an annotation and the toolbar.
//!
//! Every change reaches the document as one [`Action::Edit`], so it undoes in one step. A
//! gesture that takes many frames (a drag, a slider, typing) changes a *preview* of the
//! selected annotation, which the map draws in its place, and is written as one edit when the
//! gesture ends.

mod commands;
mod geometry;
mod gestures;
mod toolbar;

use std::borrow::Cow;

use crate::map::projection::Projection;
use crate::scene::text::LabelFont;

use crate::model::{
    Annotation, AnnotationGeometry, AnnotationId, AnnotationKind, AnnotationStyle, Project,
};

pub use super::actions::{AnnotationCommand, Tool};

/// What the annotation tools read of the window: the document, the map's projection and
/// font, and whether anything else holds the keyboard or the selection.
#[derive(Clone, Copy)]
pub struct Surroundings<'a> {
    pub project: &'a Project,
    pub projection: Projection,
    pub font: &'a LabelFont,
    /// Whether the annotations layer is shown.
    pub shown: bool,
    /// Whether a country or a story item is selected (selecting an annotation clears it).
    pub has_selection: bool,
    /// Whether a form or a question is open: its keys are its own.
    pub dialog_open: bool,
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
    /// The annotation just placed whose text is being typed: its first text joins the step
    /// that added it.
    fresh: Option<AnnotationId>,
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
            fresh: None,
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
