//! Briefing pictures from the window: export and copy on worker threads, the Export picture
//! dialog (format, size, furniture) and presentation mode. A picture frames the view's area
//! through the same scene inputs as the window's map and `faultline render`.

use std::path::PathBuf;
use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::files::write_atomically;
use crate::model::furniture::Furniture;
use crate::render::{PictureFormat, RenderError, check_size, encode_picture, render_pixmap};
use crate::scene::compose::{Composition, OwnedInputs, Picture, compose};
use crate::scene::{BaseLayers, Scene};

use super::super::actions::{Action, PictureAction};
use super::super::export_dialog::{HINT_FOR, export_window, suggested_file_name, with_extension};
use super::super::file_dialog::DialogPurpose;
use super::super::inputs::{scene_inputs, view_inputs};
use super::super::message::Message;
use super::FaultlineApp;

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
            let read = read_of!(self);
            actions.extend(export_window(&ctx, &mut self.picture, &read));
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
        self.picture.size(self.view.camera())
    }

    /// Everything needed to draw the view into a picture of `size` pixels: the view's area
    /// framed in the picture, through the same inputs as the window's map and `render`.
    fn picture_job(&mut self, size: [u32; 2]) -> Result<PictureJob, String> {
        let picture = Picture::of_size(size, None);
        let view = view_inputs(&self.view, self.view.picture_framing());
        let base_layers = BaseLayers::from_view(&self.document.project().view);
        let composition = compose(&view, &picture, base_layers.graticule, self.runtime.atlas())
            .map_err(|e| e.to_string())?;
        // The layers as the picture's camera is centred (an area across the antimeridian is
        // framed on a map centred on its middle).
        let centred = composition.camera.centred(self.view.projection());
        self.document.prepare_layers(&[centred]);
        let layers = self.document.layer_set().inputs(centred);
        let datasets = self.document.datasets().inputs(None);
        let inputs = scene_inputs(
            &self.runtime,
            view,
            picture,
            &layers,
            &datasets,
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
            .unwrap_or_else(|_| self.picture.window_size(self.view.camera()));
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
