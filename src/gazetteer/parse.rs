//! Reads the gazetteer's TSV lines (format in `assets/README.md`).

use super::{GazetteerPlace, PlaceKind};

/// Why a gazetteer could not be read: what and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GazetteerError {
    #[error("{origin}: cannot decompress: {message}")]
    Decompress { origin: String, message: String },
    #[error("{origin}, line {line}: {problem}")]
    Line {
        origin: String,
        line: usize,
        problem: String,
    },
}

pub(super) fn parse_tsv(text: &str, origin: &str) -> Result<Vec<GazetteerPlace>, GazetteerError> {
    let mut places = Vec::with_capacity(text.len() / 60);
    for (number, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fail = |problem: String| GazetteerError::Line {
            origin: origin.to_owned(),
            line: number + 1,
            problem,
        };
        let columns: Vec<&str> = line.split('\t').collect();
        let column = |i: usize, what: &str| {
            columns
                .get(i)
                .copied()
                .ok_or_else(|| fail(format!("column {} ({what}) is missing", i + 1)))
        };
        let number_at = |i: usize, what: &str| -> Result<f64, GazetteerError> {
            let text = column(i, what)?;
            text.parse::<f64>()
                .ok()
                .filter(|value| value.is_finite())
                .ok_or_else(|| {
                    fail(format!(
                        "column {} ({what}): \"{text}\" is not a number",
                        i + 1
                    ))
                })
        };
        let list = |text: &str, separator: char| -> Vec<String> {
            text.split(separator)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let place = match column(0, "record type")? {
            "C" => GazetteerPlace {
                kind: PlaceKind::Country,
                country_iso_a3: Some(column(1, "ISO A3")?.to_owned()),
                name: column(2, "name")?.to_owned(),
                lon: number_at(3, "longitude")?,
                lat: number_at(4, "latitude")?,
                population: column(5, "population")?.parse().unwrap_or(0),
                capital: Some(column(6, "capital")?.to_owned()).filter(|c| !c.is_empty()),
                demonyms: list(column(7, "demonyms")?, '|'),
                alternates: list(column(8, "alternate names")?, '|'),
                members: Vec::new(),
            },
            "R" => {
                let name = column(1, "name")?.to_owned();
                let alternates = list(column(4, "alternate names")?, '|');
                let demonyms = std::iter::once(&name)
                    .chain(&alternates)
                    .filter_map(|n| region_adjective(n))
                    .collect();
                GazetteerPlace {
                    kind: PlaceKind::Region,
                    country_iso_a3: None,
                    lon: number_at(2, "longitude")?,
                    lat: number_at(3, "latitude")?,
                    population: 0,
                    capital: None,
                    demonyms,
                    members: list(column(5, "members")?, ','),
                    name,
                    alternates,
                }
            }
            "P" => GazetteerPlace {
                kind: PlaceKind::City,
                name: column(1, "name")?.to_owned(),
                country_iso_a3: Some(column(2, "ISO A3")?.to_owned()),
                lon: number_at(3, "longitude")?,
                lat: number_at(4, "latitude")?,
                population: column(5, "population")?.parse().unwrap_or(0),
                alternates: list(columns.get(6).copied().unwrap_or_default(), '|'),
                demonyms: Vec::new(),
                capital: None,
                members: Vec::new(),
            },
            other => {
                return Err(fail(format!(
                    "unknown record type \"{other}\" (expected C, R or P)"
                )));
            }
        };
        if !(-180.0..=180.0).contains(&place.lon) || !(-90.0..=90.0).contains(&place.lat) {
            return Err(fail(format!(
                "position {}, {} is outside longitude -180..180 / latitude -90..90",
                place.lon, place.lat
            )));
        }
        places.push(place);
    }
    Ok(places)
}

/// "Central Asia" → "Central Asian", "Western Europe" → "Western European": the adjective
/// articles use for a region ("the Central Asian republics").
fn region_adjective(name: &str) -> Option<String> {
    let last = name.rsplit(' ').next()?;
    let adjective = match last {
        "Asia" | "Africa" | "America" | "Melanesia" | "Micronesia" | "Polynesia" => {
            format!("{last}n")
        }
        "Europe" => "European".to_owned(),
        "Caribbean" => "Caribbean".to_owned(),
        _ => return None,
    };
    let head = &name[..name.len() - last.len()];
    Some(
        format!("{head}{adjective}")
            .trim_start_matches("the ")
            .to_owned(),
    )
}
