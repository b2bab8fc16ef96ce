//! The import dialog: the file's first rows and what Faultline makes of them (layout, which
//! column is what, changeable), then a progress bar with Cancel, then the report — nothing is
//! added to the project before the user has read it.

use std::collections::BTreeMap;

use egui::{RichText, Ui};

use crate::events::dates::DayOrder;
use crate::events::import::{Format, Mapping, MappingGuess, Position, guess_columns, mapping_for};
use crate::events::table::Role;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use crate::events::import::{ImportError, ImportReport, Preview, Progress};
use crate::events::link::DatasetLink;

use super::datasets::LoadedDataset;

/// An import being set up: the file, what it looks like and the options chosen so far.
pub struct ImportSetup {
    pub path: PathBuf,
    pub preview: Preview,
    /// The layout chosen (the detected one at first).
    pub format: Format,
    /// Which column is what, as chosen so far.
    pub draft: MappingDraft,
}

/// An import running on a worker thread.
pub struct ImportRun {
    pub path: PathBuf,
    pub progress: Arc<Progress>,
    pub(crate) receiver: Receiver<Result<(ImportReport, DatasetLink, LoadedDataset), ImportError>>,
}

/// A finished import waiting for the user to read its report and add it (or not).
pub struct ImportDone {
    pub report: ImportReport,
    pub link: DatasetLink,
    pub(crate) dataset: LoadedDataset,
}

/// Where an import stands; at most one at a time.
#[derive(Default)]
pub enum ImportState {
    #[default]
    Idle,
    Setup(Box<ImportSetup>),
    Running(ImportRun),
    Done(Box<ImportDone>),
}

/// What the user answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportAnswer {
    /// Read the file with these choices.
    Run,
    /// Add the imported dataset to the project.
    Add,
    /// Stop: cancel the reading, or drop the setup or the result.
    Cancel,
    /// Keep this mapping beside the file for the next import of it.
    SaveMapping,
}

/// Shows the dialog for the import under way, if any.
pub fn show(ctx: &egui::Context, state: &mut ImportState) -> Option<ImportAnswer> {
    let mut answer = None;
    match state {
        ImportState::Idle => return None,
        ImportState::Setup(setup) => {
            egui::Modal::new(egui::Id::unique("import_events")).show(ctx, |ui| {
                ui.set_max_width(ctx.content_rect().width().min(980.0) - 60.0);
                answer = setup_contents(ui, setup);
            });
        }
        ImportState::Running(run) => {
            egui::Modal::new(egui::Id::unique("import_running")).show(ctx, |ui| {
                ui.heading("Importing events");
                let name = run
                    .path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                ui.label(format!("Reading {name}…"));
                ui.add(
                    egui::ProgressBar::new(run.progress.fraction())
                        .show_percentage()
                        .desired_width(360.0),
                );
                ui.label(
                    RichText::new(
                        "The map stays usable; nothing changes until you have seen the report.",
                    )
                    .weak(),
                );
                if ui.button("Cancel").clicked() {
                    answer = Some(ImportAnswer::Cancel);
                }
            });
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        ImportState::Done(done) => {
            egui::Modal::new(egui::Id::unique("import_report")).show(ctx, |ui| {
                let report = &done.report;
                ui.heading(format!("Import report: {}", done.link.name));
                egui::Grid::new("import_report_grid")
                    .num_columns(2)
                    .show(ui, |ui| {
                        ui.label("Layout");
                        ui.label(report.format.label());
                        ui.end_row();
                        ui.label("Rows");
                        ui.label(report.rows.to_string());
                        ui.end_row();
                        ui.label("Imported");
                        ui.strong(report.imported.to_string());
                        ui.end_row();
                        ui.label("Skipped");
                        ui.label(report.skipped.len().to_string());
                        ui.end_row();
                        if let Some([first, last]) = &report.date_range {
                            ui.label("Dates");
                            ui.label(format!("{first} to {last}"));
                            ui.end_row();
                        }
                        if let Some([w, s, e, n]) = report.bbox {
                            ui.label("Area");
                            ui.label(format!("{s:.2}° to {n:.2}° N, {w:.2}° to {e:.2}° E"));
                            ui.end_row();
                        }
                    });
                if !report.skipped.is_empty() {
                    ui.label(RichText::new("Rows left out").strong());
                    egui::ScrollArea::vertical().max_height(180.0).show_rows(
                        ui,
                        18.0,
                        report.skipped.len(),
                        |ui, range| {
                            for skipped in &report.skipped[range] {
                                ui.label(format!("line {}: {}", skipped.line, skipped.reason));
                            }
                        },
                    );
                }
                ui.horizontal(|ui| {
                    if ui
                        .button(format!("Add {} events to the project", report.imported))
                        .clicked()
                    {
                        answer = Some(ImportAnswer::Add);
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some(ImportAnswer::Cancel);
                    }
                });
            });
        }
    }
    answer
}

/// The mapping as the dialog edits it: every part may still be missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MappingDraft {
    pub longitude: Option<String>,
    pub latitude: Option<String>,
    pub wkt: Option<String>,
    pub date: Option<String>,
    pub date_end: Option<String>,
    pub day_order: DayOrder,
    pub roles: BTreeMap<Role, String>,
}

impl MappingDraft {
    /// Where the dialog starts for a file read as `format`: the mapping given (saved beside
    /// the file, or found in it), else the layout's own, else for a plain table whatever
    /// parts could be guessed, so only the missing ones need choosing.
    pub fn starting(
        format: Format,
        headers: &[String],
        rows: &[Vec<String>],
        given: Option<&Mapping>,
    ) -> Self {
        match mapping_for(format, headers, rows, given) {
            Some(mapping) => Self::from_mapping(Some(&mapping)),
            None if format == Format::Csv => Self::from_guess(guess_columns(headers, rows)),
            None => Self::default(),
        }
    }

    /// The draft of a complete mapping (or an empty one).
    pub fn from_mapping(mapping: Option<&Mapping>) -> Self {
        let Some(mapping) = mapping else {
            return Self::default();
        };
        Self::from_guess(MappingGuess {
            position: Some(mapping.position.clone()),
            date: Some(mapping.date.clone()),
            date_end: mapping.date_end.clone(),
            day_order: mapping.day_order,
            roles: mapping.roles.clone(),
        })
    }

    /// The draft of the parts of a mapping that were guessed.
    pub fn from_guess(guess: MappingGuess) -> Self {
        let (longitude, latitude, wkt) = match guess.position {
            Some(Position::LonLat { lon, lat }) => (Some(lon), Some(lat), None),
            Some(Position::Wkt { column }) => (None, None, Some(column)),
            None => (None, None, None),
        };
        Self {
            longitude,
            latitude,
            wkt,
            date: guess.date,
            date_end: guess.date_end,
            day_order: guess.day_order,
            roles: guess.roles,
        }
    }

    /// The mapping, once a position (two columns, or a WKT point) and a date are chosen.
    pub fn to_mapping(&self) -> Option<Mapping> {
        let position = match (&self.wkt, &self.longitude, &self.latitude) {
            (Some(column), _, _) => Position::Wkt {
                column: column.clone(),
            },
            (None, Some(lon), Some(lat)) => Position::LonLat {
                lon: lon.clone(),
                lat: lat.clone(),
            },
            _ => return None,
        };
        Some(Mapping {
            position,
            date: self.date.clone()?,
            date_end: self.date_end.clone(),
            day_order: self.day_order,
            roles: self.roles.clone(),
        })
    }
}

/// A column picker: `(none)` or one of the headers.
fn column_picker(ui: &mut Ui, label: &str, value: &mut Option<String>, headers: &[String]) -> bool {
    let before = value.clone();
    let label_id = ui.label(label).id;
    egui::ComboBox::from_id_salt(("import_column", label))
        .selected_text(value.clone().unwrap_or_else(|| "(none)".into()))
        .width(180.0)
        .height(300.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "(none)");
            for header in headers {
                ui.selectable_value(value, Some(header.clone()), header);
            }
        })
        .response
        // Screen readers (and tests) find the picker by the name beside it.
        .labelled_by(label_id);
    ui.end_row();
    *value != before
}

fn role_picker(ui: &mut Ui, label: &str, draft: &mut MappingDraft, role: Role, headers: &[String]) {
    let mut value = draft.roles.get(&role).cloned();
    if column_picker(ui, label, &mut value, headers) {
        match value {
            Some(column) => draft.roles.insert(role, column),
            None => draft.roles.remove(&role),
        };
    }
}

fn setup_contents(ui: &mut Ui, setup: &mut ImportSetup) -> Option<ImportAnswer> {
    let mut answer = None;
    let name = setup
        .path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    ui.heading(format!("Import events from {name}"));
    let headers = setup.preview.headers.clone();
    let mut format = setup.format;
    ui.horizontal(|ui| {
        ui.label("Layout");
        egui::ComboBox::from_id_salt("import_format")
            .selected_text(format.label())
            .show_ui(ui, |ui| {
                for choice in Format::ALL {
                    ui.selectable_value(&mut format, choice, choice.label());
                }
            });
        if Some(format) == setup.preview.format {
            ui.label(RichText::new("(detected)").weak());
        }
    });
    if format != setup.format {
        // Another layout: start again from what that layout reads.
        setup.format = format;
        setup.draft = MappingDraft::starting(format, &headers, &setup.preview.rows, None);
    }
    let draft = &mut setup.draft;
    ui.columns(2, |columns| {
        egui::Grid::new("import_mapping_where")
            .num_columns(2)
            .show(&mut columns[0], |ui| {
                column_picker(ui, "Longitude", &mut draft.longitude, &headers);
                column_picker(ui, "Latitude", &mut draft.latitude, &headers);
                column_picker(ui, "Or WKT point", &mut draft.wkt, &headers);
                column_picker(ui, "Date", &mut draft.date, &headers);
                column_picker(ui, "End date", &mut draft.date_end, &headers);
                ui.label("Dates like 09/05/2020");
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut draft.day_order, DayOrder::DayFirst, "day first");
                    ui.selectable_value(&mut draft.day_order, DayOrder::MonthFirst, "month first");
                });
                ui.end_row();
            });
        egui::Grid::new("import_mapping_what")
            .num_columns(2)
            .show(&mut columns[1], |ui| {
                role_picker(ui, "Title", draft, Role::Title, &headers);
                role_picker(ui, "Category", draft, Role::Category, &headers);
                role_picker(ui, "Sub-type", draft, Role::SubCategory, &headers);
                role_picker(ui, "Actor 1", draft, Role::Actor1, &headers);
                role_picker(ui, "Actor 2", draft, Role::Actor2, &headers);
                role_picker(ui, "Country", draft, Role::Country, &headers);
                role_picker(ui, "Fatalities", draft, Role::Fatalities, &headers);
                role_picker(ui, "Notes", draft, Role::Notes, &headers);
            });
    });
    ui.separator();
    ui.label(RichText::new("First rows").strong());
    egui::ScrollArea::both()
        .max_height(170.0)
        .id_salt("import_preview")
        .show(ui, |ui| {
            egui::Grid::new("import_preview_grid")
                .striped(true)
                .show(ui, |ui| {
                    for header in &headers {
                        ui.label(RichText::new(header).strong());
                    }
                    ui.end_row();
                    for row in setup.preview.rows.iter().take(8) {
                        for value in row {
                            let short: String = value.chars().take(40).collect();
                            ui.label(short);
                        }
                        ui.end_row();
                    }
                });
        });
    let ready = setup.draft.to_mapping().is_some();
    if !ready {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Choose where events are (longitude and latitude, or a WKT point) and their date.",
        );
    }
    ui.horizontal(|ui| {
        if ui.add_enabled(ready, egui::Button::new("Import")).clicked() {
            answer = Some(ImportAnswer::Run);
        }
        if ui.button("Cancel").clicked() {
            answer = Some(ImportAnswer::Cancel);
        }
        if ui
            .add_enabled(ready, egui::Button::new("Save mapping"))
            .on_hover_text("Keeps this mapping beside the file; the next import of a file there starts from it")
            .clicked()
        {
            answer = Some(ImportAnswer::SaveMapping);
        }
    });
    answer
}
