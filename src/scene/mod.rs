//! The renderer-agnostic scene: what to draw, in screen pixels, for one view of the map.
//!
//! The scene is built from the map engine (and later the document) and read by every painter:
//! egui on screen, PNG and SVG on export, so what is exported is what is on screen. Heavy base
//! geometry is not copied into the scene: primitives share the cached projected geometry and the
//! scene carries the projected → screen transform that painters apply.

use std::sync::Arc;

use crate::map::camera::ScreenTransform;
use crate::map::projected::{ProjectedLines, ProjectedShape};

pub mod admin1_counts;
pub mod annotations;
pub mod choropleth;
pub mod compose;
pub mod events;
pub mod furniture;
pub mod geometry;
pub mod kml_export;
pub mod layer_filter;
pub mod legend;
mod map_scene;
pub mod story;
pub mod style;
pub mod text;
pub mod walk;

pub use furniture::FurnitureInput;
pub use map_scene::{
    BaseLayers, MapFrame, StoryInput, UserLayerView, build_map_scene, highlight, hover_highlight,
};
pub use style::{MapStyle, Rgba};

/// How a line is drawn along its length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dash {
    #[default]
    Solid,
    Dashed,
    /// Long gaps between short dashes: less certain than dashed.
    Sparse,
    Dotted,
    /// A long dash and a dot in turn (lines of control).
    DashDot,
    /// Round dots well apart (indefinite frontiers): lighter than `Dotted`.
    Dots,
}

impl Dash {
    /// The pattern along a line `width` pixels wide, as lengths in pixels of dash, gap, dash,
    /// gap…; `None` for a solid line. Every painter uses these, so lengths are screen pixels at
    /// any zoom and the exported picture shows what the window does.
    pub fn pattern(self, width: f32) -> Option<Vec<f32>> {
        let w = width.max(0.1);
        match self {
            Dash::Solid => None,
            Dash::Dashed => Some(vec![w * 4.0, w * 2.5]),
            Dash::Sparse => Some(vec![w * 2.0, w * 4.0]),
            Dash::Dotted => Some(vec![w, w * 1.8]),
            Dash::DashDot => Some(vec![w * 5.0, w * 1.8, w, w * 1.8]),
            // Near-zero dashes with round caps: dots as wide as the line, 3.5 widths apart.
            Dash::Dots => Some(vec![w * 0.05, w * 3.5]),
        }
    }

    /// Whether the dashes end round (dots) rather than square.
    pub fn round_caps(self) -> bool {
        matches!(self, Dash::Dotted | Dash::Dots)
    }
}

/// A line's look.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    /// Width in pixels.
    pub width: f32,
    pub color: Rgba,
    pub dash: Dash,
}

impl Stroke {
    pub const fn solid(width: f32, color: Rgba) -> Stroke {
        Stroke {
            width,
            color,
            dash: Dash::Solid,
        }
    }
}

/// The symbol of a point marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerShape {
    Circle,
    Square,
    Diamond,
    Triangle,
}

impl MarkerShape {
    /// The corners of the symbol around `center` (`None` for a circle), the same for every
    /// painter.
    pub fn corners(self, center: [f32; 2], radius: f32) -> Option<Vec<[f32; 2]>> {
        let ([x, y], r) = (center, radius);
        match self {
            MarkerShape::Circle => None,
            MarkerShape::Square => Some(vec![
                [x - r, y - r],
                [x + r, y - r],
                [x + r, y + r],
                [x - r, y + r],
            ]),
            MarkerShape::Diamond => Some(vec![[x, y - r], [x + r, y], [x, y + r], [x - r, y]]),
            MarkerShape::Triangle => Some(vec![
                [x, y - r],
                [x + r * 0.9, y + r * 0.7],
                [x - r * 0.9, y + r * 0.7],
            ]),
        }
    }
}

/// Where a label's anchor is relative to its text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Align {
    /// The anchor is the centre of the text box.
    #[default]
    Center,
    /// The anchor is the middle of the text box's left edge.
    Left,
}

/// One thing to draw.
#[derive(Clone, Debug)]
pub enum Primitive {
    /// Filled polygons from cached projected geometry: `items` are (shape index, colour).
    Fills {
        shapes: Arc<Vec<ProjectedShape>>,
        items: Vec<(u32, Rgba)>,
    },
    /// Ring outlines of cached projected shapes.
    Outlines {
        shapes: Arc<Vec<ProjectedShape>>,
        items: Vec<u32>,
        stroke: Stroke,
    },
    /// Runs of cached projected polylines.
    Lines {
        lines: Arc<ProjectedLines>,
        runs: Vec<u32>,
        stroke: Stroke,
    },
    /// A polyline already in screen pixels.
    Polyline {
        points: Vec<[f32; 2]>,
        stroke: Stroke,
    },
    /// A point symbol in screen pixels.
    Marker {
        center: [f32; 2],
        shape: MarkerShape,
        /// Half the symbol's width, in pixels.
        radius: f32,
        fill: Rgba,
        stroke: Option<Stroke>,
    },
    /// A filled convex polygon in screen pixels (arrowheads).
    Polygon { points: Vec<[f32; 2]>, fill: Rgba },
    /// A rectangle in screen pixels (legend and other furniture backgrounds).
    Rect {
        min: [f32; 2],
        max: [f32; 2],
        fill: Rgba,
        stroke: Option<Stroke>,
    },
    /// A line of text.
    Label {
        text: String,
        anchor: [f32; 2],
        align: Align,
        /// Font size in pixels.
        size: f32,
        color: Rgba,
        /// A contrasting outline around the glyphs that keeps text legible over any map.
        halo: Option<Rgba>,
    },
}

/// Everything a painter needs to draw one picture.
#[derive(Clone, Debug)]
pub struct Scene {
    /// Picture size in pixels.
    pub size: [f32; 2],
    pub background: Rgba,
    /// Projected → screen transform for the geometry-backed primitives.
    pub transform: ScreenTransform,
    pub primitives: Vec<Primitive>,
    /// Where the story's items are drawn, for hit-testing.
    pub hits: Vec<story::HitTarget>,
    /// Where the datasets' markers and clusters are drawn, for hit-testing.
    pub dataset_hits: Vec<events::DatasetHit>,
    /// Where among the primitives a highlight of the country under the pointer belongs:
    /// above the land, under borders, the story, names and furniture.
    pub hover_slot: usize,
    /// Where the legend is drawn, so the window can make it solid to the pointer.
    pub legend: Option<legend::LegendRegion>,
    /// Countries a dataset shades by its counts (sorted): hovering them shows an outline, not
    /// a tint that would read as another class.
    pub shaded_countries: Vec<u32>,
}

impl Scene {
    /// A scene of the same size and transform with nothing in it, for overlays.
    pub fn clone_empty(&self) -> Scene {
        Scene {
            size: self.size,
            background: self.background,
            transform: self.transform,
            primitives: Vec::new(),
            hits: Vec::new(),
            dataset_hits: Vec::new(),
            hover_slot: 0,
            legend: None,
            shaded_countries: Vec::new(),
        }
    }

    /// The labels of the scene, for tests and for accessibility.
    pub fn label_texts(&self) -> impl Iterator<Item = &str> {
        self.primitives.iter().filter_map(|p| match p {
            Primitive::Label { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}
