//! Building the scene of the map view: base layers, user layers, highlights and labels.

use std::sync::Arc;

use crate::map::camera::Camera;
use crate::map::labels::{LabelCandidate, place_labels};
use crate::map::projected::{ProjectedDetail, ProjectedLines, ProjectedShape, Waker, boxes_meet};
use crate::map::user_layer::ProjectedLayer;
use crate::model::filter::Visible;
use crate::model::{Project, RelationshipId};

use super::choropleth::AreaCounts;
use super::events::{DatasetInput, draw_datasets};
use super::furniture::{FurnitureContext, FurnitureInput, banner_margins, layout_furniture};
use super::legend::{LegendItem, LegendLayout, legend_origin};
use super::story::{Focus, StoryDrawing, layout_story};
use super::text::LabelFont;
use super::{Align, MapStyle, MarkerShape, Primitive, Rgba, Scene, Stroke};
use crate::model::furniture::LegendCorner;
use crate::model::settings::BorderView;

pub use crate::model::settings::BaseLayers;

/// A visible user layer and its colour.
#[derive(Clone, Copy, Debug)]
pub struct UserLayerView<'a> {
    pub geometry: &'a ProjectedLayer,
    pub color: Rgba,
    /// The layer's name, for the legend (empty: not listed).
    pub name: &'a str,
    /// Which features are drawn (see [`super::layer_filter`]); `None`: all.
    pub shown: Option<&'a [bool]>,
}

/// What one frame of the map shows.
#[derive(Clone, Copy)]
pub struct MapFrame<'a> {
    pub camera: &'a Camera,
    pub base: &'a Arc<ProjectedDetail>,
    pub graticule: Option<&'a Arc<ProjectedLines>>,
    pub layers: BaseLayers,
    /// Whose point of view disputed borders are drawn from.
    pub border_view: BorderView,
    pub user_layers: &'a [UserLayerView<'a>],
    /// Event datasets, drawn over user layers and under the story.
    pub datasets: &'a [DatasetInput<'a>],
    pub hovered: Option<usize>,
    pub selected: Option<usize>,
    pub style: &'a MapStyle,
    pub font: &'a LabelFont,
    /// When set, geometry missing for this scale is simplified on a worker thread that calls
    /// the waker (the window); when not, it is made before returning (export).
    pub background: Option<&'a Waker>,
    /// The story to draw over the map.
    pub story: Option<StoryInput<'a>>,
    /// Briefing furniture (title, scale bar, north arrow, attribution, banner) and the
    /// picture's resolution; `None` draws none, at the scene's resolution.
    pub furniture: Option<FurnitureInput<'a>>,
}

/// The document drawn over the map and what the user is focused on.
#[derive(Clone, Copy)]
pub struct StoryInput<'a> {
    pub project: &'a Project,
    pub focus: Option<&'a Focus>,
    pub legend: bool,
    /// The legend drawn as its title row alone (the window's collapsed legend).
    pub legend_collapsed: bool,
    /// What passes the filter (everything when `None`).
    pub visible: Option<&'a Visible>,
    /// Relationships of a highlighted chain between two actors.
    pub path: &'a [RelationshipId],
}

/// The legend's lines for the classified borders drawn, under their own heading.
fn border_legend_items(drawn: &[(&'static str, Stroke)]) -> Vec<LegendItem> {
    if drawn.is_empty() {
        return Vec::new();
    }
    std::iter::once(LegendItem::Heading("Borders".into()))
        .chain(drawn.iter().map(|(label, stroke)| LegendItem::Line {
            label: (*label).into(),
            stroke: *stroke,
        }))
        .collect()
}

/// Builds the scene of the map view (in the camera's viewport pixels).
pub fn build_map_scene(frame: &MapFrame<'_>) -> Scene {
    let MapFrame {
        camera,
        base,
        graticule,
        layers,
        border_view,
        user_layers,
        datasets,
        hovered,
        selected,
        style,
        font: _,
        background,
        story,
        furniture,
    } = *frame;
    let resolution = furniture.map_or(1.0, |f| f.resolution.max(1e-3));
    let story = story.filter(|_| layers.story).map(|s| {
        (
            s,
            layout_story(
                s.project,
                camera,
                base.projection.projection,
                s.focus,
                s.visible,
                s.path,
            ),
        )
    });
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
    let (fills, coastlines, borders, boundaries) =
        match base.geometry_for_scale(camera.pixels_per_unit * resolution, background) {
            Some(s) => (
                Arc::clone(&s.countries),
                Arc::clone(&s.coastlines),
                Arc::clone(&s.borders),
                s.boundaries.clone(),
            ),
            None => (
                Arc::clone(&base.countries),
                Arc::clone(&base.coastlines),
                Arc::clone(&base.borders),
                base.boundaries.clone(),
            ),
        };
    let countries_in_view = visible_shapes(&base.countries);
    let mut labels = PendingLabels::new(frame.font);
    // Datasets that shade countries by their counts, over the land and under the story's washes.
    let mut choropleth_legend: Vec<LegendItem> = Vec::new();
    let mut shaded: Vec<(u32, Rgba)> = Vec::new();
    // First-level areas shaded (fills and outlines), drawn over the shaded countries.
    let mut area_primitives: Vec<Primitive> = Vec::new();
    let mut countries_with_areas: Vec<u32> = Vec::new();
    if layers.countries {
        for dataset in datasets {
            match dataset.shading.map(|s| &**s) {
                Some(AreaCounts::Countries(counts)) => {
                    let (items, legend) =
                        super::choropleth::shade(dataset.name, counts, &base.data.base);
                    shaded.extend(items);
                    choropleth_legend.extend(legend);
                }
                Some(AreaCounts::Admin1(counts)) => {
                    let drawn = super::choropleth::shade_admin1_areas(
                        dataset.name,
                        counts,
                        base,
                        visible,
                        &countries_in_view,
                    );
                    choropleth_legend.extend(drawn.legend);
                    area_primitives.extend(drawn.primitives);
                    countries_with_areas.extend(drawn.countries);
                }
                None => {}
            }
        }
    }
    if layers.countries {
        primitives.push(Primitive::Fills {
            shapes: Arc::clone(&fills),
            items: countries_in_view.iter().map(|&i| (i, style.land)).collect(),
        });
    }
    let mut shaded_countries: Vec<u32> = shaded.iter().map(|&(i, _)| i).collect();
    if !shaded.is_empty() {
        shaded.retain(|(i, _)| countries_in_view.binary_search(i).is_ok());
        primitives.push(Primitive::Fills {
            shapes: fills,
            items: shaded,
        });
    }
    primitives.extend(area_primitives);
    shaded_countries.extend(countries_with_areas);
    shaded_countries.sort_unstable();
    shaded_countries.dedup();
    if let Some((_, drawing)) = &story {
        let tints: Vec<(u32, Rgba)> = drawing
            .tints
            .iter()
            .filter_map(|(code, color)| {
                let (index, _) = base.data.base.country_by_iso_a3(code)?;
                Some((index as u32, *color))
            })
            .collect();
        if !tints.is_empty() {
            primitives.push(Primitive::Fills {
                shapes: Arc::clone(&base.countries),
                items: tints,
            });
        }
    }
    if let (true, Some(graticule)) = (layers.graticule, graticule) {
        primitives.push(Primitive::Lines {
            lines: Arc::clone(graticule),
            runs: visible_runs(graticule),
            stroke: style.graticule,
        });
    }
    if let Some(index) = selected {
        primitives.extend(highlight(
            base,
            index,
            style.selected_fill,
            style.selected_outline,
        ));
    }
    if let Some(index) = hovered.filter(|h| Some(*h) != selected) {
        primitives.extend(hover_highlight(base, index, style, &shaded_countries));
    }
    let hover_slot = primitives.len();
    if layers.coastlines {
        primitives.push(Primitive::Lines {
            runs: visible_runs(&coastlines),
            lines: coastlines,
            stroke: style.coastline,
        });
    }
    // Classified lines in the view, for the legend: (words, stroke), each style once.
    let mut border_legend: Vec<(&'static str, Stroke)> = Vec::new();
    if layers.borders {
        primitives.push(Primitive::Lines {
            runs: visible_runs(&borders),
            lines: borders,
            stroke: style.border,
        });
        // Over the plain borders, which leave these stretches out (see `DetailData`).
        for class_lines in boundaries {
            let runs = visible_runs(&class_lines.lines);
            if runs.is_empty() {
                continue;
            }
            let (stroke, own_style) = style.boundary_stroke(class_lines.class, border_view);
            let label = class_lines.class.label();
            if own_style && !border_legend.iter().any(|(l, _)| *l == label) {
                border_legend.push((label, stroke));
            }
            primitives.push(Primitive::Lines {
                lines: class_lines.lines,
                runs,
                stroke,
            });
        }
    }

    // What each user layer draws in view (areas, lines, points, by colour), for the legend.
    let mut layers_drawn: Vec<LayerDrawn> = Vec::new();
    // Names the user's points carry in view, so the cities layer does not repeat them.
    let mut point_names: Vec<String> = Vec::new();
    for layer in user_layers {
        let geometry = layer.geometry;
        let look = FeatureLook {
            layer: layer.color,
            styles: &geometry.styles,
        };
        // Features of hidden groups (or out of the time window) are not drawn.
        let shown = |feature: Option<&usize>| {
            feature.is_none_or(|&f| super::layer_filter::is_shown(layer.shown, f))
        };
        let mut polygons = visible_shapes(&geometry.polygons);
        polygons.retain(|&i| shown(geometry.polygon_features.get(i as usize)));
        let mut drawn = LayerDrawn::default();
        for &i in &polygons {
            let feature = geometry.polygon_features.get(i as usize);
            drawn.areas.note(
                LegendItem::Swatch {
                    label: String::new(),
                    fill: look.fill(feature),
                    outline: Some(look.stroke(feature, 1.2)),
                },
                feature,
            );
        }
        if !polygons.is_empty() {
            primitives.push(Primitive::Fills {
                shapes: Arc::clone(&geometry.polygons),
                items: polygons
                    .iter()
                    .map(|&i| (i, look.fill(geometry.polygon_features.get(i as usize))))
                    .collect(),
            });
            for (stroke, items) in group_by_stroke(&polygons, |i| {
                look.stroke(geometry.polygon_features.get(i as usize), 1.2)
            }) {
                primitives.push(Primitive::Outlines {
                    shapes: Arc::clone(&geometry.polygons),
                    items,
                    stroke,
                });
            }
        }
        let mut runs = visible_runs(&geometry.lines);
        runs.retain(|&i| shown(geometry.line_features.get(i as usize)));
        for &i in &runs {
            let feature = geometry.line_features.get(i as usize);
            drawn.lines.note(
                LegendItem::Line {
                    label: String::new(),
                    stroke: look.stroke(feature, 1.8),
                },
                feature,
            );
        }
        for (stroke, runs) in group_by_stroke(&runs, |i| {
            look.stroke(geometry.line_features.get(i as usize), 1.8)
        }) {
            primitives.push(Primitive::Lines {
                lines: Arc::clone(&geometry.lines),
                runs,
                stroke,
            });
        }
        for (n, &point) in geometry.points.iter().enumerate() {
            if !shown(geometry.point_features.get(n)) {
                continue;
            }
            let [x, y] = transform.apply(point);
            if x < -10.0
                || y < -10.0
                || x > camera.viewport[0] + 10.0
                || y > camera.viewport[1] + 10.0
            {
                continue;
            }
            let feature = geometry.point_features.get(n);
            let (fill, radius) = look.marker(feature);
            drawn.points.note(
                LegendItem::Symbol {
                    label: String::new(),
                    shape: MarkerShape::Circle,
                    color: fill,
                },
                feature,
            );
            primitives.push(Primitive::Marker {
                center: [x as f32, y as f32],
                shape: MarkerShape::Circle,
                radius,
                fill,
                stroke: Some(Stroke::solid(1.0, Rgba::rgb(0xff, 0xff, 0xff))),
            });
            if let Some(text) = geometry.point_labels.get(n) {
                // Beside the marker; user data is named before countries.
                labels.add_beside(text, [x, y], 7.0, 11.0, 1e5, style.label);
                point_names.push(text.to_lowercase());
            }
        }
        layers_drawn.push(drawn);
    }

    let datasets = draw_datasets(datasets, camera, base.projection.projection);
    primitives.extend(datasets.primitives);
    // A cluster's count is read before a country's name: names keep clear of the circles
    // (single events are small dots that names may cross).
    for hit in &datasets.hits {
        if matches!(hit.target, super::events::DatasetTarget::Cluster { .. }) {
            let [x, y, r] = [
                f64::from(hit.center[0]),
                f64::from(hit.center[1]),
                f64::from(hit.radius),
            ];
            labels.obstacles.push([x - r, y - r, x + r, y + r]);
        }
    }

    let mut hits = Vec::new();
    let mut legend_layout = None;
    let mut project = None;
    // Names the story's actors already carry, so a country is not named twice.
    let mut story_names: Vec<String> = Vec::new();
    let mut story_legend: Vec<LegendItem> = Vec::new();
    let viewport = [camera.viewport[0] as f32, camera.viewport[1] as f32];
    if let Some((input, drawing)) = story {
        story_names = drawing
            .names
            .iter()
            .map(|(name, ..)| name.to_lowercase())
            .collect();
        add_story(&drawing, &mut primitives, &mut labels);
        story_legend = drawing.legend.clone();
        hits = drawing.hits;
        project = Some(input.project);
    }
    // The legend lists what is drawn: the story's symbols when its layer is shown, and the
    // user's layers and datasets whether or not it is. (A frame without a story input — a
    // plain base map — asks for no legend.)
    let legend_wanted = frame.story.is_some_and(|s| s.legend) && layers.legend;
    if legend_wanted {
        let items: Vec<LegendItem> = story_legend
            .into_iter()
            .chain(user_layer_legend(user_layers, &layers_drawn))
            .chain(choropleth_legend)
            .chain(datasets.legend)
            .chain(border_legend_items(&border_legend))
            .collect();
        let collapsed = frame.story.is_some_and(|s| s.legend_collapsed);
        legend_layout = LegendLayout::new(frame.font, items, viewport, collapsed);
    }
    let corner = furniture.map_or(LegendCorner::default(), |f| f.settings.legend_corner);
    let legend_right = match (&legend_layout, corner) {
        (Some(layout), LegendCorner::BottomLeft) => super::legend::LEGEND_MARGIN + layout.size[0],
        _ => 0.0,
    };
    // Furniture is laid out before the map's labels so they keep clear of it.
    let drawn_furniture = furniture.map(|input| {
        layout_furniture(
            &input,
            &FurnitureContext {
                camera,
                projection: base.projection.projection,
                font: frame.font,
                project,
                hits: &hits,
                legend_right,
                border_view,
            },
        )
    });
    let room = drawn_furniture.as_ref().map_or_else(
        || {
            let bottom = viewport[1] - banner_margins(None)[1];
            super::legend::CornerRoom {
                top_left: 0.0,
                top_right: 0.0,
                bottom_right: bottom,
                bottom_left: bottom,
            }
        },
        |drawn| drawn.room,
    );
    let mut legend = Vec::new();
    let mut legend_region = None;
    if let Some(layout) = &legend_layout {
        let origin = legend_origin(corner, layout.size, viewport, &room);
        let (drawn, region) = layout.draw(origin, style.land, corner);
        labels.obstacles.push(region.rect.map(f64::from));
        legend = drawn;
        legend_region = Some(region);
    }
    let furniture = drawn_furniture.map(|drawn| {
        labels.obstacles.extend(drawn.boxes.iter().copied());
        drawn.primitives
    });
    if layers.labels {
        add_country_labels(frame, &countries_in_view, &mut labels, &story_names);
    }
    if layers.cities {
        story_names.extend(point_names);
        add_city_labels(frame, &mut labels, &story_names);
    }
    // The user's annotations go over the map's names, which keep clear of their texts.
    let annotations = super::annotations::frame_annotations(
        frame.story.map(|s| s.project),
        layers.annotations,
        camera,
        base.projection.projection,
        frame.font,
    );
    labels.obstacles.extend(annotations.text_boxes);
    primitives.extend(labels.place(frame));
    primitives.extend(annotations.primitives);
    primitives.extend(legend);
    primitives.extend(furniture.into_iter().flatten());

    Scene {
        size: [camera.viewport[0] as f32, camera.viewport[1] as f32],
        background: style.ocean,
        transform,
        primitives,
        hits,
        dataset_hits: datasets.hits,
        hover_slot,
        legend: legend_region,
        shaded_countries,
    }
}

/// How a user layer's features are drawn: each in its own simplestyle colours where it sets
/// them, else in the layer's colour (simplestyle's own defaults for opacity where a feature
/// names a colour but no opacity).
struct FeatureLook<'a> {
    layer: Rgba,
    styles: &'a [crate::map::simplestyle::FeatureStyle],
}

impl FeatureLook<'_> {
    fn style(&self, feature: Option<&usize>) -> Option<&crate::map::simplestyle::FeatureStyle> {
        feature.and_then(|&f| self.styles.get(f))
    }

    fn color(&self, color: Option<[u8; 3]>) -> Rgba {
        color.map_or(self.layer, |[r, g, b]| Rgba::rgb(r, g, b))
    }

    fn fill(&self, feature: Option<&usize>) -> Rgba {
        let style = self.style(feature);
        let fill = style.and_then(|s| s.fill);
        let default_opacity = if fill.is_some() { 0.6 } else { 0.3 };
        let opacity = style
            .and_then(|s| s.fill_opacity)
            .unwrap_or(default_opacity);
        self.color(fill).with_alpha(opacity as f32)
    }

    fn stroke(&self, feature: Option<&usize>, width: f32) -> Stroke {
        let style = self.style(feature);
        let opacity = style.and_then(|s| s.stroke_opacity).unwrap_or(1.0);
        let width = style
            .and_then(|s| s.stroke_width)
            .map_or(width, |w| w as f32);
        Stroke::solid(
            width,
            self.color(style.and_then(|s| s.stroke))
                .with_alpha(opacity as f32),
        )
    }

    fn marker(&self, feature: Option<&usize>) -> (Rgba, f32) {
        let style = self.style(feature);
        (
            self.color(style.and_then(|s| s.marker_color)),
            style
                .and_then(|s| s.marker_size)
                .map_or(4.0, |size| size.radius()),
        )
    }
}

/// Items grouped by the stroke they are drawn with (in order first met), one primitive each.
fn group_by_stroke(items: &[u32], stroke: impl Fn(u32) -> Stroke) -> Vec<(Stroke, Vec<u32>)> {
    let mut groups: Vec<(Stroke, Vec<u32>)> = Vec::new();
    for &i in items {
        let s = stroke(i);
        match groups.iter_mut().find(|(g, _)| *g == s) {
            Some((_, list)) => list.push(i),
            None => groups.push((s, vec![i])),
        }
    }
    groups
}

/// What one user layer drew in view, for the legend: its areas, lines and points, each as the
/// distinct looks they were drawn in (their simplestyle colours, else the layer's).
#[derive(Default)]
struct LayerDrawn {
    areas: Looks,
    lines: Looks,
    points: Looks,
}

/// The distinct legend samples (label left empty) of one kind, in the order first drawn, each
/// with its first feature and how many features were drawn so.
#[derive(Default)]
struct Looks {
    samples: Vec<(LegendItem, Option<usize>, usize)>,
    /// Features drawn in looks beyond [`MAX_LOOKS`], not told apart.
    others: usize,
}

/// Rows one layer's kind of symbol may take in the legend.
const MAX_LOOKS: usize = 6;

impl Looks {
    fn note(&mut self, sample: LegendItem, feature: Option<&usize>) {
        if let Some(seen) = self.samples.iter_mut().find(|(s, ..)| *s == sample) {
            seen.2 += 1;
        } else if self.samples.len() < MAX_LOOKS {
            self.samples.push((sample, feature.copied(), 1));
        } else {
            self.others += 1;
        }
    }
}

/// The sample with its words.
fn labelled(sample: &LegendItem, text: String) -> LegendItem {
    let mut item = sample.clone();
    match &mut item {
        LegendItem::Line { label, .. }
        | LegendItem::Symbol { label, .. }
        | LegendItem::Swatch { label, .. } => *label = text,
        LegendItem::Heading(heading) => *heading = text,
    }
    item
}

/// The user layers under their names, with the symbols each draws in view. A layer drawn in
/// one look gets one row per kind (areas, lines, points) under its name; one whose features
/// carry their own simplestyle colours gets a row per colour, named by its features.
fn user_layer_legend(user_layers: &[UserLayerView<'_>], drawn: &[LayerDrawn]) -> Vec<LegendItem> {
    let mut items = Vec::new();
    for (layer, drawn) in user_layers.iter().zip(drawn) {
        let name = layer.name.trim();
        if name.is_empty() {
            continue;
        }
        for looks in [&drawn.areas, &drawn.lines, &drawn.points] {
            if let [(sample, ..)] = looks.samples.as_slice()
                && looks.others == 0
            {
                items.push(labelled(sample, name.to_owned()));
                continue;
            }
            for (sample, feature, count) in &looks.samples {
                let first = feature
                    .and_then(|f| layer.geometry.feature_labels.get(f))
                    .map_or("", String::as_str);
                let text = match count - 1 {
                    0 => format!("{name}: {first}"),
                    more => format!("{name}: {first} and {more} more"),
                };
                items.push(labelled(sample, text));
            }
            if looks.others > 0
                && let Some(last) = items.pop()
            {
                let text = format!("{} (+{} in other colours)", last.text(), looks.others);
                items.push(labelled(&last, text));
            }
        }
    }
    if !items.is_empty() {
        items.insert(0, LegendItem::Heading("Layers".into()));
    }
    items
}

/// Arcs, arrowheads, symbols, clusters and names of the story.
fn add_story(
    drawing: &StoryDrawing,
    primitives: &mut Vec<Primitive>,
    labels: &mut PendingLabels<'_>,
) {
    for (points, stroke) in &drawing.arcs {
        primitives.push(Primitive::Polyline {
            points: points.clone(),
            stroke: *stroke,
        });
    }
    for (head, fill) in &drawing.arrowheads {
        primitives.push(Primitive::Polygon {
            points: head.to_vec(),
            fill: *fill,
        });
    }
    let white = Rgba::rgb(0xff, 0xff, 0xff);
    for &(center, shape, radius, fill) in &drawing.markers {
        let [x, y, r] = [
            f64::from(center[0]),
            f64::from(center[1]),
            f64::from(radius) + 1.0,
        ];
        labels.obstacles.push([x - r, y - r, x + r, y + r]);
        primitives.push(Primitive::Marker {
            center,
            shape,
            radius,
            fill,
            stroke: Some(Stroke::solid(
                1.2,
                white.with_alpha(f32::from(fill.a) / 255.0),
            )),
        });
    }
    for &(center, count) in &drawing.clusters {
        let [x, y] = [f64::from(center[0]), f64::from(center[1])];
        labels
            .obstacles
            .push([x - 10.0, y - 10.0, x + 10.0, y + 10.0]);
        primitives.push(Primitive::Marker {
            center,
            shape: MarkerShape::Circle,
            radius: 9.0,
            fill: super::story::EVENT_COLOR,
            stroke: Some(Stroke::solid(1.5, white)),
        });
        primitives.push(Primitive::Label {
            text: count.to_string(),
            anchor: center,
            align: Align::Center,
            size: 10.0,
            color: white,
            halo: None,
        });
    }
    for (n, (name, center, radius, emphasised)) in drawing.names.iter().enumerate() {
        let key = drawing.key_name == Some(n);
        let priority = if key {
            3e6
        } else if *emphasised {
            2e6
        } else {
            2e5
        };
        let symbol = [f64::from(center[0]), f64::from(center[1])];
        let gap = f64::from(radius + 4.0);
        let ink = Rgba::rgb(0x1a, 0x1a, 0x1a);
        if key {
            labels.add_key(name, symbol, gap, 12.5, priority, ink);
        } else {
            labels.add_beside(name, symbol, gap, 11.5, priority, ink);
        }
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

/// The highlight of the country under the pointer: a warm tint with an outline, or, over a
/// country a dataset shades, a dark outline alone (a tint would read as another class, and
/// the warm outline would vanish against the ramp's oranges).
pub fn hover_highlight(
    base: &ProjectedDetail,
    index: usize,
    style: &MapStyle,
    shaded_countries: &[u32],
) -> Vec<Primitive> {
    let shaded = u32::try_from(index).is_ok_and(|i| shaded_countries.binary_search(&i).is_ok());
    if !shaded {
        return highlight(base, index, style.hover_fill, style.hover_outline);
    }
    let outline = Stroke::solid(style.hover_outline.width + 0.5, Rgba::rgb(0x2b, 0x1d, 0x0e));
    highlight(base, index, style.hover_fill, outline)
        .into_iter()
        .filter(|p| !matches!(p, Primitive::Fills { .. }))
        .collect()
}

/// Country names, sized by how large the country appears and placed without collisions; the
/// selected and hovered countries are named first.
fn add_country_labels(
    frame: &MapFrame<'_>,
    in_view: &[u32],
    labels: &mut PendingLabels<'_>,
    story_names: &[String],
) {
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
        // An actor named after the country ("Turkmenistan", "Government of Pakistan") already
        // names it on the map.
        let folded = country.name.to_lowercase();
        if !emphasised && story_names.iter().any(|n| n.contains(&folded)) {
            continue;
        }
        // A name much wider than its country would cover its neighbours: leave it out unless
        // the country is the one being looked at.
        if !emphasised && width > side * 3.0 {
            continue;
        }
        let priority = country.area_deg2.sqrt() + if emphasised { 1e6 } else { 0.0 };
        if let Some(center) = label_anchor(frame, index, label_point) {
            labels.add(&country.name, center, width, size, priority, style.label);
        }
    }
}

/// Cities of the gazetteer by size and zoom: the fewer pixels a degree spans, the larger a city
/// must be to be named (about 10 million people at a continent's scale, 200,000 at a province's,
/// every bundled city close up). Each is a dot with its name beside it, drawn only where the
/// name finds room, after the story's names and the countries'; a city an actor already names
/// (or a point of the user's layers) is left to it.
fn add_city_labels(frame: &MapFrame<'_>, labels: &mut PendingLabels<'_>, story_names: &[String]) {
    use crate::gazetteer::fold;
    let MapFrame {
        camera,
        base,
        style,
        ..
    } = *frame;
    let degrees_per_pixel = camera.degrees_per_pixel(base.projection.projection);
    let Some(min_population) = city_threshold(degrees_per_pixel) else {
        return;
    };
    let Some(gazetteer) = crate::gazetteer::Gazetteer::shared() else {
        return;
    };
    let transform = camera.transform();
    let [width, height] = camera.viewport;
    // Djibouti, Kuwait, Panama: a city named as its country is left to the country's name.
    let country_names: std::collections::HashSet<String> = base
        .data
        .base
        .countries
        .iter()
        .map(|c| c.name.to_lowercase())
        .collect();
    // Compared without accents and case: a story's "Herat" names the gazetteer's "Herāt".
    let country_names: std::collections::HashSet<String> =
        country_names.iter().map(|n| fold(n)).collect();
    let story_names: Vec<String> = story_names.iter().map(|n| fold(n)).collect();
    for city in gazetteer.cities(min_population) {
        let [x, y] = transform.apply(base.projection.forward(city.lon, city.lat));
        if x < 0.0 || y < 0.0 || x > width || y > height {
            continue;
        }
        let folded = fold(&city.name);
        if country_names.contains(&folded) || story_names.iter().any(|n| n.contains(&folded)) {
            continue;
        }
        let population = city.population.max(1) as f64;
        let size = (9.0 + (population.log10() - 4.0).max(0.0) * 0.8).clamp(9.5, 12.5) as f32;
        // Below every country's name (whose priority is the square root of its area in
        // square degrees, at least ~0.5 for the smallest), larger cities first.
        let priority = population.log10() * 0.05;
        let dot = Primitive::Marker {
            center: [x as f32, y as f32],
            shape: MarkerShape::Circle,
            radius: 2.2,
            fill: style.label,
            stroke: Some(Stroke::solid(0.8, style.label_halo)),
        };
        labels.add_with_dot(&city.name, [x, y], 4.0, size, priority, style.label, dot);
    }
}

/// Zoomed out further than this (degrees per pixel), the map is a world view.
const WORLD_VIEW_DEGREES_PER_PIXEL: f64 = 0.12;

/// The smallest population named at this zoom, or `None` zoomed out to the world.
fn city_threshold(degrees_per_pixel: f64) -> Option<u64> {
    // A whole-world view (0.19°/px across 1920 pixels, more in a window) names none.
    if !degrees_per_pixel.is_finite() || degrees_per_pixel > WORLD_VIEW_DEGREES_PER_PIXEL {
        return None;
    }
    // log10(people) falls by 1.2 for each tenfold zoom: 2 million at 0.05°/px.
    let log_people = 6.3 + (degrees_per_pixel / 0.05).log10() * 1.2;
    Some(10f64.powf(log_people.clamp(4.0, 7.5)) as u64)
}

/// How many rings of places further out the key actor's name may try.
const KEY_LABEL_RINGS: u8 = 4;

/// Labels waiting to be placed together, so country names and user labels avoid each other.
struct PendingLabels<'a> {
    font: &'a LabelFont,
    candidates: Vec<LabelCandidate>,
    texts: Vec<(String, f32, Rgba)>,
    /// For names of symbols: the symbol's centre and the gap a label keeps from it, so a label
    /// moved away gets a leader line back to its symbol.
    symbols: Vec<Option<([f64; 2], f64)>>,
    /// Symbols drawn only when their label is placed (a city's dot): the label's index.
    dots: Vec<(usize, Primitive)>,
    /// Boxes labels must not cover (the story's symbols).
    obstacles: Vec<[f64; 4]>,
}

impl<'a> PendingLabels<'a> {
    fn new(font: &'a LabelFont) -> Self {
        PendingLabels {
            font,
            candidates: Vec::new(),
            texts: Vec::new(),
            symbols: Vec::new(),
            dots: Vec::new(),
            obstacles: Vec::new(),
        }
    }

    /// Queues a label of `width` pixels (as measured by the frame's font) centred on `center`.
    fn add(
        &mut self,
        text: &str,
        center: [f64; 2],
        width: f64,
        size: f32,
        priority: f64,
        color: Rgba,
    ) {
        self.texts.push((text.to_owned(), size, color));
        self.symbols.push(None);
        self.candidates.push(LabelCandidate {
            center,
            size: [
                width,
                f64::from(self.font.ascent(size) + self.font.descent(size)),
            ],
            priority,
            alternatives: Vec::new(),
        });
    }

    /// Queues the name of a symbol: right of it, else left, above or below.
    fn add_beside(
        &mut self,
        text: &str,
        symbol: [f64; 2],
        gap: f64,
        size: f32,
        priority: f64,
        color: Rgba,
    ) {
        let width = f64::from(self.font.measure(text, size));
        let height = f64::from(self.font.ascent(size) + self.font.descent(size));
        let [x, y] = symbol;
        self.texts.push((text.to_owned(), size, color));
        self.symbols.push(Some((symbol, gap)));
        self.candidates.push(LabelCandidate {
            center: [x + gap + width / 2.0, y],
            size: [width, height],
            priority,
            alternatives: vec![
                [x - gap - width / 2.0, y],
                [x, y - gap - height / 2.0],
                [x, y + gap + height / 2.0],
            ],
        });
    }

    /// Queues the name of the story's key actor: beside its symbol if there is room, else on
    /// rings a little further out (joined by a leader line), never further than a few label
    /// heights, so it is always named near its symbol.
    fn add_key(
        &mut self,
        text: &str,
        symbol: [f64; 2],
        gap: f64,
        size: f32,
        priority: f64,
        color: Rgba,
    ) {
        self.add_beside(text, symbol, gap, size, priority, color);
        let height = f64::from(self.font.ascent(size) + self.font.descent(size));
        let width = f64::from(self.font.measure(text, size));
        let Some(candidate) = self.candidates.last_mut() else {
            return;
        };
        for ring in 1..=KEY_LABEL_RINGS {
            let reach = gap + height * f64::from(ring);
            for step in 0..12 {
                let angle = std::f64::consts::TAU * f64::from(step) / 12.0;
                let (dx, dy) = (angle.cos(), angle.sin());
                candidate.alternatives.push([
                    symbol[0] + dx * (reach + width / 2.0),
                    symbol[1] + dy * (reach + height / 2.0),
                ]);
            }
        }
    }

    /// Like [`add_beside`](Self::add_beside), with a symbol drawn only if the name is placed.
    #[allow(clippy::too_many_arguments)]
    fn add_with_dot(
        &mut self,
        text: &str,
        symbol: [f64; 2],
        gap: f64,
        size: f32,
        priority: f64,
        color: Rgba,
        dot: Primitive,
    ) {
        self.add_beside(text, symbol, gap, size, priority, color);
        self.dots.push((self.candidates.len() - 1, dot));
    }

    fn place(self, frame: &MapFrame<'_>) -> Vec<Primitive> {
        let placed = place_labels(
            &self.candidates,
            frame.camera.viewport,
            6.0,
            &self.obstacles,
        );
        let placed_indexes: std::collections::HashSet<usize> =
            placed.iter().map(|(i, _)| *i).collect();
        let mut leaders: Vec<Primitive> = self
            .dots
            .into_iter()
            .filter(|(i, _)| placed_indexes.contains(i))
            .map(|(_, dot)| dot)
            .collect();
        let mut texts = Vec::new();
        for (i, [x, y]) in placed {
            let (text, size, color) = self.texts[i].clone();
            if let Some(Some((symbol, gap))) = self.symbols.get(i) {
                let [w, h] = self.candidates[i].size;
                // The nearest point of the label's box to the symbol.
                let near = [
                    symbol[0].clamp(x - w / 2.0, x + w / 2.0),
                    symbol[1].clamp(y - h / 2.0, y + h / 2.0),
                ];
                let distance = (near[0] - symbol[0]).hypot(near[1] - symbol[1]);
                if distance > gap + 3.0 {
                    let t = gap.min(distance) / distance;
                    let start = [
                        symbol[0] + (near[0] - symbol[0]) * t,
                        symbol[1] + (near[1] - symbol[1]) * t,
                    ];
                    leaders.push(Primitive::Polyline {
                        points: vec![
                            [start[0] as f32, start[1] as f32],
                            [near[0] as f32, near[1] as f32],
                        ],
                        stroke: Stroke::solid(1.0, color.with_alpha(0.7)),
                    });
                }
            }
            texts.push(Primitive::Label {
                text,
                anchor: [x as f32, y as f32],
                align: Align::Center,
                size,
                color,
                halo: Some(frame.style.label_halo),
            });
        }
        leaders.extend(texts);
        leaders
    }
}
