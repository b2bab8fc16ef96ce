//! The Export picture dialog: format, size and the furniture of the picture. It reads the
//! document and the view and returns actions; furniture changes are undoable edits.

use std::path::PathBuf;
use std::time::Duration;

use egui::{RichText, Ui};

use crate::model::Edit;
use crate::model::furniture::{Furniture, parse_hex_rgb};
use crate::render::PictureFormat;
use crate::scene::BaseLayers;

use super::actions::{Action, BaseLayerKind, PictureAction, SizeChoice};
use super::panel::Read;
use super::pictures::PictureState;

/// How long entering presentation mode shows how to leave it.
pub const HINT_FOR: Duration = Duration::from_secs(4);

/// Why a custom size is refused, said next to the field.
pub fn size_problem(text: &str) -> Option<String> {
    match text.trim().parse::<u32>() {
        Ok(v) if (1..=crate::render::MAX_SIDE).contains(&v) => None,
        Ok(_) => Some(format!("1 to {} pixels", crate::render::MAX_SIDE)),
        Err(_) => Some("a whole number of pixels".into()),
    }
}

/// Sets one text of the furniture.
pub type Setter = fn(&mut Furniture, String);

/// Common banner colours, by name (words on buttons: egui's font lacks colour swatches).
pub const BANNER_COLOURS: [(&str, &str); 5] = [
    ("Green", "#007a33"),
    ("Blue", "#0033a0"),
    ("Red", "#c8102e"),
    ("Orange", "#ff8c00"),
    ("Yellow", "#fce83a"),
];

/// A labelled text field for a furniture setting, as a row of a two-column grid. What is typed is kept in `draft` and
/// returned once, when the field loses focus with a changed value.
pub fn text_setting(
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
pub fn with_extension(path: PathBuf, format: PictureFormat) -> PathBuf {
    match PictureFormat::from_path(&path) {
        Ok(named) if named.extension() == format.extension() => return path,
        // The other picture format's extension is corrected, not appended to.
        Ok(_) => return path.with_extension(format.extension()),
        Err(_) => {}
    }
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".");
    name.push(format.extension());
    path.with_file_name(name)
}

/// The Export picture window.
pub fn export_window(
    ctx: &egui::Context,
    state: &mut PictureState,
    read: &Read<'_>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut open = state.open;
    egui::Window::new("Export picture")
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .default_width(420.0)
        .show(ctx, |ui| actions.extend(export_contents(ui, state, read)));
    if !open {
        actions.push(Action::Picture(PictureAction::ShowDialog(false)));
    }
    actions
}

fn export_contents(ui: &mut Ui, state: &mut PictureState, read: &Read<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    let camera = read.view.camera();
    let window = state.window_size(camera);
    ui.label(RichText::new("Format").strong());
    for format in PictureFormat::ALL {
        if ui.radio(state.format == format, format.label()).clicked() {
            actions.push(Action::Picture(PictureAction::SetFormat(format)));
        }
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Size").strong());
    for choice in SizeChoice::ALL {
        if ui
            .radio(state.size == choice, choice.label(window))
            .clicked()
        {
            actions.push(Action::Picture(PictureAction::SetSize(choice)));
        }
    }
    if state.size == SizeChoice::Custom {
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
    actions.extend(furniture_controls(ui, state, read));
    ui.separator();
    let size = state.size(camera);
    if let Err(problem) = &size {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    ui.horizontal(|ui| {
        let ready = size.is_ok() && !read.runtime.is_dialog_open();
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
        if state.is_busy() {
            ui.spinner();
            ui.label("Working…");
        }
    });
    if let Some(path) = state.path_field.clone() {
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
                    format: state.format,
                    size: *size,
                }));
            }
        });
    }
    actions
}

/// Switches and words of the furniture; each change is one undoable edit of the project.
fn furniture_controls(ui: &mut Ui, state: &mut PictureState, read: &Read<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    let current = state.furniture.clone();
    let view = read.document.project().view.clone();
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
        let project_title = read.document.project().title.clone();
        let drafts = &mut state.drafts;
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
    let mut legend = BaseLayers::from_view(&read.document.project().view).legend;
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
        // SVG chosen with a .png name: brief.svg, not brief.png.svg.
        assert_eq!(
            with_extension(PathBuf::from("/tmp/brief.png"), PictureFormat::Svg),
            Path::new("/tmp/brief.svg")
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/v1.2"), PictureFormat::Png),
            Path::new("/tmp/v1.2.png")
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
