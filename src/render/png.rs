//! The raster painter: a scene to an anti-aliased RGBA picture with tiny-skia, then PNG.

use rayon::prelude::*;
use thiserror::Error;
use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke as SkiaStroke, StrokeDash,
    Transform,
};

use crate::scene::text::LabelFont;
use crate::scene::walk::{Polylines, ShapePainter, walk};
use crate::scene::{Align, Primitive, Rgba, Scene, Stroke};

/// The largest picture side accepted, in pixels.
pub const MAX_SIDE: u32 = 8192;

/// Why a picture could not be made.
#[derive(Debug, Error)]
pub enum RenderError {
    #[error(
        "picture size {width}×{height} is not allowed: each side must be 1 to {MAX_SIDE} pixels"
    )]
    BadSize { width: u32, height: u32 },
    #[error("could not encode the PNG: {0}")]
    Encode(String),
    #[error("cannot tell the picture format of “{0}”: name the file .png or .svg")]
    UnknownFormat(String),
}

/// Paints a scene at `scale` times its size (2.0 paints a 1000×500 scene into 2000×1000
/// pixels, with lines and text twice as thick, so proportions match the screen).
pub fn render_pixmap(scene: &Scene, font: &LabelFont, scale: f32) -> Result<Pixmap, RenderError> {
    paint_scene(scene, font, scale, Painting::Fast)
}

/// Paints a scene as the painter did before it was made fast: every stroke round-joined, in one
/// pass over the whole picture. Kept so that tests can hold the fast painter to its picture.
pub fn render_pixmap_reference(
    scene: &Scene,
    font: &LabelFont,
    scale: f32,
) -> Result<Pixmap, RenderError> {
    paint_scene(scene, font, scale, Painting::Reference)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Painting {
    /// Bevel joins on thin strokes, bands painted on all cores.
    Fast,
    /// Round joins everywhere, one band.
    Reference,
}

fn paint_scene(
    scene: &Scene,
    font: &LabelFont,
    scale: f32,
    painting: Painting,
) -> Result<Pixmap, RenderError> {
    let width = (scene.size[0] * scale).round().max(0.0) as u32;
    let height = (scene.size[1] * scale).round().max(0.0) as u32;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(RenderError::BadSize { width, height });
    }
    let mut pixmap = Pixmap::new(width, height).ok_or(RenderError::BadSize { width, height })?;
    pixmap.fill(color(scene.background));
    let mut painter = Painter {
        ops: Vec::new(),
        scale,
        font,
        painting,
    };
    walk(
        &scene.primitives,
        &scene.transform.scaled(f64::from(scale)),
        LINE_TOLERANCE,
        &mut painter,
    );
    let bands = match painting {
        Painting::Fast => rayon::current_num_threads() * BANDS_PER_CORE,
        Painting::Reference => 1,
    };
    let ops = outline_strokes(painter.ops);
    paint_in_bands(&ops, &mut pixmap, bands);
    Ok(pixmap)
}

/// One drawing step, recorded so that bands of the picture can be painted side by side.
enum Op {
    Fill {
        path: tiny_skia::Path,
        paint: Paint<'static>,
        rule: FillRule,
    },
    /// A stroke thin enough for tiny-skia's hairline (width ≤ 1 pixel), cheap to redo per band.
    Hairline {
        path: tiny_skia::Path,
        paint: Paint<'static>,
        stroke: SkiaStroke,
    },
    /// A stroke as recorded, before [`outline_strokes`] dashes it and makes it a fill or a
    /// hairline.
    Stroke {
        path: tiny_skia::Path,
        paint: Paint<'static>,
        stroke: SkiaStroke,
    },
}

/// Turns every recorded stroke into what tiny-skia's `stroke_path` would paint (dashed first,
/// then a hairline when at most a pixel wide, else its outline filled with the nonzero rule),
/// spread over the cores: outlining the 10m borders and coastlines is a good part of a 4K
/// world's painting. The order of the steps is kept.
fn outline_strokes(ops: Vec<Op>) -> Vec<Op> {
    ops.into_par_iter()
        .filter_map(|op| match op {
            Op::Stroke {
                path,
                paint,
                stroke,
            } => {
                let path = match &stroke.dash {
                    Some(dash) => path.dash(dash, 1.0)?,
                    None => path,
                };
                if stroke.width <= 1.0 {
                    Some(Op::Hairline {
                        path,
                        paint,
                        stroke: SkiaStroke {
                            dash: None,
                            ..stroke
                        },
                    })
                } else {
                    path.stroke(&stroke, 1.0).map(|outline| Op::Fill {
                        path: outline,
                        paint,
                        rule: FillRule::Winding,
                    })
                }
            }
            other => Some(other),
        })
        .collect()
}

/// Paints the recorded steps into horizontal bands of the picture, each band a disjoint slice of
/// the pixels, side by side on the cores. Rows are scan-converted independently, so the picture
/// is the one a single pass would paint; thick strokes were turned into fills while recording,
/// so no band repeats that work, and a band skips the steps that lie wholly above or below it.
/// There are a few bands per core so that a core done with the empty ocean takes more land.
fn paint_in_bands(ops: &[Op], pixmap: &mut Pixmap, bands: usize) {
    let (width, height) = (pixmap.width(), pixmap.height());
    let bands = u32::try_from(bands).unwrap_or(1).clamp(1, height);
    let rows_per_band = height.div_ceil(bands);
    let band_bytes = rows_per_band as usize * width as usize * 4;
    pixmap
        .data_mut()
        .par_chunks_mut(band_bytes)
        .enumerate()
        .for_each(|(band, bytes)| {
            let rows = (bytes.len() / (width as usize * 4)) as u32;
            let Some(mut target) = tiny_skia::PixmapMut::from_bytes(bytes, width, rows) else {
                return;
            };
            let top = band as f32 * rows_per_band as f32;
            let bottom = top + rows as f32;
            let shift = Transform::from_translate(0.0, -top);
            // A hairline's anti-aliasing reaches a pixel beyond its path.
            let outside = |path: &tiny_skia::Path, margin: f32| {
                let bounds = path.bounds();
                bounds.bottom() + margin < top || bounds.top() - margin > bottom
            };
            for op in ops {
                match op {
                    Op::Fill { path, paint, rule } => {
                        if !outside(path, 1.0) {
                            target.fill_path(path, paint, *rule, shift, None);
                        }
                    }
                    Op::Hairline {
                        path,
                        paint,
                        stroke,
                    }
                    | Op::Stroke {
                        path,
                        paint,
                        stroke,
                    } => {
                        if !outside(path, 2.0 + stroke.width) {
                            target.stroke_path(path, paint, stroke, shift, None);
                        }
                    }
                }
            }
        });
}

/// Bands per core: enough for the cores to share uneven work, few enough that paths crossing
/// several bands are not prepared many times.
const BANDS_PER_CORE: usize = 4;

/// Paints a scene and encodes it as PNG bytes.
pub fn render_png(scene: &Scene, font: &LabelFont, scale: f32) -> Result<Vec<u8>, RenderError> {
    encode_png(&render_pixmap(scene, font, scale)?)
}

/// Encodes a picture as PNG: RGB when it is opaque (a map always is: a quarter smaller), with
/// the png crate's fastest setting (the Up filter and fdeflate): at 3840×2160 about 30 ms
/// where adaptive filtering takes 40 and zlib's default several times that, for files about a
/// fifth larger than adaptive filtering's (2.2 MB against 1.8 MB for the 10m world).
pub fn encode_png(pixmap: &Pixmap) -> Result<Vec<u8>, RenderError> {
    let pixels = pixmap.pixels();
    let opaque = pixels.iter().all(|p| p.alpha() == 255);
    let color = if opaque {
        png::ColorType::Rgb
    } else {
        png::ColorType::Rgba
    };
    let encode_error = |e: png::EncodingError| RenderError::Encode(e.to_string());
    let write_error = |e: std::io::Error| RenderError::Encode(e.to_string());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    let mut writer = encoder.write_header().map_err(encode_error)?;
    // Row by row: a whole unpremultiplied copy of a 4K picture would be another 25–33 MB.
    let mut stream = writer.stream_writer().map_err(encode_error)?;
    let width = pixmap.width() as usize;
    let mut row: Vec<u8> = Vec::with_capacity(width * 4);
    for line in pixels.chunks(width.max(1)) {
        row.clear();
        if opaque {
            row.extend(line.iter().flat_map(|p| [p.red(), p.green(), p.blue()]));
        } else {
            row.extend(line.iter().flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            }));
        }
        std::io::Write::write_all(&mut stream, &row).map_err(write_error)?;
    }
    stream.finish().map_err(encode_error)?;
    writer.finish().map_err(encode_error)?;
    Ok(out)
}

/// Steps under this many output pixels are dropped from lines and rings.
const LINE_TOLERANCE: f64 = 0.25;

struct Painter<'a> {
    ops: Vec<Op>,
    scale: f32,
    font: &'a LabelFont,
    painting: Painting,
}

impl ShapePainter for Painter<'_> {
    fn fill_rings(&mut self, rings: &Polylines, color: Rgba) {
        if let Some(path) = polylines_path(rings).finish() {
            self.fill(path, color, FillRule::EvenOdd);
        }
    }

    fn stroke_lines(&mut self, lines: &Polylines, stroke: &Stroke) {
        self.stroke(polylines_path(lines), stroke);
    }

    fn screen_primitive(&mut self, primitive: &Primitive) {
        match primitive {
            Primitive::Polyline { points, stroke } => {
                let mut path = PathBuilder::new();
                let scaled: Vec<[f32; 2]> = points
                    .iter()
                    .map(|p| [p[0] * self.scale, p[1] * self.scale])
                    .collect();
                add_polyline(&mut path, &scaled, false);
                self.stroke(path, stroke);
            }
            Primitive::Marker {
                center,
                shape,
                radius,
                fill,
                stroke,
            } => {
                let [x, y] = [center[0] * self.scale, center[1] * self.scale];
                let r = radius * self.scale;
                let mut path = PathBuilder::new();
                match shape.corners([x, y], r) {
                    None => path.push_circle(x, y, r),
                    Some(corners) => add_polyline(&mut path, &corners, true),
                }
                if let Some(path) = path.finish() {
                    let outline = stroke.as_ref().map(|stroke| {
                        let mut outline = PathBuilder::new();
                        outline.push_path(&path);
                        (outline, stroke)
                    });
                    self.fill(path, *fill, FillRule::Winding);
                    if let Some((outline, stroke)) = outline {
                        self.stroke(outline, stroke);
                    }
                }
            }
            Primitive::Polygon { points, fill } => {
                let scaled: Vec<[f32; 2]> = points
                    .iter()
                    .map(|p| [p[0] * self.scale, p[1] * self.scale])
                    .collect();
                let mut path = PathBuilder::new();
                add_polyline(&mut path, &scaled, true);
                if let Some(path) = path.finish() {
                    self.fill(path, *fill, FillRule::Winding);
                }
            }
            Primitive::Rect {
                min,
                max,
                fill,
                stroke,
            } => {
                let [x0, y0, x1, y1] = [min[0], min[1], max[0], max[1]].map(|v| v * self.scale);
                let corners = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
                let mut path = PathBuilder::new();
                add_polyline(&mut path, &corners, true);
                if let Some(filled) = path.clone().finish() {
                    self.fill(filled, *fill, FillRule::Winding);
                }
                if let Some(stroke) = stroke {
                    self.stroke(path, stroke);
                }
            }
            Primitive::Label {
                text,
                anchor,
                align,
                size,
                color: text_color,
                halo,
            } => {
                let size = size * self.scale;
                let width = self.font.measure(text, size);
                let [ax, ay] = [anchor[0] * self.scale, anchor[1] * self.scale];
                let left = match align {
                    Align::Center => ax - width / 2.0,
                    Align::Left => ax,
                };
                // Centre the text box (ascent + descent) vertically on the anchor.
                let baseline = ay + (self.font.ascent(size) - self.font.descent(size)) / 2.0;
                let mut pen = SkiaPen(PathBuilder::new());
                self.font.outline(text, size, [left, baseline], &mut pen);
                let Some(path) = pen.0.finish() else { return };
                if let Some(halo) = halo {
                    let stroke = SkiaStroke {
                        width: (size * 0.22).max(1.5),
                        line_join: LineJoin::Round,
                        ..SkiaStroke::default()
                    };
                    self.record_stroke(path.clone(), paint(*halo), &stroke);
                }
                self.fill(path, *text_color, FillRule::Winding);
            }
            // Geometry-backed primitives come through the walk.
            Primitive::Fills { .. } | Primitive::Outlines { .. } | Primitive::Lines { .. } => {}
        }
    }
}

impl Painter<'_> {
    fn fill(&mut self, path: tiny_skia::Path, color: Rgba, rule: FillRule) {
        self.ops.push(Op::Fill {
            path,
            paint: paint(color),
            rule,
        });
    }

    /// Records a stroke; [`outline_strokes`] prepares it for painting.
    fn record_stroke(&mut self, path: tiny_skia::Path, paint: Paint<'static>, stroke: &SkiaStroke) {
        self.ops.push(Op::Stroke {
            path,
            paint,
            stroke: stroke.clone(),
        });
    }

    fn stroke(&mut self, path: PathBuilder, stroke: &Stroke) {
        let Some(path) = path.finish() else { return };
        let width = stroke.width * self.scale;
        let dash = stroke
            .dash
            .pattern(width)
            .and_then(|pattern| StrokeDash::new(pattern, 0.0));
        let skia_stroke = SkiaStroke {
            width,
            line_cap: if stroke.dash.round_caps() {
                LineCap::Round
            } else {
                LineCap::Butt
            },
            line_join: match self.painting {
                Painting::Fast => join_for(width),
                Painting::Reference => LineJoin::Round,
            },
            dash,
            ..SkiaStroke::default()
        };
        self.record_stroke(path, paint(stroke.color), &skia_stroke);
    }
}

/// Under this output width a round join and a bevel differ by a fraction of a pixel, while
/// round joins at every vertex of a 10m border multiply the edges tiny-skia sorts.
const ROUND_JOIN_MIN_WIDTH: f32 = 3.0;

fn join_for(width: f32) -> LineJoin {
    if width < ROUND_JOIN_MIN_WIDTH {
        LineJoin::Bevel
    } else {
        LineJoin::Round
    }
}

fn polylines_path(lines: &Polylines) -> PathBuilder {
    let mut path = PathBuilder::new();
    for line in lines.iter() {
        add_polyline(&mut path, line, lines.closed);
    }
    path
}

fn add_polyline(path: &mut PathBuilder, points: &[[f32; 2]], closed: bool) {
    let mut iter = points.iter();
    let Some(first) = iter.next() else { return };
    path.move_to(first[0], first[1]);
    for p in iter {
        path.line_to(p[0], p[1]);
    }
    if closed {
        path.close();
    }
}

fn color(c: Rgba) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

fn paint(c: Rgba) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color(color(c));
    paint.anti_alias = true;
    paint
}

/// Collects glyph outlines into a tiny-skia path.
struct SkiaPen(PathBuilder);

impl skrifa::outline::OutlinePen for SkiaPen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.0.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.0.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}
