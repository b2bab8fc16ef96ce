//! Briefing pictures from the window: the Export picture dialog (format, size, furniture),
//! export and copy-to-clipboard on worker threads, and presentation mode.
//!
//! The picture is the map view's own scene (same camera, layers, filter, selection and
//! furniture) painted larger, so what is exported is what is on screen.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use crate::files::write_atomically;
use crate::map::basemap::Detail;
use crate::map::camera::Camera;
use crate::map::projected::{ProjectedDetail, ProjectedLines, graticule_step};
use crate::map::user_layer::ProjectedLayer;
use crate::model::filter::Visible;
use crate::model::furniture::{Furniture, parse_hex_rgb};
use crate::model::{Edit, Project, RelationshipId};
use crate::render::{
    PictureFormat, RenderError, check_size, encode_picture, fit_view, render_pixmap,
};
use crate::scene::story::Focus;
use crate::scene::text::LabelFont;
use crate::scene::{
    BaseLayers, FurnitureInput, MapFrame, MapStyle, Rgba, Scene, StoryInput, UserLayerView,
    build_map_scene,
};

use super::actions::{Action, BaseLayerKind, DetailMode, Selection};
use super::app::{FaultlineApp, Message};
use super::file_dialog::DialogPurpose;

/// A dialog that answers this quickly was never shown (no portal, no zenity).
/// How long entering presentation mode shows how to leave it.
const HINT_FOR: Duration = Duration::from_secs(4);

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

    fn fixed(self) -> Option<[u32; 2]> {
        match self {
            SizeChoice::FullHd => Some([1920, 1080]),
            SizeChoice::UltraHd => Some([3840, 2160]),
            SizeChoice::A4Landscape => Some([3508, 2480]),
            SizeChoice::Window | SizeChoice::Custom => None,
        }
    }

    fn label(self, window: [u32; 2]) -> String {
        match self {
            SizeChoice::Window => format!("The window ({}×{})", window[0], window[1]),
            SizeChoice::FullHd => "Full HD (1920×1080)".into(),
            SizeChoice::UltraHd => "4K (3840×2160)".into(),
            SizeChoice::A4Landscape => "A4 landscape, 300 dpi (3508×2480)".into(),
            SizeChoice::Custom => "Custom size".into(),
        }
    }
}

/// The Export picture dialog and the work it started.
pub struct PictureState {
    pub open: bool,
    pub format: PictureFormat,
    pub size: SizeChoice,
    pub custom_width: String,
    pub custom_height: String,
    /// The in-app path field, offered when no system dialog is available.
    pub path_field: Option<String>,
    /// The furniture of the open project, read from its `view` member every frame.
    pub furniture: Furniture,
    /// Text being typed in a furniture field, committed as one undoable step when the field
    /// loses focus (not one step per key).
    drafts: Drafts,
    jobs: Vec<Receiver<Message>>,
    /// Kept for the life of the window: on X11 the picture stays on the clipboard only while
    /// its owner lives.
    clipboard: Arc<Mutex<Option<arboard::Clipboard>>>,
    /// Physical pixels per UI point, for the window-sized preset.
    pixels_per_point: f32,
    /// Why the banner colour typed last was refused, said next to the field.
    colour_problem: Option<String>,
    /// When presentation mode began, to show how to leave it for a few seconds.
    presenting_since: Option<Instant>,
}

impl Default for PictureState {
    fn default() -> PictureState {
        PictureState {
            open: false,
            format: PictureFormat::Png,
            size: SizeChoice::Window,
            custom_width: "2400".into(),
            custom_height: "1600".into(),
            path_field: None,
            furniture: Furniture::default(),
            drafts: Drafts::default(),
            jobs: Vec::new(),
            clipboard: Arc::new(Mutex::new(None)),
            pixels_per_point: 1.0,
            colour_problem: None,
            presenting_since: None,
        }
    }
}

impl PictureState {
    /// Whether an export or copy is still running.
    pub fn is_busy(&self) -> bool {
        !self.jobs.is_empty()
    }
}

#[derive(Default)]
struct Drafts {
    title: Option<String>,
    subtitle: Option<String>,
    as_of: Option<String>,
    banner_text: Option<String>,
    banner_color: Option<String>,
}

/// Why a custom size is refused, said next to the field.
pub fn size_problem(text: &str) -> Option<String> {
    match text.trim().parse::<u32>() {
        Ok(v) if (1..=crate::render::MAX_SIDE).contains(&v) => None,
        Ok(_) => Some(format!("1 to {} pixels", crate::render::MAX_SIDE)),
        Err(_) => Some("a whole number of pixels".into()),
    }
}

/// Everything a picture is made from, owned, so it can be drawn on a worker thread.
struct PictureJob {
    base: Arc<ProjectedDetail>,
    graticule: Option<Arc<ProjectedLines>>,
    layers: Vec<(ProjectedLayer, Rgba)>,
    base_layers: BaseLayers,
    selected: Option<usize>,
    project: Project,
    focus: Option<Focus>,
    visible: Visible,
    path: Vec<RelationshipId>,
    furniture: Furniture,
    style: MapStyle,
    font: LabelFont,
    camera: Camera,
    scale: f64,
}

impl PictureJob {
    fn scene(&self) -> Scene {
        let views: Vec<UserLayerView<'_>> = self
            .layers
            .iter()
            .map(|(geometry, color)| UserLayerView {
                geometry,
                color: *color,
            })
            .collect();
        build_map_scene(&MapFrame {
            camera: &self.camera,
            base: &self.base,
            graticule: self.graticule.as_ref(),
            layers: self.base_layers,
            user_layers: &views,
            hovered: None,
            selected: self.selected,
            style: &self.style,
            font: &self.font,
            background: None,
            story: Some(StoryInput {
                project: &self.project,
                focus: self.focus.as_ref(),
                legend: true,
                visible: Some(&self.visible),
                path: &self.path,
            }),
            furniture: Some(FurnitureInput {
                settings: &self.furniture,
                project_title: &self.project.title,
                resolution: self.scale,
            }),
        })
    }
}

impl FaultlineApp {
    /// The furniture the map view draws.
    pub(super) fn furniture_input(&self) -> Option<FurnitureInput<'_>> {
        Some(FurnitureInput::new(
            &self.picture.furniture,
            &self.project.title,
        ))
    }

    /// Whether the map fills the window without panels.
    pub fn is_presenting(&self) -> bool {
        self.presenting
    }

    /// The furniture settings of the open project.
    pub fn furniture(&self) -> &Furniture {
        &self.picture.furniture
    }

    /// Once per frame, before the panels: brings the furniture up to date, collects finished
    /// work, handles F11 and Esc, and shows the dialog.
    pub(super) fn picture_frame(&mut self, ui: &mut Ui) -> Vec<Action> {
        let ctx = ui.ctx().clone();
        self.picture.pixels_per_point = ctx.pixels_per_point();
        // Read every frame: the project may be replaced, edited, undone or opened anywhere.
        let furniture = Furniture::from_view(&self.project.view);
        if furniture != self.picture.furniture {
            self.picture.furniture = furniture;
        }
        self.poll_picture_work();
        if self.picture.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(200));
        }
        let mut actions = Vec::new();
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F11)) {
            actions.push(Action::Picture(PictureAction::Present(!self.presenting)));
        }
        if self.presenting
            && !ctx.egui_wants_keyboard_input()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            actions.push(Action::Picture(PictureAction::Present(false)));
        }
        if let Some(since) = self.picture.presenting_since.filter(|_| self.presenting) {
            let left = HINT_FOR.saturating_sub(since.elapsed());
            if left.is_zero() {
                self.picture.presenting_since = None;
            } else {
                egui::Area::new(egui::Id::unique("faultline_presentation_hint"))
                    .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -40.0))
                    .interactable(false)
                    .show(&ctx, |ui| {
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            ui.label("Presentation mode: press Esc or F11 to return.");
                        });
                    });
                ctx.request_repaint_after(left);
            }
        }
        if self.picture.open && !self.presenting {
            actions.extend(self.export_window(&ctx));
        }
        actions
    }

    /// Applies a [`PictureAction`].
    pub(super) fn apply_picture(&mut self, action: PictureAction) {
        match action {
            PictureAction::ShowDialog(open) => self.picture.open = open,
            PictureAction::SetFormat(format) => self.picture.format = format,
            PictureAction::SetSize(size) => self.picture.size = size,
            PictureAction::SetPathField(text) => self.picture.path_field = text,
            PictureAction::PickPath => self.pick_export_path(),
            PictureAction::Export { path, format, size } => {
                self.start_export(path, format, size);
            }
            PictureAction::CopyToClipboard => self.start_copy(),
            PictureAction::Present(on) => {
                self.presenting = on;
                if let Some(ctx) = &self.repaint {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
                }
                self.picture.presenting_since = on.then(Instant::now);
            }
        }
    }

    /// The picture size chosen in the dialog, or why it cannot be used.
    pub fn picture_size(&self) -> Result<[u32; 2], String> {
        let state = &self.picture;
        match state.size {
            SizeChoice::Window => Ok(self.window_picture_size()),
            SizeChoice::Custom => {
                let parse = |t: &str| t.trim().parse::<u32>().ok();
                let size = match (parse(&state.custom_width), parse(&state.custom_height)) {
                    (Some(w), Some(h)) => [w, h],
                    _ => return Err("Width and height must be whole numbers of pixels.".into()),
                };
                check_size(size).map_err(|e| e.to_string())?;
                Ok(size)
            }
            fixed => fixed.fixed().ok_or_else(|| "No size chosen.".into()),
        }
    }

    /// The map view's size in physical pixels (a full-HD guess before it is first drawn).
    fn window_picture_size(&self) -> [u32; 2] {
        let ppp = f64::from(self.picture.pixels_per_point.max(0.1));
        match self.view.camera {
            Some(camera) => [
                (camera.viewport[0] * ppp).round().clamp(1.0, 8192.0) as u32,
                (camera.viewport[1] * ppp).round().clamp(1.0, 8192.0) as u32,
            ],
            None => [1920, 1080],
        }
    }

    /// Everything needed to draw the current view into a picture of `size` pixels.
    fn picture_job(&mut self, size: [u32; 2]) -> Result<PictureJob, String> {
        let projection = self.projection;
        let view_camera = self
            .view
            .camera
            .unwrap_or_else(|| Camera::world(projection, [1280.0, 720.0]));
        let (viewport, scale) = fit_view(view_camera.viewport, size);
        let camera = Camera {
            viewport,
            ..view_camera
        };
        // Detail for the picture's resolution, not the window's.
        let wanted = match self.detail_mode {
            DetailMode::Pinned(detail) => detail,
            DetailMode::Auto => {
                Detail::for_resolution(camera.degrees_per_pixel(projection) / scale)
            }
        };
        let base = self
            .atlas
            .projected(wanted, projection)
            .ok_or("the base map is not loaded")?;
        let graticule = self.base_layers.graticule.then(|| {
            self.atlas.graticule(
                graticule_step(camera.degrees_per_pixel(projection)),
                projection,
            )
        });
        let selected = match &self.selection {
            Some(Selection::Country(name)) => base.data.base.country_by_name(name).map(|(i, _)| i),
            _ => None,
        };
        let visible_layers = self.projected_layers();
        let layers = visible_layers
            .iter()
            .filter_map(|&(index, color)| {
                let (_, geometry) = self.layers.get(index)?.projected.as_ref()?;
                Some((
                    ProjectedLayer {
                        polygons: Arc::clone(&geometry.polygons),
                        lines: Arc::clone(&geometry.lines),
                        points: geometry.points.clone(),
                        point_labels: geometry.point_labels.clone(),
                    },
                    color,
                ))
            })
            .collect();
        Ok(PictureJob {
            base,
            graticule,
            layers,
            base_layers: self.base_layers,
            selected,
            project: self.project.clone(),
            focus: self.focus().cloned(),
            visible: self.visible.clone(),
            path: self.path_relationships().to_vec(),
            furniture: self.picture.furniture.clone(),
            style: self.style.clone(),
            font: self.font.clone(),
            camera,
            scale,
        })
    }

    fn start_export(&mut self, path: PathBuf, format: PictureFormat, size: [u32; 2]) {
        let job = match check_size(size)
            .map_err(|e| e.to_string())
            .and_then(|()| self.picture_job(size))
        {
            Ok(job) => job,
            Err(error) => {
                self.messages.push(Message {
                    text: format!("Could not export the picture: {error}."),
                    is_error: true,
                });
                return;
            }
        };
        let path = with_extension(path, format);
        self.spawn_picture_work("faultline-export", move || {
            let started = Instant::now();
            let outcome = encode_picture(&job.scene(), &job.font, job.scale as f32, format)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    write_atomically(&path, &bytes)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))
                });
            match outcome {
                Ok(()) => Message {
                    text: format!(
                        "Exported {} ({}×{} {}) in {:.1} s.",
                        path.display(),
                        size[0],
                        size[1],
                        format.extension().to_uppercase(),
                        started.elapsed().as_secs_f64()
                    ),
                    is_error: false,
                },
                Err(error) => Message {
                    text: format!("Could not export the picture: {error}."),
                    is_error: true,
                },
            }
        });
    }

    fn start_copy(&mut self) {
        let size = self
            .picture_size()
            .unwrap_or_else(|_| self.window_picture_size());
        let job = match self.picture_job(size) {
            Ok(job) => job,
            Err(error) => {
                self.messages.push(Message {
                    text: format!("Could not copy the picture: {error}."),
                    is_error: true,
                });
                return;
            }
        };
        let clipboard = Arc::clone(&self.picture.clipboard);
        self.spawn_picture_work("faultline-copy", move || {
            match copy_picture(&job, &clipboard) {
                Ok(()) => Message {
                    text: format!("Copied the map to the clipboard ({}×{}).", size[0], size[1]),
                    is_error: false,
                },
                Err(error) => Message {
                    text: error,
                    is_error: true,
                },
            }
        });
    }

    /// Runs picture work on a worker thread that wakes the window when done.
    fn spawn_picture_work(&mut self, name: &str, work: impl FnOnce() -> Message + Send + 'static) {
        let (sender, receiver) = mpsc::channel();
        let waker = self.repaint.clone();
        let spawned = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                // The window may have closed meanwhile; nothing is lost then.
                let _ = sender.send(work());
                if let Some(ctx) = waker {
                    ctx.request_repaint();
                }
            });
        match spawned {
            Ok(_) => self.picture.jobs.push(receiver),
            Err(error) => self.messages.push(Message {
                text: format!("Could not start the picture: {error}."),
                is_error: true,
            }),
        }
    }

    fn pick_export_path(&mut self) {
        let format = self.picture.format;
        let size = match self.picture_size() {
            Ok(size) => size,
            Err(error) => {
                self.messages.push(Message {
                    text: error,
                    is_error: true,
                });
                return;
            }
        };
        let file_name =
            suggested_file_name(self.picture.furniture.title_or(&self.project.title), format);
        self.pick_file(DialogPurpose::ExportPicture {
            format,
            size,
            file_name,
        });
    }

    /// No system dialog answered: the Export picture window offers its path field instead.
    pub(super) fn export_path_unavailable(&mut self, format: PictureFormat) {
        self.messages.push(Message {
            text: "No system file dialog is available: type where to save the picture in the Export picture window.".into(),
            is_error: false,
        });
        self.offer_path_field(format);
    }

    fn offer_path_field(&mut self, format: PictureFormat) {
        let name =
            suggested_file_name(self.picture.furniture.title_or(&self.project.title), format);
        let folder = std::env::current_dir().unwrap_or_default();
        self.picture
            .path_field
            .get_or_insert_with(|| folder.join(name).display().to_string());
    }

    fn poll_picture_work(&mut self) {
        let state = &mut self.picture;
        state.jobs.retain(|receiver| match receiver.try_recv() {
            Ok(message) => {
                self.messages.push(message);
                false
            }
            Err(TryRecvError::Empty) => true,
            Err(TryRecvError::Disconnected) => {
                self.messages.push(Message {
                    text: "The picture could not be made (the worker stopped).".into(),
                    is_error: true,
                });
                false
            }
        });
    }

    /// The Export picture window.
    fn export_window(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        let mut open = self.picture.open;
        egui::Window::new("Export picture")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .default_width(420.0)
            .show(ctx, |ui| actions.extend(self.export_contents(ui)));
        if !open {
            actions.push(Action::Picture(PictureAction::ShowDialog(false)));
        }
        actions
    }

    fn export_contents(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let window = self.window_picture_size();
        ui.horizontal(|ui| {
            ui.label("Format:");
            for format in PictureFormat::ALL {
                if ui
                    .radio(self.picture.format == format, format.label())
                    .clicked()
                {
                    actions.push(Action::Picture(PictureAction::SetFormat(format)));
                }
            }
        });
        ui.add_space(4.0);
        ui.label(RichText::new("Size").strong());
        for choice in SizeChoice::ALL {
            if ui
                .radio(self.picture.size == choice, choice.label(window))
                .clicked()
            {
                actions.push(Action::Picture(PictureAction::SetSize(choice)));
            }
        }
        if self.picture.size == SizeChoice::Custom {
            let state = &mut self.picture;
            for (name, text) in [
                ("Width:", &mut state.custom_width),
                ("Height:", &mut state.custom_height),
            ] {
                ui.horizontal(|ui| {
                    ui.add_space(18.0);
                    let label = ui.label(name);
                    ui.add(egui::TextEdit::singleline(text).desired_width(70.0))
                        .labelled_by(label.id);
                    ui.label("pixels");
                    if let Some(problem) = size_problem(text) {
                        ui.colored_label(ui.visuals().error_fg_color, problem);
                    }
                });
            }
        }
        ui.separator();
        actions.extend(self.furniture_controls(ui));
        ui.separator();
        let size = self.picture_size();
        if let Err(problem) = &size {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        ui.horizontal(|ui| {
            let ready = size.is_ok() && !self.file_dialog.is_open();
            if ui
                .add_enabled(ready, egui::Button::new("Export…"))
                .on_hover_text("Choose where to save the picture")
                .clicked()
            {
                actions.push(Action::Picture(PictureAction::PickPath));
            }
            if ui
                .add_enabled(size.is_ok(), egui::Button::new("Copy to clipboard"))
                .clicked()
            {
                actions.push(Action::Picture(PictureAction::CopyToClipboard));
            }
            if ui.button("Close").clicked() {
                actions.push(Action::Picture(PictureAction::ShowDialog(false)));
            }
            if self.picture.is_busy() {
                ui.spinner();
                ui.label("Working…");
            }
        });
        if let Some(path) = self.picture.path_field.clone() {
            ui.horizontal(|ui| {
                let label = ui.label("Save to:");
                let mut text = path;
                let field = ui
                    .add(egui::TextEdit::singleline(&mut text).desired_width(260.0))
                    .labelled_by(label.id);
                if field.changed() {
                    actions.push(Action::Picture(PictureAction::SetPathField(Some(
                        text.clone(),
                    ))));
                }
                let confirm = ui.add_enabled(
                    size.is_ok() && !text.trim().is_empty(),
                    egui::Button::new("Export to this file"),
                );
                if let (true, Ok(size)) = (confirm.clicked(), &size) {
                    actions.push(Action::Picture(PictureAction::Export {
                        path: PathBuf::from(text.trim()),
                        format: self.picture.format,
                        size: *size,
                    }));
                }
            });
        }
        actions
    }

    /// Switches and words of the furniture; each change is one undoable edit of the project.
    fn furniture_controls(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let current = self.picture.furniture.clone();
        let view = self.project.view.clone();
        let edit = |changed: Furniture, label: String| {
            Action::edit(Edit::SetView(changed.written_to(&view)), label)
        };
        ui.label(RichText::new("On the picture (and on screen)").strong());
        let verb = |on: bool| if on { "Show" } else { "Hide" };
        let mut toggle = |ui: &mut Ui, name: &str, on: bool, set: fn(&mut Furniture, bool)| {
            let mut value = on;
            if ui.checkbox(&mut value, name).changed() {
                let mut changed = current.clone();
                set(&mut changed, value);
                actions.push(edit(
                    changed,
                    format!("{} {}", verb(value), name.to_lowercase()),
                ));
            }
        };
        toggle(ui, "Title", current.title, |f, v| f.title = v);
        if current.title {
            let project_title = self.project.title.clone();
            let drafts = &mut self.picture.drafts;
            let fields: [(&str, &str, &mut Option<String>, &str, Setter); 3] = [
                (
                    "Title text:",
                    current.title_text.as_str(),
                    &mut drafts.title,
                    project_title.as_str(),
                    |f, v| f.title_text = v,
                ),
                (
                    "Subtitle:",
                    current.subtitle.as_str(),
                    &mut drafts.subtitle,
                    "none",
                    |f, v| f.subtitle = v,
                ),
                (
                    "As of:",
                    current.as_of.as_str(),
                    &mut drafts.as_of,
                    "e.g. 12 March 2026",
                    |f, v| f.as_of = v,
                ),
            ];
            ui.indent("title_fields", |ui| {
                egui::Grid::new("title_fields")
                    .num_columns(2)
                    .show(ui, |ui| {
                        for (name, value, draft, hint, set) in fields {
                            if let Some(text) = text_setting(ui, name, value, draft, hint) {
                                let mut changed = current.clone();
                                set(&mut changed, text);
                                let what = name.trim_end_matches(':').to_lowercase();
                                actions.push(edit(changed, format!("Change picture {what}")));
                            }
                        }
                    });
            });
        }
        let mut legend = self.base_layers.legend;
        if ui.checkbox(&mut legend, "Legend").changed() {
            actions.push(Action::SetBaseLayer(BaseLayerKind::Legend, legend));
        }
        let mut toggle = |ui: &mut Ui, name: &str, on: bool, set: fn(&mut Furniture, bool)| {
            let mut value = on;
            let response = ui.checkbox(&mut value, name);
            if response.changed() {
                let mut changed = current.clone();
                set(&mut changed, value);
                actions.push(edit(
                    changed,
                    format!("{} {}", verb(value), name.to_lowercase()),
                ));
            }
            response
        };
        toggle(ui, "Scale bar", current.scale_bar, |f, v| f.scale_bar = v);
        toggle(ui, "North arrow", current.north_arrow, |f, v| {
            f.north_arrow = v
        })
        .on_hover_text("Drawn only where north is the same direction across the whole map");
        toggle(ui, "Attribution", current.attribution, |f, v| {
            f.attribution = v
        })
        .on_hover_text("Natural Earth and the titles of the sources the items on the map cite");
        toggle(ui, "Banner", current.banner, |f, v| f.banner = v)
            .on_hover_text("A classification or handling banner along the top and bottom edges");
        if current.banner {
            let state = &mut self.picture;
            ui.indent("banner_fields", |ui| {
                egui::Grid::new("banner_fields")
                    .num_columns(2)
                    .show(ui, |ui| {
                        if let Some(text) = text_setting(
                            ui,
                            "Banner text:",
                            &current.banner_text,
                            &mut state.drafts.banner_text,
                            "UNCLASSIFIED",
                        ) {
                            let mut changed = current.clone();
                            changed.banner_text = text;
                            actions.push(edit(changed, "Change banner text".into()));
                        }
                        if let Some(text) = text_setting(
                            ui,
                            "Banner colour:",
                            &current.banner_color,
                            &mut state.drafts.banner_color,
                            "#rrggbb",
                        ) {
                            state.colour_problem = parse_hex_rgb(&text)
                                .is_none()
                                .then(|| format!("“{}” is not #rrggbb", text.trim()));
                            if state.colour_problem.is_none() {
                                let mut changed = current.clone();
                                changed.banner_color = text.trim().to_owned();
                                actions.push(edit(changed, "Change banner colour".into()));
                            }
                        }
                    });
                if let Some(problem) = &state.colour_problem {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
                ui.horizontal_wrapped(|ui| {
                    let [r, g, b] = current.banner_rgb().unwrap_or([0, 0x7a, 0x33]);
                    let (swatch, _) =
                        ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                    ui.painter()
                        .rect_filled(swatch, 2.0, egui::Color32::from_rgb(r, g, b));
                    for (name, hex) in BANNER_COLOURS {
                        if ui.small_button(name).clicked()
                            && !current.banner_color.eq_ignore_ascii_case(hex)
                        {
                            state.colour_problem = None;
                            let mut changed = current.clone();
                            changed.banner_color = hex.to_owned();
                            actions.push(edit(changed, "Change banner colour".into()));
                        }
                    }
                });
            });
        }
        actions
    }
}

type Setter = fn(&mut Furniture, String);

/// Common banner colours, by name (words on buttons: egui's font lacks colour swatches).
const BANNER_COLOURS: [(&str, &str); 5] = [
    ("Green", "#007a33"),
    ("Blue", "#0033a0"),
    ("Red", "#c8102e"),
    ("Orange", "#ff8c00"),
    ("Yellow", "#fce83a"),
];

/// A labelled text field for a furniture setting, as a row of a two-column grid. What is typed is kept in `draft` and
/// returned once, when the field loses focus with a changed value.
fn text_setting(
    ui: &mut Ui,
    name: &str,
    value: &str,
    draft: &mut Option<String>,
    hint: &str,
) -> Option<String> {
    let mut committed = None;
    {
        let label = ui.label(name);
        let mut text = draft.clone().unwrap_or_else(|| value.to_owned());
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text(hint)
                    .desired_width(240.0),
            )
            .labelled_by(label.id);
        if response.changed() {
            *draft = Some(text.clone());
        }
        if response.lost_focus() {
            if let Some(typed) = draft.take()
                && typed != value
            {
                committed = Some(typed);
            }
        } else if !response.has_focus() {
            *draft = None;
        }
    }
    ui.end_row();
    committed
}

/// Renders the picture and puts it on the clipboard, keeping the clipboard's owner alive.
fn copy_picture(
    job: &PictureJob,
    clipboard: &Mutex<Option<arboard::Clipboard>>,
) -> Result<(), String> {
    let pixmap = render_pixmap(&job.scene(), &job.font, job.scale as f32)
        .map_err(|e: RenderError| format!("Could not copy the picture: {e}."))?;
    let (width, height) = (pixmap.width() as usize, pixmap.height() as usize);
    // tiny-skia keeps premultiplied alpha; the clipboard wants it straight.
    let bytes: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut guard = clipboard
        .lock()
        .map_err(|_| "The clipboard is not usable after an earlier failure.".to_owned())?;
    if guard.is_none() {
        *guard = Some(arboard::Clipboard::new().map_err(|e| {
            format!(
                "No clipboard is available here ({e}); use File, Export picture… to save the picture instead."
            )
        })?);
    }
    let Some(clipboard) = guard.as_mut() else {
        return Err("No clipboard is available here.".into());
    };
    clipboard
        .set_image(arboard::ImageData {
            width,
            height,
            bytes: bytes.into(),
        })
        .map_err(|e| format!("Could not put the picture on the clipboard: {e}."))
}

/// `title.png` from the picture's title, with characters file systems dislike replaced.
pub fn suggested_file_name(title: &str, format: PictureFormat) -> String {
    let stem: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    let stem: String = stem.chars().take(60).collect();
    let stem = if stem.is_empty() {
        "faultline-map".to_owned()
    } else {
        stem
    };
    format!("{stem}.{}", format.extension())
}

/// The path with the format's extension unless it already has it (a dialog may return a name
/// typed without one).
fn with_extension(path: PathBuf, format: PictureFormat) -> PathBuf {
    if PictureFormat::from_path(&path).ok() == Some(format) {
        return path;
    }
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".");
    name.push(format.extension());
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn file_names_are_tidy_and_carry_the_extension() {
        assert_eq!(
            suggested_file_name(
                "A reported Russia–Taliban framework: 2026",
                PictureFormat::Svg
            ),
            "A-reported-Russia-Taliban-framework-2026.svg"
        );
        assert_eq!(
            suggested_file_name("  ", PictureFormat::Png),
            "faultline-map.png"
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/brief"), PictureFormat::Png),
            Path::new("/tmp/brief.png")
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/brief.SVG"), PictureFormat::Svg),
            Path::new("/tmp/brief.SVG")
        );
    }

    #[test]
    fn custom_sizes_are_explained() {
        assert_eq!(size_problem("3000"), None);
        assert!(size_problem("0").is_some_and(|p| p.contains("8192")));
        assert!(size_problem("9000").is_some_and(|p| p.contains("8192")));
        assert!(size_problem("wide").is_some());
    }
}
