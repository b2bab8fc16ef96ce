//! Free geometry helpers: handle picking, distances and reshaping an annotation's geometry.

use geo::{Coord, LineString, Point, Polygon};

use crate::model::{Annotation, AnnotationGeometry};
use crate::scene::annotations::{AnnotationView, handles, open_ring};

use super::HANDLE_SLOP;

/// The handle of an annotation under a screen point.
pub(super) fn handle_at(
    annotation: &Annotation,
    view: &AnnotationView<'_>,
    p: [f32; 2],
) -> Option<usize> {
    handles(annotation, view)
        .into_iter()
        .enumerate()
        .map(|(i, h)| (i, distance(h, p)))
        .filter(|&(_, d)| d <= HANDLE_SLOP)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

pub(super) fn distance(a: [f32; 2], b: [f32; 2]) -> f32 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

pub(super) fn geometry_is_line(geometry: &AnnotationGeometry) -> bool {
    matches!(geometry, AnnotationGeometry::LineString(_))
}

/// The geometry with every coordinate mapped, or `None` if one cannot be (off the world).
pub(super) fn map_coords(
    geometry: &AnnotationGeometry,
    mut f: impl FnMut(Coord<f64>) -> Option<Coord<f64>>,
) -> Option<AnnotationGeometry> {
    let mut ring = |ring: &LineString<f64>| -> Option<LineString<f64>> {
        ring.0
            .iter()
            .map(|&c| f(c))
            .collect::<Option<Vec<_>>>()
            .map(LineString)
    };
    Some(match geometry {
        AnnotationGeometry::Point(point) => {
            let c = ring(&LineString(vec![point.0]))?;
            AnnotationGeometry::Point(Point(*c.0.first()?))
        }
        AnnotationGeometry::LineString(line) => AnnotationGeometry::LineString(ring(line)?),
        AnnotationGeometry::Polygon(polygon) => {
            let exterior = ring(polygon.exterior())?;
            let holes = polygon
                .interiors()
                .iter()
                .map(&mut ring)
                .collect::<Option<Vec<_>>>()?;
            AnnotationGeometry::Polygon(Polygon::new(exterior, holes))
        }
    })
}

/// The geometry with vertex `index` (as numbered by [`handles`]) moved to a longitude/latitude.
pub(super) fn with_vertex(
    geometry: &AnnotationGeometry,
    index: usize,
    [x, y]: [f64; 2],
) -> AnnotationGeometry {
    let to = Coord { x, y };
    match geometry {
        AnnotationGeometry::Point(_) => AnnotationGeometry::Point(Point(to)),
        AnnotationGeometry::LineString(line) => {
            let mut line = line.clone();
            if let Some(c) = line.0.get_mut(index) {
                *c = to;
            }
            AnnotationGeometry::LineString(line)
        }
        AnnotationGeometry::Polygon(polygon) => {
            let mut corners = open_ring(polygon.exterior()).to_vec();
            if let Some(c) = corners.get_mut(index) {
                *c = to;
            }
            // Polygon::new closes the ring again.
            AnnotationGeometry::Polygon(Polygon::new(
                LineString(corners),
                polygon.interiors().to_vec(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_a_corner_keeps_the_ring_closed() {
        let square = AnnotationGeometry::Polygon(Polygon::new(
            LineString::from(vec![(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0)]),
            Vec::new(),
        ));
        let AnnotationGeometry::Polygon(moved) = with_vertex(&square, 0, [-1.0, -1.0]) else {
            panic!("still a polygon");
        };
        let ring = &moved.exterior().0;
        assert_eq!(ring.first(), Some(&Coord { x: -1.0, y: -1.0 }));
        assert_eq!(ring.first(), ring.last());
        assert_eq!(ring.len(), 5);
    }

    #[test]
    fn mapping_fails_whole_when_a_point_is_off_the_world() {
        let line = AnnotationGeometry::LineString(LineString::from(vec![(0.0, 0.0), (5.0, 5.0)]));
        let shifted = map_coords(&line, |c| {
            Some(Coord {
                x: c.x + 1.0,
                y: c.y,
            })
        });
        assert_eq!(
            shifted,
            Some(AnnotationGeometry::LineString(LineString::from(vec![
                (1.0, 0.0),
                (6.0, 5.0)
            ])))
        );
        assert_eq!(map_coords(&line, |c| (c.x < 1.0).then_some(c)), None);
    }
}
