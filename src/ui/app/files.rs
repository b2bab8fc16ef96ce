//! Commands on files: New, Open, Save, Save As, Close, recent files, the unsaved-changes
//! question, recovery, the file dialog and the user's layers.

use std::path::{Path, PathBuf};

use crate::map::camera::LonLatBox;
use crate::model::settings::UserLayerEntry;
use crate::model::{Edit, Project, file};

use super::super::actions::{Action, PictureAction, UnsavedAnswer};
use super::super::document::{AfterUnsaved, remove_recovery_file, with_project_extension};
use super::super::file_dialog::{DialogOutcome, DialogPurpose};
use super::super::message::Message;
use super::FaultlineApp;

impl FaultlineApp {
    /// Does `then` now, or first asks whether to save the unsaved changes.
    pub(super) fn unless_unsaved(&mut self, then: AfterUnsaved) {
        if self.document.is_dirty() {
            self.document.ask(then);
        } else {
            self.proceed(then);
        }
    }

    pub(super) fn answer_unsaved(&mut self, answer: UnsavedAnswer) {
        let Some(then) = self.document.take_prompt() else {
            return;
        };
        match answer {
            UnsavedAnswer::Cancel => {}
            UnsavedAnswer::Discard => self.proceed(then),
            UnsavedAnswer::Save => match self.document.path().map(Path::to_path_buf) {
                Some(path) => {
                    if self.save_to(&path) {
                        self.proceed(then);
                    }
                }
                None => {
                    self.document.set_after_save(Some(then));
                    let name = self.document.suggested_file_name();
                    self.pick_file(DialogPurpose::SaveProjectAs(name));
                }
            },
        }
    }

    /// Carries out what the unsaved-changes question was holding back.
    fn proceed(&mut self, then: AfterUnsaved) {
        match then {
            AfterUnsaved::New | AfterUnsaved::Close => {
                self.document.remove_recovery();
                self.replace_project(Project::new("Untitled"), None);
            }
            AfterUnsaved::Open(path) => match file::load_project(&path) {
                Ok(project) => self.open_project(project, &path),
                // The open project stays as it was.
                Err(error) => self.runtime.say(Message::error(format!(
                    "Could not open the project: {error}"
                ))),
            },
            AfterUnsaved::Quit => {
                self.document.remove_recovery();
                self.document.confirm_close();
                self.runtime.request_quit();
            }
        }
    }

    /// Puts a new document in place of the open one, resetting what referred to the old one.
    fn replace_project(&mut self, project: Project, path: Option<PathBuf>) {
        self.document.replace(project, path);
        self.view.document_replaced(self.document.project());
        for panel in &mut self.panels {
            panel.document_replaced();
        }
        self.layer_table.document_replaced();
        self.document_changed();
        self.view.show_saved(self.document.project());
    }

    /// Puts a project read from `path` in place of the open document.
    fn open_project(&mut self, project: Project, path: &Path) {
        self.document.remove_recovery();
        self.runtime.say(Message::note(format!(
            "Opened the project “{}” from {}.",
            project.title,
            path.display()
        )));
        // The path with the project: its layers are read relative to it.
        self.replace_project(project, Some(path.to_path_buf()));
        self.document.remember(path);
    }

    /// Opens a file given on the command line, dropped or picked: a Faultline project replaces
    /// the open one, any other file becomes a layer.
    pub(super) fn open_path(&mut self, path: PathBuf) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.runtime.say(Message::error(format!(
                    "Could not open {}: {error}",
                    path.display()
                )));
                return;
            }
        };
        // Tables of events (and zipped ones, as GDELT ships) are imported, not layered.
        let kind =
            crate::map::layer_file::LayerFileKind::of(&bytes[..bytes.len().min(64 * 1024)], &path);
        let zipped_table = kind == crate::map::layer_file::LayerFileKind::Zip
            && path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().to_lowercase().contains(".csv"));
        if kind == crate::map::layer_file::LayerFileKind::Table || zipped_table {
            self.start_import(path);
            return;
        }
        // A cheap look for the project member first spares parsing big files twice.
        let marker: &[u8] = b"\"faultline\"";
        if !bytes.windows(marker.len()).any(|w| w == marker) {
            self.add_layer(path);
            return;
        }
        // Broken JSON that names the project member is a damaged project, not a layer.
        let damaged_project = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).is_err();
        if self.document.is_dirty() {
            // Read again once the question is answered: the file may change meanwhile.
            if damaged_project || file::is_project_document(&bytes) {
                self.unless_unsaved(AfterUnsaved::Open(path));
            } else {
                self.add_layer(path);
            }
            return;
        }
        match file::parse_project(&bytes, &path.display().to_string()) {
            Ok(project) => self.open_project(project, &path),
            Err(_) if !damaged_project && !file::is_project_document(&bytes) => {
                self.add_layer(path)
            }
            // The open project stays as it was, and the message says which one that is.
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not open the project: {error}. Still open: “{}”.",
                self.document.name()
            ))),
        }
    }

    /// Saves to the document's file, or asks where when it has none.
    pub(super) fn save(&mut self) {
        match self.document.path().map(Path::to_path_buf) {
            Some(path) => {
                self.save_to(&path);
            }
            None => {
                let name = self.document.suggested_file_name();
                self.pick_file(DialogPurpose::SaveProjectAs(name));
            }
        }
    }

    /// Saves to `path`; on success the document belongs to that file from now on.
    pub(super) fn save_as(&mut self, path: PathBuf) {
        let path = with_project_extension(path);
        if self.save_to(&path)
            && let Some(then) = self.document.take_after_save()
        {
            self.proceed(then);
        }
    }

    /// Saves with the view it is looking at; returns whether it was saved.
    fn save_to(&mut self, path: &Path) -> bool {
        match self.document.save_to(path, &self.view.map_view()) {
            Ok(()) => {
                self.runtime
                    .say(Message::note(format!("Saved to {}.", path.display())));
                // The datasets' tables are kept beside the project, once per place.
                self.write_dataset_caches();
                true
            }
            Err(error) => {
                // The work stays in the window, unsaved and marked so.
                self.document.set_after_save(None);
                self.runtime
                    .say(Message::error(format!("Could not save: {error}")));
                false
            }
        }
    }

    /// Opens the system dialog (or the path field where there is none).
    pub(in crate::ui) fn pick_file(&mut self, purpose: DialogPurpose) {
        self.runtime.open_dialog(purpose);
    }

    /// Shows the in-app path field for `purpose`.
    pub(super) fn show_path_field(&mut self, purpose: DialogPurpose) {
        let text = match (&purpose, self.document.path()) {
            (DialogPurpose::SaveProjectAs(_), Some(path)) => path.display().to_string(),
            _ => String::new(),
        };
        self.runtime.show_path_field(purpose, text);
    }

    /// Acts on a file picked in the dialog or typed in the path field.
    pub(super) fn file_chosen(&mut self, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::AddLayer => self.add_layer(path),
            DialogPurpose::OpenProject => self.open_path(path),
            DialogPurpose::SaveProjectAs(_) => self.save_as(path),
            DialogPurpose::ExportPicture { format, size, .. } => {
                self.apply_picture(PictureAction::Export { path, format, size });
            }
            DialogPurpose::ImportEvents => self.start_import(path),
            DialogPurpose::OpenArticle => {
                if let Err(problem) = self.draft.open_file(&path) {
                    self.runtime.say(Message::error(problem));
                }
            }
            DialogPurpose::ExportEventRows { dataset, rows, .. } => {
                self.export_event_rows(&dataset, &rows, &path);
            }
            DialogPurpose::ExportKml(_) => self.export_kml(&path),
        }
    }

    pub(super) fn poll_file_dialog(&mut self) {
        match self.runtime.poll_dialog() {
            Some((purpose, DialogOutcome::Picked(path))) => self.file_chosen(purpose, path),
            Some((DialogPurpose::ExportPicture { format, .. }, DialogOutcome::Unavailable)) => {
                // The Export picture window has its own path field.
                self.export_path_unavailable(format);
            }
            Some((purpose, DialogOutcome::Unavailable)) => {
                self.runtime.say(Message::note(
                    "No system file dialog is available on this desktop: type the file's path below (files can also be dropped on the window or given on the command line).",
                ));
                self.show_path_field(purpose);
            }
            Some((DialogPurpose::SaveProjectAs(_), DialogOutcome::Cancelled)) => {
                // Whatever waited on the save does not happen.
                self.document.set_after_save(None);
            }
            Some((_, DialogOutcome::Cancelled)) | None => {}
        }
    }

    /// Restores (true) or throws away (false) the unsaved work of a previous session.
    pub(super) fn answer_recovery(&mut self, restore: bool) {
        let Some(offer) = self.document.take_recovery_offer() else {
            return;
        };
        if restore {
            match file::load_project(&offer.file) {
                Ok(project) => {
                    self.replace_project(project, offer.original.clone());
                    // Restored work is not on disk where it belongs until saved.
                    self.document.mark_unsaved();
                    self.runtime.say(Message::note(
                        "Restored the unsaved work. Save it to keep it.",
                    ));
                }
                Err(error) => {
                    self.runtime.say(Message::error(format!(
                        "Could not restore the unsaved work: {error}"
                    )));
                    return;
                }
            }
        }
        remove_recovery_file(&offer.file);
        // Older leftovers, if any, are offered at the next start.
    }

    /// Opens a recent file, dropping it from the list if it is gone.
    pub(super) fn open_recent(&mut self, path: PathBuf) {
        if path.is_file() {
            self.open_path(path);
        } else {
            self.document.forget_recent(&path);
            self.runtime.say(Message::error(format!(
                "{} is no longer there; it was taken off the recent files.",
                path.display()
            )));
        }
    }

    /// Lists a new layer in the document, as one undoable step, after reading the file (a file
    /// that cannot be read is refused with a message and nothing changes).
    pub(super) fn add_layer(&mut self, path: PathBuf) {
        let mut entries = self.document.layer_entries();
        if entries
            .iter()
            .any(|e| self.document.resolve_layer_path(&e.path) == path)
        {
            self.runtime.say(Message::note(format!(
                "{} is already a layer.",
                path.display()
            )));
            return;
        }
        let (name, bbox, empty, warnings) = match self.document.read_new_layer(path.clone()) {
            Ok(layer) => (
                layer.name.clone(),
                layer.data.bbox,
                layer.data.features.is_empty(),
                layer.data.warnings.clone(),
            ),
            Err(error) => {
                self.runtime
                    .say(Message::error(format!("Could not add the layer: {error}")));
                return;
            }
        };
        if empty {
            self.runtime.say(Message::note(format!(
                "Layer “{name}” has no features to draw."
            )));
        }
        for warning in warnings {
            self.runtime
                .say(Message::note(format!("Layer “{name}”: {warning}.")));
        }
        entries.push(UserLayerEntry {
            path,
            visible: true,
            label: None,
            hidden_groups: Vec::new(),
        });
        let view = UserLayerEntry::list_written_to(&entries, &self.document.project().view);
        self.apply(Action::edit(
            Edit::SetView(view),
            format!("Add layer “{name}”"),
        ));
        if let Some(bbox) = bbox.filter(|_| self.layer_names().contains(&name.as_str())) {
            self.view.show_area(Some(LonLatBox::from_array(bbox)));
        }
    }

    /// Shows or hides a layer, as one undoable step.
    pub(super) fn set_layer_visible(&mut self, index: usize, visible: bool) {
        let mut entries = self.document.layer_entries();
        let (Some(entry), Some(layer)) =
            (entries.get_mut(index), self.document.layers().get(index))
        else {
            return;
        };
        entry.visible = visible;
        let verb = if visible { "Show" } else { "Hide" };
        let label = format!("{verb} layer “{}”", layer.name);
        let view = UserLayerEntry::list_written_to(&entries, &self.document.project().view);
        self.apply(Action::edit(Edit::SetView(view), label));
    }

    /// Takes a layer off the document, as one undoable step.
    pub(super) fn remove_layer(&mut self, index: usize) {
        let mut entries = self.document.layer_entries();
        if index >= entries.len() {
            return;
        }
        entries.remove(index);
        // A selected feature's layer index would point at the next layer.
        if self.view.selected_layer_feature().is_some() {
            self.apply(Action::Select(None));
        }
        let name = self
            .document
            .layers()
            .get(index)
            .map_or_else(String::new, |l| l.name.clone());
        let view = UserLayerEntry::list_written_to(&entries, &self.document.project().view);
        self.apply(Action::edit(
            Edit::SetView(view),
            format!("Remove layer “{name}”"),
        ));
    }

    /// Writes a dataset's rows, in the table's order, with every column, atomically.
    /// Writes the project as KML (KMZ when the name ends in `.kmz`) for Google Earth.
    fn export_kml(&mut self, path: &Path) {
        let project = self.document.project();
        let kmz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("kmz"));
        let result = crate::scene::kml_export::project_kml(project)
            .and_then(|kml| {
                if kmz {
                    crate::scene::kml_export::kmz(&kml)
                } else {
                    Ok(kml)
                }
            })
            .and_then(|bytes| crate::files::write_atomically(path, &bytes));
        match result {
            Ok(()) => self.runtime.say(Message::note(format!(
                "Exported {} actors, {} ties and {} events to {} (opens in Google Earth).",
                project.actors.len(),
                project.relationships.len(),
                project.events.len(),
                path.display()
            ))),
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not write {}: {error}",
                path.display()
            ))),
        }
    }

    fn export_event_rows(&mut self, dataset: &str, rows: &[u32], path: &Path) {
        let Some(loaded) = self.document.datasets().get(dataset) else {
            self.runtime.say(Message::error(
                "Could not export the events: the dataset is no longer open.",
            ));
            return;
        };
        let table = std::sync::Arc::clone(&loaded.table);
        let result = crate::events::csv_out::rows_csv(&table, rows)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                crate::files::write_atomically(path, &bytes).map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => self.runtime.say(Message::note(format!(
                "Wrote {} events to {}.",
                rows.len(),
                path.display()
            ))),
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not write {}: {error}",
                path.display()
            ))),
        }
    }
}
