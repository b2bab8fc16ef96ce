//! Label placement with collision avoidance: labels are taken in order of importance and each
//! is kept only if its box does not touch one already placed, so names never pile up.

/// A label that would like a place on screen.
#[derive(Clone, Copy, Debug)]
pub struct LabelCandidate {
    /// Screen position of the label's centre.
    pub center: [f64; 2],
    /// Size of the text box in pixels.
    pub size: [f64; 2],
    /// Higher is placed first.
    pub priority: f64,
}

impl LabelCandidate {
    fn rect(&self, padding: f64) -> [f64; 4] {
        let [cx, cy] = self.center;
        let [w, h] = self.size;
        [
            cx - w / 2.0 - padding,
            cy - h / 2.0 - padding,
            cx + w / 2.0 + padding,
            cy + h / 2.0 + padding,
        ]
    }
}

/// Chooses the labels to draw: the indices of the accepted candidates, most important first.
/// A label must lie wholly inside the viewport and keep `padding` pixels from every other.
pub fn place_labels(candidates: &[LabelCandidate], viewport: [f64; 2], padding: f64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| candidates[b].priority.total_cmp(&candidates[a].priority));
    let mut placed: Vec<[f64; 4]> = Vec::new();
    let mut accepted = Vec::new();
    for i in order {
        let candidate = &candidates[i];
        let inner = candidate.rect(0.0);
        let inside = inner[0] >= 0.0
            && inner[1] >= 0.0
            && inner[2] <= viewport[0]
            && inner[3] <= viewport[1];
        if !inside || !candidate.center.iter().all(|v| v.is_finite()) {
            continue;
        }
        let padded = candidate.rect(padding / 2.0);
        let collides = placed
            .iter()
            .any(|r| padded[0] < r[2] && r[0] < padded[2] && padded[1] < r[3] && r[1] < padded[3]);
        if !collides {
            placed.push(padded);
            accepted.push(i);
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
        }
    }

    #[test]
    fn overlapping_labels_keep_the_most_important() {
        let candidates = [
            candidate(100.0, 100.0, 1.0),
            candidate(120.0, 104.0, 5.0),
            candidate(300.0, 100.0, 0.5),
        ];
        let placed = place_labels(&candidates, [800.0, 600.0], 4.0);
        assert_eq!(placed, vec![1, 2]);
    }

    #[test]
    fn labels_off_screen_are_dropped() {
        let candidates = [
            candidate(-10.0, 100.0, 1.0),
            candidate(400.0, 599.0, 1.0),
            candidate(400.0, 300.0, 1.0),
        ];
        assert_eq!(place_labels(&candidates, [800.0, 600.0], 4.0), vec![2]);
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
        let placed = place_labels(&candidates, [800.0, 600.0], 2.0);
        assert!(placed.len() > 20);
        for (n, &a) in placed.iter().enumerate() {
            for &b in &placed[n + 1..] {
                let (ra, rb) = (candidates[a].rect(0.0), candidates[b].rect(0.0));
                let overlap = ra[0] < rb[2] && rb[0] < ra[2] && ra[1] < rb[3] && rb[1] < ra[3];
                assert!(!overlap, "labels {a} and {b} overlap");
            }
        }
    }
}
