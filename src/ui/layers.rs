//! The user's layers as the document lists them (path and visibility, in the project's `view`
//! member), read from their files and kept in step with that list after every change, undo
//! and redo.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::map::label_guess::guess_label_property;
use crate::map::layer_file::load_layer_file;
use crate::map::projection::CentredProjection;
use crate::map::user_layer::{LayerGeometry, ProjectedLayer};
use crate::map::vector_layer::VectorLayer;
use crate::model::Project;
use crate::model::date::DateRange;
use crate::model::settings::UserLayerEntry;
use crate::scene::compose::LayerInput;
use crate::scene::layer_filter::{FeatureSpan, feature_dates, feature_group, shown_features};
use crate::scene::{MapStyle, Rgba};

use super::message::Message;

/// A layer the user added, read from its file.
pub struct UserLayer {
    pub name: String,
    pub path: PathBuf,
    pub visible: bool,
    pub color: Rgba,
    pub data: VectorLayer,
    /// The property that names the features: the user's choice, else the guessed one.
    pub label_key: Option<String>,
    /// The property the label guess picked, offered first.
    pub guessed_label_key: Option<String>,
    /// The layer's groups (see [`VectorLayer::groups`]), found once on reading.
    pub groups: Vec<String>,
    /// Whether some features belong to no group (then even one group can be switched).
    pub has_ungrouped: bool,
    /// The groups switched off, as the document lists them.
    pub hidden_groups: Vec<String>,
    /// Each feature's dates, read once (see [`crate::scene::layer_filter`]).
    dates: Vec<Option<FeatureSpan>>,
    /// Which features are drawn (`None`: all), from the hidden groups and the time window…
    shown: Option<Arc<Vec<bool>>>,
    /// …these ones (`None`: not worked out yet).
    shown_for: Option<(Vec<String>, Option<DateRange>)>,
    geometry: LayerGeometry,
    /// The geometry in the projections it was last drawn in (the map's, and the one it is
    /// about to be re-centred on), most recent last.
    projected: Vec<(CentredProjection, ProjectedLayer)>,
}

impl UserLayer {
    fn read(path: PathBuf) -> Result<UserLayer, String> {
        let data = load_layer_file(&path).map_err(|error| error.to_string())?;
        let guessed = guess_label_property(&data);
        let has_ungrouped = data.features.iter().any(|f| feature_group(f).is_none());
        Ok(UserLayer {
            groups: data.groups(),
            has_ungrouped,
            hidden_groups: Vec::new(),
            dates: feature_dates(&data),
            shown: None,
            shown_for: None,
            name: data.name.clone(),
            geometry: LayerGeometry::labelled(&data, guessed.as_deref()),
            label_key: guessed.clone(),
            guessed_label_key: guessed,
            path,
            visible: true,
            color: Rgba::rgb(0, 0, 0),
            data,
            projected: Vec::new(),
        })
    }
}

impl UserLayer {
    /// Works out which features are drawn, when the hidden groups or the window changed.
    /// Returns whether it did.
    fn refilter(&mut self, window: Option<&DateRange>) -> bool {
        // Only dated layers depend on the window.
        let window = window.filter(|_| self.dates.iter().any(Option::is_some));
        let wanted = (self.hidden_groups.clone(), window.copied());
        if self.shown_for.as_ref() == Some(&wanted) {
            return false;
        }
        self.shown = shown_features(&self.data, &self.hidden_groups, &self.dates, window);
        self.shown_for = Some(wanted);
        true
    }

    /// The feature drawn at projected point `p` (within `tolerance` projected units of a
    /// point or line), when the layer is shown in `projection`.
    pub fn feature_at(
        &self,
        projection: CentredProjection,
        p: [f64; 2],
        tolerance: f64,
    ) -> Option<usize> {
        self.projected_in(projection)
            .filter(|_| self.visible)
            .and_then(|geometry| geometry.feature_at(p, tolerance, self.shown_features()))
    }

    fn projected_in(&self, projection: CentredProjection) -> Option<&ProjectedLayer> {
        self.projected
            .iter()
            .find(|(p, _)| *p == projection)
            .map(|(_, geometry)| geometry)
    }

    /// Which features are drawn, one flag each; `None` when all are.
    pub fn shown_features(&self) -> Option<&[bool]> {
        self.shown.as_deref().map(Vec::as_slice)
    }

    /// The groups a reader can switch: none when every feature is in one group (switching
    /// it would be switching the layer).
    pub fn switchable_groups(&self) -> &[String] {
        if self.groups.len() > 1 || self.has_ungrouped {
            &self.groups
        } else {
            &[]
        }
    }

    /// A feature's name as the layer labels it (the chosen property, else id or number).
    pub fn feature_name(&self, feature: usize) -> String {
        self.data
            .features
            .get(feature)
            .map_or_else(String::new, |f| {
                crate::map::label_guess::feature_label(f, self.label_key.as_deref(), feature)
            })
    }
}

/// The loaded layers, in the document's order.
#[derive(Default)]
pub struct LayerSet {
    loaded: Vec<UserLayer>,
    /// Layers read but not listed now (removed, or added then undone), kept so an undo or
    /// redo brings them back without reading the file again.
    cache: Vec<UserLayer>,
    /// Listed layers whose files could not be read, so the message is given once.
    unreadable: Vec<PathBuf>,
    /// Bumped whenever the layers change, so drawings know to refresh.
    version: u64,
    /// The story's time window (the timeline's period), which dated features must meet.
    window: Option<DateRange>,
}

impl LayerSet {
    pub fn all(&self) -> &[UserLayer] {
        &self.loaded
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Forgets what could not be read (a new document may list the same file again).
    pub fn forget_unreadable(&mut self) {
        self.unreadable.clear();
    }

    /// Reads a layer before it is listed, so a file that cannot be read is refused before the
    /// document changes; it is then found here when the list names it.
    pub fn read_new(&mut self, path: PathBuf) -> Result<&UserLayer, String> {
        let layer = UserLayer::read(path)?;
        self.cache.push(layer);
        self.cache
            .last()
            .ok_or_else(|| "the layer was lost".to_owned())
    }

    /// Makes the loaded layers match the document's list: reads what is new (or comes back with
    /// an undo), keeps what was removed in case it comes back, and applies visibility, order
    /// and colours. Returns what could not be read, said once per file.
    pub fn sync(
        &mut self,
        project: &Project,
        project_path: Option<&Path>,
        style: &MapStyle,
    ) -> Vec<Message> {
        let mut messages = Vec::new();
        let mut pool = std::mem::take(&mut self.loaded);
        pool.append(&mut self.cache);
        for (index, entry) in UserLayerEntry::list_from_view(&project.view)
            .iter()
            .enumerate()
        {
            let path = entry.resolved(project_path);
            let layer = match pool.iter().position(|l| l.path == path) {
                Some(position) => Some(pool.remove(position)),
                None if self.unreadable.contains(&path) => None,
                None => match UserLayer::read(path.clone()) {
                    Ok(layer) => Some(layer),
                    Err(error) => {
                        // The entry stays in the project, so saving loses nothing.
                        messages.push(Message::error(format!(
                            "A layer of this project could not be read: {error}"
                        )));
                        self.unreadable.push(path);
                        None
                    }
                },
            };
            if let Some(mut layer) = layer {
                layer.visible = entry.visible;
                let key = entry
                    .label
                    .clone()
                    .or_else(|| layer.guessed_label_key.clone());
                if key != layer.label_key {
                    layer.geometry.relabel(&layer.data, key.as_deref());
                    // Projected again on the next draw, with the new labels.
                    layer.projected.clear();
                    layer.label_key = key;
                }
                layer.hidden_groups.clone_from(&entry.hidden_groups);
                layer.refilter(self.window.as_ref());
                layer.color = style.layer_color(index);
                self.loaded.push(layer);
            }
        }
        self.cache = pool;
        self.version += 1;
        messages
    }

    /// Follows the story's time window: features dated outside it are not drawn. Cheap when
    /// it has not changed (called every frame).
    pub fn set_time_window(&mut self, window: Option<&DateRange>) {
        if self.window.as_ref() == window {
            return;
        }
        self.window = window.copied();
        let mut changed = false;
        for layer in &mut self.loaded {
            changed |= layer.refilter(window);
        }
        if changed {
            self.version += 1;
        }
    }

    /// Projects the visible layers for each of `projections` (once per projection), keeping
    /// those two at most.
    pub fn prepare(&mut self, projections: &[CentredProjection]) {
        for layer in self.loaded.iter_mut().filter(|l| l.visible) {
            for &projection in projections {
                match layer.projected.iter().position(|(p, _)| *p == projection) {
                    Some(found) => {
                        let entry = layer.projected.remove(found);
                        layer.projected.push(entry);
                    }
                    None => layer
                        .projected
                        .push((projection, layer.geometry.project(projection))),
                }
            }
            let extra = layer.projected.len().saturating_sub(2);
            layer.projected.drain(..extra);
        }
    }

    /// Whether every visible layer is ready in `projection` (see [`LayerSet::prepare`]).
    pub fn is_prepared(&self, projection: CentredProjection) -> bool {
        self.loaded
            .iter()
            .filter(|layer| layer.visible)
            .all(|layer| layer.projected_in(projection).is_some())
    }

    /// The visible layers as a scene draws them, in `projection` (see [`LayerSet::prepare`]).
    pub fn inputs(&self, projection: CentredProjection) -> Vec<LayerInput<'_>> {
        self.loaded
            .iter()
            .filter(|layer| layer.visible)
            .filter_map(|layer| {
                layer.projected_in(projection).map(|geometry| LayerInput {
                    geometry,
                    color: layer.color,
                    name: &layer.name,
                    shown: layer.shown_features(),
                })
            })
            .collect()
    }
}
