//! The runtime: what the window holds while it runs but never saves — the base map and its
//! loader thread, the label font and map style, the file dialog, messages, the handle that
//! wakes the window, start-up timing. Its fields change only here.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::map::atlas::Atlas;
use crate::map::projected::Waker;
use crate::scene::MapStyle;
use crate::scene::text::LabelFont;

use super::file_dialog::{DialogOutcome, DialogPurpose, FileDialog};
use super::message::Message;

/// What the window holds while it runs.
pub struct Runtime {
    atlas: Atlas,
    font: LabelFont,
    style: MapStyle,
    messages: Vec<Message>,
    file_dialog: FileDialog,
    /// The in-app path field offered when there is no file dialog: what for, and its text.
    path_field: Option<(DialogPurpose, String)>,
    /// Wakes the window from other threads; `None` in tests without a context.
    repaint: Option<egui::Context>,
    /// Wakes the window when background work (simplification) lands.
    waker: Option<Waker>,
    quit_requested: bool,
    timing: Option<StartupTiming>,
    /// Frame times since the last report, for `FAULTLINE_TIMING`.
    frames: Vec<Duration>,
    frames_since: Option<Instant>,
}

/// Start-up figures printed to stderr when `FAULTLINE_TIMING` is set.
struct StartupTiming {
    started: Instant,
    first_frame_reported: bool,
    loaded_reported: bool,
    /// What became ready and is reported again once a frame with it has been built.
    awaiting_frame: Vec<String>,
}

/// How often `FAULTLINE_TIMING` reports frame times.
const FRAME_REPORT_EVERY: Duration = Duration::from_secs(5);

impl Runtime {
    /// A runtime around a base map; errors met loading it or the font become messages.
    pub fn new(mut atlas: Atlas) -> Runtime {
        let mut messages: Vec<Message> = atlas
            .take_errors()
            .into_iter()
            .map(Message::error)
            .collect();
        let font = LabelFont::bundled().unwrap_or_else(|error| {
            // The bundled font is part of egui itself; failing to read it is reported rather
            // than panicking, and labels are measured with a fallback.
            messages.push(Message::error(error.to_string()));
            LabelFont::fallback()
        });
        Runtime {
            atlas,
            font,
            style: MapStyle::default(),
            messages,
            file_dialog: FileDialog::default(),
            path_field: None,
            repaint: None,
            waker: None,
            quit_requested: false,
            timing: None,
            frames: Vec::new(),
            frames_since: None,
        }
    }

    /// Wakes `ctx` from worker threads; with `timing`, start-up figures go to stderr.
    pub fn attach(&mut self, ctx: &egui::Context, started: Option<Instant>, timing: bool) {
        self.repaint = Some(ctx.clone());
        let waker_ctx = ctx.clone();
        self.waker = Some(Arc::new(move || waker_ctx.request_repaint()));
        if timing {
            self.timing = Some(StartupTiming {
                started: started.unwrap_or_else(Instant::now),
                first_frame_reported: false,
                loaded_reported: false,
                awaiting_frame: Vec::new(),
            });
        }
    }

    pub fn atlas(&self) -> &Atlas {
        &self.atlas
    }

    pub fn font(&self) -> &LabelFont {
        &self.font
    }

    pub fn style(&self) -> &MapStyle {
        &self.style
    }

    pub fn waker(&self) -> Option<&Waker> {
        self.waker.as_ref()
    }

    /// A handle that wakes the window, for worker threads.
    pub fn repaint_handle(&self) -> Option<egui::Context> {
        self.repaint.clone()
    }

    /// Asks for another frame soon (results of this frame's input show in the next one).
    pub fn repaint_soon(&self) {
        if let Some(ctx) = &self.repaint {
            ctx.request_repaint();
        }
    }

    pub fn messages(&self) -> &[Message] {
        &self.messages
    }

    /// Tells the user something.
    pub fn say(&mut self, message: Message) {
        self.messages.push(message);
    }

    /// Tells the user each of these.
    pub fn say_all(&mut self, messages: impl IntoIterator<Item = Message>) {
        self.messages.extend(messages);
    }

    pub fn dismiss(&mut self, index: usize) {
        if index < self.messages.len() {
            self.messages.remove(index);
        }
    }

    /// Loader progress: whether new levels arrived, with their errors said.
    pub fn poll_atlas(&mut self) -> bool {
        let arrived = self.atlas.poll();
        for text in self.atlas.take_errors() {
            self.messages.push(Message::error(text));
        }
        arrived
    }

    pub fn is_dialog_open(&self) -> bool {
        self.file_dialog.is_open()
    }

    /// Opens the system file dialog on its thread; where it cannot, says so and offers the
    /// path field.
    pub fn open_dialog(&mut self, purpose: DialogPurpose) {
        let waker = self.repaint.clone();
        let opened = self.file_dialog.open(purpose.clone(), move || {
            if let Some(ctx) = &waker {
                ctx.request_repaint();
            }
        });
        if let Err(text) = opened {
            self.messages.push(Message::error(text));
            self.show_path_field(purpose, String::new());
        }
    }

    /// What became of the open file dialog, once it closed.
    pub fn poll_dialog(&mut self) -> Option<(DialogPurpose, DialogOutcome)> {
        self.file_dialog.poll()
    }

    pub fn path_field(&self) -> Option<&(DialogPurpose, String)> {
        self.path_field.as_ref()
    }

    pub fn show_path_field(&mut self, purpose: DialogPurpose, text: String) {
        self.path_field = Some((purpose, text));
    }

    /// Edits (Some) or closes (None) the path field.
    pub fn set_path_field(&mut self, text: Option<String>) {
        match (text, self.path_field.as_mut()) {
            (Some(text), Some((_, field))) => *field = text,
            (Some(_), None) => {}
            (None, _) => self.path_field = None,
        }
    }

    pub fn request_quit(&mut self) {
        self.quit_requested = true;
    }

    pub fn quit_requested(&self) -> bool {
        self.quit_requested
    }

    /// With `FAULTLINE_TIMING`: when something the start-up waits for was ready (a dataset read
    /// from its cache and indexed), so reopening a big project can be timed.
    pub fn report_ready(&mut self, what: &str) {
        if let Some(timing) = &mut self.timing {
            eprintln!(
                "faultline timing: {what} ready {:.0} ms after start; peak memory {}",
                timing.started.elapsed().as_secs_f64() * 1000.0,
                peak_memory().unwrap_or_else(|| "unknown".into())
            );
            timing.awaiting_frame.push(what.to_owned());
        }
    }

    /// With `FAULTLINE_TIMING`: start-up figures once, then the median and worst frame time
    /// every few seconds.
    pub fn report_timing(&mut self, frame: Duration, last_scene: Duration) {
        let loading = self.atlas.is_loading();
        let Some(timing) = self.timing.as_mut() else {
            return;
        };
        if !timing.first_frame_reported {
            timing.first_frame_reported = true;
            eprintln!(
                "faultline timing: first frame built {:.0} ms after start (scene {:.2} ms)",
                timing.started.elapsed().as_secs_f64() * 1000.0,
                last_scene.as_secs_f64() * 1000.0
            );
        }
        for what in timing.awaiting_frame.drain(..) {
            eprintln!(
                "faultline timing: {what} drawn {:.0} ms after start (scene {:.2} ms)",
                timing.started.elapsed().as_secs_f64() * 1000.0,
                last_scene.as_secs_f64() * 1000.0
            );
        }
        if !loading && !timing.loaded_reported {
            timing.loaded_reported = true;
            eprintln!(
                "faultline timing: all detail levels ready {:.0} ms after start; peak memory {}",
                timing.started.elapsed().as_secs_f64() * 1000.0,
                peak_memory().unwrap_or_else(|| "unknown".into())
            );
        }
        self.frames.push(frame);
        let since = *self.frames_since.get_or_insert_with(Instant::now);
        if since.elapsed() >= FRAME_REPORT_EVERY {
            self.frames.sort();
            let median = self.frames[self.frames.len() / 2];
            let worst = self.frames.last().copied().unwrap_or_default();
            eprintln!(
                "faultline timing: {} frames, median {:.2} ms, worst {:.2} ms",
                self.frames.len(),
                median.as_secs_f64() * 1000.0,
                worst.as_secs_f64() * 1000.0
            );
            self.frames.clear();
            self.frames_since = Some(Instant::now());
        }
    }
}

/// The process's peak resident memory, as `/proc/self/status` gives it.
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .map(|l| l.trim_start_matches("VmHWM:").trim().to_owned())
}
