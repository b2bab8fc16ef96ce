//! The network panel: degree and betweenness per actor, and the shortest path between two.
//!
//! Everything is measured on the visible network ([`Network::from_project`] over the
//! [`Visible`] set), so the numbers describe what the map shows. The chart and the table list
//! the ten actors with the highest betweenness; degree is charted as a share of the other
//! actors (degree centrality) so both bars share one scale, while the table and the hover
//! texts give the raw degree.

use std::sync::Arc;

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, GridMark, Legend, Plot};

use crate::events::day;
use crate::events::pairs::{ActorPair, actor_pairs};
use crate::events::promote::pair_relationship_id;
use crate::model::analysis::Network;
use crate::model::filter::Visible;
use crate::model::{ActorId, Project, RelationshipId};
use crate::scene::story::Focus;

use super::actions::{Action, Selection};
use super::datasets::LoadedDataset;

/// How many actors the chart and the table list.
pub const TOP_ACTORS: usize = 10;

/// What the network panel remembers between frames: the two ends of the path asked for.
#[derive(Default, Debug, Clone)]
pub struct NetworkState {
    pub from: Option<ActorId>,
    pub to: Option<ActorId>,
    /// The dataset whose actor pairs are listed.
    pub pairs_dataset: Option<String>,
    /// The pairs counted last, and the shown rows they were counted over (compared by
    /// pointer: the dataset makes a new list whenever the filter changes).
    pairs: Option<CountedPairs>,
}

#[derive(Debug, Clone)]
struct CountedPairs {
    dataset: String,
    rows: Arc<Vec<u32>>,
    pairs: Vec<ActorPair>,
}

/// How many actor pairs the panel lists (the most frequent).
const LISTED_PAIRS: usize = 40;

/// One line of the chart and the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Centrality {
    pub actor: ActorId,
    pub name: String,
    pub degree: usize,
    pub betweenness: f64,
}

/// The actors with the highest betweenness (ties by degree, then id), at most `limit`.
pub fn top_actors(project: &Project, network: &Network, limit: usize) -> Vec<Centrality> {
    let degrees: std::collections::BTreeMap<ActorId, usize> =
        network.degrees().into_iter().collect();
    let mut rows: Vec<Centrality> = network
        .betweenness()
        .into_iter()
        .map(|(actor, betweenness)| Centrality {
            name: actor_name(project, &actor),
            degree: degrees.get(&actor).copied().unwrap_or(0),
            actor,
            betweenness,
        })
        .collect();
    rows.sort_by(|a, b| {
        b.betweenness
            .total_cmp(&a.betweenness)
            .then_with(|| b.degree.cmp(&a.degree))
            .then_with(|| a.actor.cmp(&b.actor))
    });
    rows.truncate(limit);
    rows
}

fn actor_name(project: &Project, actor: &ActorId) -> String {
    project
        .actor(actor)
        .map_or_else(|| actor.to_string(), |record| record.name.clone())
}

fn short(name: &str, limit: usize) -> String {
    if name.chars().count() <= limit {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(limit.saturating_sub(3)).collect();
        format!("{}...", cut.trim_end())
    }
}

/// The network panel: centrality chart and table, and the shortest path between two actors.
pub fn network_panel(
    ui: &mut Ui,
    project: &Project,
    visible: &Visible,
    path: &[RelationshipId],
    datasets: &[LoadedDataset],
    state: &mut NetworkState,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let network = Network::from_project(project, visible);
    let rows = top_actors(project, &network, TOP_ACTORS);

    ui.label(RichText::new("Who is central").strong());
    if rows.is_empty() {
        ui.label("No actor is visible.");
    } else {
        chart(ui, &rows, network.actors().len());
        table(ui, &rows, &mut actions);
    }

    ui.separator();
    ui.label(RichText::new("Shortest chain of ties").strong());
    path_controls(ui, project, visible, &network, path, state, &mut actions);
    if !datasets.is_empty() {
        ui.separator();
        dataset_pairs(ui, project, datasets, state, &mut actions);
    }
    actions
}

/// Who acts on whom in a dataset (the events passing the filter), with a button that makes a
/// pair a tie of the story.
fn dataset_pairs(
    ui: &mut Ui,
    project: &Project,
    datasets: &[LoadedDataset],
    state: &mut NetworkState,
    actions: &mut Vec<Action>,
) {
    if state
        .pairs_dataset
        .as_ref()
        .is_none_or(|id| !datasets.iter().any(|d| &d.id == id))
    {
        state.pairs_dataset = datasets.first().map(|d| d.id.clone());
    }
    let Some(dataset) = datasets
        .iter()
        .find(|d| Some(&d.id) == state.pairs_dataset.as_ref())
    else {
        return;
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new("Actor pairs in").strong());
        if datasets.len() > 1 {
            egui::ComboBox::from_id_salt("network_pairs_dataset")
                .selected_text(dataset.name.as_str())
                .show_ui(ui, |ui| {
                    for d in datasets {
                        ui.selectable_value(
                            &mut state.pairs_dataset,
                            Some(d.id.clone()),
                            d.name.as_str(),
                        );
                    }
                });
        } else {
            ui.strong(dataset.name.as_str());
        }
    });
    let rows = dataset.shown_rows();
    let fresh = state
        .pairs
        .as_ref()
        .is_some_and(|c| c.dataset == dataset.id && Arc::ptr_eq(&c.rows, rows));
    if !fresh {
        state.pairs = Some(CountedPairs {
            dataset: dataset.id.clone(),
            rows: Arc::clone(rows),
            pairs: actor_pairs(&dataset.table, rows.iter().map(|&r| r as usize)),
        });
    }
    let Some(counted) = &state.pairs else {
        return;
    };
    if counted.pairs.is_empty() {
        ui.label(
            RichText::new(
                "No events here name both a first and a second actor (map them on import).",
            )
            .weak(),
        );
        return;
    }
    ui.label(
        RichText::new(format!(
            "{} pairs among the events that pass the filter; the {} most frequent:",
            counted.pairs.len(),
            counted.pairs.len().min(LISTED_PAIRS)
        ))
        .weak(),
    );
    let link = project.datasets.iter().find(|l| l.id == dataset.id);
    egui::Grid::new("network_pairs")
        .num_columns(6)
        .striped(true)
        .show(ui, |ui| {
            for heading in ["Actor 1", "Actor 2", "Events", "First", "Last", ""] {
                ui.label(RichText::new(heading).strong());
            }
            ui.end_row();
            for pair in counted.pairs.iter().take(LISTED_PAIRS) {
                ui.label(short(&pair.actor1, 34))
                    .on_hover_text(&pair.actor1);
                ui.label(short(&pair.actor2, 34))
                    .on_hover_text(&pair.actor2);
                ui.label(pair.count.to_string());
                ui.label(day::format(pair.first));
                ui.label(day::format(pair.last));
                if already_promoted(project, link, pair) {
                    ui.label(RichText::new("in the story").weak());
                } else if ui
                    .small_button("Promote")
                    .on_hover_text(
                        "Adds a reported tie from the first actor to the second (and either actor \
                         the story lacks), citing the dataset; one step to undo",
                    )
                    .clicked()
                {
                    actions.push(Action::PromoteActorPair {
                        dataset: dataset.id.clone(),
                        pair: pair.clone(),
                    });
                }
                ui.end_row();
            }
        });
}

/// Whether the story already has this pair's tie from this dataset.
fn already_promoted(
    project: &Project,
    link: Option<&crate::events::link::DatasetLink>,
    pair: &ActorPair,
) -> bool {
    let Some(link) = link else {
        return false;
    };
    let find = |name: &str| {
        let wanted = name.to_lowercase();
        project
            .actors
            .iter()
            .find(|a| a.name.to_lowercase() == wanted)
            .map(|a| a.id.clone())
    };
    match (find(&pair.actor1), find(&pair.actor2)) {
        (Some(from), Some(to)) => project
            .relationship(&pair_relationship_id(link, &from, &to))
            .is_some(),
        _ => false,
    }
}

fn chart(ui: &mut Ui, rows: &[Centrality], actor_count: usize) {
    let others = actor_count.saturating_sub(1).max(1) as f64;
    let names: Vec<String> = rows.iter().map(|row| short(&row.name, 22)).collect();
    let count = rows.len();
    // Row `i` sits at y = count - 1 - i, so the most central actor is at the top.
    let y_of = |index: usize| (count - 1 - index) as f64;
    let betweenness: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            Bar::new(y_of(index) + 0.2, row.betweenness)
                .width(0.38)
                .name(format!("{}\nbetweenness {:.2}", row.name, row.betweenness))
        })
        .collect();
    let degree: Vec<Bar> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            Bar::new(y_of(index) - 0.2, row.degree as f64 / others)
                .width(0.38)
                .name(format!(
                    "{}\ndegree {} (tied to {:.0}% of the others)",
                    row.name,
                    row.degree,
                    100.0 * row.degree as f64 / others
                ))
        })
        .collect();
    let label_of = move |mark: GridMark, _: &std::ops::RangeInclusive<f64>| {
        let rounded = mark.value.round();
        if (mark.value - rounded).abs() > 1e-6 || rounded < 0.0 {
            return String::new();
        }
        let index = count as i64 - 1 - rounded as i64;
        usize::try_from(index)
            .ok()
            .and_then(|index| names.get(index).cloned())
            .unwrap_or_default()
    };
    Plot::new("network-centrality")
        .height((count as f32 * 22.0 + 50.0).min(280.0))
        .legend(Legend::default())
        .x_axis_label("Share (0 to 1)")
        .y_axis_formatter(label_of)
        .y_grid_spacer(move |_input| {
            (0..count)
                .map(|index| GridMark {
                    value: index as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_min_width(120.0)
        .include_x(0.0)
        .include_x(1.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show(ui, |plot_ui| {
            plot_ui.bar_chart(
                BarChart::new("Betweenness", betweenness)
                    .horizontal()
                    .color(Color32::from_rgb(0x00, 0x72, 0xb2))
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
            plot_ui.bar_chart(
                BarChart::new("Degree (share of others)", degree)
                    .horizontal()
                    .color(Color32::from_rgb(0xe6, 0x9f, 0x00))
                    .element_formatter(Box::new(|bar, _| bar.name.clone())),
            );
        });
}

fn table(ui: &mut Ui, rows: &[Centrality], actions: &mut Vec<Action>) {
    egui::Grid::new("network-centrality-table")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.label(RichText::new("Actor").strong());
            ui.label(RichText::new("Degree").strong());
            ui.label(RichText::new("Betweenness").strong());
            ui.end_row();
            for row in rows {
                let name = ui
                    .add(egui::Label::new(&row.name).sense(egui::Sense::click()))
                    .on_hover_text("Select on the map");
                let degree =
                    ui.add(egui::Label::new(row.degree.to_string()).sense(egui::Sense::click()));
                let betweenness = ui.add(
                    egui::Label::new(format!("{:.2}", row.betweenness)).sense(egui::Sense::click()),
                );
                if name.clicked() || degree.clicked() || betweenness.clicked() {
                    actions.push(Action::Select(Some(Selection::Story(Focus::Actor(
                        row.actor.clone(),
                    )))));
                }
                ui.end_row();
            }
        });
}

fn path_controls(
    ui: &mut Ui,
    project: &Project,
    visible: &Visible,
    network: &Network,
    path: &[RelationshipId],
    state: &mut NetworkState,
    actions: &mut Vec<Action>,
) {
    let mut choices: Vec<(&ActorId, &str)> = project
        .actors
        .iter()
        .filter(|actor| visible.actors.contains(&actor.id))
        .map(|actor| (&actor.id, actor.name.as_str()))
        .collect();
    choices.sort_by(|a, b| a.1.cmp(b.1).then_with(|| a.0.cmp(b.0)));

    let chosen_text = |chosen: &Option<ActorId>| match chosen {
        Some(id) => actor_name(project, id),
        None => "choose an actor".to_owned(),
    };
    egui::Grid::new("network-path-ends")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, chosen) in [("From", &mut state.from), ("To", &mut state.to)] {
                let label = ui.label(label);
                egui::ComboBox::from_id_salt(("network-path", label.id))
                    .selected_text(chosen_text(chosen))
                    .width(200.0)
                    .height(320.0)
                    .show_ui(ui, |ui| {
                        for (id, name) in &choices {
                            ui.selectable_value(chosen, Some((*id).clone()), *name);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            }
        });

    let ends = state.from.clone().zip(state.to.clone());
    let joined = ends
        .as_ref()
        .map(|(from, to)| network.shortest_path(from, to).is_some());
    ui.horizontal(|ui| {
        if ui
            .add_enabled(ends.is_some(), egui::Button::new("Show shortest path"))
            .clicked()
            && let Some(ends) = ends.clone()
        {
            actions.push(Action::ShowPath(Some(ends)));
        }
        if ui
            .add_enabled(
                !path.is_empty() || ends.is_some(),
                egui::Button::new("Clear path"),
            )
            .clicked()
        {
            actions.push(Action::ShowPath(None));
        }
    });
    if joined == Some(false) {
        ui.label(RichText::new("No chain of visible ties joins these two.").weak());
    }

    if !path.is_empty() {
        chain(ui, project, path, state.from.as_ref());
    }
}

/// The chain of a path: each tie with the actors it joins, walking from `start`.
fn chain(ui: &mut Ui, project: &Project, path: &[RelationshipId], start: Option<&ActorId>) {
    let mut current: Option<ActorId> = start.cloned();
    for (step, id) in path.iter().enumerate() {
        let Some(relationship) = project.relationship(id) else {
            ui.label(format!("{}. {id} (missing)", step + 1));
            continue;
        };
        let (a, b) = match &current {
            Some(actor) if actor == &relationship.to => (&relationship.to, &relationship.from),
            _ => (&relationship.from, &relationship.to),
        };
        ui.label(format!(
            "{}. {} – {} – {}",
            step + 1,
            actor_name(project, a),
            relationship.kind.label(),
            actor_name(project, b)
        ));
        current = Some(b.clone());
    }
}
