//! Great-circle arcs on a sphere, for drawing and storing relationships.
//!
//! Points are `(lon, lat)` in degrees. Interpolation is spherical linear interpolation
//! (slerp) of unit vectors, exact on the sphere, so arcs are the shortest way round, crossing
//! the antimeridian when that is shorter; [`split_at_antimeridian`] then cuts them there so no
//! segment spans the whole map (RFC 7946 §3.1.9).

/// A longitude/latitude pair in degrees.
pub type LonLat = (f64, f64);

/// The densification step used for relationship arcs in files: about 2° of arc.
pub const ARC_STEP_DEGREES: f64 = 2.0;

type Vector = [f64; 3];

fn unit_vector((lon, lat): LonLat) -> Vector {
    let (lon, lat) = (lon.to_radians(), lat.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

fn lon_lat([x, y, z]: Vector) -> LonLat {
    (y.atan2(x).to_degrees(), z.atan2(x.hypot(y)).to_degrees())
}

fn dot(a: Vector, b: Vector) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn cross(a: Vector, b: Vector) -> Vector {
    [
        a[1] * b[2] - a[2] * b[1],
        a[2] * b[0] - a[0] * b[2],
        a[0] * b[1] - a[1] * b[0],
    ]
}

fn scaled(a: Vector, factor: f64) -> Vector {
    [a[0] * factor, a[1] * factor, a[2] * factor]
}

fn sum(a: Vector, b: Vector) -> Vector {
    [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
}

fn normalised(a: Vector) -> Option<Vector> {
    let length = dot(a, a).sqrt();
    (length > 1e-12).then(|| scaled(a, 1.0 / length))
}

/// The central angle between two points, in degrees.
pub fn angular_distance(a: LonLat, b: LonLat) -> f64 {
    let (a, b) = (unit_vector(a), unit_vector(b));
    let sine = dot(cross(a, b), cross(a, b)).sqrt();
    sine.atan2(dot(a, b)).to_degrees()
}

/// The start vector, the unit vector 90° ahead of it towards `b` in the arc's plane, and the
/// arc's angle in radians. For antipodal points every great circle is shortest; this one goes
/// through the north pole (or along longitude 0/180 when starting at a pole).
fn arc_frame(a: LonLat, b: LonLat) -> (Vector, Vector, f64) {
    let (start, end) = (unit_vector(a), unit_vector(b));
    let angle = dot(cross(start, end), cross(start, end))
        .sqrt()
        .atan2(dot(start, end));
    let towards_end = sum(end, scaled(start, -dot(start, end)));
    let ahead = normalised(towards_end)
        .or_else(|| normalised(sum([0.0, 0.0, 1.0], scaled(start, -start[2]))))
        .unwrap_or([1.0, 0.0, 0.0]);
    (start, ahead, angle)
}

/// The point a fraction `t` (0 at `a`, 1 at `b`) along the shorter great-circle arc.
pub fn interpolate(a: LonLat, b: LonLat, t: f64) -> LonLat {
    let (start, ahead, angle) = arc_frame(a, b);
    let theta = angle * t;
    lon_lat(sum(scaled(start, theta.cos()), scaled(ahead, theta.sin())))
}

/// The shorter great-circle arc from `a` to `b` as points at most `max_step_degrees` apart,
/// starting and ending exactly at `a` and `b`. Longitudes stay in -180..=180, so the list
/// jumps where it crosses the antimeridian: pass it to [`split_at_antimeridian`] to draw it.
pub fn great_circle_arc(a: LonLat, b: LonLat, max_step_degrees: f64) -> Vec<LonLat> {
    let (start, ahead, angle) = arc_frame(a, b);
    let step = max_step_degrees.max(1e-3).to_radians();
    let segments = ((angle / step).ceil() as usize).clamp(1, 100_000);
    let mut points = Vec::with_capacity(segments + 1);
    points.push(a);
    for i in 1..segments {
        let theta = angle * i as f64 / segments as f64;
        points.push(lon_lat(sum(
            scaled(start, theta.cos()),
            scaled(ahead, theta.sin()),
        )));
    }
    points.push(b);
    points
}

/// Cuts a line wherever a segment jumps more than 180° in longitude (it crosses the
/// antimeridian the short way), ending one part at ±180 and starting the next at ∓180 at the
/// crossing latitude. A line that does not cross comes back as a single part.
pub fn split_at_antimeridian(points: &[LonLat]) -> Vec<Vec<LonLat>> {
    let mut parts = Vec::new();
    let mut current: Vec<LonLat> = Vec::new();
    for &point in points {
        if let Some(&(previous_lon, previous_lat)) = current.last() {
            let jump = point.0 - previous_lon;
            if jump.abs() > 180.0 {
                // Eastward over +180 when the jump looks negative, westward otherwise.
                let (edge, unwrapped) = if jump < 0.0 {
                    (180.0, point.0 + 360.0)
                } else {
                    (-180.0, point.0 - 360.0)
                };
                let t = (edge - previous_lon) / (unwrapped - previous_lon);
                let lat = previous_lat + t * (point.1 - previous_lat);
                current.push((edge, lat));
                parts.push(std::mem::take(&mut current));
                current.push((-edge, lat));
            }
        }
        current.push(point);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

/// The arc from `a` to `b` ready to draw or store: densified and split at the antimeridian.
pub fn arc_parts(a: LonLat, b: LonLat, max_step_degrees: f64) -> Vec<Vec<LonLat>> {
    split_at_antimeridian(&great_circle_arc(a, b, max_step_degrees))
}

/// Cuts a line at the seam of a map centred on `central_meridian` (where its edges are, at
/// `central_meridian ± 180`) rather than at ±180: on a Pacific map an arc from Fiji to Samoa is
/// whole and one from London to Paris is cut. The cut ends sit exactly on either edge.
pub fn split_at_seam(points: &[LonLat], central_meridian: f64) -> Vec<Vec<LonLat>> {
    if central_meridian == 0.0 {
        return split_at_antimeridian(points);
    }
    let relative = |lon: f64| {
        let lon = lon - central_meridian;
        if (-180.0..=180.0).contains(&lon) {
            lon
        } else {
            (lon + 180.0).rem_euclid(360.0) - 180.0
        }
    };
    let moved: Vec<LonLat> = points
        .iter()
        .map(|&(lon, lat)| (relative(lon), lat))
        .collect();
    split_at_antimeridian(&moved)
        .into_iter()
        .map(|part| {
            part.into_iter()
                .map(|(lon, lat)| (lon + central_meridian, lat))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KABUL: LonLat = (69.17, 34.53);
    const MOSCOW: LonLat = (37.62, 55.75);

    fn close(a: LonLat, b: LonLat) -> bool {
        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    #[test]
    fn arcs_are_cut_at_the_seam_of_a_centred_map() {
        let fiji = (178.4, -18.1);
        let samoa = (-171.8, -13.8);
        let arc = great_circle_arc(fiji, samoa, 1.0);
        // Greenwich map: cut at the antimeridian; Pacific map: whole.
        assert_eq!(split_at_seam(&arc, 0.0).len(), 2);
        assert_eq!(split_at_seam(&arc, 180.0).len(), 1);
        // London to Paris crosses the Pacific map's seam at 0°.
        let parts = split_at_seam(&great_circle_arc((-0.1, 51.5), (2.35, 48.9), 0.5), 180.0);
        assert_eq!(parts.len(), 2);
        // The cut ends are on the map's two edges: 180° east and west of its centre.
        assert!((parts[0].last().map_or(f64::NAN, |p| p.0) - 360.0).abs() < 1e-9);
        assert!(parts[1].first().map_or(f64::NAN, |p| p.0).abs() < 1e-9);
    }

    #[test]
    fn midpoint_on_the_equator() {
        let mid = interpolate((0.0, 0.0), (90.0, 0.0), 0.5);
        assert!(close(mid, (45.0, 0.0)), "{mid:?}");
        assert!((angular_distance((0.0, 0.0), (90.0, 0.0)) - 90.0).abs() < 1e-9);
    }

    #[test]
    fn kabul_moscow_midpoint_lies_on_the_great_circle() {
        let mid = interpolate(KABUL, MOSCOW, 0.5);
        let normal = cross(unit_vector(KABUL), unit_vector(MOSCOW));
        assert!(dot(normal, unit_vector(mid)).abs() < 1e-12);
        let (to_kabul, to_moscow) = (angular_distance(mid, KABUL), angular_distance(mid, MOSCOW));
        assert!((to_kabul - to_moscow).abs() < 1e-9);
        // A great circle bends poleward of the straight lon/lat line between the two.
        assert!(mid.1 > (KABUL.1 + MOSCOW.1) / 2.0);
    }

    #[test]
    fn arcs_are_densified_and_keep_their_exact_ends() {
        let arc = great_circle_arc(KABUL, MOSCOW, ARC_STEP_DEGREES);
        assert_eq!(arc.first(), Some(&KABUL));
        assert_eq!(arc.last(), Some(&MOSCOW));
        let total = angular_distance(KABUL, MOSCOW);
        assert_eq!(arc.len(), (total / 2.0).ceil() as usize + 1);
        for pair in arc.windows(2) {
            assert!(angular_distance(pair[0], pair[1]) <= 2.0 + 1e-9);
        }
        assert_eq!(great_circle_arc(KABUL, KABUL, 2.0), vec![KABUL, KABUL]);
    }

    #[test]
    fn crossing_the_antimeridian_goes_the_short_way_and_splits() {
        let parts = arc_parts((170.0, 0.0), (-170.0, 0.0), ARC_STEP_DEGREES);
        assert_eq!(parts.len(), 2);
        assert!(close(*parts[0].last().unwrap(), (180.0, 0.0)));
        assert!(close(parts[1][0], (-180.0, 0.0)));
        for point in parts.iter().flatten() {
            assert!(
                point.0.abs() >= 170.0 - 1e-9,
                "went the long way: {point:?}"
            );
        }
        // Westward too, and off the equator.
        let parts = arc_parts((-170.0, 50.0), (170.0, 60.0), ARC_STEP_DEGREES);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].last().unwrap().0, -180.0);
        assert_eq!(parts[1][0].0, 180.0);
        assert_eq!(parts[0].last().unwrap().1, parts[1][0].1);
        assert_eq!(arc_parts(KABUL, MOSCOW, 2.0).len(), 1);
    }

    #[test]
    fn antipodal_points_still_get_an_arc() {
        let arc = great_circle_arc((0.0, 0.0), (180.0, 0.0), ARC_STEP_DEGREES);
        assert_eq!(arc.len(), 91);
        assert!(close(arc[45], (0.0, 90.0)) || (arc[45].1 - 90.0).abs() < 1e-9);
        assert!(arc.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }
}
