//! The state of the Export picture dialog and of the picture work it started, kept by the
//! window between frames.

use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::map::camera::Camera;
use crate::model::furniture::Furniture;
use crate::render::{PictureFormat, check_size};

use super::actions::SizeChoice;
use super::message::Message;

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
    pub(super) drafts: Drafts,
    pub(super) jobs: Vec<Receiver<Message>>,
    /// Kept for the life of the window: on X11 the picture stays on the clipboard only while
    /// its owner lives.
    pub(super) clipboard: Arc<Mutex<Option<arboard::Clipboard>>>,
    /// Physical pixels per UI point, for the window-sized preset.
    pub(super) pixels_per_point: f32,
    /// Why the banner colour typed last was refused, said next to the field.
    pub(super) colour_problem: Option<String>,
    /// When presentation mode began, to show how to leave it for a few seconds.
    pub(super) presenting_since: Option<Instant>,
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

    /// The picture size chosen in the dialog, or why it cannot be used (`camera`: the map's,
    /// for the window-sized preset).
    pub fn size(&self, camera: Option<Camera>) -> Result<[u32; 2], String> {
        match self.size {
            SizeChoice::Window => Ok(self.window_size(camera)),
            SizeChoice::Custom => {
                let parse = |t: &str| t.trim().parse::<u32>().ok();
                let size = match (parse(&self.custom_width), parse(&self.custom_height)) {
                    (Some(w), Some(h)) => [w, h],
                    _ => return Err("Width and height must be whole numbers of pixels.".into()),
                };
                check_size(size).map_err(|e| e.to_string())?;
                Ok(size)
            }
            fixed => fixed.fixed().ok_or_else(|| "No size chosen.".into()),
        }
    }

    /// The map's size in physical pixels (a full-HD guess before it is first drawn).
    pub fn window_size(&self, camera: Option<Camera>) -> [u32; 2] {
        let ppp = f64::from(self.pixels_per_point.max(0.1));
        match camera {
            Some(camera) => [
                (camera.viewport[0] * ppp).round().clamp(1.0, 8192.0) as u32,
                (camera.viewport[1] * ppp).round().clamp(1.0, 8192.0) as u32,
            ],
            None => [1920, 1080],
        }
    }
}

/// Text being typed in the furniture fields.
#[derive(Default)]
pub(super) struct Drafts {
    pub(super) title: Option<String>,
    pub(super) subtitle: Option<String>,
    pub(super) as_of: Option<String>,
    pub(super) banner_text: Option<String>,
    pub(super) banner_color: Option<String>,
}
