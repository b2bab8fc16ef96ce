//! The legend: what the picture's symbols mean, laid out as compactly as the picture allows.
//!
//! Only what is drawn is listed (the story, user layers and datasets each say what they drew).
//! The box flows its sections into as many columns as keep it short, shrinks its type a step
//! when it would still cover too much, and never takes more than about a sixth of the picture
//! while a smaller layout exists. It sits in the corner the furniture settings name, clear of
//! the title block, the north arrow and the scale bar, and tells the window where it is so
//! the window can make it a solid, draggable, collapsible area.

use crate::model::furniture::LegendCorner;

use super::text::LabelFont;
use super::{Align, MarkerShape, Primitive, Rgba, Stroke};

/// One line of the legend.
#[derive(Clone, Debug, PartialEq)]
pub enum LegendItem {
    Line {
        label: String,
        stroke: Stroke,
    },
    Symbol {
        label: String,
        shape: MarkerShape,
        color: Rgba,
    },
    /// An area's colour (a country wash, a user layer's polygons), drawn over the land colour
    /// so it looks as it does on the map.
    Swatch {
        label: String,
        fill: Rgba,
        outline: Option<Stroke>,
    },
    Heading(String),
}

impl LegendItem {
    /// The words of the line.
    pub fn text(&self) -> &str {
        match self {
            LegendItem::Line { label, .. }
            | LegendItem::Symbol { label, .. }
            | LegendItem::Swatch { label, .. } => label,
            LegendItem::Heading(text) => text,
        }
    }

    fn is_heading(&self) -> bool {
        matches!(self, LegendItem::Heading(_))
    }
}

/// The title row's words; the window puts its collapse control at the row's right end.
pub const LEGEND_TITLE: &str = "Legend";

/// Where the legend is drawn, in scene pixels, for the window's hit-testing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LegendRegion {
    /// `[min_x, min_y, max_x, max_y]` of the whole box.
    pub rect: [f32; 4],
    /// The title row, which collapses and expands the legend in the window.
    pub header: [f32; 4],
    pub corner: LegendCorner,
    pub collapsed: bool,
}

/// Type sizes tried in turn, largest first: the largest whose layout fits the budget is used.
const TEXT_SIZES: [f32; 3] = [11.0, 10.0, 9.0];
const PADDING: f32 = 7.0;
/// Width of a line or symbol sample, and the gap between it and its words.
const SAMPLE: f32 = 22.0;
const SAMPLE_GAP: f32 = 6.0;
const COLUMN_GAP: f32 = 12.0;
/// Room at the title row's right end for the window's collapse control.
const TOGGLE_ROOM: f32 = 18.0;
const MAX_COLUMNS: usize = 8;
/// The budget: at most this share of the picture's width and height, and of its area.
const MAX_WIDTH_SHARE: f32 = 0.5;
const MAX_HEIGHT_SHARE: f32 = 0.42;
const MAX_AREA_SHARE: f32 = 1.0 / 6.0;

const INK: Rgba = Rgba::rgb(0x22, 0x22, 0x22);
const SOFT_INK: Rgba = Rgba::rgb(0x55, 0x55, 0x55);

/// A legend measured for a picture, not yet placed.
#[derive(Clone, Debug)]
pub struct LegendLayout {
    items: Vec<LegendItem>,
    /// Ranges of `items` per column, with each column's width.
    columns: Vec<(std::ops::Range<usize>, f32)>,
    text_size: f32,
    pub size: [f32; 2],
    collapsed: bool,
}

impl LegendLayout {
    /// Lays out `items` for a `viewport` (scene pixels); `None` when there is nothing to
    /// explain. A collapsed legend is its title row alone.
    pub fn new(
        font: &LabelFont,
        items: Vec<LegendItem>,
        viewport: [f32; 2],
        collapsed: bool,
    ) -> Option<LegendLayout> {
        if items.is_empty() {
            return None;
        }
        let max_w = viewport[0] * MAX_WIDTH_SHARE;
        let max_h = viewport[1] * MAX_HEIGHT_SHARE;
        let max_area = viewport[0] * viewport[1] * MAX_AREA_SHARE;
        if collapsed {
            let size = TEXT_SIZES[0];
            let width = font.measure(LEGEND_TITLE, size + 0.5) + TOGGLE_ROOM + 2.0 * PADDING;
            return Some(LegendLayout {
                items,
                columns: Vec::new(),
                text_size: size,
                size: [width, row_height(size) + 2.0 * PADDING],
                collapsed: true,
            });
        }
        let mut smallest: Option<LegendLayout> = None;
        for size in TEXT_SIZES {
            let mut best: Option<(f32, LegendLayout)> = None;
            for wanted in 1..=MAX_COLUMNS.min(items.len()) {
                let layout = LegendLayout::with_columns(font, &items, size, wanted);
                let [w, h] = layout.size;
                // Fewer columns win unless more save a real share of the area.
                let score = w * h * (1.0 + 0.04 * layout.columns.len() as f32);
                if smallest
                    .as_ref()
                    .is_none_or(|s| w * h < s.size[0] * s.size[1])
                {
                    smallest = Some(layout.clone());
                }
                if w <= max_w
                    && h <= max_h
                    && w * h <= max_area
                    && best.as_ref().is_none_or(|(s, _)| score < *s)
                {
                    best = Some((score, layout));
                }
            }
            if let Some((_, layout)) = best {
                return Some(layout);
            }
        }
        // Nothing fits a very small picture: the smallest layout, which the window can collapse.
        smallest
    }

    /// The layout of `items` at `size` in about `wanted` columns of equal height.
    fn with_columns(
        font: &LabelFont,
        items: &[LegendItem],
        size: f32,
        wanted: usize,
    ) -> LegendLayout {
        let ranges = pack(items, wanted);
        let columns: Vec<(std::ops::Range<usize>, f32)> = ranges
            .into_iter()
            .map(|range| {
                let width = items[range.clone()]
                    .iter()
                    .map(|item| item_width(font, item, size))
                    .fold(0.0, f32::max);
                (range, width)
            })
            .collect();
        let rows = columns.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
        let inner: f32 = columns.iter().map(|(_, w)| *w).sum::<f32>()
            + COLUMN_GAP * columns.len().saturating_sub(1) as f32;
        let title = font.measure(LEGEND_TITLE, size + 0.5) + TOGGLE_ROOM;
        let width = inner.max(title) + 2.0 * PADDING;
        let height = row_height(size) * (rows + 1) as f32 + 2.0 * PADDING;
        LegendLayout {
            items: items.to_vec(),
            columns,
            text_size: size,
            size: [width, height],
            collapsed: false,
        }
    }

    /// How many columns the legend was laid out in (0 when collapsed).
    pub fn column_count(&self) -> usize {
        self.columns.len()
    }

    /// The legend's type size in scene pixels.
    pub fn text_size(&self) -> f32 {
        self.text_size
    }

    /// Draws the legend with its top-left corner at `origin`; `land` is the colour swatches are
    /// drawn over.
    pub fn draw(
        &self,
        origin: [f32; 2],
        land: Rgba,
        corner: LegendCorner,
    ) -> (Vec<Primitive>, LegendRegion) {
        let [left, top] = origin;
        let [width, height] = self.size;
        let size = self.text_size;
        let row = row_height(size);
        let mut out = vec![Primitive::Rect {
            min: [left, top],
            max: [left + width, top + height],
            fill: Rgba::rgb(0xff, 0xff, 0xff).with_alpha(0.92),
            stroke: Some(Stroke::solid(1.0, Rgba::rgb(0xbb, 0xbb, 0xbb))),
        }];
        out.push(Primitive::Label {
            text: LEGEND_TITLE.to_owned(),
            anchor: [left + PADDING, top + PADDING + row / 2.0],
            align: Align::Left,
            size: size + 0.5,
            color: SOFT_INK,
            halo: None,
        });
        let mut x = left + PADDING;
        for (range, column_width) in &self.columns {
            for (n, item) in self.items[range.clone()].iter().enumerate() {
                let y = top + PADDING + (n as f32 + 1.5) * row;
                draw_item(&mut out, item, [x, y], size, land);
            }
            x += column_width + COLUMN_GAP;
        }
        let region = LegendRegion {
            rect: [left, top, left + width, top + height],
            header: [left, top, left + width, top + PADDING + row],
            corner,
            collapsed: self.collapsed,
        };
        (out, region)
    }
}

fn row_height(size: f32) -> f32 {
    (size * 1.35).round()
}

fn item_width(font: &LabelFont, item: &LegendItem, size: f32) -> f32 {
    match item {
        LegendItem::Heading(text) => font.measure(text, size + 0.5),
        other => SAMPLE + SAMPLE_GAP + font.measure(other.text(), size),
    }
}

/// Splits `items` into at most `wanted` columns, as short as they can be while a section
/// (a heading and its lines) stays in one column unless it is taller than a column, and no
/// heading is left at the foot of a column.
fn pack(items: &[LegendItem], wanted: usize) -> Vec<std::ops::Range<usize>> {
    let total = items.len();
    let mut sections: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match sections.last_mut() {
            Some(last) if !item.is_heading() => last.end = i + 1,
            _ => sections.push(i..i + 1),
        }
    }
    let wanted = wanted.max(1);
    for height in total.div_ceil(wanted).max(1)..=total {
        let columns = pack_sections(&sections, height);
        if columns.len() <= wanted {
            return columns;
        }
    }
    std::iter::once(0..total).collect()
}

/// Columns of at most `height` rows, filled section by section.
fn pack_sections(
    sections: &[std::ops::Range<usize>],
    height: usize,
) -> Vec<std::ops::Range<usize>> {
    let mut columns: Vec<std::ops::Range<usize>> = Vec::new();
    let mut current: Option<std::ops::Range<usize>> = None;
    for section in sections {
        let used = current.as_ref().map_or(0, |c| c.len());
        if used + section.len() <= height {
            current = Some(current.map_or(section.clone(), |c| c.start..section.end));
            continue;
        }
        // A section that fits a column of its own starts one; a taller one fills the room
        // left (if a heading and a line fit) and runs on.
        let mut start = section.start;
        if section.len() <= height || height - used < 2 {
            columns.extend(current.take());
        } else if let Some(c) = current.take() {
            let end = start + (height - used);
            columns.push(c.start..end);
            start = end;
        }
        while section.end - start > height {
            columns.push(start..start + height);
            start += height;
        }
        current = Some(start..section.end);
    }
    columns.extend(current);
    columns
}

fn draw_item(out: &mut Vec<Primitive>, item: &LegendItem, [x, y]: [f32; 2], size: f32, land: Rgba) {
    let text_x = x + SAMPLE + SAMPLE_GAP;
    match item {
        LegendItem::Heading(text) => {
            out.push(Primitive::Label {
                text: text.clone(),
                anchor: [x, y],
                align: Align::Left,
                size: size + 0.5,
                color: INK,
                halo: None,
            });
            return;
        }
        LegendItem::Line { stroke, .. } => out.push(Primitive::Polyline {
            points: vec![[x, y], [x + SAMPLE, y]],
            stroke: *stroke,
        }),
        LegendItem::Symbol { shape, color, .. } => out.push(Primitive::Marker {
            center: [x + SAMPLE / 2.0, y],
            shape: *shape,
            radius: size * 0.45,
            fill: *color,
            stroke: None,
        }),
        LegendItem::Swatch { fill, outline, .. } => {
            let half = size * 0.4;
            let (min, max) = ([x + 2.0, y - half], [x + SAMPLE - 2.0, y + half]);
            out.push(Primitive::Rect {
                min,
                max,
                fill: land,
                stroke: None,
            });
            out.push(Primitive::Rect {
                min,
                max,
                fill: *fill,
                stroke: Some(outline.unwrap_or(Stroke::solid(0.8, Rgba::rgb(0x99, 0x99, 0x99)))),
            });
        }
    }
    out.push(Primitive::Label {
        text: item.text().to_owned(),
        anchor: [text_x, y],
        align: Align::Left,
        size,
        color: INK,
        halo: None,
    });
}

/// What the furniture already takes in each corner, so the legend sits clear of it.
#[derive(Clone, Copy, Debug)]
pub struct CornerRoom {
    /// The lowest y taken at the top left (the title block), or the top banner's foot.
    pub top_left: f32,
    /// The lowest y taken at the top right (the north arrow).
    pub top_right: f32,
    /// The highest y taken at the bottom right (scale bar and attribution), or the bottom
    /// banner's top.
    pub bottom_right: f32,
    /// The bottom banner's top (or the picture's foot).
    pub bottom_left: f32,
}

/// Space between the legend and the picture's edge or other furniture.
pub const LEGEND_MARGIN: f32 = 10.0;

/// The top-left corner of a legend of `size` in `corner` of a picture of `viewport` pixels.
pub fn legend_origin(
    corner: LegendCorner,
    size: [f32; 2],
    viewport: [f32; 2],
    room: &CornerRoom,
) -> [f32; 2] {
    let (right, top) = corner.sides();
    let x = if right {
        viewport[0] - LEGEND_MARGIN - size[0]
    } else {
        LEGEND_MARGIN
    };
    let y = match (right, top) {
        (false, true) => room.top_left + LEGEND_MARGIN,
        (true, true) => room.top_right + LEGEND_MARGIN,
        (false, false) => room.bottom_left - LEGEND_MARGIN - size[1],
        (true, false) => room.bottom_right - LEGEND_MARGIN - size[1],
    };
    // A legend taller than the room left keeps its top on the picture.
    [x.max(0.0), y.min(viewport[1] - size[1]).max(0.0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(sections: &[(&str, usize)]) -> Vec<LegendItem> {
        let mut out = Vec::new();
        for (name, n) in sections {
            out.push(LegendItem::Heading((*name).to_owned()));
            for i in 0..*n {
                out.push(LegendItem::Symbol {
                    label: format!("{name} kind {i}"),
                    shape: MarkerShape::Circle,
                    color: INK,
                });
            }
        }
        out
    }

    #[test]
    fn columns_break_at_sections_and_leave_no_heading_at_a_foot() {
        let list = items(&[("Relationships", 10), ("Status", 5), ("Actors", 8)]);
        for wanted in 1..=6 {
            let columns = pack(&list, wanted);
            assert!(columns.len() <= wanted, "{wanted}: {columns:?}");
            assert_eq!(columns.iter().map(|c| c.len()).sum::<usize>(), list.len());
            for column in &columns {
                assert!(!list[column.end - 1].is_heading(), "{wanted}: {columns:?}");
            }
        }
        // Two columns: ties in one, their status and the actors in the other.
        assert_eq!(pack(&list, 2), [0..11, 11..26]);
    }

    #[test]
    fn the_legend_keeps_within_a_sixth_of_the_picture() {
        let font = LabelFont::bundled().expect("font");
        let list = items(&[
            ("Relationships", 10),
            ("Status", 5),
            ("Actors", 8),
            ("Events", 5),
        ]);
        for viewport in [[1920.0, 1080.0], [1400.0, 860.0], [810.0, 660.0]] {
            let layout = LegendLayout::new(&font, list.clone(), viewport, false).expect("a legend");
            let [w, h] = layout.size;
            let share = w * h / (viewport[0] * viewport[1]);
            assert!(share <= MAX_AREA_SHARE + 1e-3, "{viewport:?}: {share}");
            assert!(h <= viewport[1] * MAX_HEIGHT_SHARE, "{viewport:?}: {h}");
        }
        let collapsed = LegendLayout::new(&font, list, [1400.0, 860.0], true).expect("a legend");
        assert!(collapsed.size[0] < 100.0 && collapsed.size[1] < 40.0);
        assert_eq!(collapsed.column_count(), 0);
    }

    #[test]
    fn the_legend_sits_clear_of_the_furniture_in_its_corner() {
        let room = CornerRoom {
            top_left: 80.0,
            top_right: 60.0,
            bottom_right: 900.0,
            bottom_left: 1080.0,
        };
        let size = [200.0, 100.0];
        let viewport = [1920.0, 1080.0];
        assert_eq!(
            legend_origin(LegendCorner::TopLeft, size, viewport, &room),
            [10.0, 90.0]
        );
        assert_eq!(
            legend_origin(LegendCorner::BottomRight, size, viewport, &room),
            [1710.0, 790.0]
        );
        assert_eq!(
            legend_origin(LegendCorner::BottomLeft, size, viewport, &room),
            [10.0, 970.0]
        );
    }
}
