//! The panels docked around the map, as one list: a new panel is one file with a type that
//! implements [`Panel`], plus one entry in [`panels`] (as egui's demo app lists its demos).

use egui::Ui;

use super::actions::Action;
use super::annotate::AnnotateState;
use super::annotations_panel::{AnnotationList, AnnotationToolbar};
use super::panel::{Panel, Read};
use super::panels::{AnalysisPanel, Inspector, LayersPanel, MenuBar, MessageBar, StatusBar};

/// Every docked panel, in the order egui lays them out: top edge first, then bottom, left and
/// right; the map fills what is left.
pub fn panels() -> Vec<Box<dyn Panel>> {
    vec![
        Box::new(MenuBar),
        Box::new(AnnotationToolbar),
        Box::new(StatusBar),
        Box::new(MessageBar),
        Box::new(AnalysisPanel::default()),
        Box::new(LayersPanel),
        Box::new(Inspector),
        Box::new(AnnotationList),
    ]
}

/// Shows the docked panels and collects what they ask for.
pub fn show_panels(
    ui: &mut Ui,
    panels: &mut [Box<dyn Panel>],
    read: &Read<'_>,
    tools: &mut AnnotateState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let height = ui.available_height();
    for panel in panels.iter_mut() {
        if panel.is_shown(read, tools) {
            panel
                .frame(read, height)
                .show(ui, |ui| actions.extend(panel.contents(ui, read, tools)));
        }
    }
    actions
}
