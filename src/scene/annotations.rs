//! The user's annotations as scene primitives: text notes, pins, arrows, paths and areas.
//!
//! Geometry is stored in longitude/latitude and projected at draw time, so an annotation stays
//! on its place through pans, zooms and changes of projection. Arrows, paths and the edges of
//! areas follow great circles (densified every [`ARC_STEP_DEGREES`], like the story's ties,
//! and cut at the antimeridian), so a line names the same route in every projection. Sizes
//! (line width, font size, a note's offset) are in screen points, so an annotation reads the
//! same at every zoom. The screen and the exported picture draw the same primitives.

use std::sync::Arc;

use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde_json::Value;

use crate::map::camera::{Camera, LonLat};
use crate::map::projected::ProjectedShape;
use crate::map::projection::Projection;
use crate::map::tessellate::CountryShape;
use crate::model::geodesy::{ARC_STEP_DEGREES, great_circle_arc, split_at_seam};
use crate::model::{Annotation, AnnotationGeometry, AnnotationKind, Project};

use super::geometry::segment_distance;
use super::text::LabelFont;
use super::{Align, MarkerShape, Primitive, Rgba, Stroke};

/// The member of a note's properties holding its text box offset, `[dx, dy]` in screen points
/// from the anchor to the box's centre (kept in the record's extra properties, so the file
/// format needs no new field and other tools keep it).
pub const NOTE_OFFSET_KEY: &str = "text_offset";
/// Where a new note's text box goes: up and to the right of its anchor.
pub const DEFAULT_NOTE_OFFSET: [f64; 2] = [48.0, -44.0];

/// Text of annotations: near-black, on a light halo or box, whatever the annotation's colour.
const TEXT: Rgba = Rgba::rgb(0x1a, 0x1a, 0x1a);
const HALO: Rgba = Rgba::new(0xff, 0xff, 0xff, 0xd8);
const BOX_FILL: Rgba = Rgba::new(0xff, 0xff, 0xff, 0xeb);
/// Padding inside a note's box, in points.
const BOX_PADDING: f32 = 6.0;

/// A note's text box offset from its anchor, in screen points.
pub fn note_offset(annotation: &Annotation) -> [f64; 2] {
    let read = |value: &Value| -> Option<[f64; 2]> {
        let pair = value.as_array()?;
        let (x, y) = (pair.first()?.as_f64()?, pair.get(1)?.as_f64()?);
        (x.is_finite() && y.is_finite()).then_some([x, y])
    };
    annotation
        .extra
        .get(NOTE_OFFSET_KEY)
        .and_then(read)
        .unwrap_or(DEFAULT_NOTE_OFFSET)
}

/// Stores a note's text box offset (rounded to a tenth of a point, which is all it needs).
pub fn set_note_offset(annotation: &mut Annotation, offset: [f64; 2]) {
    let round = |v: f64| (v * 10.0).round() / 10.0;
    annotation.extra.insert(
        NOTE_OFFSET_KEY.to_owned(),
        Value::from(vec![round(offset[0]), round(offset[1])]),
    );
}

/// What an annotation is drawn in: the camera, its projection and the font that measures text.
#[derive(Clone, Copy)]
pub struct AnnotationView<'a> {
    pub camera: &'a Camera,
    pub projection: Projection,
    pub font: &'a LabelFont,
}

impl AnnotationView<'_> {
    /// Longitude/latitude → screen pixels.
    pub fn screen(&self, [lon, lat]: [f64; 2]) -> [f32; 2] {
        let p = self
            .camera
            .lon_lat_to_screen(self.projection, LonLat::new(lon, lat));
        [p.x as f32, p.y as f32]
    }
}

/// Where an annotation is on screen, for picking it with the pointer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnnotationHit {
    /// Stroked lines and how far either side of them counts as on them.
    lines: Vec<Vec<[f32; 2]>>,
    half_width: f32,
    /// Round symbols: centre and radius.
    discs: Vec<([f32; 2], f32)>,
    /// Text boxes: `[min_x, min_y, max_x, max_y]`.
    boxes: Vec<[f32; 4]>,
    /// Filled rings (areas): inside counts as on the annotation.
    areas: Vec<Vec<[f32; 2]>>,
}

impl AnnotationHit {
    /// Distance in pixels from a screen point to the annotation (0 on or inside it).
    pub fn distance(&self, p: [f32; 2]) -> f32 {
        let mut best = f32::INFINITY;
        for line in &self.lines {
            for pair in line.windows(2) {
                best = best.min(segment_distance(p, pair[0], pair[1]) - self.half_width);
            }
            if let [only] = line.as_slice() {
                best = best.min((p[0] - only[0]).hypot(p[1] - only[1]) - self.half_width);
            }
        }
        for &(centre, radius) in &self.discs {
            best = best.min((p[0] - centre[0]).hypot(p[1] - centre[1]) - radius);
        }
        for b in &self.boxes {
            let dx = (b[0] - p[0]).max(p[0] - b[2]).max(0.0);
            let dy = (b[1] - p[1]).max(p[1] - b[3]).max(0.0);
            best = best.min(dx.hypot(dy));
        }
        if self.areas.iter().any(|ring| inside(ring, p)) {
            best = best.min(0.0);
        }
        best.max(0.0)
    }
}

/// One annotation laid out on screen: what to draw and where it can be picked.
#[derive(Clone, Debug)]
pub struct Drawn {
    pub primitives: Vec<Primitive>,
    pub hit: AnnotationHit,
}

/// The primitives of all annotations, in their order (later ones on top).
pub fn annotation_primitives(
    annotations: &[Annotation],
    view: &AnnotationView<'_>,
) -> Vec<Primitive> {
    annotations
        .iter()
        .flat_map(|annotation| draw_annotation(annotation, view).primitives)
        .collect()
}

/// What the annotations add to a map frame.
#[derive(Clone, Debug, Default)]
pub struct FrameAnnotations {
    pub primitives: Vec<Primitive>,
    /// Their texts and symbols, `[min_x, min_y, max_x, max_y]`, for the map's own labels to
    /// keep clear of.
    pub text_boxes: Vec<[f64; 4]>,
}

/// The annotations of a map frame's project, or nothing when the layer is off or there is no
/// project.
pub fn frame_annotations(
    project: Option<&Project>,
    shown: bool,
    camera: &Camera,
    projection: Projection,
    font: &LabelFont,
) -> FrameAnnotations {
    let mut out = FrameAnnotations::default();
    let Some(project) = project.filter(|_| shown) else {
        return out;
    };
    let view = AnnotationView {
        camera,
        projection,
        font,
    };
    for annotation in &project.annotations {
        let drawn = draw_annotation(annotation, &view);
        out.primitives.extend(drawn.primitives);
        let discs = drawn
            .hit
            .discs
            .iter()
            .map(|&([x, y], r)| [x - r, y - r, x + r, y + r]);
        out.text_boxes.extend(
            drawn
                .hit
                .boxes
                .iter()
                .copied()
                .chain(discs)
                .map(|b| b.map(f64::from)),
        );
    }
    out
}

/// The topmost annotation within `slop` pixels of a screen point, as an index into the list.
pub fn annotation_at(
    annotations: &[Annotation],
    view: &AnnotationView<'_>,
    p: [f32; 2],
    slop: f32,
) -> Option<usize> {
    annotations
        .iter()
        .enumerate()
        .rev()
        .find(|(_, annotation)| annotation_hit(annotation, view).distance(p) <= slop)
        .map(|(index, _)| index)
}

/// The points a user can drag to reshape an annotation, in screen pixels: the anchor of a pin
/// or note (and a note's text box centre after it), the vertices of a line, the corners of an
/// area (without the ring's closing repeat).
pub fn handles(annotation: &Annotation, view: &AnnotationView<'_>) -> Vec<[f32; 2]> {
    match &annotation.geometry {
        AnnotationGeometry::Point(point) => {
            let anchor = view.screen([point.x(), point.y()]);
            let mut out = vec![anchor];
            if annotation.kind == AnnotationKind::TextNote {
                let [dx, dy] = note_offset(annotation);
                out.push([anchor[0] + dx as f32, anchor[1] + dy as f32]);
            }
            out
        }
        AnnotationGeometry::LineString(line) => {
            line.0.iter().map(|c| view.screen([c.x, c.y])).collect()
        }
        AnnotationGeometry::Polygon(polygon) => open_ring(polygon.exterior())
            .iter()
            .map(|c| view.screen([c.x, c.y]))
            .collect(),
    }
}

/// The ring's vertices without the closing repeat of the first.
pub fn open_ring(ring: &LineString<f64>) -> &[Coord<f64>] {
    let coords = ring.0.as_slice();
    match coords {
        [first, .., last] if first == last => &coords[..coords.len() - 1],
        _ => coords,
    }
}

/// Lays out one annotation.
pub fn draw_annotation(annotation: &Annotation, view: &AnnotationView<'_>) -> Drawn {
    lay_out(annotation, view, true)
}

/// Where an annotation can be picked (without triangulating an area's fill).
pub fn annotation_hit(annotation: &Annotation, view: &AnnotationView<'_>) -> AnnotationHit {
    lay_out(annotation, view, false).hit
}

fn lay_out(annotation: &Annotation, view: &AnnotationView<'_>, with_fill: bool) -> Drawn {
    let style = &annotation.style;
    let [r, g, b, a] = style.colour;
    let colour = Rgba::new(r, g, b, a);
    let width = clamp_f32(style.line_width, 0.5, 40.0, 2.0);
    let font_size = clamp_f32(style.font_size, 6.0, 72.0, 14.0);
    let stroke = Stroke::solid(width, colour);
    let mut drawn = Drawn {
        primitives: Vec::new(),
        hit: AnnotationHit {
            half_width: width / 2.0 + 1.0,
            ..AnnotationHit::default()
        },
    };
    let text = annotation.text.trim();
    match (&annotation.kind, &annotation.geometry) {
        (AnnotationKind::TextNote, AnnotationGeometry::Point(point)) => {
            let anchor = view.screen([point.x(), point.y()]);
            note(
                &mut drawn,
                anchor,
                note_offset(annotation),
                text,
                stroke,
                font_size,
                view.font,
            );
        }
        (_, AnnotationGeometry::Point(point)) => {
            let anchor = view.screen([point.x(), point.y()]);
            pin(&mut drawn, anchor, text, stroke, font_size, view.font);
        }
        (kind, AnnotationGeometry::LineString(line)) => {
            let parts = line_parts(&line.0, view);
            let arrow = *kind == AnnotationKind::Arrow;
            let viewport = view.camera.viewport.map(|v| v as f32);
            line_annotation(&mut drawn, parts, arrow, text, stroke, font_size, view.font);
            if let Some(Primitive::Label { anchor, .. }) = drawn.primitives.last_mut() {
                // A long line's label goes by the middle of what is on screen.
                if let Some(middle) = visible_middle(&line_parts(&line.0, view), viewport) {
                    let lift = stroke.width / 2.0 + font_size * 0.75;
                    let moved = [middle[0], middle[1] - lift];
                    if let Some(b) = drawn.hit.boxes.last_mut() {
                        let (dx, dy) = (moved[0] - anchor[0], moved[1] - anchor[1]);
                        *b = [b[0] + dx, b[1] + dy, b[2] + dx, b[3] + dy];
                    }
                    *anchor = moved;
                }
            }
        }
        (_, AnnotationGeometry::Polygon(polygon)) => {
            let fill = if with_fill { style.fill_opacity } else { 0.0 };
            area(&mut drawn, polygon, view, fill, text, stroke, font_size);
        }
    }
    drawn
}

fn clamp_f32(value: f64, low: f32, high: f32, fallback: f32) -> f32 {
    if value.is_finite() {
        (value as f32).clamp(low, high)
    } else {
        fallback
    }
}

/// A pin: a round head on a short stem standing on the place, its label right of the head.
fn pin(
    drawn: &mut Drawn,
    anchor: [f32; 2],
    text: &str,
    stroke: Stroke,
    size: f32,
    font: &LabelFont,
) {
    let radius = 5.0 + stroke.width * 0.75;
    let head = [anchor[0], anchor[1] - radius - 10.0];
    drawn.primitives.push(Primitive::Polyline {
        points: vec![anchor, head],
        stroke: Stroke::solid(2.0, stroke.color),
    });
    drawn.primitives.push(Primitive::Marker {
        center: anchor,
        shape: MarkerShape::Circle,
        radius: 2.0,
        fill: stroke.color,
        stroke: None,
    });
    drawn.primitives.push(Primitive::Marker {
        center: head,
        shape: MarkerShape::Circle,
        radius,
        fill: stroke.color,
        stroke: Some(Stroke::solid(1.5, Rgba::rgb(0xff, 0xff, 0xff))),
    });
    drawn.hit.lines.push(vec![anchor, head]);
    drawn.hit.discs.push((head, radius));
    if !text.is_empty() {
        let left = head[0] + radius + 4.0;
        label(drawn, text, [left, head[1]], Align::Left, size, font);
    }
}

/// A note: a dot on the place, a leader line, and the text in a box offset from the place.
fn note(
    drawn: &mut Drawn,
    anchor: [f32; 2],
    offset: [f64; 2],
    text: &str,
    stroke: Stroke,
    size: f32,
    font: &LabelFont,
) {
    let lines = wrap_text(text, font, size, size * 18.0);
    let line_height = font.ascent(size) + font.descent(size) + 2.0;
    let text_width = lines
        .iter()
        .map(|line| font.measure(line, size))
        .fold(0.0, f32::max);
    let box_width = (text_width + 2.0 * BOX_PADDING).max(size * 2.5);
    let box_height = lines.len().max(1) as f32 * line_height + 2.0 * BOX_PADDING;
    let centre = [anchor[0] + offset[0] as f32, anchor[1] + offset[1] as f32];
    let min = [centre[0] - box_width / 2.0, centre[1] - box_height / 2.0];
    let max = [centre[0] + box_width / 2.0, centre[1] + box_height / 2.0];
    // The leader runs from the place to the nearest point of the box (none when inside it).
    let nearest = [
        anchor[0].clamp(min[0], max[0]),
        anchor[1].clamp(min[1], max[1]),
    ];
    if nearest != anchor {
        drawn.primitives.push(Primitive::Polyline {
            points: vec![anchor, nearest],
            stroke: Stroke::solid(stroke.width.min(3.0), stroke.color),
        });
        drawn.hit.lines.push(vec![anchor, nearest]);
    }
    let dot = 2.5 + stroke.width * 0.5;
    drawn.primitives.push(Primitive::Marker {
        center: anchor,
        shape: MarkerShape::Circle,
        radius: dot,
        fill: stroke.color,
        stroke: Some(Stroke::solid(1.0, Rgba::rgb(0xff, 0xff, 0xff))),
    });
    drawn.hit.discs.push((anchor, dot));
    drawn.primitives.push(Primitive::Rect {
        min,
        max,
        fill: BOX_FILL,
        stroke: Some(Stroke::solid(stroke.width.clamp(1.0, 4.0), stroke.color)),
    });
    drawn.hit.boxes.push([min[0], min[1], max[0], max[1]]);
    for (row, line) in lines.into_iter().enumerate() {
        drawn.primitives.push(Primitive::Label {
            text: line,
            anchor: [
                min[0] + BOX_PADDING,
                min[1] + BOX_PADDING + (row as f32 + 0.5) * line_height,
            ],
            align: Align::Left,
            size,
            color: TEXT,
            halo: None,
        });
    }
}

/// Breaks text into lines no wider than `max_width` pixels, at spaces where it can (a word
/// longer than the width keeps a line of its own) and at the user's own line breaks.
pub fn wrap_text(text: &str, font: &LabelFont, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut current = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if current.is_empty() || font.measure(&candidate, size) <= max_width {
                current = candidate;
            } else {
                lines.push(std::mem::replace(&mut current, word.to_owned()));
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
    }
    lines
}

/// A label with a halo, and its box for picking.
fn label(
    drawn: &mut Drawn,
    text: &str,
    anchor: [f32; 2],
    align: Align,
    size: f32,
    font: &LabelFont,
) {
    let width = font.measure(text, size);
    let height = font.ascent(size) + font.descent(size);
    let left = match align {
        Align::Left => anchor[0],
        Align::Center => anchor[0] - width / 2.0,
    };
    drawn.hit.boxes.push([
        left,
        anchor[1] - height / 2.0,
        left + width,
        anchor[1] + height / 2.0,
    ]);
    drawn.primitives.push(Primitive::Label {
        text: text.to_owned(),
        anchor,
        align,
        size,
        color: TEXT,
        halo: Some(HALO),
    });
}

/// A line's vertices joined by great-circle arcs, cut at the antimeridian, in screen pixels.
fn line_parts(coords: &[Coord<f64>], view: &AnnotationView<'_>) -> Vec<Vec<[f32; 2]>> {
    split_at_seam(&densified(coords), view.camera.central_meridian)
        .into_iter()
        .map(|part| part.into_iter().map(|(x, y)| view.screen([x, y])).collect())
        .filter(|part: &Vec<[f32; 2]>| !part.is_empty())
        .collect()
}

/// The vertices with great-circle points between them, longitudes in -180..=180.
fn densified(coords: &[Coord<f64>]) -> Vec<(f64, f64)> {
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(coords.len());
    for pair in coords.windows(2) {
        let arc = great_circle_arc(
            (pair[0].x, pair[0].y),
            (pair[1].x, pair[1].y),
            ARC_STEP_DEGREES,
        );
        let skip = usize::from(!points.is_empty());
        points.extend(arc.into_iter().skip(skip));
    }
    if let [only] = coords {
        points.push((only.x, only.y));
    }
    points
}

/// An arrow or a path: the line, an arrowhead at the end of an arrow, and its label by the
/// middle of the line.
fn line_annotation(
    drawn: &mut Drawn,
    mut parts: Vec<Vec<[f32; 2]>>,
    arrow: bool,
    text: &str,
    stroke: Stroke,
    size: f32,
    font: &LabelFont,
) {
    let mut head_primitive = None;
    if arrow && let Some(last) = parts.last_mut() {
        let length = 8.0 + 3.0 * stroke.width;
        if let Some((tip, back)) = arrow_base(last, length) {
            let direction = [(tip[0] - back[0]) / length, (tip[1] - back[1]) / length];
            let normal = [-direction[1], direction[0]];
            let half = length * 0.45;
            let head = vec![
                tip,
                [back[0] + normal[0] * half, back[1] + normal[1] * half],
                [back[0] - normal[0] * half, back[1] - normal[1] * half],
            ];
            // The shaft stops inside the head so its square end does not poke past the tip.
            trim_end(last, length * 0.6);
            drawn.hit.lines.push(head.clone());
            head_primitive = Some(Primitive::Polygon {
                points: head,
                fill: stroke.color,
            });
        }
    }
    for part in &parts {
        if part.len() >= 2 {
            drawn.primitives.push(Primitive::Polyline {
                points: part.clone(),
                stroke,
            });
        }
    }
    drawn.primitives.extend(head_primitive);
    drawn.hit.lines.extend(parts.iter().cloned());
    if !text.is_empty()
        && let Some(middle) = parts
            .iter()
            .max_by(|a, b| length_of(a).total_cmp(&length_of(b)))
            .and_then(|part| point_along(part, length_of(part) / 2.0))
    {
        let lift = stroke.width / 2.0 + size * 0.75;
        label(
            drawn,
            text,
            [middle[0], middle[1] - lift],
            Align::Center,
            size,
            font,
        );
    }
}

/// The middle of the longest stretch of a line inside the viewport (with a margin), when the
/// line leaves it; `None` when it is all on screen or nowhere on it.
fn visible_middle(parts: &[Vec<[f32; 2]>], viewport: [f32; 2]) -> Option<[f32; 2]> {
    let margin = 30.0;
    let on_screen = |p: &[f32; 2]| {
        p[0] >= margin
            && p[1] >= margin
            && p[0] <= viewport[0] - margin
            && p[1] <= viewport[1] - margin
    };
    if parts.iter().flatten().all(on_screen) {
        return None;
    }
    let mut runs: Vec<Vec<[f32; 2]>> = Vec::new();
    for part in parts {
        let mut run = Vec::new();
        for p in part {
            if on_screen(p) {
                run.push(*p);
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        }
        runs.push(run);
    }
    let longest = runs
        .into_iter()
        .filter(|run| run.len() >= 2)
        .max_by(|a, b| length_of(a).total_cmp(&length_of(b)))?;
    point_along(&longest, length_of(&longest) / 2.0)
}

/// The tip of a line and the point `length` pixels back along it, if it is that long.
fn arrow_base(points: &[[f32; 2]], length: f32) -> Option<([f32; 2], [f32; 2])> {
    let tip = *points.last()?;
    for &p in points.iter().rev().skip(1) {
        let d = (tip[0] - p[0]).hypot(tip[1] - p[1]);
        if d >= length {
            let t = length / d;
            return Some((
                tip,
                [tip[0] + (p[0] - tip[0]) * t, tip[1] + (p[1] - tip[1]) * t],
            ));
        }
    }
    // A line shorter than its head still gets one, pointing along its whole length.
    let first = *points.first()?;
    let d = (tip[0] - first[0]).hypot(tip[1] - first[1]);
    (d > 0.5).then(|| {
        let t = length / d;
        (
            tip,
            [
                tip[0] + (first[0] - tip[0]) * t,
                tip[1] + (first[1] - tip[1]) * t,
            ],
        )
    })
}

/// Shortens a line by `by` pixels at its end.
fn trim_end(points: &mut Vec<[f32; 2]>, by: f32) {
    let total = length_of(points);
    if total <= by * 1.5 {
        return;
    }
    if let Some(end) = point_along(points, total - by) {
        let mut walked = 0.0;
        let mut keep = 1;
        for (i, pair) in points.windows(2).enumerate() {
            walked += (pair[1][0] - pair[0][0]).hypot(pair[1][1] - pair[0][1]);
            if walked >= total - by {
                keep = i + 1;
                break;
            }
        }
        points.truncate(keep);
        points.push(end);
    }
}

fn length_of(points: &[[f32; 2]]) -> f32 {
    points
        .windows(2)
        .map(|w| (w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1]))
        .sum()
}

/// The point `distance` pixels along a line.
fn point_along(points: &[[f32; 2]], distance: f32) -> Option<[f32; 2]> {
    let mut left = distance;
    for pair in points.windows(2) {
        let step = (pair[1][0] - pair[0][0]).hypot(pair[1][1] - pair[0][1]);
        if step >= left && step > 0.0 {
            let t = left / step;
            return Some([
                pair[0][0] + (pair[1][0] - pair[0][0]) * t,
                pair[0][1] + (pair[1][1] - pair[0][1]) * t,
            ]);
        }
        left -= step;
    }
    points.last().copied()
}

/// An area: a translucent fill, its outline and its label at the most inland point.
fn area(
    drawn: &mut Drawn,
    polygon: &Polygon<f64>,
    view: &AnnotationView<'_>,
    fill_opacity: f64,
    text: &str,
    stroke: Stroke,
    size: f32,
) {
    let ring = |ring: &LineString<f64>| -> Vec<(f64, f64)> {
        let mut points = densified(&ring.0);
        // Continuous longitudes, so a ring over the antimeridian is not drawn the long way round.
        for i in 1..points.len() {
            let previous = points[i - 1].0;
            while points[i].0 - previous > 180.0 {
                points[i].0 -= 360.0;
            }
            while points[i].0 - previous < -180.0 {
                points[i].0 += 360.0;
            }
        }
        points
    };
    let exterior = ring(polygon.exterior());
    if exterior.len() < 3 {
        return;
    }
    let holes: Vec<Vec<(f64, f64)>> = polygon.interiors().iter().map(ring).collect();
    let opacity = if fill_opacity.is_finite() {
        fill_opacity.clamp(0.0, 1.0) as f32
    } else {
        0.0
    };
    if opacity > 0.0 {
        let dense = Polygon::new(
            LineString::from(exterior.clone()),
            holes.iter().cloned().map(LineString::from).collect(),
        );
        let shape = Arc::new(CountryShape::tessellate(&MultiPolygon(vec![dense])));
        let projected = ProjectedShape::project(&shape, view.camera.centred(view.projection));
        let alpha = opacity * f32::from(stroke.color.a) / 255.0;
        drawn.primitives.push(Primitive::Fills {
            shapes: Arc::new(vec![projected]),
            items: vec![(0, stroke.color.with_alpha(alpha))],
        });
    }
    let screen_ring = |points: &[(f64, f64)]| -> Vec<[f32; 2]> {
        let mut out: Vec<[f32; 2]> = points.iter().map(|&(x, y)| view.screen([x, y])).collect();
        if let (Some(&first), Some(&last)) = (out.first(), out.last())
            && first != last
        {
            out.push(first);
        }
        out
    };
    let outline = screen_ring(&exterior);
    // The rings' outlines are cut where the map's edges are, as lines are.
    let cut_ring = |points: &[(f64, f64)]| -> Vec<Vec<[f32; 2]>> {
        let mut closed = points.to_vec();
        if let (Some(&first), Some(&last)) = (closed.first(), closed.last())
            && first != last
        {
            closed.push(first);
        }
        split_at_seam(&closed, view.camera.central_meridian)
            .into_iter()
            .map(|part| part.into_iter().map(|(x, y)| view.screen([x, y])).collect())
            .collect()
    };
    for line in std::iter::once(&exterior)
        .chain(holes.iter())
        .flat_map(|ring| cut_ring(ring))
    {
        drawn.primitives.push(Primitive::Polyline {
            points: line.clone(),
            stroke,
        });
        drawn.hit.lines.push(line);
    }
    drawn.hit.areas.push(outline.clone());
    if !text.is_empty() {
        let screen = Polygon::new(
            LineString::from(
                outline
                    .iter()
                    .map(|p| (f64::from(p[0]), f64::from(p[1])))
                    .collect::<Vec<_>>(),
            ),
            Vec::new(),
        );
        let spot = polylabel::polylabel(&screen, &1.0)
            .map(|p| [p.x() as f32, p.y() as f32])
            .unwrap_or_else(|_| outline[0]);
        label(drawn, text, spot, Align::Center, size, view.font);
    }
}

/// Whether a point is inside a ring (even–odd rule).
fn inside(ring: &[[f32; 2]], p: [f32; 2]) -> bool {
    let mut inside = false;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use crate::map::camera::LonLatBox;
    use geo::{LineString, Point, Polygon};

    use super::*;
    use crate::model::{AnnotationId, AnnotationStyle};

    fn annotation(kind: AnnotationKind, geometry: AnnotationGeometry, text: &str) -> Annotation {
        Annotation {
            id: AnnotationId::new("a-1"),
            kind,
            geometry,
            text: text.into(),
            style: AnnotationStyle::default(),
            extra: Default::default(),
        }
    }

    fn camera() -> Camera {
        Camera::fit_lon_lat(
            Projection::EqualEarth,
            LonLatBox::new(50.0, 20.0, 90.0, 45.0),
            [800.0, 600.0],
            0.05,
        )
    }

    fn pin_at(lon: f64, lat: f64) -> Annotation {
        annotation(
            AnnotationKind::Pin,
            AnnotationGeometry::Point(Point::new(lon, lat)),
            "Kabul",
        )
    }

    #[test]
    fn a_pin_is_picked_on_its_head_and_label_but_not_far_away() {
        let font = LabelFont::fallback();
        let camera = camera();
        let view = AnnotationView {
            camera: &camera,
            projection: Projection::EqualEarth,
            font: &font,
        };
        let pin = pin_at(69.17, 34.53);
        let anchor = view.screen([69.17, 34.53]);
        let hit = draw_annotation(&pin, &view).hit;
        assert_eq!(hit.distance(anchor), 0.0);
        // The head stands above the place; the label is to its right.
        assert_eq!(hit.distance([anchor[0], anchor[1] - 15.0]), 0.0);
        assert_eq!(hit.distance([anchor[0] + 25.0, anchor[1] - 16.0]), 0.0);
        assert!(hit.distance([anchor[0], anchor[1] + 60.0]) > 40.0);
    }

    #[test]
    fn the_topmost_annotation_wins_and_areas_are_picked_inside() {
        let font = LabelFont::fallback();
        let camera = camera();
        let view = AnnotationView {
            camera: &camera,
            projection: Projection::EqualEarth,
            font: &font,
        };
        let square = annotation(
            AnnotationKind::Area,
            AnnotationGeometry::Polygon(Polygon::new(
                LineString::from(vec![(60.0, 30.0), (75.0, 30.0), (75.0, 40.0), (60.0, 40.0)]),
                Vec::new(),
            )),
            "",
        );
        let pin = pin_at(67.5, 35.0);
        let list = vec![square, pin];
        let inside = view.screen([63.0, 33.0]);
        assert_eq!(annotation_at(&list, &view, inside, 3.0), Some(0));
        assert_eq!(
            annotation_at(&list, &view, view.screen([67.5, 35.0]), 3.0),
            Some(1)
        );
        assert_eq!(
            annotation_at(&list, &view, view.screen([52.0, 22.0]), 3.0),
            None
        );
    }

    #[test]
    fn lines_are_picked_near_the_great_circle_and_arrows_get_a_head() {
        let font = LabelFont::fallback();
        let camera = camera();
        let view = AnnotationView {
            camera: &camera,
            projection: Projection::EqualEarth,
            font: &font,
        };
        let arrow = annotation(
            AnnotationKind::Arrow,
            AnnotationGeometry::LineString(LineString::from(vec![(55.0, 25.0), (85.0, 40.0)])),
            "",
        );
        let drawn = draw_annotation(&arrow, &view);
        assert!(
            drawn
                .primitives
                .iter()
                .any(|p| matches!(p, Primitive::Polygon { points, .. } if points.len() == 3)),
            "an arrowhead"
        );
        let middle = crate::model::geodesy::interpolate((55.0, 25.0), (85.0, 40.0), 0.5);
        let on_line = view.screen([middle.0, middle.1]);
        assert!(drawn.hit.distance(on_line) < 1.0);
        assert!(drawn.hit.distance([on_line[0], on_line[1] + 30.0]) > 20.0);
    }

    #[test]
    fn a_note_keeps_its_box_offset_in_screen_points() {
        let font = LabelFont::fallback();
        let camera = camera();
        let view = AnnotationView {
            camera: &camera,
            projection: Projection::EqualEarth,
            font: &font,
        };
        let mut note = annotation(
            AnnotationKind::TextNote,
            AnnotationGeometry::Point(Point::new(69.0, 34.0)),
            "Talks held here",
        );
        assert_eq!(note_offset(&note), DEFAULT_NOTE_OFFSET);
        set_note_offset(&mut note, [-80.0, 30.04]);
        assert_eq!(note_offset(&note), [-80.0, 30.0]);
        let anchor = view.screen([69.0, 34.0]);
        let handles = handles(&note, &view);
        assert_eq!(handles, vec![anchor, [anchor[0] - 80.0, anchor[1] + 30.0]]);
        let hit = draw_annotation(&note, &view).hit;
        assert_eq!(hit.distance(handles[1]), 0.0, "the box is picked");
    }

    #[test]
    fn long_notes_wrap_at_spaces() {
        let font = LabelFont::fallback();
        let text = "one two three four five six seven eight nine ten";
        let lines = wrap_text(text, &font, 14.0, 80.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert!(
            lines
                .iter()
                .all(|l| font.measure(l, 14.0) <= 80.0 || !l.contains(' '))
        );
        assert_eq!(wrap_text("a\nb", &font, 14.0, 500.0), vec!["a", "b"]);
        assert!(wrap_text("   ", &font, 14.0, 500.0).is_empty());
    }

    #[test]
    fn closing_repeats_are_not_handles() {
        let ring = LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]);
        assert_eq!(open_ring(&ring).len(), 3);
        let open = LineString::from(vec![(0.0, 0.0), (1.0, 0.0)]);
        assert_eq!(open_ring(&open).len(), 2);
    }
}
