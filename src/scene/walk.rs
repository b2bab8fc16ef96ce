//! One walk over a scene's primitives for every painter (egui on screen, PNG and SVG on
//! export): it looks the cached geometry up, moves it to screen pixels and simplifies it to
//! what the output can show, so the painters only say how a ring is filled or a line stroked.

use crate::map::camera::ScreenTransform;
use crate::map::projected::ProjectedShape;

use super::geometry::to_screen_simplified;
use super::{Primitive, Rgba, Stroke};

/// Polylines in output pixels, stored end to end.
#[derive(Debug, Default)]
pub struct Polylines {
    points: Vec<[f32; 2]>,
    ends: Vec<usize>,
    /// Whether each polyline closes on its first point (rings) or not (lines).
    pub closed: bool,
}

impl Polylines {
    /// The polylines, one slice of points each.
    pub fn iter(&self) -> impl Iterator<Item = &[[f32; 2]]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| &self.points[start..end])
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn clear(&mut self, closed: bool) {
        self.points.clear();
        self.ends.clear();
        self.closed = closed;
    }

    fn push(
        &mut self,
        projected: &[[f64; 2]],
        transform: &ScreenTransform,
        tolerance: f64,
        buffer: &mut Vec<[f32; 2]>,
    ) {
        to_screen_simplified(projected, transform, tolerance, buffer);
        if buffer.is_empty() {
            return;
        }
        self.points.extend_from_slice(buffer);
        self.ends.push(self.points.len());
    }
}

/// How one painter draws what the walk hands it.
pub trait ShapePainter {
    /// A filled shape of a `Fills` primitive, as its rings (outer rings and holes, even-odd).
    fn fill_rings(&mut self, rings: &Polylines, color: Rgba);

    /// The polylines of one `Outlines` or `Lines` primitive, drawn with one stroke.
    fn stroke_lines(&mut self, lines: &Polylines, stroke: &Stroke);

    /// A primitive already in scene pixels (polylines, markers, polygons, rectangles, labels).
    fn screen_primitive(&mut self, primitive: &Primitive);

    /// Before and after the shapes of one `Fills` primitive (SVG groups them).
    fn begin_fills(&mut self) {}
    fn end_fills(&mut self) {}

    /// A whole `Fills` primitive at once, for a painter that fills from the cached triangles
    /// (egui, which fills only convex polygons); `false` hands the shapes over ring by ring.
    fn fill_shapes(&mut self, _shapes: &[ProjectedShape], _items: &[(u32, Rgba)]) -> bool {
        false
    }
}

/// Walks `primitives` in order: geometry through `transform` (projected → output pixels),
/// dropping steps under `tolerance` output pixels.
pub fn walk(
    primitives: &[Primitive],
    transform: &ScreenTransform,
    tolerance: f64,
    painter: &mut impl ShapePainter,
) {
    let mut buffer = Vec::new();
    let mut lines = Polylines::default();
    for primitive in primitives {
        match primitive {
            Primitive::Fills { shapes, items } => {
                if painter.fill_shapes(shapes, items) {
                    continue;
                }
                painter.begin_fills();
                for &(index, color) in items {
                    let Some(shape) = shapes.get(index as usize) else {
                        continue;
                    };
                    lines.clear(true);
                    for ring in shape.rings() {
                        lines.push(ring, transform, tolerance, &mut buffer);
                    }
                    if !lines.is_empty() {
                        painter.fill_rings(&lines, color);
                    }
                }
                painter.end_fills();
            }
            Primitive::Outlines {
                shapes,
                items,
                stroke,
            } => {
                lines.clear(true);
                for shape in items.iter().filter_map(|&i| shapes.get(i as usize)) {
                    for ring in shape.rings() {
                        lines.push(ring, transform, tolerance, &mut buffer);
                    }
                }
                painter.stroke_lines(&lines, stroke);
            }
            Primitive::Lines {
                lines: geometry,
                runs,
                stroke,
            } => {
                lines.clear(false);
                for run in runs.iter().filter_map(|&r| geometry.runs.get(r as usize)) {
                    lines.push(geometry.run_points(run), transform, tolerance, &mut buffer);
                }
                painter.stroke_lines(&lines, stroke);
            }
            other => painter.screen_primitive(other),
        }
    }
}
