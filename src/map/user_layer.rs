//! A user's GeoJSON layer prepared for drawing: polygons triangulated once, lines and points
//! kept in longitude/latitude, and everything projected per projection like the base map.

use std::sync::Arc;

use geo::{Geometry, LineString, MultiPolygon, Polygon};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::label_guess::{feature_label, guess_label_property};
use super::projected::{ProjectedLines, ProjectedShape};
use super::projection::CentredProjection;
use super::simplestyle::FeatureStyle;
use super::tessellate::CountryShape;
use super::vector_layer::VectorLayer;

/// A user layer's geometry split by kind, in longitude/latitude. Each polygon shape, line
/// and point remembers its feature (an index into [`VectorLayer::features`]), so it can be
/// drawn in that feature's style and a click on it can name the feature.
#[derive(Debug, Default)]
pub struct LayerGeometry {
    pub polygons: Vec<Arc<CountryShape>>,
    pub lines: Vec<LineString<f64>>,
    pub points: Vec<[f64; 2]>,
    /// The name of each point's feature, drawn beside it.
    pub point_labels: Vec<String>,
    /// The feature of each polygon shape, line and point, in the same order.
    pub polygon_features: Vec<usize>,
    pub line_features: Vec<usize>,
    pub point_features: Vec<usize>,
    /// Each feature's simplestyle properties (shared by every projection).
    pub styles: Arc<Vec<FeatureStyle>>,
    /// Each feature's name (by the layer's label property), for the legend's rows of a layer
    /// drawn in several colours.
    pub feature_labels: Arc<Vec<String>>,
}

impl LayerGeometry {
    /// Sorts a layer's features into polygons (triangulated), lines and points, labelled by
    /// the property that looks most like a name.
    pub fn from_layer(layer: &VectorLayer) -> LayerGeometry {
        LayerGeometry::labelled(layer, guess_label_property(layer).as_deref())
    }

    /// As [`LayerGeometry::from_layer`], labelled by the property `label_key`.
    pub fn labelled(layer: &VectorLayer, label_key: Option<&str>) -> LayerGeometry {
        let mut out = LayerGeometry {
            styles: Arc::new(
                layer
                    .features
                    .iter()
                    .map(|f| FeatureStyle::from_properties(&f.properties))
                    .collect(),
            ),
            feature_labels: Arc::new(feature_labels(layer, label_key)),
            ..LayerGeometry::default()
        };
        for (index, feature) in layer.features.iter().enumerate() {
            out.add(
                &feature.geometry,
                &feature_label(feature, label_key, index),
                index,
            );
        }
        out
    }

    /// Labels the points by another property, keeping the geometry.
    pub fn relabel(&mut self, layer: &VectorLayer, label_key: Option<&str>) {
        self.feature_labels = Arc::new(feature_labels(layer, label_key));
        self.point_labels = self
            .point_features
            .iter()
            .map(|&i| {
                layer
                    .features
                    .get(i)
                    .map(|f| feature_label(f, label_key, i))
                    .unwrap_or_default()
            })
            .collect();
    }

    fn add(&mut self, geometry: &Geometry<f64>, label: &str, feature: usize) {
        match geometry {
            Geometry::Point(p) => self.add_point([p.x(), p.y()], label, feature),
            Geometry::MultiPoint(mp) => mp
                .iter()
                .for_each(|p| self.add_point([p.x(), p.y()], label, feature)),
            Geometry::Line(l) => self.add_line(LineString::from(vec![l.start, l.end]), feature),
            Geometry::LineString(l) => self.add_line(l.clone(), feature),
            Geometry::MultiLineString(m) => {
                m.iter().for_each(|l| self.add_line(l.clone(), feature));
            }
            Geometry::Polygon(p) => self.add_polygons(vec![p.clone()], feature),
            Geometry::MultiPolygon(m) => self.add_polygons(m.0.clone(), feature),
            Geometry::Rect(r) => self.add_polygons(vec![r.to_polygon()], feature),
            Geometry::Triangle(t) => self.add_polygons(vec![t.to_polygon()], feature),
            // The parser bounds nesting depth, so this recursion is bounded too.
            Geometry::GeometryCollection(c) => {
                c.iter().for_each(|g| self.add(g, label, feature));
            }
        }
    }

    fn add_point(&mut self, point: [f64; 2], label: &str, feature: usize) {
        self.points.push(point);
        self.point_labels.push(label.to_owned());
        self.point_features.push(feature);
    }

    /// Lines of fewer than two points are left out here, as projecting them would, so the
    /// projected runs stay one per line.
    fn add_line(&mut self, line: LineString<f64>, feature: usize) {
        if line.0.len() >= 2 {
            self.lines.push(line);
            self.line_features.push(feature);
        }
    }

    fn add_polygons(&mut self, polygons: Vec<Polygon<f64>>, feature: usize) {
        // Outlines are drawn from the rings, so degenerate rings are skipped here.
        let polygons: Vec<Polygon<f64>> = polygons
            .into_iter()
            .filter(|p| p.exterior().0.len() >= 4)
            .collect();
        if !polygons.is_empty() {
            self.polygons
                .push(Arc::new(CountryShape::tessellate(&MultiPolygon(polygons))));
            self.polygon_features.push(feature);
        }
    }

    /// Projects the layer, and indexes what it draws for the hit-test. On a map centred away
    /// from Greenwich, polygons and lines that reach over the seam are cut there (a line may
    /// then be several runs, each naming its feature).
    pub fn project(&self, projection: impl Into<CentredProjection>) -> ProjectedLayer {
        let projection = projection.into();
        let polygons: Vec<ProjectedShape> = self
            .polygons
            .iter()
            .map(|s| ProjectedShape::project(s, projection))
            .collect();
        let (lines, runs_per_line) = ProjectedLines::project_counted(&self.lines, projection);
        let line_features: Vec<usize> = self
            .line_features
            .iter()
            .zip(&runs_per_line)
            .flat_map(|(&feature, &runs)| std::iter::repeat_n(feature, runs))
            .collect();
        let points: Vec<[f64; 2]> = self
            .points
            .iter()
            .map(|&[lon, lat]| projection.forward(lon, lat))
            .collect();
        let index = Arc::new(LayerIndex::build(&polygons, &lines, &points));
        ProjectedLayer {
            polygons: Arc::new(polygons),
            lines: Arc::new(lines),
            points,
            point_labels: self.point_labels.clone(),
            polygon_features: Arc::new(self.polygon_features.clone()),
            line_features: Arc::new(line_features),
            point_features: Arc::new(self.point_features.clone()),
            styles: Arc::clone(&self.styles),
            feature_labels: Arc::clone(&self.feature_labels),
            index,
        }
    }
}

fn feature_labels(layer: &VectorLayer, label_key: Option<&str>) -> Vec<String> {
    layer
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| feature_label(f, label_key, i))
        .collect()
}

/// What an entry of the [`LayerIndex`] stands for: a point, a line run or a polygon shape, by
/// its position in the projected layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Drawn {
    Point(usize),
    Line(usize),
    Polygon(usize),
}

type IndexEntry = GeomWithData<Rectangle<[f64; 2]>, Drawn>;

/// An R-tree of the boxes of a projected layer's points, lines and polygons, built once per
/// projection, so the hit-test under the pointer (every frame the pointer moves) looks at the
/// few things near it rather than at every feature of a large layer.
#[derive(Debug, Default)]
pub struct LayerIndex {
    tree: RTree<IndexEntry>,
}

impl LayerIndex {
    fn build(
        polygons: &[ProjectedShape],
        lines: &ProjectedLines,
        points: &[[f64; 2]],
    ) -> LayerIndex {
        let finite = |b: &[f64; 4]| b.iter().all(|v| v.is_finite());
        let entry = |b: [f64; 4], what: Drawn| {
            finite(&b).then(|| {
                GeomWithData::new(Rectangle::from_corners([b[0], b[1]], [b[2], b[3]]), what)
            })
        };
        let entries: Vec<IndexEntry> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| entry([p[0], p[1], p[0], p[1]], Drawn::Point(i)))
            .chain(
                lines
                    .runs
                    .iter()
                    .enumerate()
                    .filter_map(|(i, run)| entry(run.bbox, Drawn::Line(i))),
            )
            .chain(
                polygons
                    .iter()
                    .enumerate()
                    .filter_map(|(i, shape)| entry(shape.bbox, Drawn::Polygon(i))),
            )
            .collect();
        LayerIndex {
            tree: RTree::bulk_load(entries),
        }
    }

    /// What has a box within `tolerance` of `p`.
    fn near(&self, p: [f64; 2], tolerance: f64) -> impl Iterator<Item = Drawn> + '_ {
        let envelope = AABB::from_corners(
            [p[0] - tolerance, p[1] - tolerance],
            [p[0] + tolerance, p[1] + tolerance],
        );
        self.tree
            .locate_in_envelope_intersecting(envelope)
            .map(|entry| entry.data)
    }
}

/// A user layer in one projection.
#[derive(Clone, Debug, Default)]
pub struct ProjectedLayer {
    pub polygons: Arc<Vec<ProjectedShape>>,
    pub lines: Arc<ProjectedLines>,
    pub points: Vec<[f64; 2]>,
    /// One label per point.
    pub point_labels: Vec<String>,
    /// As in [`LayerGeometry`].
    pub polygon_features: Arc<Vec<usize>>,
    pub line_features: Arc<Vec<usize>>,
    pub point_features: Arc<Vec<usize>>,
    pub styles: Arc<Vec<FeatureStyle>>,
    pub feature_labels: Arc<Vec<String>>,
    /// The boxes of the points, lines and polygons, for [`ProjectedLayer::feature_at`].
    index: Arc<LayerIndex>,
}

impl ProjectedLayer {
    /// The feature drawn at projected point `p`, the topmost first: a point within
    /// `tolerance` (projected units), then a line within `tolerance`, then a polygon that
    /// contains `p`. Points and lines are drawn over areas, so they are found first. Only
    /// features `shown` flags (one flag per feature; `None`: all) are found: a hidden one is
    /// not drawn, so it cannot be pointed at. The candidates come from the layer's R-tree.
    pub fn feature_at(&self, p: [f64; 2], tolerance: f64, shown: Option<&[bool]>) -> Option<usize> {
        let shown = |f: usize| shown.is_none_or(|m| m.get(f).copied().unwrap_or(true));
        // The nearest point and line within the tolerance: (distance, feature).
        let mut near_point: Option<(f64, usize)> = None;
        let mut near_line: Option<(f64, usize)> = None;
        // The last polygon drawn is on top.
        let mut top_polygon: Option<usize> = None;
        // At equal distance the feature drawn later (on top) wins.
        let closer = |best: &mut Option<(f64, usize)>, d: f64, f: usize| {
            if d <= tolerance && best.is_none_or(|(b, bf)| d < b || (d == b && f > bf)) {
                *best = Some((d, f));
            }
        };
        for drawn in self.index.near(p, tolerance) {
            match drawn {
                Drawn::Point(i) => {
                    if let (Some(q), Some(&f)) = (self.points.get(i), self.point_features.get(i))
                        && shown(f)
                    {
                        closer(&mut near_point, (q[0] - p[0]).hypot(q[1] - p[1]), f);
                    }
                }
                Drawn::Line(i) => {
                    if let (Some(run), Some(&f)) =
                        (self.lines.runs.get(i), self.line_features.get(i))
                        && shown(f)
                    {
                        let d = self
                            .lines
                            .run_points(run)
                            .windows(2)
                            .map(|w| segment_distance(p, w[0], w[1]))
                            .fold(f64::INFINITY, f64::min);
                        closer(&mut near_line, d, f);
                    }
                }
                Drawn::Polygon(i) => {
                    if top_polygon.is_none_or(|top| i > top)
                        && let (Some(shape), Some(&f)) =
                            (self.polygons.get(i), self.polygon_features.get(i))
                        && shown(f)
                    {
                        let [x0, y0, x1, y1] = shape.bbox;
                        if p[0] >= x0
                            && p[0] <= x1
                            && p[1] >= y0
                            && p[1] <= y1
                            && rings_contain(shape, p)
                        {
                            top_polygon = Some(i);
                        }
                    }
                }
            }
        }
        near_point
            .or(near_line)
            .map(|(_, f)| f)
            .or_else(|| top_polygon.and_then(|i| self.polygon_features.get(i).copied()))
    }
}

/// Even–odd test over every ring (outer rings and holes alike), so holes are left out.
fn rings_contain(shape: &ProjectedShape, p: [f64; 2]) -> bool {
    let mut inside = false;
    for ring in shape.rings() {
        let n = ring.len();
        for i in 0..n {
            let a = ring[i];
            let b = ring[(i + 1) % n];
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
            {
                inside = !inside;
            }
        }
    }
    inside
}

/// The distance from `p` to the segment `a`–`b`.
fn segment_distance(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = dx * dx + dy * dy;
    let t = if length > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::projection::Projection;
    use crate::map::vector_layer::parse_geojson;

    fn layer() -> VectorLayer {
        let text = r##"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Area","fill":"#00ff00"},"geometry":{"type":"Polygon",
            "coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}},
          {"type":"Feature","properties":{"name":"Road"},"geometry":{"type":"LineString",
            "coordinates":[[0,20],[10,20]]}},
          {"type":"Feature","properties":{"name":"Town","marker-color":"#f00"},"geometry":{"type":"Point",
            "coordinates":[5,5]}}
        ]}"##;
        parse_geojson(text.as_bytes(), "t").expect("parses")
    }

    #[test]
    fn features_are_found_by_points_then_lines_then_areas() {
        let projected = LayerGeometry::from_layer(&layer()).project(Projection::Equirectangular);
        let at = |lon: f64, lat: f64, tol: f64| {
            projected.feature_at(Projection::Equirectangular.forward(lon, lat), tol, None)
        };
        let tol = Projection::Equirectangular.forward(0.5, 0.0)[0];
        // The town sits in the hole of the area.
        assert_eq!(at(5.1, 5.1, tol), Some(2));
        assert_eq!(at(4.5, 5.5, 0.0), None, "the hole is not the area");
        assert_eq!(at(2.0, 2.0, tol), Some(0));
        assert_eq!(at(5.0, 20.2, tol), Some(1));
        assert_eq!(at(5.0, 22.0, tol), None);
        assert_eq!(at(20.0, 5.0, tol), None);
        // With the town hidden, the area around its hole answers nothing there; the road
        // hidden, nothing answers on it.
        let hidden = [true, false, false];
        let p = Projection::Equirectangular.forward(5.0, 20.2);
        assert_eq!(projected.feature_at(p, tol, Some(&hidden)), None);
        let p = Projection::Equirectangular.forward(2.0, 2.0);
        assert_eq!(projected.feature_at(p, tol, Some(&hidden)), Some(0));
    }

    /// The linear scan the index replaced, to hold the index to the same answers.
    fn feature_at_by_scan(layer: &ProjectedLayer, p: [f64; 2], tolerance: f64) -> Option<usize> {
        let near_point = layer
            .points
            .iter()
            .zip(layer.point_features.iter())
            .map(|(q, &f)| ((q[0] - p[0]).hypot(q[1] - p[1]), f))
            .filter(|(d, _)| *d <= tolerance)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        let near_line = || {
            layer
                .lines
                .runs
                .iter()
                .zip(layer.line_features.iter())
                .filter_map(|(run, &f)| {
                    let d = layer
                        .lines
                        .run_points(run)
                        .windows(2)
                        .map(|w| segment_distance(p, w[0], w[1]))
                        .fold(f64::INFINITY, f64::min);
                    (d <= tolerance).then_some((d, f))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
        };
        let area = || {
            layer
                .polygons
                .iter()
                .zip(layer.polygon_features.iter())
                .rev()
                .find(|(shape, _)| rings_contain(shape, p))
                .map(|(_, &f)| f)
        };
        near_point.or_else(near_line).map(|(_, f)| f).or_else(area)
    }

    #[test]
    fn the_index_finds_what_a_scan_of_every_feature_finds() {
        // A scatter of points, lines and overlapping squares from a small LCG (no test-time
        // dependency), probed at many places.
        let mut seed = 0x2545_f491_u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            ((seed >> 33) as f64) / f64::from(1u32 << 31)
        };
        let mut features = Vec::new();
        for i in 0..300 {
            let (x, y) = (next() * 40.0, next() * 40.0);
            let geometry = match i % 3 {
                0 => format!(r#"{{"type":"Point","coordinates":[{x},{y}]}}"#),
                1 => format!(
                    r#"{{"type":"LineString","coordinates":[[{x},{y}],[{},{}],[{},{}]]}}"#,
                    x + next() * 3.0,
                    y + next() * 3.0,
                    x + next() * 3.0,
                    y - next() * 3.0
                ),
                _ => {
                    let s = 0.5 + next() * 4.0;
                    format!(
                        r#"{{"type":"Polygon","coordinates":[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]}}"#,
                        x + s,
                        x + s,
                        y + s,
                        y + s
                    )
                }
            };
            features.push(format!(
                r#"{{"type":"Feature","properties":{{}},"geometry":{geometry}}}"#
            ));
        }
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        let layer = parse_geojson(text.as_bytes(), "scatter").expect("parses");
        let projected = LayerGeometry::from_layer(&layer).project(Projection::Equirectangular);
        let tolerance = Projection::Equirectangular.forward(0.4, 0.0)[0];
        let mut found = 0;
        for _ in 0..2000 {
            let p = Projection::Equirectangular.forward(next() * 44.0 - 2.0, next() * 44.0 - 2.0);
            let by_index = projected.feature_at(p, tolerance, None);
            assert_eq!(
                by_index,
                feature_at_by_scan(&projected, p, tolerance),
                "at {p:?}"
            );
            found += usize::from(by_index.is_some());
        }
        assert!(found > 500, "the probes hit something often: {found}");
    }

    #[test]
    fn styles_and_labels_follow_their_features() {
        let data = layer();
        let mut geometry = LayerGeometry::from_layer(&data);
        assert_eq!(geometry.point_labels, vec!["Town".to_owned()]);
        assert_eq!(geometry.styles[0].fill, Some([0, 255, 0]));
        assert_eq!(geometry.styles[2].marker_color, Some([255, 0, 0]));
        assert_eq!(
            (
                geometry.polygon_features.clone(),
                geometry.line_features.clone(),
                geometry.point_features.clone()
            ),
            (vec![0], vec![1], vec![2])
        );
        geometry.relabel(&data, Some("marker-color"));
        assert_eq!(geometry.point_labels, vec!["#f00".to_owned()]);
    }
}
