//! The map view: input (drag, wheel, keys, hover, click) and painting of the map scene.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::{Duration, Instant};

use egui::{Key, Pos2, Sense, Shape};

use crate::map::camera::{Camera, projected_bounds};
use crate::map::projected::graticule_step;
use crate::scene::story::{Focus, StoryItem, story_item_at};
use crate::scene::{MapFrame, Scene, StoryInput, UserLayerView, build_map_scene};

use super::actions::{Action, Selection};
use super::app::FaultlineApp;
use super::painter::{primitives_to_shapes, scene_to_shapes};

/// A cached drawing in two parts, so the hover highlight can go between them.
pub struct SplitShapes {
    under: Vec<Shape>,
    over: Vec<Shape>,
}

/// What the map view keeps between frames.
#[derive(Default)]
pub struct MapViewState {
    /// `None` until the view first has a size.
    pub camera: Option<Camera>,
    /// A box to show as soon as the view has a size.
    pub pending_bbox: Option<[f64; 4]>,
    /// Index (in the level drawn) of the country under the pointer.
    pub hovered: Option<usize>,
    /// Longitude/latitude under the pointer.
    pub cursor: Option<[f64; 2]>,
    /// The story item under the pointer.
    pub hovered_item: Option<StoryItem>,
    /// The last scene and its egui shapes, reused while nothing that changes them changes.
    cache: Option<(u64, Scene, SplitShapes)>,
    /// How long the last scene took to build and convert.
    pub last_build: Duration,
    /// Where the map was drawn in the window.
    pub rect: Option<egui::Rect>,
}

impl MapViewState {
    /// The scene drawn last.
    pub fn scene(&self) -> Option<&Scene> {
        self.cache.as_ref().map(|(_, scene, _)| scene)
    }

    /// Forgets the cached drawing, e.g. after a style or layer change.
    pub fn invalidate(&mut self) {
        self.cache = None;
    }
}

/// Pan step for the arrow keys, in pixels.
const KEY_PAN: f64 = 80.0;
/// Zoom factor per wheel pixel.
const WHEEL_ZOOM: f64 = 0.0025;

impl FaultlineApp {
    /// Draws the map filling `ui` and handles its input.
    pub(super) fn map_view(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
        let rect = response.rect;
        self.view.rect = Some(rect);
        let viewport = [f64::from(rect.width()), f64::from(rect.height())];
        let projection = self.projection;

        let mut camera = *self
            .view
            .camera
            .get_or_insert_with(|| Camera::world(projection, viewport));
        if camera.viewport != viewport {
            camera.resize(viewport, projection);
        }
        if let Some(bbox) = self.view.pending_bbox.take() {
            camera = Camera::fit_projected(projected_bounds(projection, bbox), viewport, 0.06);
        }

        // Annotations first: their keys, and presses on them or with a drawing tool, are theirs.
        actions.extend(self.sync_annotations(ui.ctx()));
        actions.extend(self.annotation_keys(ui.ctx()));
        let annotation_use = self.annotation_pointer(&response, rect, &camera, &mut actions);

        // Input.
        let local = |p: Pos2| [f64::from(p.x - rect.min.x), f64::from(p.y - rect.min.y)];
        if response.dragged() && !annotation_use.drag {
            let delta = response.drag_delta();
            camera.pan_by_pixels([f64::from(delta.x), f64::from(delta.y)], projection);
        }
        let hover = response.hover_pos();
        if let Some(pointer) = hover {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = (f64::from(scroll) * WHEEL_ZOOM).exp() * f64::from(pinch);
            if (factor - 1.0).abs() > 1e-6 {
                camera.zoom_about(factor, local(pointer), projection);
            }
        }
        if response.double_clicked()
            && !annotation_use.click
            && let Some(pointer) = response.interact_pointer_pos()
        {
            camera.zoom_about(2.0, local(pointer), projection);
        }
        if !ui.ctx().egui_wants_keyboard_input() {
            let centre = [viewport[0] / 2.0, viewport[1] / 2.0];
            ui.input(|i| {
                if i.key_pressed(Key::ArrowLeft) {
                    camera.pan_by_pixels([KEY_PAN, 0.0], projection);
                }
                if i.key_pressed(Key::ArrowRight) {
                    camera.pan_by_pixels([-KEY_PAN, 0.0], projection);
                }
                if i.key_pressed(Key::ArrowUp) {
                    camera.pan_by_pixels([0.0, KEY_PAN], projection);
                }
                if i.key_pressed(Key::ArrowDown) {
                    camera.pan_by_pixels([0.0, -KEY_PAN], projection);
                }
                if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
                    camera.zoom_about(1.5, centre, projection);
                }
                if i.key_pressed(Key::Minus) {
                    camera.zoom_about(1.0 / 1.5, centre, projection);
                }
                if i.key_pressed(Key::Home) {
                    camera = Camera::world(projection, viewport);
                }
            });
        }
        self.view.camera = Some(camera);

        let detail = self.current_detail();
        let Some(base) = self.atlas.projected(detail, projection) else {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                "The base map could not be loaded (see the messages below).",
                egui::FontId::proportional(16.0),
                ui.visuals().error_fg_color,
            );
            return actions;
        };

        // Hover and click: the story's items first (from the last drawing), then the country
        // under the pointer through the spatial index.
        self.view.cursor = hover.and_then(|p| camera.screen_to_lon_lat(projection, local(p)));
        let annotation_hover = annotation_use.over.is_some() || annotation_use.drawing;
        let story_item = hover.filter(|_| !annotation_hover).and_then(|p| {
            let [x, y] = local(p);
            let (_, scene, _) = self.view.cache.as_ref()?;
            story_item_at(&scene.hits, [x as f32, y as f32], 4.0)
        });
        self.view.hovered_item = story_item.clone();
        self.view.hovered = match (story_item, annotation_hover) {
            (None, false) => self.view.cursor.and_then(|ll| base.data.country_at(ll)),
            _ => None,
        };
        if response.clicked() && !annotation_use.click {
            let picked = match self.view.hovered_item.clone() {
                Some(StoryItem::Actor(id)) => Some(Selection::Story(Focus::Actor(id))),
                Some(StoryItem::Relationship(id)) => {
                    Some(Selection::Story(Focus::Relationship(id)))
                }
                Some(StoryItem::Event(id)) => Some(Selection::Story(Focus::Event(id))),
                Some(StoryItem::Cluster(_)) => {
                    // A cluster opens up as the map zooms in on it.
                    if let Some(pointer) = response.interact_pointer_pos() {
                        actions.push(Action::ZoomAt(2.5, local(pointer)));
                    }
                    self.selection.clone()
                }
                None => self
                    .view
                    .hovered
                    .and_then(|i| base.data.base.countries.get(i))
                    .map(|c| Selection::Country(c.name.clone())),
            };
            if picked != self.selection {
                actions.push(Action::Select(picked));
            }
        }

        // The scene, rebuilt only when something it shows changed.
        let selected = self
            .selected_country()
            .and_then(|name| base.data.base.country_by_name(name))
            .map(|(i, _)| i);
        let key = {
            let mut h = DefaultHasher::new();
            for v in camera
                .center
                .iter()
                .chain(&camera.viewport)
                .chain([&camera.pixels_per_unit])
            {
                v.to_bits().hash(&mut h);
            }
            (rect.min.x.to_bits(), rect.min.y.to_bits()).hash(&mut h);
            (
                projection,
                detail,
                self.base_layers.countries,
                self.base_layers.borders,
            )
                .hash(&mut h);
            (
                self.base_layers.coastlines,
                self.base_layers.labels,
                self.base_layers.graticule,
            )
                .hash(&mut h);
            (self.base_layers.story, self.base_layers.legend).hash(&mut h);
            (selected, self.layers_version, base.simplified_versions()).hash(&mut h);
            (self.focus(), self.project_version, self.annotate.version).hash(&mut h);
            h.finish()
        };
        if self.view.cache.as_ref().is_none_or(|(k, _, _)| *k != key) {
            let started = Instant::now();
            let graticule = self.base_layers.graticule.then(|| {
                self.atlas.graticule(
                    graticule_step(camera.degrees_per_pixel(projection)),
                    projection,
                )
            });
            let visible_layers = self.projected_layers();
            let views: Vec<UserLayerView<'_>> = visible_layers
                .iter()
                .filter_map(|&(index, color)| {
                    let (_, geometry) = self.layers.get(index)?.projected.as_ref()?;
                    Some(UserLayerView { geometry, color })
                })
                .collect();
            // The selected annotation is drawn as the gesture under way would leave it.
            let drawn = self.annotate.drawn(&self.project);
            let scene = build_map_scene(&MapFrame {
                camera: &camera,
                base: &base,
                graticule: graticule.as_ref(),
                layers: self.base_layers,
                user_layers: &views,
                hovered: None,
                selected,
                style: &self.style,
                font: &self.font,
                background: self.waker.as_ref(),
                furniture: self.furniture_input(),
                story: Some(StoryInput {
                    project: &drawn,
                    focus: self.focus(),
                    legend: true,
                    visible: Some(&self.visible),
                    path: self.path.as_ref().map_or(&[], |(_, r)| r.as_slice()),
                }),
            });
            let slot = scene.hover_slot.min(scene.primitives.len());
            let (under, over) = scene.primitives.split_at(slot);
            let shapes = SplitShapes {
                under: primitives_to_shapes(&scene, under, rect.min, &painter),
                over: primitives_to_shapes(&scene, over, rect.min, &painter),
            };
            self.view.last_build = started.elapsed();
            self.view.cache = Some((key, scene, shapes));
        }
        if let Some((_, scene, shapes)) = &self.view.cache {
            painter.rect_filled(rect, 0.0, super::painter::color32(scene.background));
            painter.extend(shapes.under.iter().cloned());
            // The hovered country is highlighted between the cached land and what lies over
            // it (borders, the story, names, legend and furniture), and not while presenting,
            // where the picture should stay as composed.
            let hovered = self
                .view
                .hovered
                .filter(|h| Some(*h) != selected && !self.presenting);
            if let Some(hovered) = hovered {
                let overlay = Scene {
                    primitives: crate::scene::highlight(
                        &base,
                        hovered,
                        self.style.hover_fill,
                        self.style.hover_outline,
                    ),
                    ..scene.clone_empty()
                };
                painter.extend(scene_to_shapes(&overlay, rect.min, &painter));
            }
            painter.extend(shapes.over.iter().cloned());
        }
        self.paint_annotation_overlay(&painter, rect, &camera);
        actions.extend(self.annotation_text_field(ui.ctx(), rect, &camera));

        let tooltip = match &self.view.hovered_item {
            Some(StoryItem::Actor(id)) => self
                .project
                .actor(id)
                .map(|a| format!("{} ({})", a.name, a.kind)),
            Some(StoryItem::Relationship(id)) => self.project.relationship(id).map(|r| {
                let name = |id| self.project.actor(id).map_or("?", |a| a.name.as_str());
                format!(
                    "{} – {}: {} ({})",
                    name(&r.from),
                    name(&r.to),
                    r.kind,
                    r.status
                )
            }),
            Some(StoryItem::Event(id)) => self
                .project
                .event(id)
                .map(|e| format!("{} ({})", e.title, e.date)),
            Some(StoryItem::Cluster(events)) => {
                Some(format!("{} events here: click to zoom in", events.len()))
            }
            None => match annotation_use.over {
                Some(index) => self.annotation_tooltip(index),
                None => self
                    .view
                    .hovered
                    .and_then(|i| base.data.base.countries.get(i))
                    .map(|c| c.name.clone()),
            },
        };
        if let Some(text) = tooltip {
            response.on_hover_text_at_pointer(text);
        }
        actions
    }
}
