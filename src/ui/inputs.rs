//! What the scene and the annotation tools are built from, taken from the three owners in one
//! place: the window's map and every picture of the view read the same inputs.

use crate::model::Project;
use crate::model::furniture::Furniture;
use crate::model::settings::BorderView;
use crate::scene::BaseLayers;
use crate::scene::compose::{Framing, LayerInput, Picture, SceneInputs, ViewInputs};
use crate::scene::events::DatasetInput;

use super::annotate;
use super::document::Document;
use super::forms::FormsState;
use super::runtime::Runtime;
use super::view::View;

/// What the view contributes to a scene framed as `framing`: the one mapping from the view's
/// state to scene inputs, for the window's map and for pictures alike.
pub fn view_inputs(view: &View, framing: Framing) -> ViewInputs<'_> {
    ViewInputs {
        projection: view.projection(),
        pinned_detail: view.pinned_detail(),
        framing,
        selected_country: view.selected_country(),
        focus: view.focus(),
        visible: Some(view.visible()),
        path: view.path_relationships(),
        legend_collapsed: false,
    }
}

/// Everything a scene of the document is built from.
pub fn scene_inputs<'a>(
    runtime: &'a Runtime,
    view: ViewInputs<'a>,
    picture: Picture,
    layers: &'a [LayerInput<'a>],
    datasets: &'a [DatasetInput<'a>],
    project: &'a Project,
    furniture: &'a Furniture,
) -> SceneInputs<'a> {
    SceneInputs {
        project: Some(project),
        project_title: &project.title,
        base_layers: BaseLayers::from_view(&project.view),
        border_view: BorderView::from_view(&project.view),
        furniture: Some(furniture),
        layers,
        datasets,
        view,
        picture,
        style: runtime.style(),
        font: runtime.font(),
        background: None,
    }
}

/// What the annotation tools read of the window.
pub fn surroundings<'a>(
    document: &'a Document,
    view: &View,
    runtime: &'a Runtime,
    forms: &FormsState,
) -> annotate::Surroundings<'a> {
    annotate::Surroundings {
        project: document.project(),
        projection: view.projection(),
        font: runtime.font(),
        shown: BaseLayers::from_view(&document.project().view).annotations,
        has_selection: view.selection().is_some(),
        dialog_open: forms.is_open()
            || document.prompt().is_some()
            || document.recovery_offer().is_some(),
    }
}
