//! The published layouts of ACLED, UCDP GED and GDELT (1.0 and 2.0): their column names, which role
//! each plays, which are numbers, and how to recognise a file of each from its first row.

use std::collections::BTreeMap;

use crate::events::dates::DayOrder;
use crate::events::table::Role;

use super::csv_mapping::{Mapping, Position};

/// How a kept column is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Repeating strings, dictionary-encoded.
    Dict,
    /// Free text, one value per event.
    Text,
    Number,
}

/// UCDP GED's 49 columns, in the order of its CSV releases (used when a file has no header).
pub const UCDP_COLUMNS: [&str; 49] = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
];

/// GDELT 2.0 event table's 61 columns (its files have no header).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// GDELT 1.0's columns (codebook V1.03): the daily files since April 2013 have these 58, the
/// historical backfile (1979 – March 2013) the first 57, without SOURCEURL. Unlike 2.0 its
/// geography has no ADM2Code, the event's day is `SQLDATE`, and DATEADDED is a day
/// (YYYYMMDD), not a 15-minute timestamp. Names shared with 2.0 are spelled as there.
pub const GDELT1_COLUMNS: [&str; 58] = [
    "GlobalEventID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The documented names of a headerless GDELT event file with this many columns: 61 for 2.0,
/// 58 for 1.0's daily files, 57 for its backfile.
pub fn gdelt_columns(count: usize) -> Option<&'static [&'static str]> {
    match count {
        61 => Some(&GDELT_COLUMNS),
        58 => Some(&GDELT1_COLUMNS),
        57 => Some(&GDELT1_COLUMNS[..57]),
        _ => None,
    }
}

/// The GDELT columns kept: actors, CAMEO codes (as text), Goldstein, tone, mentions, the action's
/// geography and the source URL. The other 36 (actor geography, religion and ethnic codes) would
/// double the memory of a million events for little use on a map.
pub const GDELT_KEPT: [&str; 22] = [
    "GlobalEventID",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "SOURCEURL",
];

/// CAMEO's twenty root codes with the words analysts use for them.
pub fn cameo_root_label(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "01" => "01 Make public statement",
        "02" => "02 Appeal",
        "03" => "03 Express intent to cooperate",
        "04" => "04 Consult",
        "05" => "05 Engage in diplomatic cooperation",
        "06" => "06 Engage in material cooperation",
        "07" => "07 Provide aid",
        "08" => "08 Yield",
        "09" => "09 Investigate",
        "10" => "10 Demand",
        "11" => "11 Disapprove",
        "12" => "12 Reject",
        "13" => "13 Threaten",
        "14" => "14 Protest",
        "15" => "15 Exhibit force posture",
        "16" => "16 Reduce relations",
        "17" => "17 Coerce",
        "18" => "18 Assault",
        "19" => "19 Fight",
        "20" => "20 Use unconventional mass violence",
        _ => return None,
    })
}

/// UCDP's `type_of_violence` codes in words.
pub fn ucdp_violence_label(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "1" => "State-based conflict",
        "2" => "Non-state conflict",
        "3" => "One-sided violence",
        _ => return None,
    })
}

fn normalised(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

fn find(headers: &[String], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|header| normalised(header) == name)
        .cloned()
}

fn roles_of(headers: &[String], pairs: &[(Role, &str)]) -> BTreeMap<Role, String> {
    pairs
        .iter()
        .filter_map(|(role, name)| find(headers, name).map(|header| (*role, header)))
        .collect()
}

/// ACLED's columns, any generation: the names are the same words, upper-case before 2019.
pub fn acled_mapping(headers: &[String]) -> Option<Mapping> {
    Some(Mapping {
        position: Position::LonLat {
            lon: find(headers, "longitude")?,
            lat: find(headers, "latitude")?,
        },
        date: find(headers, "event_date")?,
        date_end: None,
        // ACLED's old slashed dates are dd/mm/yyyy.
        day_order: DayOrder::DayFirst,
        roles: roles_of(
            headers,
            &[
                (Role::Id, "event_id_cnty"),
                (Role::Category, "event_type"),
                (Role::SubCategory, "sub_event_type"),
                (Role::Actor1, "actor1"),
                (Role::Actor2, "actor2"),
                (Role::Country, "country"),
                (Role::Admin1, "admin1"),
                (Role::Location, "location"),
                (Role::Fatalities, "fatalities"),
                (Role::Notes, "notes"),
                (Role::Source, "source"),
            ],
        ),
    })
}

/// UCDP GED's columns (from its header, or [`UCDP_COLUMNS`] when it has none).
pub fn ucdp_mapping(headers: &[String]) -> Option<Mapping> {
    let position = match (find(headers, "longitude"), find(headers, "latitude")) {
        (Some(lon), Some(lat)) => Position::LonLat { lon, lat },
        _ => Position::Wkt {
            column: find(headers, "geom_wkt")?,
        },
    };
    Some(Mapping {
        position,
        date: find(headers, "date_start")?,
        date_end: find(headers, "date_end"),
        day_order: DayOrder::DayFirst,
        roles: roles_of(
            headers,
            &[
                (Role::Id, "id"),
                (Role::Category, "type_of_violence"),
                (Role::SubCategory, "conflict_name"),
                (Role::Actor1, "side_a"),
                (Role::Actor2, "side_b"),
                (Role::Country, "country"),
                (Role::Admin1, "adm_1"),
                (Role::Location, "where_description"),
                (Role::Fatalities, "best"),
                (Role::Notes, "source_headline"),
                (Role::Source, "source_office"),
                (Role::Title, "dyad_name"),
            ],
        ),
    })
}

/// GDELT's columns (`headers`: 2.0's or 1.0's documented names): the action's place and day,
/// actors by name, the CAMEO root as category, the source URL where the file has one.
pub fn gdelt_mapping(headers: &[String]) -> Mapping {
    let names = headers;
    Mapping {
        position: Position::LonLat {
            lon: "ActionGeo_Long".into(),
            lat: "ActionGeo_Lat".into(),
        },
        date: find(headers, "day")
            .or_else(|| find(headers, "sqldate"))
            .unwrap_or_else(|| "Day".into()),
        date_end: None,
        day_order: DayOrder::DayFirst,
        roles: roles_of(
            names,
            &[
                (Role::Id, "globaleventid"),
                (Role::Category, "eventrootcode"),
                (Role::SubCategory, "eventcode"),
                (Role::Actor1, "actor1name"),
                (Role::Actor2, "actor2name"),
                (Role::Country, "actiongeo_countrycode"),
                (Role::Admin1, "actiongeo_adm1code"),
                (Role::Location, "actiongeo_fullname"),
                (Role::Url, "sourceurl"),
            ],
        ),
    }
}

/// How a known format stores a column: numbers where the publisher writes numbers, free text
/// for notes and headlines, dictionaries for everything that repeats.
pub fn known_kind(name: &str, role: Option<Role>) -> Option<Kind> {
    if matches!(role, Some(Role::Notes | Role::Title)) {
        return Some(Kind::Text);
    }
    let name = normalised(name);
    let numeric = [
        "year",
        "time_precision",
        "geo_precision",
        "inter1",
        "inter2",
        "interaction",
        "fatalities",
        "timestamp",
        "gwno",
        "data_id",
        "event_id_no_cnty",
        "iso",
        "relid_num",
        "active_year",
        "code_status",
        "where_prec",
        "date_prec",
        "event_clarity",
        "deaths_a",
        "deaths_b",
        "deaths_civilians",
        "deaths_unknown",
        "best",
        "high",
        "low",
        "number_of_sources",
        "priogrid_gid",
        "country_id",
        "globaleventid",
        "goldsteinscale",
        "nummentions",
        "numsources",
        "numarticles",
        "avgtone",
        "id",
    ];
    if numeric.contains(&name.as_str()) {
        return Some(Kind::Number);
    }
    let text = [
        "source_article",
        "source_original",
        "where_coordinates",
        "event_id_cnty",
    ];
    if text.contains(&name.as_str()) {
        return Some(Kind::Text);
    }
    None
}
