//! The vector painter: a scene to SVG with real `<text>` elements, so a briefer can drop the
//! picture in a slide deck, scale it freely and still edit or search its words.
//!
//! The SVG's `viewBox` is the scene's own size and its `width`/`height` the picture's, so
//! line widths and text keep the proportions of the screen at any size, as in the PNG painter.
//! Line styles are kept as dash arrays (status is carried by the line, not by colour alone).

use std::fmt::Write as _;

use crate::scene::text::LabelFont;
use crate::scene::walk::{Polylines, ShapePainter, walk};
use crate::scene::{Align, Primitive, Rgba, Scene, Stroke};

use super::png::{MAX_SIDE, RenderError};

/// The family name the embedded label font is declared under in the file's `@font-face`.
pub const EMBEDDED_FAMILY: &str = "Faultline Label";

/// The typeface named in the file: the embedded copy of the label font first (browsers,
/// Inkscape and slide software read `@font-face`), then the font by its own name (renderers
/// that look fonts up on the system), then common sans-serifs. Every text also carries its
/// width in the label font (`textLength`), so a substitute is fitted to the same width
/// and cannot run into symbols or out of its box.
const FONT_FAMILY: &str =
    "'Faultline Label', Ubuntu, 'Ubuntu Light', 'Segoe UI', 'Helvetica Neue', Arial, sans-serif";

/// How an SVG carries its words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SvgText {
    /// Real `<text>` that slide software can edit and search, with the label font embedded.
    #[default]
    Embedded,
    /// Each label as the label font's glyph outlines (`<path>`): the same letters in every
    /// viewer, at the cost of text that can no longer be edited or searched.
    Outlines,
}

/// Paints a scene as an SVG document `scale` times the scene's size, with real text.
pub fn render_svg(scene: &Scene, font: &LabelFont, scale: f32) -> Result<String, RenderError> {
    render_svg_with(scene, font, scale, SvgText::Embedded)
}

/// Paints a scene as an SVG document `scale` times the scene's size, its words as `text` says.
pub fn render_svg_with(
    scene: &Scene,
    font: &LabelFont,
    scale: f32,
    text: SvgText,
) -> Result<String, RenderError> {
    let width = (scene.size[0] * scale).round().max(0.0) as u32;
    let height = (scene.size[1] * scale).round().max(0.0) as u32;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(RenderError::BadSize { width, height });
    }
    let mut painter = SvgPainter {
        out: String::with_capacity(1 << 20),
        font,
        text,
    };
    // A quarter of an output pixel, in scene units (the SVG's view box is the scene's size).
    let tolerance = 0.25 / f64::from(scale.max(1e-3));
    let [w, h] = scene.size;
    let out = &mut painter.out;
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {} {}\" font-family=\"{FONT_FAMILY}\" font-weight=\"300\">",
        num(w),
        num(h)
    );
    if text == SvgText::Embedded {
        embed_font(out, font);
    }
    let _ = writeln!(
        out,
        "<rect width=\"{}\" height=\"{}\"{}/>",
        num(w),
        num(h),
        fill_attrs(scene.background)
    );
    walk(&scene.primitives, &scene.transform, tolerance, &mut painter);
    painter.out.push_str("</svg>\n");
    Ok(painter.out)
}

/// The label font as an `@font-face` with a base64 data URL, so the file shows the same
/// letters as the PNG on machines without the font. The whole font is embedded (about 480 KB
/// of base64): no subsetting crate is in the build, and one font per file is affordable.
fn embed_font(out: &mut String, font: &LabelFont) {
    use base64::Engine as _;
    let data = font.data();
    if data.is_empty() {
        return;
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(data);
    let _ = writeln!(
        out,
        "<defs><style>@font-face {{ font-family: '{EMBEDDED_FAMILY}'; font-weight: 300; font-style: normal; src: url(data:font/ttf;base64,{encoded}) format('truetype'); }}</style></defs>"
    );
}

struct SvgPainter<'a> {
    out: String,
    font: &'a LabelFont,
    text: SvgText,
}

impl ShapePainter for SvgPainter<'_> {
    fn begin_fills(&mut self) {
        self.out.push_str("<g fill-rule=\"evenodd\">\n");
    }

    fn end_fills(&mut self) {
        self.out.push_str("</g>\n");
    }

    fn fill_rings(&mut self, rings: &Polylines, color: Rgba) {
        let d = polylines_data(rings);
        if !d.is_empty() {
            let _ = writeln!(self.out, "<path d=\"{d}\"{}/>", fill_attrs(color));
        }
    }

    fn stroke_lines(&mut self, lines: &Polylines, stroke: &Stroke) {
        let d = polylines_data(lines);
        self.stroked_path(&d, stroke);
    }

    fn screen_primitive(&mut self, primitive: &Primitive) {
        match primitive {
            Primitive::Polyline { points, stroke } => {
                let mut d = String::new();
                path_data(&mut d, points, false);
                self.stroked_path(&d, stroke);
            }
            Primitive::Marker {
                center,
                shape,
                radius,
                fill,
                stroke,
            } => {
                let [x, y] = *center;
                let r = *radius;
                let style = format!(
                    "{}{}",
                    fill_attrs(*fill),
                    stroke.map(|s| stroke_attrs(&s)).unwrap_or_default()
                );
                let Some(corners) = shape.corners(*center, r) else {
                    let _ = writeln!(
                        self.out,
                        "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{style}/>",
                        num(x),
                        num(y),
                        num(r)
                    );
                    return;
                };
                let _ = writeln!(
                    self.out,
                    "<polygon points=\"{}\"{style}/>",
                    points_list(&corners)
                );
            }
            Primitive::Polygon { points, fill } => {
                let _ = writeln!(
                    self.out,
                    "<polygon points=\"{}\"{}/>",
                    points_list(points),
                    fill_attrs(*fill)
                );
            }
            Primitive::Rect {
                min,
                max,
                fill,
                stroke,
            } => {
                let _ = writeln!(
                    self.out,
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}{}/>",
                    num(min[0]),
                    num(min[1]),
                    num(max[0] - min[0]),
                    num(max[1] - min[1]),
                    fill_attrs(*fill),
                    stroke.map(|s| stroke_attrs(&s)).unwrap_or_default()
                );
            }
            Primitive::Label {
                text,
                anchor,
                align,
                size,
                color,
                halo,
            } => {
                if text.trim().is_empty() || !anchor.iter().all(|v| v.is_finite()) {
                    return;
                }
                // The same baseline as the PNG painter: the text box centred on the anchor.
                let baseline =
                    anchor[1] + (self.font.ascent(*size) - self.font.descent(*size)) / 2.0;
                if self.text == SvgText::Outlines {
                    self.label_outlines(text, *anchor, *align, *size, *color, *halo, baseline);
                    return;
                }
                let text_anchor = match align {
                    Align::Center => "middle",
                    Align::Left => "start",
                };
                let width = self.font.measure(text, *size);
                let fit = if width > 0.0 && width.is_finite() {
                    format!(
                        " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
                        num(width)
                    )
                } else {
                    String::new()
                };
                let position = format!(
                    "x=\"{}\" y=\"{}\" font-size=\"{}\" text-anchor=\"{text_anchor}\"{fit}",
                    num(anchor[0]),
                    num(baseline),
                    num(*size)
                );
                let escaped = escape(text);
                match halo {
                    // A stroked copy underneath rather than `paint-order`, which some slide
                    // software ignores (it would paint the halo over the letters).
                    Some(halo) => {
                        let _ = writeln!(
                            self.out,
                            "<g><text {position} fill=\"none\"{} stroke-width=\"{}\" stroke-linejoin=\"round\" aria-hidden=\"true\">{escaped}</text><text {position}{}>{escaped}</text></g>",
                            color_attr("stroke", *halo),
                            num((size * 0.22).max(1.5)),
                            fill_attrs(*color)
                        );
                    }
                    None => {
                        let _ = writeln!(
                            self.out,
                            "<text {position}{}>{escaped}</text>",
                            fill_attrs(*color)
                        );
                    }
                }
            }
            // Geometry-backed primitives come through the walk.
            Primitive::Fills { .. } | Primitive::Outlines { .. } | Primitive::Lines { .. } => {}
        }
    }
}

impl SvgPainter<'_> {
    /// A label as glyph outlines: the halo as a stroked copy of the same path underneath.
    #[allow(clippy::too_many_arguments)]
    fn label_outlines(
        &mut self,
        text: &str,
        anchor: [f32; 2],
        align: Align,
        size: f32,
        color: Rgba,
        halo: Option<Rgba>,
        baseline: f32,
    ) {
        let left = match align {
            Align::Center => anchor[0] - self.font.measure(text, size) / 2.0,
            Align::Left => anchor[0],
        };
        let mut pen = PathPen::default();
        self.font.outline(text, size, [left, baseline], &mut pen);
        if pen.d.is_empty() {
            return;
        }
        let d = pen.d;
        let label = escape(text);
        match halo {
            Some(halo) => {
                let _ = writeln!(
                    self.out,
                    "<g aria-label=\"{label}\"><path d=\"{d}\" fill=\"none\"{} stroke-width=\"{}\" stroke-linejoin=\"round\"/><path d=\"{d}\"{}/></g>",
                    color_attr("stroke", halo),
                    num((size * 0.22).max(1.5)),
                    fill_attrs(color)
                );
            }
            None => {
                let _ = writeln!(
                    self.out,
                    "<path aria-label=\"{label}\" d=\"{d}\"{}/>",
                    fill_attrs(color)
                );
            }
        }
    }

    fn stroked_path(&mut self, d: &str, stroke: &Stroke) {
        if d.is_empty() {
            return;
        }
        let _ = writeln!(
            self.out,
            "<path d=\"{d}\" fill=\"none\"{}/>",
            stroke_attrs(stroke)
        );
    }
}

/// Collects glyph outlines as SVG path data (absolute commands, two decimals).
#[derive(Default)]
struct PathPen {
    d: String,
}

impl skrifa::outline::OutlinePen for PathPen {
    fn move_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "M{} {}", num(x), num(y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let _ = write!(self.d, "L{} {}", num(x), num(y));
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let _ = write!(self.d, "Q{} {} {} {}", num(cx0), num(cy0), num(x), num(y));
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let _ = write!(
            self.d,
            "C{} {} {} {} {} {}",
            num(cx0),
            num(cy0),
            num(cx1),
            num(cy1),
            num(x),
            num(y)
        );
    }
    fn close(&mut self) {
        self.d.push('Z');
    }
}

/// `fill="#rrggbb"` with an opacity when not opaque (8-digit hex is not read everywhere).
fn fill_attrs(color: Rgba) -> String {
    if color.a == 0 {
        return " fill=\"none\"".into();
    }
    color_attr("fill", color)
}

fn color_attr(name: &str, color: Rgba) -> String {
    let hex = Rgba { a: 255, ..color }.to_hex();
    if color.a == 255 {
        format!(" {name}=\"{hex}\"")
    } else {
        format!(
            " {name}=\"{hex}\" {name}-opacity=\"{}\"",
            num(f32::from(color.a) / 255.0)
        )
    }
}

/// Stroke colour, width, joins and the dash pattern of a line style (the PNG painter's).
fn stroke_attrs(stroke: &Stroke) -> String {
    let width = stroke.width;
    let mut attrs = format!(
        "{} stroke-width=\"{}\" stroke-linejoin=\"round\"",
        color_attr("stroke", stroke.color),
        num(width)
    );
    if let Some(pattern) = stroke.dash.pattern(width) {
        let lengths: Vec<String> = pattern.into_iter().map(num).collect();
        let _ = write!(attrs, " stroke-dasharray=\"{}\"", lengths.join(" "));
    }
    if stroke.dash.round_caps() {
        attrs.push_str(" stroke-linecap=\"round\"");
    }
    attrs
}

/// Appends `M x y L x y …` (and `Z` when closed) for a run of points.
fn polylines_data(lines: &Polylines) -> String {
    let mut d = String::new();
    for line in lines.iter() {
        path_data(&mut d, line, lines.closed);
    }
    d
}

fn path_data(d: &mut String, points: &[[f32; 2]], closed: bool) {
    let finite: Vec<&[f32; 2]> = points
        .iter()
        .filter(|p| p.iter().all(|v| v.is_finite()))
        .collect();
    if finite.len() < 2 {
        return;
    }
    for (i, p) in finite.iter().enumerate() {
        let command = if i == 0 { 'M' } else { 'L' };
        let _ = write!(d, "{command}{} {}", num(p[0]), num(p[1]));
    }
    if closed {
        d.push('Z');
    }
}

fn points_list(points: &[[f32; 2]]) -> String {
    let parts: Vec<String> = points
        .iter()
        .map(|p| format!("{},{}", num(p[0]), num(p[1])))
        .collect();
    parts.join(" ")
}

/// A coordinate with at most two decimals and no trailing zeros (small files, exact enough
/// at eight times the scene's size).
fn num(v: f32) -> String {
    if !v.is_finite() {
        return "0".into();
    }
    let mut s = format!("{v:.2}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".into() } else { s }
}

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Dash;

    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(
            escape("Tom & Jerry <\"quoted\"> 'x'\u{7}"),
            "Tom &amp; Jerry &lt;&quot;quoted&quot;&gt; &apos;x&apos;"
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.25), "1.25");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn dash_arrays_follow_the_line_style() {
        let dashed = Stroke {
            width: 2.0,
            color: Rgba::rgb(0, 0, 0),
            dash: Dash::Dashed,
        };
        assert!(stroke_attrs(&dashed).contains("stroke-dasharray=\"8 5\""));
        let dash_dot = Stroke {
            width: 2.0,
            color: Rgba::rgb(0, 0, 0),
            dash: Dash::DashDot,
        };
        assert!(stroke_attrs(&dash_dot).contains("stroke-dasharray=\"10 3.6 2 3.6\""));
        let solid = Stroke::solid(1.0, Rgba::new(0, 0, 0, 128));
        let attrs = stroke_attrs(&solid);
        assert!(!attrs.contains("dasharray") && attrs.contains("stroke-opacity=\"0.5\""));
    }
}
