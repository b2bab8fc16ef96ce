//! Painters that turn a [`Scene`](crate::scene::Scene) into pictures without a display or GPU:
//! PNG (tiny-skia) and SVG (vector shapes and real text). Both read the same scene as the
//! screen, so an exported picture shows what the window shows.

pub mod png;
pub mod svg;

use std::path::Path;

pub use png::{MAX_SIDE, RenderError, render_pixmap, render_pixmap_reference, render_png};
pub use svg::{SvgText, render_svg, render_svg_with};

use crate::scene::Scene;
use crate::scene::text::LabelFont;

/// The file formats a picture can be written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PictureFormat {
    #[default]
    Png,
    Svg,
    /// SVG whose words are glyph outlines: looks the same in every viewer, not editable text.
    SvgOutlines,
}

impl PictureFormat {
    pub const ALL: [PictureFormat; 3] = [
        PictureFormat::Png,
        PictureFormat::Svg,
        PictureFormat::SvgOutlines,
    ];

    /// The format named by a file's extension (case is ignored); `.svg` is SVG with real text.
    pub fn from_path(path: &Path) -> Result<PictureFormat, RenderError> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("png") => Ok(PictureFormat::Png),
            Some("svg") => Ok(PictureFormat::Svg),
            _ => Err(RenderError::UnknownFormat(path.display().to_string())),
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            PictureFormat::Png => "png",
            PictureFormat::Svg | PictureFormat::SvgOutlines => "svg",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PictureFormat::Png => "PNG (pixels)",
            PictureFormat::Svg => "SVG (vector, real text)",
            PictureFormat::SvgOutlines => "SVG (text as outlines)",
        }
    }
}

/// Paints a scene `scale` times its size and encodes it in `format`.
pub fn encode_picture(
    scene: &Scene,
    font: &LabelFont,
    scale: f32,
    format: PictureFormat,
) -> Result<Vec<u8>, RenderError> {
    match format {
        PictureFormat::Png => render_png(scene, font, scale),
        PictureFormat::Svg => render_svg(scene, font, scale).map(String::into_bytes),
        PictureFormat::SvgOutlines => {
            render_svg_with(scene, font, scale, SvgText::Outlines).map(String::into_bytes)
        }
    }
}

/// Checks a picture size: each side 1 to [`MAX_SIDE`] pixels.
pub fn check_size(size: [u32; 2]) -> Result<(), RenderError> {
    let [width, height] = size;
    if (1..=MAX_SIDE).contains(&width) && (1..=MAX_SIDE).contains(&height) {
        Ok(())
    } else {
        Err(RenderError::BadSize { width, height })
    }
}

/// How to draw a view of `view` scene pixels (the map on screen) into a picture of `size`
/// pixels: the scene's size and the scale to paint it at. Everything grows by the same factor,
/// so lines and text keep their proportions (a 3840-wide export of a 1280-wide view is the
/// view ×3); a picture of another shape shows a little more map on its longer side, never less.
pub fn fit_view(view: [f64; 2], size: [u32; 2]) -> ([f64; 2], f64) {
    let [w, h] = [f64::from(size[0].max(1)), f64::from(size[1].max(1))];
    let scale = (w / view[0].max(1.0)).min(h / view[1].max(1.0));
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    ([w / scale, h / scale], scale)
}

pub use crate::scene::compose::default_scale;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(
            PictureFormat::from_path(Path::new("a/map.PNG")).ok(),
            Some(PictureFormat::Png)
        );
        assert_eq!(
            PictureFormat::from_path(Path::new("map.svg")).ok(),
            Some(PictureFormat::Svg)
        );
        for bad in ["map.jpg", "map", "map.png.txt"] {
            let Err(error) = PictureFormat::from_path(Path::new(bad)) else {
                panic!("{bad} accepted");
            };
            assert!(error.to_string().contains(".png or .svg"), "{error}");
        }
    }

    #[test]
    fn a_larger_picture_of_the_same_shape_is_the_view_scaled() {
        let (scene, scale) = fit_view([1280.0, 720.0], [3840, 2160]);
        assert_eq!(scale, 3.0);
        assert_eq!(scene, [1280.0, 720.0]);
        // A wider picture keeps the height's framing and shows more east and west.
        let (scene, scale) = fit_view([1000.0, 800.0], [2000, 1000]);
        assert_eq!(scale, 1.25);
        assert_eq!(scene, [1600.0, 800.0]);
    }

    #[test]
    fn sizes_are_checked() {
        assert!(check_size([3508, 2480]).is_ok());
        assert!(check_size([0, 10]).is_err());
        assert!(check_size([9000, 9000]).is_err());
        assert_eq!(default_scale([1920, 1080]), 1.0);
        assert_eq!(default_scale([800, 600]), 1.0);
        assert_eq!(default_scale([3840, 2160]), 2.0);
    }
}
