//! A user's GeoJSON layer prepared for drawing: polygons triangulated once, lines and points
//! kept in longitude/latitude, and everything projected per projection like the base map.

use std::sync::Arc;

use geo::{Geometry, LineString, MultiPolygon, Polygon};

use super::projected::{ProjectedLines, ProjectedShape};
use super::projection::Projection;
use super::tessellate::CountryShape;
use super::vector_layer::VectorLayer;

/// A user layer's geometry split by kind, in longitude/latitude.
#[derive(Debug, Default)]
pub struct LayerGeometry {
    pub polygons: Vec<Arc<CountryShape>>,
    pub lines: Vec<LineString<f64>>,
    pub points: Vec<[f64; 2]>,
    /// The name of each point's feature, drawn beside it.
    pub point_labels: Vec<String>,
}

impl LayerGeometry {
    /// Sorts a layer's features into polygons (triangulated), lines and points.
    pub fn from_layer(layer: &VectorLayer) -> LayerGeometry {
        let mut out = LayerGeometry::default();
        for (index, feature) in layer.features.iter().enumerate() {
            out.add(&feature.geometry, &feature.label(index));
        }
        out
    }

    fn add(&mut self, geometry: &Geometry<f64>, label: &str) {
        match geometry {
            Geometry::Point(p) => self.add_point([p.x(), p.y()], label),
            Geometry::MultiPoint(mp) => mp
                .iter()
                .for_each(|p| self.add_point([p.x(), p.y()], label)),
            Geometry::Line(l) => self.lines.push(LineString::from(vec![l.start, l.end])),
            Geometry::LineString(l) => self.lines.push(l.clone()),
            Geometry::MultiLineString(m) => self.lines.extend(m.iter().cloned()),
            Geometry::Polygon(p) => self.add_polygons(vec![p.clone()]),
            Geometry::MultiPolygon(m) => self.add_polygons(m.0.clone()),
            Geometry::Rect(r) => self.add_polygons(vec![r.to_polygon()]),
            Geometry::Triangle(t) => self.add_polygons(vec![t.to_polygon()]),
            // The parser bounds nesting depth, so this recursion is bounded too.
            Geometry::GeometryCollection(c) => c.iter().for_each(|g| self.add(g, label)),
        }
    }

    fn add_point(&mut self, point: [f64; 2], label: &str) {
        self.points.push(point);
        self.point_labels.push(label.to_owned());
    }

    fn add_polygons(&mut self, polygons: Vec<Polygon<f64>>) {
        // Outlines are drawn from the rings, so degenerate rings are skipped here.
        let polygons: Vec<Polygon<f64>> = polygons
            .into_iter()
            .filter(|p| p.exterior().0.len() >= 4)
            .collect();
        if !polygons.is_empty() {
            self.polygons
                .push(Arc::new(CountryShape::tessellate(&MultiPolygon(polygons))));
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
        }
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
}
