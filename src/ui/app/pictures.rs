//! Briefing pictures from the window: export and copy on worker threads, the Export picture
//! dialog (format, size, furniture) and presentation mode. A picture frames the view's area
//! through the same scene inputs as the window's map and `faultline render`.

use std::path::PathBuf;
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use crate::files::write_atomically;
use crate::model::Edit;
use crate::model::furniture::{Furniture, parse_hex_rgb};
use crate::render::{PictureFormat, RenderError, check_size, encode_picture, render_pixmap};
use crate::scene::compose::{Composition, OwnedInputs, Picture, compose};
use crate::scene::{BaseLayers, Scene};

use super::super::actions::{Action, BaseLayerKind, PictureAction, SizeChoice};
use super::super::export_dialog::{
    BANNER_COLOURS, HINT_FOR, Setter, size_problem, suggested_file_name, text_setting,
    with_extension,
};
use super::super::file_dialog::DialogPurpose;
use super::super::message::Message;
use super::{FaultlineApp, scene_inputs, view_inputs};

/// Everything a picture is made from, owned, so it can be drawn on a worker thread.
struct PictureJob {
    composition: Composition,
    inputs: OwnedInputs,
}

impl PictureJob {
    fn scene(&self) -> Scene {
        self.inputs.with(|inputs| self.composition.scene(inputs))
    }

    fn scale(&self) -> f32 {
        self.inputs.picture.scale as f32
    }
}

impl FaultlineApp {
    /// Once per frame, before the panels: brings the furniture up to date, collects finished
    /// work, handles F11 and Esc, and shows the dialog.
    pub(super) fn picture_frame(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let ctx = ctx.clone();
        self.picture.pixels_per_point = ctx.pixels_per_point();
        // Read every frame: the project may be replaced, edited, undone or opened anywhere.
        let furniture = Furniture::from_view(&self.document.project().view);
        if furniture != self.picture.furniture {
            self.picture.furniture = furniture;
        }
        if self.picture.is_busy() {
            ctx.request_repaint_after(Duration::from_millis(200));
        }
        let mut actions = Vec::new();
        if self.view.is_presenting()
            && !ctx.egui_wants_keyboard_input()
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            actions.push(Action::Picture(PictureAction::Present(false)));
        }
        if let Some(since) = self
            .picture
            .presenting_since
            .filter(|_| self.view.is_presenting())
        {
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
        if self.picture.open && !self.view.is_presenting() {
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
                self.view.set_presenting(on);
                if let Some(ctx) = &self.runtime.repaint_handle() {
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
        match self.view.camera() {
            Some(camera) => [
                (camera.viewport[0] * ppp).round().clamp(1.0, 8192.0) as u32,
                (camera.viewport[1] * ppp).round().clamp(1.0, 8192.0) as u32,
            ],
            None => [1920, 1080],
        }
    }

    /// Everything needed to draw the view into a picture of `size` pixels: the view's area
    /// framed in the picture, through the same inputs as the window's map and `render`.
    fn picture_job(&mut self, size: [u32; 2]) -> Result<PictureJob, String> {
        let picture = Picture::of_size(size, None);
        self.document.prepare_layers(self.view.projection());
        let view = view_inputs(&self.view, self.view.picture_framing());
        let base_layers = BaseLayers::from_view(&self.document.project().view);
        let composition = compose(
            &view,
            &picture,
            base_layers.graticule,
            self.runtime.atlas_mut(),
        )
        .map_err(|e| e.to_string())?;
        let layers = self.document.layer_set().inputs(self.view.projection());
        let inputs = scene_inputs(
            &self.runtime,
            view,
            picture,
            &layers,
            self.document.project(),
            &self.picture.furniture,
        );
        Ok(PictureJob {
            composition,
            inputs: OwnedInputs::of(&inputs),
        })
    }

    fn start_export(&mut self, path: PathBuf, format: PictureFormat, size: [u32; 2]) {
        let job = match check_size(size)
            .map_err(|e| e.to_string())
            .and_then(|()| self.picture_job(size))
        {
            Ok(job) => job,
            Err(error) => {
                self.runtime.say(Message::error(format!(
                    "Could not export the picture: {error}."
                )));
                return;
            }
        };
        let path = with_extension(path, format);
        self.spawn_picture_work("faultline-export", move || {
            let started = Instant::now();
            let outcome = encode_picture(&job.scene(), &job.inputs.font, job.scale(), format)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    write_atomically(&path, &bytes)
                        .map_err(|e| format!("cannot write {}: {e}", path.display()))
                });
            match outcome {
                Ok(()) => Message::note(format!(
                    "Exported {} ({}×{} {}) in {:.1} s.",
                    path.display(),
                    size[0],
                    size[1],
                    format.extension().to_uppercase(),
                    started.elapsed().as_secs_f64()
                )),
                Err(error) => Message::error(format!("Could not export the picture: {error}.")),
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
                self.runtime.say(Message::error(format!(
                    "Could not copy the picture: {error}."
                )));
                return;
            }
        };
        let clipboard = Arc::clone(&self.picture.clipboard);
        self.spawn_picture_work("faultline-copy", move || {
            match copy_picture(&job, &clipboard) {
                Ok(()) => Message::note(format!(
                    "Copied the map to the clipboard ({}×{}).",
                    size[0], size[1]
                )),
                Err(error) => Message::error(error),
            }
        });
    }

    /// Runs picture work on a worker thread that wakes the window when done.
    fn spawn_picture_work(&mut self, name: &str, work: impl FnOnce() -> Message + Send + 'static) {
        let (sender, receiver) = mpsc::channel();
        let waker = self.runtime.repaint_handle();
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
            Err(error) => self.runtime.say(Message::error(format!(
                "Could not start the picture: {error}."
            ))),
        }
    }

    fn pick_export_path(&mut self) {
        let format = self.picture.format;
        let size = match self.picture_size() {
            Ok(size) => size,
            Err(error) => {
                self.runtime.say(Message::error(error));
                return;
            }
        };
        let file_name = suggested_file_name(
            self.picture
                .furniture
                .title_or(&self.document.project().title),
            format,
        );
        self.pick_file(DialogPurpose::ExportPicture {
            format,
            size,
            file_name,
        });
    }

    /// No system dialog answered: the Export picture window offers its path field instead.
    pub(super) fn export_path_unavailable(&mut self, format: PictureFormat) {
        self.runtime.say(Message::note(
            "No system file dialog is available: type where to save the picture in the Export picture window.",
        ));
        self.offer_path_field(format);
    }

    fn offer_path_field(&mut self, format: PictureFormat) {
        let name = suggested_file_name(
            self.picture
                .furniture
                .title_or(&self.document.project().title),
            format,
        );
        let folder = std::env::current_dir().unwrap_or_default();
        self.picture
            .path_field
            .get_or_insert_with(|| folder.join(name).display().to_string());
    }

    pub(super) fn poll_picture_work(&mut self, _ctx: &egui::Context) {
        let runtime = &mut self.runtime;
        self.picture
            .jobs
            .retain(|receiver| match receiver.try_recv() {
                Ok(message) => {
                    runtime.say(message);
                    false
                }
                Err(TryRecvError::Empty) => true,
                Err(TryRecvError::Disconnected) => {
                    runtime.say(Message::error(
                        "The picture could not be made (the worker stopped).",
                    ));
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
            let ready = size.is_ok() && !self.runtime.is_dialog_open();
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
        let view = self.document.project().view.clone();
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
            let project_title = self.document.project().title.clone();
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
        let mut legend = self.base_layers().legend;
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

/// Renders the picture and puts it on the clipboard, keeping the clipboard's owner alive.
fn copy_picture(
    job: &PictureJob,
    clipboard: &Mutex<Option<arboard::Clipboard>>,
) -> Result<(), String> {
    let pixmap = render_pixmap(&job.scene(), &job.inputs.font, job.scale())
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
