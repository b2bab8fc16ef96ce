//! Which features of a user layer are drawn: those of the groups the reader left switched on
//! (KML Folders, GeoPackage tables, the files of a zip — see `VectorLayer::groups`) and, when
//! the timeline sets a period, those whose dates may fall in it (undated features always are).
//! The mask is worked out once per change (the window's layer list, `faultline render`) and
//! read by the scene and the hit-test, so the map, pictures and exports hide the same features.
//!
//! A feature's dates come from its properties, the first of these found (keys compared
//! case-blind): `date` (Faultline's syntax, which KML's TimeStamp/TimeSpan are also read into:
//! `2020-05-01`, `2020-05/2020-06`, `2020/unknown`), `begin`/`end` (either may be missing: an
//! open end), then `when`, `time`, `timestamp`, `datetime`. Values may also be ISO 8601 times
//! (`2020-05-01T12:00:00Z`, `2020-05-01 12:00`), `2020/05/01`, or Unix times in seconds or
//! milliseconds (numbers under `timestamp` or `time`). What reads as none of these is undated.

use std::sync::Arc;

use serde_json::Value;

use crate::map::vector_layer::{VectorFeature, VectorLayer};
use crate::model::date::{DateRange, FuzzyDate, Ymd};

/// The group a feature belongs to (its `folder` property), if any.
pub fn feature_group(feature: &VectorFeature) -> Option<&str> {
    match feature.properties.get("folder") {
        Some(Value::String(folder)) => Some(folder),
        _ => None,
    }
}

/// The first and last day a feature may mean; `None` at an open end.
pub type FeatureSpan = (Option<Ymd>, Option<Ymd>);

/// Each feature's dates (`None`: undated), read once when the layer is.
pub fn feature_dates(layer: &VectorLayer) -> Vec<Option<FeatureSpan>> {
    layer
        .features
        .iter()
        .map(|f| feature_span(&f.properties))
        .collect()
}

/// The dates a feature's properties give (see the module's notes), if any.
pub fn feature_span(properties: &serde_json::Map<String, Value>) -> Option<FeatureSpan> {
    let get = |name: &str| {
        properties
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    };
    if let Some(span) = get("date").and_then(|v| value_span(v, false)) {
        return Some(span);
    }
    let begin = get("begin").and_then(|v| value_span(v, false));
    let end = get("end").and_then(|v| value_span(v, false));
    if begin.is_some() || end.is_some() {
        let span = (begin.and_then(|b| b.0), end.and_then(|e| e.1));
        return (span != (None, None)).then_some(span);
    }
    ["when", "time", "timestamp", "datetime"]
        .iter()
        .find_map(|key| get(key).and_then(|v| value_span(v, *key != "when")))
}

/// A property value as dates; `unix` lets large numbers be read as Unix times.
fn value_span(value: &Value, unix: bool) -> Option<FeatureSpan> {
    let span = match value {
        Value::String(text) => text_span(text.trim())?,
        Value::Number(number) => {
            let n = number.as_f64()?;
            if n.fract() == 0.0 && (1.0..=9999.0).contains(&n) {
                let year = FuzzyDate::Year(n as i32);
                (year.earliest(), year.latest())
            } else if unix && n.is_finite() {
                // Milliseconds beyond ~5138 AD in seconds: read as milliseconds.
                let seconds = if n.abs() >= 1e11 { n / 1000.0 } else { n };
                let day = civil_from_days((seconds / 86_400.0).floor() as i64)?;
                (Some(day), Some(day))
            } else {
                return None;
            }
        }
        _ => return None,
    };
    (span != (None, None)).then_some(span)
}

fn text_span(text: &str) -> Option<FeatureSpan> {
    if text.is_empty() {
        return None;
    }
    if let Ok(range) = text.parse::<DateRange>() {
        return Some((range.earliest(), range.latest()));
    }
    // An ISO time of day after the date (`T` or a space): the day is what the filter needs.
    if let Some(day) = text
        .get(..10)
        .filter(|_| text.len() == 10 || matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' ')))
        && let Ok(date @ FuzzyDate::Day(..)) = day.parse::<FuzzyDate>()
    {
        return Some((date.earliest(), date.latest()));
    }
    // `2020/05/01`.
    let parts: Vec<&str> = text.split('/').collect();
    if let [year, month, day] = parts[..]
        && year.len() == 4
        && let Ok(date @ FuzzyDate::Day(..)) = format!("{year}-{month:0>2}-{day:0>2}").parse()
    {
        return Some((date.earliest(), date.latest()));
    }
    None
}

/// The calendar day `days` after 1970-01-01 (Howard Hinnant's algorithm), within years 1–9999.
fn civil_from_days(days: i64) -> Option<Ymd> {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (1..=9999)
        .contains(&year)
        .then_some((year as i32, month, day))
}

/// Whether a feature's dates may overlap the window (open ends overlap everything).
pub fn in_window(span: &FeatureSpan, window: &DateRange) -> bool {
    let starts_after = matches!((span.0, window.latest()), (Some(s), Some(e)) if s > e);
    let ends_before = matches!((span.1, window.earliest()), (Some(e), Some(s)) if e < s);
    !starts_after && !ends_before
}

/// One flag per feature, `true` where it is drawn: not in a hidden group and, when there is
/// a time window, undated or dated within it. `dates` is [`feature_dates`] of the layer.
/// `None` when every feature is drawn (the usual case, which costs nothing to draw).
pub fn shown_features(
    layer: &VectorLayer,
    hidden_groups: &[String],
    dates: &[Option<FeatureSpan>],
    window: Option<&DateRange>,
) -> Option<Arc<Vec<bool>>> {
    let window = window.filter(|_| dates.iter().any(Option::is_some));
    if hidden_groups.is_empty() && window.is_none() {
        return None;
    }
    let mask: Vec<bool> = layer
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let group_shown =
                feature_group(f).is_none_or(|g| !hidden_groups.iter().any(|h| h == g));
            let time_shown = match (window, dates.get(i)) {
                (Some(window), Some(Some(span))) => in_window(span, window),
                _ => true,
            };
            group_shown && time_shown
        })
        .collect();
    if mask.iter().all(|&shown| shown) {
        None
    } else {
        Some(Arc::new(mask))
    }
}

/// Whether feature `feature` is drawn under `mask` (features unknown to it are).
pub fn is_shown(mask: Option<&[bool]>, feature: usize) -> bool {
    mask.is_none_or(|m| m.get(feature).copied().unwrap_or(true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::vector_layer::parse_geojson;

    #[test]
    fn hidden_groups_hide_their_features_only() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"folder":"Bases"},"geometry":{"type":"Point","coordinates":[1,1]}},
          {"type":"Feature","properties":{"folder":"Routes"},"geometry":{"type":"Point","coordinates":[2,2]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[3,3]}}
        ]}"#;
        let layer = parse_geojson(text.as_bytes(), "t").expect("parses");
        assert_eq!(shown_features(&layer, &[], &[], None), None);
        assert_eq!(
            shown_features(&layer, &["Elsewhere".into()], &[], None),
            None
        );
        let mask = shown_features(&layer, &["Bases".into()], &[], None);
        assert_eq!(mask.as_deref(), Some(&vec![false, true, true]));
        assert!(!is_shown(mask.as_deref().map(Vec::as_slice), 0));
        assert!(is_shown(None, 0));
    }

    fn span_of(json: &str) -> Option<FeatureSpan> {
        let value: Value = serde_json::from_str(json).expect("json");
        feature_span(value.as_object().expect("object"))
    }

    #[test]
    fn dates_are_read_from_the_usual_properties() {
        let day = |y, m, d| Some((y, m, d));
        assert_eq!(
            span_of(r#"{"date":"2020-05-01"}"#),
            Some((day(2020, 5, 1), day(2020, 5, 1)))
        );
        // As kml.rs writes a TimeSpan, with an open end.
        assert_eq!(
            span_of(r#"{"date":"2020-05/unknown"}"#),
            Some((day(2020, 5, 1), None))
        );
        assert_eq!(
            span_of(r#"{"DATE":"1999"}"#),
            Some((day(1999, 1, 1), day(1999, 12, 31)))
        );
        assert_eq!(
            span_of(r#"{"begin":"2021-02-03T10:00:00Z","end":"2021-03-04"}"#),
            Some((day(2021, 2, 3), day(2021, 3, 4)))
        );
        assert_eq!(
            span_of(r#"{"end":"2021-03-04"}"#),
            Some((None, day(2021, 3, 4)))
        );
        assert_eq!(
            span_of(r#"{"time":"2022-07-08 14:30"}"#),
            Some((day(2022, 7, 8), day(2022, 7, 8)))
        );
        assert_eq!(
            span_of(r#"{"when":"2023/1/9"}"#),
            Some((day(2023, 1, 9), day(2023, 1, 9)))
        );
        assert_eq!(
            span_of(r#"{"timestamp":1700000000}"#),
            Some((day(2023, 11, 14), day(2023, 11, 14)))
        );
        assert_eq!(
            span_of(r#"{"timestamp":1700000000000}"#),
            Some((day(2023, 11, 14), day(2023, 11, 14)))
        );
        assert_eq!(span_of(r#"{"date":"unknown"}"#), None);
        assert_eq!(span_of(r#"{"time":"14:30","name":"2020"}"#), None);
        assert_eq!(span_of(r#"{"date":""}"#), None);
    }

    #[test]
    fn the_time_window_hides_dated_features_outside_it_and_keeps_undated_ones() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"date":"2019-06-01"},"geometry":{"type":"Point","coordinates":[1,1]}},
          {"type":"Feature","properties":{"date":"2021-06-01"},"geometry":{"type":"Point","coordinates":[2,2]}},
          {"type":"Feature","properties":{"begin":"2018"},"geometry":{"type":"Point","coordinates":[3,3]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[4,4]}}
        ]}"#;
        let layer = parse_geojson(text.as_bytes(), "t").expect("parses");
        let dates = feature_dates(&layer);
        let window: DateRange = "2021".parse().expect("range");
        let mask = shown_features(&layer, &[], &dates, Some(&window));
        assert_eq!(mask.as_deref(), Some(&vec![false, true, true, true]));
        let window: DateRange = "2010/2012".parse().expect("range");
        let mask = shown_features(&layer, &[], &dates, Some(&window));
        assert_eq!(mask.as_deref(), Some(&vec![false, false, false, true]));
        assert_eq!(shown_features(&layer, &[], &dates, None), None);
    }
}
