//! Screen-space helpers shared by the painters and hit-testing.

use crate::map::camera::ScreenTransform;

/// Transforms projected points to screen pixels, dropping points closer than `tolerance`
/// pixels to the last one kept (the first and last points are always kept). At world view the
/// 10m coastlines shrink from hundreds of thousands of points to what a screen can show.
pub fn to_screen_simplified(
    points: &[[f64; 2]],
    transform: &ScreenTransform,
    tolerance: f64,
    out: &mut Vec<[f32; 2]>,
) {
    out.clear();
    let tolerance_sq = tolerance * tolerance;
    let mut last: Option<[f64; 2]> = None;
    let n = points.len();
    for (i, &p) in points.iter().enumerate() {
        let s = transform.apply(p);
        if let Some(l) = last {
            let (dx, dy) = (s[0] - l[0], s[1] - l[1]);
            if dx * dx + dy * dy < tolerance_sq && i + 1 != n {
                continue;
            }
        }
        out.push([s[0] as f32, s[1] as f32]);
        last = Some(s);
    }
}

/// The distance from `p` to the segment from `a` to `b`, in screen pixels (for hit-testing
/// arcs, paths and outlines).
pub fn segment_distance(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let ab = [b[0] - a[0], b[1] - a[1]];
    let ap = [p[0] - a[0], p[1] - a[1]];
    let length_sq = ab[0] * ab[0] + ab[1] * ab[1];
    let t = if length_sq > 0.0 {
        ((ap[0] * ab[0] + ap[1] * ab[1]) / length_sq).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p[0] - (a[0] + ab[0] * t)).hypot(p[1] - (a[1] + ab[1] * t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplification_keeps_ends_and_drops_subpixel_steps() {
        let t = ScreenTransform {
            scale: 1.0,
            offset: [0.0, 0.0],
        };
        let points: Vec<[f64; 2]> = (0..=100).map(|i| [i as f64 * 0.1, 0.0]).collect();
        let mut out = Vec::new();
        to_screen_simplified(&points, &t, 0.5, &mut out);
        assert_eq!(out.first(), Some(&[0.0, 0.0]));
        assert_eq!(out.last(), Some(&[10.0, 0.0]));
        assert!(out.len() <= 22 && out.len() >= 11, "{}", out.len());
    }

    #[test]
    fn distances_to_a_segment_measure_to_its_nearest_point() {
        assert_eq!(segment_distance([5.0, 3.0], [0.0, 0.0], [10.0, 0.0]), 3.0);
        // Beyond an end, the distance is to that end.
        assert_eq!(segment_distance([13.0, 4.0], [0.0, 0.0], [10.0, 0.0]), 5.0);
        // A segment of no length is its point.
        assert_eq!(segment_distance([3.0, 4.0], [0.0, 0.0], [0.0, 0.0]), 5.0);
    }
}
