//! The event datasets in the side panels: the list with visibility and drawing mode, the
//! dataset filter (category, actor, country, fatalities, text, "inside the selection") and
//! the Inspector's view of one event with every field.

use egui::{RichText, Ui};

use std::sync::Arc;

use crate::events::area::AreaShape;
use crate::events::filter::{AreaSource, EventFilter, InsideArea};
use crate::events::link::ChoroplethAreas;
use crate::events::table::{Column, EventTable, Role};
use crate::map::basemap::Detail;
use crate::model::{Annotation, AnnotationGeometry, Edit};
use crate::scene::events::{DatasetMode, category_color};

use super::actions::Action;
use super::events_table::{TableColumn, cell};
use super::panel::Read;

/// How many categories the filter lists as check boxes (the most frequent ones).
const LISTED_CATEGORIES: usize = 24;

/// The datasets' part of the Layers panel; `annotation` is the selected annotation, whose
/// area can be the filter's.
pub fn datasets_section(
    ui: &mut Ui,
    read: &Read<'_>,
    annotation: Option<&Annotation>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let datasets = read.document.datasets();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Event datasets").strong());
        if ui
            .small_button("+ Import…")
            .on_hover_text("Import ACLED, UCDP GED, GDELT or any CSV of events")
            .clicked()
        {
            actions.push(Action::ImportEvents);
        }
    });
    if datasets.all().is_empty() {
        ui.label(
            RichText::new("None yet. Import a table of events, or drop one on the map.").weak(),
        );
        return actions;
    }
    for dataset in datasets.all() {
        let mut visible = dataset.visible;
        let details = format!(
            "{} of {} events pass the filter{}",
            dataset.index().shown(),
            dataset.table.len(),
            match dataset.index().unplaced() {
                0 => String::new(),
                n => format!("; {n} without a position are not drawn"),
            }
        );
        ui.horizontal(|ui| {
            if ui
                .checkbox(&mut visible, &dataset.name)
                .on_hover_text(&details)
                .changed()
            {
                actions.push(Action::SetDatasetVisible {
                    dataset: dataset.id.clone(),
                    visible,
                });
            }
            ui.label(
                RichText::new(format!("{}", dataset.index().shown()))
                    .weak()
                    .small(),
            );
        });
        if let Some(action) = choropleth_toggle(ui, read, &dataset.id) {
            actions.push(action);
        }
    }
    let mut mode = datasets.mode();
    ui.horizontal(|ui| {
        ui.label("Draw as");
        ui.selectable_value(&mut mode, DatasetMode::Clusters, "Clusters")
            .on_hover_text("Markers by category, counted where they crowd");
        ui.selectable_value(&mut mode, DatasetMode::Density, "Density")
            .on_hover_text("A heat grid: darker where more events");
    });
    if mode != datasets.mode() {
        actions.push(Action::SetDatasetMode(mode));
    }
    let filter = read.view.event_filter();
    egui::CollapsingHeader::new("Event filters")
        .default_open(filter.is_active())
        .show(ui, |ui| {
            if let Some(changed) = filter_controls(ui, read, filter, annotation) {
                actions.push(Action::SetEventFilter(changed));
            }
        });
    actions
}

/// "Shade countries by count" for one dataset, and whether by country or by first-level area
/// (offered when the dataset names such areas): saved with the project (so pictures and
/// `faultline render` shade them too), one undoable step each.
fn choropleth_toggle(ui: &mut Ui, read: &Read<'_>, id: &str) -> Option<Action> {
    let links = &read.document.project().datasets;
    let index = links.iter().position(|link| link.id == id)?;
    let link = &links[index];
    let names_areas = read
        .document
        .datasets()
        .get(id)
        .is_some_and(|d| d.table.field(Role::Admin1).is_some());
    let mut on = link.choropleth;
    let mut areas = link.choropleth_areas;
    ui.indent(("choropleth", id), |ui| {
        ui.checkbox(&mut on, "Shade countries by count")
            .on_hover_text(
                "Colours each country (or first-level area) by how many of this dataset's \
             filtered events are in it (five classes; the legend gives their ranges)",
            );
        if link.choropleth && (names_areas || areas == ChoroplethAreas::Admin1) {
            ui.horizontal(|ui| {
                ui.label("per");
                ui.selectable_value(&mut areas, ChoroplethAreas::Countries, "Country")
                    .on_hover_text("One colour per country");
                ui.selectable_value(&mut areas, ChoroplethAreas::Admin1, "First-level area")
                    .on_hover_text(
                        "One colour per state, province or governorate, as the dataset's \
                         admin-1 column names it (Natural Earth's areas)",
                    );
            });
        }
    });
    if on == link.choropleth && areas == link.choropleth_areas {
        return None;
    }
    let mut toggled = link.clone();
    toggled.choropleth = on;
    toggled.choropleth_areas = areas;
    let label = if on != link.choropleth {
        if on {
            format!("Shade countries by {}", link.name)
        } else {
            format!("Stop shading countries by {}", link.name)
        }
    } else {
        format!("Shade {} per {}", link.name, areas.label())
    };
    Some(Action::Edit {
        edit: Edit::Batch(vec![
            Edit::RemoveDataset(id.to_owned()),
            Edit::AddDataset {
                index,
                link: toggled,
            },
        ]),
        label,
    })
}

/// The filter's controls; the changed filter, if the user changed it.
fn filter_controls(
    ui: &mut Ui,
    read: &Read<'_>,
    filter: &EventFilter,
    annotation: Option<&Annotation>,
) -> Option<EventFilter> {
    let mut changed = filter.clone();
    follow_annotation(read, &mut changed);
    let datasets = read.document.datasets().all();
    let categories = frequent_values(datasets.iter().map(|d| d.table.as_ref()), Role::Category);
    if !categories.is_empty() {
        ui.label(RichText::new("Category").small());
        for (code, name, count) in &categories {
            let mut on = changed
                .categories
                .iter()
                .any(|c| c.eq_ignore_ascii_case(name));
            let text = RichText::new(format!("{name} ({count})"))
                .color(super::painter::color32(category_color(Some(*code))));
            if ui.checkbox(&mut on, text).changed() {
                if on {
                    changed.categories.push(name.clone());
                } else {
                    changed.categories.retain(|c| !c.eq_ignore_ascii_case(name));
                }
            }
        }
    }
    egui::Grid::new("event_filter_grid")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Actor");
            ui.add(
                egui::TextEdit::singleline(&mut changed.actor)
                    .hint_text("part of a name")
                    .desired_width(130.0),
            );
            ui.end_row();
            ui.label("Text");
            ui.add(
                egui::TextEdit::singleline(&mut changed.text)
                    .hint_text("in any column")
                    .desired_width(130.0),
            );
            ui.end_row();
            ui.label("Country");
            let mut country = changed.countries.first().cloned().unwrap_or_default();
            if ui
                .add(
                    egui::TextEdit::singleline(&mut country)
                        .hint_text("as the data names it")
                        .desired_width(130.0),
                )
                .changed()
            {
                changed.countries = if country.trim().is_empty() {
                    Vec::new()
                } else {
                    vec![country.trim().to_owned()]
                };
            }
            ui.end_row();
            ui.label("Fatalities ≥");
            let mut minimum = changed.min_fatalities.unwrap_or(0.0);
            if ui
                .add(
                    egui::DragValue::new(&mut minimum)
                        .range(0.0..=1e6)
                        .speed(1.0),
                )
                .changed()
            {
                changed.min_fatalities = (minimum > 0.0).then_some(minimum);
            }
            ui.end_row();
        });
    ui.horizontal(|ui| {
        let mut inside = changed.area.is_some();
        let label = match &changed.area {
            Some(area) => format!("Only inside {}", area.label),
            None => "Only inside the selection".to_owned(),
        };
        let selected = (!inside).then(|| selected_area(read, annotation)).flatten();
        let checkbox = ui.add_enabled(
            selected.is_some() || inside,
            egui::Checkbox::new(&mut inside, label),
        );
        let checkbox = checkbox.on_hover_text(
            "Select a country or an area annotation first: the events within its outline are \
             kept, on the map, in the table, the counts and the timeline",
        );
        if checkbox.changed() {
            changed.area = if inside { selected } else { None };
        }
    });
    if filter.is_active() && ui.button("Clear event filters").clicked() {
        changed = EventFilter::default();
    }
    (changed != *filter).then_some(changed)
}

/// The area "events inside" would use now: the selected area annotation, else the selected
/// country's outline at the finest detail loaded (islands and all, whatever the zoom).
fn selected_area(read: &Read<'_>, annotation: Option<&Annotation>) -> Option<InsideArea> {
    if let Some(annotation) = annotation
        && let AnnotationGeometry::Polygon(polygon) = &annotation.geometry
    {
        return Some(InsideArea {
            source: AreaSource::Annotation(annotation.id.as_str().to_owned()),
            label: annotation_label(annotation),
            shape: Arc::new(AreaShape::polygon(polygon.clone())?),
        });
    }
    let name = read.view.selected_country()?;
    let level = read.runtime.atlas().level(Detail::Fine)?;
    let (_, country) = level.base.country_by_name(name)?;
    Some(InsideArea {
        source: AreaSource::Country(country.name.clone()),
        label: country.name.clone(),
        shape: Arc::new(AreaShape::new(country.geometry.clone())?),
    })
}

fn annotation_label(annotation: &Annotation) -> String {
    let text = annotation.text.trim();
    if text.is_empty() {
        "the drawn area".to_owned()
    } else {
        format!("the area “{text}”")
    }
}

/// Keeps a filter by an area annotation in step with it: reshaped, it filters by the new
/// shape; deleted, the filter lets go of it.
fn follow_annotation(read: &Read<'_>, filter: &mut EventFilter) {
    let Some(InsideArea {
        source: AreaSource::Annotation(id),
        shape,
        ..
    }) = &filter.area
    else {
        return;
    };
    let found = read
        .document
        .project()
        .annotations
        .iter()
        .find(|a| a.id.as_str() == id.as_str());
    match found.map(|a| (a, &a.geometry)) {
        Some((annotation, AnnotationGeometry::Polygon(polygon))) => {
            let same = shape.polygons().0.len() == 1 && shape.polygons().0[0] == *polygon;
            if !same {
                filter.area = AreaShape::polygon(polygon.clone()).map(|shape| InsideArea {
                    source: AreaSource::Annotation(id.clone()),
                    label: annotation_label(annotation),
                    shape: Arc::new(shape),
                });
            }
        }
        _ => filter.area = None,
    }
}

/// The most frequent values of a dictionary column over the datasets: (code in the first
/// dataset that has it, value, count).
fn frequent_values<'a>(
    tables: impl Iterator<Item = &'a EventTable>,
    role: Role,
) -> Vec<(u32, String, usize)> {
    let mut counts: Vec<(u32, String, usize)> = Vec::new();
    for table in tables {
        let Some(Column::Dict { codes, values }) = table.field(role).map(|f| &f.column) else {
            continue;
        };
        let mut per_code = vec![0usize; values.len()];
        for code in codes.iter() {
            if let Some(n) = per_code.get_mut(code as usize) {
                *n += 1;
            }
        }
        for (code, (value, n)) in values.iter().zip(per_code).enumerate() {
            match counts.iter_mut().find(|(_, v, _)| v == value) {
                Some(entry) => entry.2 += n,
                None => counts.push((code as u32, value.clone(), n)),
            }
        }
    }
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)));
    counts.truncate(LISTED_CATEGORIES);
    counts
}

/// One event of a dataset in the Inspector: every field, notes in full.
pub fn dataset_event_inspector(
    ui: &mut Ui,
    read: &Read<'_>,
    dataset: &str,
    row: usize,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(loaded) = read.document.datasets().get(dataset) else {
        ui.label("The dataset of this event is no longer open.");
        return actions;
    };
    let table = &loaded.table;
    if row >= table.len() {
        return actions;
    }
    let title = [Role::Title, Role::SubCategory, Role::Category]
        .iter()
        .map(|&role| table.text(role, row).into_owned())
        .find(|t| !t.is_empty())
        .unwrap_or_else(|| "Event".to_owned());
    ui.label(RichText::new(title).size(17.0).strong());
    ui.label(
        RichText::new(format!(
            "{} · line {} of the source",
            loaded.name, table.line[row]
        ))
        .weak(),
    );
    if ui
        .button("Promote to the story")
        .on_hover_text(
            "Adds this event to the story as a reported event, with the dataset as its source",
        )
        .clicked()
    {
        actions.push(Action::PromoteDatasetEvent {
            dataset: dataset.to_owned(),
            row,
        });
    }
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .id_salt("dataset_event_fields")
        .show(ui, |ui| {
            egui::Grid::new("dataset_event_grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for column in [
                        TableColumn::Date,
                        TableColumn::Latitude,
                        TableColumn::Longitude,
                    ] {
                        ui.label(match column {
                            TableColumn::Date => "date",
                            TableColumn::Latitude => "latitude",
                            _ => "longitude",
                        });
                        ui.monospace(cell(table, column, row));
                        ui.end_row();
                    }
                    for (i, field) in table.fields.iter().enumerate() {
                        let text = cell(table, TableColumn::Field(i), row);
                        if text.is_empty() {
                            continue;
                        }
                        ui.label(&field.name);
                        ui.add(egui::Label::new(text).wrap());
                        ui.end_row();
                    }
                });
        });
    actions
}
