//! Borders and coastlines: arcs cut at the antimeridian, merged into lines and meshed.

use std::collections::{BTreeMap, HashMap};

use geo::{Contains, Coord, MultiPolygon, Point};
use geojson::{Feature, JsonObject};
use serde_json::Value;

use super::features::{Country, line_feature};
use super::rings::{
    coord_key, cut_meridians, is_cut_meridian, remove_line_spikes, round_coord, unwrap_longitudes,
};
use super::{AtlasError, AtlasStats, POLAR_CAP_LATITUDE, Ring};

/// Splits an arc for the flat map: cut where it crosses ±180°, shifted into [-180, 180], with
/// segments lying on ±180° or at a pole left out (they are cuts, not coasts or borders).
pub(super) fn split_line_at_antimeridian(points: &[Coord<f64>], scale: f64) -> Vec<Ring> {
    let u = unwrap_longitudes(points);
    let mut lines: Vec<Ring> = Vec::new();
    let mut current: Ring = Vec::new();
    for seg in u.windows(2) {
        let (a, b) = (seg[0], seg[1]);
        let (lo, hi) = if a.x < b.x { (a.x, b.x) } else { (b.x, a.x) };
        let mut stops = vec![a];
        let mut crossings = cut_meridians(lo, hi);
        if a.x > b.x {
            crossings.reverse();
        }
        for m in crossings {
            let y = a.y + (b.y - a.y) * (m - a.x) / (b.x - a.x);
            stops.push(Coord { x: m, y });
        }
        stops.push(b);
        for part in stops.windows(2) {
            let (p, q) = (part[0], part[1]);
            let on_meridian = p.x == q.x && is_cut_meridian(p.x);
            let at_pole = p.y.abs() >= POLAR_CAP_LATITUDE && q.y.abs() >= POLAR_CAP_LATITUDE;
            if on_meridian || at_pole {
                if current.len() >= 2 {
                    lines.push(std::mem::take(&mut current));
                }
                current.clear();
                continue;
            }
            let shift = 360.0 * ((p.x + q.x) / 720.0).round();
            let p = round_coord(
                Coord {
                    x: p.x - shift,
                    y: p.y,
                },
                scale,
            );
            let q = round_coord(
                Coord {
                    x: q.x - shift,
                    y: q.y,
                },
                scale,
            );
            if p == q {
                continue;
            }
            if current.last() != Some(&p) {
                if current.len() >= 2 {
                    lines.push(std::mem::take(&mut current));
                }
                current = vec![p];
            }
            current.push(q);
        }
    }
    if current.len() >= 2 {
        lines.push(current);
    }
    lines
}

/// Joins lines that meet end to end (reversing some if needed) into longer lines; where more
/// than two meet, the earliest line wins, so the result does not depend on hashing.
pub(super) fn merge_lines(lines: Vec<Ring>) -> Vec<Ring> {
    let mut ends: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        if let (Some(first), Some(last)) = (line.first(), line.last())
            && first != last
        {
            ends.entry(coord_key(first)).or_default().push(i);
            ends.entry(coord_key(last)).or_default().push(i);
        }
    }
    let mut used = vec![false; lines.len()];
    let take_partner = |at: &Coord<f64>, used: &mut Vec<bool>| -> Option<usize> {
        let j = ends
            .get(&coord_key(at))?
            .iter()
            .copied()
            .filter(|&j| !used[j])
            .min()?;
        used[j] = true;
        Some(j)
    };
    let mut merged = Vec::new();
    for i in 0..lines.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mut line = lines[i].clone();
        // Forwards from the end, then backwards from the start.
        for _ in 0..2 {
            while line.first() != line.last() {
                let Some(&end) = line.last() else { break };
                let Some(j) = take_partner(&end, &mut used) else {
                    break;
                };
                let mut next = lines[j].clone();
                if next.first() != Some(&end) {
                    next.reverse();
                }
                line.extend(next.into_iter().skip(1));
            }
            line.reverse();
        }
        merged.push(line);
    }
    merged
}

/// Merged lines without the zero-width spikes the polygons lost too.
fn tidy_lines(lines: Vec<Ring>) -> Vec<Ring> {
    merge_lines(lines)
        .iter()
        .map(|line| remove_line_spikes(line))
        .filter(|line| line.len() >= 2)
        .collect()
}

/// Makes `left` lie on the left of each line, judged just beside its longest segment.
fn orient_left(lines: &mut [Ring], left: &MultiPolygon<f64>, right: &MultiPolygon<f64>) {
    for line in lines {
        let Some(seg) = line.windows(2).max_by(|a, b| {
            let len = |s: &[Coord<f64>]| (s[1].x - s[0].x).hypot(s[1].y - s[0].y);
            len(a).total_cmp(&len(b))
        }) else {
            continue;
        };
        let (a, b) = (seg[0], seg[1]);
        let len = (b.x - a.x).hypot(b.y - a.y);
        if len == 0.0 {
            continue;
        }
        let eps = (len * 1e-3).min(1e-4);
        let probe = Point::new(
            (a.x + b.x) / 2.0 - (b.y - a.y) / len * eps,
            (a.y + b.y) / 2.0 + (b.x - a.x) / len * eps,
        );
        if !left.contains(&probe) && right.contains(&probe) {
            line.reverse();
        }
    }
}

/// The TopoJSON mesh: arcs used by two countries become their border (drawn once), arcs used by
/// one country its coastline.
pub(super) fn mesh(
    arcs: &[Ring],
    arc_users: &[Vec<usize>],
    excluded_arcs: &[bool],
    countries: &[Country],
    scale: f64,
    stats: &mut AtlasStats,
) -> Result<(Vec<Feature>, Vec<Feature>), AtlasError> {
    let mut borders: BTreeMap<(usize, usize), Vec<Ring>> = BTreeMap::new();
    let mut coasts: BTreeMap<usize, Vec<Ring>> = BTreeMap::new();
    for (arc, users) in arc_users.iter().enumerate() {
        if excluded_arcs[arc] {
            continue;
        }
        let mut distinct = users.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let pieces = || split_line_at_antimeridian(&arcs[arc], scale);
        match (users.len(), distinct.as_slice()) {
            (0, _) => {}
            (1, &[only]) => coasts.entry(only).or_default().extend(pieces()),
            (_, &[_]) => stats.internal_arcs += 1,
            (_, &[a, b]) => borders.entry((a, b)).or_default().extend(pieces()),
            (_, many) => stats.ambiguous_arcs.push(format!(
                "arc {arc} ({})",
                many.iter()
                    .map(|&i| countries[i].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::String(s.to_owned()));
    let a3 = |c: &Country| text(c.iso.as_ref().map(|i| i.alpha3.as_str()));
    let border_features = borders
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|((a, b), lines)| {
            let (left, right) = (&countries[a], &countries[b]);
            let mut lines = tidy_lines(lines);
            orient_left(&mut lines, &left.shape, &right.shape);
            let mut properties = JsonObject::new();
            properties.insert("left".into(), Value::String(left.name.clone()));
            properties.insert("right".into(), Value::String(right.name.clone()));
            properties.insert("left_a3".into(), a3(left));
            properties.insert("right_a3".into(), a3(right));
            line_feature(lines, properties)
        })
        .collect();
    let coast_features = coasts
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(i, lines)| {
            let country = &countries[i];
            let mut properties = JsonObject::new();
            properties.insert("name".into(), Value::String(country.name.clone()));
            properties.insert("iso_a3".into(), a3(country));
            line_feature(tidy_lines(lines), properties)
        })
        .collect();
    Ok((border_features, coast_features))
}
