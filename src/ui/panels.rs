//! Panels: they read the application and return actions; they never change state themselves.

use egui::{RichText, Ui};

use crate::map::basemap::Detail;
use crate::map::projection::Projection;

use super::actions::{Action, BaseLayerKind, DetailMode, PictureAction, Region};
use super::app::{FaultlineApp, message_text};
use super::file_dialog::DialogPurpose;
use super::painter::color32;

/// Ctrl+Z.
pub const UNDO: egui::KeyboardShortcut =
    egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::Z);
/// Ctrl+Shift+Z.
pub const REDO: egui::KeyboardShortcut = egui::KeyboardShortcut::new(
    egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
    egui::Key::Z,
);

/// File, Edit, View and Help menus.
pub fn menu_bar(ui: &mut Ui, app: &FaultlineApp) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let shortcut = |ui: &Ui, modifiers, key| {
                ui.ctx()
                    .format_shortcut(&egui::KeyboardShortcut::new(modifiers, key))
            };
            let command = egui::Modifiers::COMMAND;
            let shift_command = command.plus(egui::Modifiers::SHIFT);
            let items = [
                (
                    "New",
                    shortcut(ui, command, egui::Key::N),
                    Action::NewProject,
                ),
                (
                    "Open…",
                    shortcut(ui, command, egui::Key::O),
                    Action::PickProjectFile,
                ),
            ];
            menu_items(ui, items, &mut actions);
            ui.menu_button("Recent files", |ui| {
                if app.recent_files().is_empty() {
                    ui.label("No recent files");
                }
                for path in app.recent_files() {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        actions.push(Action::OpenRecent(path.clone()));
                        ui.close();
                    }
                }
            });
            let items = [
                ("Save", shortcut(ui, command, egui::Key::S), Action::Save),
                (
                    "Save As…",
                    shortcut(ui, shift_command, egui::Key::S),
                    Action::PickSaveAs,
                ),
                ("Close", String::new(), Action::CloseProject),
            ];
            menu_items(ui, items, &mut actions);
            ui.separator();
            if ui.button("Add GeoJSON layer…").clicked() {
                actions.push(Action::PickLayerFile);
                ui.close();
            }
            if ui.button("Add layer from path…").clicked() {
                actions.push(Action::ShowPathField(DialogPurpose::AddLayer));
                ui.close();
            }
            if ui.button("Open project from path…").clicked() {
                actions.push(Action::ShowPathField(DialogPurpose::OpenProject));
                ui.close();
            }
            ui.separator();
            if ui.button("Export picture…").clicked() {
                actions.push(Action::Picture(PictureAction::ShowDialog(true)));
                ui.close();
            }
            if ui.button("Copy picture").clicked() {
                actions.push(Action::Picture(PictureAction::CopyToClipboard));
                ui.close();
            }
            ui.separator();
            if ui
                .add(egui::Button::new("Quit").shortcut_text(shortcut(ui, command, egui::Key::Q)))
                .clicked()
            {
                actions.push(Action::Quit);
                ui.close();
            }
        });
        ui.menu_button("Edit", |ui| {
            let undo = app.undo_label().map(|l| format!("Undo {l}"));
            let undo_button = egui::Button::new(undo.as_deref().unwrap_or("Undo"))
                .shortcut_text(ui.ctx().format_shortcut(&UNDO));
            if ui.add_enabled(undo.is_some(), undo_button).clicked() {
                actions.push(Action::Undo);
                ui.close();
            }
            let redo = app.redo_label().map(|l| format!("Redo {l}"));
            let redo_button = egui::Button::new(redo.as_deref().unwrap_or("Redo"))
                .shortcut_text(ui.ctx().format_shortcut(&REDO));
            if ui.add_enabled(redo.is_some(), redo_button).clicked() {
                actions.push(Action::Redo);
                ui.close();
            }
        });
        ui.menu_button("View", |ui| {
            ui.menu_button("Projection", |ui| {
                for projection in Projection::ALL {
                    if ui
                        .radio(app.projection() == projection, projection.label())
                        .clicked()
                    {
                        actions.push(Action::SetProjection(projection));
                        ui.close();
                    }
                }
            });
            ui.menu_button("Detail", |ui| {
                let mode = app.detail_mode;
                if ui
                    .radio(mode == DetailMode::Auto, "Automatic (by zoom)")
                    .clicked()
                {
                    actions.push(Action::SetDetailMode(DetailMode::Auto));
                    ui.close();
                }
                for detail in Detail::ALL {
                    let label = format!("Natural Earth 1:{}", detail.id());
                    if ui
                        .radio(mode == DetailMode::Pinned(detail), label)
                        .clicked()
                    {
                        actions.push(Action::SetDetailMode(DetailMode::Pinned(detail)));
                        ui.close();
                    }
                }
            });
            ui.separator();
            for region in Region::ALL {
                if ui.button(region.label()).clicked() {
                    actions.push(Action::ShowRegion(region));
                    ui.close();
                }
            }
            if ui
                .add_enabled(
                    app.selection.is_some(),
                    egui::Button::new("Fit to selection"),
                )
                .clicked()
            {
                actions.push(Action::FitSelection);
                ui.close();
            }
            ui.separator();
            if ui.button("Zoom in").clicked() {
                actions.push(Action::ZoomBy(1.5));
            }
            if ui.button("Zoom out").clicked() {
                actions.push(Action::ZoomBy(1.0 / 1.5));
            }
            ui.separator();
            let present = egui::Button::new("Presentation mode").shortcut_text("F11");
            if ui.add(present).clicked() {
                actions.push(Action::Picture(PictureAction::Present(true)));
                ui.close();
            }
        });
        ui.menu_button("Help", |ui| {
            ui.label(RichText::new("Map").strong());
            ui.label("Drag to pan · wheel or double-click to zoom");
            ui.label("Arrow keys pan · + / − zoom · Home shows the world");
            ui.label("Click a country, actor, tie or event to inspect it");
            ui.separator();
            ui.label(RichText::new("Annotations").strong());
            ui.label("N note · P pin · A arrow · L path · G area · Esc back to Select");
            ui.label("Enter or double-click finishes a path or area · Delete removes");
            ui.separator();
            ui.label(RichText::new("Pictures").strong());
            ui.label("File, Export picture… (PNG or SVG) · F11 presentation mode, Esc returns");
            ui.separator();
            ui.label(RichText::new("Files").strong());
            ui.label("Ctrl+N new · Ctrl+O open · Ctrl+S save · Ctrl+Shift+S save as");
            ui.label("Ctrl+Z undo · Ctrl+Shift+Z redo");
            ui.label("Projects and GeoJSON layers can also be dropped on the window");
            ui.separator();
            ui.label("Base map: Natural Earth (public domain)");
        });
        ui.separator();
        ui.label("Region:");
        for region in Region::ALL {
            if ui.small_button(region.label()).clicked() {
                actions.push(Action::ShowRegion(region));
            }
        }
    });
    actions
}

/// Menu buttons with their shortcuts; a click closes the menu and asks for the action.
fn menu_items<const N: usize>(
    ui: &mut Ui,
    items: [(&str, String, Action); N],
    actions: &mut Vec<Action>,
) {
    for (label, keys, action) in items {
        if ui
            .add(egui::Button::new(label).shortcut_text(keys))
            .clicked()
        {
            actions.push(action);
            ui.close();
        }
    }
}

/// Cursor position, detail level, projection and loading state.
pub fn status_bar(ui: &mut Ui, app: &FaultlineApp) -> Vec<Action> {
    ui.horizontal(|ui| {
        match app.view.cursor {
            Some([lon, lat]) => ui.monospace(format_lon_lat(lon, lat)),
            None => ui.monospace("—"),
        };
        ui.separator();
        let detail = app.current_detail();
        let mode = match app.detail_mode {
            DetailMode::Auto => "auto",
            DetailMode::Pinned(_) => "pinned",
        };
        ui.label(format!("Detail 1:{} ({mode})", detail.id()));
        ui.separator();
        ui.label(app.projection().label());
        if let Some(camera) = app.camera() {
            ui.separator();
            let km = camera.degrees_per_pixel(app.projection()) * 111.32;
            ui.label(format!("≈ {} per pixel", format_distance(km)));
        }
        if app.atlas.is_loading() {
            ui.separator();
            ui.spinner();
            ui.label("Loading finer map detail…");
        }
    });
    Vec::new()
}

/// Errors and notes, and the path field offered when no file dialog is available.
pub fn messages(ui: &mut Ui, app: &FaultlineApp) -> Vec<Action> {
    let mut actions = Vec::new();
    for (index, message) in app.messages().iter().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("Dismiss").clicked() {
                actions.push(Action::DismissMessage(index));
            }
            ui.label(message_text(message));
        });
    }
    if let Some((purpose, path)) = &app.path_field {
        ui.horizontal(|ui| {
            let label = ui.label(purpose.field_label());
            let mut text = path.clone();
            let field = ui.add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text("/home/me/data/places.geojson")
                    .desired_width(420.0),
            );
            let field = field.labelled_by(label.id);
            if field.changed() {
                actions.push(Action::SetPathField(Some(text.clone())));
            }
            let submitted = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button(purpose.confirm_label()).clicked() || submitted)
                && !text.trim().is_empty()
            {
                actions.push(Action::SetPathField(None));
                actions.push(Action::FileChosen(purpose.clone(), text.trim().into()));
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::SetPathField(None));
            }
        });
    }
    actions
}

/// Base layers and user layers with their visibility.
pub fn layers_panel(ui: &mut Ui, app: &FaultlineApp) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Story");
        ui.label(RichText::new(&app.project().title).weak());
        ui.add_space(4.0);
        actions.extend(super::explore_panel::search_box(
            ui,
            app.project(),
            &app.search_text,
        ));
        ui.add_space(4.0);
        egui::CollapsingHeader::new("Filters")
            .default_open(app.filter().is_active())
            .show(ui, |ui| {
                let visible = app.visible();
                let shown = (
                    visible.actors.len(),
                    visible.relationships.len(),
                    visible.events.len(),
                );
                actions.extend(super::explore_panel::filters(ui, app.filter(), shown));
            });
        ui.separator();
        actions.extend(layers_list(ui, app));
    });
    actions
}

fn layers_list(ui: &mut Ui, app: &FaultlineApp) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Layers");
    ui.add_space(4.0);
    ui.label(RichText::new("Base map").strong());
    let mut layers = app.base_layers();
    for kind in BaseLayerKind::ALL {
        let mut visible = *kind.flag(&mut layers);
        if ui.checkbox(&mut visible, kind.label()).changed() {
            actions.push(Action::SetBaseLayer(kind, visible));
        }
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Your layers").strong());
        if ui
            .small_button("+ Add…")
            .on_hover_text("Add a GeoJSON file (Ctrl+O)")
            .clicked()
        {
            actions.push(Action::PickLayerFile);
        }
    });
    if app.layers.is_empty() {
        ui.label(RichText::new("None yet. Add a GeoJSON file, or drop one on the map.").weak());
    }
    for (index, layer) in app.layers.iter().enumerate() {
        ui.horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, color32(layer.color));
            let details = match &layer.path {
                Some(path) => format!("{} features\n{}", layer.data.features.len(), path.display()),
                None => format!("{} features", layer.data.features.len()),
            };
            let mut visible = layer.visible;
            if ui
                .checkbox(&mut visible, &layer.name)
                .on_hover_text(details)
                .changed()
            {
                actions.push(Action::SetLayerVisible(index, visible));
            }
        });
        ui.horizontal(|ui| {
            ui.add_space(18.0);
            let count = layer.data.features.len();
            ui.label(
                RichText::new(format!(
                    "{count} feature{}",
                    if count == 1 { "" } else { "s" }
                ))
                .weak()
                .small(),
            );
            if ui.small_button("Zoom to").clicked() {
                actions.push(Action::ZoomToLayer(index));
            }
            if ui.small_button("Remove").clicked() {
                actions.push(Action::RemoveLayer(index));
            }
        });
    }
    actions
}

/// Details of the selected country (and of the one under the pointer).
pub fn inspector(ui: &mut Ui, app: &FaultlineApp) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Inspector");
    ui.add_space(4.0);
    actions.extend(super::story_panel::story_tools(ui, app.project()));
    ui.separator();
    if let Some(focus) = app.focus() {
        actions.extend(super::story_panel::story_inspector(
            ui,
            app.project(),
            focus,
        ));
        return actions;
    }
    match app.selected_country_data() {
        Some(country) => {
            ui.label(RichText::new(&country.name).size(18.0).strong());
            egui::Grid::new("country_codes")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    let code = |c: &Option<String>| c.clone().unwrap_or_else(|| "—".into());
                    ui.label("ISO alpha-3");
                    ui.monospace(code(&country.iso_a3));
                    ui.end_row();
                    ui.label("ISO alpha-2");
                    ui.monospace(code(&country.iso_a2));
                    ui.end_row();
                    ui.label("ISO numeric");
                    ui.monospace(code(&country.iso_n3));
                    ui.end_row();
                    ui.label("Label point");
                    ui.monospace(format_lon_lat(
                        country.label_point[0],
                        country.label_point[1],
                    ));
                    ui.end_row();
                    ui.label("Extent");
                    let [w, s, e, n] = country.bbox;
                    ui.monospace(format!("{w:.2}, {s:.2} →\n{e:.2}, {n:.2}"));
                    ui.end_row();
                    ui.label("Parts");
                    ui.monospace(country.geometry.0.len().to_string());
                    ui.end_row();
                });
            actions.extend(selection_buttons(ui));
        }
        None => {
            ui.label(
                RichText::new(
                    "Click an actor, a tie, an event or a country on the map to see its details.",
                )
                .weak(),
            );
        }
    }
    actions
}

/// "Fit to selection" and "Clear", under whatever the inspector shows.
pub(super) fn selection_buttons(ui: &mut Ui) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui.button("Fit to selection").clicked() {
            actions.push(Action::FitSelection);
        }
        if ui.button("Clear").clicked() {
            actions.push(Action::Select(None));
        }
    });
    actions
}

/// `34.5553° N, 69.2075° E`.
pub fn format_lon_lat(lon: f64, lat: f64) -> String {
    let ns = if lat >= 0.0 { 'N' } else { 'S' };
    let ew = if lon >= 0.0 { 'E' } else { 'W' };
    format!("{:.4}° {ns}, {:.4}° {ew}", lat.abs(), lon.abs())
}

fn format_distance(km: f64) -> String {
    if km >= 10.0 {
        format!("{km:.0} km")
    } else if km >= 1.0 {
        format!("{km:.1} km")
    } else {
        format!("{:.0} m", km * 1000.0)
    }
}

impl FaultlineApp {
    /// The detail mode, for the menus.
    pub fn detail_mode(&self) -> DetailMode {
        self.detail_mode
    }
}
