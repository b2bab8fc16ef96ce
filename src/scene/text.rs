//! The map's font: the same typeface egui draws its text with (Ubuntu Light, bundled with
//! egui), so labels measure and look the same on screen and in exported pictures.

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, MetadataProvider};
use thiserror::Error;

/// The font could not be read (a packaging bug, reported instead of panicking).
#[derive(Debug, Error)]
#[error("the bundled label font could not be read: {0}")]
pub struct FontError(String);

/// A font with the measurements the scene needs for label layout.
#[derive(Clone, Debug)]
pub struct LabelFont {
    data: &'static [u8],
    units_per_em: f32,
    /// Ascent and descent in em units (descent is negative).
    ascent: f32,
    descent: f32,
    /// Advance widths in em units of the Latin characters (U+0000–U+024F), looked up once:
    /// labels are measured many times per frame.
    latin_advances: Vec<f32>,
}

/// The characters whose advances are kept (Basic Latin to Latin Extended-B).
const LATIN_END: u32 = 0x250;

impl LabelFont {
    /// The bundled UI font.
    pub fn bundled() -> Result<LabelFont, FontError> {
        LabelFont::from_bytes(epaint_default_fonts::UBUNTU_LIGHT)
    }

    /// Reads a TrueType/OpenType font.
    pub fn from_bytes(data: &'static [u8]) -> Result<LabelFont, FontError> {
        let font = FontRef::new(data).map_err(|e| FontError(e.to_string()))?;
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em.max(1));
        let charmap = font.charmap();
        let glyph_metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let latin_advances = (0..LATIN_END)
            .map(|code| {
                let glyph = char::from_u32(code)
                    .and_then(|c| charmap.map(c))
                    .unwrap_or_default();
                glyph_metrics
                    .advance_width(glyph)
                    .unwrap_or(units_per_em * 0.5)
                    / units_per_em
            })
            .collect();
        Ok(LabelFont {
            data,
            units_per_em,
            ascent: metrics.ascent / units_per_em,
            descent: metrics.descent / units_per_em,
            latin_advances,
        })
    }

    /// Metrics without glyphs, for the (never expected) case that the bundled font cannot be
    /// read: labels are then measured by an average letter width and not drawn on export.
    pub fn fallback() -> LabelFont {
        LabelFont {
            data: &[],
            units_per_em: 1000.0,
            ascent: 0.8,
            descent: -0.2,
            latin_advances: Vec::new(),
        }
    }

    /// The font file's bytes (empty for the fallback), for painters that embed it.
    pub fn data(&self) -> &'static [u8] {
        self.data
    }

    fn font(&self) -> Option<FontRef<'static>> {
        FontRef::new(self.data).ok()
    }

    /// The width of a line of text at a size in pixels.
    pub fn measure(&self, text: &str, size: f32) -> f32 {
        let latin: Option<f32> = text
            .chars()
            .map(|c| self.latin_advances.get(c as usize).copied())
            .sum();
        if let Some(ems) = latin {
            return ems * size;
        }
        let Some(font) = self.font() else {
            return text.chars().count() as f32 * size * 0.55;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics
                    .advance_width(glyph)
                    .unwrap_or(self.units_per_em * 0.5)
            })
            .sum();
        units / self.units_per_em * size
    }

    /// Distance from the baseline to the top of tall letters, in pixels at `size`.
    pub fn ascent(&self, size: f32) -> f32 {
        self.ascent * size
    }

    /// Distance from the baseline to the bottom of descenders (positive), in pixels at `size`.
    pub fn descent(&self, size: f32) -> f32 {
        -self.descent * size
    }

    /// Draws a line of text's glyph outlines into `pen`, with the baseline's left end at
    /// `origin` in y-down screen coordinates.
    pub fn outline(&self, text: &str, size: f32, origin: [f32; 2], pen: &mut impl OutlinePen) {
        let Some(font) = self.font() else {
            return;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        let outlines = font.outline_glyphs();
        let mut x = origin[0];
        for c in text.chars() {
            let glyph = charmap.map(c).unwrap_or_default();
            if let Some(outline) = outlines.get(glyph) {
                let mut shifted = ShiftedPen {
                    inner: pen,
                    origin: [x, origin[1]],
                };
                // A glyph that fails to draw is skipped: the rest of the label is still useful.
                let _ = outline.draw(
                    DrawSettings::unhinted(Size::new(size), LocationRef::default()),
                    &mut shifted,
                );
            }
            x += metrics.advance_width(glyph).unwrap_or(size * 0.5);
        }
    }
}

/// Moves glyph outlines (y up, origin at the pen position) to screen coordinates (y down).
struct ShiftedPen<'a, P: OutlinePen> {
    inner: &'a mut P,
    origin: [f32; 2],
}

impl<P: OutlinePen> ShiftedPen<'_, P> {
    fn map(&self, x: f32, y: f32) -> (f32, f32) {
        (self.origin[0] + x, self.origin[1] - y)
    }
}

impl<P: OutlinePen> OutlinePen for ShiftedPen<'_, P> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.map(x, y);
        self.inner.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.map(x, y);
        self.inner.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (cx0, cy0) = self.map(cx0, cy0);
        let (x, y) = self.map(x, y);
        self.inner.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (cx0, cy0) = self.map(cx0, cy0);
        let (cx1, cy1) = self.map(cx1, cy1);
        let (x, y) = self.map(x, y);
        self.inner.curve_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.inner.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider_and_scales_with_size() {
        let font = LabelFont::bundled().expect("bundled font");
        let short = font.measure("Iran", 12.0);
        let long = font.measure("Afghanistan", 12.0);
        assert!(short > 10.0 && long > short * 2.0, "{short} {long}");
        assert!((font.measure("Afghanistan", 24.0) - 2.0 * long).abs() < 0.01);
        assert!(font.ascent(10.0) > 5.0 && font.descent(10.0) > 0.0);
    }
}
