//! The map view: input (drag, wheel, keys, hover, click) and painting of the map scene.

use std::time::Instant;

use egui::{Key, Pos2, Sense};

use crate::map::camera::{Camera, LonLat, LonLatBox, ScreenPoint};
use crate::model::Edit;
use crate::model::furniture::{Furniture, LegendCorner};
use crate::scene::compose::{Framing, Picture, compose};
use crate::scene::events::{DatasetHit, DatasetTarget};
use crate::scene::story::{Focus, StoryItem, story_item_at};
use crate::scene::{BaseLayers, Scene};

use super::actions::{Action, Selection};
use super::annotate::AnnotateState;
use super::document::Document;
use super::forms::FormsState;
use super::inputs::{scene_inputs, surroundings, view_inputs};
use super::map_memory::MapMemory;
use super::map_memory::{SceneKey, SplitShapes};
use super::painter::{primitives_to_shapes, scene_to_shapes};
use super::runtime::Runtime;
use super::view::View;

/// Pan step for the arrow keys, in pixels.
const KEY_PAN: f64 = 80.0;
/// Zoom factor per wheel pixel.
const WHEEL_ZOOM: f64 = 0.0025;

/// Draws the map filling `ui` and handles its input: it reads the document, the view and the
/// runtime, keeps its own memory and the annotation tools' state, and returns actions.
pub fn map_view(
    ui: &mut egui::Ui,
    (doc, vw, rt, forms): (&Document, &View, &Runtime, &FormsState),
    memory: &mut MapMemory,
    annotate: &mut AnnotateState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    memory.set_rect(rect);
    // The legend, where it was drawn last, is a solid area over the map: it takes the
    // pointer's hover, clicks and drags, so they never reach the map or the country beneath.
    actions.extend(legend_input(ui, doc, memory, rect));
    let viewport = [f64::from(rect.width()), f64::from(rect.height())];
    let projection = vw.projection();
    let mut camera = vw.camera_for_viewport(viewport);

    // Annotations first: their keys, and presses on them or with a drawing tool, are theirs.
    let around = surroundings(doc, vw, rt, forms);
    actions.extend(annotate.sync_annotations(&around, ui.ctx()));
    actions.extend(annotate.annotation_keys(&around, ui.ctx()));
    let annotation_use =
        annotate.annotation_pointer(&around, &response, rect, &camera, &mut actions);

    // Input.
    let local = |p: Pos2| [f64::from(p.x - rect.min.x), f64::from(p.y - rect.min.y)];
    let hover = response.hover_pos();
    // Only a pan re-centres the map: a framed area keeps the centre it was framed with.
    let mut panned = false;
    if response.dragged() && !annotation_use.drag {
        let delta = response.drag_delta();
        camera.pan_by_pixels([f64::from(delta.x), f64::from(delta.y)], projection);
        panned = true;
    }
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
    // Keys move the map only when nothing else takes them: no text field has the focus and
    // no modal form is open (its keystrokes are the form's, even between its fields).
    if !ui.ctx().egui_wants_keyboard_input() && !forms.is_open() && !memory.keyboard_elsewhere {
        let centre = [viewport[0] / 2.0, viewport[1] / 2.0];
        ui.input(|i| {
            if i.key_pressed(Key::ArrowLeft) {
                camera.pan_by_pixels([KEY_PAN, 0.0], projection);
                panned = true;
            }
            if i.key_pressed(Key::ArrowRight) {
                camera.pan_by_pixels([-KEY_PAN, 0.0], projection);
                panned = true;
            }
            if i.key_pressed(Key::ArrowUp) {
                camera.pan_by_pixels([0.0, KEY_PAN], projection);
                panned = true;
            }
            if i.key_pressed(Key::ArrowDown) {
                camera.pan_by_pixels([0.0, -KEY_PAN], projection);
                panned = true;
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
    if panned {
        recentre_when_far(&mut camera, (doc, vw, rt), hover.map(local));
    }
    if vw.camera() != Some(camera) {
        actions.push(Action::SetCamera(camera));
    }

    // The scene's inputs, as every picture of the view is made; the best loaded level
    // stands in while the wanted one loads.
    let picture = Picture {
        size: viewport,
        scale: 1.0,
    };
    let mut view = view_inputs(vw, Framing::Camera(camera));
    view.pinned_detail = Some(vw.current_detail(rt.atlas()));
    view.legend_collapsed = memory.legend_collapsed;
    let base_layers = BaseLayers::from_view(&doc.project().view);
    let composition = match compose(&view, &picture, base_layers.graticule, rt.atlas()) {
        Ok(composition) => composition,
        Err(error) => {
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                format!("{error} (see the messages below)."),
                egui::FontId::proportional(16.0),
                ui.visuals().error_fg_color,
            );
            return actions;
        }
    };
    let base = std::sync::Arc::clone(&composition.base);

    // Hover and click: the story's items first (from the last drawing), then the country
    // under the pointer through the spatial index.
    memory.cursor = hover.and_then(|p| {
        let [x, y] = local(p);
        camera
            .screen_to_lon_lat(projection, ScreenPoint::new(x, y))
            .map(LonLat::to_array)
    });
    let annotation_hover = annotation_use.over.is_some() || annotation_use.drawing;
    let story_item = hover.filter(|_| !annotation_hover).and_then(|p| {
        let [x, y] = local(p);
        let scene = memory.scene()?;
        story_item_at(&scene.hits, [x as f32, y as f32], 4.0)
    });
    memory.hovered_item = story_item.clone();
    // Dataset markers lie under the story: they answer only where no story item does.
    memory.hovered_dataset = hover
        .filter(|_| !annotation_hover && story_item.is_none())
        .and_then(|p| {
            let [x, y] = local(p);
            dataset_hit_at(&memory.scene()?.dataset_hits, [x as f32, y as f32])
        });
    let story_item = story_item.or_else(|| {
        // Any marker keeps the country beneath from being hovered.
        memory
            .hovered_dataset
            .as_ref()
            .map(|_| StoryItem::Cluster(Vec::new()))
    });
    // A user layer's feature lies over the country beneath it: the topmost layer answers.
    let layer_feature = match (&story_item, annotation_hover, memory.cursor) {
        (None, false, Some([lon, lat])) => {
            let centred = camera.centred(projection);
            let p = centred.forward(lon, lat);
            let tolerance = 5.0 / camera.pixels_per_unit.max(1e-12);
            doc.layers()
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, layer)| {
                    layer
                        .feature_at(centred, p, tolerance)
                        .map(|feature| (i, feature))
                })
        }
        _ => None,
    };
    memory.hovered = match (&story_item, annotation_hover, layer_feature) {
        (None, false, None) => memory.cursor.and_then(|ll| base.data.country_at(ll)),
        _ => None,
    };
    if response.clicked()
        && !annotation_use.click
        && let Some(hit) = memory.hovered_dataset.clone()
    {
        match hit.target {
            DatasetTarget::Cluster { area, .. } => {
                let [west, south, east, north] = area;
                actions.push(Action::ShowArea(LonLatBox::new(west, south, east, north)));
            }
            DatasetTarget::Event(row) => {
                let dataset = doc
                    .datasets()
                    .all()
                    .iter()
                    .filter(|d| d.visible)
                    .nth(hit.dataset)
                    .map(|d| d.id.clone());
                if let Some(dataset) = dataset {
                    actions.push(Action::Select(Some(Selection::DatasetEvent {
                        dataset,
                        row,
                    })));
                }
            }
        }
    } else if response.clicked()
        && !annotation_use.click
        && memory.hovered_item.is_none()
        && let Some((layer, feature)) = layer_feature
    {
        // The layer's feature, not the country beneath it.
        let picked = Some(Selection::LayerFeature { layer, feature });
        if picked.as_ref() != vw.selection() {
            actions.push(Action::Select(picked));
        }
    } else if response.clicked() && !annotation_use.click {
        let picked = match memory.hovered_item.clone() {
            Some(StoryItem::Actor(id)) => Some(Selection::Story(Focus::Actor(id))),
            Some(StoryItem::Relationship(id)) => Some(Selection::Story(Focus::Relationship(id))),
            Some(StoryItem::Event(id)) => Some(Selection::Story(Focus::Event(id))),
            Some(StoryItem::Cluster(_)) => {
                // A cluster opens up as the map zooms in on it.
                if let Some(pointer) = response.interact_pointer_pos() {
                    actions.push(Action::ZoomAt(2.5, local(pointer)));
                }
                vw.selection().cloned()
            }
            None => memory
                .hovered
                .and_then(|i| base.data.base.countries.get(i))
                .map(|c| Selection::Country(c.name.clone())),
        };
        if picked.as_ref() != vw.selection() {
            actions.push(Action::Select(picked));
        }
    }

    // The scene, rebuilt only when something it was built from changed.
    let selected = vw
        .selected_country()
        .and_then(|name| base.data.base.country_by_name(name))
        .map(|(i, _)| i);
    let key = SceneKey {
        camera,
        origin: [rect.min.x, rect.min.y],
        detail: composition.detail,
        document: doc.version(),
        view: vw.version(),
        layers: doc.layers_version(),
        datasets: doc.datasets().version(),
        annotations: annotate.version,
        simplified: base.simplified_versions(),
        legend_collapsed: memory.legend_collapsed,
    };
    if memory.cached(&key).is_none() {
        let started = Instant::now();
        let furniture = Furniture::from_view(&doc.project().view);
        // The selected annotation is drawn as the gesture under way would leave it.
        let drawn = annotate.drawn(doc.project());
        let layers = doc.layer_set().inputs(camera.centred(projection));
        let datasets = doc.datasets().inputs(vw.selected_dataset_event());
        let mut inputs = scene_inputs(rt, view, picture, &layers, &datasets, &drawn, &furniture);
        inputs.background = rt.waker();
        let scene = composition.scene(&inputs);
        let slot = scene.hover_slot.min(scene.primitives.len());
        let (under, over) = scene.primitives.split_at(slot);
        let shapes = SplitShapes {
            under: primitives_to_shapes(&scene, under, rect.min, &painter),
            over: primitives_to_shapes(&scene, over, rect.min, &painter),
        };
        memory.last_build = started.elapsed();
        memory.store(key.clone(), scene, shapes);
    }
    if let Some((scene, shapes)) = memory.cached(&key) {
        painter.rect_filled(rect, 0.0, super::painter::color32(scene.background));
        painter.extend(shapes.under.iter().cloned());
        // The hovered country is highlighted between the cached land and what lies over
        // it (borders, the story, names, legend and furniture), and not while presenting,
        // where the picture should stay as composed.
        let hovered = memory
            .hovered
            .filter(|h| Some(*h) != selected && !vw.is_presenting());
        if let Some(hovered) = hovered {
            let style = rt.style();
            let overlay = Scene {
                primitives: crate::scene::hover_highlight(
                    &base,
                    hovered,
                    style,
                    &scene.shaded_countries,
                ),
                ..scene.clone_empty()
            };
            painter.extend(scene_to_shapes(&overlay, rect.min, &painter));
        }
        painter.extend(shapes.over.iter().cloned());
        paint_legend_controls(&painter, scene, rect, memory);
    }
    let around = surroundings(doc, vw, rt, forms);
    annotate.paint_annotation_overlay(&around, &painter, rect, &camera);
    actions.extend(annotate.annotation_text_field(&around, ui.ctx(), rect, &camera));

    let project = doc.project();
    let tooltip = match &memory.hovered_item {
        _ if memory.hovered_dataset.is_some() => memory
            .hovered_dataset
            .as_ref()
            .and_then(|hit| dataset_tooltip(doc, hit)),
        Some(StoryItem::Actor(id)) => project
            .actor(id)
            .map(|a| format!("{} ({})", a.name, a.kind)),
        Some(StoryItem::Relationship(id)) => project.relationship(id).map(|r| {
            let name = |id| project.actor(id).map_or("?", |a| a.name.as_str());
            format!(
                "{} – {}: {} ({})",
                name(&r.from),
                name(&r.to),
                r.kind,
                r.status
            )
        }),
        Some(StoryItem::Event(id)) => project
            .event(id)
            .map(|e| format!("{} ({})", e.title, e.date)),
        Some(StoryItem::Cluster(events)) => {
            Some(format!("{} events here: click to zoom in", events.len()))
        }
        None => match annotation_use.over {
            Some(index) => annotate.annotation_tooltip(&around, index),
            None if layer_feature.is_some() => layer_feature.and_then(|(layer, feature)| {
                let layer = doc.layers().get(layer)?;
                Some(format!("{} ({})", layer.feature_name(feature), layer.name))
            }),
            None => memory
                .hovered
                .and_then(|i| base.data.base.countries.get(i))
                .map(|c| {
                    let counted = memory.cursor.and_then(|at| shaded_count(doc, &c.name, at));
                    match counted {
                        Some(counted) => format!("{}\n{counted}", c.name),
                        None => c.name.clone(),
                    }
                }),
        },
    };
    if let Some(text) = tooltip {
        response.on_hover_text_at_pointer(text);
    }
    actions
}

/// The legend's rectangle in the window, from the last scene.
fn legend_rect(memory: &MapMemory, map: egui::Rect) -> Option<(egui::Rect, egui::Rect)> {
    let region = memory.scene()?.legend?;
    let to_rect = |r: [f32; 4]| {
        egui::Rect::from_min_max(
            map.min + egui::vec2(r[0], r[1]),
            map.min + egui::vec2(r[2], r[3]),
        )
    };
    Some((to_rect(region.rect), to_rect(region.header)))
}

/// Re-centres the map when the user has panned far from its central meridian (towards its
/// edge, where the land beyond would be cut off), so panning east past 180° shows Chukotka
/// beside Alaska. The place under the pointer (else the centre) stays put. The base map for
/// the new centre is made on a worker thread; until it is ready the map stays as it is.
fn recentre_when_far(
    camera: &mut Camera,
    (doc, vw, rt): (&Document, &View, &Runtime),
    pointer: Option<[f64; 2]>,
) {
    let projection = vw.projection();
    let Some(central) = camera.wanted_central_meridian(projection) else {
        return;
    };
    let centred = projection.centred(central);
    let ready = match rt.waker() {
        Some(waker) => rt
            .atlas()
            .prepare(vw.current_detail(rt.atlas()), centred, waker),
        // No way to be woken (tests): make it now.
        None => rt
            .atlas()
            .projected(vw.current_detail(rt.atlas()), centred)
            .is_some(),
    };
    // User layers are projected for it on the next frame (see `View::layer_projections`).
    if ready && doc.layer_set().is_prepared(centred) {
        let anchor = pointer.unwrap_or([camera.viewport[0] / 2.0, camera.viewport[1] / 2.0]);
        let centre = [camera.viewport[0] / 2.0, camera.viewport[1] / 2.0];
        if !camera.recentre(projection, central, anchor) {
            camera.recentre(projection, central, centre);
        }
    }
}

/// Clicks and drags on the legend: a click on its title collapses or expands it, a drag moves
/// it to the nearest corner (one undoable edit of the project's furniture).
fn legend_input(
    ui: &mut egui::Ui,
    doc: &Document,
    memory: &mut MapMemory,
    map: egui::Rect,
) -> Vec<Action> {
    let Some((rect, header)) = legend_rect(memory, map) else {
        memory.legend_drag = None;
        return Vec::new();
    };
    let response = ui
        .interact(
            rect,
            egui::Id::unique("faultline_map_legend"),
            Sense::click_and_drag(),
        )
        .on_hover_cursor(egui::CursorIcon::Grab)
        .on_hover_text(if memory.legend_collapsed {
            "Click to show the legend; drag it to another corner"
        } else {
            "Click the title to collapse the legend; drag it to another corner"
        });
    let mut actions = Vec::new();
    if response.clicked()
        && let Some(pointer) = response.interact_pointer_pos()
        && (memory.legend_collapsed || header.contains(pointer))
    {
        memory.legend_collapsed = !memory.legend_collapsed;
    }
    if response.dragged() {
        let offset = memory.legend_drag.unwrap_or_default() + response.drag_delta();
        memory.legend_drag = Some(offset);
    }
    if response.drag_stopped()
        && let Some(offset) = memory.legend_drag.take()
    {
        let centre = rect.center() + offset - map.min;
        let corner = LegendCorner::nearest([centre.x, centre.y], [map.width(), map.height()]);
        let view = &doc.project().view;
        let mut furniture = Furniture::from_view(view);
        if furniture.legend_corner != corner {
            furniture.legend_corner = corner;
            actions.push(Action::edit(
                Edit::SetView(furniture.written_to(view)),
                format!("Move the legend to the {}", corner.label()),
            ));
        }
    }
    actions
}

/// The legend's collapse sign, and its outline following the pointer while it is dragged.
fn paint_legend_controls(
    painter: &egui::Painter,
    scene: &Scene,
    map: egui::Rect,
    memory: &MapMemory,
) {
    let Some(region) = scene.legend else {
        return;
    };
    let header = egui::Rect::from_min_max(
        map.min + egui::vec2(region.header[0], region.header[1]),
        map.min + egui::vec2(region.header[2], region.header[3]),
    );
    let ink = egui::Color32::from_rgb(0x55, 0x55, 0x55);
    painter.text(
        egui::pos2(header.max.x - 9.0, header.center().y + 1.0),
        egui::Align2::CENTER_CENTER,
        if region.collapsed { "+" } else { "−" },
        egui::FontId::proportional(13.0),
        ink,
    );
    if let Some(offset) = memory.legend_drag {
        let rect = egui::Rect::from_min_max(
            map.min + egui::vec2(region.rect[0], region.rect[1]),
            map.min + egui::vec2(region.rect[2], region.rect[3]),
        )
        .translate(offset);
        painter.rect_stroke(
            rect,
            2.0,
            egui::Stroke::new(1.5, ink),
            egui::StrokeKind::Middle,
        );
    }
}

/// The dataset marker nearest the pointer, within its radius.
fn dataset_hit_at(hits: &[DatasetHit], p: [f32; 2]) -> Option<DatasetHit> {
    hits.iter()
        .filter_map(|hit| {
            let d = (hit.center[0] - p[0]).hypot(hit.center[1] - p[1]);
            (d <= hit.radius + 2.0).then_some((d, hit))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, hit)| hit.clone())
}

/// What the choropleths say of the place under the pointer in `country`: per dataset that
/// shades countries, its count there; per dataset that shades first-level areas, the area's
/// name and count.
fn shaded_count(doc: &Document, country: &str, [lon, lat]: [f64; 2]) -> Option<String> {
    use crate::scene::choropleth::{AreaCounts, thousands};
    use geo::{Contains, Point};
    let lon = (lon + 180.0).rem_euclid(360.0) - 180.0;
    let mut lines = Vec::new();
    for dataset in doc.datasets().all().iter().filter(|d| d.visible) {
        match dataset.area_counts().map(|c| &**c) {
            Some(AreaCounts::Countries(counts)) => {
                let n = counts
                    .counts
                    .iter()
                    .find(|(name, _)| name == country)
                    .map_or(0, |(_, n)| *n);
                lines.push(format!("{}: {} events", dataset.name, thousands(n)));
            }
            Some(AreaCounts::Admin1(counts)) => {
                let inside = |a: &crate::map::admin1::Admin1Area| {
                    let [w, s, e, n] = a.bbox;
                    (w..=e).contains(&lon)
                        && (s..=n).contains(&lat)
                        && a.geometry.contains(&Point::new(lon, lat))
                };
                let Some((index, area)) =
                    counts.map.areas.iter().enumerate().find(|(_, a)| inside(a))
                else {
                    continue;
                };
                let n = counts
                    .counts
                    .iter()
                    .find(|(a, _)| *a as usize == index)
                    .map_or(0, |(_, n)| *n);
                let kind = area.kind.as_deref().unwrap_or("Area");
                lines.push(format!(
                    "{} ({kind}): {} events of {}",
                    area.name,
                    thousands(n),
                    dataset.name
                ));
            }
            None => {}
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// What the pointer is over: a cluster's count, or an event's main fields.
fn dataset_tooltip(doc: &Document, hit: &DatasetHit) -> Option<String> {
    let dataset = doc
        .datasets()
        .all()
        .iter()
        .filter(|d| d.visible)
        .nth(hit.dataset)?;
    match hit.target {
        DatasetTarget::Cluster { count, .. } => Some(format!(
            "{count} events of {}: click to zoom in",
            dataset.name
        )),
        DatasetTarget::Event(row) => {
            Some(crate::ui::events_table::event_summary(&dataset.table, row))
        }
    }
}
