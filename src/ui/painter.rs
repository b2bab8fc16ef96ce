//! The on-screen painter: a [`Scene`] to egui shapes. Fills become triangle meshes (egui only
//! fills convex polygons), lines become paths simplified to what the screen can show.

use std::sync::Arc;

use egui::epaint::{CircleShape, Mesh, PathShape, PathStroke, Vertex, WHITE_UV};
use egui::{Color32, FontId, Pos2, Shape, Vec2};

use crate::map::camera::ScreenTransform;
use crate::map::projected::ProjectedShape;
use crate::scene::walk::{Polylines, ShapePainter, walk};
use crate::scene::{Align, Dash, Primitive, Rgba, Scene, Stroke};

/// Sub-pixel steps dropped from lines on screen.
const LINE_TOLERANCE: f64 = 0.4;

/// Converts a scene to egui shapes placed at `origin` (the map rectangle's top-left corner), in
/// the scene's order; `painter` lays out the text.
pub fn scene_to_shapes(scene: &Scene, origin: Pos2, painter: &egui::Painter) -> Vec<Shape> {
    primitives_to_shapes(scene, &scene.primitives, origin, painter)
}

/// Some of a scene's primitives as egui shapes, e.g. those under a hover highlight.
pub fn primitives_to_shapes(
    scene: &Scene,
    primitives: &[Primitive],
    origin: Pos2,
    painter: &egui::Painter,
) -> Vec<Shape> {
    let mut transform = scene.transform;
    transform.offset[0] += f64::from(origin.x);
    transform.offset[1] += f64::from(origin.y);
    let mut out = EguiPainter {
        shapes: Vec::with_capacity(primitives.len() + 64),
        transform,
        offset: origin.to_vec2(),
        painter,
    };
    walk(primitives, &transform, LINE_TOLERANCE, &mut out);
    out.shapes
}

/// Collects egui shapes from the scene walk.
struct EguiPainter<'a> {
    shapes: Vec<Shape>,
    transform: ScreenTransform,
    /// Where the scene's origin is in the window.
    offset: Vec2,
    /// Lays out the text.
    painter: &'a egui::Painter,
}

impl ShapePainter for EguiPainter<'_> {
    /// One mesh of the cached triangles for all shapes of the primitive: egui fills only
    /// convex polygons.
    fn fill_shapes(&mut self, geometry: &[ProjectedShape], items: &[(u32, Rgba)]) -> bool {
        let vertex_count: usize = items
            .iter()
            .filter_map(|(i, _)| geometry.get(*i as usize))
            .map(|s| s.points.len())
            .sum();
        let mut mesh = Mesh::default();
        mesh.vertices.reserve(vertex_count);
        for &(index, fill) in items {
            let Some(shape) = geometry.get(index as usize) else {
                continue;
            };
            let base = mesh.vertices.len() as u32;
            let color = color32(fill);
            mesh.vertices.extend(shape.points.iter().map(|&p| {
                let [x, y] = self.transform.apply(p);
                Vertex {
                    pos: Pos2::new(x as f32, y as f32),
                    uv: WHITE_UV,
                    color,
                }
            }));
            mesh.indices
                .extend(shape.shape.triangles.iter().map(|&i| base + i));
        }
        if !mesh.indices.is_empty() {
            self.shapes.push(Shape::Mesh(Arc::new(mesh)));
        }
        true
    }

    fn fill_rings(&mut self, _rings: &Polylines, _color: Rgba) {
        // Fills come whole through `fill_shapes`.
    }

    fn stroke_lines(&mut self, lines: &Polylines, stroke: &Stroke) {
        for line in lines.iter() {
            push_line(&mut self.shapes, line, stroke, lines.closed);
        }
    }

    fn screen_primitive(&mut self, primitive: &Primitive) {
        let (offset, painter) = (self.offset, self.painter);
        let shapes = &mut self.shapes;
        match primitive {
            Primitive::Polyline { points, stroke } => {
                let moved: Vec<[f32; 2]> = points
                    .iter()
                    .map(|p| [p[0] + offset.x, p[1] + offset.y])
                    .collect();
                push_line(shapes, &moved, stroke, false);
            }
            Primitive::Marker {
                center,
                shape,
                radius,
                fill,
                stroke,
            } => {
                let c = Pos2::new(center[0], center[1]) + offset;
                let r = *radius;
                let stroke = stroke
                    .map(|s| egui::Stroke::new(s.width, color32(s.color)))
                    .unwrap_or(egui::Stroke::NONE);
                let fill = color32(*fill);
                let Some(corners) = shape.corners([c.x, c.y], r) else {
                    shapes.push(Shape::Circle(CircleShape {
                        center: c,
                        radius: r,
                        fill,
                        stroke,
                    }));
                    return;
                };
                let corners: Vec<Pos2> = corners.iter().map(|&[x, y]| Pos2::new(x, y)).collect();
                shapes.push(Shape::convex_polygon(corners, fill, stroke));
            }
            Primitive::Polygon { points, fill } => {
                let points = points
                    .iter()
                    .map(|p| Pos2::new(p[0], p[1]) + offset)
                    .collect();
                shapes.push(Shape::convex_polygon(
                    points,
                    color32(*fill),
                    egui::Stroke::NONE,
                ));
            }
            Primitive::Rect {
                min,
                max,
                fill,
                stroke,
            } => {
                let rect = egui::Rect::from_min_max(
                    Pos2::new(min[0], min[1]) + offset,
                    Pos2::new(max[0], max[1]) + offset,
                );
                shapes.push(Shape::rect_filled(rect, 3.0, color32(*fill)));
                if let Some(stroke) = stroke {
                    shapes.push(Shape::rect_stroke(
                        rect,
                        3.0,
                        egui::Stroke::new(stroke.width, color32(stroke.color)),
                        egui::StrokeKind::Inside,
                    ));
                }
            }
            Primitive::Label {
                text,
                anchor,
                align,
                size,
                color,
                halo,
            } => {
                let galley = painter.layout_no_wrap(
                    text.clone(),
                    FontId::proportional(*size),
                    color32(*color),
                );
                let anchor = Pos2::new(anchor[0], anchor[1]) + offset;
                let pos = match align {
                    Align::Center => anchor - galley.size() / 2.0,
                    Align::Left => anchor - Vec2::new(0.0, galley.size().y / 2.0),
                };
                if let Some(halo) = halo {
                    // egui has no text outline: a ring of offset copies gives the same halo.
                    let halo = color32(*halo);
                    let r = (size * 0.11).max(1.0);
                    for (dx, dy) in [
                        (-r, 0.0),
                        (r, 0.0),
                        (0.0, -r),
                        (0.0, r),
                        (-r, -r),
                        (r, r),
                        (-r, r),
                        (r, -r),
                    ] {
                        shapes.push(Shape::galley_with_override_text_color(
                            pos + Vec2::new(dx, dy),
                            galley.clone(),
                            halo,
                        ));
                    }
                }
                shapes.push(Shape::galley(pos, galley, color32(*color)));
            }
            // Geometry-backed primitives come through the walk.
            Primitive::Fills { .. } | Primitive::Outlines { .. } | Primitive::Lines { .. } => {}
        }
    }
}

fn push_line(shapes: &mut Vec<Shape>, points: &[[f32; 2]], stroke: &Stroke, closed: bool) {
    if points.len() < 2 {
        return;
    }
    let pts: Vec<Pos2> = points.iter().map(|p| Pos2::new(p[0], p[1])).collect();
    let egui_stroke = egui::Stroke::new(stroke.width, color32(stroke.color));
    match stroke.dash {
        Dash::Solid => shapes.push(Shape::Path(PathShape {
            points: pts,
            closed,
            fill: Color32::TRANSPARENT,
            stroke: PathStroke::from(egui_stroke),
        })),
        Dash::Dotted => shapes.extend(Shape::dotted_line(
            &pts,
            egui_stroke.color,
            stroke.width * 2.8,
            stroke.width * 0.6,
        )),
        Dash::Dots => shapes.extend(Shape::dotted_line(
            &pts,
            egui_stroke.color,
            stroke.width * 3.55,
            stroke.width * 0.5,
        )),
        Dash::Dashed | Dash::Sparse | Dash::DashDot => {
            // The painters' shared pattern: dash, gap, dash, gap…
            let pattern = stroke.dash.pattern(stroke.width).unwrap_or_default();
            let dashes: Vec<f32> = pattern.iter().step_by(2).copied().collect();
            let gaps: Vec<f32> = pattern.iter().skip(1).step_by(2).copied().collect();
            if dashes.len() == gaps.len() && !dashes.is_empty() {
                shapes.extend(Shape::dashed_line_with_offset(
                    &pts,
                    egui_stroke,
                    &dashes,
                    &gaps,
                    0.0,
                ));
            }
        }
    }
}

/// Scene colour to egui colour.
pub fn color32(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::MapStyle;

    /// The lengths of the dashes egui draws along a straight line.
    fn dash_lengths(stroke: &Stroke) -> Vec<f32> {
        let mut shapes = Vec::new();
        push_line(&mut shapes, &[[0.0, 0.0], [200.0, 0.0]], stroke, false);
        shapes
            .iter()
            .filter_map(|s| match s {
                Shape::LineSegment { points, .. } => Some(points[1].x - points[0].x),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn border_dashes_on_screen_follow_the_shared_pattern_in_pixels() {
        let style = MapStyle::default();
        let loc = style.line_of_control;
        let pattern = loc.dash.pattern(loc.width).expect("dash-dot");
        let lengths = dash_lengths(&loc);
        assert!(lengths.len() > 10, "{lengths:?}");
        // A long dash, then a dot, in turn: what the PNG and SVG painters draw.
        assert!((lengths[0] - pattern[0]).abs() < 1e-3, "{lengths:?}");
        assert!((lengths[1] - pattern[2]).abs() < 1e-3, "{lengths:?}");
        assert!(lengths[0] > 3.0 * lengths[1]);
        let disputed = dash_lengths(&style.disputed_border);
        assert!(
            disputed
                .windows(2)
                .take(5)
                .all(|w| (w[0] - w[1]).abs() < 1e-3)
        );
        // Indefinite frontiers are round dots, not dashes.
        let mut dots = Vec::new();
        push_line(
            &mut dots,
            &[[0.0, 0.0], [200.0, 0.0]],
            &style.indefinite_border,
            false,
        );
        assert!(dots.iter().all(|s| matches!(s, Shape::Circle(_))) && dots.len() > 20);
    }
}
