//! What panels ask the application to do: the one vocabulary between the panels, which only
//! read, and the application, which applies. A leaf: it imports no panel.

use std::path::PathBuf;

use egui::Key;

use crate::map::basemap::Detail;
use crate::map::camera::{Camera, LonLatBox};
use crate::map::projection::Projection;
use crate::model::filter::Filter;
use crate::model::settings::BaseLayers;
use crate::model::{
    ActorId, AnnotationId, AnnotationKind, Edit, EventId, RelationshipId, SourceId,
};
use crate::render::PictureFormat;
use crate::scene::story::Focus;

use super::file_dialog::DialogPurpose;

/// A base layer of the map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaseLayerKind {
    Countries,
    Borders,
    Coastlines,
    Labels,
    Cities,
    Graticule,
    Story,
    Legend,
    Annotations,
}

impl BaseLayerKind {
    pub const ALL: [BaseLayerKind; 9] = [
        BaseLayerKind::Story,
        BaseLayerKind::Annotations,
        BaseLayerKind::Legend,
        BaseLayerKind::Countries,
        BaseLayerKind::Borders,
        BaseLayerKind::Coastlines,
        BaseLayerKind::Labels,
        BaseLayerKind::Cities,
        BaseLayerKind::Graticule,
    ];

    /// The switch of this layer among the settings.
    pub fn flag(self, layers: &mut BaseLayers) -> &mut bool {
        match self {
            BaseLayerKind::Countries => &mut layers.countries,
            BaseLayerKind::Borders => &mut layers.borders,
            BaseLayerKind::Coastlines => &mut layers.coastlines,
            BaseLayerKind::Labels => &mut layers.labels,
            BaseLayerKind::Cities => &mut layers.cities,
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
            BaseLayerKind::Cities => "Cities",
            BaseLayerKind::Graticule => "Graticule",
            BaseLayerKind::Story => "Actors, ties and events",
            BaseLayerKind::Legend => "Legend",
            BaseLayerKind::Annotations => "Annotations",
        }
    }
}

/// How the level of detail is chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DetailMode {
    /// Chosen from the zoom.
    #[default]
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

    /// The area shown, or `None` for the whole world.
    pub fn bbox(self) -> Option<LonLatBox> {
        match self {
            Region::World => None,
            Region::AfghanistanAndNeighbours => Some(LonLatBox::new(50.0, 22.0, 82.0, 42.5)),
            Region::EuropeToCentralAsia => Some(LonLatBox::new(-12.0, 20.0, 92.0, 62.0)),
        }
    }
}

/// What is selected: a country of the base map (by name, which survives changes of detail
/// level), or an item of the story.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Selection {
    Country(String),
    Story(Focus),
    /// An event of a dataset: the dataset's id and the event's row.
    DatasetEvent {
        dataset: String,
        row: usize,
    },
    /// A feature of a user layer: the layer's place in the document's list and the feature's.
    LayerFeature {
        layer: usize,
        feature: usize,
    },
}

/// A change the user asked for. Panels return these; the application applies them once per
/// frame, in order.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The map view moved (pan, zoom, resize): its new camera.
    SetCamera(Camera),
    /// Ask for a table of events to import (File → Import events…).
    ImportEvents,
    /// Open the article drafting dialog (Story → Draft from article…).
    DraftFromArticle,
    /// Ask for an article file to draft from.
    PickArticleFile,
    /// What the datasets' events must pass.
    SetEventFilter(crate::events::filter::EventFilter),
    /// Draw the datasets as clusters or as a density grid.
    SetDatasetMode(crate::scene::events::DatasetMode),
    SetDatasetVisible {
        dataset: String,
        visible: bool,
    },
    /// Make a dataset's event an event of the story (one undoable step).
    PromoteDatasetEvent {
        dataset: String,
        row: usize,
    },
    /// Make a dataset's actor pair a reported tie of the story, adding either side that the
    /// story lacks (one undoable step).
    PromoteActorPair {
        dataset: String,
        pair: crate::events::pairs::ActorPair,
    },
    /// Write these rows of a dataset (in this order) to a CSV file the user picks.
    ExportEventRows {
        dataset: String,
        rows: std::sync::Arc<Vec<u32>>,
    },
    /// Frame this area.
    ShowArea(LonLatBox),
    SetProjection(Projection),
    SetDetailMode(DetailMode),
    SetBaseLayer(BaseLayerKind, bool),
    SetLayerVisible(usize, bool),
    RemoveLayer(usize),
    ZoomToLayer(usize),
    /// Open the attribute table of the user layer at this index.
    ShowLayerTable(usize),
    /// Load a GeoJSON file as a new layer.
    AddLayer(PathBuf),
    /// Open a file given on the command line or dropped on the window: a Faultline project
    /// replaces the open one, any other GeoJSON becomes a layer.
    OpenPath(PathBuf),
    /// Ask for a GeoJSON file with the system dialog (or the path field when there is none).
    PickLayerFile,
    /// Ask where to write the project as KML for Google Earth.
    PickKmlExport,
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
    /// An edit that completes the last step rather than making one (the text typed into a
    /// note just placed).
    EditJoined {
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

/// A drawing tool, or the selection tool that moves and reshapes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tool {
    #[default]
    Select,
    Note,
    Pin,
    Arrow,
    Path,
    Area,
}

impl Tool {
    pub const ALL: [Tool; 6] = [
        Tool::Select,
        Tool::Note,
        Tool::Pin,
        Tool::Arrow,
        Tool::Path,
        Tool::Area,
    ];

    /// The toolbar button's text.
    pub fn label(self) -> &'static str {
        match self {
            Tool::Select => "Select",
            Tool::Note => "Note",
            Tool::Pin => "Pin",
            Tool::Arrow => "Arrow",
            Tool::Path => "Path",
            Tool::Area => "Area",
        }
    }

    /// The key that picks the tool (Esc goes back to Select).
    pub fn key(self) -> Key {
        match self {
            Tool::Select => Key::Escape,
            Tool::Note => Key::N,
            Tool::Pin => Key::P,
            Tool::Arrow => Key::A,
            Tool::Path => Key::L,
            Tool::Area => Key::G,
        }
    }

    /// What the tool makes.
    pub fn kind(self) -> Option<AnnotationKind> {
        match self {
            Tool::Select => None,
            Tool::Note => Some(AnnotationKind::TextNote),
            Tool::Pin => Some(AnnotationKind::Pin),
            Tool::Arrow => Some(AnnotationKind::Arrow),
            Tool::Path => Some(AnnotationKind::Path),
            Tool::Area => Some(AnnotationKind::Area),
        }
    }

    /// How to use the tool, shown in the toolbar while it is active.
    pub fn hint(self) -> &'static str {
        match self {
            Tool::Select => {
                "Click an annotation to select it; drag it or its handles; double-click: text."
            }
            Tool::Note => "Click the place the note points to, then type the note.",
            Tool::Pin => "Click to place a pin, then type its label.",
            Tool::Arrow => "Drag from tail to tip, or click the tail and then the tip.",
            Tool::Path => {
                "Click point by point, Enter or double-click to finish; or drag freehand."
            }
            Tool::Area => "Click the corners; Enter, double-click or the first corner finishes.",
        }
    }
}

/// What the annotation controls ask the application to do; document changes go as
/// [`Action::Edit`].
#[derive(Clone, Debug, PartialEq)]
pub enum AnnotationCommand {
    SetTool(Tool),
    /// Select an annotation (clearing any other selection), or none.
    Select(Option<AnnotationId>),
    /// Select an annotation and bring the map to it.
    Show(AnnotationId),
    /// Open the text field at an annotation.
    EditText(AnnotationId),
    /// One step later in the drawing order (drawn over the next one).
    BringForward(AnnotationId),
    /// One step earlier in the drawing order.
    SendBack(AnnotationId),
    Delete(AnnotationId),
}

/// A story record, by kind and id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordRef {
    Actor(ActorId),
    Relationship(RelationshipId),
    Event(EventId),
    Source(SourceId),
}

/// The kinds of record the forms add, edit and delete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordKind {
    Actor,
    Relationship,
    Event,
    Source,
}

/// What a panel asks the forms to open.
#[derive(Clone, Debug, PartialEq)]
pub enum FormRequest {
    New(RecordKind),
    Edit(RecordRef),
    Delete(RecordRef),
}

/// The answer to "save the changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    Discard,
    Cancel,
}

/// What the picture features of the window are asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PictureAction {
    /// Open or close the Export picture dialog.
    ShowDialog(bool),
    SetFormat(PictureFormat),
    SetSize(SizeChoice),
    /// Ask for the output file with the system dialog (or the in-app path field).
    PickPath,
    /// Edit (Some) or close (None) the in-app path field.
    SetPathField(Option<String>),
    /// Write the picture of the current view to a file.
    Export {
        path: PathBuf,
        format: PictureFormat,
        size: [u32; 2],
    },
    /// Put the picture of the current view on the clipboard.
    CopyToClipboard,
    /// Enter or leave presentation mode (the map and its furniture fill the window).
    Present(bool),
}

/// The picture sizes offered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SizeChoice {
    /// The map view's size on screen, in physical pixels.
    Window,
    FullHd,
    UltraHd,
    /// A4 landscape at 300 dpi.
    A4Landscape,
    Custom,
}

impl SizeChoice {
    pub const ALL: [SizeChoice; 5] = [
        SizeChoice::Window,
        SizeChoice::FullHd,
        SizeChoice::UltraHd,
        SizeChoice::A4Landscape,
        SizeChoice::Custom,
    ];

    /// The size of a preset; `None` for the window's and a custom size.
    pub fn fixed(self) -> Option<[u32; 2]> {
        match self {
            SizeChoice::FullHd => Some([1920, 1080]),
            SizeChoice::UltraHd => Some([3840, 2160]),
            SizeChoice::A4Landscape => Some([3508, 2480]),
            SizeChoice::Window | SizeChoice::Custom => None,
        }
    }

    /// The radio button's text.
    pub fn label(self, window: [u32; 2]) -> String {
        match self {
            SizeChoice::Window => format!("The window ({}×{})", window[0], window[1]),
            SizeChoice::FullHd => "Full HD (1920×1080)".into(),
            SizeChoice::UltraHd => "4K (3840×2160)".into(),
            SizeChoice::A4Landscape => "A4 landscape, 300 dpi (3508×2480)".into(),
            SizeChoice::Custom => "Custom size".into(),
        }
    }
}
