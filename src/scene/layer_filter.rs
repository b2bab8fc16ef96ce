//! Which features of a user layer are drawn: those of the groups the reader left switched on
//! (KML Folders, GeoPackage tables, the files of a zip — see `VectorLayer::groups`). The
//! mask is worked out once per change (the window's layer list, `faultline render`) and read
//! by the scene and the hit-test, so the map, pictures and exports hide the same features.

use std::sync::Arc;

use serde_json::Value;

use crate::map::vector_layer::{VectorFeature, VectorLayer};

/// The group a feature belongs to (its `folder` property), if any.
pub fn feature_group(feature: &VectorFeature) -> Option<&str> {
    match feature.properties.get("folder") {
        Some(Value::String(folder)) => Some(folder),
        _ => None,
    }
}

/// One flag per feature, `true` where it is drawn; `None` when every feature is (the usual
/// case, which costs nothing to draw).
pub fn shown_features(layer: &VectorLayer, hidden_groups: &[String]) -> Option<Arc<Vec<bool>>> {
    if hidden_groups.is_empty() {
        return None;
    }
    let mask: Vec<bool> = layer
        .features
        .iter()
        .map(|f| feature_group(f).is_none_or(|g| !hidden_groups.iter().any(|h| h == g)))
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
        assert_eq!(shown_features(&layer, &[]), None);
        assert_eq!(shown_features(&layer, &["Elsewhere".into()]), None);
        let mask = shown_features(&layer, &["Bases".into()]);
        assert_eq!(mask.as_deref(), Some(&vec![false, true, true]));
        assert!(!is_shown(mask.as_deref().map(Vec::as_slice), 0));
        assert!(is_shown(None, 0));
    }
}
