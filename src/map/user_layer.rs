//! A user's GeoJSON layer prepared for drawing: polygons triangulated once, lines and points
//! kept in longitude/latitude, and everything projected per projection like the base map.

use std::sync::Arc;

use geo::{Geometry, LineString, MultiPolygon, Polygon};

use super::label_guess::{feature_label, guess_label_property};
use super::projected::{ProjectedLines, ProjectedShape};
use super::projection::Projection;
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

    /// Projects the layer.
    pub fn project(&self, projection: Projection) -> ProjectedLayer {
        ProjectedLayer {
            polygons: Arc::new(
                self.polygons
                    .iter()
                    .map(|s| ProjectedShape::project(s, projection))
                    .collect(),
            ),
            lines: Arc::new(ProjectedLines::project(&self.lines, projection)),
            points: self
                .points
                .iter()
                .map(|&[lon, lat]| projection.forward(lon, lat))
                .collect(),
            point_labels: self.point_labels.clone(),
            polygon_features: Arc::new(self.polygon_features.clone()),
            line_features: Arc::new(self.line_features.clone()),
            point_features: Arc::new(self.point_features.clone()),
            styles: Arc::clone(&self.styles),
            feature_labels: Arc::clone(&self.feature_labels),
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
}

impl ProjectedLayer {
    /// The feature drawn at projected point `p`, the topmost first: a point within
    /// `tolerance` (projected units), then a line within `tolerance`, then a polygon that
    /// contains `p`. Points and lines are drawn over areas, so they are found first. Only
    /// features `shown` flags (one flag per feature; `None`: all) are found: a hidden one is
    /// not drawn, so it cannot be pointed at.
    pub fn feature_at(&self, p: [f64; 2], tolerance: f64, shown: Option<&[bool]>) -> Option<usize> {
        let shown = |f: usize| shown.is_none_or(|m| m.get(f).copied().unwrap_or(true));
        let near_point = self
            .points
            .iter()
            .zip(self.point_features.iter())
            .filter(|(_, f)| shown(**f))
            .map(|(q, &f)| ((q[0] - p[0]).hypot(q[1] - p[1]), f))
            .filter(|(d, _)| *d <= tolerance)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, feature)) = near_point {
            return Some(feature);
        }
        let near_line = self
            .lines
            .runs
            .iter()
            .zip(self.line_features.iter())
            .filter(|(_, f)| shown(**f))
            .filter(|(run, _)| {
                let [x0, y0, x1, y1] = run.bbox;
                p[0] >= x0 - tolerance
                    && p[0] <= x1 + tolerance
                    && p[1] >= y0 - tolerance
                    && p[1] <= y1 + tolerance
            })
            .filter_map(|(run, &f)| {
                let d = self
                    .lines
                    .run_points(run)
                    .windows(2)
                    .map(|w| segment_distance(p, w[0], w[1]))
                    .fold(f64::INFINITY, f64::min);
                (d <= tolerance).then_some((d, f))
            })
            .min_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, feature)) = near_line {
            return Some(feature);
        }
        // The last drawn is on top.
        self.polygons
            .iter()
            .zip(self.polygon_features.iter())
            .rev()
            .filter(|(_, f)| shown(**f))
            .find(|(shape, _)| {
                let [x0, y0, x1, y1] = shape.bbox;
                p[0] >= x0 && p[0] <= x1 && p[1] >= y0 && p[1] <= y1 && rings_contain(shape, p)
            })
            .map(|(_, &f)| f)
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
