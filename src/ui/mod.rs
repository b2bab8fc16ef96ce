//! The egui application: the window, the map view, panels and dialogs.
//!
//! Panels read the application state and return [`Action`]s; only [`FaultlineApp`] applies
//! them, once per frame.

mod actions;
pub mod annotate;
mod annotations_panel;
mod app;
pub mod document;
mod explore_panel;
mod export_dialog;
pub mod file_dialog;
mod forms;
pub mod history;
mod map_view;
pub mod network_panel;
pub mod painter;
mod panels;
mod story_panel;
pub mod timeline;
mod user_layers;

pub use actions::{Action, BaseLayerKind, DetailMode, Region, Selection};
pub use app::{FaultlineApp, StartOptions};
pub use export_dialog::{PictureAction, SizeChoice};

/// Opens the main window and runs until it is closed.
pub fn run(options: StartOptions) -> Result<(), String> {
    let native_options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Faultline")
            .with_inner_size([1400.0, 860.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Faultline",
        native_options,
        Box::new(move |cc| Ok(Box::new(FaultlineApp::new(&cc.egui_ctx, options)))),
    )
    .map_err(|e| e.to_string())
}
