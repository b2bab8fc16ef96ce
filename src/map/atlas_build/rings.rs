//! Ring geometry: area and winding, clean-up, cutting at the antimeridian, nesting into polygons.

use std::collections::{BTreeMap, HashMap};

use geo::{Area, Contains, Coord, InteriorPoint, LineString, MultiPolygon, Point, Polygon};

use super::{POLAR_CAP_LATITUDE, POLE_EDGE_STEP_DEGREES, Ring};

/// Twice the signed area (shoelace): positive for counter-clockwise rings. Taken relative to
/// the first point, so small rings far from (0, 0) keep their precision.
pub(super) fn signed_area(ring: &[Coord<f64>]) -> f64 {
    let Some(&origin) = ring.first() else {
        return 0.0;
    };
    let cross = |a: Coord<f64>, b: Coord<f64>| {
        (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
    };
    // Open rings are closed implicitly: the last edge back to `origin` contributes nothing.
    ring.windows(2).map(|w| cross(w[0], w[1])).sum()
}

/// Twice the area below which a ring is noise: quantized rings have at least half a grid cell,
/// float rounding leaves ~1e-13.
const DEGENERATE_AREA: f64 = 1e-10;

/// Whether a closed ring has too few points or no area to be a polygon.
pub(super) fn is_degenerate(ring: &[Coord<f64>]) -> bool {
    ring.len() < 4 || signed_area(ring).abs() < DEGENERATE_AREA
}

/// Orients a closed ring counter-clockwise (`ccw`) or clockwise, whatever it was before. The
/// orientation is geo's (the turn at the extreme vertex), which is the signed area's for simple
/// rings and stays defined for the few self-crossing rings of the source; the signed area
/// decides only where geo cannot.
pub(super) fn set_winding(ring: &mut [Coord<f64>], ccw: bool) {
    use geo::Winding;
    use geo::winding_order::WindingOrder;
    let is_ccw = match LineString(ring.to_vec()).winding_order() {
        Some(order) => order == WindingOrder::CounterClockwise,
        None => signed_area(ring) > 0.0,
    };
    if is_ccw != ccw {
        ring.reverse();
    }
}

/// Rounds to `scale` (10^decimals) and turns −0 into 0.
pub(super) fn round_coord(c: Coord<f64>, scale: f64) -> Coord<f64> {
    let round = |v: f64| {
        let r = (v * scale).round() / scale;
        if r == 0.0 { 0.0 } else { r }
    };
    Coord {
        x: round(c.x),
        y: round(c.y),
    }
}

/// Drops repeated consecutive points and closes the ring.
pub(super) fn clean_ring(points: impl IntoIterator<Item = Coord<f64>>) -> Ring {
    let mut ring: Ring = Vec::new();
    for p in points {
        if ring.last() != Some(&p) {
            ring.push(p);
        }
    }
    while ring.len() > 1 && ring.first() == ring.last() {
        ring.pop();
    }
    if let Some(&first) = ring.first() {
        ring.push(first);
    }
    ring
}

/// Whether `b` is the tip of a zero-width spike `a → b → c` (the path turns straight back).
fn is_spike(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> bool {
    let cross = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
    let dot = (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y);
    cross == 0.0 && dot < 0.0
}

/// Removes zero-width spikes (a → b → back towards a) from a closed ring. Quantization leaves
/// many on tiny islands; they enclose nothing, but they make the ring's orientation undefined
/// where a spike is the ring's extreme point.
pub(super) fn remove_spikes(ring: &[Coord<f64>]) -> Ring {
    let open = ring.len().saturating_sub(1);
    let mut out = remove_line_spikes(&ring[..open]);
    // The same across the seam between the last point and the first.
    loop {
        let n = out.len();
        if n < 3 {
            break;
        }
        if out[n - 1] == out[0] || is_spike(out[n - 2], out[n - 1], out[0]) {
            out.pop();
        } else if is_spike(out[n - 1], out[0], out[1]) {
            out.remove(0);
        } else {
            break;
        }
    }
    if let Some(&first) = out.first() {
        out.push(first);
    }
    out
}

/// Removes zero-width spikes between the ends of a line (the ends stay).
pub(super) fn remove_line_spikes(line: &[Coord<f64>]) -> Ring {
    let mut out: Ring = Vec::with_capacity(line.len());
    for &p in line {
        out.push(p);
        while out.len() >= 3 {
            let k = out.len();
            let (a, b, c) = (out[k - 3], out[k - 2], out[k - 1]);
            if a == c {
                out.truncate(k - 2);
            } else if is_spike(a, b, c) {
                out.remove(k - 2);
            } else {
                break;
            }
        }
    }
    out
}

pub(super) fn coord_key(c: &Coord<f64>) -> (u64, u64) {
    (c.x.to_bits(), c.y.to_bits())
}

/// Splits a closed ring that passes twice through the same point (a pinch, common after
/// quantization) into simple loops. Nesting then decides which loops are holes, so a pinched
/// figure-eight becomes two polygons and a pinched inner loop becomes a hole.
pub(super) fn split_at_repeated_points(ring: &[Coord<f64>]) -> Vec<Ring> {
    let open = ring.len().saturating_sub(1);
    let mut stack: Ring = Vec::with_capacity(open);
    let mut seen: HashMap<(u64, u64), usize> = HashMap::with_capacity(open);
    let mut loops = Vec::new();
    for &p in &ring[..open] {
        if let Some(&j) = seen.get(&coord_key(&p)) {
            let mut closed: Ring = stack.drain(j..).collect();
            for q in &closed {
                seen.remove(&coord_key(q));
            }
            closed.push(p);
            loops.push(closed);
        }
        seen.insert(coord_key(&p), stack.len());
        stack.push(p);
    }
    if let Some(&first) = stack.first() {
        stack.push(first);
    }
    loops.push(stack);
    loops
}

/// Makes longitudes continuous: each step of more than 180° is taken the short way round, so
/// coordinates may leave [-180, 180]. Repeated points are dropped.
pub(super) fn unwrap_longitudes(points: &[Coord<f64>]) -> Ring {
    let mut out: Ring = Vec::with_capacity(points.len());
    let mut offset = 0.0;
    let mut previous: Option<f64> = None;
    for p in points {
        if let Some(prev) = previous {
            let step = p.x - prev;
            if step > 180.0 {
                offset -= 360.0;
            } else if step < -180.0 {
                offset += 360.0;
            }
        }
        previous = Some(p.x);
        let q = Coord {
            x: p.x + offset,
            y: p.y,
        };
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

/// The meridians ±180° + k·360° strictly between `min` and `max` (in unwrapped longitudes).
pub(super) fn cut_meridians(min: f64, max: f64) -> Vec<f64> {
    let first = ((min - 180.0) / 360.0).floor() as i64 + 1;
    (first..)
        .map(|k| 180.0 + 360.0 * k as f64)
        .take_while(|&m| m < max)
        .filter(|&m| m > min)
        .collect()
}

pub(super) fn is_cut_meridian(x: f64) -> bool {
    (x - 180.0).rem_euclid(360.0) == 0.0
}

/// The outcome of [`split_ring_at_antimeridian`].
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct RingSplit {
    /// Closed rings, all within [-180, 180].
    pub rings: Vec<Ring>,
    /// The ring crossed the antimeridian and was cut.
    pub cut: bool,
    /// The ring went round a pole and was closed along it.
    pub closed_at_pole: bool,
    /// The ring only stood for a pole; `rings` is empty.
    pub polar_cap: bool,
    /// The ring had points written on the far side of ±180° (e.g. −180 for +180) and was moved
    /// back whole, without a cut.
    pub rewrapped: bool,
}

/// Turns a ring drawn for the sphere into rings for the flat map: a ring going round a pole is
/// closed along it (latitude ±90), and a ring crossing ±180° is cut there into pieces, each
/// closed along the meridian. Every output ring lies within [-180, 180] and no segment spans
/// more than 180° of longitude.
pub(super) fn split_ring_at_antimeridian(ring: &[Coord<f64>]) -> Result<RingSplit, String> {
    let mut split = RingSplit::default();
    let mut u = unwrap_longitudes(ring);
    let (Some(&first), Some(&last)) = (u.first(), u.last()) else {
        return Ok(split);
    };
    let turns = ((last.x - first.x) / 360.0).round();
    if turns != 0.0 {
        if u.iter().all(|c| c.y.abs() >= POLAR_CAP_LATITUDE) {
            split.polar_cap = true;
            return Ok(split);
        }
        if turns.abs() > 1.0 || last.y != first.y {
            return Err(format!(
                "ring goes round the pole {turns} times or does not close ({first:?} .. {last:?})"
            ));
        }
        let mean_lat = u.iter().map(|c| c.y).sum::<f64>() / u.len() as f64;
        let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };
        u.push(Coord { x: last.x, y: pole });
        // Back along the pole in short steps, then up to where the ring began.
        let steps = ((last.x - first.x).abs() / POLE_EDGE_STEP_DEGREES).ceil() as usize;
        for i in 1..steps {
            let t = i as f64 / steps as f64;
            u.push(Coord {
                x: last.x + (first.x - last.x) * t,
                y: pole,
            });
        }
        u.push(Coord {
            x: first.x,
            y: pole,
        });
        split.closed_at_pole = true;
    }
    let u = clean_ring(u);
    let (min, max) = u
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| {
            (lo.min(c.x), hi.max(c.x))
        });
    let meridians = cut_meridians(min, max);
    let mut pieces: Vec<(Ring, f64)> = Vec::new();
    if meridians.is_empty() {
        split.rewrapped =
            !split.closed_at_pole && ring.windows(2).any(|w| (w[1].x - w[0].x).abs() > 180.0);
        pieces.push((u, 360.0 * ((min + max) / 720.0).round()));
    } else {
        split.cut = true;
        let mut bounds = vec![f64::NEG_INFINITY];
        bounds.extend(&meridians);
        bounds.push(f64::INFINITY);
        for strip in bounds.windows(2) {
            let (west, east) = (strip[0], strip[1]);
            let centre = if west.is_finite() {
                west + 180.0
            } else {
                east - 180.0
            };
            let mut parts = vec![u.clone()];
            if west.is_finite() {
                parts = clip_all(parts, west, true)?;
            }
            if east.is_finite() {
                parts = clip_all(parts, east, false)?;
            }
            pieces.extend(parts.into_iter().map(|p| (p, centre)));
        }
    }
    for (piece, centre) in pieces {
        let shifted = clean_ring(piece.into_iter().map(|c| Coord {
            x: c.x - centre,
            y: c.y,
        }));
        if let Some(c) = shifted.iter().find(|c| c.x.abs() > 180.0) {
            return Err(format!(
                "a piece of the cut ring still lies outside [-180, 180] at {c:?}"
            ));
        }
        if shifted.len() >= 4 {
            split.rings.push(shifted);
        }
    }
    Ok(split)
}

fn clip_all(rings: Vec<Ring>, meridian: f64, keep_east: bool) -> Result<Vec<Ring>, String> {
    let mut out = Vec::new();
    for ring in rings {
        out.extend(clip_ring(&ring, meridian, keep_east)?);
    }
    Ok(out)
}

/// The part of a closed, simple ring east (or west) of a meridian, as closed rings joined along
/// the meridian. Vertices lying on the meridian are handled exactly (the data has many).
fn clip_ring(ring: &[Coord<f64>], meridian: f64, keep_east: bool) -> Result<Vec<Ring>, String> {
    if keep_east {
        return clip_ring_east(ring, meridian);
    }
    // West of m is east of −m once longitudes are negated (exactly, in floating point).
    let mirrored: Ring = ring.iter().map(|c| Coord { x: -c.x, y: c.y }).collect();
    Ok(clip_ring_east(&mirrored, -meridian)?
        .into_iter()
        .map(|r| r.into_iter().map(|c| Coord { x: -c.x, y: c.y }).collect())
        .collect())
}

/// [`clip_ring`] for the east side. The ring is walked counter-clockwise; runs of edges east of
/// the meridian ("chunks") start and end on it; along the meridian the clipped boundary runs
/// southwards, so each chunk's end joins the nearest chunk start at or south of it.
fn clip_ring_east(ring: &[Coord<f64>], meridian: f64) -> Result<Vec<Ring>, String> {
    let mut points = clean_ring(ring.iter().copied());
    points.pop();
    if points.len() < 3 {
        return Ok(Vec::new());
    }
    if signed_area(&points) < 0.0 {
        points.reverse();
    }
    let n = points.len();
    let mut w: Ring = Vec::with_capacity(n + 8);
    for i in 0..n {
        let (a, b) = (points[i], points[(i + 1) % n]);
        w.push(a);
        if (a.x < meridian && b.x > meridian) || (a.x > meridian && b.x < meridian) {
            let (p, q) = if a.x < b.x { (a, b) } else { (b, a) };
            let y = p.y + (q.y - p.y) * (meridian - p.x) / (q.x - p.x);
            w.push(Coord { x: meridian, y });
        }
    }
    let m = w.len();
    let east = |c: Coord<f64>| c.x > meridian;
    let inside: Vec<bool> = (0..m).map(|i| east(w[i]) || east(w[(i + 1) % m])).collect();
    if inside.iter().all(|&b| b) {
        w.push(w[0]);
        return Ok(vec![w]);
    }
    let Some(start) = (0..m).find(|&i| inside[i] && !inside[(i + m - 1) % m]) else {
        return Ok(Vec::new());
    };
    let mut chunks: Vec<Ring> = Vec::new();
    let mut current: Ring = Vec::new();
    for k in 0..m {
        let i = (start + k) % m;
        if inside[i] {
            if current.is_empty() {
                current.push(w[i]);
            }
            current.push(w[(i + 1) % m]);
        } else if !current.is_empty() {
            chunks.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    let mut starts: Vec<(f64, usize)> = Vec::with_capacity(chunks.len());
    for (i, chunk) in chunks.iter().enumerate() {
        let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
            continue;
        };
        if first.x != meridian || last.x != meridian {
            return Err(format!(
                "a piece east of {meridian} does not begin and end on it"
            ));
        }
        starts.push((first.y, i));
    }
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut next = vec![usize::MAX; chunks.len()];
    let mut claimed = vec![false; chunks.len()];
    for (i, chunk) in chunks.iter().enumerate() {
        let end = chunk.last().map_or(f64::NAN, |c| c.y);
        let below = starts.partition_point(|s| s.0 <= end);
        let Some(&(_, j)) = below.checked_sub(1).and_then(|b| starts.get(b)) else {
            return Err(format!(
                "nothing to join at {meridian}, {end} when cutting (ring not simple?)"
            ));
        };
        if std::mem::replace(&mut claimed[j], true) {
            return Err(format!(
                "two pieces join at {meridian}, {end} when cutting (ring not simple?)"
            ));
        }
        next[i] = j;
    }
    let mut used = vec![false; chunks.len()];
    let mut out = Vec::new();
    for s in 0..chunks.len() {
        if used[s] {
            continue;
        }
        let mut joined: Ring = Vec::new();
        let mut c = s;
        loop {
            used[c] = true;
            joined.extend(&chunks[c]);
            c = next[c];
            if c == s {
                break;
            }
            if c >= chunks.len() || used[c] {
                return Err(format!(
                    "the pieces east of {meridian} do not form closed rings"
                ));
            }
        }
        let joined = clean_ring(joined);
        if joined.len() >= 4 {
            out.push(joined);
        }
    }
    Ok(out)
}

/// Where a point is relative to a closed ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Inside,
    Outside,
    Boundary,
}

fn point_in_ring(p: Coord<f64>, ring: &[Coord<f64>]) -> Side {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross == 0.0
            && p.x >= a.x.min(b.x)
            && p.x <= a.x.max(b.x)
            && p.y >= a.y.min(b.y)
            && p.y <= a.y.max(b.y)
        {
            return Side::Boundary;
        }
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if p.x < x {
                inside = !inside;
            }
        }
    }
    if inside { Side::Inside } else { Side::Outside }
}

/// Whether ring `inner` lies inside ring `outer`, judged by its first vertex not on `outer`.
fn ring_inside(inner: &[Coord<f64>], outer: &[Coord<f64>]) -> bool {
    inner
        .iter()
        .map(|&p| point_in_ring(p, outer))
        .find(|&side| side != Side::Boundary)
        == Some(Side::Inside)
}

#[derive(Clone, Copy)]
pub(super) struct Bounds {
    pub(super) min: Coord<f64>,
    pub(super) max: Coord<f64>,
}

impl Bounds {
    pub(super) fn of(ring: &[Coord<f64>]) -> Bounds {
        let mut b = Bounds {
            min: Coord {
                x: f64::INFINITY,
                y: f64::INFINITY,
            },
            max: Coord {
                x: f64::NEG_INFINITY,
                y: f64::NEG_INFINITY,
            },
        };
        for c in ring {
            b.min.x = b.min.x.min(c.x);
            b.min.y = b.min.y.min(c.y);
            b.max.x = b.max.x.max(c.x);
            b.max.y = b.max.y.max(c.y);
        }
        b
    }

    fn covers(&self, other: &Bounds) -> bool {
        self.min.x <= other.min.x
            && self.min.y <= other.min.y
            && self.max.x >= other.max.x
            && self.max.y >= other.max.y
    }
}

/// Builds polygons from a country's rings by nesting, not by input order or winding: a ring
/// inside an odd number of others is a hole of the smallest ring containing it. Exteriors come
/// out counter-clockwise and holes clockwise (RFC 7946), polygons in input order.
pub(super) fn assemble_polygons(rings: Vec<Ring>) -> Vec<Polygon<f64>> {
    let areas: Vec<f64> = rings.iter().map(|r| signed_area(r).abs()).collect();
    let bounds: Vec<Bounds> = rings.iter().map(|r| Bounds::of(r)).collect();
    let mut order: Vec<usize> = (0..rings.len()).collect();
    order.sort_by(|&a, &b| areas[b].total_cmp(&areas[a]).then(a.cmp(&b)));
    let mut parent: Vec<Option<usize>> = vec![None; rings.len()];
    let mut depth = vec![0usize; rings.len()];
    for (rank, &i) in order.iter().enumerate() {
        let container = order[..rank]
            .iter()
            .rev()
            .copied()
            .find(|&j| bounds[j].covers(&bounds[i]) && ring_inside(&rings[i], &rings[j]));
        if let Some(j) = container {
            parent[i] = Some(j);
            depth[i] = depth[j] + 1;
        }
    }
    let mut holes: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..rings.len() {
        if depth[i] % 2 == 1
            && let Some(p) = parent[i]
        {
            holes.entry(p).or_default().push(i);
        }
    }
    let mut rings: Vec<Option<Ring>> = rings.into_iter().map(Some).collect();
    let mut polygons = Vec::new();
    for i in 0..rings.len() {
        if depth[i] % 2 == 1 {
            continue;
        }
        let Some(mut exterior) = rings[i].take() else {
            continue;
        };
        set_winding(&mut exterior, true);
        let interiors = holes
            .get(&i)
            .into_iter()
            .flatten()
            .filter_map(|&h| rings[h].take())
            .map(|mut hole| {
                set_winding(&mut hole, false);
                LineString(hole)
            })
            .collect();
        polygons.push(Polygon::new(LineString(exterior), interiors));
    }
    polygons
}

/// A point well inside the largest polygon (polylabel), rounded like the data yet still inside;
/// falls back to geo's interior point and to more decimals if rounding pushed it out.
pub(super) fn label_point(
    shape: &MultiPolygon<f64>,
    tolerance: f64,
    decimals: u32,
) -> Option<Point<f64>> {
    let largest = shape
        .0
        .iter()
        .max_by(|a, b| a.unsigned_area().total_cmp(&b.unsigned_area()))?;
    let bounds = Bounds::of(&largest.exterior().0);
    let size = (bounds.max.x - bounds.min.x).min(bounds.max.y - bounds.min.y);
    let tolerance = tolerance.min(size / 20.0).max(1e-9);
    let candidates = [
        polylabel::polylabel(largest, &tolerance).ok(),
        largest.interior_point(),
    ];
    for candidate in candidates.into_iter().flatten() {
        for extra in 0..=4 {
            let scale = 10f64.powi((decimals + extra) as i32);
            let rounded = round_coord(candidate.0, scale);
            if largest.contains(&Point(rounded)) {
                return Some(Point(rounded));
            }
        }
    }
    None
}
