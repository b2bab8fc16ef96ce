//! The user's GeoJSON layers as part of the document: the project lists them (path and
//! visibility), and the loaded layers follow that list after every change, undo and redo.

use std::path::{Path, PathBuf};

use crate::map::user_layer::LayerGeometry;
use crate::map::vector_layer::{VectorLayer, load_geojson_file};
use crate::model::Edit;
use crate::model::settings::UserLayerEntry;

use super::actions::Action;
use super::app::{FaultlineApp, Message, UserLayer};

impl FaultlineApp {
    /// The layers listed in the document.
    fn layer_entries(&self) -> Vec<UserLayerEntry> {
        UserLayerEntry::list_from_view(&self.project.view)
    }

    /// Lists a new layer in the document, as one undoable step, after reading the file (a file
    /// that cannot be read is refused with a message and nothing changes).
    pub(super) fn add_layer(&mut self, path: PathBuf) {
        let mut entries = self.layer_entries();
        if entries
            .iter()
            .any(|e| self.resolve_layer_path(&e.path) == path)
        {
            self.messages.push(Message {
                text: format!("{} is already a layer.", path.display()),
                is_error: false,
            });
            return;
        }
        let data = match load_geojson_file(&path) {
            Ok(data) => data,
            Err(error) => {
                self.messages.push(Message {
                    text: format!("Could not add the layer: {error}"),
                    is_error: true,
                });
                return;
            }
        };
        let name = data.name.clone();
        let bbox = data.bbox;
        if data.features.is_empty() {
            self.messages.push(Message {
                text: format!("Layer “{name}” has no features to draw."),
                is_error: false,
            });
        }
        self.layer_cache.push(new_layer(path.clone(), data));
        entries.push(UserLayerEntry {
            path,
            visible: true,
        });
        let view = UserLayerEntry::list_written_to(&entries, &self.project.view);
        self.apply(Action::edit(
            Edit::SetView(view),
            format!("Add layer “{name}”"),
        ));
        if let Some(bbox) = bbox.filter(|_| self.layers.iter().any(|l| l.name == name)) {
            self.fly_to_bbox(bbox);
        }
    }

    /// Shows or hides a layer, as one undoable step.
    pub(super) fn set_layer_visible(&mut self, index: usize, visible: bool) {
        let mut entries = self.layer_entries();
        let (Some(entry), Some(layer)) = (entries.get_mut(index), self.layers.get(index)) else {
            return;
        };
        entry.visible = visible;
        let verb = if visible { "Show" } else { "Hide" };
        let label = format!("{verb} layer “{}”", layer.name);
        let view = UserLayerEntry::list_written_to(&entries, &self.project.view);
        self.apply(Action::edit(Edit::SetView(view), label));
    }

    /// Takes a layer off the document, as one undoable step.
    pub(super) fn remove_layer(&mut self, index: usize) {
        let mut entries = self.layer_entries();
        if index >= entries.len() {
            return;
        }
        entries.remove(index);
        let name = self
            .layers
            .get(index)
            .map_or_else(String::new, |l| l.name.clone());
        let view = UserLayerEntry::list_written_to(&entries, &self.project.view);
        self.apply(Action::edit(
            Edit::SetView(view),
            format!("Remove layer “{name}”"),
        ));
    }

    /// Makes the loaded layers match the document's list: loads what is new (or comes back
    /// with an undo), keeps what was removed in memory in case it comes back, and applies
    /// visibility and order.
    pub(super) fn sync_user_layers(&mut self) {
        let entries = self.layer_entries();
        let mut loaded = std::mem::take(&mut self.layers);
        loaded.append(&mut self.layer_cache);
        for (index, entry) in entries.iter().enumerate() {
            let path = self.resolve_layer_path(&entry.path);
            let layer = match loaded.iter().position(|l| l.path.as_deref() == Some(&path)) {
                Some(position) => Some(loaded.remove(position)),
                None if self.unreadable_layers.contains(&path) => None,
                None => match load_geojson_file(&path) {
                    Ok(data) => Some(new_layer(path, data)),
                    Err(error) => {
                        // Said once; the entry stays in the project so saving loses nothing.
                        self.messages.push(Message {
                            text: format!("A layer of this project could not be read: {error}"),
                            is_error: true,
                        });
                        self.unreadable_layers.push(path);
                        None
                    }
                },
            };
            if let Some(mut layer) = layer {
                layer.visible = entry.visible;
                layer.color = self.style.layer_color(index);
                self.layers.push(layer);
            }
        }
        self.layer_cache = loaded;
        self.layers_version += 1;
    }

    /// A listed path as a file to read: relative ones are beside the project file.
    fn resolve_layer_path(&self, path: &Path) -> PathBuf {
        match self.document_path().and_then(Path::parent) {
            Some(folder) if path.is_relative() => folder.join(path),
            _ => path.to_path_buf(),
        }
    }
}

fn new_layer(path: PathBuf, data: VectorLayer) -> UserLayer {
    let geometry = LayerGeometry::from_layer(&data);
    UserLayer {
        name: data.name.clone(),
        path: Some(path),
        visible: true,
        color: crate::scene::Rgba::rgb(0, 0, 0),
        data,
        geometry,
        projected: None,
    }
}
