//! Briefing furniture as scene primitives: the classification banner, the title block, the
//! north arrow, the scale bar and the attribution line. The screen and every export draw them
//! with this one code, so a picture put in a slide deck shows what was composed on screen.
//!
//! Sizes are in scene pixels (UI points on screen); painters scale them with the map when an
//! export is larger than the window, so proportions stay the same.

use std::collections::HashMap;

use geo::{Distance, Haversine, Point};

use crate::map::camera::{Camera, LonLat, ScreenPoint};
use crate::map::projection::Projection;
use crate::model::furniture::{DEFAULT_BANNER_COLOR, Furniture, parse_hex_rgb};
use crate::model::settings::BorderView;
use crate::model::{Event, EventId, Project, SourceId};

use super::legend::CornerRoom;
use super::story::{HitShape, HitTarget, StoryItem};
use super::text::LabelFont;
use super::{Align, MarkerShape, Primitive, Rgba, Stroke};

/// The furniture of one picture and the picture's resolution.
#[derive(Clone, Copy, Debug)]
pub struct FurnitureInput<'a> {
    pub settings: &'a Furniture,
    /// The title shown when the settings give none.
    pub project_title: &'a str,
    /// Output pixels per scene pixel (1 on screen; 3 for a 3840-wide export of a 1280-wide
    /// view): geometry is simplified for the picture's resolution, not the scene's.
    pub resolution: f64,
}

impl<'a> FurnitureInput<'a> {
    /// Furniture drawn at the scene's own resolution.
    pub fn new(settings: &'a Furniture, project_title: &'a str) -> FurnitureInput<'a> {
        FurnitureInput {
            settings,
            project_title,
            resolution: 1.0,
        }
    }
}

/// Height of each banner strip.
const BANNER_HEIGHT: f32 = 22.0;
const BANNER_TEXT: f32 = 12.5;
/// Space between the picture's edge (or a banner) and the furniture.
const MARGIN: f32 = 10.0;
const PADDING: f32 = 8.0;
const TITLE_SIZE: f32 = 20.0;
const SUBTITLE_SIZE: f32 = 13.5;
const AS_OF_SIZE: f32 = 12.0;
const ATTRIBUTION_SIZE: f32 = 10.0;
const SCALE_TEXT: f32 = 10.5;
/// The longest a scale bar may be, in pixels.
const SCALE_BAR_MAX: f32 = 140.0;
/// North differing by more than this across the map (degrees) makes an arrow misleading: a
/// regional Equal Earth view (Afghanistan and its neighbours) differs by about 25°, Europe by
/// 35°, Europe to Central Asia by 78° and the whole world by 60–70°.
const NORTH_SPREAD_LIMIT: f64 = 45.0;

const INK: Rgba = Rgba::rgb(0x1a, 0x1a, 0x1a);
const SOFT_INK: Rgba = Rgba::rgb(0x44, 0x44, 0x44);
const WHITE: Rgba = Rgba::rgb(0xff, 0xff, 0xff);

/// The space the banners take at the top and bottom of the picture.
pub fn banner_margins(input: Option<&FurnitureInput<'_>>) -> [f32; 2] {
    match input {
        Some(input) if input.settings.banner => [BANNER_HEIGHT, BANNER_HEIGHT],
        _ => [0.0, 0.0],
    }
}

/// Furniture laid out for one picture.
#[derive(Debug)]
pub struct FurnitureDrawing {
    /// Drawn over everything else.
    pub primitives: Vec<Primitive>,
    /// Boxes `[min_x, min_y, max_x, max_y]` labels must keep clear of.
    pub boxes: Vec<[f64; 4]>,
    /// What the furniture takes in each corner, for the legend.
    pub room: CornerRoom,
}

/// What the furniture is drawn around.
pub struct FurnitureContext<'a> {
    pub camera: &'a Camera,
    pub projection: Projection,
    pub font: &'a LabelFont,
    /// The document, for the attribution's sources (none without a story).
    pub project: Option<&'a Project>,
    /// Where the story's items are drawn: the sources of those on screen are credited.
    pub hits: &'a [HitTarget],
    /// The right edge of the legend in the bottom-left corner (0 when there is none), so the
    /// attribution and scale bar keep clear of it.
    pub legend_right: f32,
    /// The borders' point of view, which the attribution names.
    pub border_view: BorderView,
}

/// Lays out the furniture switched on in `input`.
pub fn layout_furniture(
    input: &FurnitureInput<'_>,
    context: &FurnitureContext<'_>,
) -> FurnitureDrawing {
    let settings = input.settings;
    let [width, height] = [
        context.camera.viewport[0] as f32,
        context.camera.viewport[1] as f32,
    ];
    let [top, bottom] = banner_margins(Some(input));
    let mut drawing = FurnitureDrawing {
        primitives: Vec::new(),
        boxes: Vec::new(),
        room: CornerRoom {
            top_left: top,
            top_right: top,
            bottom_right: height - bottom,
            bottom_left: height - bottom,
        },
    };
    if settings.title
        && let Some(foot) = title_block(input, context, top + MARGIN, &mut drawing)
    {
        drawing.room.top_left = foot;
    }
    if settings.north_arrow
        && let Some(foot) = north_arrow(
            context,
            [width - MARGIN - 24.0, top + MARGIN + 26.0],
            &mut drawing,
        )
    {
        drawing.room.top_right = foot;
    }
    // The bottom-right corner stacks, from the bottom: attribution, then the scale bar.
    let mut floor = height - bottom - MARGIN;
    let right = width - MARGIN;
    if settings.attribution {
        let available = (right - context.legend_right - 2.0 * MARGIN).max(120.0);
        let top = attribution(context, right, floor, available, &mut drawing);
        drawing.room.bottom_right = top;
        floor = top - 6.0;
    }
    if settings.scale_bar
        && let Some(top) = scale_bar(context, right, floor, &mut drawing)
    {
        drawing.room.bottom_right = top;
    }
    if settings.banner {
        banners(settings, width, height, &mut drawing);
    }
    drawing
}

/// Title, subtitle and "as of" date in a box at the top-left corner; returns the box's foot.
fn title_block(
    input: &FurnitureInput<'_>,
    context: &FurnitureContext<'_>,
    top: f32,
    drawing: &mut FurnitureDrawing,
) -> Option<f32> {
    let settings = input.settings;
    let font = context.font;
    // Up to 70% of a small picture's width, so a one-line title stays one line down to
    // 800-pixel pictures; never wider than 640 pixels on large ones.
    let max_width = (context.camera.viewport[0] as f32 * 0.7).clamp(160.0, 640.0);
    let mut lines: Vec<(String, f32, Rgba)> = Vec::new();
    let title = settings.title_or(input.project_title).trim();
    for line in wrap(font, title, TITLE_SIZE, max_width) {
        lines.push((line, TITLE_SIZE, INK));
    }
    for line in wrap(font, settings.subtitle.trim(), SUBTITLE_SIZE, max_width) {
        lines.push((line, SUBTITLE_SIZE, SOFT_INK));
    }
    let as_of = settings.as_of.trim();
    if !as_of.is_empty() {
        for line in wrap(font, &format!("As of {as_of}"), AS_OF_SIZE, max_width) {
            lines.push((line, AS_OF_SIZE, SOFT_INK));
        }
    }
    if lines.is_empty() {
        return None;
    }
    let line_height = |size: f32| (font.ascent(size) + font.descent(size)) * 1.15;
    let text_width = lines
        .iter()
        .map(|(text, size, _)| font.measure(text, *size))
        .fold(0.0, f32::max);
    let text_height: f32 = lines.iter().map(|(_, size, _)| line_height(*size)).sum();
    let left = MARGIN;
    let rect = [
        left,
        top,
        left + text_width + 2.0 * PADDING,
        top + text_height + 2.0 * PADDING,
    ];
    push_panel(drawing, rect);
    let mut y = top + PADDING;
    for (text, size, color) in lines {
        let h = line_height(size);
        drawing.primitives.push(Primitive::Label {
            text,
            anchor: [left + PADDING, y + h / 2.0],
            align: Align::Left,
            size,
            color,
            halo: None,
        });
        y += h;
    }
    Some(rect[3])
}

/// An arrow along the meridian through the map's centre, when north is (nearly) the same
/// direction everywhere on the map; returns the foot of its disc.
fn north_arrow(
    context: &FurnitureContext<'_>,
    center: [f32; 2],
    drawing: &mut FurnitureDrawing,
) -> Option<f32> {
    let camera = context.camera;
    let projection = context.projection;
    let [w, h] = camera.viewport;
    let north = north_at(camera, projection, [w / 2.0, h / 2.0])?;
    // North must mean one direction across the map, or the arrow would mislead.
    let mut angles = Vec::new();
    for i in 0..5 {
        for j in 0..5 {
            let p = [w * f64::from(i) / 4.0, h * f64::from(j) / 4.0];
            if let Some(v) = north_at(camera, projection, p) {
                angles.push(v[0].atan2(-v[1]).to_degrees());
            }
        }
    }
    let (low, high) = angles
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), a| {
            (lo.min(*a), hi.max(*a))
        });
    if high - low > NORTH_SPREAD_LIMIT {
        return None;
    }
    let [nx, ny] = [north[0] as f32, north[1] as f32];
    let [px, py] = [-ny, nx];
    let [cx, cy] = center;
    // The arrow sits below the centre of its disc and the "N" above its tip.
    let along = |d: f32| [cx + nx * d, cy + ny * d];
    const HALF_WIDTH: f32 = 6.0;
    let tip = along(3.0);
    let tail = along(-16.0);
    let notch = along(-11.0);
    let left = [tail[0] + px * HALF_WIDTH, tail[1] + py * HALF_WIDTH];
    let right = [tail[0] - px * HALF_WIDTH, tail[1] - py * HALF_WIDTH];
    drawing.primitives.push(Primitive::Marker {
        center,
        shape: MarkerShape::Circle,
        radius: 22.0,
        fill: WHITE.with_alpha(0.85),
        stroke: Some(Stroke::solid(1.0, Rgba::rgb(0xbb, 0xbb, 0xbb))),
    });
    // Two halves, dark and light, read as an arrow in greyscale too.
    drawing.primitives.push(Primitive::Polygon {
        points: vec![tip, left, notch],
        fill: INK,
    });
    drawing.primitives.push(Primitive::Polygon {
        points: vec![tip, notch, right],
        fill: Rgba::rgb(0x8a, 0x8a, 0x8a),
    });
    drawing.primitives.push(Primitive::Label {
        text: "N".into(),
        anchor: along(11.0),
        align: Align::Center,
        size: 10.5,
        color: INK,
        halo: None,
    });
    let (x, y) = (f64::from(cx), f64::from(cy));
    drawing.boxes.push([x - 23.0, y - 23.0, x + 23.0, y + 23.0]);
    Some(cy + 23.0)
}

/// The unit screen vector pointing north at a screen point, or `None` off the world.
fn north_at(camera: &Camera, projection: Projection, screen: [f64; 2]) -> Option<[f64; 2]> {
    let LonLat { lon, lat } =
        camera.screen_to_lon_lat(projection, ScreenPoint::new(screen[0], screen[1]))?;
    let limit = projection.lat_limit() - 0.02;
    let (low, high) = ((lat - 0.01).max(-limit), (lat + 0.01).min(limit));
    let a = camera.lon_lat_to_screen(projection, LonLat::new(lon, low));
    let b = camera.lon_lat_to_screen(projection, LonLat::new(lon, high));
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length = dx.hypot(dy);
    (length > 1e-9 && length.is_finite()).then(|| [dx / length, dy / length])
}

/// Ground distance per screen pixel along the horizontal through a screen point, in km.
pub fn km_per_pixel(camera: &Camera, projection: Projection, screen: [f64; 2]) -> Option<f64> {
    // A short span keeps the measure local; it shrinks if it would leave the world.
    for half in [40.0, 10.0, 2.0] {
        let a = camera.screen_to_lon_lat(projection, ScreenPoint::new(screen[0] - half, screen[1]));
        let b = camera.screen_to_lon_lat(projection, ScreenPoint::new(screen[0] + half, screen[1]));
        if let (Some(a), Some(b)) = (a, b) {
            let metres = Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat));
            let km = metres / 1000.0 / (2.0 * half);
            return (km > 0.0 && km.is_finite()).then_some(km);
        }
    }
    None
}

/// The largest 1, 2 or 5 × 10ⁿ not above `limit` (for a scale bar's length in km).
pub fn nice_distance(limit: f64) -> f64 {
    if !(limit > 0.0 && limit.is_finite()) {
        return 0.0;
    }
    let power = 10f64.powf(limit.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&d| d <= limit * (1.0 + 1e-9))
        .unwrap_or(power)
}

/// `500 km`, `2,000 km`, `200 m`.
pub fn format_km(km: f64) -> String {
    if km < 1.0 {
        return format!("{:.0} m", km * 1000.0);
    }
    let whole = km.round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out + " km"
}

/// A scale bar true at the map's centre, right-aligned to `right` with its bottom at `floor`;
/// returns its top.
fn scale_bar(
    context: &FurnitureContext<'_>,
    right: f32,
    floor: f32,
    drawing: &mut FurnitureDrawing,
) -> Option<f32> {
    let camera = context.camera;
    let projection = context.projection;
    let [w, h] = camera.viewport;
    let centre = [w / 2.0, h / 2.0];
    let km_per_px = km_per_pixel(camera, projection, centre)?;
    let max_length = SCALE_BAR_MAX.min(w as f32 * 0.3);
    let distance = nice_distance(km_per_px * f64::from(max_length));
    if distance <= 0.0 {
        return None;
    }
    let length = (distance / km_per_px) as f32;
    // Where the scale changes across the map (world views), say where it holds.
    let varies = [0.15, 0.85].iter().any(|f| {
        km_per_pixel(camera, projection, [w / 2.0, h * f])
            .is_none_or(|k| (k / km_per_px - 1.0).abs() > 0.1)
    });
    let caption = varies
        .then(|| camera.screen_to_lon_lat(projection, ScreenPoint::new(centre[0], centre[1])))
        .flatten()
        .map(|LonLat { lat, .. }| format!("Scale at {}", format_latitude(lat)));
    let font = context.font;
    let label = format_km(distance);
    let bar_height = 5.0;
    let text_h = font.ascent(SCALE_TEXT) + font.descent(SCALE_TEXT);
    let caption_h = if caption.is_some() { text_h + 2.0 } else { 0.0 };
    let label_w = font.measure(&label, SCALE_TEXT);
    let caption_w = caption
        .as_deref()
        .map_or(0.0, |c| font.measure(c, SCALE_TEXT));
    let inner_w = (length + label_w / 2.0 + 4.0).max(caption_w);
    let box_w = inner_w + 2.0 * PADDING;
    let box_h = text_h + 3.0 + bar_height + caption_h + 2.0 * PADDING - 2.0;
    let rect = [right - box_w, floor - box_h, right, floor];
    push_panel(drawing, rect);
    let x0 = rect[0] + PADDING + 2.0;
    let text_y = rect[1] + PADDING - 1.0 + text_h / 2.0;
    let bar_top = text_y + text_h / 2.0 + 3.0;
    // Alternating dark and light quarters, outlined, as on printed maps (polygons, not
    // rectangles, which the screen draws with rounded corners).
    let quarter = length / 4.0;
    let bottom = bar_top + bar_height;
    for i in 0..4 {
        let fill = if i % 2 == 0 { INK } else { WHITE };
        let (a, b) = (x0 + quarter * i as f32, x0 + quarter * (i + 1) as f32);
        drawing.primitives.push(Primitive::Polygon {
            points: vec![[a, bar_top], [b, bar_top], [b, bottom], [a, bottom]],
            fill,
        });
    }
    let end = x0 + length;
    drawing.primitives.push(Primitive::Polyline {
        points: vec![
            [x0, bar_top],
            [end, bar_top],
            [end, bottom],
            [x0, bottom],
            [x0, bar_top],
        ],
        stroke: Stroke::solid(0.8, INK),
    });
    drawing.primitives.push(Primitive::Label {
        text: "0".into(),
        anchor: [x0, text_y],
        align: Align::Center,
        size: SCALE_TEXT,
        color: INK,
        halo: None,
    });
    drawing.primitives.push(Primitive::Label {
        text: label,
        anchor: [x0 + length, text_y],
        align: Align::Center,
        size: SCALE_TEXT,
        color: INK,
        halo: None,
    });
    if let Some(caption) = caption {
        drawing.primitives.push(Primitive::Label {
            text: caption,
            anchor: [rect[0] + PADDING, bar_top + bar_height + 2.0 + text_h / 2.0],
            align: Align::Left,
            size: SCALE_TEXT,
            color: SOFT_INK,
            halo: None,
        });
    }
    Some(rect[1])
}

fn format_latitude(lat: f64) -> String {
    let rounded = lat.round();
    if rounded == 0.0 {
        "the equator".into()
    } else if rounded > 0.0 {
        format!("{rounded:.0}° N")
    } else {
        format!("{:.0}° S", -rounded)
    }
}

/// The attribution, right-aligned, bottom at `floor`; returns its top.
fn attribution(
    context: &FurnitureContext<'_>,
    right: f32,
    floor: f32,
    max_width: f32,
    drawing: &mut FurnitureDrawing,
) -> f32 {
    let font = context.font;
    let text = attribution_text(
        context.project,
        context.hits,
        context.camera.viewport,
        context.border_view,
    );
    let lines = wrap(font, &text, ATTRIBUTION_SIZE, max_width);
    let line_h = (font.ascent(ATTRIBUTION_SIZE) + font.descent(ATTRIBUTION_SIZE)) * 1.2;
    let top = floor - line_h * lines.len() as f32;
    let mut widest = 0.0f32;
    for (i, line) in lines.into_iter().enumerate() {
        let w = font.measure(&line, ATTRIBUTION_SIZE);
        widest = widest.max(w);
        drawing.primitives.push(Primitive::Label {
            text: line,
            anchor: [right - w, top + line_h * (i as f32 + 0.5)],
            align: Align::Left,
            size: ATTRIBUTION_SIZE,
            color: SOFT_INK,
            halo: Some(WHITE.with_alpha(0.85)),
        });
    }
    drawing.boxes.push([
        f64::from(right - widest),
        f64::from(top),
        f64::from(right),
        f64::from(floor),
    ]);
    top
}

/// "Base map: Natural Earth. Borders: … Sources: …": the borders' point of view (a map of
/// disputed ground always says whose lines it draws) and the titles of the sources cited by
/// the story's items on screen, in the project's order.
pub fn attribution_text(
    project: Option<&Project>,
    hits: &[HitTarget],
    viewport: [f64; 2],
    border_view: BorderView,
) -> String {
    let base = format!("Base map: Natural Earth. {}", border_view.attribution());
    let Some(project) = project else {
        return format!("{base}.");
    };
    let mut cited: Vec<&SourceId> = Vec::new();
    let on_screen = |shape: &HitShape| {
        let inside = |p: [f32; 2], r: f32| {
            p[0] + r >= 0.0
                && p[1] + r >= 0.0
                && f64::from(p[0] - r) <= viewport[0]
                && f64::from(p[1] - r) <= viewport[1]
        };
        match shape {
            HitShape::Disc { center, radius } => inside(*center, *radius),
            HitShape::Line { points, .. } => points.iter().any(|p| inside(*p, 0.0)),
        }
    };
    // Looked up by id once: clusters name thousands of events, and a search per id would make
    // the attribution grow with the square of the event count.
    let events_by_id: HashMap<&EventId, &Event> =
        project.events.iter().map(|e| (&e.id, e)).collect();
    let event = |id: &EventId| events_by_id.get(id).copied();
    for hit in hits.iter().filter(|h| on_screen(&h.shape)) {
        let sources: Vec<&SourceId> = match &hit.item {
            StoryItem::Actor(id) => project.actor(id).map(|a| a.sources.iter().collect()),
            StoryItem::Relationship(id) => {
                project.relationship(id).map(|r| r.sources.iter().collect())
            }
            StoryItem::Event(id) => event(id).map(|e| e.sources.iter().collect()),
            StoryItem::Cluster(ids) => Some(
                ids.iter()
                    .filter_map(&event)
                    .flat_map(|e| e.sources.iter())
                    .collect(),
            ),
        }
        .unwrap_or_default();
        cited.extend(sources);
    }
    let titles: Vec<&str> = project
        .sources
        .iter()
        .filter(|s| cited.contains(&&s.id))
        .map(|s| s.title.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if titles.is_empty() {
        format!("{base}.")
    } else {
        format!("{base}. Sources: {}.", titles.join("; "))
    }
}

/// Banner strips along the top and bottom edges with the text centred.
fn banners(settings: &Furniture, width: f32, height: f32, drawing: &mut FurnitureDrawing) {
    let [r, g, b] = settings
        .banner_rgb()
        .or_else(|| parse_hex_rgb(DEFAULT_BANNER_COLOR))
        .unwrap_or([0, 0x7a, 0x33]);
    let fill = Rgba::rgb(r, g, b);
    let ink = contrasting_ink(fill);
    let text = settings.banner_text.trim();
    for top in [0.0, height - BANNER_HEIGHT] {
        drawing.primitives.push(Primitive::Rect {
            min: [0.0, top],
            max: [width, top + BANNER_HEIGHT],
            fill,
            stroke: None,
        });
        if !text.is_empty() {
            drawing.primitives.push(Primitive::Label {
                text: text.to_owned(),
                anchor: [width / 2.0, top + BANNER_HEIGHT / 2.0],
                align: Align::Center,
                size: BANNER_TEXT,
                color: ink,
                halo: None,
            });
        }
    }
}

/// Black or white, whichever reads better on `fill` (WCAG relative luminance).
pub fn contrasting_ink(fill: Rgba) -> Rgba {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * linear(fill.r) + 0.7152 * linear(fill.g) + 0.0722 * linear(fill.b);
    // Contrast with white is (1.05)/(L+0.05), with black (L+0.05)/0.05: equal at L ≈ 0.179.
    if luminance > 0.179 {
        Rgba::rgb(0, 0, 0)
    } else {
        WHITE
    }
}

/// A light panel behind furniture, also kept clear of labels.
fn push_panel(drawing: &mut FurnitureDrawing, rect: [f32; 4]) {
    drawing.primitives.push(Primitive::Rect {
        min: [rect[0], rect[1]],
        max: [rect[2], rect[3]],
        fill: WHITE.with_alpha(0.88),
        stroke: Some(Stroke::solid(1.0, Rgba::rgb(0xbb, 0xbb, 0xbb))),
    });
    drawing.boxes.push(rect.map(f64::from));
}

/// Breaks text into lines no wider than `max_width` at spaces (a single longer word keeps a
/// line of its own).
pub fn wrap(font: &LabelFont, text: &str, size: f32, max_width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && font.measure(&candidate, size) > max_width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::camera::LonLatBox;

    fn font() -> LabelFont {
        LabelFont::bundled().expect("font")
    }

    #[test]
    fn nice_distances_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_distance(740.0), 500.0);
        assert_eq!(nice_distance(260.0), 200.0);
        assert_eq!(nice_distance(199.0), 100.0);
        assert_eq!(nice_distance(1000.0), 1000.0);
        assert_eq!(nice_distance(0.3), 0.2);
        assert_eq!(nice_distance(0.0), 0.0);
        assert_eq!(format_km(2000.0), "2,000 km");
        assert_eq!(format_km(500.0), "500 km");
        assert_eq!(format_km(0.2), "200 m");
    }

    #[test]
    fn the_scale_is_measured_on_the_ground_at_the_centre() {
        // Equirectangular at the equator: one projected unit is one radian, 6371 km.
        let camera = Camera {
            center: [0.0, 0.0],
            pixels_per_unit: 1000.0,
            viewport: [800.0, 600.0],
            central_meridian: 0.0,
        };
        let km = km_per_pixel(&camera, Projection::Equirectangular, [400.0, 300.0])
            .expect("on the world");
        assert!((km - 6371.0 / 1000.0).abs() < 0.01, "{km}");
        // At 60° N the same projection stretches east–west by 2: half the km per pixel.
        let lat60 = Projection::Equirectangular.forward(0.0, 60.0);
        let north = Camera {
            center: lat60,
            ..camera
        };
        let km60 = km_per_pixel(&north, Projection::Equirectangular, [400.0, 300.0])
            .expect("on the world");
        assert!((km60 / km - 0.5).abs() < 0.01, "{km60} vs {km}");
    }

    #[test]
    fn north_arrow_shows_on_a_region_and_not_on_a_curved_world() {
        let furniture = Furniture::default();
        let input = FurnitureInput::new(&furniture, "Story");
        let font = font();
        let arrow = |camera: &Camera, projection| {
            let context = FurnitureContext {
                camera,
                projection,
                font: &font,
                project: None,
                hits: &[],
                legend_right: 0.0,
                border_view: BorderView::default(),
            };
            layout_furniture(&input, &context)
                .primitives
                .iter()
                .any(|p| matches!(p, Primitive::Label { text, .. } if text == "N"))
        };
        let region = Camera::fit_lon_lat(
            Projection::EqualEarth,
            LonLatBox::new(60.0, 29.0, 75.0, 39.0),
            [1000.0, 700.0],
            0.02,
        );
        assert!(arrow(&region, Projection::EqualEarth));
        let world = Camera::world(Projection::EqualEarth, [1000.0, 500.0]);
        assert!(!arrow(&world, Projection::EqualEarth));
        // Meridians are parallel in plate carrée: north is up everywhere.
        let flat = Camera::world(Projection::Equirectangular, [1000.0, 500.0]);
        assert!(arrow(&flat, Projection::Equirectangular));
    }

    #[test]
    fn banner_text_contrasts_with_its_colour() {
        assert_eq!(contrasting_ink(Rgba::rgb(0x00, 0x7a, 0x33)), WHITE);
        assert_eq!(
            contrasting_ink(Rgba::rgb(0xff, 0xd7, 0x00)),
            Rgba::rgb(0, 0, 0)
        );
    }

    #[test]
    fn long_text_wraps_within_the_width() {
        let font = font();
        let lines = wrap(
            &font,
            "Base map: Natural Earth. Sources: A very long article title; Another one",
            10.0,
            150.0,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| font.measure(l, 10.0) <= 150.0));
    }
}
