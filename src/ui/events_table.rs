//! The events table: a dataset's events that pass the filter (all, or those in view), every
//! column, sortable by any of them, with a text filter; virtual-scrolled, so a million rows
//! cost what the visible ones do. Clicking a row flies the map there and selects the event.

use std::sync::Arc;

use egui::Ui;

use crate::events::day;
use crate::events::table::{Column, EventTable, Role};
use crate::map::camera::LonLatBox;

use super::actions::{Action, Selection};
use super::datasets::LoadedDataset;
use super::panel::Read;
use super::table_view::{Grid, Sort, make_descending, retain_matching, show_grid};

/// What the table shows: a column of the source or one Faultline derives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TableColumn {
    Date,
    Longitude,
    Latitude,
    Line,
    /// `fields[i]` of the table.
    Field(usize),
}

/// The table's state: which dataset, the sort, the text filter and the rows in that order.
#[derive(Default)]
pub struct EventsTableState {
    dataset: Option<String>,
    sort: Sort<TableColumn>,
    text: String,
    in_view_only: bool,
    /// The rows shown and what they were computed for.
    rows: Option<(RowsKey, Arc<Vec<u32>>)>,
}

#[derive(Clone, PartialEq)]
struct RowsKey {
    dataset: String,
    shown: usize,
    sort: Option<(TableColumn, bool)>,
    text: String,
    area: Option<[f64; 4]>,
}

/// The width a column is given: wide for free text, narrow for numbers.
fn column_width(table: &EventTable, column: TableColumn) -> f32 {
    match column {
        TableColumn::Date => 92.0,
        TableColumn::Longitude | TableColumn::Latitude => 74.0,
        TableColumn::Line => 54.0,
        TableColumn::Field(i) => match table.fields.get(i) {
            Some(f) if matches!(f.column, Column::Number(_)) => 80.0,
            Some(f) if matches!(f.role, Some(Role::Notes | Role::Url)) => 320.0,
            Some(f) if matches!(f.column, Column::Text { .. }) => 200.0,
            _ => 140.0,
        },
    }
}

fn header(table: &EventTable, column: TableColumn) -> String {
    match column {
        TableColumn::Date => "date".into(),
        TableColumn::Longitude => "longitude".into(),
        TableColumn::Latitude => "latitude".into(),
        TableColumn::Line => "line".into(),
        TableColumn::Field(i) => table
            .fields
            .get(i)
            .map_or_else(String::new, |f| f.name.clone()),
    }
}

/// A cell's text.
pub fn cell(table: &EventTable, column: TableColumn, row: usize) -> String {
    match column {
        TableColumn::Date => {
            let (start, end) = (table.day_start[row], table.day_end[row]);
            if start == end {
                day::format(start)
            } else {
                format!("{}/{}", day::format(start), day::format(end))
            }
        }
        TableColumn::Longitude => format!("{:.4}", table.lon[row]),
        TableColumn::Latitude => format!("{:.4}", table.lat[row]),
        TableColumn::Line => table.line[row].to_string(),
        TableColumn::Field(i) => table
            .fields
            .get(i)
            .map_or_else(String::new, |f| f.column.text(row).into_owned()),
    }
}

/// Every column of a table, derived ones first.
pub fn columns(table: &EventTable) -> Vec<TableColumn> {
    [
        TableColumn::Date,
        TableColumn::Longitude,
        TableColumn::Latitude,
    ]
    .into_iter()
    .chain((0..table.fields.len()).map(TableColumn::Field))
    .chain(std::iter::once(TableColumn::Line))
    .collect()
}

/// One line per field: what a hover over an event shows.
pub fn event_summary(table: &EventTable, row: usize) -> String {
    let mut lines = vec![format!(
        "{}  ({:.3}, {:.3})",
        cell(table, TableColumn::Date, row),
        table.lat[row],
        table.lon[row]
    )];
    for (i, field) in table.fields.iter().enumerate() {
        let text = cell(table, TableColumn::Field(i), row);
        if text.is_empty() {
            continue;
        }
        let short: String = if text.chars().count() > 160 {
            text.chars().take(157).chain("…".chars()).collect()
        } else {
            text
        };
        lines.push(format!("{}: {short}", field.name));
    }
    lines.join("\n")
}

/// The rows in the order asked for: sorted stably by the column (dictionary columns by their
/// values' order, computed once per value, not per comparison).
pub fn sorted_rows(
    table: &EventTable,
    rows: &[u32],
    sort: Option<(TableColumn, bool)>,
) -> Vec<u32> {
    let mut out = rows.to_vec();
    let Some((column, ascending)) = sort else {
        return out;
    };
    match column {
        TableColumn::Date => {
            out.sort_by_key(|&r| (table.day_start[r as usize], table.day_end[r as usize]))
        }
        TableColumn::Longitude => {
            out.sort_by(|&a, &b| table.lon[a as usize].total_cmp(&table.lon[b as usize]))
        }
        TableColumn::Latitude => {
            out.sort_by(|&a, &b| table.lat[a as usize].total_cmp(&table.lat[b as usize]))
        }
        TableColumn::Line => out.sort_by_key(|&r| table.line[r as usize]),
        TableColumn::Field(i) => match table.fields.get(i).map(|f| &f.column) {
            Some(Column::Number(values)) => out.sort_by(|&a, &b| {
                // Missing numbers last, whatever the direction.
                let (x, y) = (values[a as usize], values[b as usize]);
                x.is_nan().cmp(&y.is_nan()).then(x.total_cmp(&y))
            }),
            Some(Column::Dict { codes, values }) => {
                let mut by_value: Vec<u32> = (0..values.len() as u32).collect();
                by_value.sort_by(|&a, &b| {
                    values[a as usize]
                        .to_lowercase()
                        .cmp(&values[b as usize].to_lowercase())
                });
                let mut rank = vec![u32::MAX; values.len()];
                for (position, &code) in by_value.iter().enumerate() {
                    rank[code as usize] = position as u32;
                }
                out.sort_by_key(|&r| {
                    rank.get(codes.get(r as usize).unwrap_or(u32::MAX) as usize)
                        .copied()
                        .unwrap_or(u32::MAX)
                });
            }
            Some(column @ Column::Text { .. }) => {
                out.sort_by_cached_key(|&r| column.text(r as usize).to_lowercase())
            }
            None => {}
        },
    }
    if !ascending {
        make_descending(&mut out, |r| is_missing(table, column, r as usize));
    }
    out
}

/// Whether a cell has no value (sorted last).
fn is_missing(table: &EventTable, column: TableColumn, row: usize) -> bool {
    match column {
        TableColumn::Field(i) => match table.fields.get(i).map(|f| &f.column) {
            Some(Column::Number(values)) => values.get(row).is_none_or(|v| v.is_nan()),
            Some(column @ Column::Dict { .. }) => column.code(row).is_none(),
            _ => false,
        },
        _ => false,
    }
}

impl EventsTableState {
    /// Forgets the old document's dataset.
    pub fn document_replaced(&mut self) {
        *self = EventsTableState::default();
    }

    /// The table's contents; `area` is the map's visible area for "in view only".
    pub fn show(&mut self, ui: &mut Ui, read: &Read<'_>, area: Option<[f64; 4]>) -> Vec<Action> {
        let mut actions = Vec::new();
        let datasets = read.document.datasets().all();
        if datasets.is_empty() {
            ui.label("No event datasets yet: File › Import events… brings in ACLED, UCDP, GDELT or any CSV.");
            return actions;
        }
        if self
            .dataset
            .as_ref()
            .is_none_or(|id| !datasets.iter().any(|d| &d.id == id))
        {
            self.dataset = datasets.first().map(|d| d.id.clone());
        }
        let Some(dataset) = datasets
            .iter()
            .find(|d| Some(&d.id) == self.dataset.as_ref())
        else {
            return actions;
        };
        let table = Arc::clone(&dataset.table);
        ui.horizontal(|ui| {
            if datasets.len() > 1 {
                egui::ComboBox::from_id_salt("events_table_dataset")
                    .selected_text(dataset.name.as_str())
                    .show_ui(ui, |ui| {
                        for d in datasets {
                            ui.selectable_value(
                                &mut self.dataset,
                                Some(d.id.clone()),
                                d.name.as_str(),
                            );
                        }
                    });
            } else {
                ui.strong(dataset.name.as_str());
            }
            ui.label("Find:");
            ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .desired_width(160.0)
                    .hint_text("text in any column"),
            );
            ui.checkbox(&mut self.in_view_only, "Only events in view");
        });
        let area = area.filter(|_| self.in_view_only);
        let rows = self.rows_for(dataset, area);
        let selected = read
            .view
            .selected_dataset_event()
            .filter(|(id, _)| *id == dataset.id)
            .map(|(_, r)| r);
        ui.horizontal(|ui| {
            ui.label(format!(
                "{} of {} events{}",
                rows.len(),
                table.len(),
                if area.is_some() { " in view" } else { "" }
            ));
            if ui
                .button("Export rows as CSV…")
                .on_hover_text("Writes these rows, in this order, with every column")
                .clicked()
            {
                actions.push(Action::ExportEventRows {
                    dataset: dataset.id.clone(),
                    rows: Arc::clone(&rows),
                });
            }
        });
        let columns = columns(&table);
        let widths: Vec<f32> = columns.iter().map(|&c| column_width(&table, c)).collect();
        let grid = Grid {
            id: "events_table",
            columns: &columns,
            widths: &widths,
            rows: &rows,
            selected,
        };
        let clicked = show_grid(
            ui,
            &grid,
            &mut self.sort,
            |c| header(&table, c),
            |c, row| cell(&table, c, row),
        );
        if let Some(row) = clicked {
            actions.push(Action::Select(Some(Selection::DatasetEvent {
                dataset: dataset.id.clone(),
                row,
            })));
            let (lon, lat) = (table.lon[row], table.lat[row]);
            if lon.is_finite() && lat.is_finite() {
                actions.push(Action::ShowArea(LonLatBox::around(lon, lat, 2.0, 1.5)));
            }
        }
        actions
    }

    /// The rows to list, recomputed only when what they depend on changed.
    fn rows_for(&mut self, dataset: &LoadedDataset, area: Option<[f64; 4]>) -> Arc<Vec<u32>> {
        let shown = dataset.shown_rows();
        let key = RowsKey {
            dataset: dataset.id.clone(),
            shown: Arc::as_ptr(shown) as usize,
            sort: self.sort,
            text: self.text.trim().to_lowercase(),
            area,
        };
        if let Some((k, rows)) = &self.rows
            && *k == key
        {
            return Arc::clone(rows);
        }
        let table = &dataset.table;
        let mut rows: Vec<u32> = shown.iter().copied().collect();
        if let Some([west, south, east, north]) = area {
            rows.retain(|&r| {
                let (lon, lat) = (table.lon[r as usize], table.lat[r as usize]);
                lon >= west && lon <= east && lat >= south && lat <= north
            });
        }
        retain_matching(&mut rows, &columns(table), &key.text, |c, r| {
            cell(table, c, r)
        });
        let rows = Arc::new(sorted_rows(table, &rows, self.sort));
        self.rows = Some((key, Arc::clone(&rows)));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::table::{DictBuilder, Field};

    fn table() -> EventTable {
        let mut actor = DictBuilder::default();
        for a in ["Taliban", "ISKP", "", "Civilians"] {
            actor.push(a);
        }
        EventTable {
            lon: vec![1.0, 2.0, 3.0, 4.0],
            lat: vec![0.0; 4],
            day_start: vec![30, 10, 20, 10],
            day_end: vec![30, 10, 20, 10],
            line: vec![2, 3, 4, 5],
            fields: vec![
                Field {
                    name: "actor1".into(),
                    role: Some(Role::Actor1),
                    column: actor.finish(),
                },
                Field {
                    name: "fatalities".into(),
                    role: Some(Role::Fatalities),
                    column: Column::Number(vec![3.0, f64::NAN, 10.0, 0.0]),
                },
            ],
        }
    }

    #[test]
    fn sorting_by_each_kind_of_column() {
        let t = table();
        let all = [0, 1, 2, 3];
        assert_eq!(
            sorted_rows(&t, &all, Some((TableColumn::Date, true))),
            vec![1, 3, 2, 0]
        );
        assert_eq!(
            sorted_rows(&t, &all, Some((TableColumn::Field(0), true))),
            vec![3, 1, 0, 2],
            "missing last"
        );
        assert_eq!(
            sorted_rows(&t, &all, Some((TableColumn::Field(0), false))),
            vec![0, 1, 3, 2],
            "missing last"
        );
        assert_eq!(
            sorted_rows(&t, &all, Some((TableColumn::Field(1), false))),
            vec![2, 0, 3, 1],
            "missing last"
        );
        assert_eq!(
            sorted_rows(&t, &all, Some((TableColumn::Field(1), true))),
            vec![3, 0, 2, 1],
            "missing last"
        );
        assert_eq!(sorted_rows(&t, &all, None), all.to_vec());
    }

    #[test]
    fn a_summary_lists_every_non_empty_field() {
        let t = table();
        let text = event_summary(&t, 0);
        assert!(
            text.contains("actor1: Taliban") && text.contains("fatalities: 3"),
            "{text}"
        );
        assert!(!event_summary(&t, 2).contains("actor1"));
    }
}
