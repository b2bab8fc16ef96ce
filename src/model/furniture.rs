//! Briefing furniture kept in the project's `view` member: the title block, scale bar, north
//! arrow, attribution and classification banner drawn around the map. They belong to the
//! document (saved, undone and redone like any other change) because a briefer composes a
//! picture once and expects the next export, on any machine, to look the same.
//!
//! The legend's switch is not here: it is the `legend` layer of
//! [`BaseLayers`](super::settings::BaseLayers), so there is one switch for it, not two.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The key of the furniture settings in the project's `view` member.
const FURNITURE_KEY: &str = "furniture";

/// The banner colour used until the user picks one: the green of unclassified markings.
pub const DEFAULT_BANNER_COLOR: &str = "#007a33";

/// What is drawn around the map, and its words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Furniture {
    /// The title block (title, subtitle, "as of" date).
    pub title: bool,
    /// The title's text; empty shows the project's title.
    pub title_text: String,
    /// A second line under the title; empty draws none.
    pub subtitle: String,
    /// The date the picture describes ("12 March 2026"), shown as "As of …"; empty draws none.
    pub as_of: String,
    pub scale_bar: bool,
    /// Drawn only where north is one direction across the map (not at whole-world views of
    /// projections whose meridians converge).
    pub north_arrow: bool,
    /// "Natural Earth" and the titles of the sources the drawn items cite.
    pub attribution: bool,
    /// A classification or handling banner along the top and bottom edges.
    pub banner: bool,
    pub banner_text: String,
    /// The banner's colour as `#rrggbb`; an unreadable value falls back to the default.
    pub banner_color: String,
    /// The corner the legend sits in (the user drags it there); an unknown value falls back
    /// to the bottom left rather than losing the other settings.
    #[serde(deserialize_with = "lenient_corner")]
    pub legend_corner: LegendCorner,
}

/// A corner of the picture for the legend.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegendCorner {
    #[default]
    BottomLeft,
    BottomRight,
    TopLeft,
    TopRight,
}

impl LegendCorner {
    pub const ALL: [LegendCorner; 4] = [
        LegendCorner::BottomLeft,
        LegendCorner::BottomRight,
        LegendCorner::TopLeft,
        LegendCorner::TopRight,
    ];

    /// Words for menus and undo labels.
    pub fn label(self) -> &'static str {
        match self {
            LegendCorner::BottomLeft => "bottom left",
            LegendCorner::BottomRight => "bottom right",
            LegendCorner::TopLeft => "top left",
            LegendCorner::TopRight => "top right",
        }
    }

    /// Whether the corner is on the right (else the left) and at the top (else the bottom).
    pub fn sides(self) -> (bool, bool) {
        match self {
            LegendCorner::BottomLeft => (false, false),
            LegendCorner::BottomRight => (true, false),
            LegendCorner::TopLeft => (false, true),
            LegendCorner::TopRight => (true, true),
        }
    }

    /// The corner of a `width` × `height` area nearest to a point in it.
    pub fn nearest(point: [f32; 2], size: [f32; 2]) -> LegendCorner {
        let right = point[0] > size[0] / 2.0;
        let top = point[1] < size[1] / 2.0;
        match (right, top) {
            (false, false) => LegendCorner::BottomLeft,
            (true, false) => LegendCorner::BottomRight,
            (false, true) => LegendCorner::TopLeft,
            (true, true) => LegendCorner::TopRight,
        }
    }
}

/// Reads a legend corner, taking anything unreadable as the default.
fn lenient_corner<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<LegendCorner, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).unwrap_or_default())
}

impl Default for Furniture {
    fn default() -> Furniture {
        Furniture {
            title: true,
            title_text: String::new(),
            subtitle: String::new(),
            as_of: String::new(),
            scale_bar: true,
            north_arrow: true,
            attribution: true,
            banner: false,
            banner_text: "UNCLASSIFIED".to_owned(),
            banner_color: DEFAULT_BANNER_COLOR.to_owned(),
            legend_corner: LegendCorner::default(),
        }
    }
}

impl Furniture {
    /// The furniture settings stored in a project's `view` member; defaults for what is
    /// missing or unreadable (a hand-edited file should not stop the map from showing).
    pub fn from_view(view: &Map<String, Value>) -> Furniture {
        view.get(FURNITURE_KEY)
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .unwrap_or_default()
    }

    /// A copy of `view` with these settings in it, for an [`Edit::SetView`](super::Edit).
    pub fn written_to(&self, view: &Map<String, Value>) -> Map<String, Value> {
        let mut view = view.clone();
        if let Ok(value) = serde_json::to_value(self) {
            view.insert(FURNITURE_KEY.to_owned(), value);
        }
        view
    }

    /// The title to draw: the user's text, else the project's title.
    pub fn title_or<'a>(&'a self, project_title: &'a str) -> &'a str {
        if self.title_text.trim().is_empty() {
            project_title
        } else {
            &self.title_text
        }
    }

    /// The banner colour as RGB, or `None` when it is not `#rrggbb` (or `rrggbb`).
    pub fn banner_rgb(&self) -> Option<[u8; 3]> {
        parse_hex_rgb(&self.banner_color)
    }
}

/// Parses `#rrggbb` (the `#` is optional; surrounding spaces are ignored).
///
/// ```
/// use faultline::model::furniture::parse_hex_rgb;
/// assert_eq!(parse_hex_rgb("#c8102e"), Some([0xc8, 0x10, 0x2e]));
/// assert_eq!(parse_hex_rgb("red"), None);
/// ```
pub fn parse_hex_rgb(text: &str) -> Option<[u8; 3]> {
    let hex = text.trim().trim_start_matches('#');
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_round_trips_through_the_view_and_keeps_other_keys() {
        let mut view = Map::new();
        view.insert("layers".into(), serde_json::json!({"graticule": false}));
        let furniture = Furniture {
            subtitle: "Regional reactions".into(),
            banner: true,
            banner_text: "SECRET//REL TO BRIEFING".into(),
            banner_color: "#c8102e".into(),
            scale_bar: false,
            legend_corner: LegendCorner::TopRight,
            ..Furniture::default()
        };
        let written = furniture.written_to(&view);
        assert_eq!(Furniture::from_view(&written), furniture);
        assert_eq!(written["layers"], serde_json::json!({"graticule": false}));
    }

    #[test]
    fn defaults_show_title_scale_bar_arrow_and_attribution_but_no_banner() {
        let furniture = Furniture::from_view(&Map::new());
        assert!(furniture.title && furniture.scale_bar && furniture.north_arrow);
        assert!(furniture.attribution && !furniture.banner);
        assert_eq!(furniture.title_or("The story"), "The story");
    }

    #[test]
    fn damaged_furniture_falls_back_to_defaults_member_by_member() {
        let mut view = Map::new();
        view.insert(FURNITURE_KEY.into(), Value::from("nonsense"));
        assert_eq!(Furniture::from_view(&view), Furniture::default());
        view.insert(
            FURNITURE_KEY.into(),
            serde_json::json!({"banner": true, "banner_color": "not a colour"}),
        );
        let furniture = Furniture::from_view(&view);
        assert!(furniture.banner && furniture.title);
        assert_eq!(furniture.banner_rgb(), None);
        view.insert(
            FURNITURE_KEY.into(),
            serde_json::json!({"banner": true, "legend_corner": "middle"}),
        );
        let furniture = Furniture::from_view(&view);
        assert!(furniture.banner);
        assert_eq!(furniture.legend_corner, LegendCorner::BottomLeft);
    }

    #[test]
    fn hex_colours_parse_strictly() {
        assert_eq!(parse_hex_rgb(" 007A33 "), Some([0, 0x7a, 0x33]));
        for bad in ["", "#12345", "#1234567", "#gg0000", "#ééé"] {
            assert_eq!(parse_hex_rgb(bad), None, "{bad}");
        }
    }
}
