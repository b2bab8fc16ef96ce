//! The project's event datasets as loaded tables: each with its cluster hierarchy, counted for
//! the view's filter, and what the timeline and the table read of it (shown rows, counts per
//! day). Kept in step with the document's list of datasets after every change, undo and redo.

use std::sync::Arc;

use crate::events::cluster::ClusterIndex;
use crate::events::day::{self, Day};
use crate::events::filter::{EventFilter, InsideArea};
use crate::events::link::ChoroplethAreas;
use crate::events::table::EventTable;
use crate::map::admin1::Admin1Map;
use crate::map::atlas::Atlas;
use crate::map::basemap::Detail;
use crate::map::projected::Waker;
use crate::model::date::DateRange;
use crate::scene::admin1_counts;
use crate::scene::choropleth::{self, AreaCounts, COUNTRY_DETAIL};
use crate::scene::events::{DatasetInput, DatasetMode};

/// Which country each event is in, and the level of detail that said so.
struct Assignment {
    detail: Detail,
    countries: Vec<u32>,
    /// Each event's first-level area, once a choropleth of them is asked for.
    admin1: Option<Vec<u32>>,
}

/// A dataset of the project, read and indexed.
pub struct LoadedDataset {
    /// The id the project's link gives it.
    pub id: String,
    pub name: String,
    pub table: Arc<EventTable>,
    index: Arc<ClusterIndex>,
    /// The rows that pass the filter, in table order.
    shown: Arc<Vec<u32>>,
    /// Shown events per day, ascending by day (an event counts on its first day).
    per_day: Arc<Vec<(Day, u32)>>,
    /// The filter `shown`, `per_day` and the index's counts are for.
    counted_for: EventFilter,
    /// Which events lie in the filter's area, for that area: kept while other criteria or
    /// the time window change, so the exact test runs once per area.
    inside: Option<(InsideArea, Vec<bool>)>,
    /// Set while the dataset shades countries: each event's country (once per dataset)...
    assignment: Option<Assignment>,
    /// ...and the shown events per country or first-level area, with the shown rows they were
    /// counted from.
    shading: Option<(Arc<Vec<u32>>, Arc<AreaCounts>)>,
    pub visible: bool,
}

impl LoadedDataset {
    /// Indexes a table (n log n, once per dataset).
    pub fn new(id: String, name: String, table: Arc<EventTable>) -> LoadedDataset {
        let index = ClusterIndex::new(&table);
        LoadedDataset::with_index(id, name, table, index)
    }

    /// A table with its index already built (read with the dataset's cache).
    pub fn with_index(
        id: String,
        name: String,
        table: Arc<EventTable>,
        index: ClusterIndex,
    ) -> LoadedDataset {
        let index = Arc::new(index);
        let shown: Vec<u32> = (0..table.len() as u32).collect();
        let per_day = per_day(&table, &shown);
        LoadedDataset {
            id,
            name,
            table,
            index,
            shown: Arc::new(shown),
            per_day: Arc::new(per_day),
            // As indexed, every event is shown: what the empty filter shows.
            counted_for: EventFilter::default(),
            inside: None,
            assignment: None,
            shading: None,
            visible: true,
        }
    }

    pub fn index(&self) -> &Arc<ClusterIndex> {
        &self.index
    }

    pub fn shown_rows(&self) -> &Arc<Vec<u32>> {
        &self.shown
    }

    pub fn per_day(&self) -> &Arc<Vec<(Day, u32)>> {
        &self.per_day
    }

    /// Shown events per country or first-level area, while the dataset shades them.
    pub fn area_counts(&self) -> Option<&Arc<AreaCounts>> {
        self.shading.as_ref().map(|(_, counts)| counts)
    }

    /// Brings the counts per area up to date (`areas`: what the dataset shades, if anything);
    /// returns whether they changed. Finding each event's country (and area) runs once per
    /// dataset (and again only if a finer level of detail arrives); counting, once per filter
    /// change. The first-level areas are read on a worker thread the first time they are
    /// asked for (`waker` repaints when they arrive).
    fn shade(
        &mut self,
        areas: Option<ChoroplethAreas>,
        atlas: &Atlas,
        waker: Option<&Waker>,
    ) -> bool {
        let Some(areas) = areas else {
            return self.shading.take().is_some();
        };
        let admin1 = match areas {
            ChoroplethAreas::Countries => None,
            ChoroplethAreas::Admin1 => match Admin1Map::loaded() {
                Some(map) => Some(map),
                None => {
                    match waker {
                        Some(waker) => {
                            let waker = Arc::clone(waker);
                            Admin1Map::load_in_background(move || waker());
                        }
                        None => {
                            if let Err(message) = Admin1Map::bundled() {
                                log::warn!("{message}");
                            }
                        }
                    }
                    return self.shading.take().is_some();
                }
            },
        };
        let Some(level) = atlas.level(COUNTRY_DETAIL) else {
            return false;
        };
        let countries = &level.base.countries;
        if self
            .assignment
            .as_ref()
            .is_none_or(|a| a.detail != level.base.detail)
        {
            self.assignment = Some(Assignment {
                detail: level.base.detail,
                countries: choropleth::countries_of_events(&self.table, &self.index, countries),
                admin1: None,
            });
            self.shading = None;
        }
        let same_areas = |counts: &AreaCounts| {
            matches!(
                (counts, areas),
                (AreaCounts::Countries(_), ChoroplethAreas::Countries)
                    | (AreaCounts::Admin1(_), ChoroplethAreas::Admin1)
            )
        };
        if self
            .shading
            .as_ref()
            .is_some_and(|(rows, counts)| Arc::ptr_eq(rows, &self.shown) && same_areas(counts))
        {
            return false;
        }
        let Some(assignment) = &mut self.assignment else {
            return false;
        };
        let counts = match admin1 {
            None => AreaCounts::Countries(choropleth::count(
                &assignment.countries,
                &self.shown,
                countries,
            )),
            Some(map) => {
                let assigned = assignment.admin1.get_or_insert_with(|| {
                    admin1_counts::areas_of_events(
                        &self.table,
                        &self.index,
                        &assignment.countries,
                        countries,
                        &map,
                    )
                });
                AreaCounts::Admin1(admin1_counts::count(
                    &map,
                    &self.table,
                    assigned,
                    &self.shown,
                ))
            }
        };
        self.shading = Some((Arc::clone(&self.shown), Arc::new(counts)));
        true
    }

    /// Counts again for a filter (linear in the events, no re-sorting).
    fn recount(&mut self, filter: &EventFilter) {
        // A dataset that has just arrived is already counted for the empty filter: recounting
        // a million events on the window's thread would only make them appear later.
        if self.counted_for == *filter {
            return;
        }
        self.counted_for = filter.clone();
        let inside = match &filter.area {
            Some(area) => {
                let known = self.inside.as_ref().is_some_and(|(a, _)| a == area);
                if !known {
                    let flags = self.index.mark_inside(&self.table, &area.shape);
                    self.inside = Some((area.clone(), flags));
                }
                self.inside.as_ref().map(|(_, flags)| flags.as_slice())
            }
            None => None,
        };
        let mask = filter.mask_within(&self.table, inside);
        Arc::make_mut(&mut self.index).show(&self.table, |row| mask[row]);
        let shown: Vec<u32> = (0..mask.len() as u32)
            .filter(|&r| mask[r as usize])
            .collect();
        self.per_day = Arc::new(per_day(&self.table, &shown));
        self.shown = Arc::new(shown);
    }
}

fn per_day(table: &EventTable, rows: &[u32]) -> Vec<(Day, u32)> {
    let days = rows.iter().map(|&r| table.day_start[r as usize]);
    let (Some(first), Some(last)) = (days.clone().min(), days.clone().max()) else {
        return Vec::new();
    };
    // One counter per day of the span: linear, where sorting a million days is not. A span far
    // longer than the events (a stray date centuries off) is sorted instead.
    let span = i64::from(last) - i64::from(first) + 1;
    if span <= (4 * rows.len() as i64).max(1 << 16) {
        let mut counts = vec![0u32; span as usize];
        for day in days {
            counts[(day - first) as usize] += 1;
        }
        return (first..=last).zip(counts).filter(|&(_, n)| n > 0).collect();
    }
    let mut sorted: Vec<Day> = days.collect();
    sorted.sort_unstable();
    let mut out: Vec<(Day, u32)> = Vec::new();
    for day in sorted {
        match out.last_mut() {
            Some((last, n)) if *last == day => *n += 1,
            _ => out.push((day, 1)),
        }
    }
    out
}

/// The loaded datasets, in the document's order.
#[derive(Default)]
pub struct DatasetSet {
    loaded: Vec<LoadedDataset>,
    /// Datasets read but not listed now (imported and not yet added, removed, undone), so an
    /// undo or redo brings them back without reading the file again.
    staged: Vec<LoadedDataset>,
    /// The filter the counts are for.
    counted_for: Option<EventFilter>,
    mode: DatasetMode,
    version: u64,
}

impl DatasetSet {
    pub fn all(&self) -> &[LoadedDataset] {
        &self.loaded
    }

    pub fn get(&self, id: &str) -> Option<&LoadedDataset> {
        self.loaded.iter().find(|d| d.id == id)
    }

    /// Bumped whenever what the datasets draw changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    pub fn mode(&self) -> DatasetMode {
        self.mode
    }

    pub fn set_mode(&mut self, mode: DatasetMode) {
        if self.mode != mode {
            self.mode = mode;
            self.version += 1;
        }
    }

    pub fn set_visible(&mut self, id: &str, visible: bool) {
        if let Some(d) = self.loaded.iter_mut().find(|d| d.id == id)
            && d.visible != visible
        {
            d.visible = visible;
            self.version += 1;
        }
    }

    /// Keeps an indexed table until the document lists it.
    pub fn stage(&mut self, dataset: LoadedDataset) {
        self.staged.retain(|d| d.id != dataset.id);
        self.staged.push(dataset);
    }

    /// Whether a dataset of this id is loaded or staged.
    pub fn has(&self, id: &str) -> bool {
        self.loaded.iter().chain(&self.staged).any(|d| d.id == id)
    }

    /// Follows the document's list (`(id, name)` in order): listed datasets come from the
    /// staged ones, unlisted ones are staged. Returns the ids listed but not loaded (to read).
    pub fn sync(&mut self, listed: &[(String, String)]) -> Vec<String> {
        let mut pool: Vec<LoadedDataset> =
            self.loaded.drain(..).chain(self.staged.drain(..)).collect();
        let mut missing = Vec::new();
        for (id, name) in listed {
            match pool.iter().position(|d| &d.id == id) {
                Some(i) => {
                    let mut dataset = pool.swap_remove(i);
                    dataset.name.clone_from(name);
                    self.loaded.push(dataset);
                }
                None => missing.push(id.clone()),
            }
        }
        self.staged = pool;
        // A dataset that comes back was counted for whatever filter it last saw.
        self.counted_for = None;
        self.version += 1;
        missing
    }

    /// Counts every dataset for `filter` and the story's time window, unless already done.
    pub fn apply_filter(&mut self, filter: &EventFilter, window: Option<&DateRange>) {
        let mut effective = filter.clone();
        if let Some(days) = window.and_then(window_days) {
            effective.days = Some(match effective.days {
                Some((a, b)) => (a.max(days.0), b.min(days.1)),
                None => days,
            });
        }
        if self.counted_for.as_ref() == Some(&effective) {
            return;
        }
        for dataset in &mut self.loaded {
            dataset.recount(&effective);
        }
        self.counted_for = Some(effective);
        self.version += 1;
    }

    /// Keeps the counts per area of the datasets listed in `shading` (id and what it shades)
    /// up to date, and drops those of the others.
    pub fn count_areas(
        &mut self,
        shading: &[(&str, ChoroplethAreas)],
        atlas: &Atlas,
        waker: Option<&Waker>,
    ) {
        let mut changed = false;
        for dataset in &mut self.loaded {
            let areas = shading
                .iter()
                .find(|(id, _)| *id == dataset.id)
                .map(|&(_, areas)| areas);
            changed |= dataset.shade(areas, atlas, waker);
        }
        if changed {
            self.version += 1;
        }
    }

    /// What the scene draws: the visible datasets.
    pub fn inputs(&self, selected: Option<(&str, usize)>) -> Vec<DatasetInput<'_>> {
        self.loaded
            .iter()
            .filter(|d| d.visible)
            .map(|d| DatasetInput {
                name: &d.name,
                table: &d.table,
                index: &d.index,
                mode: self.mode,
                selected: selected.filter(|(id, _)| *id == d.id).map(|(_, row)| row),
                shading: d.area_counts(),
            })
            .collect()
    }
}

/// The story's time window as days; open ends reach the calendar's ends.
fn window_days(window: &DateRange) -> Option<(Day, Day)> {
    let first = window
        .earliest()
        .and_then(|(y, m, d)| day::from_ymd(y, m, d));
    let last = window.latest().and_then(|(y, m, d)| day::from_ymd(y, m, d));
    if first.is_none() && last.is_none() {
        return None;
    }
    Some((first.unwrap_or(Day::MIN), last.unwrap_or(Day::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(days: &[Day]) -> Arc<EventTable> {
        let n = days.len();
        Arc::new(EventTable {
            lon: vec![69.0; n],
            lat: vec![34.0; n],
            day_start: days.to_vec(),
            day_end: days.to_vec(),
            line: (2..2 + n as u32).collect(),
            fields: Vec::new(),
        })
    }

    #[test]
    fn listing_loads_from_the_staged_and_unlisting_keeps_them_for_undo() {
        let mut set = DatasetSet::default();
        set.stage(LoadedDataset::new("a".into(), "A".into(), table(&[1, 2])));
        let missing = set.sync(&[("a".into(), "A".into()), ("b".into(), "B".into())]);
        assert_eq!(missing, vec!["b".to_owned()]);
        assert_eq!(set.all().len(), 1);
        set.sync(&[]);
        assert!(set.all().is_empty());
        assert!(set.has("a"), "kept for a redo");
        set.sync(&[("a".into(), "A".into())]);
        assert_eq!(set.all()[0].table.len(), 2);
    }

    #[test]
    fn the_time_window_narrows_the_counts_and_the_days() {
        let mut set = DatasetSet::default();
        let d = |y, m, dd| day::from_ymd(y, m, dd).unwrap();
        set.stage(LoadedDataset::new(
            "a".into(),
            "A".into(),
            table(&[d(2020, 1, 1), d(2020, 1, 1), d(2021, 6, 1)]),
        ));
        set.sync(&[("a".into(), "A".into())]);
        assert_eq!(
            set.all()[0].per_day().as_slice(),
            &[(d(2020, 1, 1), 2), (d(2021, 6, 1), 1)]
        );
        let window = DateRange::single(crate::model::date::FuzzyDate::Year(2021));
        set.apply_filter(&EventFilter::default(), Some(&window));
        assert_eq!(set.all()[0].shown_rows().as_slice(), &[2]);
        assert_eq!(set.all()[0].index().shown(), 1);
    }

    #[test]
    fn days_are_counted_alike_over_a_short_span_and_with_a_stray_date_centuries_off() {
        let d = |y, m, dd| day::from_ymd(y, m, dd).unwrap();
        let short = table(&[d(2020, 1, 3), d(2020, 1, 1), d(2020, 1, 3)]);
        assert_eq!(
            per_day(&short, &[0, 1, 2]),
            vec![(d(2020, 1, 1), 1), (d(2020, 1, 3), 2)]
        );
        assert_eq!(per_day(&short, &[]), vec![]);
        let stray = table(&[d(2020, 1, 3), d(1020, 1, 1), d(2020, 1, 3)]);
        assert_eq!(
            per_day(&stray, &[0, 1, 2]),
            vec![(d(1020, 1, 1), 1), (d(2020, 1, 3), 2)]
        );
    }
}
