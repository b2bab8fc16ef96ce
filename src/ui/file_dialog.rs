//! Asking for a file without freezing the window: the system dialog runs on a worker thread
//! (it blocks until the person answers), and when no dialog is available the app offers its
//! own path field instead.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::render::PictureFormat;

/// A dialog that answers `None` this quickly was never shown: no desktop portal and no zenity.
const UNAVAILABLE_WITHIN: Duration = Duration::from_millis(400);

/// What a file is asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    /// A GeoJSON file to show as a layer.
    AddLayer,
    /// A project (or any GeoJSON file) to open.
    OpenProject,
    /// Where to save the project; the suggested file name.
    SaveProjectAs(String),
    /// Where to write a picture of the map, and how.
    ExportPicture {
        format: PictureFormat,
        size: [u32; 2],
        file_name: String,
    },
    /// A table of events to import.
    ImportEvents,
    /// An article to draft a story from.
    OpenArticle,
    /// Where to write the project as KML (or KMZ); the suggested file name.
    ExportKml(String),
    /// Where to write a dataset's rows as CSV.
    ExportEventRows {
        dataset: String,
        rows: std::sync::Arc<Vec<u32>>,
        file_name: String,
    },
}

impl DialogPurpose {
    /// The dialog's title.
    pub fn title(&self) -> &'static str {
        match self {
            DialogPurpose::AddLayer => "Add layer",
            DialogPurpose::OpenProject => "Open project",
            DialogPurpose::SaveProjectAs(_) => "Save project as",
            DialogPurpose::ExportPicture { .. } => "Export picture",
            DialogPurpose::ExportEventRows { .. } => "Export events as CSV",
            DialogPurpose::ImportEvents => "Import events",
            DialogPurpose::OpenArticle => "Draft from article",
            DialogPurpose::ExportKml(_) => "Export as KML",
        }
    }

    /// The label of the in-app path field offered instead of the dialog.
    pub fn field_label(&self) -> &'static str {
        match self {
            DialogPurpose::AddLayer => "Layer file path (GeoJSON, KML, KMZ, .shp, .zip, .gpkg):",
            DialogPurpose::OpenProject => "Project file to open:",
            DialogPurpose::SaveProjectAs(_) => "Save the project as:",
            DialogPurpose::ExportPicture { .. } => "Save the picture as:",
            DialogPurpose::ExportEventRows { .. } => "Save the events as:",
            DialogPurpose::ImportEvents => "Table of events to import:",
            DialogPurpose::OpenArticle => "Article to draft from (text, HTML, Markdown):",
            DialogPurpose::ExportKml(_) => "Save the KML file as:",
        }
    }

    /// The button that acts on the typed path.
    pub fn confirm_label(&self) -> &'static str {
        match self {
            DialogPurpose::AddLayer => "Add layer",
            DialogPurpose::OpenProject => "Open",
            DialogPurpose::SaveProjectAs(_) => "Save",
            DialogPurpose::ExportPicture { .. }
            | DialogPurpose::ExportEventRows { .. }
            | DialogPurpose::ExportKml(_) => "Export",
            DialogPurpose::ImportEvents => "Import",
            DialogPurpose::OpenArticle => "Draft",
        }
    }
}

/// What became of a pending dialog.
#[derive(Debug, PartialEq, Eq)]
pub enum DialogOutcome {
    Picked(PathBuf),
    Cancelled,
    /// No native dialog exists on this desktop.
    Unavailable,
}

/// A file dialog that may be open on a worker thread.
#[derive(Default)]
pub struct FileDialog {
    pending: Option<(DialogPurpose, Receiver<Option<PathBuf>>, Instant)>,
}

impl FileDialog {
    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Opens the system dialog on a worker thread; `wake` is called when it closes so the
    /// window can repaint. One dialog at a time: a second request while one is open is ignored.
    pub fn open(
        &mut self,
        purpose: DialogPurpose,
        wake: impl Fn() + Send + 'static,
    ) -> Result<(), String> {
        if self.pending.is_some() {
            return Ok(());
        }
        let (sender, receiver) = mpsc::channel();
        let asked = purpose.clone();
        std::thread::Builder::new()
            .name("faultline-file-dialog".into())
            .spawn(move || {
                let dialog = rfd::FileDialog::new().set_title(asked.title());
                let picked = match &asked {
                    DialogPurpose::AddLayer | DialogPurpose::OpenProject => dialog
                        .add_filter(
                            "Map layers",
                            &["geojson", "json", "kml", "kmz", "shp", "zip", "gpkg"],
                        )
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    DialogPurpose::OpenArticle => dialog
                        .add_filter("Articles", &["txt", "html", "htm", "md", "markdown"])
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    DialogPurpose::ImportEvents => dialog
                        .add_filter("Event tables", &["csv", "tsv", "txt", "zip", "CSV"])
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    DialogPurpose::SaveProjectAs(name) => dialog
                        .add_filter("Faultline project (GeoJSON)", &["geojson"])
                        .set_file_name(name)
                        .save_file(),
                    DialogPurpose::ExportPicture {
                        format, file_name, ..
                    } => dialog
                        .add_filter(format.label(), &[format.extension()])
                        .set_file_name(file_name)
                        .save_file(),
                    DialogPurpose::ExportEventRows { file_name, .. } => dialog
                        .add_filter("CSV", &["csv"])
                        .set_file_name(file_name)
                        .save_file(),
                    DialogPurpose::ExportKml(file_name) => dialog
                        .add_filter("KML (Google Earth)", &["kml", "kmz"])
                        .set_file_name(file_name)
                        .save_file(),
                };
                // The window may have closed meanwhile; nothing is lost then.
                let _ = sender.send(picked);
                wake();
            })
            .map_err(|e| format!("could not open the file dialog: {e}"))?;
        self.pending = Some((purpose, receiver, Instant::now()));
        Ok(())
    }

    /// Checks whether the dialog has closed, and what it was for.
    pub fn poll(&mut self) -> Option<(DialogPurpose, DialogOutcome)> {
        let (_, receiver, opened) = self.pending.as_ref()?;
        let outcome = match receiver.try_recv() {
            Ok(Some(path)) => DialogOutcome::Picked(path),
            Ok(None) if opened.elapsed() < UNAVAILABLE_WITHIN => DialogOutcome::Unavailable,
            Ok(None) => DialogOutcome::Cancelled,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => DialogOutcome::Unavailable,
        };
        let (purpose, _, _) = self.pending.take()?;
        Some((purpose, outcome))
    }
}
