//! The application: state, the frame loop, and the one place actions are applied.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use egui::{Color32, RichText};

use crate::map::atlas::Atlas;
use crate::map::basemap::{Country, Detail};
use crate::map::camera::{Camera, projected_bounds};
use crate::map::projected::Waker;
use crate::map::projection::Projection;
use crate::map::user_layer::{LayerGeometry, ProjectedLayer};
use crate::map::vector_layer::VectorLayer;
use crate::model::analysis::Network;
use crate::model::file;
use crate::model::filter::{Filter, Visible};
use crate::model::settings::MapView;
use crate::model::{ActorId, Edit, EditError, Project, RelationshipId};
use crate::scene::story::Focus;
use crate::scene::text::LabelFont;
use crate::scene::{BaseLayers, MapStyle, Rgba};

use super::actions::{Action, DetailMode, Region, Selection};
use super::annotate::AnnotateState;
use super::document::{AfterUnsaved, DocumentFile};
use super::file_dialog::{DialogOutcome, DialogPurpose, FileDialog};
use super::history::History;
use super::map_view::MapViewState;
use super::network_panel::{NetworkState, network_panel};
use super::panels;
use super::timeline::{TimelineState, timeline_panel};

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

/// The tabs of the analysis panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Timeline,
    Network,
    Hidden,
}

/// A message shown to the user until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

/// A GeoJSON layer the user added.
pub struct UserLayer {
    pub name: String,
    pub path: Option<PathBuf>,
    pub visible: bool,
    pub color: Rgba,
    pub data: VectorLayer,
    pub geometry: LayerGeometry,
    /// The geometry in the projection it was last drawn in.
    pub projected: Option<(Projection, ProjectedLayer)>,
}

/// The Faultline window.
pub struct FaultlineApp {
    pub(super) atlas: Atlas,
    pub(super) font: LabelFont,
    pub(super) style: MapStyle,
    pub(super) projection: Projection,
    pub(super) detail_mode: DetailMode,
    pub(super) base_layers: BaseLayers,
    pub(super) layers: Vec<UserLayer>,
    /// Layers read but not listed in the document now (removed, or added then undone), kept
    /// so an undo or redo brings them back without reading the file again.
    pub(super) layer_cache: Vec<UserLayer>,
    /// Listed layers whose files could not be read, so the message is given once.
    pub(super) unreadable_layers: Vec<PathBuf>,
    /// Bumped whenever layers change, so cached drawings know to refresh.
    pub(super) layers_version: u64,
    pub(super) selection: Option<Selection>,
    /// The open document.
    pub(super) project: Project,
    /// Undo and redo of the document, and whether it has unsaved changes.
    pub(super) history: History,
    /// The document's file, recent files, autosave.
    pub(super) document: DocumentFile,
    /// Bumped whenever the project, the filter or the path changes, so cached drawings know to
    /// refresh.
    pub(super) project_version: u64,
    /// What the user chose to see of the story.
    pub(super) filter: Filter,
    /// The text of the search box.
    pub(super) search_text: String,
    /// The items passing the filter, recomputed when the filter or the project changes.
    pub(super) visible: Visible,
    /// Which analysis the bottom panel shows.
    pub(super) bottom_tab: BottomTab,
    pub(super) timeline: TimelineState,
    pub(super) network: NetworkState,
    /// The highlighted shortest path: its ends and the relationships along it.
    pub(super) path: Option<((ActorId, ActorId), Vec<RelationshipId>)>,
    pub(super) view: MapViewState,
    /// The annotation tools: current tool, drawing under way, selected annotation.
    pub(super) annotate: AnnotateState,
    pub(super) messages: Vec<Message>,
    pub(super) file_dialog: FileDialog,
    /// The in-app path field offered when there is no file dialog: what for, and its text.
    pub(super) path_field: Option<(DialogPurpose, String)>,
    /// The open form to add, edit or delete a story record, with what is being typed.
    pub(super) forms: super::forms::FormsState,
    pub(super) repaint: Option<egui::Context>,
    /// Wakes the window when background work (simplification) lands.
    pub(super) waker: Option<Waker>,
    pub(super) quit_requested: bool,
    /// Presentation mode: no panels, the map and its furniture fill the window.
    pub(super) presenting: bool,
    /// The Export picture dialog, export and copy work, and the furniture settings.
    pub(super) picture: super::export_dialog::PictureState,
    timing: Option<StartupTiming>,
}

/// Start-up figures printed to stderr when `FAULTLINE_TIMING` is set (for the benchmarks notes).
struct StartupTiming {
    started: Instant,
    first_frame_reported: bool,
    loaded_reported: bool,
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
        app.repaint = Some(ctx.clone());
        let waker_ctx = ctx.clone();
        app.waker = Some(Arc::new(move || waker_ctx.request_repaint()));
        if std::env::var_os("FAULTLINE_TIMING").is_some() {
            app.timing = Some(StartupTiming {
                started: options.started.unwrap_or_else(Instant::now),
                first_frame_reported: false,
                loaded_reported: false,
            });
        }
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
        let mut messages = Vec::new();
        let project = scenario_or_empty(&mut messages);
        let mut app = FaultlineApp::with_atlas_and_project(atlas, project);
        app.messages.extend(messages);
        app
    }

    /// Creates the application around an atlas and a project.
    pub fn with_atlas_and_project(mut atlas: Atlas, project: Project) -> FaultlineApp {
        let mut messages: Vec<Message> = atlas
            .take_errors()
            .into_iter()
            .map(|text| Message {
                text,
                is_error: true,
            })
            .collect();
        let font = match LabelFont::bundled() {
            Ok(font) => Some(font),
            Err(e) => {
                messages.push(Message {
                    text: e.to_string(),
                    is_error: true,
                });
                None
            }
        };
        FaultlineApp {
            atlas,
            // The bundled font is part of egui itself; failing to read it is not recoverable
            // in a useful way, but it is reported above rather than panicking.
            font: font.unwrap_or_else(LabelFont::fallback),
            style: MapStyle::default(),
            projection: Projection::default(),
            detail_mode: DetailMode::Auto,
            base_layers: BaseLayers::default(),
            layers: Vec::new(),
            layer_cache: Vec::new(),
            unreadable_layers: Vec::new(),
            layers_version: 0,
            selection: None,
            project: Project::new("Untitled"),
            history: History::new(),
            document: DocumentFile::default(),
            project_version: 0,
            filter: Filter::default(),
            search_text: String::new(),
            visible: Visible::default(),
            bottom_tab: BottomTab::Hidden,
            timeline: TimelineState::default(),
            network: NetworkState::default(),
            path: None,
            view: MapViewState::default(),
            annotate: AnnotateState::default(),
            messages,
            file_dialog: FileDialog::default(),
            path_field: None,
            forms: Default::default(),
            repaint: None,
            waker: None,
            quit_requested: false,
            presenting: false,
            picture: super::export_dialog::PictureState::default(),
            timing: None,
        }
        .with_project(project)
    }

    fn with_project(mut self, project: Project) -> FaultlineApp {
        self.project = project;
        self.document_changed();
        self
    }

    /// The projection in use.
    pub fn projection(&self) -> Projection {
        self.projection
    }

    /// The base layers' visibility.
    pub fn base_layers(&self) -> BaseLayers {
        self.base_layers
    }

    /// The selected country's name.
    pub fn selected_country(&self) -> Option<&str> {
        match self.selection.as_ref()? {
            Selection::Country(name) => Some(name.as_str()),
            Selection::Story(_) => None,
        }
    }

    /// The user layers' names, in drawing order.
    pub fn layer_names(&self) -> Vec<&str> {
        self.layers.iter().map(|l| l.name.as_str()).collect()
    }

    /// Messages waiting for the user.
    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// The camera of the map view, once the view has a size.
    pub fn camera(&self) -> Option<Camera> {
        self.view.camera
    }

    /// Where a longitude/latitude is in the window now (for tests and tooltips).
    pub fn screen_pos_of(&self, lon_lat: [f64; 2]) -> Option<egui::Pos2> {
        let rect = self.view.rect?;
        let [x, y] = self
            .view
            .camera?
            .lon_lat_to_screen(self.projection, lon_lat);
        Some(rect.min + egui::vec2(x as f32, y as f32))
    }

    /// Where the story item with this id is drawn in the window now (for tests).
    pub fn story_item_position(&self, id: &str) -> Option<egui::Pos2> {
        use crate::scene::story::{HitShape, StoryItem};
        let rect = self.view.rect?;
        let scene = self.view.scene()?;
        scene.hits.iter().find_map(|hit| {
            let matches = match &hit.item {
                StoryItem::Actor(a) => a.as_str() == id,
                StoryItem::Event(e) => e.as_str() == id,
                StoryItem::Relationship(r) => r.as_str() == id,
                StoryItem::Cluster(_) => false,
            };
            match (&hit.shape, matches) {
                (HitShape::Disc { center, .. }, true) => {
                    Some(rect.min + egui::vec2(center[0], center[1]))
                }
                (HitShape::Line { points, .. }, true) => {
                    let p = points.get(points.len() / 2)?;
                    Some(rect.min + egui::vec2(p[0], p[1]))
                }
                _ => None,
            }
        })
    }

    /// Where the map is drawn in the window.
    pub fn map_rect(&self) -> Option<egui::Rect> {
        self.view.rect
    }

    /// What passes the filter.
    pub fn visible(&self) -> &Visible {
        &self.visible
    }

    /// The filter in force.
    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    /// The relationships along the highlighted shortest path.
    pub fn path_relationships(&self) -> &[RelationshipId] {
        self.path.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }

    /// The relationships drawn in full around the focus (all of them without a focus).
    pub fn highlighted_relationships(&self) -> Vec<crate::model::RelationshipId> {
        crate::scene::story::focus_relationships(&self.project, self.focus())
    }

    /// The level of detail the map is drawn at now.
    pub fn current_detail(&self) -> Detail {
        let wanted = match (self.detail_mode, self.view.camera) {
            (DetailMode::Pinned(detail), _) => detail,
            (DetailMode::Auto, Some(camera)) => {
                Detail::for_resolution(camera.degrees_per_pixel(self.projection))
            }
            (DetailMode::Auto, None) => Detail::Coarse,
        };
        self.atlas
            .level(wanted)
            .map_or(Detail::Coarse, |l| l.base.detail)
    }

    /// Draws the whole window into `ui` (eframe's root, or a test harness).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.atlas.poll() {
            self.view.invalidate();
        }
        for text in self.atlas.take_errors() {
            self.messages.push(Message {
                text,
                is_error: true,
            });
        }
        self.poll_file_dialog();

        self.watch_window(&ctx);
        let mut actions = self.document_prompts(&ctx);
        actions.extend(self.dropped_files(&ctx));
        actions.extend(self.shortcuts(&ctx));

        actions.extend(self.picture_frame(ui));
        // Presentation mode: the map and its furniture fill the window.
        if !self.presenting {
            egui::Panel::top("menu_bar").show(ui, |ui| actions.extend(panels::menu_bar(ui, self)));
            egui::Panel::top("annotation_toolbar")
                .show(ui, |ui| actions.extend(self.annotation_toolbar(ui)));
            egui::Panel::bottom("status_bar")
                .show(ui, |ui| actions.extend(panels::status_bar(ui, self)));
            if !self.messages.is_empty() || self.path_field.is_some() {
                egui::Panel::bottom("messages")
                    .show(ui, |ui| actions.extend(panels::messages(ui, self)));
            }
            actions.extend(self.analysis_panel(ui));
            egui::Panel::left("layers")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| actions.extend(panels::layers_panel(ui, self)));
            egui::Panel::right("inspector")
                .resizable(true)
                .default_size(250.0)
                .show(ui, |ui| actions.extend(panels::inspector(ui, self)));
            // The list takes room from the map only once there is something in it.
            if self.annotate.show_list && !self.project.annotations.is_empty() {
                egui::Panel::right("annotations")
                    .resizable(true)
                    .default_size(200.0)
                    .show(ui, |ui| {
                        actions.extend(super::annotations_panel::annotations_panel(
                            ui,
                            &self.project,
                            &self.annotate,
                        ))
                    });
            }
        }
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| actions.extend(self.map_view(ui)));
        actions.extend(super::forms::show(&ctx, self));

        for action in actions {
            self.apply(action);
        }
        if self.atlas.is_loading() || self.file_dialog.is_open() {
            // The loader and dialog threads wake the window, but a slow poll covers a missed one.
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
        }
        if let Some(next) = self.autosave_if_due() {
            ctx.request_repaint_after(next);
        }
        if self.quit_requested {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.report_timing();
    }

    fn report_timing(&mut self) {
        let loading = self.atlas.is_loading();
        let Some(timing) = self.timing.as_mut() else {
            return;
        };
        if !timing.first_frame_reported {
            timing.first_frame_reported = true;
            eprintln!(
                "faultline timing: first frame built {:.0} ms after start (scene {:.2} ms)",
                timing.started.elapsed().as_secs_f64() * 1000.0,
                self.view.last_build.as_secs_f64() * 1000.0
            );
        }
        if !loading && !timing.loaded_reported {
            timing.loaded_reported = true;
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|status| {
                    status
                        .lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
                })
                .unwrap_or_else(|| "unknown".into());
            eprintln!(
                "faultline timing: all detail levels ready {:.0} ms after start; peak memory {peak}",
                timing.started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    /// The timeline and network analysis, in a panel along the bottom.
    fn analysis_panel(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        // The analysis never takes more than ~40% of the window: the map stays the main view,
        // and what does not fit scrolls.
        let max_height = (ui.available_height() * 0.4).max(160.0);
        let panel = egui::Panel::bottom("analysis").resizable(self.bottom_tab != BottomTab::Hidden);
        let panel = if self.bottom_tab == BottomTab::Hidden {
            panel
        } else {
            panel
                .default_size(max_height.min(280.0))
                .min_size(max_height.min(220.0))
                .max_size(max_height)
        };
        panel.show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.bottom_tab, BottomTab::Timeline, "Timeline");
                ui.selectable_value(&mut self.bottom_tab, BottomTab::Network, "Network");
                ui.selectable_value(&mut self.bottom_tab, BottomTab::Hidden, "Hide analysis");
            });
            if self.bottom_tab == BottomTab::Hidden {
                return;
            }
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match self.bottom_tab {
                    BottomTab::Timeline => actions.extend(timeline_panel(
                        ui,
                        &self.project,
                        &self.visible,
                        &self.filter,
                        self.selection.as_ref(),
                        &mut self.timeline,
                    )),
                    BottomTab::Network => {
                        let path = self.path.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
                        actions.extend(network_panel(
                            ui,
                            &self.project,
                            &self.visible,
                            path,
                            &mut self.network,
                        ));
                    }
                    BottomTab::Hidden => {}
                });
        });
        actions
    }

    /// Applies one action: the only place application state changes.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::SetProjection(projection) => {
                if projection != self.projection {
                    // Keep looking at the same place in the new projection.
                    let centre = self
                        .view
                        .camera
                        .and_then(|c| self.projection.inverse(c.center[0], c.center[1]));
                    let old = self.projection;
                    self.projection = projection;
                    if let (Some(camera), Some(centre)) = (self.view.camera.as_mut(), centre) {
                        let ratio = projection.units_per_degree_at(centre[0], centre[1])
                            / old.units_per_degree_at(centre[0], centre[1]);
                        camera.center = projection.forward(centre[0], centre[1]);
                        camera.pixels_per_unit /= ratio;
                        camera.clamp(projection);
                    }
                    self.view.invalidate();
                }
            }
            Action::SetDetailMode(mode) => {
                self.detail_mode = mode;
                self.view.invalidate();
            }
            Action::SetBaseLayer(kind, visible) => {
                let mut layers = self.base_layers;
                let flag = kind.flag(&mut layers);
                *flag = visible;
                let verb = if visible { "Show" } else { "Hide" };
                let view = layers.written_to(&self.project.view);
                self.apply(Action::edit(
                    Edit::SetView(view),
                    format!("{verb} {}", kind.label().to_lowercase()),
                ));
            }
            Action::SetLayerVisible(index, visible) => self.set_layer_visible(index, visible),
            Action::RemoveLayer(index) => self.remove_layer(index),
            Action::ZoomToLayer(index) => {
                if let Some(bbox) = self.layers.get(index).and_then(|l| l.data.bbox) {
                    self.fly_to_bbox(bbox);
                }
            }
            Action::AddLayer(path) => self.add_layer(path),
            Action::OpenPath(path) => self.open_path(path),
            Action::PickLayerFile => self.pick_file(DialogPurpose::AddLayer),
            Action::ShowPathField(purpose) => self.show_path_field(purpose),
            Action::SetPathField(text) => match (text, self.path_field.as_mut()) {
                (Some(text), Some((_, field))) => *field = text,
                (Some(_), None) => {}
                (None, _) => self.path_field = None,
            },
            Action::FileChosen(purpose, path) => self.file_chosen(purpose, path),
            Action::NewProject => self.unless_unsaved(AfterUnsaved::New),
            Action::PickProjectFile => self.pick_file(DialogPurpose::OpenProject),
            Action::OpenRecent(path) => self.open_recent(path),
            Action::Save => self.save(),
            Action::PickSaveAs => {
                let name = self.suggested_file_name();
                self.pick_file(DialogPurpose::SaveProjectAs(name));
            }
            Action::SaveAs(path) => self.save_as(path),
            Action::CloseProject => self.unless_unsaved(AfterUnsaved::Close),
            Action::AnswerUnsaved(answer) => self.answer_unsaved(answer),
            Action::AnswerRecovery(restore) => self.answer_recovery(restore),
            Action::OpenForm(request) => {
                self.forms.requested = Some(request);
                // Shown from the next frame, which no input may bring.
                if let Some(ctx) = &self.repaint {
                    ctx.request_repaint();
                }
            }
            Action::ShowRegion(region) => match region.bbox() {
                Some(bbox) => self.fly_to_bbox(bbox),
                None => {
                    if let Some(camera) = self.view.camera.as_mut() {
                        *camera = Camera::world(self.projection, camera.viewport);
                    } else {
                        self.view.pending_bbox = None;
                    }
                }
            },
            Action::FitSelection => {
                if let Some(bbox) = self.selection_bbox() {
                    self.fly_to_bbox(bbox);
                }
            }
            Action::Select(selection) => {
                if selection.is_some() {
                    self.annotate.deselect();
                }
                self.selection = selection;
                self.view.invalidate();
            }
            Action::ZoomBy(factor) => {
                if let Some(camera) = self.view.camera.as_mut() {
                    let centre = [camera.viewport[0] / 2.0, camera.viewport[1] / 2.0];
                    camera.zoom_about(factor, centre, self.projection);
                }
            }
            Action::ZoomAt(factor, anchor) => {
                if let Some(camera) = self.view.camera.as_mut() {
                    camera.zoom_about(factor, anchor, self.projection);
                }
            }
            Action::DismissMessage(index) => {
                if index < self.messages.len() {
                    self.messages.remove(index);
                }
            }
            Action::SetSearchText(text) => self.search_text = text,
            Action::SetFilter(filter) => {
                self.visible = filter.visible(&self.project);
                self.filter = filter;
                self.project_version += 1;
            }
            Action::FlyTo { lon, lat } => {
                let projection = self.projection;
                if let Some(camera) = self.view.camera.as_mut() {
                    let regional = Camera::fit_lon_lat(
                        projection,
                        [lon - 8.0, lat - 6.0, lon + 8.0, lat + 6.0],
                        camera.viewport,
                        0.05,
                    );
                    camera.center = projection.forward(lon, lat);
                    camera.pixels_per_unit = camera.pixels_per_unit.max(regional.pixels_per_unit);
                    camera.clamp(projection);
                } else {
                    self.view.pending_bbox = Some([lon - 8.0, lat - 6.0, lon + 8.0, lat + 6.0]);
                }
            }
            Action::ShowPath(ends) => {
                self.path = ends.and_then(|(from, to)| {
                    let network = Network::from_project(&self.project, &self.visible);
                    match network.shortest_path(&from, &to) {
                        Some(steps) => {
                            Some(((from, to), steps.into_iter().map(|(_, r)| r).collect()))
                        }
                        None => {
                            self.messages.push(Message {
                                text: "No chain of ties joins those two actors in what is shown."
                                    .into(),
                                is_error: false,
                            });
                            None
                        }
                    }
                });
                self.project_version += 1;
            }
            Action::Edit { edit, label } => {
                match self.history.apply(&mut self.project, edit, label) {
                    Ok(()) => self.document_changed(),
                    Err(error) => self.messages.push(Message {
                        text: format!("Not changed: {error}."),
                        is_error: true,
                    }),
                }
            }
            Action::Undo => {
                let undone = self.history.undo(&mut self.project);
                self.after_history_step(undone, "Undid");
            }
            Action::Redo => {
                let redone = self.history.redo(&mut self.project);
                self.after_history_step(redone, "Redid");
            }
            Action::Quit => self.unless_unsaved(AfterUnsaved::Quit),
            Action::Annotation(command) => self.apply_annotation(command),
            Action::Picture(action) => self.apply_picture(action),
        }
    }

    fn after_history_step(&mut self, step: Result<Option<String>, EditError>, verb: &str) {
        match step {
            Ok(Some(_)) => self.document_changed(),
            Ok(None) => {}
            Err(error) => self.messages.push(Message {
                text: format!("{verb} nothing: {error}."),
                is_error: true,
            }),
        }
    }

    /// Brings what is derived from the document up to date after it changed.
    fn document_changed(&mut self) {
        self.visible = self.filter.visible(&self.project);
        self.base_layers = BaseLayers::from_view(&self.project.view);
        self.sync_user_layers();
        // A selection or path whose items were deleted is dropped rather than left dangling.
        if let Some(Selection::Story(focus)) = &self.selection
            && !focus_exists(&self.project, focus)
        {
            self.selection = None;
        }
        if let Some(((from, to), _)) = &self.path
            && (self.project.actor(from).is_none() || self.project.actor(to).is_none())
        {
            self.path = None;
        }
        self.project_version += 1;
        self.view.invalidate();
    }

    /// Whether the document has changes that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// What Undo would undo, as the Edit menu says it.
    pub fn undo_label(&self) -> Option<&str> {
        self.history.undo_label()
    }

    /// What Redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.history.redo_label()
    }

    /// The open project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// What is selected.
    pub fn selection(&self) -> Option<&Selection> {
        self.selection.as_ref()
    }

    /// The story item in focus, if the selection is one.
    pub(super) fn focus(&self) -> Option<&Focus> {
        match self.selection.as_ref()? {
            Selection::Story(focus) => Some(focus),
            Selection::Country(_) => None,
        }
    }

    /// The box to frame for the selection.
    fn selection_bbox(&self) -> Option<[f64; 4]> {
        let around = |lon: f64, lat: f64, r: f64| {
            [lon - r, (lat - r).max(-89.0), lon + r, (lat + r).min(89.0)]
        };
        match self.selection.as_ref()? {
            Selection::Country(_) => self.selected_country_data().map(Country::frame_bbox),
            Selection::Story(Focus::Actor(id)) => {
                let actor = self.project.actor(id)?;
                Some(around(actor.anchor.lon, actor.anchor.lat, 8.0))
            }
            Selection::Story(Focus::Event(id)) => {
                let event = self.project.event(id)?;
                Some(around(event.place.lon, event.place.lat, 6.0))
            }
            Selection::Story(Focus::Relationship(id)) => {
                let r = self.project.relationship(id)?;
                let (a, b) = (self.project.actor(&r.from)?, self.project.actor(&r.to)?);
                let (w, e) = (
                    a.anchor.lon.min(b.anchor.lon),
                    a.anchor.lon.max(b.anchor.lon),
                );
                let (s, n) = (
                    a.anchor.lat.min(b.anchor.lat),
                    a.anchor.lat.max(b.anchor.lat),
                );
                Some([w - 4.0, (s - 4.0).max(-89.0), e + 4.0, (n + 4.0).min(89.0)])
            }
        }
    }

    /// The selected country in the level drawn now.
    pub(super) fn selected_country_data(&self) -> Option<&Country> {
        let Some(Selection::Country(name)) = self.selection.as_ref() else {
            return None;
        };
        let level = self.atlas.level(self.current_detail())?;
        level.base.country_by_name(name).map(|(_, c)| c)
    }

    pub(super) fn fly_to_bbox(&mut self, bbox: [f64; 4]) {
        match self.view.camera.as_mut() {
            Some(camera) => {
                *camera = Camera::fit_projected(
                    projected_bounds(self.projection, bbox),
                    camera.viewport,
                    0.06,
                );
                camera.clamp(self.projection);
            }
            None => self.view.pending_bbox = Some(bbox),
        }
    }

    fn open_path(&mut self, path: PathBuf) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                self.messages.push(Message {
                    text: format!("Could not open {}: {error}", path.display()),
                    is_error: true,
                });
                return;
            }
        };
        // A cheap look for the project member first spares parsing big GeoJSON files twice.
        let marker: &[u8] = b"\"faultline\"";
        if !bytes.windows(marker.len()).any(|w| w == marker) {
            self.add_layer(path);
            return;
        }
        if self.is_dirty() {
            // Read again once the question is answered: the file may change meanwhile.
            if file::is_project_document(&bytes) {
                self.unless_unsaved(AfterUnsaved::Open(path));
            } else {
                self.add_layer(path);
            }
            return;
        }
        match file::parse_project(&bytes, &path.display().to_string()) {
            Ok(project) => self.open_project(project, &path),
            Err(_) if !file::is_project_document(&bytes) => self.add_layer(path),
            // The open project stays as it was.
            Err(error) => self.messages.push(Message {
                text: format!("Could not open the project: {error}"),
                is_error: true,
            }),
        }
    }

    /// Shows the in-app path field for `purpose`.
    pub(super) fn show_path_field(&mut self, purpose: DialogPurpose) {
        let text = match (&purpose, &self.document.path) {
            (DialogPurpose::SaveProjectAs(_), Some(path)) => path.display().to_string(),
            _ => String::new(),
        };
        self.path_field = Some((purpose, text));
    }

    /// Puts a new document in place of the open one, resetting what referred to the old one.
    pub(super) fn replace_project(&mut self, project: Project) {
        self.project = project;
        self.history = History::new();
        self.unreadable_layers.clear();
        self.selection = None;
        self.path = None;
        self.network = NetworkState::default();
        self.document_changed();
        self.show_saved_map_view();
    }

    /// Looks where the project was looking when saved (projection and area), if it says.
    fn show_saved_map_view(&mut self) {
        let Some(saved) = MapView::from_view(&self.project.view) else {
            return;
        };
        if let Some(projection) = Projection::from_name(&saved.projection) {
            self.projection = projection;
        }
        self.view.invalidate();
        match saved.bbox {
            Some(bbox) => self.fly_to_bbox(bbox),
            None => match self.view.camera.as_mut() {
                Some(camera) => *camera = Camera::world(self.projection, camera.viewport),
                None => self.view.pending_bbox = None,
            },
        }
    }

    /// Where the map is looking now, as a project saves it: the projection, and the area
    /// between the view's edges through its centre.
    pub(super) fn current_map_view(&self) -> MapView {
        let projection = self.projection;
        let bbox = self.view.camera.and_then(|camera| {
            let [width, height] = camera.viewport;
            let [mid_x, mid_y] = [width / 2.0, height / 2.0];
            let west = camera.screen_to_lon_lat(projection, [0.0, mid_y])?[0];
            let east = camera.screen_to_lon_lat(projection, [width, mid_y])?[0];
            let north = camera.screen_to_lon_lat(projection, [mid_x, 0.0])?[1];
            let south = camera.screen_to_lon_lat(projection, [mid_x, height])?[1];
            // Beyond the edge of the world (zoomed far out) the whole world is what is seen.
            (west < east && south < north).then_some([west, south, east, north])
        });
        MapView {
            projection: projection.id().to_owned(),
            bbox,
        }
    }

    fn poll_file_dialog(&mut self) {
        match self.file_dialog.poll() {
            Some((purpose, DialogOutcome::Picked(path))) => self.file_chosen(purpose, path),
            Some((DialogPurpose::ExportPicture { format, .. }, DialogOutcome::Unavailable)) => {
                // The Export picture window has its own path field.
                self.export_path_unavailable(format);
            }
            Some((purpose, DialogOutcome::Unavailable)) => {
                self.messages.push(Message {
                    text: "No system file dialog is available on this desktop: type the file's path below (files can also be dropped on the window or given on the command line).".into(),
                    is_error: false,
                });
                self.show_path_field(purpose);
            }
            Some((DialogPurpose::SaveProjectAs(_), DialogOutcome::Cancelled)) => {
                // Whatever waited on the save does not happen.
                self.document.after_save = None;
            }
            Some((_, DialogOutcome::Cancelled)) | None => {}
        }
    }

    fn dropped_files(&self, ctx: &egui::Context) -> Vec<Action> {
        ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| Action::OpenPath(file.path().to_path_buf()))
                .collect()
        })
    }

    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Action> {
        use egui::{Key, KeyboardShortcut, Modifiers};
        let mut actions = Vec::new();
        let shift_command = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        // The shifted shortcut is tried first: Ctrl+Shift+S would also match Ctrl+S.
        let shortcuts = [
            (
                KeyboardShortcut::new(shift_command, Key::S),
                Action::PickSaveAs,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::S),
                Action::Save,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::N),
                Action::NewProject,
            ),
            (
                KeyboardShortcut::new(Modifiers::COMMAND, Key::O),
                Action::PickProjectFile,
            ),
        ];
        for (shortcut, action) in shortcuts {
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                actions.push(action);
                break;
            }
        }
        // A text field being typed in keeps Ctrl+Z for its own text.
        if !ctx.egui_wants_keyboard_input() {
            // Redo first: Ctrl+Shift+Z also matches Ctrl+Z when shift is ignored.
            if ctx.input_mut(|i| i.consume_shortcut(&panels::REDO)) {
                actions.push(Action::Redo);
            } else if ctx.input_mut(|i| i.consume_shortcut(&panels::UNDO)) {
                actions.push(Action::Undo);
            }
        }
        let quit = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
        if ctx.input_mut(|i| i.consume_shortcut(&quit)) {
            actions.push(Action::Quit);
        }
        actions
    }

    /// The drawing state of each user layer in the current projection (projected on demand).
    pub(super) fn projected_layers(&mut self) -> Vec<(usize, Rgba)> {
        let projection = self.projection;
        let mut visible = Vec::new();
        for (index, layer) in self.layers.iter_mut().enumerate() {
            if !layer.visible {
                continue;
            }
            if layer
                .projected
                .as_ref()
                .is_none_or(|(p, _)| *p != projection)
            {
                layer.projected = Some((projection, layer.geometry.project(projection)));
            }
            visible.push((index, layer.color));
        }
        visible
    }
}

/// Whether the focused story item is still in the project.
fn focus_exists(project: &Project, focus: &Focus) -> bool {
    match focus {
        Focus::Actor(id) => project.actor(id).is_some(),
        Focus::Relationship(id) => project.relationship(id).is_some(),
        Focus::Event(id) => project.event(id).is_some(),
    }
}

/// The story Faultline opens with: the bundled scenario (an ordinary project file).
fn scenario_or_empty(messages: &mut Vec<Message>) -> Project {
    match file::built_in_scenario() {
        Ok(project) => project,
        Err(error) => {
            messages.push(Message {
                text: format!("The built-in scenario could not be read: {error}"),
                is_error: true,
            });
            Project::new("Untitled")
        }
    }
}

/// Red for errors, the normal text colour for notes.
pub(super) fn message_text(message: &Message) -> RichText {
    let text = RichText::new(&message.text);
    if message.is_error {
        text.color(Color32::from_rgb(0xc0, 0x1c, 0x1c))
    } else {
        text
    }
}

impl eframe::App for FaultlineApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}
