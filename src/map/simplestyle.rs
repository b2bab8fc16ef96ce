//! A feature's own style, read from the simplestyle-spec 1.1.0 properties that geojson.io,
//! Mapbox and our KML reader write (`marker-color`, `stroke`, `fill`, …), so a colleague's
//! sketch shows in the colours it was drawn in. Bad values are ignored one by one, silently:
//! a typo in one feature's colour must not hide the layer.

use serde_json::{Map, Value};

/// An sRGB colour as simplestyle writes it (`#rgb`, `#rrggbb`, with or without `#`).
pub type StyleColor = [u8; 3];

/// simplestyle's `marker-size`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerSize {
    Small,
    Medium,
    Large,
}

impl MarkerSize {
    /// The marker's radius in screen pixels (medium is the size unstyled points get).
    pub fn radius(self) -> f32 {
        match self {
            MarkerSize::Small => 3.0,
            MarkerSize::Medium => 4.0,
            MarkerSize::Large => 6.0,
        }
    }
}

/// The style properties a feature sets; `None` where it sets none (or a bad value), so the
/// layer's own colour is used there.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeatureStyle {
    pub marker_color: Option<StyleColor>,
    pub marker_size: Option<MarkerSize>,
    /// Kept for the Inspector; markers are drawn as circles whatever the symbol.
    pub marker_symbol: Option<String>,
    pub stroke: Option<StyleColor>,
    /// In screen pixels.
    pub stroke_width: Option<f64>,
    pub stroke_opacity: Option<f64>,
    pub fill: Option<StyleColor>,
    pub fill_opacity: Option<f64>,
}

/// The widest stroke honoured: a stray `stroke-width: 500` would paint over the map.
const MAX_STROKE_WIDTH: f64 = 20.0;

impl FeatureStyle {
    /// Reads the simplestyle properties of one feature.
    pub fn from_properties(properties: &Map<String, Value>) -> FeatureStyle {
        let color = |key: &str| properties.get(key).and_then(parse_color);
        let number = |key: &str| properties.get(key).and_then(number_of);
        let opacity = |key: &str| number(key).filter(|o| (0.0..=1.0).contains(o));
        FeatureStyle {
            marker_color: color("marker-color"),
            marker_size: properties
                .get("marker-size")
                .and_then(Value::as_str)
                .and_then(|s| match s.trim().to_ascii_lowercase().as_str() {
                    "small" => Some(MarkerSize::Small),
                    "medium" => Some(MarkerSize::Medium),
                    "large" => Some(MarkerSize::Large),
                    _ => None,
                }),
            marker_symbol: properties
                .get("marker-symbol")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            stroke: color("stroke"),
            stroke_width: number("stroke-width")
                .filter(|w| (0.0..=MAX_STROKE_WIDTH * 10.0).contains(w))
                .map(|w| w.min(MAX_STROKE_WIDTH)),
            stroke_opacity: opacity("stroke-opacity"),
            fill: color("fill"),
            fill_opacity: opacity("fill-opacity"),
        }
    }

    /// Whether the feature sets any style at all.
    pub fn is_empty(&self) -> bool {
        *self == FeatureStyle::default()
    }
}

/// A simplestyle colour: `#rgb` or `#rrggbb`, with or without `#`, any case.
pub fn parse_color(value: &Value) -> Option<StyleColor> {
    let text = value.as_str()?.trim();
    let hex = text.strip_prefix('#').unwrap_or(text);
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize| u8::from_str_radix(hex.get(i..i + 1)?, 16).ok();
    let pair = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    match hex.len() {
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
        6 => Some([pair(0)?, pair(2)?, pair(4)?]),
        _ => None,
    }
}

/// A finite number, written as a JSON number or as a numeric string (`"2"`), as exports do.
fn number_of(value: &Value) -> Option<f64> {
    let n = match value {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    n.is_finite().then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn style(value: Value) -> FeatureStyle {
        match value {
            Value::Object(map) => FeatureStyle::from_properties(&map),
            _ => FeatureStyle::default(),
        }
    }

    #[test]
    fn colours_in_every_spelling_the_spec_allows() {
        assert_eq!(parse_color(&json!("#ff0000")), Some([255, 0, 0]));
        assert_eq!(parse_color(&json!("00FF00")), Some([0, 255, 0]));
        assert_eq!(parse_color(&json!("#00f")), Some([0, 0, 255]));
        assert_eq!(parse_color(&json!("abc")), Some([0xaa, 0xbb, 0xcc]));
        assert_eq!(parse_color(&json!(" #7E7E7E ")), Some([0x7e, 0x7e, 0x7e]));
        for bad in [
            json!("red"),
            json!("#ff00"),
            json!("#gg0000"),
            json!(""),
            json!(16711680),
            json!("#ff0000ff"),
            json!("#+f+f+f"),
        ] {
            assert_eq!(parse_color(&bad), None, "{bad}");
        }
    }

    #[test]
    fn a_geojson_io_feature_is_read_whole() {
        let s = style(json!({
            "marker-color": "#ff0000", "marker-size": "large", "marker-symbol": "rocket",
            "stroke": "#555555", "stroke-width": 3, "stroke-opacity": 0.5,
            "fill": "#00ff00", "fill-opacity": "0.25", "title": "Base"
        }));
        assert_eq!(
            s,
            FeatureStyle {
                marker_color: Some([255, 0, 0]),
                marker_size: Some(MarkerSize::Large),
                marker_symbol: Some("rocket".into()),
                stroke: Some([0x55, 0x55, 0x55]),
                stroke_width: Some(3.0),
                stroke_opacity: Some(0.5),
                fill: Some([0, 255, 0]),
                fill_opacity: Some(0.25),
            }
        );
        assert!(style(json!({"name": "x"})).is_empty());
    }

    #[test]
    fn bad_values_are_dropped_one_by_one() {
        let s = style(json!({
            "marker-color": "blue", "marker-size": "huge", "stroke": "#123",
            "stroke-width": -2, "stroke-opacity": 1.5, "fill": null, "fill-opacity": "x"
        }));
        assert_eq!(
            s,
            FeatureStyle {
                stroke: Some([0x11, 0x22, 0x33]),
                ..FeatureStyle::default()
            }
        );
        assert_eq!(
            style(json!({"stroke-width": 90})).stroke_width,
            Some(MAX_STROKE_WIDTH)
        );
    }
}
