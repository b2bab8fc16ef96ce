//! Building the scene of the map view: base layers, user layers, highlights and labels.

use std::sync::Arc;

use crate::map::camera::Camera;
use crate::map::labels::{LabelCandidate, place_labels};
use crate::map::projected::{ProjectedDetail, ProjectedLines, ProjectedShape, Waker, boxes_meet};
use crate::map::user_layer::ProjectedLayer;

use super::text::LabelFont;
use super::{Align, MapStyle, MarkerShape, Primitive, Rgba, Scene, Stroke};

/// Which base layers are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BaseLayers {
    pub countries: bool,
    pub borders: bool,
    pub coastlines: bool,
    pub labels: bool,
    pub graticule: bool,
}

impl Default for BaseLayers {
    fn default() -> BaseLayers {
        BaseLayers {
            countries: true,
            borders: true,
            coastlines: true,
            labels: true,
            graticule: true,
        }
    }
}

/// A visible user layer and its colour.
#[derive(Clone, Copy, Debug)]
pub struct UserLayerView<'a> {
    pub geometry: &'a ProjectedLayer,
    pub color: Rgba,
}

/// What one frame of the map shows.
#[derive(Clone, Copy)]
pub struct MapFrame<'a> {
    pub camera: &'a Camera,
    pub base: &'a Arc<ProjectedDetail>,
    pub graticule: Option<&'a Arc<ProjectedLines>>,
    pub layers: BaseLayers,
    pub user_layers: &'a [UserLayerView<'a>],
    pub hovered: Option<usize>,
    pub selected: Option<usize>,
    pub style: &'a MapStyle,
    pub font: &'a LabelFont,
    /// When set, geometry missing for this scale is simplified on a worker thread that calls
    /// the waker (the window); when not, it is made before returning (export).
    pub background: Option<&'a Waker>,
}

/// Builds the scene of the map view (in the camera's viewport pixels).
pub fn build_map_scene(frame: &MapFrame<'_>) -> Scene {
    let MapFrame {
        camera,
        base,
        graticule,
        layers,
        user_layers,
        hovered,
        selected,
        style,
        font: _,
        background,
    } = *frame;
    let transform = camera.transform();
    let visible = camera.visible_projected();
    let mut primitives = Vec::new();

    let visible_shapes = |shapes: &[ProjectedShape]| -> Vec<u32> {
        shapes
            .iter()
            .enumerate()
            .filter(|(_, s)| boxes_meet(s.bbox, visible))
            .map(|(i, _)| i as u32)
            .collect()
    };
    let visible_runs = |lines: &ProjectedLines| -> Vec<u32> {
        lines
            .runs
            .iter()
            .enumerate()
            .filter(|(_, r)| boxes_meet(r.bbox, visible))
            .map(|(i, _)| i as u32)
            .collect()
    };

    // Zoomed out, draw geometry simplified to the screen's resolution (hit-testing, labels
    // and highlights keep using the full detail).
    let (fills, coastlines, borders) =
        match base.geometry_for_scale(camera.pixels_per_unit, background) {
            Some(s) => (
                Arc::clone(&s.countries),
                Arc::clone(&s.coastlines),
                Arc::clone(&s.borders),
            ),
            None => (
                Arc::clone(&base.countries),
                Arc::clone(&base.coastlines),
                Arc::clone(&base.borders),
            ),
        };
    let countries_in_view = visible_shapes(&base.countries);
    let mut labels = PendingLabels::default();
    if layers.countries {
        primitives.push(Primitive::Fills {
            shapes: fills,
            items: countries_in_view.iter().map(|&i| (i, style.land)).collect(),
        });
    }
    if let (true, Some(graticule)) = (layers.graticule, graticule) {
        primitives.push(Primitive::Lines {
            lines: Arc::clone(graticule),
            runs: visible_runs(graticule),
            stroke: style.graticule,
        });
    }
    for (shape, fill, outline) in [
        (selected, style.selected_fill, style.selected_outline),
        (
            hovered.filter(|h| Some(*h) != selected),
            style.hover_fill,
            style.hover_outline,
        ),
    ] {
        if let Some(index) = shape {
            primitives.extend(highlight(base, index, fill, outline));
        }
    }
    if layers.coastlines {
        primitives.push(Primitive::Lines {
            runs: visible_runs(&coastlines),
            lines: coastlines,
            stroke: style.coastline,
        });
    }
    if layers.borders {
        primitives.push(Primitive::Lines {
            runs: visible_runs(&borders),
            lines: borders,
            stroke: style.border,
        });
    }

    for layer in user_layers {
        let geometry = layer.geometry;
        let polygons = visible_shapes(&geometry.polygons);
        if !polygons.is_empty() {
            primitives.push(Primitive::Fills {
                shapes: Arc::clone(&geometry.polygons),
                items: polygons
                    .iter()
                    .map(|&i| (i, layer.color.with_alpha(0.3)))
                    .collect(),
            });
            primitives.push(Primitive::Outlines {
                shapes: Arc::clone(&geometry.polygons),
                items: polygons,
                stroke: Stroke::solid(1.2, layer.color),
            });
        }
        let runs = visible_runs(&geometry.lines);
        if !runs.is_empty() {
            primitives.push(Primitive::Lines {
                lines: Arc::clone(&geometry.lines),
                runs,
                stroke: Stroke::solid(1.8, layer.color),
            });
        }
        for (n, &point) in geometry.points.iter().enumerate() {
            let [x, y] = transform.apply(point);
            if x < -10.0
                || y < -10.0
                || x > camera.viewport[0] + 10.0
                || y > camera.viewport[1] + 10.0
            {
                continue;
            }
            primitives.push(Primitive::Marker {
                center: [x as f32, y as f32],
                shape: MarkerShape::Circle,
                radius: 4.0,
                fill: layer.color,
                stroke: Some(Stroke::solid(1.0, Rgba::rgb(0xff, 0xff, 0xff))),
            });
            if let Some(text) = geometry.point_labels.get(n) {
                // Beside the marker, to its right; user data is named before countries.
                let size = 11.0;
                let width = f64::from(frame.font.measure(text, size));
                let center = [x + 7.0 + width / 2.0, y];
                labels.add(frame.font, text, center, width, size, 1e5, style.label);
            }
        }
    }

    if layers.labels {
        add_country_labels(frame, &countries_in_view, &mut labels);
    }
    primitives.extend(labels.place(frame));

    Scene {
        size: [camera.viewport[0] as f32, camera.viewport[1] as f32],
        background: style.ocean,
        transform,
        primitives,
    }
}

/// Where a country's name goes on screen: its label point, or, when that point is off screen
/// (China seen from Kabul), the middle of the part that is on screen if that spot is inside the
/// country.
fn label_anchor(frame: &MapFrame<'_>, index: usize, label_point: [f64; 2]) -> Option<[f64; 2]> {
    let camera = frame.camera;
    let on_screen = camera.to_screen(label_point);
    let [w, h] = camera.viewport;
    if on_screen[0] >= 0.0 && on_screen[1] >= 0.0 && on_screen[0] <= w && on_screen[1] <= h {
        return Some(on_screen);
    }
    let shape = frame.base.countries.get(index)?;
    let visible = camera.visible_projected();
    let clipped = [
        shape.bbox[0].max(visible[0]),
        shape.bbox[1].max(visible[1]),
        shape.bbox[2].min(visible[2]),
        shape.bbox[3].min(visible[3]),
    ];
    if clipped[0] >= clipped[2] || clipped[1] >= clipped[3] {
        return None;
    }
    let middle = [
        (clipped[0] + clipped[2]) / 2.0,
        (clipped[1] + clipped[3]) / 2.0,
    ];
    let lon_lat = frame.base.projection.inverse(middle[0], middle[1])?;
    (frame.base.data.country_at(lon_lat) == Some(index)).then(|| camera.to_screen(middle))
}

/// A country drawn emphasised: a translucent fill and a strong outline (nothing for an index
/// out of range).
pub fn highlight(
    base: &ProjectedDetail,
    index: usize,
    fill: Rgba,
    outline: Stroke,
) -> Vec<Primitive> {
    if index >= base.countries.len() {
        return Vec::new();
    }
    vec![
        Primitive::Fills {
            shapes: Arc::clone(&base.countries),
            items: vec![(index as u32, fill)],
        },
        Primitive::Outlines {
            shapes: Arc::clone(&base.countries),
            items: vec![index as u32],
            stroke: outline,
        },
    ]
}

/// Country names, sized by how large the country appears and placed without collisions; the
/// selected and hovered countries are named first.
fn add_country_labels(frame: &MapFrame<'_>, in_view: &[u32], labels: &mut PendingLabels) {
    let MapFrame {
        camera,
        base,
        hovered,
        selected,
        style,
        font,
        ..
    } = *frame;
    let transform = camera.transform();
    let countries = &base.data.base.countries;
    for &index in in_view {
        let index = index as usize;
        let (Some(country), Some(&area), Some(&label_point)) = (
            countries.get(index),
            base.areas.get(index),
            base.label_points.get(index),
        ) else {
            continue;
        };
        // The side of a square as large as the country on screen: archipelagos spread over an
        // ocean (Saint Helena, French Polynesia) get small names, not their boxes' size.
        let side = area.sqrt() * transform.scale;
        let size = (8.0 + side.sqrt() * 0.6).clamp(9.0, 17.0) as f32;
        let width = f64::from(font.measure(&country.name, size));
        let emphasised = Some(index) == selected || Some(index) == hovered;
        // A name much wider than its country would cover its neighbours: leave it out unless
        // the country is the one being looked at.
        if !emphasised && width > side * 3.0 {
            continue;
        }
        let priority = country.area_deg2.sqrt() + if emphasised { 1e6 } else { 0.0 };
        if let Some(center) = label_anchor(frame, index, label_point) {
            labels.add(
                font,
                &country.name,
                center,
                width,
                size,
                priority,
                style.label,
            );
        }
    }
}

/// Labels waiting to be placed together, so country names and user labels avoid each other.
#[derive(Default)]
struct PendingLabels {
    candidates: Vec<LabelCandidate>,
    texts: Vec<(String, f32, Rgba)>,
}

impl PendingLabels {
    /// Queues a label of `width` pixels (as measured by the frame's font) centred on `center`.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        font: &LabelFont,
        text: &str,
        center: [f64; 2],
        width: f64,
        size: f32,
        priority: f64,
        color: Rgba,
    ) {
        self.texts.push((text.to_owned(), size, color));
        self.candidates.push(LabelCandidate {
            center,
            size: [width, f64::from(font.ascent(size) + font.descent(size))],
            priority,
        });
    }

    fn place(self, frame: &MapFrame<'_>) -> Vec<Primitive> {
        place_labels(&self.candidates, frame.camera.viewport, 6.0)
            .into_iter()
            .map(|(i, [x, y])| {
                let (text, size, color) = self.texts[i].clone();
                Primitive::Label {
                    text,
                    anchor: [x as f32, y as f32],
                    align: Align::Center,
                    size,
                    color,
                    halo: Some(frame.style.label_halo),
                }
            })
            .collect()
    }
}
