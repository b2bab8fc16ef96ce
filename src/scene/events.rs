//! A dataset's events on the map: clusters from the dataset's hierarchy (never a pass over
//! every event), single events as small markers, or a density view — the same for the window
//! and every picture.

use std::sync::Arc;

use crate::events::cluster::{Cluster, ClusterIndex, cell_box};
use crate::events::table::{EventTable, MISSING, Role};
use crate::map::camera::{Camera, LonLat, ScreenPoint};
use crate::map::projection::Projection;

use super::choropleth::AreaCounts;
use super::story::LegendItem;
use super::{Align, MarkerShape, Primitive, Rgba, Stroke};

/// How a dataset is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetMode {
    /// Markers by category, grouped into counted clusters where they crowd.
    #[default]
    Clusters,
    /// A density grid: colour by the number of events per cell.
    Density,
}

/// A dataset ready to draw: its table, its hierarchy (already counted for the filter) and how.
#[derive(Clone, Copy)]
pub struct DatasetInput<'a> {
    pub name: &'a str,
    /// Shared, so a picture drawn on another thread takes the dataset without copying it.
    pub table: &'a Arc<EventTable>,
    pub index: &'a Arc<ClusterIndex>,
    pub mode: DatasetMode,
    /// The event singled out in the window.
    pub selected: Option<usize>,
    /// Shown events per country or first-level area, when the dataset shades them.
    pub shading: Option<&'a Arc<AreaCounts>>,
}

/// What a click on a dataset's marker means.
#[derive(Clone, Debug, PartialEq)]
pub enum DatasetTarget {
    /// One event (its row in the table).
    Event(usize),
    /// Several: clicking zooms to `[west, south, east, north]`.
    Cluster { count: u32, area: [f64; 4] },
}

/// Where a dataset's marker is drawn, for hover and click.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetHit {
    /// Which of the scene's datasets.
    pub dataset: usize,
    pub center: [f32; 2],
    pub radius: f32,
    pub target: DatasetTarget,
}

/// What the datasets add to a scene.
#[derive(Debug, Default)]
pub struct DatasetDrawing {
    pub primitives: Vec<Primitive>,
    pub hits: Vec<DatasetHit>,
    pub legend: Vec<LegendItem>,
}

/// Target width of a cluster cell on screen, in pixels: about the size of a big cluster.
const CELL_PIXELS: f64 = 56.0;
/// Clusters whose centres are closer than this (pixels) are drawn as one.
const MERGE_PIXELS: f32 = 30.0;
/// Width of a density cell, in pixels.
const DENSITY_PIXELS: f64 = 7.0;
/// At most this many cells are drawn; more means a finer level than the view needs.
const CELL_LIMIT: usize = 60_000;

/// Colours for event categories: strong, told apart in a colour-blind view (Okabe–Ito order)
/// and kept apart from the story's tie colours by a white ring and their round shape.
pub const CATEGORY_COLORS: [Rgba; 8] = [
    Rgba::rgb(0xd5, 0x5e, 0x00),
    Rgba::rgb(0x00, 0x72, 0xb2),
    Rgba::rgb(0x00, 0x9e, 0x73),
    Rgba::rgb(0xcc, 0x79, 0xa7),
    Rgba::rgb(0xe6, 0x9f, 0x00),
    Rgba::rgb(0x56, 0xb4, 0xe9),
    Rgba::rgb(0x7a, 0x5c, 0x2e),
    Rgba::rgb(0x66, 0x66, 0x66),
];

/// The colour of a category code (and "other" for events without one).
pub fn category_color(code: Option<u32>) -> Rgba {
    match code {
        Some(code) if code != MISSING => {
            CATEGORY_COLORS[code as usize % (CATEGORY_COLORS.len() - 1)]
        }
        _ => CATEGORY_COLORS[CATEGORY_COLORS.len() - 1],
    }
}

/// The box of longitude/latitude the camera shows, found by sampling the screen (world
/// projections curve, so the corners alone do not bound it), with a margin of a cell.
pub fn visible_area(camera: &Camera, projection: Projection) -> [f64; 4] {
    let [w, h] = camera.viewport;
    let mut area = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut off_globe = false;
    const STEPS: usize = 12;
    for i in 0..=STEPS {
        for j in 0..=STEPS {
            let point = ScreenPoint::new(w * i as f64 / STEPS as f64, h * j as f64 / STEPS as f64);
            match camera.screen_to_lon_lat(projection, point) {
                Some(LonLat { lon, lat }) => {
                    area[0] = area[0].min(lon);
                    area[1] = area[1].min(lat);
                    area[2] = area[2].max(lon);
                    area[3] = area[3].max(lat);
                }
                None => off_globe = true,
            }
        }
    }
    if !area[0].is_finite() {
        return [-180.0, -90.0, 180.0, 90.0];
    }
    // Where the screen shows the globe's edge, the view reaches further than the samples.
    let margin = if off_globe {
        10.0
    } else {
        2.0 * camera.degrees_per_pixel(projection) * CELL_PIXELS
    };
    [
        (area[0] - margin).max(-180.0),
        (area[1] - margin).max(-90.0),
        (area[2] + margin).min(180.0),
        (area[3] + margin).min(90.0),
    ]
}

/// Draws every dataset; `scale` is output pixels per scene pixel (markers keep their size).
pub fn draw_datasets(
    datasets: &[DatasetInput<'_>],
    camera: &Camera,
    projection: Projection,
) -> DatasetDrawing {
    let mut drawing = DatasetDrawing::default();
    if datasets.is_empty() {
        return drawing;
    }
    let area = visible_area(camera, projection);
    let pixels_per_degree = 1.0 / camera.degrees_per_pixel(projection).max(1e-12);
    for (n, dataset) in datasets.iter().enumerate() {
        match dataset.mode {
            DatasetMode::Clusters => draw_clusters(
                n,
                dataset,
                camera,
                projection,
                area,
                pixels_per_degree,
                &mut drawing,
            ),
            DatasetMode::Density => draw_density(
                dataset,
                camera,
                projection,
                area,
                pixels_per_degree,
                &mut drawing,
            ),
        }
    }
    drawing
}

fn to_screen(camera: &Camera, projection: Projection, lon: f64, lat: f64) -> [f32; 2] {
    let p = camera.lon_lat_to_screen(projection, LonLat::new(lon, lat));
    [p.x as f32, p.y as f32]
}

fn on_screen(camera: &Camera, p: [f32; 2], margin: f32) -> bool {
    p[0].is_finite()
        && p[1].is_finite()
        && p[0] >= -margin
        && p[1] >= -margin
        && f64::from(p[0] - margin) <= camera.viewport[0]
        && f64::from(p[1] - margin) <= camera.viewport[1]
}

/// A cluster as drawn: merged neighbours, their count and the area they cover.
struct Group {
    center: [f32; 2],
    count: u32,
    area: [f64; 4],
    members: Vec<usize>,
}

fn draw_clusters(
    n: usize,
    dataset: &DatasetInput<'_>,
    camera: &Camera,
    projection: Projection,
    area: [f64; 4],
    pixels_per_degree: f64,
    drawing: &mut DatasetDrawing,
) {
    let mut level = ClusterIndex::level_for(pixels_per_degree, CELL_PIXELS);
    let mut cells = dataset.index.clusters(level, area, CELL_LIMIT);
    while cells.len() >= CELL_LIMIT && level > 0 {
        level -= 1;
        cells = dataset.index.clusters(level, area, CELL_LIMIT);
    }
    let groups = merge_nearby(&cells, camera, projection);
    let category = dataset.table.field(Role::Category);
    let mut drawn_categories: Vec<u32> = Vec::new();
    let white = Rgba::rgb(0xff, 0xff, 0xff);
    for group in &groups {
        if !on_screen(camera, group.center, 30.0) {
            continue;
        }
        let code = dominant_category(dataset, &cells, &group.members);
        if let Some(code) = code
            && !drawn_categories.contains(&code)
        {
            drawn_categories.push(code);
        }
        let color = category_color(code);
        let single = (group.count == 1)
            .then(|| single_row(dataset, &cells, &group.members))
            .flatten();
        match single {
            Some(row) => {
                let selected = dataset.selected == Some(row);
                let radius = if selected { 6.5 } else { 4.5 };
                drawing.primitives.push(Primitive::Marker {
                    center: group.center,
                    shape: MarkerShape::Circle,
                    radius,
                    fill: color,
                    stroke: Some(if selected {
                        Stroke::solid(2.5, Rgba::rgb(0x11, 0x11, 0x11))
                    } else {
                        Stroke::solid(1.0, white)
                    }),
                });
                drawing.hits.push(DatasetHit {
                    dataset: n,
                    center: group.center,
                    radius: radius + 2.0,
                    target: DatasetTarget::Event(row),
                });
            }
            None => {
                let radius = cluster_radius(group.count);
                drawing.primitives.push(Primitive::Marker {
                    center: group.center,
                    shape: MarkerShape::Circle,
                    radius,
                    fill: color.with_alpha(0.88),
                    stroke: Some(Stroke::solid(1.5, white)),
                });
                drawing.primitives.push(Primitive::Label {
                    text: short_count(group.count),
                    anchor: group.center,
                    align: Align::Center,
                    size: if radius > 12.0 { 12.0 } else { 10.5 },
                    color: white,
                    halo: Some(color.with_alpha(1.0)),
                });
                drawing.hits.push(DatasetHit {
                    dataset: n,
                    center: group.center,
                    radius,
                    target: DatasetTarget::Cluster {
                        count: group.count,
                        area: group.area,
                    },
                });
            }
        }
    }
    if !drawn_categories.is_empty() {
        drawing
            .legend
            .push(LegendItem::Heading(dataset.name.to_owned()));
        drawn_categories.sort_unstable();
        for code in drawn_categories.into_iter().take(CATEGORY_COLORS.len()) {
            let label = category.map_or_else(|| "Events".to_owned(), |f| text_of_code(f, code));
            drawing.legend.push(LegendItem::Symbol {
                label,
                shape: MarkerShape::Circle,
                color: category_color(Some(code)),
            });
        }
    }
}

fn text_of_code(field: &crate::events::table::Field, code: u32) -> String {
    match &field.column {
        crate::events::table::Column::Dict { values, .. } => {
            values.get(code as usize).cloned().unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// Groups cells whose centres fall within [`MERGE_PIXELS`] of a bigger one, biggest first (the
/// greedy pass of supercluster, over the cells of one level rather than every event).
fn merge_nearby(cells: &[Cluster], camera: &Camera, projection: Projection) -> Vec<Group> {
    let centers: Vec<[f32; 2]> = cells
        .iter()
        .map(|c| to_screen(camera, projection, c.lon, c.lat))
        .collect();
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| cells[b].count.cmp(&cells[a].count));
    // A screen grid of merge-sized buckets finds the neighbours of a cell in O(1).
    let bucket = |p: [f32; 2]| {
        (
            (p[0] / MERGE_PIXELS).floor() as i32,
            (p[1] / MERGE_PIXELS).floor() as i32,
        )
    };
    let mut buckets: std::collections::HashMap<(i32, i32), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, &p) in centers.iter().enumerate() {
        if p[0].is_finite() && p[1].is_finite() {
            buckets.entry(bucket(p)).or_default().push(i);
        }
    }
    let mut taken = vec![false; cells.len()];
    let mut groups = Vec::new();
    for &i in &order {
        if taken[i] || !(centers[i][0].is_finite() && centers[i][1].is_finite()) {
            continue;
        }
        taken[i] = true;
        let mut members = vec![i];
        let (bx, by) = bucket(centers[i]);
        for dx in -1..=1 {
            for dy in -1..=1 {
                for &j in buckets.get(&(bx + dx, by + dy)).into_iter().flatten() {
                    let [x, y] = [centers[j][0] - centers[i][0], centers[j][1] - centers[i][1]];
                    if !taken[j] && x * x + y * y <= MERGE_PIXELS * MERGE_PIXELS {
                        taken[j] = true;
                        members.push(j);
                    }
                }
            }
        }
        let count: u32 = members.iter().map(|&m| cells[m].count).sum();
        let weight = |m: usize| cells[m].count as f32 / count as f32;
        let center = members.iter().fold([0.0f32, 0.0], |acc, &m| {
            [
                acc[0] + centers[m][0] * weight(m),
                acc[1] + centers[m][1] * weight(m),
            ]
        });
        let area = members.iter().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |a, &m| {
                let b = cells[m].cell_box();
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            },
        );
        groups.push(Group {
            center,
            count,
            area,
            members,
        });
    }
    groups
}

/// The shown row of a group of one event.
fn single_row(dataset: &DatasetInput<'_>, cells: &[Cluster], members: &[usize]) -> Option<usize> {
    let index = dataset.index;
    members.iter().find_map(|&m| {
        let run = cells[m].run.clone();
        let start = run.start;
        index
            .rows(run)
            .iter()
            .enumerate()
            .find(|(k, _)| index.is_shown_at(start + k))
            .map(|(_, &row)| row as usize)
    })
}

/// The category most of a group's shown events have, from an even sample of at most a few
/// hundred of them, so a cluster of a million costs what a cluster of three hundred does.
fn dominant_category(
    dataset: &DatasetInput<'_>,
    cells: &[Cluster],
    members: &[usize],
) -> Option<u32> {
    let column = &dataset.table.field(Role::Category)?.column;
    let index = dataset.index;
    let mut tally: Vec<(u32, u32)> = Vec::new();
    const SAMPLE: usize = 256;
    for &m in members {
        let run = cells[m].run.clone();
        let step = (run.len() / SAMPLE).max(1);
        for i in run.step_by(step) {
            if !index.is_shown_at(i) {
                continue;
            }
            let Some(&row) = index.rows(i..i + 1).first() else {
                continue;
            };
            if let Some(code) = column.code(row as usize) {
                match tally.iter_mut().find(|(c, _)| *c == code) {
                    Some(entry) => entry.1 += 1,
                    None => tally.push((code, 1)),
                }
            }
        }
    }
    tally
        .into_iter()
        .max_by_key(|&(code, n)| (n, std::cmp::Reverse(code)))
        .map(|(code, _)| code)
}

/// Bigger clusters are bigger, on a log scale so a million does not cover the map.
fn cluster_radius(count: u32) -> f32 {
    (8.0 + 4.5 * (count.max(1) as f32).log10()).min(30.0)
}

/// "7", "842", "3.4k", "12k", "1.2M".
pub fn short_count(count: u32) -> String {
    match count {
        0..=999 => count.to_string(),
        1_000..=9_999 => format!("{:.1}k", f64::from(count) / 1e3),
        10_000..=999_999 => format!("{}k", count / 1_000),
        _ => format!("{:.1}M", f64::from(count) / 1e6),
    }
}

/// A density grid: cells of about [`DENSITY_PIXELS`], coloured by count on a log scale.
fn draw_density(
    dataset: &DatasetInput<'_>,
    camera: &Camera,
    projection: Projection,
    area: [f64; 4],
    pixels_per_degree: f64,
    drawing: &mut DatasetDrawing,
) {
    let mut level = ClusterIndex::level_for(pixels_per_degree, DENSITY_PIXELS);
    let mut cells = dataset.index.clusters(level, area, CELL_LIMIT);
    while cells.len() >= CELL_LIMIT && level > 0 {
        level -= 1;
        cells = dataset.index.clusters(level, area, CELL_LIMIT);
    }
    let most = cells.iter().map(|c| c.count).max().unwrap_or(1).max(2);
    let scale = f64::from(most).ln();
    for cell in &cells {
        let [w, s, e, n] = cell_box(cell.level, cell.code);
        let corners = [
            to_screen(camera, projection, w, s),
            to_screen(camera, projection, e, s),
            to_screen(camera, projection, e, n),
            to_screen(camera, projection, w, n),
        ];
        if corners
            .iter()
            .any(|p| !(p[0].is_finite() && p[1].is_finite()))
        {
            continue;
        }
        let t = (f64::from(cell.count).ln() / scale).clamp(0.0, 1.0);
        drawing.primitives.push(Primitive::Polygon {
            points: corners.to_vec(),
            fill: density_color(t as f32),
        });
    }
    if !cells.is_empty() {
        drawing.legend.push(LegendItem::Heading(format!(
            "{} (events per cell)",
            dataset.name
        )));
        for (label, t) in [("few".to_owned(), 0.0), (format!("{}", most), 1.0)] {
            drawing.legend.push(LegendItem::Symbol {
                label,
                shape: MarkerShape::Square,
                color: density_color(t),
            });
        }
    }
}

/// A sequential ramp from pale yellow to dark red (readable on land and sea, and in
/// grey-scale), more opaque where denser.
pub fn density_color(t: f32) -> Rgba {
    const STOPS: [[f32; 3]; 4] = [
        [255.0, 237.0, 160.0],
        [254.0, 178.0, 76.0],
        [240.0, 59.0, 32.0],
        [128.0, 0.0, 38.0],
    ];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f32;
    let i = (t.floor() as usize).min(STOPS.len() - 2);
    let f = t - i as f32;
    let mix = |k: usize| (STOPS[i][k] + (STOPS[i + 1][k] - STOPS[i][k]) * f).round() as u8;
    Rgba::new(mix(0), mix(1), mix(2), (150.0 + 90.0 * t / 3.0) as u8)
}

/// Datasets ready to draw, owned, so a picture can be drawn on another thread.
#[derive(Clone)]
pub struct OwnedDataset {
    pub name: String,
    pub table: Arc<EventTable>,
    pub index: Arc<ClusterIndex>,
    pub mode: DatasetMode,
    pub selected: Option<usize>,
    pub shading: Option<Arc<AreaCounts>>,
}

impl OwnedDataset {
    /// `input` owned; the table and hierarchy are shared, not copied.
    pub fn of(input: &DatasetInput<'_>) -> OwnedDataset {
        OwnedDataset {
            name: input.name.to_owned(),
            table: Arc::clone(input.table),
            index: Arc::clone(input.index),
            mode: input.mode,
            selected: input.selected,
            shading: input.shading.cloned(),
        }
    }

    pub fn input(&self) -> DatasetInput<'_> {
        DatasetInput {
            name: &self.name,
            table: &self.table,
            index: &self.index,
            mode: self.mode,
            selected: self.selected,
            shading: self.shading.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::table::{DictBuilder, Field};

    fn dataset(points: &[(f64, f64, &str)]) -> (Arc<EventTable>, Arc<ClusterIndex>) {
        let mut category = DictBuilder::default();
        let mut table = EventTable::default();
        for (i, &(lon, lat, c)) in points.iter().enumerate() {
            table.lon.push(lon);
            table.lat.push(lat);
            table.day_start.push(0);
            table.day_end.push(0);
            table.line.push(i as u32 + 2);
            category.push(c);
        }
        table.fields.push(Field {
            name: "event_type".into(),
            role: Some(Role::Category),
            column: category.finish(),
        });
        let index = ClusterIndex::new(&table);
        (Arc::new(table), Arc::new(index))
    }

    fn world() -> Camera {
        Camera::world(Projection::EqualEarth, [1920.0, 1080.0])
    }

    #[test]
    fn crowded_events_become_one_counted_cluster_and_lone_ones_stay_markers() {
        let mut points: Vec<(f64, f64, &str)> = (0..500)
            .map(|i| (69.0 + f64::from(i % 10) * 0.01, 34.5, "Battles"))
            .collect();
        points.push((-70.0, -30.0, "Protests"));
        let (table, index) = dataset(&points);
        let input = DatasetInput {
            name: "ACLED",
            table: &table,
            index: &index,
            mode: DatasetMode::Clusters,
            selected: None,
            shading: None,
        };
        let drawing = draw_datasets(&[input], &world(), Projection::EqualEarth);
        let clusters: Vec<u32> = drawing
            .hits
            .iter()
            .filter_map(|h| match h.target {
                DatasetTarget::Cluster { count, .. } => Some(count),
                _ => None,
            })
            .collect();
        assert_eq!(clusters, vec![500]);
        assert!(
            drawing
                .hits
                .iter()
                .any(|h| h.target == DatasetTarget::Event(500))
        );
        assert!(
            drawing
                .primitives
                .iter()
                .any(|p| matches!(p, Primitive::Label { text, .. } if text == "500"))
        );
        let legend: Vec<String> = drawing
            .legend
            .iter()
            .map(|item| item.text().to_owned())
            .collect();
        assert_eq!(legend, vec!["ACLED", "Battles", "Protests"]);
    }

    #[test]
    fn zooming_in_splits_a_cluster() {
        let points: Vec<(f64, f64, &str)> = vec![(69.0, 34.5, "A"), (69.5, 34.5, "A")];
        let (table, index) = dataset(&points);
        let input = DatasetInput {
            name: "d",
            table: &table,
            index: &index,
            mode: DatasetMode::Clusters,
            selected: None,
            shading: None,
        };
        let world_hits = draw_datasets(&[input], &world(), Projection::EqualEarth).hits;
        assert_eq!(world_hits.len(), 1, "one cluster at world view");
        let close = Camera::fit_lon_lat(
            Projection::EqualEarth,
            crate::map::camera::LonLatBox::new(68.5, 34.0, 70.0, 35.0),
            [1000.0, 800.0],
            0.02,
        );
        let close_hits = draw_datasets(&[input], &close, Projection::EqualEarth).hits;
        assert_eq!(close_hits.len(), 2, "two markers close up");
        assert!(
            close_hits
                .iter()
                .all(|h| matches!(h.target, DatasetTarget::Event(_)))
        );
    }

    #[test]
    fn the_density_view_colours_denser_cells_darker() {
        let mut points: Vec<(f64, f64, &str)> = (0..100).map(|_| (10.0, 10.0, "A")).collect();
        points.push((-50.0, -10.0, "A"));
        let (table, index) = dataset(&points);
        let input = DatasetInput {
            name: "d",
            table: &table,
            index: &index,
            mode: DatasetMode::Density,
            selected: None,
            shading: None,
        };
        let drawing = draw_datasets(&[input], &world(), Projection::EqualEarth);
        let fills: Vec<Rgba> = drawing
            .primitives
            .iter()
            .filter_map(|p| match p {
                Primitive::Polygon { fill, .. } => Some(*fill),
                _ => None,
            })
            .collect();
        assert_eq!(fills.len(), 2);
        let darkness = |c: &Rgba| u32::from(c.r) + u32::from(c.g) + u32::from(c.b);
        let (a, b) = (darkness(&fills[0]), darkness(&fills[1]));
        assert!(a != b, "counts 100 and 1 differ in colour");
    }

    #[test]
    fn counts_are_short() {
        assert_eq!(short_count(7), "7");
        assert_eq!(short_count(3_412), "3.4k");
        assert_eq!(short_count(12_900), "12k");
        assert_eq!(short_count(1_200_000), "1.2M");
    }
}
