//! The document: the open project, its undo history, its file (path, recent files, the
//! question asked before unsaved changes would be lost, autosave to a recovery file) and the
//! layers it lists. The only place an edit is applied; its fields change only here.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

use crate::events::filter::EventFilter;
use crate::events::link::ChoroplethAreas;
use crate::model::date::DateRange;
use crate::model::settings::{MapView, UserLayerEntry};
use crate::model::{Edit, EditError, Project, ProjectFileError, file};
use crate::scene::MapStyle;
use crate::scene::events::DatasetMode;

use super::datasets::{DatasetSet, LoadedDataset};
use super::history::History;
use super::layers::{LayerSet, UserLayer};
use super::message::Message;

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
    /// The question asked before doing this to a document called `name`.
    pub fn question(&self, name: &str) -> String {
        let when = match self {
            AfterUnsaved::New => "before starting a new project",
            AfterUnsaved::Open(_) => "before opening another project",
            AfterUnsaved::Close => "before closing it",
            AfterUnsaved::Quit => "before quitting",
        };
        format!("Save the changes to “{name}” {when}?")
    }
}

pub use super::actions::UnsavedAnswer;

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
struct DocumentFile {
    /// Where the document was last opened from or saved to; `None` for a new one.
    path: Option<PathBuf>,
    /// The question about unsaved changes, while it is asked.
    prompt: Option<AfterUnsaved>,
    /// What to do after the Save As dialog that a "Save" answer opened.
    after_save: Option<AfterUnsaved>,
    /// Recently opened or saved files, newest first.
    recent: Vec<PathBuf>,
    /// Where recent files and the recovery file are kept; `None` keeps nothing on disk (tests).
    config_dir: Option<PathBuf>,
    recovery_offer: Option<RecoveryOffer>,
    autosave_every: Duration,
    /// When the recovery file was last brought up to date (or the document last saved).
    last_autosave: Instant,
    /// Set once the person agreed to close, so the window's close request goes through.
    close_confirmed: bool,
    /// The window title last sent, to send it again only when it changes.
    shown_title: String,
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

    /// Copies `project` to this process's recovery file, noting which file it belongs to.
    fn write_recovery(&self, project: &Project) -> std::io::Result<()> {
        let (Some(dir), Some(recovery)) = (self.config_dir.as_ref(), self.recovery_path()) else {
            return Ok(());
        };
        let info_path = info_path_of(&recovery);
        std::fs::create_dir_all(dir)?;
        let info = RecoveryInfo {
            original: self.path.clone(),
        };
        let info = serde_json::to_vec_pretty(&info).map_err(std::io::Error::other)?;
        crate::files::write_atomically(&info_path, &info)?;
        crate::files::write_atomically(&recovery, &file::to_geojson_bytes(project))
    }

    /// The newest recovery file left by a Faultline that is no longer running.
    fn find_recovery(&self) -> Option<RecoveryOffer> {
        let dir = self.config_dir.as_ref()?;
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

/// The open document.
pub struct Document {
    project: Project,
    history: History,
    file: DocumentFile,
    layers: LayerSet,
    datasets: DatasetSet,
    /// Bumped whenever the project changes, so drawings know to refresh.
    version: u64,
}

impl Document {
    /// A document holding `project`, never saved.
    pub fn new(project: Project) -> Document {
        Document {
            project,
            history: History::new(),
            file: DocumentFile::default(),
            layers: LayerSet::default(),
            datasets: DatasetSet::default(),
            version: 0,
        }
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Changes whenever the project changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Applies an edit as one undoable step; refused edits leave the project as it was.
    pub fn apply(&mut self, edit: Edit, label: String) -> Result<(), EditError> {
        self.history.apply(&mut self.project, edit, label)?;
        self.version += 1;
        Ok(())
    }

    /// Applies an edit as part of the last undoable step (see [`History::apply_joined`]).
    pub fn apply_joined(&mut self, edit: Edit, label: String) -> Result<(), EditError> {
        self.history.apply_joined(&mut self.project, edit, label)?;
        self.version += 1;
        Ok(())
    }

    /// Undoes the last step; `Ok(None)` when there was none.
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        let step = self.history.undo(&mut self.project)?;
        self.version += 1;
        Ok(step)
    }

    /// Redoes the last undone step; `Ok(None)` when there was none.
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        let step = self.history.redo(&mut self.project)?;
        self.version += 1;
        Ok(step)
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// Puts a new project in place of the open one, belonging to `path` (`None`: never saved),
    /// with a fresh history.
    pub fn replace(&mut self, project: Project, path: Option<PathBuf>) {
        self.project = project;
        self.history = History::new();
        self.file.path = path;
        self.layers.forget_unreadable();
        self.version += 1;
    }

    /// Restored work is not on disk where it belongs until saved.
    pub fn mark_unsaved(&mut self) {
        self.history.mark_unsaved();
    }

    /// Where the document was opened from or last saved to.
    pub fn path(&self) -> Option<&Path> {
        self.file.path.as_deref()
    }

    /// The file's name, or the project's title when never saved.
    pub fn name(&self) -> String {
        self.file
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.project.title.clone())
    }

    /// The window title: the name, with a mark when there are unsaved changes.
    pub fn window_title(&self) -> String {
        let mark = if self.is_dirty() { "*" } else { "" };
        format!("{mark}{} — Faultline", self.name())
    }

    /// A file name for Save As, from the title.
    pub fn suggested_file_name(&self) -> String {
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

    /// Saves to `path` atomically (the previous version kept as a backup), with the view it is
    /// looking at (not an undoable change: looking around is not editing), so reopening or
    /// rendering it shows the picture as composed. The document belongs to that file from now on.
    pub fn save_to(&mut self, path: &Path, view: &MapView) -> Result<(), ProjectFileError> {
        self.project.view = view.written_to(&self.project.view);
        file::save_project(path, &self.project)?;
        self.history.mark_saved();
        self.file.path = Some(path.to_path_buf());
        self.file.remember(path);
        self.file.remove_recovery();
        self.file.last_autosave = Instant::now();
        Ok(())
    }

    // --- the question about unsaved changes ---

    pub fn prompt(&self) -> Option<&AfterUnsaved> {
        self.file.prompt.as_ref()
    }

    pub fn ask(&mut self, then: AfterUnsaved) {
        self.file.prompt = Some(then);
    }

    pub fn take_prompt(&mut self) -> Option<AfterUnsaved> {
        self.file.prompt.take()
    }

    /// What to do once the Save As that a "Save" answer opened has saved.
    pub fn set_after_save(&mut self, then: Option<AfterUnsaved>) {
        self.file.after_save = then;
    }

    pub fn take_after_save(&mut self) -> Option<AfterUnsaved> {
        self.file.after_save.take()
    }

    /// The person agreed to close: the window's close request goes through.
    pub fn confirm_close(&mut self) {
        self.file.close_confirmed = true;
    }

    pub fn close_confirmed(&self) -> bool {
        self.file.close_confirmed
    }

    /// Whether the window title must be sent again (it changed since last sent).
    pub fn take_title_change(&mut self) -> Option<String> {
        let title = self.window_title();
        (title != self.file.shown_title).then(|| {
            self.file.shown_title.clone_from(&title);
            title
        })
    }

    // --- recent files, recovery and autosave ---

    /// Keeps recent files and the recovery file in `dir`, and finds unsaved work a previous
    /// session left there.
    pub fn use_config_dir(&mut self, dir: PathBuf) {
        self.file.recent = std::fs::read(dir.join(RECENT_FILE))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        self.file.config_dir = Some(dir);
        self.file.recovery_offer = self.file.find_recovery();
    }

    pub fn set_autosave_interval(&mut self, every: Duration) {
        self.file.autosave_every = every;
    }

    pub fn recent(&self) -> &[PathBuf] {
        &self.file.recent
    }

    /// Puts a file at the top of the recent list.
    pub fn remember(&mut self, path: &Path) {
        self.file.remember(path);
    }

    /// Takes a vanished file off the recent list.
    pub fn forget_recent(&mut self, path: &Path) {
        self.file.recent.retain(|p| p != path);
        self.file.write_recent();
    }

    /// Forgets this process's recovery file: the work in it is saved or deliberately discarded.
    pub fn remove_recovery(&self) {
        self.file.remove_recovery();
    }

    pub fn recovery_offer(&self) -> Option<&RecoveryOffer> {
        self.file.recovery_offer.as_ref()
    }

    pub fn take_recovery_offer(&mut self) -> Option<RecoveryOffer> {
        self.file.recovery_offer.take()
    }

    /// Copies the unsaved document to the recovery file when the interval has passed since the
    /// last copy; returns how long until the next one is due, to wake the window then.
    pub fn autosave_if_due(&mut self) -> (Option<Duration>, Option<Message>) {
        if !self.is_dirty() || self.file.config_dir.is_none() {
            self.file.last_autosave = Instant::now();
            return (None, None);
        }
        let elapsed = self.file.last_autosave.elapsed();
        if elapsed < self.file.autosave_every {
            return (Some(self.file.autosave_every - elapsed), None);
        }
        self.file.last_autosave = Instant::now();
        let problem = self
            .file
            .write_recovery(&self.project)
            .err()
            .map(|error| Message::error(format!("Could not autosave unsaved work: {error}")));
        (Some(self.file.autosave_every), problem)
    }

    // --- datasets ---

    /// The event datasets the document lists that are loaded, with their counts for the
    /// view's filter.
    pub fn datasets(&self) -> &DatasetSet {
        &self.datasets
    }

    /// Counts the datasets for the view's filter (nothing when already counted for it).
    /// Counts per country or first-level area follow, for the datasets that shade them
    /// (`waker` repaints when the first-level areas, read on a worker thread, arrive).
    pub fn count_datasets(
        &mut self,
        filter: &EventFilter,
        window: Option<&DateRange>,
        atlas: &crate::map::atlas::Atlas,
        waker: Option<&crate::map::projected::Waker>,
    ) {
        self.datasets.apply_filter(filter, window);
        let shading: Vec<(&str, ChoroplethAreas)> = self
            .project
            .datasets
            .iter()
            .filter(|link| link.choropleth)
            .map(|link| (link.id.as_str(), link.choropleth_areas))
            .collect();
        self.datasets.count_areas(&shading, atlas, waker);
    }

    pub fn set_dataset_mode(&mut self, mode: DatasetMode) {
        self.datasets.set_mode(mode);
    }

    pub fn set_dataset_visible(&mut self, id: &str, visible: bool) {
        self.datasets.set_visible(id, visible);
    }

    /// Brings the loaded datasets in step with the document's list; returns the ids listed
    /// but not loaded, to be read.
    pub fn sync_datasets(&mut self) -> Vec<String> {
        let listed: Vec<(String, String)> = self
            .project
            .datasets
            .iter()
            .map(|link| (link.id.clone(), link.name.clone()))
            .collect();
        self.datasets.sync(&listed)
    }

    /// Keeps an imported dataset until the document lists it.
    pub fn stage_dataset(&mut self, dataset: LoadedDataset) {
        self.datasets.stage(dataset);
    }

    // --- layers ---

    /// The layers the document lists that could be read, in drawing order.
    pub fn layers(&self) -> &[UserLayer] {
        self.layers.all()
    }

    pub fn layers_version(&self) -> u64 {
        self.layers.version()
    }

    pub fn layer_set(&self) -> &LayerSet {
        &self.layers
    }

    /// The layers as the document lists them.
    pub fn layer_entries(&self) -> Vec<UserLayerEntry> {
        UserLayerEntry::list_from_view(&self.project.view)
    }

    /// A layer listed path as a file to read.
    pub fn resolve_layer_path(&self, path: &Path) -> PathBuf {
        UserLayerEntry {
            path: path.to_path_buf(),
            visible: true,
            label: None,
            hidden_groups: Vec::new(),
        }
        .resolved(self.path())
    }

    /// Reads a layer file before it is listed (see [`LayerSet::read_new`]).
    pub fn read_new_layer(&mut self, path: PathBuf) -> Result<&UserLayer, String> {
        self.layers.read_new(path)
    }

    /// Brings the loaded layers in step with the document's list.
    pub fn sync_layers(&mut self, style: &MapStyle) -> Vec<Message> {
        self.layers
            .sync(&self.project, self.file.path.as_deref(), style)
    }

    /// Hides the layers' features dated outside the story's time window.
    pub fn filter_layers(&mut self, window: Option<&DateRange>) {
        self.layers.set_time_window(window);
    }

    /// Projects the visible layers for drawing in each of `projections`.
    pub fn prepare_layers(&mut self, projections: &[crate::map::projection::CentredProjection]) {
        self.layers.prepare(projections);
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

/// Deletes a recovery file and the note beside it.
pub fn remove_recovery_file(recovery: &Path) {
    let _ = std::fs::remove_file(info_path_of(recovery));
    let _ = std::fs::remove_file(recovery);
}

/// `name` as given, or with `.faultline.geojson` added when it has no extension.
pub fn with_project_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        let mut name = path.into_os_string();
        name.push(".faultline.geojson");
        PathBuf::from(name)
    }
}

pub fn format_age(age: Duration) -> String {
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
