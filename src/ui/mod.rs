//! The egui application: the window, the map view, panels and dialogs.
//!
//! Three owners hold the state, each with private fields: the [`document::Document`] (the
//! only place an edit is applied), the view and the runtime. Panels read them and return
//! [`Action`]s; only [`FaultlineApp`] applies them, once per frame. See
//! `docs/architecture.md`.

mod actions;
pub mod annotate;
mod annotations_panel;
mod app;
mod commands;
pub mod datasets;
mod datasets_panel;
mod dock;
pub mod document;
mod draft_dialog;
mod draft_edit;
mod events_table;
mod explore_panel;
mod export_dialog;
pub mod file_dialog;
mod forms;
pub mod history;
mod import_dialog;
mod inputs;
mod layer_table;
mod layers;
mod map_memory;
mod map_view;
mod message;
pub mod network_panel;
pub mod painter;
mod panel;
mod panels;
mod pictures;
mod runtime;
mod story_panel;
mod table_view;
pub mod timeline;
mod view;

pub use actions::{
    Action, AnnotationCommand, BaseLayerKind, DetailMode, FormRequest, PictureAction, RecordKind,
    RecordRef, Region, Selection, SizeChoice, Tool, UnsavedAnswer,
};
pub use app::{FaultlineApp, StartOptions};
pub use message::Message;

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
