//! Events counted per first-level administrative area (state, province) for a choropleth,
//! where the dataset names the area: GDELT's FIPS 10-4 `ADM1Code` ("AF01"), an ISO 3166-2
//! code ("AF-KAB"), or a name (ACLED's `admin1`, UCDP's `adm_1`, a mapped CSV column).
//!
//! Names are compared folded (case, accents and punctuation ignored) and without the words
//! that only say what kind of area it is ("Kabul province", "Provincia de Entre Ríos"), among
//! the areas of the event's country. A name the bundled areas do not know is placed by the
//! event's position inside its country's areas. Events that name no area, or only their
//! country (GDELT's country-level places, whose position is the country's centre), are not
//! placed and are counted as such in the legend: placing them by position would pile them
//! into whichever province holds the centre.

use std::collections::HashMap;
use std::sync::Arc;

use crate::events::area::AreaShape;
use crate::events::cluster::ClusterIndex;
use crate::events::table::{Column, EventTable, Role};
use crate::gazetteer::fold;
use crate::map::admin1::Admin1Map;
use crate::map::basemap::Country;

use super::choropleth::NO_COUNTRY;

/// Marks an event in no known area.
pub const NO_AREA: u32 = u32::MAX;

/// Words that say what kind of area a name is, dropped from either end before comparing.
const KIND_WORDS: [&str; 30] = [
    "province",
    "provincia",
    "provinsi",
    "region",
    "regiao",
    "state",
    "estado",
    "governorate",
    "muhafazat",
    "oblast",
    "oblys",
    "krai",
    "kray",
    "district",
    "division",
    "department",
    "departamento",
    "departement",
    "prefecture",
    "county",
    "municipality",
    "territory",
    "wilaya",
    "wilayah",
    "velayat",
    "ostan",
    "autonomous",
    "republic",
    "of",
    "de",
];

/// A dataset's events per first-level area, for the shown rows.
#[derive(Debug, Clone)]
pub struct Admin1Counts {
    pub map: Arc<Admin1Map>,
    /// (area index, shown events), areas without events left out.
    pub counts: Vec<(u32, u32)>,
    /// Shown events placed in no area.
    pub unplaced: u32,
    /// Whether the dataset has a column naming first-level areas at all.
    pub names_areas: bool,
}

impl PartialEq for Admin1Counts {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.map, &other.map)
            && self.counts == other.counts
            && self.unplaced == other.unplaced
            && self.names_areas == other.names_areas
    }
}

/// The folded name of an area or a value, without kind words at either end.
fn key(name: &str) -> String {
    let folded = fold(name);
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    while words.len() > 1 && words.first().is_some_and(|w| KIND_WORDS.contains(w)) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| KIND_WORDS.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

/// The areas of each base-map country (by index into `countries`), matched by ISO codes and
/// then by name.
fn areas_by_country(map: &Admin1Map, countries: &[Country]) -> Vec<Vec<u32>> {
    let mut by_a3 = HashMap::new();
    let mut by_a2 = HashMap::new();
    let mut by_name = HashMap::new();
    for (i, country) in countries.iter().enumerate() {
        if let Some(a3) = &country.iso_a3 {
            by_a3.entry(a3.to_ascii_uppercase()).or_insert(i);
        }
        if let Some(a2) = &country.iso_a2 {
            by_a2.entry(a2.to_ascii_uppercase()).or_insert(i);
        }
        by_name.entry(fold(&country.name)).or_insert(i);
    }
    let mut out = vec![Vec::new(); countries.len()];
    for (n, area) in map.areas.iter().enumerate() {
        let country = area
            .country_a3
            .as_ref()
            .and_then(|a3| by_a3.get(&a3.to_ascii_uppercase()))
            .or_else(|| {
                area.country_a2
                    .as_ref()
                    .and_then(|a2| by_a2.get(&a2.to_ascii_uppercase()))
            })
            .or_else(|| by_name.get(&fold(&area.country)));
        if let Some(&country) = country {
            out[country].push(n as u32);
        }
    }
    out
}

/// How one value of the admin-1 column, in one country, is placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    Area(u32),
    /// A name the areas do not know: placed by the event's position.
    ByPosition,
    Nowhere,
}

/// The first-level area (index into `map.areas`) of every event of `table`, [`NO_AREA`] for
/// none; `country_of_row` is each event's country (see
/// [`super::choropleth::countries_of_events`]).
pub fn areas_of_events(
    table: &EventTable,
    index: &ClusterIndex,
    country_of_row: &[u32],
    countries: &[Country],
    map: &Admin1Map,
) -> Vec<u32> {
    let mut assigned = vec![NO_AREA; table.len()];
    let Some(Column::Dict { codes, values }) = table.field(Role::Admin1).map(|f| &f.column) else {
        return assigned;
    };
    let of_country = areas_by_country(map, countries);
    let keys: Vec<Vec<String>> = map
        .areas
        .iter()
        .map(|a| {
            std::iter::once(&a.name)
                .chain(&a.names)
                .map(|n| key(n))
                .collect()
        })
        .collect();
    let all_areas: Vec<u32> = (0..map.areas.len() as u32).collect();
    let resolve = |value: &str, country: u32| -> Placement {
        let value = value.trim();
        if value.is_empty() {
            return Placement::Nowhere;
        }
        let code_like = value.len() <= 8
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if code_like {
            let found = map
                .by_fips(value)
                .or_else(|| map.by_iso_3166_2(value))
                .or_else(|| map.by_hasc(value));
            if let Some(area) = found {
                return Placement::Area(area);
            }
            // GDELT names a place only by its country ("AF") when that is all it knows.
            if value.len() == 2 {
                return Placement::Nowhere;
            }
        }
        let wanted = key(value);
        let candidates: &[u32] = of_country
            .get(country as usize)
            .map_or(&[][..], Vec::as_slice);
        let matches = |&&area: &&u32| keys[area as usize].contains(&wanted);
        if let Some(&area) = candidates.iter().find(matches) {
            return Placement::Area(area);
        }
        if country == NO_COUNTRY {
            let mut found = all_areas.iter().filter(matches);
            if let (Some(&area), None) = (found.next(), found.next()) {
                return Placement::Area(area);
            }
        }
        Placement::ByPosition
    };
    let mut placements: HashMap<(u32, u32), Placement> = HashMap::new();
    let mut by_position: Vec<usize> = Vec::new();
    for (row, code) in codes.iter().enumerate() {
        let Some(value) = values.get(code as usize) else {
            continue;
        };
        let country = country_of_row.get(row).copied().unwrap_or(NO_COUNTRY);
        let placement = *placements
            .entry((code, country))
            .or_insert_with(|| resolve(value, country));
        match placement {
            Placement::Area(area) => assigned[row] = area,
            Placement::ByPosition => by_position.push(row),
            Placement::Nowhere => {}
        }
    }
    place_by_position(
        table,
        index,
        country_of_row,
        &of_country,
        map,
        &by_position,
        &mut assigned,
    );
    assigned
}

/// Places the events `rows` by their position: in the area of their country (of any country
/// when theirs is unknown) that holds them. Each candidate area is looked up through the
/// dataset's quadtree, on every core, as countries are (see
/// [`super::choropleth::countries_of_events`]); where areas overlap, the first keeps the event.
fn place_by_position(
    table: &EventTable,
    index: &ClusterIndex,
    country_of_row: &[u32],
    of_country: &[Vec<u32>],
    map: &Admin1Map,
    rows: &[usize],
    assigned: &mut [u32],
) {
    if rows.is_empty() {
        return;
    }
    let mut pending = vec![false; table.len()];
    let mut countries: Vec<u32> = Vec::new();
    for &row in rows {
        pending[row] = true;
        countries.push(country_of_row.get(row).copied().unwrap_or(NO_COUNTRY));
    }
    countries.sort_unstable();
    countries.dedup();
    let mut country_of_area = vec![NO_COUNTRY; map.areas.len()];
    for (country, areas) in of_country.iter().enumerate() {
        for &area in areas {
            country_of_area[area as usize] = country as u32;
        }
    }
    let candidates: Vec<u32> = if countries.contains(&NO_COUNTRY) {
        (0..map.areas.len() as u32).collect()
    } else {
        countries
            .iter()
            .filter_map(|&c| of_country.get(c as usize))
            .flatten()
            .copied()
            .collect()
    };
    use rayon::prelude::*;
    let found: Vec<Vec<u32>> = candidates
        .par_iter()
        .map(|&area| {
            let mut inside = Vec::new();
            let country = country_of_area[area as usize];
            if let Some(shape) = AreaShape::new(map.areas[area as usize].geometry.clone()) {
                index.visit_inside(table, &shape, &mut |row| {
                    let theirs = country_of_row.get(row).copied().unwrap_or(NO_COUNTRY);
                    if pending[row] && (theirs == NO_COUNTRY || theirs == country) {
                        inside.push(row as u32);
                    }
                });
            }
            inside
        })
        .collect();
    for (&area, rows) in candidates.iter().zip(found) {
        for row in rows {
            let slot = &mut assigned[row as usize];
            if *slot == NO_AREA {
                *slot = area;
            }
        }
    }
}

/// Counts the `rows` (the shown events) per area.
pub fn count(
    map: &Arc<Admin1Map>,
    table: &EventTable,
    assigned: &[u32],
    rows: &[u32],
) -> Admin1Counts {
    let mut per = vec![0u32; map.areas.len()];
    let mut unplaced = 0;
    for &row in rows {
        match assigned
            .get(row as usize)
            .and_then(|&a| per.get_mut(a as usize))
        {
            Some(n) => *n += 1,
            None => unplaced += 1,
        }
    }
    Admin1Counts {
        map: Arc::clone(map),
        counts: per
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .map(|(a, n)| (a as u32, n))
            .collect(),
        unplaced,
        names_areas: table.field(Role::Admin1).is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_words_and_accents_do_not_stop_a_name_matching() {
        assert_eq!(key("Kabul Province"), "kabul");
        assert_eq!(key("Provincia de Entre Ríos"), "entre rios");
        assert_eq!(key("Entre-Ríos"), "entre rios");
        assert_eq!(key("Ninewa Governorate"), "ninewa");
        // A name that is only a kind word is kept, not emptied.
        assert_eq!(key("Capital Region"), "capital");
        assert_eq!(key("Region"), "region");
    }
}
