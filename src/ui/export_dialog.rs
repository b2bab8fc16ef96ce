//! Pieces of the Export picture dialog that need nothing of the window: size checks, file
//! names, the furniture text fields and the banner colours.

use std::path::PathBuf;
use std::time::Duration;

use egui::Ui;

use crate::model::furniture::Furniture;
use crate::render::PictureFormat;

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
    if PictureFormat::from_path(&path).ok() == Some(format) {
        return path;
    }
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".");
    name.push(format.extension());
    path.with_file_name(name)
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
    }

    #[test]
    fn custom_sizes_are_explained() {
        assert_eq!(size_problem("3000"), None);
        assert!(size_problem("0").is_some_and(|p| p.contains("8192")));
        assert!(size_problem("9000").is_some_and(|p| p.contains("8192")));
        assert!(size_problem("wide").is_some());
    }
}
