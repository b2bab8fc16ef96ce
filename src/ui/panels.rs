//! Panels: they read the document, the view and the runtime and return actions; they never
//! change state themselves.

use egui::{RichText, Ui};

use crate::map::basemap::Detail;
use crate::map::projection::Projection;
use crate::model::Edit;
use crate::model::settings::BorderView;

use super::actions::{Action, BaseLayerKind, DetailMode, PictureAction, Region, UnsavedAnswer};
use super::annotate::AnnotateState;
use super::commands::{COMMANDS, Menu, command, help_line};
use super::document::{Document, format_age};
use super::events_table::EventsTableState;
use super::file_dialog::DialogPurpose;
use super::network_panel::{NetworkState, network_panel};
use super::painter::color32;
use super::panel::{Panel, Read};
use super::timeline::{TimelineState, timeline_panel};

use crate::scene::BaseLayers;
use crate::scene::events::visible_area;

/// The tabs of the analysis panel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Timeline,
    Network,
    /// The events of the project's datasets, as a table.
    Events,
    Hidden,
}

/// File, Edit, View and Help menus.
pub fn menu_bar(ui: &mut Ui, read: &Read<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            command_items(ui, &["New", "Open…"], &mut actions);
            ui.menu_button("Recent files", |ui| {
                if read.document.recent().is_empty() {
                    ui.label("No recent files");
                }
                for path in read.document.recent() {
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
            command_items(ui, &["Save", "Save As…", "Close"], &mut actions);
            ui.separator();
            let items = [
                ("Add layer (GeoJSON, KML, Shapefile, GeoPackage)…", Action::PickLayerFile),
                ("Import events (ACLED, UCDP, GDELT, CSV)…", Action::ImportEvents),
                (
                    "Add layer from path…",
                    Action::ShowPathField(DialogPurpose::AddLayer),
                ),
                (
                    "Open project from path…",
                    Action::ShowPathField(DialogPurpose::OpenProject),
                ),
            ];
            plain_items(ui, items, &mut actions);
            ui.separator();
            let items = [
                (
                    "Export picture…",
                    Action::Picture(PictureAction::ShowDialog(true)),
                ),
                ("Export as KML…", Action::PickKmlExport),
                (
                    "Copy picture",
                    Action::Picture(PictureAction::CopyToClipboard),
                ),
            ];
            plain_items(ui, items, &mut actions);
            ui.separator();
            command_items(ui, &["Quit"], &mut actions);
        });
        ui.menu_button("Edit", |ui| {
            for (name, step) in [
                ("Undo", read.document.undo_label()),
                ("Redo", read.document.redo_label()),
            ] {
                let Some(command) = command(name) else {
                    continue;
                };
                let label = step.map_or_else(|| name.to_owned(), |l| format!("{name} {l}"));
                if ui
                    .add_enabled(step.is_some(), command_button(ui, command, label))
                    .clicked()
                {
                    actions.push((command.action)());
                    ui.close();
                }
            }
        });
        ui.menu_button("Story", |ui| {
            let items = [("Draft from article…", Action::DraftFromArticle)];
            plain_items(ui, items, &mut actions);
        });
        ui.menu_button("View", |ui| {
            ui.menu_button("Projection", |ui| {
                for projection in Projection::ALL {
                    if ui
                        .radio(read.view.projection() == projection, projection.label())
                        .clicked()
                    {
                        actions.push(Action::SetProjection(projection));
                        ui.close();
                    }
                }
            });
            ui.menu_button("Detail", |ui| {
                let mode = read.view.detail_mode();
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
            ui.menu_button("Borders", |ui| {
                let view = &read.document.project().view;
                let current = BorderView::from_view(view);
                for choice in BorderView::ALL {
                    if ui.radio(current == choice, choice.label()).clicked() {
                        if choice != current {
                            actions.push(Action::edit(
                                Edit::SetView(choice.written_to(view)),
                                format!("Borders: {}", choice.label()),
                            ));
                        }
                        ui.close();
                    }
                }
                ui.separator();
                ui.label(
                    RichText::new(
                        "No country's own view (India, Pakistan, China):\nthe bundled Natural Earth 4.0.0 has none.",
                    )
                    .small()
                    .weak(),
                );
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
                    read.view.selection().is_some(),
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
            command_items(ui, &["Presentation mode"], &mut actions);
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
            ui.label("File, Export picture… (PNG or SVG)");
            ui.label(help_line(ui.ctx(), Menu::View));
            ui.separator();
            ui.label(RichText::new("Files").strong());
            ui.label(help_line(ui.ctx(), Menu::File));
            ui.label(help_line(ui.ctx(), Menu::Edit));
            ui.label("Projects and GeoJSON layers can also be dropped on the window");
            ui.separator();
            ui.label("Base map: Natural Earth (public domain)");
            ui.label(
                "Places: GeoNames (CC BY 4.0); demonyms and regions: world-countries (ODbL 1.0)",
            );
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

/// Menu buttons of commands of the table, with their shortcuts; a click closes the menu and
/// asks for the action.
fn command_items(ui: &mut Ui, labels: &[&str], actions: &mut Vec<Action>) {
    for command in COMMANDS.iter().filter(|c| labels.contains(&c.label)) {
        if ui
            .add(command_button(ui, command, command.label.to_owned()))
            .clicked()
        {
            actions.push((command.action)());
            ui.close();
        }
    }
}

fn command_button(
    ui: &Ui,
    command: &super::commands::Command,
    label: String,
) -> egui::Button<'static> {
    let keys = command
        .shortcut
        .map(|s| ui.ctx().format_shortcut(&s))
        .unwrap_or_default();
    egui::Button::new(label).shortcut_text(keys)
}

/// Menu buttons without shortcuts.
fn plain_items<const N: usize>(ui: &mut Ui, items: [(&str, Action); N], actions: &mut Vec<Action>) {
    for (label, action) in items {
        if ui.button(label).clicked() {
            actions.push(action);
            ui.close();
        }
    }
}

/// The unsaved-changes question and the recovery offer, as modal windows.
pub fn prompts(ctx: &egui::Context, document: &Document) -> Vec<Action> {
    let mut actions = Vec::new();
    if let Some(then) = document.prompt() {
        let question = then.question(&document.name());
        egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading("Unsaved changes");
            ui.label(question);
            ui.label("If you don't save, your changes will be lost.");
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    actions.push(Action::AnswerUnsaved(UnsavedAnswer::Save));
                }
                if ui.button("Don't save").clicked() {
                    actions.push(Action::AnswerUnsaved(UnsavedAnswer::Discard));
                }
                if ui.button("Cancel").clicked() {
                    actions.push(Action::AnswerUnsaved(UnsavedAnswer::Cancel));
                }
            });
        });
    } else if let Some(offer) = document.recovery_offer() {
        egui::Modal::new(egui::Id::unique("recovery_offer")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Restore unsaved work?");
            let when = offer
                .age
                .map(|age| format!(" ({} ago)", format_age(age)))
                .unwrap_or_default();
            ui.label(format!(
                "Faultline did not close properly last time. Unsaved work on “{}” was autosaved{when}.",
                offer.title
            ));
            if let Some(original) = &offer.original {
                ui.label(format!("It belongs to {}.", original.display()));
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Restore").clicked() {
                    actions.push(Action::AnswerRecovery(true));
                }
                if ui.button("Discard").clicked() {
                    actions.push(Action::AnswerRecovery(false));
                }
            });
        });
    }
    actions
}

/// The timeline and network analysis, in a panel along the bottom; hidden, only its tabs.
pub struct AnalysisPanel {
    tab: BottomTab,
    timeline: TimelineState,
    network: NetworkState,
    events: EventsTableState,
}

impl Default for AnalysisPanel {
    fn default() -> AnalysisPanel {
        AnalysisPanel {
            tab: BottomTab::Hidden,
            timeline: TimelineState::default(),
            network: NetworkState::default(),
            events: EventsTableState::default(),
        }
    }
}

impl Panel for AnalysisPanel {
    fn frame(&self, _read: &Read<'_>, height: f32) -> egui::Panel {
        let panel = egui::Panel::bottom("analysis").resizable(self.tab != BottomTab::Hidden);
        if self.tab == BottomTab::Hidden {
            return panel;
        }
        // The analysis never takes more than ~40% of the window: the map stays the main view,
        // and what does not fit scrolls.
        let max_height = (height * 0.4).max(160.0);
        panel
            .default_size(max_height.min(280.0))
            .min_size(max_height.min(220.0))
            .max_size(max_height)
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, _: &mut AnnotateState) -> Vec<Action> {
        let mut actions = Vec::new();
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, BottomTab::Timeline, "Timeline");
            ui.selectable_value(&mut self.tab, BottomTab::Network, "Network");
            ui.selectable_value(&mut self.tab, BottomTab::Events, "Events");
            // The toggle says what it does now: hide what is shown, or that nothing is.
            if self.tab == BottomTab::Hidden {
                ui.label(RichText::new("Analysis hidden: pick a tab to show it").weak());
            } else if ui
                .button("Hide analysis")
                .on_hover_text("Close the analysis panel; the map takes its room")
                .clicked()
            {
                self.tab = BottomTab::Hidden;
            }
        });
        if self.tab == BottomTab::Hidden {
            return actions;
        }
        if self.tab == BottomTab::Events {
            // The table scrolls its own rows (virtually): no outer scroll area.
            let area = read
                .view
                .camera()
                .map(|camera| visible_area(&camera, read.view.projection()));
            actions.extend(self.events.show(ui, read, area));
            return actions;
        }
        let per_day: Vec<&[(crate::events::day::Day, u32)]> = read
            .document
            .datasets()
            .all()
            .iter()
            .filter(|d| d.visible)
            .map(|d| d.per_day().as_slice())
            .collect();
        let events_per_day = crate::ui::timeline::histogram::merge(&per_day);
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match self.tab {
                BottomTab::Timeline => actions.extend(timeline_panel(
                    ui,
                    read.document.project(),
                    read.view.visible(),
                    read.view.filter(),
                    read.view.selection(),
                    &events_per_day,
                    &mut self.timeline,
                )),
                BottomTab::Network => actions.extend(network_panel(
                    ui,
                    read.document.project(),
                    read.view.visible(),
                    read.view.path_relationships(),
                    read.document.datasets().all(),
                    &mut self.network,
                )),
                BottomTab::Events | BottomTab::Hidden => {}
            });
        actions
    }

    fn document_replaced(&mut self) {
        self.network = NetworkState::default();
        self.events.document_replaced();
    }
}

/// File, Edit, View and Help menus.
pub struct MenuBar;

impl Panel for MenuBar {
    fn frame(&self, _: &Read<'_>, _: f32) -> egui::Panel {
        egui::Panel::top("menu_bar")
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, _: &mut AnnotateState) -> Vec<Action> {
        menu_bar(ui, read)
    }
}

/// Cursor position, detail level, projection and loading state.
pub struct StatusBar;

impl Panel for StatusBar {
    fn frame(&self, _: &Read<'_>, _: f32) -> egui::Panel {
        egui::Panel::bottom("status_bar")
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, _: &mut AnnotateState) -> Vec<Action> {
        status_bar(ui, read);
        Vec::new()
    }
}

/// Messages and the path field, under the map while there are any.
pub struct MessageBar;

impl Panel for MessageBar {
    fn frame(&self, _: &Read<'_>, _: f32) -> egui::Panel {
        egui::Panel::bottom("messages")
    }

    fn is_shown(&self, read: &Read<'_>, _: &AnnotateState) -> bool {
        !read.runtime.messages().is_empty() || read.runtime.path_field().is_some()
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, _: &mut AnnotateState) -> Vec<Action> {
        messages(ui, read)
    }
}

/// The story's search and filters, and the layers.
pub struct LayersPanel;

impl Panel for LayersPanel {
    fn frame(&self, _: &Read<'_>, _: f32) -> egui::Panel {
        egui::Panel::left("layers")
            .resizable(true)
            .default_size(220.0)
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, tools: &mut AnnotateState) -> Vec<Action> {
        layers_panel(ui, read, tools)
    }
}

/// Details of what is selected.
pub struct Inspector;

impl Panel for Inspector {
    fn frame(&self, _: &Read<'_>, _: f32) -> egui::Panel {
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(250.0)
    }

    fn contents(&mut self, ui: &mut Ui, read: &Read<'_>, _: &mut AnnotateState) -> Vec<Action> {
        inspector(ui, read)
    }
}

/// Cursor position, detail level, projection and loading state.
pub fn status_bar(ui: &mut Ui, read: &Read<'_>) {
    ui.horizontal(|ui| {
        match read.map.cursor {
            Some([lon, lat]) => ui.monospace(format_lon_lat(lon, lat)),
            None => ui.monospace("—"),
        };
        ui.separator();
        let detail = read.view.current_detail(read.runtime.atlas());
        let mode = match read.view.detail_mode() {
            DetailMode::Auto => "auto",
            DetailMode::Pinned(_) => "pinned",
        };
        ui.label(format!("Detail 1:{} ({mode})", detail.id()));
        ui.separator();
        ui.label(read.view.projection().label());
        if let Some(camera) = read.view.camera() {
            ui.separator();
            let km = camera.degrees_per_pixel(read.view.projection()) * 111.32;
            ui.label(format!("≈ {} per pixel", format_distance(km)));
        }
        if read.runtime.atlas().is_loading() {
            ui.separator();
            ui.spinner();
            ui.label("Loading finer map detail…");
        }
    });
}

/// Errors and notes, and the path field offered when no file dialog is available.
pub fn messages(ui: &mut Ui, read: &Read<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    for (index, message) in read.runtime.messages().iter().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("Dismiss").clicked() {
                actions.push(Action::DismissMessage(index));
            }
            ui.label(message.rich_text());
        });
    }
    if let Some((purpose, path)) = read.runtime.path_field() {
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
pub fn layers_panel(ui: &mut Ui, read: &Read<'_>, tools: &AnnotateState) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Story");
        ui.label(RichText::new(&read.document.project().title).weak());
        ui.add_space(4.0);
        actions.extend(super::explore_panel::search_box(
            ui,
            read.document.project(),
            read.view.search_text(),
        ));
        ui.add_space(4.0);
        egui::CollapsingHeader::new("Filters")
            .default_open(read.view.filter().is_active())
            .show(ui, |ui| {
                let visible = read.view.visible();
                let shown = (
                    visible.actors.len(),
                    visible.relationships.len(),
                    visible.events.len(),
                );
                actions.extend(super::explore_panel::filters(ui, read.view.filter(), shown));
            });
        ui.separator();
        actions.extend(layers_list(ui, read));
        ui.add_space(8.0);
        let annotation = tools.selected_record(read.document.project());
        actions.extend(super::datasets_panel::datasets_section(
            ui, read, annotation,
        ));
    });
    actions
}

fn layers_list(ui: &mut Ui, read: &Read<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Layers");
    ui.add_space(4.0);
    ui.label(RichText::new("Base map").strong());
    let mut layers = BaseLayers::from_view(&read.document.project().view);
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
    if read.document.layers().is_empty() {
        ui.label(RichText::new("None yet. Add a GeoJSON file, or drop one on the map.").weak());
    }
    for (index, layer) in read.document.layers().iter().enumerate() {
        ui.horizontal(|ui| {
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, color32(layer.color));
            let details = format!(
                "{} features\n{}",
                layer.data.features.len(),
                layer.path.display()
            );
            let mut visible = layer.visible;
            if ui
                .checkbox(&mut visible, &layer.name)
                .on_hover_text(details)
                .changed()
            {
                actions.push(Action::SetLayerVisible(index, visible));
            }
        });
        // Wrapped: the panel may be narrower than the layer's buttons.
        ui.horizontal_wrapped(|ui| {
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
            if ui
                .small_button("Table")
                .on_hover_text("The layer's features with all their properties")
                .clicked()
            {
                actions.push(Action::ShowLayerTable(index));
            }
            if let Some(action) = label_property_combo(ui, read, index, layer) {
                actions.push(action);
            }
            if ui.small_button("Remove").clicked() {
                actions.push(Action::RemoveLayer(index));
            }
        });
        actions.extend(layer_groups(ui, read, index, layer));
    }
    actions
}

/// A layer's groups (KML Folders, GeoPackage tables, the files of a zip) as checkboxes under
/// it: switching one is one undoable edit of the layer's entry in the project, which lists the
/// groups switched off.
fn layer_groups(
    ui: &mut Ui,
    read: &Read<'_>,
    index: usize,
    layer: &super::layers::UserLayer,
) -> Option<Action> {
    let groups = layer.switchable_groups();
    if groups.is_empty() {
        return None;
    }
    let mut switched = None;
    ui.indent(("layer groups", index), |ui| {
        egui::CollapsingHeader::new(RichText::new(format!("Groups ({})", groups.len())).small())
            .id_salt(("layer groups header", index))
            .default_open(groups.len() <= 12)
            .show(ui, |ui| {
                for group in groups {
                    let mut shown = !layer.hidden_groups.contains(group);
                    if ui.checkbox(&mut shown, group).changed() {
                        switched = Some((group.clone(), shown));
                    }
                }
            });
    });
    let (group, shown) = switched?;
    let mut entries = read.document.layer_entries();
    let entry = entries.get_mut(index)?;
    entry.hidden_groups.retain(|g| *g != group);
    if !shown {
        entry.hidden_groups.push(group.clone());
    }
    let view = crate::model::settings::UserLayerEntry::list_written_to(
        &entries,
        &read.document.project().view,
    );
    let verb = if shown { "Show" } else { "Hide" };
    Some(Action::edit(
        Edit::SetView(view),
        format!("{verb} group “{group}” of layer “{}”", layer.name),
    ))
}

/// The combo that picks which property names a layer's features: one undoable edit of the
/// layer's entry in the project.
fn label_property_combo(
    ui: &mut Ui,
    read: &Read<'_>,
    index: usize,
    layer: &super::layers::UserLayer,
) -> Option<Action> {
    let keys = crate::map::label_guess::property_keys(&layer.data);
    if keys.is_empty() {
        return None;
    }
    let current = layer.label_key.clone();
    let mut chosen = current.clone();
    egui::ComboBox::from_id_salt(("layer label", index))
        .selected_text(current.as_deref().unwrap_or("(numbered)"))
        .width(90.0)
        .show_ui(ui, |ui| {
            for key in &keys {
                ui.selectable_value(&mut chosen, Some(key.clone()), key);
            }
        })
        .response
        .on_hover_text("The property that names the features");
    if chosen == current {
        return None;
    }
    let mut entries = read.document.layer_entries();
    let entry = entries.get_mut(index)?;
    entry.label.clone_from(&chosen);
    let view = crate::model::settings::UserLayerEntry::list_written_to(
        &entries,
        &read.document.project().view,
    );
    Some(Action::edit(
        Edit::SetView(view),
        format!(
            "Label layer “{}” by {}",
            layer.name,
            chosen.as_deref().unwrap_or("number")
        ),
    ))
}

/// A user layer's feature: its name, its layer and every property, as the file gave them.
fn layer_feature_inspector(ui: &mut Ui, read: &Read<'_>, layer: usize, feature: usize) {
    let Some(loaded) = read.document.layers().get(layer) else {
        ui.label("The layer of this feature is no longer open.");
        return;
    };
    let Some(record) = loaded.data.features.get(feature) else {
        ui.label("This feature is no longer in its layer.");
        return;
    };
    ui.label(
        RichText::new(loaded.feature_name(feature))
            .size(17.0)
            .strong(),
    );
    ui.label(RichText::new(format!("Feature of the layer {}", loaded.name)).weak());
    ui.add_space(4.0);
    if record.properties.is_empty() {
        ui.label(RichText::new("No properties.").weak());
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("layer_feature_properties")
        .show(ui, |ui| {
            egui::Grid::new("layer_feature_properties_grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (key, value) in &record.properties {
                        ui.label(RichText::new(key).strong());
                        let text = match value {
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Null => "—".to_owned(),
                            other => other.to_string(),
                        };
                        if text.starts_with("http://") || text.starts_with("https://") {
                            ui.hyperlink(&text);
                        } else {
                            ui.add(egui::Label::new(text).wrap());
                        }
                        ui.end_row();
                    }
                });
        });
}

/// Details of the selected country (and of the one under the pointer).
pub fn inspector(ui: &mut Ui, read: &Read<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.heading("Inspector");
    ui.add_space(4.0);
    actions.extend(super::story_panel::story_tools(ui, read.document.project()));
    ui.separator();
    if let Some((dataset, row)) = read.view.selected_dataset_event() {
        actions.extend(super::datasets_panel::dataset_event_inspector(
            ui, read, dataset, row,
        ));
        return actions;
    }
    if let Some((layer, feature)) = read.view.selected_layer_feature() {
        layer_feature_inspector(ui, read, layer, feature);
        return actions;
    }
    if let Some(focus) = read.view.focus() {
        actions.extend(super::story_panel::story_inspector(
            ui,
            read.document.project(),
            focus,
        ));
        return actions;
    }
    match read.view.selected_country_data(read.runtime.atlas()) {
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
            actions.extend(super::story_panel::selection_buttons(ui));
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
