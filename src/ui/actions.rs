//! What panels ask the application to do.

use std::path::PathBuf;

use crate::map::basemap::Detail;
use crate::map::projection::Projection;
use crate::model::filter::Filter;
use crate::model::settings::BaseLayers;
use crate::model::{ActorId, Edit};
use crate::scene::story::Focus;

use super::annotate::AnnotationCommand;
use super::document::UnsavedAnswer;
pub use super::export_dialog::PictureAction;
use super::file_dialog::DialogPurpose;
use super::forms::FormRequest;

/// A base layer of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseLayerKind {
    Countries,
    Borders,
    Coastlines,
    Labels,
    Graticule,
    Story,
    Legend,
    Annotations,
}

impl BaseLayerKind {
    pub const ALL: [BaseLayerKind; 8] = [
        BaseLayerKind::Story,
        BaseLayerKind::Annotations,
        BaseLayerKind::Legend,
        BaseLayerKind::Countries,
        BaseLayerKind::Borders,
        BaseLayerKind::Coastlines,
        BaseLayerKind::Labels,
        BaseLayerKind::Graticule,
    ];

    /// The switch of this layer among the settings.
    pub fn flag(self, layers: &mut BaseLayers) -> &mut bool {
        match self {
            BaseLayerKind::Countries => &mut layers.countries,
            BaseLayerKind::Borders => &mut layers.borders,
            BaseLayerKind::Coastlines => &mut layers.coastlines,
            BaseLayerKind::Labels => &mut layers.labels,
            BaseLayerKind::Graticule => &mut layers.graticule,
            BaseLayerKind::Story => &mut layers.story,
            BaseLayerKind::Legend => &mut layers.legend,
            BaseLayerKind::Annotations => &mut layers.annotations,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BaseLayerKind::Countries => "Countries",
            BaseLayerKind::Borders => "Borders",
            BaseLayerKind::Coastlines => "Coastlines",
            BaseLayerKind::Labels => "Country names",
            BaseLayerKind::Graticule => "Graticule",
            BaseLayerKind::Story => "Actors, ties and events",
            BaseLayerKind::Legend => "Legend",
            BaseLayerKind::Annotations => "Annotations",
        }
    }
}

/// How the level of detail is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailMode {
    /// Chosen from the zoom.
    Auto,
    /// Always this level.
    Pinned(Detail),
}

/// A preset view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    World,
    AfghanistanAndNeighbours,
    EuropeToCentralAsia,
}

impl Region {
    pub const ALL: [Region; 3] = [
        Region::World,
        Region::AfghanistanAndNeighbours,
        Region::EuropeToCentralAsia,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Region::World => "World",
            Region::AfghanistanAndNeighbours => "Afghanistan and neighbours",
            Region::EuropeToCentralAsia => "Europe to Central Asia",
        }
    }

    /// `[west, south, east, north]`, or `None` for the whole world.
    pub fn bbox(self) -> Option<[f64; 4]> {
        match self {
            Region::World => None,
            Region::AfghanistanAndNeighbours => Some([50.0, 22.0, 82.0, 42.5]),
            Region::EuropeToCentralAsia => Some([-12.0, 20.0, 92.0, 62.0]),
        }
    }
}

/// What is selected: a country of the base map (by name, which survives changes of detail
/// level), or an item of the story.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    Country(String),
    Story(Focus),
}

/// A change the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SetProjection(Projection),
    SetDetailMode(DetailMode),
    SetBaseLayer(BaseLayerKind, bool),
    SetLayerVisible(usize, bool),
    RemoveLayer(usize),
    ZoomToLayer(usize),
    /// Load a GeoJSON file as a new layer.
    AddLayer(PathBuf),
    /// Open a file given on the command line or dropped on the window: a Faultline project
    /// replaces the open one, any other GeoJSON becomes a layer.
    OpenPath(PathBuf),
    /// Ask for a GeoJSON file with the system dialog (or the path field when there is none).
    PickLayerFile,
    /// Show the in-app path field, for a file to add, open or save to.
    ShowPathField(DialogPurpose),
    /// A file was picked in the dialog or typed in the path field.
    FileChosen(DialogPurpose, PathBuf),
    /// Start an empty project (asking first about unsaved changes).
    NewProject,
    /// Ask for a project to open.
    PickProjectFile,
    /// Open a file of the recent list.
    OpenRecent(PathBuf),
    /// Save to the document's file, or ask where if it has none.
    Save,
    /// Ask where to save the project.
    PickSaveAs,
    /// Save the project to this file, which the document belongs to from then on.
    SaveAs(PathBuf),
    /// Close the project (asking first about unsaved changes).
    CloseProject,
    /// The answer to "save the changes?".
    AnswerUnsaved(UnsavedAnswer),
    /// Restore (true) or discard (false) the unsaved work a previous session left.
    AnswerRecovery(bool),
    /// Open a form to add, edit or delete a story record.
    OpenForm(FormRequest),
    /// Edit (Some) or close (None) the in-app path field.
    SetPathField(Option<String>),
    ShowRegion(Region),
    FitSelection,
    /// Select a country or an item of the story, or clear the selection.
    Select(Option<Selection>),
    /// Zoom around the centre of the map.
    ZoomBy(f64),
    /// Zoom around a point of the map view (pixels from its top-left corner).
    ZoomAt(f64, [f64; 2]),
    DismissMessage(usize),
    /// The text of the search box.
    SetSearchText(String),
    /// Show only what passes this filter (actor kinds, statuses, grade, time, text).
    SetFilter(Filter),
    /// Centre the map on a place, zooming in to a regional view if further out.
    FlyTo {
        lon: f64,
        lat: f64,
    },
    /// Highlight the shortest chain of ties between two actors (None clears it).
    ShowPath(Option<(ActorId, ActorId)>),
    /// Change the document, as one undoable step described by `label` ("Move note").
    Edit {
        edit: Edit,
        label: String,
    },
    Undo,
    Redo,
    Quit,
    /// Annotation tools, selection, order and deletion (see [`AnnotationCommand`]).
    Annotation(AnnotationCommand),
    /// Picture export, copy to clipboard and presentation mode (see [`PictureAction`]).
    Picture(PictureAction),
}

impl Action {
    /// A change to the document as one undoable step.
    pub fn edit(edit: Edit, label: impl Into<String>) -> Action {
        Action::Edit {
            edit,
            label: label.into(),
        }
    }
}
