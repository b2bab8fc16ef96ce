//! Which property names a user layer's features: files from QGIS, geojson.io, Google Earth
//! or a colleague abroad call it `name`, `NAME`, `title`, `名称`, `имя`, `nom`… or something
//! else entirely, and a list of "Feature 1, Feature 2" tells an analyst nothing.

use std::collections::HashSet;

use serde_json::Value;

use super::vector_layer::{VectorFeature, VectorLayer};

/// Keys that mean "name" in the files people trade, tried first (compared without case).
const NAME_KEYS: [&str; 34] = [
    "name",
    "title",
    "label",
    "名称",
    "名字",
    "名前",
    "이름",
    "имя",
    "название",
    "назва",
    "ім'я",
    "nom",
    "nombre",
    "nome",
    "naam",
    "name_en",
    "name_int",
    "navn",
    "namn",
    "nimi",
    "nazwa",
    "název",
    "név",
    "isim",
    "ad",
    "ονομα",
    "όνομα",
    "اسم",
    "الاسم",
    "نام",
    "שם",
    "नाम",
    "ชื่อ",
    "tên",
];

/// Properties that are styles, times, links or bookkeeping, never a name.
const NOT_NAMES: [&str; 17] = [
    "description",
    "folder",
    "marker-color",
    "marker-size",
    "marker-symbol",
    "stroke",
    "fill",
    "when",
    "begin",
    "end",
    "date",
    "time",
    "times",
    "timestamp",
    "styleurl",
    "url",
    "id",
];

/// Values longer than this (in characters, on average) read as descriptions, not names.
const MAX_NAME_LENGTH: f64 = 60.0;

/// The property whose values label the features best, or `None` when none is fit (the
/// features are then named by id or number).
pub fn guess_label_property(layer: &VectorLayer) -> Option<String> {
    let keys = property_keys(layer);
    let features = layer.features.len().max(1) as f64;
    // A known name key that most features fill in wins outright, in the order above.
    for wanted in NAME_KEYS {
        if let Some(key) = keys
            .iter()
            .find(|k| k.trim().to_lowercase() == wanted && filled(layer, k) * 2.0 >= features)
        {
            return Some(key.clone());
        }
    }
    // Otherwise the key whose values look most like names: text, short, mostly distinct.
    keys.iter()
        .filter(|k| !NOT_NAMES.contains(&k.trim().to_lowercase().as_str()))
        .filter_map(|k| name_likeness(layer, k).map(|score| (score, k)))
        .fold(
            None,
            |best: Option<(f64, &String)>, (score, key)| match best {
                Some((s, _)) if s >= score => best,
                _ => Some((score, key)),
            },
        )
        .map(|(_, key)| key.clone())
}

/// Every property key of the layer, in the order first met.
pub fn property_keys(layer: &VectorLayer) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut keys = Vec::new();
    for feature in &layer.features {
        for key in feature.properties.keys() {
            if seen.insert(key.as_str()) {
                keys.push(key.clone());
            }
        }
    }
    keys
}

/// The feature's value of `key` as label text, when it has one.
pub fn label_value(feature: &VectorFeature, key: &str) -> Option<String> {
    match feature.properties.get(key)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The feature's label: its value of the chosen `key`, else what [`VectorFeature::label`]
/// gives (a usual name property, the id, or "Feature N").
pub fn feature_label(feature: &VectorFeature, key: Option<&str>, index: usize) -> String {
    key.and_then(|k| label_value(feature, k))
        .unwrap_or_else(|| feature.label(index))
}

/// How many features have a non-empty text under `key`.
fn filled(layer: &VectorLayer, key: &str) -> f64 {
    layer
        .features
        .iter()
        .filter(|f| text_of(f, key).is_some())
        .count() as f64
}

fn text_of<'a>(feature: &'a VectorFeature, key: &str) -> Option<&'a str> {
    match feature.properties.get(key) {
        Some(Value::String(text)) if !text.trim().is_empty() => Some(text.trim()),
        _ => None,
    }
}

/// A score in (0, 1] for how much the values of `key` look like names, or `None` when they
/// do not: most features have one, they are words (letters of any script, not numbers, codes
/// or links), short, and mostly different from one another.
fn name_likeness(layer: &VectorLayer, key: &str) -> Option<f64> {
    let values: Vec<&str> = layer
        .features
        .iter()
        .filter_map(|f| text_of(f, key))
        .collect();
    let features = layer.features.len() as f64;
    if values.is_empty() || (values.len() as f64) * 2.0 < features {
        return None;
    }
    let wordy = values.iter().filter(|v| looks_like_a_name(v)).count() as f64;
    let count = values.len() as f64;
    if wordy / count < 0.8 {
        return None;
    }
    let length = values.iter().map(|v| v.chars().count()).sum::<usize>() as f64 / count;
    if length > MAX_NAME_LENGTH {
        return None;
    }
    let distinct = values.iter().collect::<HashSet<_>>().len() as f64 / count;
    // One feature's single value is distinct trivially; with more, repeats mean a category.
    if values.len() > 1 && distinct < 0.5 {
        return None;
    }
    Some(distinct * count / features)
}

/// Whether one value reads as a name rather than a number, a date, a code or a link.
fn looks_like_a_name(value: &str) -> bool {
    let letters = value.chars().filter(|c| c.is_alphabetic()).count();
    let digits = value.chars().filter(|c| c.is_ascii_digit()).count();
    letters > 0
        && letters >= digits
        && !value.contains("://")
        && !value.starts_with('#')
        && value.parse::<f64>().is_err()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::vector_layer::parse_geojson;
    use serde_json::json;

    fn layer(properties: Vec<Value>) -> VectorLayer {
        let features: Vec<Value> = properties
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                json!({"type": "Feature", "properties": p,
                       "geometry": {"type": "Point", "coordinates": [i as f64, 0.0]}})
            })
            .collect();
        let text = json!({"type": "FeatureCollection", "features": features}).to_string();
        parse_geojson(text.as_bytes(), "test").expect("test layer parses")
    }

    #[test]
    fn known_keys_in_many_languages() {
        let cases = [
            ("NAME", json!("Kabul")),
            ("Name", json!("Herat")),
            ("名称", json!("北京")),
            ("имя", json!("Москва")),
            ("nom", json!("Paris")),
            ("title", json!("Checkpoint")),
        ];
        for (key, value) in cases {
            let l = layer(vec![
                json!({ "fid": 1, key: value }),
                json!({ "fid": 2, key: "B" }),
            ]);
            assert_eq!(guess_label_property(&l).as_deref(), Some(key), "{key}");
        }
    }

    #[test]
    fn name_beats_title_and_title_beats_label() {
        let l = layer(vec![json!({"label": "a", "title": "b", "name": "c"})]);
        assert_eq!(guess_label_property(&l).as_deref(), Some("name"));
        let l = layer(vec![json!({"label": "a", "title": "b"})]);
        assert_eq!(guess_label_property(&l).as_deref(), Some("title"));
    }

    #[test]
    fn unknown_keys_that_hold_names_in_any_script() {
        let latin = layer(vec![
            json!({"code": "1001", "kind": "base", "ort": "Bagram"}),
            json!({"code": "1002", "kind": "base", "ort": "Kandahar"}),
            json!({"code": "1003", "kind": "base", "ort": "Shindand"}),
        ]);
        assert_eq!(guess_label_property(&latin).as_deref(), Some("ort"));
        let cyrillic = layer(vec![
            json!({"id_obj": "77", "пункт": "Курск"}),
            json!({"id_obj": "78", "пункт": "Белгород"}),
        ]);
        assert_eq!(guess_label_property(&cyrillic).as_deref(), Some("пункт"));
        let cjk = layer(vec![
            json!({"编号": "0001", "城市": "上海"}),
            json!({"编号": "0002", "城市": "广州"}),
        ]);
        assert_eq!(guess_label_property(&cjk).as_deref(), Some("城市"));
    }

    #[test]
    fn numeric_ids_codes_links_and_categories_are_not_names() {
        let l = layer(vec![
            json!({"id": "17", "code": "4411", "url": "https://a.example/1", "type": "road"}),
            json!({"id": "18", "code": "4412", "url": "https://a.example/2", "type": "road"}),
            json!({"id": "19", "code": "4413", "url": "https://a.example/3", "type": "road"}),
        ]);
        assert_eq!(guess_label_property(&l), None);
        let numbers = layer(vec![json!({"NAME": 3}), json!({"NAME": 4})]);
        assert_eq!(guess_label_property(&numbers), None);
    }

    #[test]
    fn long_texts_are_descriptions() {
        let long = "A very long description of what happened here, with all the details \
                    that a report would give";
        let l = layer(vec![
            json!({"notes": long}),
            json!({"notes": format!("{long}.")}),
        ]);
        assert_eq!(guess_label_property(&l), None);
    }

    #[test]
    fn label_values_and_keys() {
        let l = layer(vec![json!({"b": 2, "a": " x "}), json!({"c": null})]);
        assert_eq!(property_keys(&l).len(), 3);
        assert_eq!(label_value(&l.features[0], "a").as_deref(), Some("x"));
        assert_eq!(label_value(&l.features[0], "b").as_deref(), Some("2"));
        assert_eq!(label_value(&l.features[1], "c"), None);
    }
}
