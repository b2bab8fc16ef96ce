//! Which of a dataset's events pass the analyst's filter: category, sub-type, actor, country,
//! fatalities, dates, text and an area — the same questions the story's filter asks, answered
//! over columns (dictionary codes are matched once, not per event).

use std::sync::Arc;

use super::area::AreaShape;
use super::day::Day;
use super::table::{Column, EventTable, Role};

/// The user's choices for a dataset. Empty criteria let everything through.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventFilter {
    /// Categories to show (by their text); empty shows all.
    pub categories: Vec<String>,
    pub sub_categories: Vec<String>,
    /// Shows events whose first or second actor contains this text (any case).
    pub actor: String,
    pub countries: Vec<String>,
    /// At least this many fatalities.
    pub min_fatalities: Option<f64>,
    /// Events that may have happened within these days (inclusive).
    pub days: Option<(Day, Day)>,
    /// Text that appears in any text column (any case).
    pub text: String,
    /// The shape the event must lie in ("events inside").
    pub area: Option<InsideArea>,
}

/// Where the area of "events inside" came from, so the panel can name it and follow it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaSource {
    /// A base-map country, by name.
    Country(String),
    /// An area annotation of the project, by id.
    Annotation(String),
    /// A box typed or dragged out.
    Box,
}

/// An area events must lie in: its exact shape, shared (the filter is cloned and compared
/// every frame, the shape only when it is not the same one).
#[derive(Debug, Clone)]
pub struct InsideArea {
    pub source: AreaSource,
    /// What the panel calls it ("Afghanistan", "the area “Front line”").
    pub label: String,
    pub shape: Arc<AreaShape>,
}

impl PartialEq for InsideArea {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
            && self.label == other.label
            && (Arc::ptr_eq(&self.shape, &other.shape) || self.shape == other.shape)
    }
}

impl InsideArea {
    /// A box `[west, south, east, north]`; `None` when it is empty.
    pub fn rectangle(bbox: [f64; 4]) -> Option<InsideArea> {
        Some(InsideArea {
            source: AreaSource::Box,
            label: "the box".to_owned(),
            shape: Arc::new(AreaShape::rectangle(bbox)?),
        })
    }
}

impl EventFilter {
    pub fn is_active(&self) -> bool {
        *self != EventFilter::default()
    }

    /// One flag per event: whether it passes (the area tested event by event).
    pub fn mask(&self, table: &EventTable) -> Vec<bool> {
        let inside = self.area.as_ref().map(|area| area.shape.mask(table));
        self.mask_within(table, inside.as_deref())
    }

    /// One flag per event: whether it passes, given which events lie in the filter's area
    /// (found once through the dataset's index, and kept while only other criteria change).
    pub fn mask_within(&self, table: &EventTable, inside: Option<&[bool]>) -> Vec<bool> {
        let n = table.len();
        let mut mask = match inside {
            Some(inside) if inside.len() == n && self.area.is_some() => inside.to_vec(),
            _ if self.area.is_some() => vec![false; n],
            _ => vec![true; n],
        };
        let mut narrow = |keep: &dyn Fn(usize) -> bool| {
            for (row, flag) in mask.iter_mut().enumerate() {
                if *flag && !keep(row) {
                    *flag = false;
                }
            }
        };
        if let Some((first, last)) = self.days {
            narrow(&|row| table.day_end[row] >= first && table.day_start[row] <= last);
        }
        for (role, wanted) in [
            (Role::Category, &self.categories),
            (Role::SubCategory, &self.sub_categories),
            (Role::Country, &self.countries),
        ] {
            if wanted.is_empty() {
                continue;
            }
            match table.field(role) {
                Some(field) => {
                    let matches = Matcher::new(&field.column, |value| {
                        wanted.iter().any(|w| w.eq_ignore_ascii_case(value))
                    });
                    narrow(&|row| matches.test(&field.column, row));
                }
                None => narrow(&|_| false),
            }
        }
        if let Some(minimum) = self.min_fatalities {
            let column = table.field(Role::Fatalities).map(|f| &f.column);
            narrow(&|row| {
                column
                    .and_then(|c| c.number(row))
                    .is_some_and(|v| v >= minimum)
            });
        }
        let actor = self.actor.trim().to_lowercase();
        if !actor.is_empty() {
            let columns: Vec<(&Column, Matcher)> = [Role::Actor1, Role::Actor2]
                .iter()
                .filter_map(|&role| table.field(role))
                .map(|f| {
                    let m = Matcher::new(&f.column, |v| v.to_lowercase().contains(&actor));
                    (&f.column, m)
                })
                .collect();
            narrow(&|row| columns.iter().any(|(column, m)| m.test(column, row)));
        }
        let text = self.text.trim().to_lowercase();
        if !text.is_empty() {
            let columns: Vec<(&Column, Matcher)> = table
                .fields
                .iter()
                .filter(|f| !matches!(f.column, Column::Number(_)))
                .map(|f| {
                    let m = Matcher::new(&f.column, |v| v.to_lowercase().contains(&text));
                    (&f.column, m)
                })
                .collect();
            narrow(&|row| columns.iter().any(|(column, m)| m.test(column, row)));
        }
        mask
    }
}

/// A predicate over a column's values, decided once per dictionary value.
enum Matcher<'p> {
    /// For [`Column::Dict`]: whether each code matches.
    Codes(Vec<bool>),
    /// For other columns: asked per event.
    Each(Box<dyn Fn(&str) -> bool + 'p>),
}

impl<'p> Matcher<'p> {
    fn new(column: &Column, predicate: impl Fn(&str) -> bool + 'p) -> Matcher<'p> {
        match column {
            Column::Dict { values, .. } => {
                Matcher::Codes(values.iter().map(|v| predicate(v)).collect())
            }
            _ => Matcher::Each(Box::new(predicate)),
        }
    }

    fn test(&self, column: &Column, row: usize) -> bool {
        match self {
            Matcher::Codes(codes) => column
                .code(row)
                .and_then(|code| codes.get(code as usize).copied())
                .unwrap_or(false),
            Matcher::Each(predicate) => predicate(&column.text(row)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::day::from_ymd;
    use crate::events::table::{DictBuilder, Field, TextBuilder};

    fn sample() -> EventTable {
        let mut category = DictBuilder::default();
        let mut actor1 = DictBuilder::default();
        let mut notes = TextBuilder::default();
        let rows = [
            (
                "Battles",
                "Taliban",
                "Clash near Kabul",
                3.0,
                69.2,
                34.5,
                (2021, 8, 15),
            ),
            (
                "Protests",
                "Civilians (Pakistan)",
                "Rally in Peshawar",
                0.0,
                71.5,
                34.0,
                (2022, 1, 3),
            ),
            (
                "Battles",
                "ISKP",
                "Attack in Jalalabad",
                12.0,
                70.4,
                34.4,
                (2023, 5, 9),
            ),
        ];
        let mut table = EventTable::default();
        let mut fatalities = Vec::new();
        for (i, (c, a, n, f, lon, lat, (y, m, d))) in rows.into_iter().enumerate() {
            category.push(c);
            actor1.push(a);
            notes.push(n);
            fatalities.push(f);
            table.lon.push(lon);
            table.lat.push(lat);
            let day = from_ymd(y, m, d).unwrap();
            table.day_start.push(day);
            table.day_end.push(day);
            table.line.push(i as u32 + 2);
        }
        table.fields = vec![
            Field {
                name: "event_type".into(),
                role: Some(Role::Category),
                column: category.finish(),
            },
            Field {
                name: "actor1".into(),
                role: Some(Role::Actor1),
                column: actor1.finish(),
            },
            Field {
                name: "notes".into(),
                role: Some(Role::Notes),
                column: notes.finish(),
            },
            Field {
                name: "fatalities".into(),
                role: Some(Role::Fatalities),
                column: Column::Number(fatalities),
            },
        ];
        table
    }

    fn passing(filter: &EventFilter) -> Vec<usize> {
        let mask = filter.mask(&sample());
        (0..mask.len()).filter(|&i| mask[i]).collect()
    }

    #[test]
    fn each_criterion_narrows_and_none_shows_all() {
        assert_eq!(passing(&EventFilter::default()), vec![0, 1, 2]);
        let battles = EventFilter {
            categories: vec!["battles".into()],
            ..Default::default()
        };
        assert_eq!(passing(&battles), vec![0, 2]);
        let deadly = EventFilter {
            min_fatalities: Some(5.0),
            ..Default::default()
        };
        assert_eq!(passing(&deadly), vec![2]);
        let taliban = EventFilter {
            actor: "tali".into(),
            ..Default::default()
        };
        assert_eq!(passing(&taliban), vec![0]);
        let text = EventFilter {
            text: "PESHAWAR".into(),
            ..Default::default()
        };
        assert_eq!(passing(&text), vec![1]);
        let days = EventFilter {
            days: Some((
                from_ymd(2022, 1, 1).unwrap(),
                from_ymd(2022, 12, 31).unwrap(),
            )),
            ..Default::default()
        };
        assert_eq!(passing(&days), vec![1]);
        let inside = EventFilter {
            area: InsideArea::rectangle([70.0, 33.0, 72.0, 35.0]),
            ..Default::default()
        };
        assert_eq!(passing(&inside), vec![1, 2]);
        let both = EventFilter {
            area: InsideArea::rectangle([70.0, 33.0, 72.0, 35.0]),
            ..battles
        };
        assert_eq!(passing(&both), vec![2]);
    }

    #[test]
    fn a_criterion_on_a_column_the_dataset_lacks_shows_nothing() {
        let countries = EventFilter {
            countries: vec!["Afghanistan".into()],
            ..Default::default()
        };
        assert_eq!(passing(&countries), Vec::<usize>::new());
    }
}
