//! The attribute table of a user layer: its features, one row each, with every property as a
//! column (as GIS desktop tools show them), sortable by any column — numbers as numbers,
//! whether the file typed them or wrote them as text — with a text filter. Virtual-scrolled
//! like the Events table, whose header and rows it shares (`table_view`). Clicking a row
//! selects the feature and frames it on the map.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;

use super::actions::{Action, Selection};
use super::layers::UserLayer;
use super::panel::Read;
use super::table_view::{Grid, Sort, make_descending, retain_matching, show_grid};
use crate::map::vector_layer::VectorLayer;

/// A column of the table: the feature's number in the file, or one of its properties (by
/// position in the layer's property keys).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerColumn {
    Number,
    Property(usize),
}

/// Which layer's table is open (by its file, so it follows the layer when others are removed
/// before it), how it is sorted and filtered, and what was derived for that.
#[derive(Default)]
pub struct LayerTable {
    layer: Option<PathBuf>,
    sort: Sort<LayerColumn>,
    text: String,
    /// Only the features drawn now (not in a hidden group, not dated outside the period).
    drawn_only: bool,
    /// The property keys and column widths of the layer, for the layers' version.
    columns: Option<(ColumnsKey, Arc<Columns>)>,
    /// The rows shown, for the layers' version, the sort and the filter.
    rows: Option<(RowsKey, Arc<Vec<u32>>)>,
}

#[derive(Clone, PartialEq)]
struct ColumnsKey {
    layer: PathBuf,
    version: u64,
}

#[derive(Clone, PartialEq)]
struct RowsKey {
    columns: ColumnsKey,
    sort: Sort<LayerColumn>,
    text: String,
    drawn_only: bool,
}

/// A layer's columns, derived once.
struct Columns {
    keys: Vec<String>,
    columns: Vec<LayerColumn>,
    widths: Vec<f32>,
}

impl Columns {
    fn of(layer: &VectorLayer) -> Columns {
        let keys = crate::map::label_guess::property_keys(layer);
        let columns: Vec<LayerColumn> = std::iter::once(LayerColumn::Number)
            .chain((0..keys.len()).map(LayerColumn::Property))
            .collect();
        let widths = columns
            .iter()
            .map(|&column| {
                // Wide enough for the header and the longer of the first values, within reason.
                let longest = layer
                    .features
                    .iter()
                    .take(200)
                    .enumerate()
                    .map(|(i, _)| cell_in(layer, &keys, column, i).chars().count())
                    .chain(std::iter::once(
                        header_in(&keys, column).chars().count() + 2,
                    ))
                    .max()
                    .unwrap_or(4);
                (longest as f32 * 7.0 + 12.0).clamp(44.0, 320.0)
            })
            .collect();
        Columns {
            keys,
            columns,
            widths,
        }
    }
}

fn header_in(keys: &[String], column: LayerColumn) -> String {
    match column {
        LayerColumn::Number => "#".to_owned(),
        LayerColumn::Property(i) => keys.get(i).cloned().unwrap_or_default(),
    }
}

/// A cell's text: strings as written (on one line), other values in their JSON spelling,
/// nothing for a null or a property the feature lacks.
fn cell_in(layer: &VectorLayer, keys: &[String], column: LayerColumn, row: usize) -> String {
    match column {
        LayerColumn::Number => (row + 1).to_string(),
        LayerColumn::Property(i) => {
            let value = keys
                .get(i)
                .and_then(|key| layer.features.get(row)?.properties.get(key));
            match value {
                None | Some(Value::Null) => String::new(),
                Some(Value::String(text)) => text.replace(['\n', '\r'], " "),
                Some(other) => other.to_string(),
            }
        }
    }
}

/// How a cell sorts: numbers (JSON numbers, and text that reads as one, as KML and CSV-born
/// files write them) by value before text (case-blind), blanks last.
#[derive(Debug, PartialEq)]
enum SortKey {
    Number(f64),
    Text(String),
    Missing,
}

fn sort_key(value: Option<&Value>) -> SortKey {
    match value {
        None | Some(Value::Null) => SortKey::Missing,
        Some(Value::Number(n)) => n.as_f64().map_or(SortKey::Missing, SortKey::Number),
        Some(Value::String(text)) => {
            let text = text.trim();
            if text.is_empty() {
                SortKey::Missing
            } else {
                match text.parse::<f64>() {
                    Ok(n) if n.is_finite() => SortKey::Number(n),
                    _ => SortKey::Text(text.to_lowercase()),
                }
            }
        }
        Some(other) => SortKey::Text(other.to_string().to_lowercase()),
    }
}

fn compare(a: &SortKey, b: &SortKey) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (SortKey::Number(x), SortKey::Number(y)) => x.total_cmp(y),
        (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
        (SortKey::Number(_), _) | (SortKey::Text(_), SortKey::Missing) => Ordering::Less,
        (SortKey::Missing, SortKey::Missing) => Ordering::Equal,
        _ => Ordering::Greater,
    }
}

/// The features in the order asked for: sorted stably by the column's values (each read
/// once), blanks last in either direction.
pub fn sorted_features(
    layer: &VectorLayer,
    keys: &[String],
    rows: &[u32],
    sort: Sort<LayerColumn>,
) -> Vec<u32> {
    let mut out = rows.to_vec();
    let Some((column, ascending)) = sort else {
        return out;
    };
    let LayerColumn::Property(i) = column else {
        if !ascending {
            out.reverse();
        }
        return out;
    };
    let Some(key) = keys.get(i) else {
        return out;
    };
    let sort_keys: Vec<SortKey> = layer
        .features
        .iter()
        .map(|f| sort_key(f.properties.get(key)))
        .collect();
    let key_of = |r: u32| sort_keys.get(r as usize).unwrap_or(&SortKey::Missing);
    out.sort_by(|&a, &b| compare(key_of(a), key_of(b)));
    if !ascending {
        make_descending(&mut out, |r| *key_of(r) == SortKey::Missing);
    }
    out
}

impl LayerTable {
    /// Opens the table of `layer` (a file of the document's layers).
    pub fn open(&mut self, layer: PathBuf) {
        if self.layer.as_ref() != Some(&layer) {
            *self = LayerTable {
                layer: Some(layer),
                ..LayerTable::default()
            };
        }
    }

    /// Closes the table (a new document has other layers).
    pub fn document_replaced(&mut self) {
        *self = LayerTable::default();
    }

    /// The table's window, while one is open and its layer still listed.
    pub fn show(&mut self, ctx: &egui::Context, read: &Read<'_>) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(path) = self.layer.clone() else {
            return actions;
        };
        let layers = read.document.layers();
        let Some(index) = layers.iter().position(|l| l.path == path) else {
            // Removed (or undone away): the table goes with it.
            self.layer = None;
            return actions;
        };
        let layer = &layers[index];
        let mut open = true;
        let shown = ctx.content_rect();
        egui::Window::new(format!("{}: attribute table", layer.name))
            .id(egui::Id::unique("faultline_layer_table"))
            .open(&mut open)
            .resizable(true)
            .collapsible(true)
            .default_size([760.0, 300.0])
            .default_pos(shown.left_bottom() + egui::vec2(240.0, -360.0))
            .show(ctx, |ui| {
                actions.extend(self.contents(ui, read, index, layer));
            });
        if !open {
            self.layer = None;
        }
        actions
    }

    fn contents(
        &mut self,
        ui: &mut egui::Ui,
        read: &Read<'_>,
        index: usize,
        layer: &UserLayer,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let columns_key = ColumnsKey {
            layer: layer.path.clone(),
            version: read.document.layers_version(),
        };
        let columns = match &self.columns {
            Some((key, columns)) if *key == columns_key => Arc::clone(columns),
            _ => {
                let columns = Arc::new(Columns::of(&layer.data));
                self.columns = Some((columns_key.clone(), Arc::clone(&columns)));
                columns
            }
        };
        ui.horizontal(|ui| {
            let label = ui.label("Find:");
            ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .desired_width(180.0)
                    .hint_text("text in any column"),
            )
            .labelled_by(label.id);
            ui.checkbox(&mut self.drawn_only, "Only features drawn")
                .on_hover_text("Leave out the hidden groups and what the timeline's period hides");
        });
        let rows = self.rows_for(layer, &columns, columns_key);
        ui.label(format!(
            "{} of {} features",
            rows.len(),
            layer.data.features.len()
        ));
        let selected = read
            .view
            .selected_layer_feature()
            .filter(|(l, _)| *l == index)
            .map(|(_, f)| f);
        let grid = Grid {
            id: "layer_table",
            columns: &columns.columns,
            widths: &columns.widths,
            rows: &rows,
            selected,
        };
        let data = &layer.data;
        let clicked = show_grid(
            ui,
            &grid,
            &mut self.sort,
            |c| header_in(&columns.keys, c),
            |c, row| cell_in(data, &columns.keys, c, row),
        );
        if let Some(feature) = clicked {
            actions.push(Action::Select(Some(Selection::LayerFeature {
                layer: index,
                feature,
            })));
            actions.push(Action::FitSelection);
        }
        actions
    }

    /// The rows to list, recomputed only when the layer, the sort or the filter changed.
    fn rows_for(
        &mut self,
        user_layer: &UserLayer,
        columns: &Columns,
        columns_key: ColumnsKey,
    ) -> Arc<Vec<u32>> {
        // The layers' version (in the columns' key) changes with what is drawn, too.
        let key = RowsKey {
            columns: columns_key,
            sort: self.sort,
            text: self.text.trim().to_lowercase(),
            drawn_only: self.drawn_only,
        };
        if let Some((k, rows)) = &self.rows
            && *k == key
        {
            return Arc::clone(rows);
        }
        let layer = &user_layer.data;
        let mut rows: Vec<u32> = (0..layer.features.len() as u32).collect();
        if key.drawn_only {
            let shown = user_layer.shown_features();
            rows.retain(|&r| crate::scene::layer_filter::is_shown(shown, r as usize));
        }
        retain_matching(&mut rows, &columns.columns, &key.text, |c, r| {
            cell_in(layer, &columns.keys, c, r)
        });
        let rows = Arc::new(sorted_features(layer, &columns.keys, &rows, self.sort));
        self.rows = Some((key, Arc::clone(&rows)));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::vector_layer::parse_geojson;

    fn layer() -> VectorLayer {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"name":"Bamiyan","pop":"9"},"geometry":{"type":"Point","coordinates":[67.8,34.8]}},
          {"type":"Feature","properties":{"name":"kabul","pop":4400000},"geometry":{"type":"Point","coordinates":[69.2,34.5]}},
          {"type":"Feature","properties":{"name":"Herat","pop":""},"geometry":{"type":"Point","coordinates":[62.2,34.3]}},
          {"type":"Feature","properties":{"name":"Ghazni","pop":"10"},"geometry":{"type":"Point","coordinates":[68.4,33.5]}}
        ]}"#;
        parse_geojson(text.as_bytes(), "towns").expect("parses")
    }

    #[test]
    fn numbers_sort_as_numbers_and_blanks_stay_last() {
        let data = layer();
        let keys = crate::map::label_guess::property_keys(&data);
        let pop = LayerColumn::Property(keys.iter().position(|k| k == "pop").expect("pop"));
        let name = LayerColumn::Property(keys.iter().position(|k| k == "name").expect("name"));
        let all = [0, 1, 2, 3];
        assert_eq!(
            sorted_features(&data, &keys, &all, Some((pop, true))),
            vec![0, 3, 1, 2],
            "9 before 10 before 4400000, the blank last"
        );
        assert_eq!(
            sorted_features(&data, &keys, &all, Some((pop, false))),
            vec![1, 3, 0, 2]
        );
        assert_eq!(
            sorted_features(&data, &keys, &all, Some((name, true))),
            vec![0, 3, 2, 1],
            "case-blind"
        );
        assert_eq!(
            sorted_features(&data, &keys, &all, Some((LayerColumn::Number, false))),
            vec![3, 2, 1, 0]
        );
    }

    #[test]
    fn cells_read_as_the_file_wrote_them() {
        let data = layer();
        let keys = crate::map::label_guess::property_keys(&data);
        let pop = LayerColumn::Property(keys.iter().position(|k| k == "pop").expect("pop"));
        assert_eq!(cell_in(&data, &keys, pop, 1), "4400000");
        assert_eq!(cell_in(&data, &keys, pop, 0), "9");
        assert_eq!(cell_in(&data, &keys, LayerColumn::Number, 0), "1");
    }
}
