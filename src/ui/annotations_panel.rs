//! The list of annotations: kind and text, the topmost first; a click selects one and brings
//! the map to it.

use egui::{RichText, Ui};

use crate::model::Project;
use crate::model::settings::BaseLayers;

use super::actions::Action;
use super::annotate::{AnnotateState, AnnotationCommand, kind_title};
use super::inputs::surroundings;
use super::panel::{Panel, Read};

/// The annotation tools along the top of the map.
pub struct AnnotationToolbar;

impl Panel for AnnotationToolbar {
    fn frame(&self, _: &Read<'_>, _: f32) -> egui::Panel {
        egui::Panel::top("annotation_toolbar")
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, tools: &mut AnnotateState) -> Vec<Action> {
        let around = surroundings(read.document, read.view, read.runtime, read.forms);
        tools.annotation_toolbar(&around, ui)
    }
}

/// The list of annotations, beside the inspector once there are any.
pub struct AnnotationList;

impl Panel for AnnotationList {
    fn frame(&self, _: &Read<'_>, _: f32) -> egui::Panel {
        egui::Panel::right("annotations")
            .resizable(true)
            .default_size(200.0)
    }

    fn is_shown(&self, read: &Read<'_>, tools: &AnnotateState) -> bool {
        tools.show_list && !read.document.project().annotations.is_empty()
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, tools: &mut AnnotateState) -> Vec<Action> {
        annotations_panel(ui, read.document.project(), tools)
    }
}

/// How much of an annotation's text a row shows.
const ROW_TEXT: usize = 40;

/// The annotations panel's contents.
pub fn annotations_panel(ui: &mut Ui, project: &Project, state: &AnnotateState) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Your annotations");
    ui.add_space(4.0);
    if project.annotations.is_empty() {
        ui.label(
            RichText::new(
                "None yet. Pick a tool in the toolbar (N note, P pin, A arrow, L path, G area) \
                 and click on the map.",
            )
            .weak(),
        );
        return actions;
    }
    if !BaseLayers::from_view(&project.view).annotations {
        ui.label(RichText::new("Hidden: tick Annotations under Layers to see them.").weak());
    }
    ui.label(
        RichText::new("Topmost first. Click one to show it.")
            .weak()
            .small(),
    );
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for annotation in project.annotations.iter().rev() {
                let text = annotation.text.trim();
                let title = kind_title(annotation.kind);
                let row = if text.is_empty() {
                    format!("{title} ({})", annotation.id)
                } else {
                    format!("{title}: {}", shortened(text, ROW_TEXT))
                };
                let selected = state.selected.as_ref() == Some(&annotation.id);
                let response = ui
                    .selectable_label(selected, row)
                    .on_hover_text(if text.is_empty() { "(no text)" } else { text });
                if response.clicked() {
                    actions.push(Action::Annotation(AnnotationCommand::Show(
                        annotation.id.clone(),
                    )));
                }
            }
        });
    actions
}

/// The first `max` characters of a line of text, with an ellipsis when cut.
fn shortened(text: &str, max: usize) -> String {
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.chars().count() <= max && first_line.len() == text.len() {
        return first_line.to_owned();
    }
    let cut: String = first_line.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::shortened;

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(shortened("Kabul", 40), "Kabul");
        assert_eq!(shortened("abcdef", 3), "abc…");
        assert_eq!(shortened("one\ntwo", 40), "one…");
    }
}
