//! What a docked panel is: it reads the three owners (and the map view's memory) and returns
//! actions, with its own state kept in the type.

use egui::Ui;

use super::actions::Action;
use super::annotate::AnnotateState;
use super::document::Document;
use super::forms::FormsState;
use super::map_memory::MapMemory;
use super::runtime::Runtime;
use super::view::View;

/// What the panels may read: the three owners, the map view's memory and whether a form is
/// open.
#[derive(Clone, Copy)]
pub struct Read<'a> {
    pub document: &'a Document,
    pub view: &'a View,
    pub runtime: &'a Runtime,
    pub map: &'a MapMemory,
    pub forms: &'a FormsState,
}

/// A panel along an edge of the window. It reads the owners and returns actions; its own
/// state (a tab, a scroll position) lives in the type itself.
pub trait Panel {
    /// The egui panel it is shown in: edge, id, size. `height` is the window's height, for
    /// panels that keep to a share of it.
    fn frame(&self, read: &Read<'_>, height: f32) -> egui::Panel;

    /// Whether it takes room now (a list with nothing in it does not).
    fn is_shown(&self, _read: &Read<'_>, _tools: &AnnotateState) -> bool {
        true
    }

    /// Its contents. `tools` is the annotation tools' state, shared with the map.
    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, tools: &mut AnnotateState) -> Vec<Action>;

    /// A new document was opened: forget what referred to the old one.
    fn document_replaced(&mut self) {}
}
