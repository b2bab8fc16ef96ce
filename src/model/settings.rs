//! Document settings kept in the project's `view` member: which layers are shown. They are
//! part of the document (saved, undone and redone like any other change), unlike the camera
//! or the open panels, which belong to the window.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The key of the layer settings in the project's `view` member.
const LAYERS_KEY: &str = "layers";
/// The key of the user's GeoJSON layers in the project's `view` member.
const USER_LAYERS_KEY: &str = "user_layers";

/// The key of the borders' point of view in the project's `view` member.
const BORDER_VIEW_KEY: &str = "borders";

/// The key of the saved map view in the project's `view` member.
const MAP_VIEW_KEY: &str = "map";

/// Where the map was looking when the project was saved, so reopening it (or rendering it
/// headless) shows the picture the person composed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapView {
    /// The projection's id (`equal-earth`, `natural-earth`, `equirectangular`, `web-mercator`).
    pub projection: String,
    /// `[west, south, east, north]` in degrees (west > east: across the antimeridian);
    /// `None` for the whole world.
    #[serde(default)]
    pub bbox: Option<[f64; 4]>,
}

impl MapView {
    /// The saved map view, if the project has a readable one.
    pub fn from_view(view: &Map<String, Value>) -> Option<MapView> {
        let saved: MapView = serde_json::from_value(view.get(MAP_VIEW_KEY)?.clone()).ok()?;
        let sane = saved.bbox.is_none_or(|[w, s, e, n]| {
            [w, s, e, n].iter().all(|v| v.is_finite())
                && (-180.0..=180.0).contains(&w)
                && (-180.0..=180.0).contains(&e)
                && (-90.0..=90.0).contains(&s)
                && (-90.0..=90.0).contains(&n)
                && s < n
        });
        sane.then_some(saved)
    }

    /// A copy of `view` with this map view in it.
    pub fn written_to(&self, view: &Map<String, Value>) -> Map<String, Value> {
        let mut view = view.clone();
        if let Ok(value) = serde_json::to_value(self) {
            view.insert(MAP_VIEW_KEY.to_owned(), value);
        }
        view
    }
}

/// A GeoJSON file the user added as a layer: the project remembers it, so it comes back when
/// the project is opened, and adding, hiding and removing it are undoable like any change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserLayerEntry {
    /// As added; a relative path is read from the project file's folder.
    pub path: PathBuf,
    #[serde(default = "shown")]
    pub visible: bool,
    /// The property that names the features, as the user chose it; `None` guesses one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Groups of the layer (KML Folders, GeoPackage tables, files of a zip) the user switched
    /// off; their features are not drawn. Kept by name, so a group that is gone is harmless.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hidden_groups: Vec<String>,
}

fn shown() -> bool {
    true
}

impl UserLayerEntry {
    /// The file to read: a relative path is beside the project file (when it has one).
    pub fn resolved(&self, project_file: Option<&Path>) -> PathBuf {
        match project_file.and_then(Path::parent) {
            Some(folder) if self.path.is_relative() => folder.join(&self.path),
            _ => self.path.clone(),
        }
    }

    /// The user layers listed in a project's `view` member, in drawing order; entries that
    /// cannot be read are skipped rather than refusing the file.
    pub fn list_from_view(view: &Map<String, Value>) -> Vec<UserLayerEntry> {
        match view.get(USER_LAYERS_KEY) {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| serde_json::from_value(item.clone()).ok())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A copy of `view` listing these user layers.
    pub fn list_written_to(
        entries: &[UserLayerEntry],
        view: &Map<String, Value>,
    ) -> Map<String, Value> {
        let mut view = view.clone();
        if entries.is_empty() {
            view.remove(USER_LAYERS_KEY);
        } else if let Ok(value) = serde_json::to_value(entries) {
            view.insert(USER_LAYERS_KEY.to_owned(), value);
        }
        view
    }
}

/// Which layers of the map are drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BaseLayers {
    pub countries: bool,
    pub borders: bool,
    pub coastlines: bool,
    /// Country names.
    pub labels: bool,
    /// Cities of the gazetteer, more of them as the map zooms in.
    pub cities: bool,
    pub graticule: bool,
    /// The story's actors, relationships and events.
    pub story: bool,
    pub legend: bool,
    /// The user's notes, pins, arrows, paths and areas.
    pub annotations: bool,
}

impl Default for BaseLayers {
    fn default() -> BaseLayers {
        BaseLayers {
            countries: true,
            borders: true,
            coastlines: true,
            labels: true,
            cities: true,
            graticule: true,
            story: true,
            legend: true,
            annotations: true,
        }
    }
}

impl BaseLayers {
    /// The layer settings stored in a project's `view` member; defaults for what is missing or
    /// unreadable (a hand-edited file should not stop the map from showing).
    pub fn from_view(view: &Map<String, Value>) -> BaseLayers {
        view.get(LAYERS_KEY)
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .unwrap_or_default()
    }

    /// A copy of `view` with these layer settings in it, for an [`Edit::SetView`](super::Edit).
    pub fn written_to(&self, view: &Map<String, Value>) -> Map<String, Value> {
        let mut view = view.clone();
        if let Ok(value) = serde_json::to_value(self) {
            view.insert(LAYERS_KEY.to_owned(), value);
        }
        view
    }
}

/// Whose point of view the borders are drawn from. Only views that can be drawn honestly from
/// the bundled data (Natural Earth 4.0.0, which publishes no per-country views) are offered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BorderView {
    /// Natural Earth as published: its de facto lines, with disputed boundaries, lines of
    /// control and indefinite frontiers each drawn in their own style.
    #[default]
    NaturalEarth,
    /// Lines of control, disputed and indefinite lines drawn as plain borders: the lines where
    /// control changes hands, without marking which are contested.
    DeFacto,
}

impl BorderView {
    pub const ALL: [BorderView; 2] = [BorderView::NaturalEarth, BorderView::DeFacto];

    /// The menu's words.
    pub fn label(self) -> &'static str {
        match self {
            BorderView::NaturalEarth => "Natural Earth default",
            BorderView::DeFacto => "De facto (lines of control as borders)",
        }
    }

    /// What the picture's attribution says of its borders.
    pub fn attribution(self) -> &'static str {
        match self {
            BorderView::NaturalEarth => {
                "Borders: Natural Earth default view; disputed lines dashed"
            }
            BorderView::DeFacto => "Borders: de facto view; lines of control drawn as borders",
        }
    }

    /// The point of view stored in a project's `view` member; the default when it is missing
    /// (files saved before the setting existed) or unknown.
    pub fn from_view(view: &Map<String, Value>) -> BorderView {
        view.get(BORDER_VIEW_KEY)
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .unwrap_or_default()
    }

    /// A copy of `view` with this point of view in it, for an [`Edit::SetView`](super::Edit).
    pub fn written_to(self, view: &Map<String, Value>) -> Map<String, Value> {
        let mut view = view.clone();
        if let Ok(value) = serde_json::to_value(self) {
            view.insert(BORDER_VIEW_KEY.to_owned(), value);
        }
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn border_view_round_trips_and_old_or_odd_values_read_as_the_default() {
        let mut view = Map::new();
        view.insert("layers".into(), serde_json::json!({"graticule": false}));
        let written = BorderView::DeFacto.written_to(&view);
        assert_eq!(written[BORDER_VIEW_KEY], Value::from("de-facto"));
        assert_eq!(BorderView::from_view(&written), BorderView::DeFacto);
        assert!(
            !BaseLayers::from_view(&written).graticule,
            "other keys kept"
        );
        assert_eq!(BorderView::from_view(&view), BorderView::NaturalEarth);
        view.insert(BORDER_VIEW_KEY.into(), Value::from("martian"));
        assert_eq!(BorderView::from_view(&view), BorderView::NaturalEarth);
    }

    #[test]
    fn layer_settings_round_trip_through_the_view_and_keep_other_keys() {
        let mut view = Map::new();
        view.insert("camera".into(), Value::from("kept"));
        let layers = BaseLayers {
            graticule: false,
            annotations: false,
            ..BaseLayers::default()
        };
        let written = layers.written_to(&view);
        assert_eq!(BaseLayers::from_view(&written), layers);
        assert_eq!(written["camera"], Value::from("kept"));
    }

    #[test]
    fn user_layers_round_trip_and_bad_entries_are_skipped() {
        let entries = vec![
            UserLayerEntry {
                path: "/data/bases.geojson".into(),
                visible: false,
                label: Some("名称".into()),
                hidden_groups: vec!["Bases / North".into()],
            },
            UserLayerEntry {
                path: "routes.geojson".into(),
                visible: true,
                label: None,
                hidden_groups: Vec::new(),
            },
        ];
        let view = UserLayerEntry::list_written_to(&entries, &Map::new());
        assert_eq!(UserLayerEntry::list_from_view(&view), entries);
        let mut damaged = Map::new();
        damaged.insert(
            USER_LAYERS_KEY.into(),
            serde_json::json!([{"path": "a.geojson"}, 7, {"visible": true}]),
        );
        let read = UserLayerEntry::list_from_view(&damaged);
        assert_eq!(read.len(), 1);
        assert!(read[0].visible, "visible unless said otherwise");
        assert!(
            UserLayerEntry::list_written_to(&[], &view)
                .get(USER_LAYERS_KEY)
                .is_none()
        );
    }

    #[test]
    fn the_map_view_round_trips_and_nonsense_is_ignored() {
        let saved = MapView {
            projection: "natural-earth".into(),
            bbox: Some([50.0, 22.0, 82.0, 42.5]),
        };
        let view = saved.written_to(&Map::new());
        assert_eq!(MapView::from_view(&view), Some(saved));
        // A view of the Pacific across the antimeridian (west > east) round-trips too.
        let pacific = MapView {
            projection: "equal-earth".into(),
            bbox: Some([170.0, -20.0, -170.0, 20.0]),
        };
        let view = pacific.written_to(&Map::new());
        assert_eq!(MapView::from_view(&view), Some(pacific));
        let mut bad = Map::new();
        bad.insert(
            MAP_VIEW_KEY.into(),
            serde_json::json!({"projection": "equal-earth", "bbox": [10, 50, 20, 40]}),
        );
        assert_eq!(MapView::from_view(&bad), None, "south above north");
        assert_eq!(MapView::from_view(&Map::new()), None);
    }

    #[test]
    fn missing_or_damaged_settings_fall_back_to_showing_everything() {
        assert_eq!(BaseLayers::from_view(&Map::new()), BaseLayers::default());
        let mut view = Map::new();
        view.insert(LAYERS_KEY.into(), Value::from("nonsense"));
        assert_eq!(BaseLayers::from_view(&view), BaseLayers::default());
        view.insert(LAYERS_KEY.into(), serde_json::json!({"borders": false}));
        assert!(!BaseLayers::from_view(&view).borders);
        assert!(BaseLayers::from_view(&view).countries);
    }
}
