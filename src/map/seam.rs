//! Cutting geometry at the seam of a map centred on another meridian than Greenwich.
//!
//! A map centred on λ0 has its left and right edges at λ0 ± 180°. A ring or line that runs
//! over that seam would otherwise be drawn straight across the whole map (the "smear" of a
//! Pacific view), so it is cut there into pieces that each stay within the map, the way QGIS
//! and Google Earth draw a view across the antimeridian.
//!
//! Pieces come out in longitudes *relative* to λ0, in -180..=180, with each piece on its own
//! side of the seam: project them with [`CentredProjection::forward_relative`].

use geo::{BooleanOps, Coord, LineString, MapCoords, Polygon, Rect};

use super::projection::CentredProjection;

/// Slack at the seam, in degrees: a vertex this close to an edge belongs to that edge.
const EDGE: f64 = 1e-9;

/// Which 360°-wide strip a relative longitude falls in: 0 is the map itself (-180..180), -1 the
/// copy to its west, 1 the copy to its east.
fn strip(relative_lon: f64) -> i64 {
    ((relative_lon + 180.0) / 360.0).floor() as i64
}

/// A line cut where it crosses the seam. Consecutive vertices more than 180° apart in
/// longitude are taken to cross the antimeridian the short way (RFC 7946 §3.1.9), so a
/// line that jumps from 179° to -179° is cut too instead of being drawn the long way round.
pub fn cut_line(
    centred: &CentredProjection,
    points: impl IntoIterator<Item = [f64; 2]>,
) -> Vec<Vec<[f64; 2]>> {
    let mut pieces: Vec<Vec<[f64; 2]>> = Vec::new();
    let mut current: Vec<[f64; 2]> = Vec::new();
    let mut current_strip: Option<i64> = None;
    let mut previous: Option<[f64; 2]> = None;
    for [lon, lat] in points {
        if !lon.is_finite() || !lat.is_finite() {
            continue;
        }
        // Continuous longitudes relative to λ0 (exact when the line does not jump).
        let mut x = lon - centred.central_meridian;
        let point = match previous {
            None => {
                x = centred.relative_lon(lon);
                [x, lat]
            }
            Some(p) => {
                if (x - p[0]).abs() > 180.0 {
                    x -= 360.0 * ((x - p[0]) / 360.0).round();
                }
                [x, lat]
            }
        };
        let Some(start) = previous.replace(point) else {
            continue;
        };
        for (a, b) in split_at_strip_edges(start, point) {
            let k = strip((a[0] + b[0]) / 2.0);
            let shift = 360.0 * k as f64;
            if current_strip != Some(k) {
                if current.len() >= 2 {
                    pieces.push(std::mem::take(&mut current));
                }
                current.clear();
                current.push([a[0] - shift, a[1]]);
                current_strip = Some(k);
            }
            current.push([b[0] - shift, b[1]]);
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// A segment split where it crosses the edges of strips (at 180° + 360° k), in order.
fn split_at_strip_edges(a: [f64; 2], b: [f64; 2]) -> Vec<([f64; 2], [f64; 2])> {
    let (low, high) = (a[0].min(b[0]), a[0].max(b[0]));
    let mut cuts: Vec<[f64; 2]> = Vec::new();
    let mut edge = 180.0 + 360.0 * ((low - 180.0) / 360.0).ceil();
    while edge < high - EDGE {
        if edge > low + EDGE {
            let t = (edge - a[0]) / (b[0] - a[0]);
            cuts.push([edge, a[1] + t * (b[1] - a[1])]);
        }
        edge += 360.0;
    }
    if a[0] > b[0] {
        cuts.reverse();
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut from = a;
    for cut in cuts {
        out.push((from, cut));
        from = cut;
    }
    out.push((from, b));
    out
}

/// Polygons in longitude/latitude cut at the seam, in relative longitudes. Each polygon is
/// taken as drawn on the flat -180..180 map (as the base map and RFC 7946 write them), moved
/// by -λ0 and intersected with each strip it reaches; the pieces are moved back onto the map.
pub fn cut_polygons(centred: &CentredProjection, polygons: &[Polygon<f64>]) -> Vec<Polygon<f64>> {
    let mut out = Vec::with_capacity(polygons.len());
    for polygon in polygons {
        let moved = polygon.map_coords(|c| Coord {
            x: c.x - centred.central_meridian,
            y: c.y,
        });
        let Some((west, east)) = x_range(moved.exterior()) else {
            continue;
        };
        let (first, last) = (strip(west + EDGE), strip(east - EDGE));
        for k in first..=last {
            let shift = 360.0 * k as f64;
            let back = |p: Polygon<f64>| {
                p.map_coords(|c| Coord {
                    x: c.x - shift,
                    y: c.y,
                })
            };
            if first == last {
                out.push(back(moved.clone()));
                continue;
            }
            let window = Rect::new(
                Coord {
                    x: shift - 180.0,
                    y: -91.0,
                },
                Coord {
                    x: shift + 180.0,
                    y: 91.0,
                },
            )
            .to_polygon();
            out.extend(moved.intersection(&window).into_iter().map(back));
        }
    }
    out
}

/// The westmost and eastmost x of a ring.
fn x_range(ring: &LineString<f64>) -> Option<(f64, f64)> {
    let mut range: Option<(f64, f64)> = None;
    for c in ring.coords().filter(|c| c.x.is_finite()) {
        range = Some(match range {
            None => (c.x, c.x),
            Some((w, e)) => (w.min(c.x), e.max(c.x)),
        });
    }
    range
}

/// Whether a polygon's relative longitudes (`lon - λ0`, not wrapped) reach over the seam.
pub fn crosses_seam(west: f64, east: f64) -> bool {
    strip(west + EDGE) != strip(east - EDGE)
}

/// The strip offset (a multiple of 360°) that brings relative longitudes in `west..east`
/// onto the map, when they lie in one strip.
pub fn strip_shift(west: f64, east: f64) -> Option<f64> {
    let k = strip(west + EDGE);
    (k == strip(east - EDGE)).then_some(360.0 * k as f64)
}

#[cfg(test)]
mod tests {
    use geo::{Area, polygon};

    use super::*;
    use crate::map::projection::Projection;

    #[test]
    fn a_ring_over_the_seam_is_cut_into_pieces_within_the_map() {
        // A square from 10° W to 10° E: on a map centred on 180° the seam runs through it.
        let square = polygon![
            (x: -10.0, y: -5.0), (x: 10.0, y: -5.0), (x: 10.0, y: 5.0), (x: -10.0, y: 5.0),
            (x: -10.0, y: -5.0),
        ];
        let pacific = Projection::Equirectangular.centred(180.0);
        let pieces = cut_polygons(&pacific, std::slice::from_ref(&square));
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        let mut sides = Vec::new();
        for piece in &pieces {
            let Some((west, east)) = x_range(piece.exterior()) else {
                panic!("a piece has points");
            };
            assert!(
                west >= -180.0 - 1e-9 && east <= 180.0 + 1e-9,
                "{west}..{east}"
            );
            assert!(
                east - west <= 10.0 + 1e-9,
                "no piece spans the map: {west}..{east}"
            );
            sides.push(west < 0.0);
        }
        assert!(
            sides.contains(&true) && sides.contains(&false),
            "one piece each side"
        );
        let area: f64 = pieces.iter().map(Area::unsigned_area).sum();
        assert!(
            (area - square.unsigned_area()).abs() < 1e-6,
            "nothing lost: {area}"
        );
        // Centred on Greenwich the square is left whole.
        let whole = cut_polygons(&Projection::Equirectangular.into(), &[square]);
        assert_eq!(whole.len(), 1);
    }

    #[test]
    fn a_polygon_beyond_the_seam_moves_whole_to_the_other_side() {
        // Chukotka's piece west of -170°, seen on a map centred on 150° E: it is east of centre.
        let chukotka = polygon![
            (x: -180.0, y: 65.0), (x: -170.0, y: 65.0), (x: -170.0, y: 70.0), (x: -180.0, y: 70.0),
            (x: -180.0, y: 65.0),
        ];
        let pieces = cut_polygons(&Projection::EqualEarth.centred(150.0), &[chukotka]);
        assert_eq!(pieces.len(), 1);
        let Some((west, east)) = x_range(pieces[0].exterior()) else {
            panic!("points");
        };
        assert!(
            (west - 30.0).abs() < 1e-9 && (east - 40.0).abs() < 1e-9,
            "{west}..{east}"
        );
    }

    #[test]
    fn lines_are_cut_at_the_seam_and_at_antimeridian_jumps() {
        let pacific = Projection::Equirectangular.centred(180.0);
        // Along the equator from 20° W to 20° E: over the seam at 0°.
        let pieces = cut_line(&pacific, [[-20.0, 0.0], [20.0, 0.0]]);
        assert_eq!(pieces.len(), 2, "{pieces:?}");
        assert_eq!(pieces[0], vec![[160.0, 0.0], [180.0, 0.0]]);
        assert_eq!(pieces[1], vec![[-180.0, 0.0], [-160.0, 0.0]]);
        // From Fiji to Samoa over the antimeridian: one piece in the middle of the map.
        let pieces = cut_line(&pacific, [[178.0, -18.0], [-172.0, -14.0]]);
        assert_eq!(pieces, vec![vec![[-2.0, -18.0], [8.0, -14.0]]]);
        // The same on the Greenwich map: cut at ±180, ends on either edge.
        let greenwich = Projection::Equirectangular.centred(0.0);
        let pieces = cut_line(&greenwich, [[178.0, -18.0], [-172.0, -14.0]]);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0][1][0], 180.0);
        assert_eq!(pieces[1][0][0], -180.0);
        // A line that stays on the map is left as it is.
        let line = [[10.0, 1.0], [20.0, 2.0], [30.0, 3.0]];
        assert_eq!(cut_line(&greenwich, line), vec![line.to_vec()]);
    }
}
