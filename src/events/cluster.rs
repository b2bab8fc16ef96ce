//! A cluster hierarchy over a dataset's events, computed once per dataset, so drawing a
//! million events never walks them all each frame.
//!
//! The idea is supercluster's (clusters per zoom level, found through a spatial index), with a
//! quadtree of longitude/latitude cells as the index: every event gets the Z-order code of its
//! cell at the finest level, and the events are sorted by it once (n log n). A cell of any
//! coarser level is then one contiguous run of that order, so counting the events of a cell is
//! two binary searches, and after a filter change one pass of prefix sums over the order
//! (linear) makes every cell's count and centre O(1). Cells of a level are found by descending
//! the quadtree only into non-empty cells that meet the view.

use super::area::{AreaShape, Relation};
use super::table::EventTable;

/// Levels of the quadtree: level `z` has `2^z × 2^z` cells over 360° × 360° (latitude uses
/// the middle half), so the finest cells are about 40 m across.
pub const FINEST_LEVEL: u8 = 20;

/// A group of events drawn as one marker at one level.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    /// How many events pass the filter.
    pub count: u32,
    /// Mean position of those events.
    pub lon: f64,
    pub lat: f64,
    /// The cell: its level and Z-order code at that level.
    pub level: u8,
    pub code: u64,
    /// The run of the sorted order the cell covers (all events, shown or not).
    pub run: std::ops::Range<usize>,
}

impl Cluster {
    /// The cell's extent in degrees, `[west, south, east, north]`.
    pub fn cell_box(&self) -> [f64; 4] {
        cell_box(self.level, self.code)
    }
}

/// The sorted order and, for the current filter, the prefix sums over it.
#[derive(Debug, Clone, Default)]
pub struct ClusterIndex {
    /// Event rows in Z-order of their finest cell.
    order: Vec<u32>,
    /// The finest-level code of `order[i]`, ascending.
    codes: Vec<u64>,
    /// Prefix sums over the order of the shown events: `count[i]` shown among `order[..i]`.
    count: Vec<u32>,
    sum_lon: Vec<f64>,
    sum_lat: Vec<f64>,
    /// Events left out because their position is not a place (NaN, out of range).
    unplaced: usize,
}

impl ClusterIndex {
    /// Sorts the table's events into the quadtree, all of them shown. The codes and the sort
    /// run on every core: this is most of the time a dataset takes to open from its cache.
    pub fn new(table: &EventTable) -> ClusterIndex {
        let (codes, order) = if table.len() <= 1 << ROW_BITS {
            sorted_packed(table)
        } else {
            sorted_pairs(table)
        };
        ClusterIndex::assembled(table, order, codes)
    }

    /// The index of `table` over rows `order` (sorted by their finest cell `codes`), every
    /// event shown.
    fn assembled(table: &EventTable, order: Vec<u32>, codes: Vec<u64>) -> ClusterIndex {
        let mut index = ClusterIndex {
            unplaced: table.len() - order.len(),
            order,
            codes,
            ..ClusterIndex::default()
        };
        index.show(table, |_| true);
        index
    }

    /// The index of `table` from an order saved earlier (the dataset's cache), which spares
    /// the sort; `None` when the order is not that of this table (then build it anew).
    pub fn from_order(table: &EventTable, order: Vec<u32>) -> Option<ClusterIndex> {
        use rayon::prelude::*;
        let codes: Vec<u64> = order
            .par_iter()
            .map(|&row| {
                let row = row as usize;
                finest_code(*table.lon.get(row)?, *table.lat.get(row)?)
            })
            .collect::<Option<_>>()?;
        let placed = table
            .lon
            .par_iter()
            .zip(table.lat.par_iter())
            .filter(|&(&lon, &lat)| finest_code(lon, lat).is_some())
            .count();
        if placed != order.len() || !codes.par_windows(2).all(|w| w[0] <= w[1]) {
            return None;
        }
        // Each row once: a repeated row would be counted twice and another never.
        let mut seen = vec![false; table.len()];
        for &row in &order {
            if std::mem::replace(&mut seen[row as usize], true) {
                return None;
            }
        }
        Some(ClusterIndex::assembled(table, order, codes))
    }

    /// Event rows in Z-order, for saving with the dataset's cache.
    pub fn z_order(&self) -> &[u32] {
        &self.order
    }

    /// Recounts for a filter: `shown(row)` says whether an event passes. Linear in the events.
    pub fn show(&mut self, table: &EventTable, shown: impl Fn(usize) -> bool) {
        let n = self.order.len();
        let mut count = Vec::with_capacity(n + 1);
        let mut sum_lon = Vec::with_capacity(n + 1);
        let mut sum_lat = Vec::with_capacity(n + 1);
        let (mut c, mut x, mut y) = (0u32, 0.0f64, 0.0f64);
        count.push(c);
        sum_lon.push(x);
        sum_lat.push(y);
        for &row in &self.order {
            let row = row as usize;
            if shown(row) {
                c += 1;
                x += table.lon[row];
                y += table.lat[row];
            }
            count.push(c);
            sum_lon.push(x);
            sum_lat.push(y);
        }
        self.count = count;
        self.sum_lon = sum_lon;
        self.sum_lat = sum_lat;
    }

    /// Events that have a place.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Events without a usable position (never drawn).
    pub fn unplaced(&self) -> usize {
        self.unplaced
    }

    /// Events shown under the current filter.
    pub fn shown(&self) -> u32 {
        self.count.last().copied().unwrap_or(0)
    }

    /// The rows of a run of the order, e.g. a cluster's events.
    pub fn rows(&self, run: std::ops::Range<usize>) -> &[u32] {
        self.order.get(run).unwrap_or(&[])
    }

    /// Whether the event at position `i` of the order is shown.
    pub fn is_shown_at(&self, i: usize) -> bool {
        match (self.count.get(i), self.count.get(i + 1)) {
            (Some(a), Some(b)) => b > a,
            _ => false,
        }
    }

    /// The non-empty cells of `level` that meet `area` (`[west, south, east, north]`), with their
    /// shown events counted; cells with none shown are left out. Stops after `limit` cells.
    pub fn clusters(&self, level: u8, area: [f64; 4], limit: usize) -> Vec<Cluster> {
        let level = level.min(FINEST_LEVEL);
        let mut out = Vec::new();
        if self.order.is_empty() {
            return out;
        }
        self.descend(0, 0, 0..self.codes.len(), level, &area, limit, &mut out);
        out
    }

    /// Depth-first over the quadtree: `code` is a cell of `depth` holding `run`.
    #[allow(clippy::too_many_arguments)]
    fn descend(
        &self,
        depth: u8,
        code: u64,
        run: std::ops::Range<usize>,
        level: u8,
        area: &[f64; 4],
        limit: usize,
        out: &mut Vec<Cluster>,
    ) {
        if out.len() >= limit || run.is_empty() || !boxes_meet(&cell_box(depth, code), area) {
            return;
        }
        let shown = self.count[run.end] - self.count[run.start];
        if shown == 0 {
            return;
        }
        if depth == level {
            let n = f64::from(shown);
            out.push(Cluster {
                count: shown,
                lon: (self.sum_lon[run.end] - self.sum_lon[run.start]) / n,
                lat: (self.sum_lat[run.end] - self.sum_lat[run.start]) / n,
                level,
                code,
                run,
            });
            return;
        }
        let shift = 2 * u32::from(FINEST_LEVEL - depth - 1);
        let mut start = run.start;
        for child in 0..4u64 {
            let child_code = (code << 2) | child;
            let end_code = (child_code + 1) << shift;
            let end = start + self.codes[start..run.end].partition_point(|&c| c < end_code);
            self.descend(depth + 1, child_code, start..end, level, area, limit, out);
            start = end;
        }
    }

    /// One flag per event: whether it lies inside `shape`. Cells of the quadtree the shape's
    /// edges do not enter are taken or left whole; only events in cells an edge crosses are
    /// tested one by one, so a filter by a detailed country costs little more than by a box.
    pub fn mark_inside(&self, table: &EventTable, shape: &AreaShape) -> Vec<bool> {
        let mut inside = vec![false; table.len()];
        self.visit_inside(table, shape, &mut |row| inside[row] = true);
        inside
    }

    /// Calls `visit` with each event (its row) that lies inside `shape`, as
    /// [`ClusterIndex::mark_inside`] finds them.
    pub fn visit_inside(
        &self,
        table: &EventTable,
        shape: &AreaShape,
        visit: &mut dyn FnMut(usize),
    ) {
        if !self.order.is_empty() {
            self.visit(0, 0, 0..self.codes.len(), table, shape, visit);
        }
    }

    fn visit(
        &self,
        depth: u8,
        code: u64,
        run: std::ops::Range<usize>,
        table: &EventTable,
        shape: &AreaShape,
        visit: &mut dyn FnMut(usize),
    ) {
        /// Runs this short are tested event by event rather than split further.
        const TEST_EACH: usize = 16;
        if run.is_empty() {
            return;
        }
        match shape.relation(cell_box(depth, code)) {
            Relation::Outside => {}
            Relation::Inside => {
                for &row in &self.order[run] {
                    visit(row as usize);
                }
            }
            Relation::Crosses if depth == FINEST_LEVEL || run.len() <= TEST_EACH => {
                for &row in &self.order[run] {
                    let row = row as usize;
                    if shape.contains(table.lon[row], table.lat[row]) {
                        visit(row);
                    }
                }
            }
            Relation::Crosses => {
                let shift = 2 * u32::from(FINEST_LEVEL - depth - 1);
                let mut start = run.start;
                for child in 0..4u64 {
                    let child_code = (code << 2) | child;
                    let end_code = (child_code + 1) << shift;
                    let end = start + self.codes[start..run.end].partition_point(|&c| c < end_code);
                    self.visit(depth + 1, child_code, start..end, table, shape, visit);
                    start = end;
                }
            }
        }
    }

    /// The level whose cells are about `cell_pixels` wide when one degree is `pixels_per_degree`
    /// pixels on screen.
    pub fn level_for(pixels_per_degree: f64, cell_pixels: f64) -> u8 {
        if !(pixels_per_degree.is_finite() && pixels_per_degree > 0.0) {
            return 0;
        }
        // Cells of level z are 360 / 2^z degrees wide.
        let z = (360.0 * pixels_per_degree / cell_pixels).log2().floor();
        z.clamp(0.0, f64::from(FINEST_LEVEL)) as u8
    }
}

/// Whether two `[west, south, east, north]` boxes share any point.
fn boxes_meet(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// The finest cell's Z-order code of a position, `None` when it is not a place on Earth.
fn finest_code(lon: f64, lat: f64) -> Option<u64> {
    let on_earth = lon.is_finite()
        && lat.is_finite()
        && (-180.0..=180.0).contains(&lon)
        && (-90.0..=90.0).contains(&lat);
    if !on_earth {
        return None;
    }
    let cells = f64::from(1u32 << FINEST_LEVEL);
    let max = (1u32 << FINEST_LEVEL) - 1;
    let x = (((lon + 180.0) / 360.0 * cells) as u32).min(max);
    let y = (((lat + 180.0) / 360.0 * cells) as u32).min(max);
    Some(interleave(x, y))
}

/// Bits of a row number packed under a finest-level code (40 bits) in one `u64` sort key.
const ROW_BITS: u32 = 64 - 2 * FINEST_LEVEL as u32;

/// Codes and rows in Z-order for tables of up to 2^24 events: each event's code and row are
/// one `u64`, so the sort moves half the bytes of (code, row) pairs and the codes are taken out
/// in place.
fn sorted_packed(table: &EventTable) -> (Vec<u64>, Vec<u32>) {
    use rayon::prelude::*;
    let mut keys: Vec<u64> = table
        .lon
        .par_iter()
        .zip(table.lat.par_iter())
        .enumerate()
        .filter_map(|(row, (&lon, &lat))| Some(finest_code(lon, lat)? << ROW_BITS | row as u64))
        .collect();
    keys.par_sort_unstable();
    let mask = (1u64 << ROW_BITS) - 1;
    let order = keys.par_iter().map(|&key| (key & mask) as u32).collect();
    keys.par_iter_mut().for_each(|key| *key >>= ROW_BITS);
    (keys, order)
}

/// Codes and rows in Z-order for larger tables, as (code, row) pairs.
fn sorted_pairs(table: &EventTable) -> (Vec<u64>, Vec<u32>) {
    use rayon::prelude::*;
    let mut keyed: Vec<(u64, u32)> = table
        .lon
        .par_iter()
        .zip(table.lat.par_iter())
        .enumerate()
        .filter_map(|(row, (&lon, &lat))| {
            let code = finest_code(lon, lat)?;
            Some((code, u32::try_from(row).ok()?))
        })
        .collect();
    keyed.par_sort_unstable();
    keyed.into_par_iter().unzip()
}

/// Morton code: x's bits in the even positions, y's in the odd ones.
fn interleave(x: u32, y: u32) -> u64 {
    spread(x) | (spread(y) << 1)
}

fn spread(v: u32) -> u64 {
    let mut v = u64::from(v) & 0x0000_0000_ffff_ffff;
    v = (v | (v << 16)) & 0x0000_ffff_0000_ffff;
    v = (v | (v << 8)) & 0x00ff_00ff_00ff_00ff;
    v = (v | (v << 4)) & 0x0f0f_0f0f_0f0f_0f0f;
    v = (v | (v << 2)) & 0x3333_3333_3333_3333;
    (v | (v << 1)) & 0x5555_5555_5555_5555
}

fn compact(v: u64) -> u32 {
    let mut v = v & 0x5555_5555_5555_5555;
    v = (v | (v >> 1)) & 0x3333_3333_3333_3333;
    v = (v | (v >> 2)) & 0x0f0f_0f0f_0f0f_0f0f;
    v = (v | (v >> 4)) & 0x00ff_00ff_00ff_00ff;
    v = (v | (v >> 8)) & 0x0000_ffff_0000_ffff;
    v = (v | (v >> 16)) & 0x0000_0000_ffff_ffff;
    v as u32
}

/// The extent of a cell in degrees, `[west, south, east, north]`.
pub fn cell_box(level: u8, code: u64) -> [f64; 4] {
    let (x, y) = (compact(code), compact(code >> 1));
    let size = 360.0 / f64::from(1u32 << level.min(FINEST_LEVEL));
    let west = -180.0 + f64::from(x) * size;
    let south = -180.0 + f64::from(y) * size;
    [west, south, west + size, south + size]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn table(points: &[(f64, f64)]) -> EventTable {
        let n = points.len();
        EventTable {
            lon: points.iter().map(|p| p.0).collect(),
            lat: points.iter().map(|p| p.1).collect(),
            day_start: vec![0; n],
            day_end: vec![0; n],
            line: (2..2 + n as u32).collect(),
            fields: Vec::new(),
        }
    }

    const WORLD: [f64; 4] = [-180.0, -90.0, 180.0, 90.0];

    #[test]
    fn a_saved_order_is_taken_only_when_it_is_this_tables() {
        let t = table(&[
            (69.17, 34.53),
            (f64::NAN, 0.0),
            (-3.7, 40.4),
            (69.18, 34.52),
        ]);
        let built = ClusterIndex::new(&t);
        let order = built.z_order().to_vec();
        let again = ClusterIndex::from_order(&t, order.clone()).expect("the same order");
        assert_eq!(again.z_order(), built.z_order());
        assert_eq!(again.unplaced(), 1);
        assert_eq!(again.clusters(4, WORLD, 100), built.clusters(4, WORLD, 100));
        let mut shuffled = order.clone();
        shuffled.reverse();
        assert!(
            ClusterIndex::from_order(&t, shuffled).is_none(),
            "not in Z-order"
        );
        let repeated = vec![order[0], order[0], order[2]];
        assert!(ClusterIndex::from_order(&t, repeated).is_none());
        assert!(
            ClusterIndex::from_order(&t, vec![0, 2]).is_none(),
            "a row left out"
        );
        assert!(
            ClusterIndex::from_order(&t, vec![0, 2, 3, 9]).is_none(),
            "no such row"
        );
        assert!(
            ClusterIndex::from_order(&t, vec![0, 1, 2, 3]).is_none(),
            "row 1 has no place"
        );
    }

    #[test]
    fn packed_and_paired_sorts_put_events_in_the_same_order() {
        let points: Vec<(f64, f64)> = (0..5_000)
            .map(|i| {
                let i = f64::from(i);
                if i % 97.0 == 0.0 {
                    (f64::NAN, 10.0) // not a place: left out by both
                } else {
                    ((i * 37.77) % 360.0 - 180.0, (i * 13.13) % 180.0 - 90.0)
                }
            })
            .collect();
        let t = table(&points);
        let packed = sorted_packed(&t);
        assert_eq!(packed, sorted_pairs(&t));
        assert_eq!(packed.1.len(), 5_000 - 52);
        assert!(packed.0.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn nearby_events_cluster_and_distant_ones_do_not() {
        let t = table(&[(69.17, 34.53), (69.18, 34.52), (69.2, 34.5), (-3.7, 40.4)]);
        let index = ClusterIndex::new(&t);
        let clusters = index.clusters(4, WORLD, 100);
        let mut counts: Vec<u32> = clusters.iter().map(|c| c.count).collect();
        counts.sort_unstable();
        assert_eq!(counts, vec![1, 3], "Kabul's three together, Madrid alone");
        let kabul = clusters.iter().find(|c| c.count == 3).unwrap();
        assert!((kabul.lon - 69.1833).abs() < 1e-3 && (kabul.lat - 34.5166).abs() < 1e-3);
        let finest = index.clusters(FINEST_LEVEL, WORLD, 100);
        assert_eq!(
            finest.len(),
            4,
            "at the finest level each event is its own cell"
        );
    }

    #[test]
    fn a_filter_recounts_without_resorting_and_empty_cells_vanish() {
        let t = table(&[(10.0, 10.0), (10.1, 10.1), (-60.0, -20.0)]);
        let mut index = ClusterIndex::new(&t);
        index.show(&t, |row| row != 2);
        assert_eq!(index.shown(), 2);
        let clusters = index.clusters(3, WORLD, 100);
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].count, 2);
        assert_eq!(index.rows(clusters[0].run.clone()).len(), 2);
    }

    #[test]
    fn only_cells_meeting_the_area_are_returned_and_bad_positions_are_left_out() {
        let t = table(&[(10.0, 10.0), (100.0, 10.0), (f64::NAN, 1.0), (500.0, 1.0)]);
        let index = ClusterIndex::new(&t);
        assert_eq!(index.unplaced(), 2);
        let clusters = index.clusters(6, [0.0, 0.0, 20.0, 20.0], 100);
        assert_eq!(clusters.len(), 1);
        assert_eq!(index.rows(clusters[0].run.clone()), &[0]);
    }

    #[test]
    fn levels_follow_the_zoom() {
        // At world view (~5 px per degree) cells of ~60 px are level 4 or 5.
        assert!((4..=5).contains(&ClusterIndex::level_for(5.3, 60.0)));
        assert!(ClusterIndex::level_for(5000.0, 60.0) > ClusterIndex::level_for(5.0, 60.0));
        assert_eq!(ClusterIndex::level_for(f64::NAN, 60.0), 0);
        assert_eq!(ClusterIndex::level_for(1e12, 60.0), FINEST_LEVEL);
    }

    proptest! {
        /// Taking quadtree cells whole gives the same events as testing each one.
        #[test]
        fn inside_through_the_index_is_inside_event_by_event(
            points in proptest::collection::vec((-20.0f64..40.0, -20.0f64..40.0), 0..300),
            hole in 1.0f64..8.0,
        ) {
            use geo::Polygon;
            let t = table(&points);
            let index = ClusterIndex::new(&t);
            let shape = AreaShape::polygon(Polygon::new(
                vec![(0.0, 0.0), (20.0, 0.0), (20.0, 5.0), (5.0, 5.0), (5.0, 15.0), (20.0, 20.0), (0.0, 20.0), (0.0, 0.0)].into(),
                vec![vec![(1.0, 1.0), (1.0 + hole / 2.0, 1.0), (1.0, 1.0 + hole), (1.0, 1.0)].into()],
            )).unwrap();
            prop_assert_eq!(index.mark_inside(&t, &shape), shape.mask(&t));
        }

        /// Every shown event is counted exactly once at every level, and lies in its cell.
        #[test]
        fn each_level_partitions_the_shown_events(
            points in proptest::collection::vec((-180.0f64..180.0, -90.0f64..90.0), 0..200),
            level in 0u8..=FINEST_LEVEL,
            hidden in 0usize..7,
        ) {
            let t = table(&points);
            let mut index = ClusterIndex::new(&t);
            index.show(&t, |row| hidden == 0 || row % hidden != 0);
            let expected = (0..points.len()).filter(|row| hidden == 0 || row % hidden != 0).count();
            let clusters = index.clusters(level, WORLD, usize::MAX);
            prop_assert_eq!(clusters.iter().map(|c| c.count as usize).sum::<usize>(), expected);
            for cluster in &clusters {
                let [w, s, e, n] = cluster.cell_box();
                for &row in index.rows(cluster.run.clone()) {
                    let (lon, lat) = (t.lon[row as usize], t.lat[row as usize]);
                    prop_assert!(lon >= w - 1e-9 && lon <= e + 1e-9 && lat >= s - 1e-9 && lat <= n + 1e-9);
                }
            }
        }
    }
}
