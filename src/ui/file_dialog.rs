//! Asking for a file without freezing the window: the system dialog runs on a worker thread
//! (it blocks until the person answers), and when no dialog is available the app offers its
//! own path field instead.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// A dialog that answers `None` this quickly was never shown: no desktop portal and no zenity.
const UNAVAILABLE_WITHIN: Duration = Duration::from_millis(400);

/// What became of a pending dialog.
#[derive(Debug, PartialEq, Eq)]
pub enum DialogOutcome {
    Picked(PathBuf),
    Cancelled,
    /// No native dialog exists on this desktop.
    Unavailable,
}

/// A file dialog that may be open on a worker thread.
#[derive(Default)]
pub struct FileDialog {
    pending: Option<(Receiver<Option<PathBuf>>, Instant)>,
}

impl FileDialog {
    /// Whether a dialog is open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some()
    }

    /// Opens the system dialog for a GeoJSON file on a worker thread; `wake` is called when it
    /// closes so the window can repaint.
    pub fn open_geojson(&mut self, wake: impl Fn() + Send + 'static) -> Result<(), String> {
        if self.pending.is_some() {
            return Ok(());
        }
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("faultline-file-dialog".into())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Add GeoJSON layer")
                    .add_filter("GeoJSON", &["geojson", "json"])
                    .add_filter("All files", &["*"])
                    .pick_file();
                // The window may have closed meanwhile; nothing is lost then.
                let _ = sender.send(picked);
                wake();
            })
            .map_err(|e| format!("could not open the file dialog: {e}"))?;
        self.pending = Some((receiver, Instant::now()));
        Ok(())
    }

    /// Checks whether the dialog has closed.
    pub fn poll(&mut self) -> Option<DialogOutcome> {
        let (receiver, opened) = self.pending.as_ref()?;
        let outcome = match receiver.try_recv() {
            Ok(Some(path)) => DialogOutcome::Picked(path),
            Ok(None) if opened.elapsed() < UNAVAILABLE_WITHIN => DialogOutcome::Unavailable,
            Ok(None) => DialogOutcome::Cancelled,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => DialogOutcome::Unavailable,
        };
        self.pending = None;
        Some(outcome)
    }
}
