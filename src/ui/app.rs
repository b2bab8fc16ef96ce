//! The application: the three owners (document, view, runtime), the panels' own state, the
//! frame loop, and the one place actions are applied (`apply`, in `app/apply.rs`).

/// What the panels may read, from the app's fields: a macro rather than a method, so the
/// app's other fields (the panels' own state) stay free to lend mutably beside it.
macro_rules! read_of {
    ($app:expr) => {
        $crate::ui::panel::Read {
            document: &$app.document,
            view: &$app.view,
            runtime: &$app.runtime,
            map: &$app.map,
            forms: &$app.forms,
        }
    };
}

mod apply;
pub(in crate::ui) mod datasets;
mod files;
mod pictures;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::map::atlas::Atlas;
use crate::map::basemap::{Country, Detail};
use crate::map::camera::{Camera, LonLat};
use crate::map::projection::Projection;
use crate::model::file;
use crate::model::filter::{Filter, Visible};
use crate::model::furniture::Furniture;
use crate::model::{AnnotationId, Project, RelationshipId};
use crate::scene::BaseLayers;

use super::actions::{Action, Region, Selection, Tool};
use super::annotate::AnnotateState;
use super::document::{AfterUnsaved, Document, RecoveryOffer};
use super::forms::FormsState;
use super::map_memory::MapMemory;
use super::message::Message;
use super::panel::Panel;
use super::panels;
use super::pictures::PictureState;
use super::runtime::Runtime;
use super::view::View;

/// How the application starts.
#[derive(Clone, Debug, Default)]
pub struct StartOptions {
    /// Files to open at start: a Faultline project replaces the built-in scenario, other
    /// GeoJSON files become layers.
    pub layers: Vec<PathBuf>,
    /// Load every level of detail before the first frame instead of in the background (for
    /// tests, which want a deterministic map).
    pub load_all_now: bool,
    /// When the process started, to report start-up time with `FAULTLINE_TIMING=1`.
    pub started: Option<Instant>,
    /// Where recent files and the recovery file are kept (`None`: nowhere).
    pub config_dir: Option<PathBuf>,
}

/// The Faultline window.
pub struct FaultlineApp {
    pub(super) document: Document,
    pub(super) view: View,
    pub(super) runtime: Runtime,
    /// The panels' own state, kept between frames.
    pub(super) annotate: AnnotateState,
    pub(super) forms: FormsState,
    pub(super) picture: PictureState,
    /// The panels around the map (see [`super::dock::panels`]).
    pub(super) panels: Vec<Box<dyn Panel>>,
    pub(super) map: MapMemory,
    /// An event import being set up, running or waiting for its report to be read.
    pub(super) import: super::import_dialog::ImportState,
    /// Story › Draft from article…
    pub(super) draft: super::draft_dialog::DraftDialog,
    /// The attribute table of a user layer, when one is open.
    pub(super) layer_table: super::layer_table::LayerTable,
    /// The project's datasets being read (from their caches or sources).
    pub(super) dataset_loads: Vec<datasets::DatasetLoad>,
    /// Whether the gazetteer has been sent to load in the background.
    gazetteer_prefetched: bool,
}

impl FaultlineApp {
    /// Creates the application; the base map's finer levels load in the background and wake the
    /// window when ready.
    pub fn new(ctx: &egui::Context, options: StartOptions) -> FaultlineApp {
        let atlas = if options.load_all_now {
            Atlas::load_now(&Detail::ALL)
        } else {
            let waker = ctx.clone();
            Atlas::start(move || waker.request_repaint())
        };
        let mut app = FaultlineApp::with_atlas(atlas);
        if let Some(dir) = options.config_dir {
            app = app.with_config_dir(dir);
        }
        let timing = std::env::var_os("FAULTLINE_TIMING").is_some();
        app.runtime.attach(ctx, options.started, timing);
        // The story happens between Europe and South Asia: start there rather than on the
        // whole world (Home or Region: World shows everything).
        app.apply(Action::ShowRegion(Region::EuropeToCentralAsia));
        for path in options.layers {
            app.apply(Action::OpenPath(path));
        }
        app
    }

    /// Creates the application around an atlas (tests build one synchronously).
    pub fn with_atlas(atlas: Atlas) -> FaultlineApp {
        let (project, problem) = match file::built_in_scenario() {
            Ok(project) => (project, None),
            Err(error) => (
                Project::new("Untitled"),
                Some(Message::error(format!(
                    "The built-in scenario could not be read: {error}"
                ))),
            ),
        };
        let mut app = FaultlineApp::with_atlas_and_project(atlas, project);
        app.runtime.say_all(problem);
        app
    }

    /// Creates the application around an atlas and a project.
    pub fn with_atlas_and_project(atlas: Atlas, project: Project) -> FaultlineApp {
        let mut app = FaultlineApp {
            document: Document::new(project),
            view: View::default(),
            runtime: Runtime::new(atlas),
            annotate: AnnotateState::default(),
            forms: FormsState::default(),
            picture: PictureState::default(),
            panels: super::dock::panels(),
            map: MapMemory::default(),
            import: super::import_dialog::ImportState::default(),
            draft: super::draft_dialog::DraftDialog::default(),
            layer_table: super::layer_table::LayerTable::default(),
            dataset_loads: Vec::new(),
            gazetteer_prefetched: false,
        };
        app.document_changed();
        app
    }

    /// Search and the forms look places up in the gazetteer: it is loaded before it is asked
    /// for, but only once the datasets the window opened with have been read, so that on two
    /// cores it does not hold back the first map with their events (asked for sooner, it loads
    /// then).
    fn prefetch_gazetteer(&mut self) {
        if self.gazetteer_prefetched || !self.dataset_loads.is_empty() {
            return;
        }
        self.gazetteer_prefetched = true;
        let _ = std::thread::Builder::new()
            .name("faultline-gazetteer".into())
            .spawn(|| {
                crate::gazetteer::Gazetteer::shared();
            });
    }

    /// Keeps recent files and the recovery file in `dir`, and offers to restore unsaved work
    /// that a previous session left there.
    pub fn with_config_dir(mut self, dir: PathBuf) -> FaultlineApp {
        self.document.use_config_dir(dir);
        self
    }

    /// Copies unsaved work to the recovery file this often (tests shorten it).
    pub fn set_autosave_interval(&mut self, every: Duration) {
        self.document.set_autosave_interval(every);
    }

    /// Draws the whole window into `ui` (eframe's root, or a test harness).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let frame_started = Instant::now();
        let ctx = ui.ctx().clone();
        if self.runtime.poll_atlas() {
            self.map.invalidate();
        }
        self.poll_file_dialog();
        self.poll_import();
        self.poll_dataset_loads();
        self.prefetch_gazetteer();
        self.poll_picture_work(&ctx);
        self.document.prepare_layers(&self.view.layer_projections());
        self.document.count_datasets(
            self.view.event_filter(),
            self.view.filter().time_window.as_ref(),
            self.runtime.atlas(),
            self.runtime.waker(),
        );
        self.document
            .filter_layers(self.view.filter().time_window.as_ref());

        let mut actions = self.watch_window(&ctx);
        actions.extend(panels::prompts(&ctx, &self.document));
        actions.extend(dropped_files(&ctx));
        actions.extend(self.shortcuts(&ctx));
        actions.extend(self.picture_frame(&ctx));
        if let Some(answer) = super::import_dialog::show(&ctx, &mut self.import) {
            self.answer_import(answer);
        }
        actions.extend(self.draft.show(&ctx, self.document.project()));
        // The map's keys are the dialog's while it is open, even between its fields.
        self.map.keyboard_elsewhere = self.draft.is_open();
        // Presentation mode: the map and its furniture fill the window.
        if !self.view.is_presenting() {
            let read = read_of!(self);
            actions.extend(super::dock::show_panels(
                ui,
                &mut self.panels,
                &read,
                &mut self.annotate,
            ));
            actions.extend(self.layer_table.show(&ctx, &read));
        }
        let mut map_actions = Vec::new();
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                map_actions = super::map_view::map_view(
                    ui,
                    (&self.document, &self.view, &self.runtime, &self.forms),
                    &mut self.map,
                    &mut self.annotate,
                )
            });
        // Where the map looked this frame comes first: what the panels asked (a region, a
        // fly-to) starts from there.
        let (camera, rest): (Vec<Action>, Vec<Action>) = map_actions
            .into_iter()
            .partition(|a| matches!(a, Action::SetCamera(_)));
        actions.splice(0..0, camera);
        actions.extend(rest);
        let centre = self.view.camera().and_then(|c| {
            c.centred(self.view.projection())
                .inverse(c.center[0], c.center[1])
        });
        actions.extend(super::forms::show(
            &ctx,
            &mut self.forms,
            self.document.project(),
            self.view.focus(),
            centre,
        ));

        for action in actions {
            self.apply(action);
        }
        if self.runtime.atlas().is_loading()
            || self.runtime.is_dialog_open()
            || self.is_importing()
            || !self.dataset_loads.is_empty()
        {
            // The loader and dialog threads wake the window, but a slow poll covers a missed one.
            ctx.request_repaint_after(Duration::from_millis(250));
        }
        let (next, problem) = self.document.autosave_if_due();
        self.runtime.say_all(problem);
        if let Some(next) = next {
            ctx.request_repaint_after(next);
        }
        if self.runtime.quit_requested() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.runtime
            .report_timing(frame_started.elapsed(), self.map.last_build);
    }

    /// Brings what derives from the document up to date after it changed.
    pub(super) fn document_changed(&mut self) {
        let problems = self.document.sync_layers(self.runtime.style());
        for problem in problems {
            self.runtime.say(problem);
        }
        let missing = self.document.sync_datasets();
        self.load_missing_datasets(missing);
        self.view.document_changed(self.document.project());
        self.map.invalidate();
    }

    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Action> {
        super::commands::pressed(ctx)
            .into_iter()
            .map(|command| match (command.action)() {
                Action::Picture(super::actions::PictureAction::Present(_)) => Action::Picture(
                    super::actions::PictureAction::Present(!self.view.is_presenting()),
                ),
                action => action,
            })
            .collect()
    }

    /// Keeps the window title in step with the document, and holds a window close back while
    /// there are unsaved changes.
    fn watch_window(&mut self, ctx: &egui::Context) -> Vec<Action> {
        if let Some(title) = self.document.take_title_change() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title));
        }
        if ctx.input(|i| i.viewport().close_requested()) {
            if self.document.is_dirty() && !self.document.close_confirmed() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.document.ask(AfterUnsaved::Quit);
            } else {
                // A clean exit: nothing is left to recover.
                self.document.remove_recovery();
            }
        }
        Vec::new()
    }

    // --- what tests and panels read ---

    /// The open project.
    pub fn project(&self) -> &Project {
        self.document.project()
    }

    /// The projection in use.
    pub fn projection(&self) -> Projection {
        self.view.projection()
    }

    /// The base layers' visibility, as the document stores it.
    pub fn base_layers(&self) -> BaseLayers {
        BaseLayers::from_view(&self.document.project().view)
    }

    /// The selected country's name.
    pub fn selected_country(&self) -> Option<&str> {
        self.view.selected_country()
    }

    /// What is selected.
    pub fn selection(&self) -> Option<&Selection> {
        self.view.selection()
    }

    /// The user layers' names, in drawing order.
    pub fn layer_names(&self) -> Vec<&str> {
        self.document
            .layers()
            .iter()
            .map(|l| l.name.as_str())
            .collect()
    }

    /// Messages waiting for the user.
    pub fn messages(&self) -> &[Message] {
        self.runtime.messages()
    }

    /// The camera of the map view, once the view has a size.
    pub fn camera(&self) -> Option<Camera> {
        self.view.camera()
    }

    /// Where a longitude/latitude is in the window now (for tests and tooltips).
    pub fn screen_pos_of(&self, lon_lat: [f64; 2]) -> Option<egui::Pos2> {
        let rect = self.map.rect()?;
        let p = self
            .view
            .camera()?
            .lon_lat_to_screen(self.view.projection(), LonLat::new(lon_lat[0], lon_lat[1]));
        Some(rect.min + egui::vec2(p.x as f32, p.y as f32))
    }

    /// Where the story item with this id is drawn in the window now (for tests).
    pub fn story_item_position(&self, id: &str) -> Option<egui::Pos2> {
        self.map.story_item_position(id)
    }

    /// Where the legend is drawn in the window now, and whether it is collapsed (for tests).
    pub fn legend(&self) -> Option<(egui::Rect, bool)> {
        Some((self.map.legend_rect()?, self.map.legend_collapsed))
    }

    /// Where the map is drawn in the window.
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.map.rect()
    }

    /// What passes the filter.
    pub fn visible(&self) -> &Visible {
        self.view.visible()
    }

    /// The filter in force.
    pub fn filter(&self) -> &Filter {
        self.view.filter()
    }

    /// The relationships along the highlighted shortest path.
    pub fn path_relationships(&self) -> &[RelationshipId] {
        self.view.path_relationships()
    }

    /// The relationships drawn in full around the focus (all of them without a focus).
    pub fn highlighted_relationships(&self) -> Vec<RelationshipId> {
        crate::scene::story::focus_relationships(self.document.project(), self.view.focus())
    }

    /// The level of detail the map is drawn at now.
    pub fn current_detail(&self) -> Detail {
        self.view.current_detail(self.runtime.atlas())
    }

    /// The detail mode, for the menus.
    pub fn detail_mode(&self) -> super::actions::DetailMode {
        self.view.detail_mode()
    }

    /// Whether the document has changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.document.is_dirty()
    }

    /// What Undo would undo, as the Edit menu says it.
    pub fn undo_label(&self) -> Option<&str> {
        self.document.undo_label()
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.document.redo_label()
    }

    /// Where the document was opened from or last saved to.
    pub fn document_path(&self) -> Option<&std::path::Path> {
        self.document.path()
    }

    /// Recently opened or saved files, newest first.
    pub fn recent_files(&self) -> &[PathBuf] {
        self.document.recent()
    }

    /// The question about unsaved changes being asked, if any.
    pub fn unsaved_prompt(&self) -> Option<&AfterUnsaved> {
        self.document.prompt()
    }

    /// Unsaved work from a previous session on offer, if any.
    pub fn recovery_offer(&self) -> Option<&RecoveryOffer> {
        self.document.recovery_offer()
    }

    /// The window title: the file's name (or the project's title when never saved), with a
    /// mark when there are unsaved changes.
    pub fn window_title(&self) -> String {
        self.document.window_title()
    }

    /// Whether the map fills the window without panels.
    pub fn is_presenting(&self) -> bool {
        self.view.is_presenting()
    }

    /// The furniture settings of the open project.
    pub fn furniture(&self) -> Furniture {
        Furniture::from_view(&self.document.project().view)
    }

    /// The annotation tool in use.
    pub fn annotation_tool(&self) -> Tool {
        self.annotate.tool
    }

    /// The selected annotation.
    pub fn selected_annotation(&self) -> Option<&AnnotationId> {
        self.annotate.selected.as_ref()
    }

    /// The texts the map drew last (names, labels, notes), for tests.
    pub fn drawn_texts(&self) -> Vec<String> {
        self.map
            .scene()
            .map(|scene| scene.label_texts().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// The event datasets the project holds, loaded, in its order.
    pub fn datasets(&self) -> &[super::datasets::LoadedDataset] {
        self.document.datasets().all()
    }

    /// How many point symbols (actors, events, clusters) the map drew last, for tests.
    pub fn drawn_marker_count(&self) -> usize {
        self.map.scene().map_or(0, |scene| {
            scene
                .primitives
                .iter()
                .filter(|p| matches!(p, crate::scene::Primitive::Marker { .. }))
                .count()
        })
    }

    /// The selected country in the level drawn now.
    pub(super) fn selected_country_data(&self) -> Option<&Country> {
        self.view.selected_country_data(self.runtime.atlas())
    }
}

fn dropped_files(ctx: &egui::Context) -> Vec<Action> {
    ctx.input(|input| {
        input
            .raw
            .dropped_files
            .iter()
            .map(|file| Action::OpenPath(file.path().to_path_buf()))
            .collect()
    })
}

impl eframe::App for FaultlineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
