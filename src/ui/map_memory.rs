//! What the map view keeps between frames: where it was drawn, what is under the pointer, and
//! the last scene with its egui shapes, reused while its inputs stay the same.

use std::time::Duration;

use egui::Shape;

use crate::map::basemap::Detail;
use crate::map::camera::Camera;
use crate::scene::Scene;
use crate::scene::events::DatasetHit;
use crate::scene::story::{HitShape, StoryItem};

/// Everything a cached scene was built from, so a change to any of them rebuilds it. Versions
/// stand for the document, the view, the layers and the annotation preview.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneKey {
    pub camera: Camera,
    pub origin: [f32; 2],
    pub detail: Detail,
    pub document: u64,
    pub view: u64,
    pub layers: u64,
    pub datasets: u64,
    pub annotations: u64,
    /// How many simplified versions of the base map exist (one may have landed since).
    pub simplified: usize,
    pub legend_collapsed: bool,
}

/// A cached drawing in two parts, so the hover highlight can go between them.
pub struct SplitShapes {
    pub under: Vec<Shape>,
    pub over: Vec<Shape>,
}

/// The map view's memory.
#[derive(Default)]
pub struct MapMemory {
    /// Index (in the level drawn) of the country under the pointer.
    pub hovered: Option<usize>,
    /// Longitude/latitude under the pointer.
    pub cursor: Option<[f64; 2]>,
    /// The story item under the pointer.
    pub hovered_item: Option<StoryItem>,
    /// The dataset marker under the pointer (when no story item is).
    pub hovered_dataset: Option<DatasetHit>,
    cache: Option<(SceneKey, Scene, SplitShapes)>,
    /// Where the map was drawn in the window.
    rect: Option<egui::Rect>,
    /// How long the last scene took to build and convert.
    pub last_build: Duration,
    /// The legend shown as its title alone (the window's own choice; pictures show it whole).
    pub legend_collapsed: bool,
    /// How far the legend has been dragged so far, while it is dragged.
    pub legend_drag: Option<egui::Vec2>,
    /// A modal dialog has the keyboard: arrow keys and +/- are not the map's.
    pub keyboard_elsewhere: bool,
}

impl MapMemory {
    /// The scene drawn last.
    pub fn scene(&self) -> Option<&Scene> {
        self.cache.as_ref().map(|(_, scene, _)| scene)
    }

    /// The cached scene and shapes, if they were built from `key`.
    pub fn cached(&self, key: &SceneKey) -> Option<(&Scene, &SplitShapes)> {
        match &self.cache {
            Some((k, scene, shapes)) if k == key => Some((scene, shapes)),
            _ => None,
        }
    }

    pub fn store(&mut self, key: SceneKey, scene: Scene, shapes: SplitShapes) {
        self.cache = Some((key, scene, shapes));
    }

    /// Forgets the cached drawing (the base map changed under it).
    pub fn invalidate(&mut self) {
        self.cache = None;
    }

    /// Where the legend is drawn in the window now (for tests).
    pub fn legend_rect(&self) -> Option<egui::Rect> {
        let rect = self.rect?;
        let r = self.scene()?.legend?.rect;
        Some(egui::Rect::from_min_max(
            rect.min + egui::vec2(r[0], r[1]),
            rect.min + egui::vec2(r[2], r[3]),
        ))
    }

    pub fn rect(&self) -> Option<egui::Rect> {
        self.rect
    }

    pub fn set_rect(&mut self, rect: egui::Rect) {
        self.rect = Some(rect);
    }

    /// Where the story item with this id is drawn in the window now (for tests).
    pub fn story_item_position(&self, id: &str) -> Option<egui::Pos2> {
        let rect = self.rect?;
        let scene = self.scene()?;
        scene.hits.iter().find_map(|hit| {
            let matches = match &hit.item {
                StoryItem::Actor(a) => a.as_str() == id,
                StoryItem::Event(e) => e.as_str() == id,
                StoryItem::Relationship(r) => r.as_str() == id,
                StoryItem::Cluster(_) => false,
            };
            match (&hit.shape, matches) {
                (HitShape::Disc { center, .. }, true) => {
                    Some(rect.min + egui::vec2(center[0], center[1]))
                }
                (HitShape::Line { points, .. }, true) => {
                    let p = points.get(points.len() / 2)?;
                    Some(rect.min + egui::vec2(p[0], p[1]))
                }
                _ => None,
            }
        })
    }
}
