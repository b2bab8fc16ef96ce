//! Triangulation of country polygons, done once per level of detail (the screen painter fills only convex
//! polygons, so concave countries must reach the painter as triangles).

use geo::{MultiPolygon, TriangulateEarcut};

/// A country's polygons as one vertex list, with triangles for filling and ring ranges for
/// outlines and path-based painters. Source shapes are in longitude/latitude; the simplified
/// shapes of a level of detail are in projected units.
///
/// Triangulating in longitude/latitude and projecting the vertices afterwards keeps the
/// triangles valid in every supported projection (all are continuous and keep orientation),
/// so a change of projection never re-triangulates.
#[derive(Clone, Debug, Default)]
pub struct CountryShape {
    /// Ring vertices without the closing duplicate, ring after ring.
    pub vertices: Vec<[f64; 2]>,
    /// Indices into `vertices`, three per triangle.
    pub triangles: Vec<u32>,
    /// `[start, end)` of each ring in `vertices`; painters close the rings themselves.
    pub rings: Vec<[u32; 2]>,
    /// `[start, end)` of each polygon in `rings`: its exterior ring, then its holes.
    pub polygons: Vec<[u32; 2]>,
}

impl CountryShape {
    /// Triangulates every polygon of a country with earcut (holes included).
    pub fn tessellate(geometry: &MultiPolygon<f64>) -> CountryShape {
        let mut triangles = Vec::new();
        let mut base = 0u32;
        for polygon in geometry {
            let raw = polygon.earcut_triangles_raw();
            triangles.extend(raw.triangle_indices.iter().map(|&i| base + i as u32));
            base += raw.vertices.len() as u32;
        }
        CountryShape::with_triangles(geometry, triangles)
    }

    /// The shape of `geometry` with triangles made earlier (by [`tessellate`](Self::tessellate),
    /// stored in the packed atlas): the vertices and ring ranges are laid out exactly as
    /// `tessellate` lays them out, so the triangle indices keep their meaning.
    pub fn with_triangles(geometry: &MultiPolygon<f64>, triangles: Vec<u32>) -> CountryShape {
        let mut shape = CountryShape {
            triangles,
            ..CountryShape::default()
        };
        for polygon in geometry {
            let first_ring = shape.rings.len() as u32;
            // earcut lists the exterior ring, then each hole, without closing points: the
            // vertices and ring ranges follow the same order.
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let open = ring.0.split_last().map_or(&[][..], |(_, open)| open);
                let start = shape.vertices.len() as u32;
                shape.vertices.extend(open.iter().map(|c| [c.x, c.y]));
                let end = shape.vertices.len() as u32;
                if end > start {
                    shape.rings.push([start, end]);
                }
            }
            shape.polygons.push([first_ring, shape.rings.len() as u32]);
        }
        shape
    }

    /// The polygons as geo polygons (rings closed again), e.g. to simplify them.
    pub fn to_polygons(&self) -> Vec<geo::Polygon<f64>> {
        let ring = |&[start, end]: &[u32; 2]| {
            let mut coords: Vec<geo::Coord<f64>> = self.vertices[start as usize..end as usize]
                .iter()
                .map(|&[x, y]| geo::coord! { x: x, y: y })
                .collect();
            if let Some(&first) = coords.first() {
                coords.push(first);
            }
            geo::LineString(coords)
        };
        self.polygons
            .iter()
            .filter_map(|&[first, last]| {
                let rings = self.rings.get(first as usize..last as usize)?;
                let (exterior, holes) = rings.split_first()?;
                Some(geo::Polygon::new(
                    ring(exterior),
                    holes.iter().map(ring).collect(),
                ))
            })
            .collect()
    }

    /// Number of triangles.
    pub fn triangle_count(&self) -> usize {
        self.triangles.len() / 3
    }
}

/// The area covered by triangles over `points` (three indices per triangle).
pub fn covered_area(points: &[[f64; 2]], triangles: &[u32]) -> f64 {
    triangles
        .chunks_exact(3)
        .filter_map(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| points.get(i as usize).copied());
            let (a, b, c) = (a?, b?, c?);
            Some(((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])).abs() / 2.0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use geo::{Area, polygon};

    use super::*;

    fn triangle_area(shape: &CountryShape) -> f64 {
        covered_area(&shape.vertices, &shape.triangles)
    }

    #[test]
    fn concave_polygon_with_hole_is_covered_exactly() {
        // An L-shaped country with a square hole: the triangles cover its area, not the hole.
        let l_shape = polygon!(
            exterior: [
                (x: 0.0, y: 0.0), (x: 10.0, y: 0.0), (x: 10.0, y: 4.0), (x: 4.0, y: 4.0),
                (x: 4.0, y: 10.0), (x: 0.0, y: 10.0), (x: 0.0, y: 0.0),
            ],
            interiors: [[(x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0), (x: 1.0, y: 2.0), (x: 1.0, y: 1.0)]],
        );
        let geometry = MultiPolygon(vec![l_shape.clone()]);
        let shape = CountryShape::tessellate(&geometry);
        assert!((triangle_area(&shape) - l_shape.unsigned_area()).abs() < 1e-9);
        assert_eq!(shape.rings, vec![[0, 6], [6, 10]]);
        assert_eq!(shape.polygons, vec![[0, 2]]);
        assert_eq!(shape.to_polygons(), vec![l_shape]);
    }

    #[test]
    fn several_polygons_keep_separate_index_ranges() {
        let a = polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 0.0)];
        let b = polygon![(x: 5.0, y: 5.0), (x: 6.0, y: 5.0), (x: 6.0, y: 6.0), (x: 5.0, y: 6.0), (x: 5.0, y: 5.0)];
        let shape = CountryShape::tessellate(&MultiPolygon(vec![a, b]));
        assert_eq!(shape.triangle_count(), 3);
        assert_eq!(shape.rings, vec![[0, 3], [3, 7]]);
        assert!(shape.triangles[3..].iter().all(|&i| i >= 3));
        assert!((triangle_area(&shape) - 1.5).abs() < 1e-9);
    }
}
