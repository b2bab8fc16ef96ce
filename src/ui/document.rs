//! The open document as a file: New, Open, Save, Save As, Close, recent files, the question
//! asked before unsaved changes would be lost, and autosave to a recovery file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

use crate::model::{Project, file};

use super::actions::Action;
use super::app::{FaultlineApp, Message};
use super::file_dialog::DialogPurpose;

/// How often unsaved work is copied to the recovery file.
pub const AUTOSAVE_EVERY: Duration = Duration::from_secs(60);
/// How many recent files the File menu lists.
const RECENT_LIMIT: usize = 10;
const RECENT_FILE: &str = "recent.json";
/// Recovery files are named `recovery-PID.faultline.geojson` (with `recovery-PID.json` beside
/// it), one per running Faultline, so two windows never overwrite each other's work and a
/// window never offers the live work of another.
const RECOVERY_PREFIX: &str = "recovery-";
const RECOVERY_SUFFIX: &str = ".faultline.geojson";

/// What to do once the question about unsaved changes is answered (or needed no asking).
#[derive(Clone, Debug, PartialEq)]
pub enum AfterUnsaved {
    New,
    Open(PathBuf),
    Close,
    Quit,
}

impl AfterUnsaved {
    fn question(&self, name: &str) -> String {
        let when = match self {
            AfterUnsaved::New => "before starting a new project",
            AfterUnsaved::Open(_) => "before opening another project",
            AfterUnsaved::Close => "before closing it",
            AfterUnsaved::Quit => "before quitting",
        };
        format!("Save the changes to “{name}” {when}?")
    }
}

/// The answer to "save the changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    Discard,
    Cancel,
}

/// Unsaved work found at start, left by a session that did not end cleanly.
#[derive(Clone, Debug, PartialEq)]
pub struct RecoveryOffer {
    pub title: String,
    /// The recovery file.
    pub file: PathBuf,
    /// The file the work belonged to, if it had been saved before.
    pub original: Option<PathBuf>,
    /// How long ago it was autosaved.
    pub age: Option<Duration>,
}

/// What the recovery file belongs to, written beside it.
#[derive(Debug, Default, Serialize, Deserialize)]
struct RecoveryInfo {
    original: Option<PathBuf>,
}

/// The file side of the open document.
#[derive(Debug)]
pub struct DocumentFile {
    /// Where the document was last opened from or saved to; `None` for a new one.
    pub path: Option<PathBuf>,
    /// The question about unsaved changes, while it is asked.
    pub prompt: Option<AfterUnsaved>,
    /// What to do after the Save As dialog that a "Save" answer opened.
    pub after_save: Option<AfterUnsaved>,
    /// Recently opened or saved files, newest first.
    pub recent: Vec<PathBuf>,
    /// Where recent files and the recovery file are kept; `None` keeps nothing on disk (tests).
    pub config_dir: Option<PathBuf>,
    pub recovery_offer: Option<RecoveryOffer>,
    pub autosave_every: Duration,
    /// When the recovery file was last brought up to date (or the document last saved).
    pub last_autosave: Instant,
    /// Set once the person agreed to close, so the window's close request goes through.
    pub close_confirmed: bool,
    /// The window title last sent, to send it again only when it changes.
    pub shown_title: String,
}

impl Default for DocumentFile {
    fn default() -> DocumentFile {
        DocumentFile {
            path: None,
            prompt: None,
            after_save: None,
            recent: Vec::new(),
            config_dir: None,
            recovery_offer: None,
            autosave_every: AUTOSAVE_EVERY,
            last_autosave: Instant::now(),
            close_confirmed: false,
            shown_title: String::new(),
        }
    }
}

impl DocumentFile {
    /// This process's recovery file.
    fn recovery_path(&self) -> Option<PathBuf> {
        let name = format!("{RECOVERY_PREFIX}{}{RECOVERY_SUFFIX}", std::process::id());
        Some(self.config_dir.as_ref()?.join(name))
    }

    /// Forgets this process's recovery file: the work in it is saved or deliberately discarded.
    fn remove_recovery(&self) {
        if let Some(path) = self.recovery_path() {
            remove_recovery_file(&path);
        }
    }

    fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
        self.write_recent();
    }

    fn write_recent(&self) {
        let Some(dir) = &self.config_dir else {
            return;
        };
        // Losing the recent list is harmless, so failures here are not reported.
        if std::fs::create_dir_all(dir).is_ok()
            && let Ok(text) = serde_json::to_vec_pretty(&self.recent)
        {
            let _ = crate::files::write_atomically(&dir.join(RECENT_FILE), &text);
        }
    }
}

/// Where Faultline keeps its recent files and recovery file: `$FAULTLINE_CONFIG_DIR`, else
/// `$XDG_CONFIG_HOME/faultline`, else `~/.config/faultline`.
pub fn default_config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("FAULTLINE_CONFIG_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = std::env::var_os("XDG_CONFIG_HOME").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir).join("faultline"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config").join("faultline"))
}

impl FaultlineApp {
    /// Keeps recent files and the recovery file in `dir`, and offers to restore unsaved work
    /// that a previous session left there.
    pub fn with_config_dir(mut self, dir: PathBuf) -> FaultlineApp {
        self.document.recent = std::fs::read(dir.join(RECENT_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        self.document.config_dir = Some(dir);
        self.document.recovery_offer = self.find_recovery();
        self
    }

    /// Copies unsaved work to the recovery file this often (tests shorten it).
    pub fn set_autosave_interval(&mut self, every: Duration) {
        self.document.autosave_every = every;
    }

    /// Where the document was opened from or last saved to.
    pub fn document_path(&self) -> Option<&Path> {
        self.document.path.as_deref()
    }

    /// Recently opened or saved files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        &self.document.recent
    }

    /// The question about unsaved changes being asked, if any.
    pub fn unsaved_prompt(&self) -> Option<&AfterUnsaved> {
        self.document.prompt.as_ref()
    }

    /// Unsaved work from a previous session on offer, if any.
    pub fn recovery_offer(&self) -> Option<&RecoveryOffer> {
        self.document.recovery_offer.as_ref()
    }

    /// The window title: the file's name (or the project's title when never saved), with a
    /// mark when there are unsaved changes.
    pub fn window_title(&self) -> String {
        let name = self.document_name();
        let mark = if self.is_dirty() { "*" } else { "" };
        format!("{mark}{name} — Faultline")
    }

    fn document_name(&self) -> String {
        self.document
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.project.title.clone())
    }

    /// Does `then` now, or first asks whether to save the unsaved changes.
    pub(super) fn unless_unsaved(&mut self, then: AfterUnsaved) {
        if self.is_dirty() {
            self.document.prompt = Some(then);
        } else {
            self.proceed(then);
        }
    }

    pub(super) fn answer_unsaved(&mut self, answer: UnsavedAnswer) {
        let Some(then) = self.document.prompt.take() else {
            return;
        };
        match answer {
            UnsavedAnswer::Cancel => {}
            UnsavedAnswer::Discard => self.proceed(then),
            UnsavedAnswer::Save => match self.document.path.clone() {
                Some(path) => {
                    if self.save_to(&path) {
                        self.proceed(then);
                    }
                }
                None => {
                    self.document.after_save = Some(then);
                    self.pick_file(DialogPurpose::SaveProjectAs(self.suggested_file_name()));
                }
            },
        }
    }

    /// Carries out what the unsaved-changes question was holding back.
    fn proceed(&mut self, then: AfterUnsaved) {
        match then {
            AfterUnsaved::New | AfterUnsaved::Close => {
                self.document.remove_recovery();
                self.document.path = None;
                self.replace_project(Project::new("Untitled"));
            }
            AfterUnsaved::Open(path) => self.open_project_file(&path),
            AfterUnsaved::Quit => {
                self.document.remove_recovery();
                self.document.close_confirmed = true;
                self.quit_requested = true;
            }
        }
    }

    /// Opens a project file in place of the open document (already agreed to).
    fn open_project_file(&mut self, path: &Path) {
        match file::load_project(path) {
            Ok(project) => self.open_project(project, path),
            // The open project stays as it was.
            Err(error) => self.messages.push(Message {
                text: format!("Could not open the project: {error}"),
                is_error: true,
            }),
        }
    }

    /// Puts a project read from `path` in place of the open document.
    pub(super) fn open_project(&mut self, project: Project, path: &Path) {
        self.document.remove_recovery();
        self.messages.push(Message {
            text: format!(
                "Opened the project “{}” from {}.",
                project.title,
                path.display()
            ),
            is_error: false,
        });
        // The path first: the project's layers are read relative to it.
        self.document.path = Some(path.to_path_buf());
        self.replace_project(project);
        self.document.remember(path);
    }

    /// Saves to the document's file, or asks where when it has none.
    pub(super) fn save(&mut self) {
        match self.document.path.clone() {
            Some(path) => {
                self.save_to(&path);
            }
            None => self.pick_file(DialogPurpose::SaveProjectAs(self.suggested_file_name())),
        }
    }

    /// Saves to `path` (atomically, keeping the previous version as a backup); on success the
    /// document belongs to that file from now on. Returns whether it was saved.
    pub(super) fn save_as(&mut self, path: PathBuf) {
        let path = with_project_extension(path);
        if self.save_to(&path)
            && let Some(then) = self.document.after_save.take()
        {
            self.proceed(then);
        }
    }

    fn save_to(&mut self, path: &Path) -> bool {
        // The view travels with the file (not an undoable change: looking around is not
        // editing), so reopening or rendering it shows the picture as composed.
        self.project.view = self.current_map_view().written_to(&self.project.view);
        match file::save_project(path, &self.project) {
            Ok(()) => {
                self.history.mark_saved();
                self.document.path = Some(path.to_path_buf());
                self.document.remember(path);
                self.document.remove_recovery();
                self.document.last_autosave = Instant::now();
                self.messages.push(Message {
                    text: format!("Saved to {}.", path.display()),
                    is_error: false,
                });
                true
            }
            Err(error) => {
                // The work stays in the window, unsaved and marked so.
                self.document.after_save = None;
                self.messages.push(Message {
                    text: format!("Could not save: {error}"),
                    is_error: true,
                });
                false
            }
        }
    }

    pub(super) fn suggested_file_name(&self) -> String {
        let stem: String = self
            .project
            .title
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { '-' })
            .collect();
        let stem = stem.trim_matches('-');
        let stem = if stem.is_empty() { "project" } else { stem };
        format!("{stem}.faultline.geojson")
    }

    /// Opens the system dialog (or the path field where there is none).
    pub(super) fn pick_file(&mut self, purpose: DialogPurpose) {
        let waker = self.repaint.clone();
        let opened = self.file_dialog.open(purpose.clone(), move || {
            if let Some(ctx) = &waker {
                ctx.request_repaint();
            }
        });
        if let Err(text) = opened {
            self.messages.push(Message {
                text,
                is_error: true,
            });
            self.show_path_field(purpose);
        }
    }

    /// Acts on a file picked in the dialog or typed in the path field.
    pub(super) fn file_chosen(&mut self, purpose: DialogPurpose, path: PathBuf) {
        match purpose {
            DialogPurpose::AddLayer => self.apply(Action::AddLayer(path)),
            DialogPurpose::OpenProject => self.apply(Action::OpenPath(path)),
            DialogPurpose::SaveProjectAs(_) => self.save_as(path),
            DialogPurpose::ExportPicture { format, size, .. } => self.apply(Action::Picture(
                super::export_dialog::PictureAction::Export { path, format, size },
            )),
        }
    }

    /// Copies the unsaved document to the recovery file when a minute has passed since the
    /// last copy; returns how long until the next one is due, to wake the window then.
    pub(super) fn autosave_if_due(&mut self) -> Option<Duration> {
        if !self.is_dirty() || self.document.config_dir.is_none() {
            self.document.last_autosave = Instant::now();
            return None;
        }
        let elapsed = self.document.last_autosave.elapsed();
        if elapsed < self.document.autosave_every {
            return Some(self.document.autosave_every - elapsed);
        }
        self.document.last_autosave = Instant::now();
        if let Err(error) = self.write_recovery() {
            self.messages.push(Message {
                text: format!("Could not autosave unsaved work: {error}"),
                is_error: true,
            });
        }
        Some(self.document.autosave_every)
    }

    fn write_recovery(&self) -> std::io::Result<()> {
        let (Some(dir), Some(recovery)) = (
            self.document.config_dir.as_ref(),
            self.document.recovery_path(),
        ) else {
            return Ok(());
        };
        let info_path = info_path_of(&recovery);
        std::fs::create_dir_all(dir)?;
        let info = RecoveryInfo {
            original: self.document.path.clone(),
        };
        let info = serde_json::to_vec_pretty(&info).map_err(std::io::Error::other)?;
        crate::files::write_atomically(&info_path, &info)?;
        crate::files::write_atomically(&recovery, &file::to_geojson_bytes(&self.project))
    }

    /// The newest recovery file left by a Faultline that is no longer running.
    fn find_recovery(&self) -> Option<RecoveryOffer> {
        let dir = self.document.config_dir.as_ref()?;
        let own = std::process::id();
        let mut offers: Vec<(SystemTime, RecoveryOffer)> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let pid: u32 = name
                    .strip_prefix(RECOVERY_PREFIX)?
                    .strip_suffix(RECOVERY_SUFFIX)?
                    .parse()
                    .ok()?;
                if pid != own && Path::new(&format!("/proc/{pid}")).exists() {
                    // Another window is running and owns this work.
                    return None;
                }
                let file = entry.path();
                // A damaged recovery file cannot be restored; it is left for the person to
                // inspect.
                let project = file::load_project(&file).ok()?;
                let info: RecoveryInfo = std::fs::read(info_path_of(&file))
                    .ok()
                    .and_then(|b| serde_json::from_slice(&b).ok())
                    .unwrap_or_default();
                let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
                let offer = RecoveryOffer {
                    title: project.title,
                    file,
                    original: info.original,
                    age: SystemTime::now().duration_since(modified).ok(),
                };
                Some((modified, offer))
            })
            .collect();
        offers.sort_by_key(|(modified, _)| *modified);
        offers.pop().map(|(_, offer)| offer)
    }

    /// Restores (true) or throws away (false) the unsaved work of a previous session.
    pub(super) fn answer_recovery(&mut self, restore: bool) {
        let Some(offer) = self.document.recovery_offer.take() else {
            return;
        };
        if restore {
            match file::load_project(&offer.file) {
                Ok(project) => {
                    self.document.path = offer.original;
                    self.replace_project(project);
                    // Restored work is not on disk where it belongs until saved.
                    self.history.mark_unsaved();
                    self.messages.push(Message {
                        text: "Restored the unsaved work. Save it to keep it.".into(),
                        is_error: false,
                    });
                }
                Err(error) => {
                    self.messages.push(Message {
                        text: format!("Could not restore the unsaved work: {error}"),
                        is_error: true,
                    });
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
            self.apply(Action::OpenPath(path));
        } else {
            self.document.recent.retain(|p| *p != path);
            self.document.write_recent();
            self.messages.push(Message {
                text: format!(
                    "{} is no longer there; it was taken off the recent files.",
                    path.display()
                ),
                is_error: true,
            });
        }
    }

    /// The unsaved-changes question and the recovery offer, as modal windows.
    pub(super) fn document_prompts(&self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(then) = &self.document.prompt {
            let question = then.question(&self.document_name());
            egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
                ui.set_max_width(420.0);
                ui.heading("Unsaved changes");
                ui.label(question);
                ui.label("If you don't save, your changes will be lost.");
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        actions.push(Action::AnswerUnsaved(UnsavedAnswer::Save));
                    }
                    if ui.button("Don't save").clicked() {
                        actions.push(Action::AnswerUnsaved(UnsavedAnswer::Discard));
                    }
                    if ui.button("Cancel").clicked() {
                        actions.push(Action::AnswerUnsaved(UnsavedAnswer::Cancel));
                    }
                });
            });
        } else if let Some(offer) = &self.document.recovery_offer {
            egui::Modal::new(egui::Id::unique("recovery_offer")).show(ctx, |ui| {
                ui.set_max_width(460.0);
                ui.heading("Restore unsaved work?");
                let when = offer
                    .age
                    .map(|age| format!(" ({} ago)", format_age(age)))
                    .unwrap_or_default();
                ui.label(format!(
                    "Faultline did not close properly last time. Unsaved work on “{}” was autosaved{when}.",
                    offer.title
                ));
                if let Some(original) = &offer.original {
                    ui.label(format!("It belongs to {}.", original.display()));
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Restore").clicked() {
                        actions.push(Action::AnswerRecovery(true));
                    }
                    if ui.button("Discard").clicked() {
                        actions.push(Action::AnswerRecovery(false));
                    }
                });
            });
        }
        actions
    }

    /// Keeps the window title in step with the document, and holds a window close back while
    /// there are unsaved changes.
    pub(super) fn watch_window(&mut self, ctx: &egui::Context) {
        let title = self.window_title();
        if title != self.document.shown_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.document.shown_title = title;
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.is_dirty() && !self.document.close_confirmed {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.document.prompt = Some(AfterUnsaved::Quit);
            } else {
                // A clean exit: nothing is left to recover.
                self.document.remove_recovery();
            }
        }
    }
}

/// `recovery-PID.json` for `recovery-PID.faultline.geojson`.
fn info_path_of(recovery: &Path) -> PathBuf {
    let name = recovery
        .file_name()
        .map(|n| n.to_string_lossy().replace(RECOVERY_SUFFIX, ".json"))
        .unwrap_or_default();
    recovery.with_file_name(name)
}

fn remove_recovery_file(recovery: &Path) {
    let _ = std::fs::remove_file(info_path_of(recovery));
    let _ = std::fs::remove_file(recovery);
}

/// `name` as given, or with `.faultline.geojson` added when it has no extension.
fn with_project_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".faultline.geojson");
        PathBuf::from(name)
    }
}

fn format_age(age: Duration) -> String {
    let minutes = age.as_secs() / 60;
    match minutes {
        0 => "less than a minute".into(),
        1 => "1 minute".into(),
        m if m < 120 => format!("{m} minutes"),
        m if m < 48 * 60 => format!("{} hours", m / 60),
        m => format!("{} days", m / (24 * 60)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_as_adds_the_extension_only_when_there_is_none() {
        assert_eq!(
            with_project_extension(PathBuf::from("/tmp/brief")),
            PathBuf::from("/tmp/brief.faultline.geojson")
        );
        assert_eq!(
            with_project_extension(PathBuf::from("/tmp/brief.geojson")),
            PathBuf::from("/tmp/brief.geojson")
        );
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(format_age(Duration::from_secs(30)), "less than a minute");
        assert_eq!(format_age(Duration::from_secs(61)), "1 minute");
        assert_eq!(format_age(Duration::from_secs(3 * 3600)), "3 hours");
    }
}
