//! How the columns of a CSV/TSV with a header become an event table: where the position and
//! date are, which columns play which [`Role`]. Saved as a file and in the project, so an
//! import can be repeated; [`guess_mapping`] proposes one from column names and sample values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::events::dates::{DateError, DayOrder, parse_date};
use crate::events::table::Role;

/// Where a row's position is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Position {
    /// Two columns of decimal degrees.
    LonLat { lon: String, lat: String },
    /// One column of WKT `POINT (lon lat)`.
    Wkt { column: String },
}

/// Which columns (by header name) hold what. Columns not named here are kept as they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mapping {
    pub position: Position,
    /// The column with the event's (first) day.
    pub date: String,
    /// The column with its last day, for sources that give a range (UCDP `date_end`).
    #[serde(default)]
    pub date_end: Option<String>,
    /// How `09/05/2020` is read.
    #[serde(default)]
    pub day_order: DayOrder,
    /// Which column plays each role.
    #[serde(default)]
    pub roles: BTreeMap<Role, String>,
}

impl Mapping {
    /// The columns used for position and dates, which are not kept as fields.
    pub fn structural_columns(&self) -> Vec<&str> {
        let mut columns = match &self.position {
            Position::LonLat { lon, lat } => vec![lon.as_str(), lat.as_str()],
            Position::Wkt { column } => vec![column.as_str()],
        };
        columns.push(&self.date);
        if let Some(end) = &self.date_end {
            columns.push(end);
        }
        columns
    }
}

/// Reads a WKT `POINT (lon lat)` (also `POINT(lon lat)`, any case).
pub fn parse_wkt_point(text: &str) -> Option<(f64, f64)> {
    let text = text.trim();
    let rest = text
        .get(..5)?
        .eq_ignore_ascii_case("point")
        .then(|| &text[5..])?;
    let inner = rest.trim().strip_prefix('(')?.strip_suffix(')')?;
    let mut numbers = inner.split_whitespace().map(str::parse::<f64>);
    let lon = numbers.next()?.ok()?;
    let lat = numbers.next()?.ok()?;
    Some((lon, lat))
}

fn normalised(name: &str) -> String {
    name.trim()
        .to_ascii_lowercase()
        .replace([' ', '-', '.'], "_")
}

/// The first header (by position) whose normalised name is one of `names`.
fn by_name(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|wanted| {
        headers
            .iter()
            .position(|header| normalised(header) == *wanted)
    })
}

/// Whether a column found by its name holds what the name says: most of its sample values
/// pass `test` (a column with no values yet is taken at its name; bad rows are reported later).
fn plausible<F: Fn(&str) -> bool>(samples: &[Vec<String>], column: usize, test: F) -> bool {
    let any = samples
        .iter()
        .any(|row| row.get(column).is_some_and(|v| !v.trim().is_empty()));
    !any || share(samples, column, test) >= 0.5
}

fn share<F: Fn(&str) -> bool>(samples: &[Vec<String>], column: usize, test: F) -> f64 {
    let values: Vec<&str> = samples
        .iter()
        .filter_map(|row| row.get(column))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return 0.0;
    }
    values.iter().filter(|v| test(v)).count() as f64 / values.len() as f64
}

fn in_range(value: &str, limit: f64) -> bool {
    value
        .parse::<f64>()
        .is_ok_and(|v| v.is_finite() && v.abs() <= limit)
}

/// Proposes a mapping from the header and a few rows, as QGIS and kepler.gl do: known names
/// first (`longitude`, `lon`, `lng`, `x`, `event_date`, …), then values (a column of WKT
/// points, a column where every value is a date). `None` when no position or no date is found.
pub fn guess_mapping(headers: &[String], samples: &[Vec<String>]) -> Option<Mapping> {
    guess_columns(headers, samples).complete()
}

/// What [`guess_columns`] found, each part possibly missing: the mapping dialog starts from
/// it, so a file whose coordinates have odd names still comes with its date and actors found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MappingGuess {
    pub position: Option<Position>,
    pub date: Option<String>,
    pub date_end: Option<String>,
    pub day_order: DayOrder,
    pub roles: BTreeMap<Role, String>,
}

impl MappingGuess {
    /// The mapping, when both a position and a date were found.
    pub fn complete(self) -> Option<Mapping> {
        Some(Mapping {
            position: self.position?,
            date: self.date?,
            date_end: self.date_end,
            day_order: self.day_order,
            roles: self.roles,
        })
    }
}

/// Every part of a mapping that can be told from the header and the sample rows.
pub fn guess_columns(headers: &[String], samples: &[Vec<String>]) -> MappingGuess {
    let lon_names = [
        "longitude",
        "lon",
        "long",
        "lng",
        "x",
        "actiongeo_long",
        "decimallongitude",
    ];
    let lat_names = ["latitude", "lat", "y", "actiongeo_lat", "decimallatitude"];
    let position = match (by_name(headers, &lon_names), by_name(headers, &lat_names)) {
        (Some(lon), Some(lat))
            if plausible(samples, lon, |v| in_range(v, 360.0))
                && plausible(samples, lat, |v| in_range(v, 180.0)) =>
        {
            Some(Position::LonLat {
                lon: headers[lon].clone(),
                lat: headers[lat].clone(),
            })
        }
        _ => (0..headers.len())
            .find(|&c| share(samples, c, |v| parse_wkt_point(v).is_some()) >= 0.9)
            .map(|wkt| Position::Wkt {
                column: headers[wkt].clone(),
            }),
    };
    // A date in a known form, even an impossible one: that row is reported, the column is right.
    let date_like = |v: &str| {
        !matches!(
            parse_date(v, DayOrder::DayFirst),
            Err(DateError::Unrecognised(_))
        )
    };
    let named_date = |c: usize| plausible(samples, c, date_like);
    let is_date = |c: usize| {
        share(samples, c, |v| {
            parse_date(v, DayOrder::DayFirst).is_ok() || parse_date(v, DayOrder::MonthFirst).is_ok()
        }) >= 0.9
            && samples
                .iter()
                .any(|row| row.get(c).is_some_and(|v| !v.trim().is_empty()))
    };
    let date_names = [
        "event_date",
        "date",
        "date_start",
        "start_date",
        "day",
        "sqldate",
        "timestamp",
        "datetime",
        "time",
    ];
    let date = date_names
        .iter()
        .filter_map(|name| by_name(headers, &[name]))
        .find(|&c| named_date(c))
        .or_else(|| {
            (0..headers.len()).find(|&c| {
                let name = normalised(&headers[c]);
                ["date", "day", "time", "when"]
                    .iter()
                    .any(|w| name.contains(w))
                    && is_date(c)
            })
        })
        .or_else(|| {
            // Any column of written dates (`2020-05-09`, `9-May-20`): bare numbers are left
            // out here, since an id or a count would pass for epoch seconds.
            (0..headers.len()).find(|&c| {
                is_date(c) && share(samples, c, |v| v.chars().any(|ch| !ch.is_ascii_digit())) >= 0.9
            })
        });
    let date_end =
        by_name(headers, &["date_end", "end_date"]).filter(|&c| Some(c) != date && named_date(c));
    // Slashed dates: a first number above 12 means day first; a second above 12, month first.
    let day_order = match date {
        Some(date) => {
            let slashed = |order| share(samples, date, |v| parse_date(v, order).is_ok());
            if slashed(DayOrder::MonthFirst) > slashed(DayOrder::DayFirst) {
                DayOrder::MonthFirst
            } else {
                DayOrder::DayFirst
            }
        }
        None => DayOrder::DayFirst,
    };
    let role_names: [(Role, &[&str]); 13] = [
        (
            Role::Id,
            &["id", "event_id", "event_id_cnty", "globaleventid", "uid"],
        ),
        (
            Role::Title,
            &["title", "name", "headline", "event", "summary"],
        ),
        (
            Role::Category,
            &[
                "category",
                "event_type",
                "type",
                "kind",
                "type_of_violence",
                "eventrootcode",
            ],
        ),
        (
            Role::SubCategory,
            &["sub_event_type", "subcategory", "sub_category", "subtype"],
        ),
        (
            Role::Actor1,
            &[
                "actor1",
                "actor_1",
                "side_a",
                "actor1name",
                "perpetrator",
                "actor",
            ],
        ),
        (
            Role::Actor2,
            &[
                "actor2",
                "actor_2",
                "side_b",
                "actor2name",
                "target",
                "victim",
            ],
        ),
        (
            Role::Country,
            &["country", "country_name", "nation", "iso3", "iso"],
        ),
        (
            Role::Admin1,
            &["admin1", "adm_1", "province", "state", "region_name"],
        ),
        (
            Role::Location,
            &["location", "place", "city", "town", "where_description"],
        ),
        (
            Role::Fatalities,
            &["fatalities", "deaths", "killed", "best", "casualties"],
        ),
        (
            Role::Notes,
            &[
                "notes",
                "description",
                "details",
                "text",
                "comment",
                "comments",
            ],
        ),
        (
            Role::Source,
            &["source", "sources", "source_article", "publisher"],
        ),
        (
            Role::Url,
            &["url", "link", "sourceurl", "source_url", "href"],
        ),
    ];
    let mut taken: Vec<usize> = date.into_iter().chain(date_end).collect();
    let mut roles = BTreeMap::new();
    for (role, names) in role_names {
        if let Some(column) = by_name(headers, names).filter(|c| !taken.contains(c)) {
            taken.push(column);
            roles.insert(role, headers[column].clone());
        }
    }
    MappingGuess {
        position,
        date: date.map(|c| headers[c].clone()),
        date_end: date_end.map(|c| headers[c].clone()),
        day_order,
        roles,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn a_spreadsheet_with_usual_names_is_mapped_by_name_and_values() {
        let headers = strings(&["When", "Lat", "Lng", "What", "Who", "Description"]);
        let samples = vec![
            strings(&["05/13/2021", "34.5", "69.1", "raid", "Group A", "long text"]),
            strings(&["05/14/2021", "35.0", "70.2", "strike", "Group B", ""]),
        ];
        // "When" is not a known date name but every value is a date; the 13th/14th as the
        // second number says month first.
        let headers_with_date = {
            let mut h = headers.clone();
            h[0] = "event day".into();
            h
        };
        let mapping = guess_mapping(&headers_with_date, &samples).unwrap();
        assert_eq!(
            mapping.position,
            Position::LonLat {
                lon: "Lng".into(),
                lat: "Lat".into()
            }
        );
        assert_eq!(mapping.date, "event day");
        assert_eq!(mapping.day_order, DayOrder::MonthFirst);
        assert_eq!(
            mapping.roles.get(&Role::Notes).map(String::as_str),
            Some("Description")
        );
        assert_eq!(
            mapping.roles.get(&Role::Actor1),
            None,
            "Who is not a known actor name"
        );
        // Named "When", its values are what make it the date.
        assert_eq!(guess_mapping(&headers, &samples).unwrap().date, "When");
        let mut renamed = headers.clone();
        renamed[0] = "Reported".into();
        assert_eq!(guess_mapping(&renamed, &samples).unwrap().date, "Reported");
    }

    #[test]
    fn bare_numbers_are_not_taken_for_dates_without_a_date_name() {
        let headers = strings(&["code", "lon", "lat"]);
        let samples = vec![
            strings(&["1588982400", "69.1", "34.5"]),
            strings(&["1588982401", "70.2", "35.0"]),
        ];
        assert!(
            guess_mapping(&headers, &samples).is_none(),
            "an id column would pass for epoch seconds"
        );
    }

    #[test]
    fn a_wkt_point_column_is_found_by_its_values() {
        let headers = strings(&["geom", "date_start", "note"]);
        let samples = vec![strings(&["POINT (69.17 34.53)", "2020-01-02", "x"])];
        let mapping = guess_mapping(&headers, &samples).unwrap();
        assert_eq!(
            mapping.position,
            Position::Wkt {
                column: "geom".into()
            }
        );
        assert_eq!(parse_wkt_point("point(1.5 -2)"), Some((1.5, -2.0)));
        assert_eq!(parse_wkt_point("LINESTRING (1 2, 3 4)"), None);
    }
}
