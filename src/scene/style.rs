//! Colours and line widths of the base map. The palette is muted so the story's overlays stand
//! out, and every pair that must be told apart differs in lightness, not only in hue.

use serde::{Deserialize, Serialize};

use super::Stroke;

/// A colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba { r, g, b, a: 255 }
    }

    pub const fn new(r: u8, g: u8, b: u8, a: u8) -> Rgba {
        Rgba { r, g, b, a }
    }

    /// The same colour with another opacity (0–1).
    pub fn with_alpha(self, alpha: f32) -> Rgba {
        Rgba {
            a: (alpha.clamp(0.0, 1.0) * 255.0).round() as u8,
            ..self
        }
    }

    /// `#rrggbb` (or `#rrggbbaa` when not opaque), for SVG and files.
    pub fn to_hex(self) -> String {
        if self.a == 255 {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", self.r, self.g, self.b, self.a)
        }
    }
}

/// The look of the base map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapStyle {
    pub ocean: Rgba,
    pub land: Rgba,
    pub border: Stroke,
    pub coastline: Stroke,
    pub graticule: Stroke,
    pub label: Rgba,
    pub label_halo: Rgba,
    pub hover_fill: Rgba,
    pub hover_outline: Stroke,
    pub selected_fill: Rgba,
    pub selected_outline: Stroke,
    /// Colours given to user layers in turn.
    pub layer_palette: Vec<Rgba>,
}

impl Default for MapStyle {
    fn default() -> MapStyle {
        MapStyle {
            ocean: Rgba::rgb(0xd6, 0xe4, 0xec),
            land: Rgba::rgb(0xf2, 0xef, 0xe6),
            border: Stroke::solid(0.8, Rgba::rgb(0x8f, 0x89, 0x7c)),
            coastline: Stroke::solid(0.7, Rgba::rgb(0x6f, 0x8b, 0x9c)),
            graticule: Stroke::solid(0.5, Rgba::new(0x5a, 0x78, 0x8a, 0x50)),
            label: Rgba::rgb(0x33, 0x33, 0x33),
            label_halo: Rgba::new(0xff, 0xff, 0xff, 0xd0),
            hover_fill: Rgba::new(0xff, 0xc8, 0x57, 0x60),
            hover_outline: Stroke::solid(1.5, Rgba::rgb(0xc7, 0x8a, 0x00)),
            selected_fill: Rgba::new(0x2f, 0x6f, 0xb3, 0x55),
            selected_outline: Stroke::solid(2.0, Rgba::rgb(0x1f, 0x4e, 0x8c)),
            // Okabe–Ito colours: told apart under the common colour-vision deficiencies.
            layer_palette: vec![
                Rgba::rgb(0xd5, 0x5e, 0x00),
                Rgba::rgb(0x00, 0x72, 0xb2),
                Rgba::rgb(0x00, 0x9e, 0x73),
                Rgba::rgb(0xcc, 0x79, 0xa7),
                Rgba::rgb(0xe6, 0x9f, 0x00),
                Rgba::rgb(0x56, 0xb4, 0xe9),
            ],
        }
    }
}

impl MapStyle {
    /// The colour of the n-th user layer.
    pub fn layer_color(&self, n: usize) -> Rgba {
        self.layer_palette
            .get(n % self.layer_palette.len().max(1))
            .copied()
            .unwrap_or(Rgba::rgb(0xd5, 0x5e, 0x00))
    }
}
