//! Event datasets in the window: importing one (preview and mapping, a worker thread with
//! progress and Cancel, the report before anything changes), reading the project's datasets
//! when it opens, promoting an event into the story.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::events::import::{self, Format, ImportOptions, Imported, Mapping, Progress};
use crate::events::link::{self, DatasetLink};
use crate::model::Edit;
use crate::model::edit::Change;

use super::super::datasets::LoadedDataset;
use super::super::import_dialog::{ImportDone, ImportRun, ImportSetup, ImportState, MappingDraft};
use super::super::message::Message;
use super::FaultlineApp;

/// A dataset of the open project being read (from its cache, or its source).
pub struct DatasetLoad {
    pub id: String,
    receiver: Receiver<Result<(LoadedDataset, Option<String>), String>>,
    /// When the reading started, for `FAULTLINE_TIMING`.
    started: std::time::Instant,
}

impl FaultlineApp {
    /// File → Import events… chose `path`: look at it and offer the choices.
    pub(super) fn start_import(&mut self, path: PathBuf) {
        if matches!(self.import, ImportState::Running(_)) {
            self.runtime.say(Message::note(
                "An import is already running: wait for it or cancel it first.",
            ));
            return;
        }
        match import::preview(&path, 12) {
            Ok(preview) => {
                // A mapping saved beside the file (by an earlier import) is the starting point.
                let saved: Option<Mapping> = std::fs::read(mapping_path(&path))
                    .ok()
                    .and_then(|bytes| serde_json::from_slice(&bytes).ok());
                if saved.is_some() {
                    self.runtime
                        .say(Message::note("Using the mapping saved beside this file."));
                }
                let format = preview.format.unwrap_or(Format::Csv);
                let draft = MappingDraft::starting(
                    format,
                    &preview.headers,
                    &preview.rows,
                    saved.as_ref().or(preview.mapping.as_ref()),
                );
                self.import = ImportState::Setup(Box::new(ImportSetup {
                    path,
                    preview,
                    format,
                    draft,
                }));
            }
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not import {}: {error}",
                path.display()
            ))),
        }
    }

    /// The user confirmed the setup: read the file on a worker thread.
    pub(super) fn run_import(&mut self) {
        let ImportState::Setup(setup) = std::mem::take(&mut self.import) else {
            return;
        };
        let ImportSetup {
            path,
            format,
            draft,
            ..
        } = *setup;
        let options = ImportOptions {
            format: Some(format),
            mapping: draft.to_mapping(),
        };
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = mpsc::channel();
        let worker_progress = Arc::clone(&progress);
        let worker_path = path.clone();
        let wake = self.runtime.waker().cloned();
        let spawned = std::thread::Builder::new()
            .name("faultline-import".into())
            .spawn(move || {
                let result =
                    import::import_file(&worker_path, &options, &worker_progress).map(|imported| {
                        // Indexing is part of the import: the window only ever gets a ready dataset.
                        let Imported {
                            table,
                            report,
                            link,
                        } = imported;
                        let dataset =
                            LoadedDataset::new(link.id.clone(), link.name.clone(), Arc::new(table));
                        (report, link, dataset)
                    });
                let _ = sender.send(result);
                if let Some(wake) = wake {
                    wake();
                }
            });
        match spawned {
            Ok(_) => {
                self.import = ImportState::Running(ImportRun {
                    path,
                    progress,
                    receiver,
                })
            }
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not start the import: {error}"
            ))),
        }
    }

    /// Checks the running import; when it ends, its report is shown (nothing is added yet).
    pub(super) fn poll_import(&mut self) {
        let ImportState::Running(run) = &self.import else {
            return;
        };
        match run.receiver.try_recv() {
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                let path = run.path.display().to_string();
                self.import = ImportState::Idle;
                self.runtime.say(Message::error(format!(
                    "The import of {path} stopped unexpectedly; nothing was added."
                )));
            }
            Ok(Ok((report, link, dataset))) => {
                self.import = ImportState::Done(Box::new(ImportDone {
                    report,
                    link,
                    dataset,
                }));
            }
            Ok(Err(error)) => {
                let path = run.path.display().to_string();
                self.import = ImportState::Idle;
                self.runtime
                    .say(Message::error(format!("Could not import {path}: {error}")));
            }
        }
    }

    /// The report was read: add the dataset to the project (one undoable step), or drop it.
    pub(super) fn finish_import(&mut self, add: bool) {
        let ImportState::Done(done) = std::mem::take(&mut self.import) else {
            return;
        };
        if !add {
            return;
        }
        let ImportDone {
            report,
            link,
            dataset,
        } = *done;
        let name = link.name.clone();
        self.document.stage_dataset(dataset);
        let link = match self.document.path() {
            Some(project_path) => link.relative_to(project_path),
            None => link,
        };
        let index = self.document.project().datasets.len();
        let edit = Edit::AddDataset {
            index,
            link: link.clone(),
        };
        match self.document.apply(edit, format!("Import {name}")) {
            Ok(()) => {
                self.document_changed();
                self.write_dataset_cache(&link);
                self.runtime.say(Message::note(format!(
                    "Added {} events from {name}{}.",
                    report.imported,
                    match report.skipped.len() {
                        0 => String::new(),
                        n => format!(" ({n} rows skipped: see the import report)"),
                    }
                )));
                if let Some([west, south, east, north]) = report.bbox {
                    self.view.show_area(Some(crate::map::camera::LonLatBox::new(
                        west, south, east, north,
                    )));
                }
            }
            Err(error) => self
                .runtime
                .say(Message::error(format!("Could not add {name}: {error}"))),
        }
    }

    /// Acts on the import dialog's answer.
    pub(super) fn answer_import(&mut self, answer: super::super::import_dialog::ImportAnswer) {
        use super::super::import_dialog::ImportAnswer;
        match answer {
            ImportAnswer::Run => self.run_import(),
            ImportAnswer::Add => self.finish_import(true),
            ImportAnswer::Cancel => self.cancel_import(),
            ImportAnswer::SaveMapping => self.save_mapping(),
        }
    }

    /// Writes the mapping being set up beside the data file, for the next import there.
    fn save_mapping(&mut self) {
        let ImportState::Setup(setup) = &self.import else {
            return;
        };
        let Some(mapping) = setup.draft.to_mapping() else {
            return;
        };
        let path = mapping_path(&setup.path);
        let result = serde_json::to_vec_pretty(&mapping)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                crate::files::write_atomically(&path, &bytes).map_err(|e| e.to_string())
            });
        match result {
            Ok(()) => self.runtime.say(Message::note(format!(
                "Saved the mapping to {}.",
                path.display()
            ))),
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not save the mapping to {}: {error}",
                path.display()
            ))),
        }
    }

    /// Whether an import is set up, running or waiting.
    pub(super) fn is_importing(&self) -> bool {
        !matches!(self.import, ImportState::Idle)
    }

    /// Cancels the running import, or closes its setup or report.
    pub(super) fn cancel_import(&mut self) {
        if let ImportState::Running(run) = &self.import {
            run.progress.cancel();
        }
        self.import = ImportState::Idle;
    }

    /// Keeps the parsed table beside a saved project, so reopening it is fast.
    pub(super) fn write_dataset_cache(&mut self, link: &DatasetLink) {
        let Some(loaded) = self.document.datasets().get(&link.id) else {
            return;
        };
        if let Some(project_path) = self.document.path()
            && let Err(error) =
                crate::events::cache::write_cache(project_path, link, &loaded.table, loaded.index())
        {
            self.runtime.say(Message::note(format!(
                "The cache of {} could not be written ({error}); the project will read the source again when it opens.",
                link.name
            )));
        }
    }

    /// Writes the caches of every dataset the project lists (after Save As: a new place).
    pub(super) fn write_dataset_caches(&mut self) {
        let pending: Vec<DatasetLink> = self
            .document
            .project()
            .datasets
            .iter()
            .filter(|link| {
                self.document.path().is_some_and(|project| {
                    !crate::events::cache::cache_path(project, link).exists()
                })
            })
            .cloned()
            .collect();
        for link in pending {
            self.write_dataset_cache(&link);
        }
    }

    /// Starts reading the listed datasets that are not loaded (after opening, undo, redo).
    pub(super) fn load_missing_datasets(&mut self, missing: Vec<String>) {
        // Datasets of a project never saved are all loaded already (they were imported here).
        let Some(project_path) = self.document.path().map(Path::to_path_buf) else {
            return;
        };
        for id in missing {
            if self.dataset_loads.iter().any(|load| load.id == id) {
                continue;
            }
            let Some(link) = self
                .document
                .project()
                .datasets
                .iter()
                .find(|l| l.id == id)
                .cloned()
            else {
                continue;
            };
            let (sender, receiver) = mpsc::channel();
            let wake = self.runtime.waker().cloned();
            let path = project_path.clone();
            let spawned = std::thread::Builder::new()
                .name("faultline-dataset".into())
                .spawn(move || {
                    let result = link::open_dataset(&path, &link)
                        .map(|opened| {
                            let dataset = LoadedDataset::with_index(
                                link.id.clone(),
                                link.name.clone(),
                                Arc::new(opened.table),
                                opened.index,
                            );
                            (dataset, opened.notice.map(|n| n.to_string()))
                        })
                        .map_err(|error| {
                            format!("Could not read the dataset {}: {error}", link.name)
                        });
                    let _ = sender.send(result);
                    if let Some(wake) = wake {
                        wake();
                    }
                });
            if spawned.is_ok() {
                self.dataset_loads.push(DatasetLoad {
                    id,
                    receiver,
                    started: std::time::Instant::now(),
                });
            }
        }
    }

    /// Takes in the datasets read meanwhile.
    pub(super) fn poll_dataset_loads(&mut self) {
        let mut arrived = false;
        let mut still = Vec::new();
        for load in std::mem::take(&mut self.dataset_loads) {
            match load.receiver.try_recv() {
                Err(TryRecvError::Empty) => still.push(load),
                Err(TryRecvError::Disconnected) => {}
                Ok(Ok((dataset, notice))) => {
                    self.runtime.report_ready(&format!(
                        "dataset \"{}\" ({} events, read and indexed in {:.0} ms)",
                        dataset.name,
                        dataset.table.len(),
                        load.started.elapsed().as_secs_f64() * 1000.0
                    ));
                    self.document.stage_dataset(dataset);
                    if let Some(notice) = notice {
                        self.runtime.say(Message::note(notice));
                    }
                    arrived = true;
                }
                Ok(Err(message)) => self.runtime.say(Message::error(message)),
            }
        }
        self.dataset_loads = still;
        if arrived {
            self.document.sync_datasets();
            self.map.invalidate();
        }
    }

    /// Makes a dataset's event an event of the story, citing the dataset (one undoable step).
    pub(super) fn promote_dataset_event(&mut self, dataset: &str, row: usize) {
        let Some(link) = self
            .document
            .project()
            .datasets
            .iter()
            .find(|l| l.id == dataset)
            .cloned()
        else {
            return;
        };
        let Some(loaded) = self.document.datasets().get(dataset) else {
            return;
        };
        let table = Arc::clone(&loaded.table);
        let Some(event) = crate::events::promote::story_event(&table, row, &link) else {
            return;
        };
        let source_id = crate::events::promote::dataset_source_id(&link);
        let source = self
            .document
            .project()
            .sources
            .iter()
            .all(|s| s.id != source_id)
            .then(|| crate::events::promote::dataset_source(&link));
        let title = event.title.clone();
        let id = event.id.clone();
        let mut edits = Vec::new();
        if let Some(source) = source {
            edits.push(Edit::Source(Change::Add {
                index: None,
                record: source,
            }));
        }
        edits.push(Edit::Event(Change::Add {
            index: None,
            record: event,
        }));
        let edit = if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        };
        match self
            .document
            .apply(edit, format!("Promote “{title}” to the story"))
        {
            Ok(()) => {
                self.document_changed();
                self.view
                    .select(Some(super::super::actions::Selection::Story(
                        crate::scene::story::Focus::Event(id),
                    )));
            }
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not promote the event: {error}"
            ))),
        }
    }

    /// Brings an actor pair of a dataset into the story as one step, from the events that
    /// pass the filter now (they place new actors).
    pub(super) fn promote_actor_pair(
        &mut self,
        dataset: &str,
        pair: &crate::events::pairs::ActorPair,
    ) {
        let Some(link) = self
            .document
            .project()
            .datasets
            .iter()
            .find(|l| l.id == dataset)
            .cloned()
        else {
            return;
        };
        let Some(loaded) = self.document.datasets().get(dataset) else {
            return;
        };
        let (table, rows) = (Arc::clone(&loaded.table), Arc::clone(loaded.shown_rows()));
        let edit = match crate::events::promote::pair_edits(
            self.document.project(),
            &table,
            &rows,
            pair,
            &link,
        ) {
            Ok(edit) => edit,
            Err(error) => {
                self.runtime
                    .say(Message::note(format!("Not promoted: {error}.")));
                return;
            }
        };
        let label = format!(
            "Promote “{}” and “{}” to the story",
            pair.actor1, pair.actor2
        );
        let relationship = match &edit {
            Edit::Batch(edits) => edits.iter().find_map(|e| match e {
                Edit::Relationship(Change::Add { record, .. }) => Some(record.id.clone()),
                _ => None,
            }),
            _ => None,
        };
        match self.document.apply(edit, label) {
            Ok(()) => {
                self.document_changed();
                if let Some(id) = relationship {
                    self.view
                        .select(Some(super::super::actions::Selection::Story(
                            crate::scene::story::Focus::Relationship(id),
                        )));
                }
            }
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not promote the pair: {error}"
            ))),
        }
    }
}

/// Where a mapping for a data file is kept: `DATA.faultline-mapping.json` beside it.
pub fn mapping_path(data: &Path) -> PathBuf {
    let name = data
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    data.with_file_name(format!("{name}.faultline-mapping.json"))
}
