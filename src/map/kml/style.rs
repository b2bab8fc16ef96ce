//! KML styles (LineStyle, PolyStyle, IconStyle and their `aabbggrr` colours) as the
//! simplestyle-spec properties every user layer is drawn by.

use serde_json::{Map, Number, Value};

use super::tree::Element;

/// A style as simplestyle properties; `None` fields are not set by this style.
#[derive(Clone, Debug, Default)]
pub(super) struct Style {
    pub(super) stroke: Option<(String, f64)>,
    pub(super) stroke_width: Option<f64>,
    pub(super) fill: Option<(String, f64)>,
    /// `<fill>0</fill>`: the polygon is not filled.
    pub(super) no_fill: bool,
    /// `<outline>0</outline>`: the polygon has no outline.
    pub(super) no_outline: bool,
    pub(super) marker: Option<(String, f64)>,
}

impl Style {
    pub(super) fn read(element: &Element) -> Style {
        let mut style = Style::default();
        if let Some(line) = element.child("LineStyle") {
            style.stroke = line.text_of("color").and_then(kml_color);
            style.stroke_width = line
                .text_of("width")
                .and_then(|w| w.parse::<f64>().ok())
                .filter(|w| w.is_finite() && *w >= 0.0);
        }
        if let Some(poly) = element.child("PolyStyle") {
            style.fill = poly.text_of("color").and_then(kml_color);
            style.no_fill = poly.text_of("fill").is_some_and(is_false);
            style.no_outline = poly.text_of("outline").is_some_and(is_false);
        }
        if let Some(icon) = element.child("IconStyle") {
            style.marker = icon.text_of("color").and_then(kml_color);
        }
        style
    }

    /// This style with `over`'s settings taking precedence.
    pub(super) fn overlaid(&self, over: &Style) -> Style {
        Style {
            stroke: over.stroke.clone().or_else(|| self.stroke.clone()),
            stroke_width: over.stroke_width.or(self.stroke_width),
            fill: over.fill.clone().or_else(|| self.fill.clone()),
            no_fill: over.no_fill || self.no_fill,
            no_outline: over.no_outline || self.no_outline,
            marker: over.marker.clone().or_else(|| self.marker.clone()),
        }
    }

    pub(super) fn write(&self, properties: &mut Map<String, Value>) {
        let mut set = |key: &str, value: Value| {
            properties.insert(key.to_owned(), value);
        };
        if let Some((color, opacity)) = &self.stroke {
            set("stroke", Value::String(color.clone()));
            set("stroke-opacity", number(*opacity));
        }
        if let Some(width) = self.stroke_width {
            set("stroke-width", number(width));
        }
        if self.no_outline {
            set("stroke-width", number(0.0));
        }
        if let Some((color, opacity)) = &self.fill {
            set("fill", Value::String(color.clone()));
            set("fill-opacity", number(*opacity));
        }
        if self.no_fill {
            set("fill-opacity", number(0.0));
        }
        if let Some((color, _)) = &self.marker {
            set("marker-color", Value::String(color.clone()));
        }
    }
}

fn is_false(text: &str) -> bool {
    text == "0" || text.eq_ignore_ascii_case("false")
}

fn number(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// A KML colour, `aabbggrr` hex (alpha first, then blue, green, red), as simplestyle's
/// `#rrggbb` and an opacity from 0 to 1.
pub fn kml_color(text: &str) -> Option<(String, f64)> {
    let hex = text.trim().trim_start_matches('#');
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    let (a, b, g, r) = (byte(0)?, byte(2)?, byte(4)?, byte(6)?);
    let opacity = (f64::from(a) / 255.0 * 1000.0).round() / 1000.0;
    Some((format!("#{r:02x}{g:02x}{b:02x}"), opacity))
}
