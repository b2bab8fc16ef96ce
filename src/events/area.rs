//! "Events inside": a shape in longitude/latitude (a country's polygons, an area annotation,
//! a box) that events are tested against exactly, fast enough for a million of them.
//!
//! A country's outline at 1:10m has tens of thousands of edges, so testing each event against
//! every edge (what `geo`'s `Contains` does) would take seconds. Instead the edges go into an
//! R-tree once: a point is inside when a ray from it crosses an odd number of edges, and only
//! the edges the ray's box meets are looked at. A whole box of the dataset's quadtree that no
//! edge enters is inside or outside as a whole, so most events are settled a cell at a time
//! (see [`ClusterIndex::mark_inside`](super::cluster::ClusterIndex::mark_inside)).

use geo::{BoundingRect, MultiPolygon, Polygon};
use rstar::{AABB, RTree, RTreeObject};

use super::table::EventTable;

/// One edge of a ring.
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: [f64; 2],
    b: [f64; 2],
}

impl RTreeObject for Edge {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners(self.a, self.b)
    }
}

/// How a box lies against a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Outside,
    Inside,
    /// An edge may run through it: its points must be tested one by one.
    Crosses,
}

/// Polygons (with their holes) indexed for point-in-polygon tests.
pub struct AreaShape {
    polygons: MultiPolygon<f64>,
    /// `[west, south, east, north]`.
    bbox: [f64; 4],
    edges: RTree<Edge>,
}

impl std::fmt::Debug for AreaShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AreaShape")
            .field("bbox", &self.bbox)
            .field("edges", &self.edges.size())
            .finish()
    }
}

impl PartialEq for AreaShape {
    fn eq(&self, other: &Self) -> bool {
        self.polygons == other.polygons
    }
}

impl AreaShape {
    /// Indexes polygons; `None` when they enclose nothing (no ring with three corners).
    pub fn new(polygons: MultiPolygon<f64>) -> Option<AreaShape> {
        let mut edges = Vec::new();
        for polygon in &polygons {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                for line in ring.lines() {
                    let (a, b) = (line.start, line.end);
                    if a != b && [a.x, a.y, b.x, b.y].iter().all(|v| v.is_finite()) {
                        edges.push(Edge {
                            a: [a.x, a.y],
                            b: [b.x, b.y],
                        });
                    }
                }
            }
        }
        let rect = polygons.bounding_rect()?;
        if edges.len() < 3 {
            return None;
        }
        Some(AreaShape {
            bbox: [rect.min().x, rect.min().y, rect.max().x, rect.max().y],
            polygons,
            edges: RTree::bulk_load(edges),
        })
    }

    /// One polygon (an area annotation).
    pub fn polygon(polygon: Polygon<f64>) -> Option<AreaShape> {
        AreaShape::new(MultiPolygon(vec![polygon]))
    }

    /// A box `[west, south, east, north]` (west ≤ east).
    pub fn rectangle(bbox: [f64; 4]) -> Option<AreaShape> {
        let [w, s, e, n] = bbox;
        AreaShape::polygon(Polygon::new(
            vec![(w, s), (e, s), (e, n), (w, n), (w, s)].into(),
            Vec::new(),
        ))
    }

    pub fn polygons(&self) -> &MultiPolygon<f64> {
        &self.polygons
    }

    /// `[west, south, east, north]`.
    pub fn bbox(&self) -> [f64; 4] {
        self.bbox
    }

    /// Whether a position lies inside (a hole is outside; a point exactly on an edge may go
    /// either way).
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        let [w, s, e, n] = self.bbox;
        if !(lon >= w && lon <= e && lat >= s && lat <= n) {
            return false;
        }
        // The shorter ray, east or west: fewer edges to look at.
        let east = e - lon < lon - w;
        let end = if east { e + 1.0 } else { w - 1.0 };
        let ray = AABB::from_corners([lon, lat], [end, lat]);
        let mut inside = false;
        for edge in self.edges.locate_in_envelope_intersecting(ray) {
            let ([ax, ay], [bx, by]) = (edge.a, edge.b);
            // Half-open in latitude, so a ray through a vertex counts it once.
            if (ay > lat) != (by > lat) {
                let x = ax + (lat - ay) * (bx - ax) / (by - ay);
                if (east && x > lon) || (!east && x < lon) {
                    inside = !inside;
                }
            }
        }
        inside
    }

    /// How a box `[west, south, east, north]` lies against the shape: when no edge's box
    /// meets it, all of it is on one side, which its centre tells.
    pub fn relation(&self, cell: [f64; 4]) -> Relation {
        let [w, s, e, n] = self.bbox;
        if cell[2] < w || cell[0] > e || cell[3] < s || cell[1] > n {
            return Relation::Outside;
        }
        let envelope = AABB::from_corners([cell[0], cell[1]], [cell[2], cell[3]]);
        if self
            .edges
            .locate_in_envelope_intersecting(envelope)
            .next()
            .is_some()
        {
            return Relation::Crosses;
        }
        let centre = ((cell[0] + cell[2]) / 2.0, (cell[1] + cell[3]) / 2.0);
        if self.contains(centre.0, centre.1) {
            Relation::Inside
        } else {
            Relation::Outside
        }
    }

    /// One flag per event of `table`: whether it lies inside, each tested (no index; for
    /// tables without one).
    pub fn mask(&self, table: &EventTable) -> Vec<bool> {
        table
            .lon
            .iter()
            .zip(&table.lat)
            .map(|(&lon, &lat)| self.contains(lon, lat))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point};

    /// A "C" open to the east, with an island to its east and a lake in its back.
    fn c_shape_with_island() -> MultiPolygon<f64> {
        let c = Polygon::new(
            vec![
                (0.0, 0.0),
                (10.0, 0.0),
                (10.0, 2.0),
                (2.0, 2.0),
                (2.0, 8.0),
                (10.0, 8.0),
                (10.0, 10.0),
                (0.0, 10.0),
                (0.0, 0.0),
            ]
            .into(),
            vec![vec![(0.5, 4.0), (1.5, 4.0), (1.5, 6.0), (0.5, 6.0), (0.5, 4.0)].into()],
        );
        let island = Polygon::new(
            vec![(12.0, 4.0), (14.0, 4.0), (14.0, 6.0), (12.0, 4.0)].into(),
            Vec::new(),
        );
        MultiPolygon(vec![c, island])
    }

    #[test]
    fn points_in_the_concave_part_the_island_the_hole_and_the_bay() {
        let shape = AreaShape::new(c_shape_with_island()).unwrap();
        assert!(shape.contains(1.0, 1.0), "the C's lower arm");
        assert!(shape.contains(9.0, 9.0), "its upper arm, east end");
        assert!(!shape.contains(5.0, 5.0), "the bay inside the box");
        assert!(!shape.contains(1.0, 5.0), "the lake");
        assert!(shape.contains(13.5, 4.8), "the island");
        assert!(!shape.contains(12.5, 5.5), "beside the island's slope");
        assert!(!shape.contains(20.0, 5.0));
    }

    #[test]
    fn boxes_are_settled_whole_only_when_no_edge_enters() {
        let shape = AreaShape::new(c_shape_with_island()).unwrap();
        assert_eq!(shape.relation([4.0, 4.0, 6.0, 6.0]), Relation::Outside);
        assert_eq!(shape.relation([0.2, 0.2, 1.8, 1.8]), Relation::Inside);
        assert_eq!(shape.relation([1.0, 1.0, 3.0, 3.0]), Relation::Crosses);
        assert_eq!(shape.relation([30.0, 4.0, 40.0, 6.0]), Relation::Outside);
    }

    proptest::proptest! {
        /// The indexed test agrees with geo's plain `Contains`.
        #[test]
        fn agrees_with_geo(lon in -1.0f64..15.0, lat in -1.0f64..11.0) {
            let polygons = c_shape_with_island();
            let shape = AreaShape::new(polygons.clone()).unwrap();
            let expected = polygons.contains(&Point::new(lon, lat));
            // On an edge geo says "not contained"; the ray may say either.
            let on_edge = polygons.iter().any(|p| {
                use geo::Intersects;
                p.exterior().intersects(&Point::new(lon, lat))
                    || p.interiors().iter().any(|r| r.intersects(&Point::new(lon, lat)))
            });
            if !on_edge {
                proptest::prop_assert_eq!(shape.contains(lon, lat), expected);
            }
        }
    }
}
