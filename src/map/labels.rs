//! Label placement with collision avoidance: labels are taken in order of importance and each
//! is kept only if its box does not touch one already placed, so names never pile up.

/// A label that would like a place on screen.
#[derive(Clone, Debug)]
pub struct LabelCandidate {
    /// Screen position of the label's centre.
    pub center: [f64; 2],
    /// Size of the text box in pixels.
    pub size: [f64; 2],
    /// Higher is placed first.
    pub priority: f64,
    /// Other centres to try, in order, when `center` is taken (e.g. left of a symbol instead
    /// of right). Empty: small nudges around `center` are tried instead.
    pub alternatives: Vec<[f64; 2]>,
}

/// Where a label may move when its own spot is taken, in units of its height (vertical) and a
/// third of its width (horizontal): a little above or below, then a little to either side.
const NUDGES: [[f64; 2]; 5] = [[0.0, 0.0], [0.0, -1.0], [0.0, 1.0], [-1.0, 0.0], [1.0, 0.0]];

impl LabelCandidate {
    fn rect_at(&self, center: [f64; 2], padding: f64) -> [f64; 4] {
        let [cx, cy] = center;
        let [w, h] = self.size;
        [
            cx - w / 2.0 - padding,
            cy - h / 2.0 - padding,
            cx + w / 2.0 + padding,
            cy + h / 2.0 + padding,
        ]
    }
}

/// Chooses the labels to draw: for each accepted candidate, its index and the centre it was
/// given, most important first. A label must lie wholly inside the viewport and keep `padding`
/// pixels from every other; when its own spot is taken it may move a little (see `NUDGES`).
///
/// `obstacles` are boxes `[min_x, min_y, max_x, max_y]` no label may cover (map symbols).
pub fn place_labels(
    candidates: &[LabelCandidate],
    viewport: [f64; 2],
    padding: f64,
    obstacles: &[[f64; 4]],
) -> Vec<(usize, [f64; 2])> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[b].priority.total_cmp(&candidates[a].priority));
    let mut placed: Vec<[f64; 4]> = obstacles.to_vec();
    let mut accepted = Vec::new();
    for i in order {
        let candidate = &candidates[i];
        if !candidate.center.iter().all(|v| v.is_finite()) {
            continue;
        }
        let [w, h] = candidate.size;
        let centers: Vec<[f64; 2]> = if candidate.alternatives.is_empty() {
            NUDGES
                .iter()
                .map(|[nx, ny]| {
                    [
                        candidate.center[0] + nx * w / 3.0,
                        candidate.center[1] + ny * h,
                    ]
                })
                .collect()
        } else {
            std::iter::once(candidate.center)
                .chain(candidate.alternatives.iter().copied())
                .collect()
        };
        for center in centers {
            let inner = candidate.rect_at(center, 0.0);
            let inside = inner[0] >= 0.0
                && inner[1] >= 0.0
                && inner[2] <= viewport[0]
                && inner[3] <= viewport[1];
            if !inside {
                continue;
            }
            let padded = candidate.rect_at(center, padding / 2.0);
            let collides = placed.iter().any(|r| {
                padded[0] < r[2] && r[0] < padded[2] && padded[1] < r[3] && r[1] < padded[3]
            });
            if !collides {
                placed.push(padded);
                accepted.push((i, center));
                break;
            }
        }
    }
    accepted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(x: f64, y: f64, priority: f64) -> LabelCandidate {
        LabelCandidate {
            center: [x, y],
            size: [60.0, 12.0],
            priority,
            alternatives: Vec::new(),
        }
    }

    #[test]
    fn overlapping_labels_keep_the_most_important() {
        let candidates = [
            candidate(100.0, 100.0, 1.0),
            candidate(120.0, 104.0, 5.0),
            candidate(300.0, 100.0, 0.5),
        ];
        let placed = place_labels(&candidates, [800.0, 600.0], 4.0, &[]);
        let order: Vec<usize> = placed.iter().map(|(i, _)| *i).collect();
        assert_eq!(order, vec![1, 0, 2], "the less important label moves aside");
        assert_eq!(
            placed[0].1,
            [120.0, 104.0],
            "the most important keeps its spot"
        );
        assert_ne!(placed[1].1, [100.0, 100.0]);
    }

    #[test]
    fn labels_off_screen_are_dropped_and_edge_labels_move_in() {
        let candidates = [
            candidate(-10.0, 100.0, 1.0),
            candidate(400.0, 599.0, 1.0),
            candidate(400.0, 300.0, 1.0),
        ];
        let placed = place_labels(&candidates, [800.0, 600.0], 4.0, &[]);
        let order: Vec<usize> = placed.iter().map(|(i, _)| *i).collect();
        assert_eq!(
            order,
            vec![1, 2],
            "the label hanging off the left edge cannot fit"
        );
        assert_eq!(
            placed[0].1,
            [400.0, 587.0],
            "the label on the bottom edge moves up"
        );
    }

    #[test]
    fn labels_keep_off_obstacles() {
        let candidates = [candidate(100.0, 100.0, 1.0)];
        let symbol = [95.0, 95.0, 105.0, 105.0];
        let placed = place_labels(&candidates, [800.0, 600.0], 2.0, &[symbol]);
        assert_eq!(placed.len(), 1);
        let [x, y] = placed[0].1;
        let r = candidates[0].rect_at([x, y], 0.0);
        assert!(r[2] <= symbol[0] || r[0] >= symbol[2] || r[3] <= symbol[1] || r[1] >= symbol[3]);
    }

    #[test]
    fn no_two_placed_labels_overlap() {
        let candidates: Vec<_> = (0..400)
            .map(|i| {
                candidate(
                    (i * 37 % 780) as f64 + 10.0,
                    (i * 53 % 580) as f64 + 10.0,
                    (i % 17) as f64,
                )
            })
            .collect();
        let placed = place_labels(&candidates, [800.0, 600.0], 2.0, &[]);
        assert!(placed.len() > 20);
        for (n, &(a, ca)) in placed.iter().enumerate() {
            for &(b, cb) in &placed[n + 1..] {
                let (ra, rb) = (
                    candidates[a].rect_at(ca, 0.0),
                    candidates[b].rect_at(cb, 0.0),
                );
                let overlap = ra[0] < rb[2] && rb[0] < ra[2] && ra[1] < rb[3] && rb[1] < ra[3];
                assert!(!overlap, "labels {a} and {b} overlap");
            }
        }
    }
}
