//! A dataset's events counted per country and shaded as a choropleth: five classes of a
//! sequential ramp (quantiles of the countries that have events), with the class ranges in
//! the legend. The same counts drive the window, exported pictures and `faultline render`.
//!
//! Which country an event is in is decided once per dataset: by its country column when the
//! value names a base-map country (by name or ISO alpha-3), else by its position inside a
//! country's outline (through the dataset's quadtree, see
//! [`ClusterIndex::visit_inside`]). Counting for a filter is then one pass over the shown rows.

use crate::events::area::AreaShape;
use crate::events::cluster::ClusterIndex;
use crate::events::table::{Column, EventTable, Role};
use crate::map::basemap::{BaseMap, Country, Detail};

use std::sync::Arc;

use crate::map::projected::{ProjectedDetail, boxes_meet};

use super::Primitive;
use super::admin1_counts::Admin1Counts;

use super::story::LegendItem;
use super::{Rgba, Stroke};

/// The level of detail whose outlines decide which country an event is in, in the window and
/// in `faultline render` alike: fine enough for coasts and islands, quick to test against.
pub const COUNTRY_DETAIL: Detail = Detail::Medium;

/// Marks an event in no country (at sea, or without a place).
pub const NO_COUNTRY: u32 = u32::MAX;

/// The ramp, light to dark: ColorBrewer's YlOrRd without its palest step, which would read as
/// land. Ordered in lightness, so it holds under colour-vision deficiencies, and all warm, so no
/// class can be taken for the blue-grey sea.
pub const RAMP: [Rgba; 5] = [
    Rgba::rgb(0xfe, 0xd9, 0x76),
    Rgba::rgb(0xfe, 0xb2, 0x4c),
    Rgba::rgb(0xfd, 0x8d, 0x3c),
    Rgba::rgb(0xf0, 0x3b, 0x20),
    Rgba::rgb(0xbd, 0x00, 0x26),
];

/// Shown events per country of one dataset, by the country's name (the same in every level
/// of detail), countries without events left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CountryCounts {
    pub counts: Vec<(String, u32)>,
}

/// What a dataset's choropleth shades: countries, or first-level areas.
#[derive(Debug, Clone, PartialEq)]
pub enum AreaCounts {
    Countries(CountryCounts),
    Admin1(Admin1Counts),
}

/// Outlines between shaded first-level areas: light, so neighbouring areas of one class stay
/// apart without competing with the country borders drawn over them.
pub const ADMIN1_OUTLINE: Stroke = Stroke::solid(0.5, Rgba::new(0xff, 0xff, 0xff, 0xb0));

/// The country (index into `countries`) of every event of `table`, [`NO_COUNTRY`] for none.
pub fn countries_of_events(
    table: &EventTable,
    index: &ClusterIndex,
    countries: &[Country],
) -> Vec<u32> {
    let mut assigned = vec![NO_COUNTRY; table.len()];
    let mut pending = table.len();
    if let Some(Column::Dict { codes, values }) = table.field(Role::Country).map(|f| &f.column) {
        let of_value: Vec<u32> = values.iter().map(|v| country_named(countries, v)).collect();
        for (row, code) in codes.iter().enumerate() {
            if let Some(&country) = of_value.get(code as usize)
                && country != NO_COUNTRY
            {
                assigned[row] = country;
                pending -= 1;
            }
        }
    }
    if pending == 0 {
        return assigned;
    }
    // The countries are tested on every core; where outlines overlap, the first country in
    // the atlas's order keeps the event, as one pass in that order would.
    use rayon::prelude::*;
    let inside: Vec<Vec<u32>> = countries
        .par_iter()
        .map(|country| {
            let mut rows = Vec::new();
            if let Some(shape) = AreaShape::new(country.geometry.clone()) {
                index.visit_inside(table, &shape, &mut |row| rows.push(row as u32));
            }
            rows
        })
        .collect();
    for (n, rows) in inside.into_iter().enumerate() {
        for row in rows {
            let slot = &mut assigned[row as usize];
            if *slot == NO_COUNTRY {
                *slot = n as u32;
            }
        }
    }
    assigned
}

/// The country a dataset's value names: its name or ISO alpha-3 code, any case.
fn country_named(countries: &[Country], value: &str) -> u32 {
    let value = value.trim();
    countries
        .iter()
        .position(|c| {
            c.name.eq_ignore_ascii_case(value)
                || c.iso_a3
                    .as_deref()
                    .is_some_and(|a3| value.len() == 3 && a3.eq_ignore_ascii_case(value))
        })
        .map_or(NO_COUNTRY, |i| i as u32)
}

/// Counts the `rows` (the shown events) per country.
pub fn count(assigned: &[u32], rows: &[u32], countries: &[Country]) -> CountryCounts {
    let mut per = vec![0u32; countries.len()];
    for &row in rows {
        if let Some(n) = assigned
            .get(row as usize)
            .and_then(|&c| per.get_mut(c as usize))
        {
            *n += 1;
        }
    }
    CountryCounts {
        counts: countries
            .iter()
            .zip(per)
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| (c.name.clone(), n))
            .collect(),
    }
}

/// Class ranges `(lowest, highest)` for counts: up to five quantile classes of the countries,
/// fewer when there are fewer distinct counts; ascending, without gaps or overlaps.
pub fn classes(counts: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted: Vec<u32> = counts.iter().copied().filter(|&n| n > 0).collect();
    sorted.sort_unstable();
    let m = sorted.len();
    let mut out: Vec<(u32, u32)> = Vec::new();
    if m == 0 {
        return out;
    }
    let k = RAMP.len();
    for i in 0..k {
        let at = ((i + 1) * m).div_ceil(k).clamp(1, m) - 1;
        let high = sorted[at];
        let low = out.last().map_or(sorted[0], |&(_, previous)| previous + 1);
        if high >= low {
            out.push((low, high));
        }
    }
    out
}

/// The ramp colour of class `i` of `n`: spread over the ramp so the darkest is always used.
fn class_color(i: usize, n: usize) -> Rgba {
    if n <= 1 {
        return RAMP[RAMP.len() - 1];
    }
    RAMP[(i * (RAMP.len() - 1)) / (n - 1)]
}

/// The fills (country index in `base`, colour) and legend rows of one dataset's counts.
pub fn shade(
    name: &str,
    counts: &CountryCounts,
    base: &BaseMap,
) -> (Vec<(u32, Rgba)>, Vec<LegendItem>) {
    let values: Vec<u32> = counts.counts.iter().map(|(_, n)| *n).collect();
    let ranges = classes(&values);
    if ranges.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let fills = counts
        .counts
        .iter()
        .filter_map(|(country, n)| {
            let (index, _) = base.country_by_name(country)?;
            let class = ranges.iter().position(|&(_, high)| *n <= high)?;
            Some((index as u32, class_color(class, ranges.len())))
        })
        .collect();
    (
        fills,
        legend_rows(&format!("{name}: events per country"), &ranges),
    )
}

/// The fills (area index in `counts.map`, colour) and legend rows of one dataset's counts per
/// first-level area; the legend says how many shown events no area holds.
pub fn shade_admin1(name: &str, counts: &Admin1Counts) -> (Vec<(u32, Rgba)>, Vec<LegendItem>) {
    let values: Vec<u32> = counts.counts.iter().map(|(_, n)| *n).collect();
    let ranges = classes(&values);
    let fills = counts
        .counts
        .iter()
        .filter_map(|&(area, n)| {
            let class = ranges.iter().position(|&(_, high)| n <= high)?;
            Some((area, class_color(class, ranges.len())))
        })
        .collect();
    let heading = format!("{name}: events per first-level area");
    let mut legend = if ranges.is_empty() {
        vec![LegendItem::Heading(heading)]
    } else {
        legend_rows(&heading, &ranges)
    };
    if !counts.names_areas {
        legend.push(LegendItem::Heading(
            "(the dataset names no first-level areas)".into(),
        ));
    } else if counts.unplaced == 1 {
        legend.push(LegendItem::Heading("(1 event names no known area)".into()));
    } else if counts.unplaced > 1 {
        legend.push(LegendItem::Heading(format!(
            "({} events name no known area)",
            thousands(counts.unplaced)
        )));
    }
    (fills, legend)
}

/// What one dataset's first-level choropleth draws.
pub struct ShadedAreas {
    /// Fills, then outlines, of the counted areas in view.
    pub primitives: Vec<Primitive>,
    pub legend: Vec<LegendItem>,
    /// The countries in view holding shaded areas: outlined, not filled, on hover, as a
    /// shaded country is, so the areas' colours stay readable under the pointer.
    pub countries: Vec<u32>,
}

/// The fills and outlines of a dataset's counts per first-level area, from the areas' cached
/// projection in `base`'s projection; `visible` is the projected view, `countries_in_view`
/// the indices of `base.countries` in it.
pub fn shade_admin1_areas(
    name: &str,
    counts: &Admin1Counts,
    base: &ProjectedDetail,
    visible: [f64; 4],
    countries_in_view: &[u32],
) -> ShadedAreas {
    let (items, legend) = shade_admin1(name, counts);
    let mut drawn = ShadedAreas {
        primitives: Vec::new(),
        legend,
        countries: Vec::new(),
    };
    if items.is_empty() {
        return drawn;
    }
    let shapes = counts.map.projected(base.projection);
    let in_view = |i: u32| {
        shapes
            .get(i as usize)
            .is_some_and(|s| boxes_meet(s.bbox, visible))
    };
    let items: Vec<(u32, Rgba)> = items.into_iter().filter(|&(i, _)| in_view(i)).collect();
    if items.is_empty() {
        return drawn;
    }
    drawn.countries = countries_in_view
        .iter()
        .copied()
        .filter(|&c| {
            base.countries.get(c as usize).is_some_and(|country| {
                items.iter().any(|&(a, _)| {
                    shapes
                        .get(a as usize)
                        .is_some_and(|s| boxes_meet(s.bbox, country.bbox))
                })
            })
        })
        .collect();
    let outlined: Vec<u32> = items.iter().map(|&(a, _)| a).collect();
    drawn.primitives.push(Primitive::Fills {
        shapes: Arc::clone(&shapes),
        items,
    });
    drawn.primitives.push(Primitive::Outlines {
        shapes,
        items: outlined,
        stroke: ADMIN1_OUTLINE,
    });
    drawn
}

/// 12,345 rather than 12345.
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A heading and one swatch per class.
fn legend_rows(heading: &str, ranges: &[(u32, u32)]) -> Vec<LegendItem> {
    let mut legend = vec![LegendItem::Heading(heading.to_owned())];
    let outline = Some(Stroke::solid(0.6, Rgba::rgb(0x80, 0x80, 0x80)));
    for (i, &(low, high)) in ranges.iter().enumerate() {
        legend.push(LegendItem::Swatch {
            label: if low == high {
                format!("{low}")
            } else {
                format!("{low}–{high}")
            },
            fill: class_color(i, ranges.len()),
            outline,
        });
    }
    legend
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_classes_cover_every_count_once() {
        let counts = [1, 2, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144];
        let ranges = classes(&counts);
        assert_eq!(ranges.len(), 5);
        assert_eq!(ranges.first().map(|r| r.0), Some(1));
        assert_eq!(ranges.last().map(|r| r.1), Some(144));
        for pair in ranges.windows(2) {
            assert_eq!(pair[1].0, pair[0].1 + 1, "no gap, no overlap: {ranges:?}");
        }
        for n in counts {
            assert_eq!(ranges.iter().filter(|r| r.0 <= n && n <= r.1).count(), 1);
        }
    }

    #[test]
    fn few_distinct_counts_give_few_classes() {
        assert_eq!(classes(&[]), Vec::<(u32, u32)>::new());
        assert_eq!(classes(&[7, 7, 7]), vec![(7, 7)]);
        assert_eq!(classes(&[1, 9]), vec![(1, 1), (2, 9)]);
    }

    #[test]
    fn the_ramp_darkens_and_stays_far_from_sea_and_land() {
        let style = super::super::style::MapStyle::default();
        let distance = |a: Rgba, b: Rgba| {
            let d = |x: u8, y: u8| (f64::from(x) - f64::from(y)).powi(2);
            (d(a.r, b.r) + d(a.g, b.g) + d(a.b, b.b)).sqrt()
        };
        let luma = |c: Rgba| 0.3 * f64::from(c.r) + 0.59 * f64::from(c.g) + 0.11 * f64::from(c.b);
        for pair in RAMP.windows(2) {
            assert!(luma(pair[1]) < luma(pair[0]) - 15.0, "lightness steps");
        }
        for colour in RAMP {
            assert!(
                distance(colour, style.ocean) > 80.0,
                "{colour:?} reads as sea"
            );
            assert!(
                distance(colour, style.land) > 60.0,
                "{colour:?} reads as land"
            );
        }
    }
}
