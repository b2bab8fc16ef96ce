//! The timeline panel (egui_plot): events as points, relationships as bars over time.
//!
//! The x axis is in years (fractional, from the bounds of each [`FuzzyDate`]). Every
//! relationship with a date has a row of its own, drawn as a bar from its start to its end (an
//! open end runs to [`CURRENT_YEAR`]); events share a row below them, as points, or as short
//! lines when their date is a range. Items the current filter hides are drawn faint rather
//! than left out, so the user sees what the window cuts away. Items without any date are
//! listed under the plot as "undated".
//!
//! The panel filters the map through [`Action::SetFilter`]: "Show only this period" takes the
//! years the plot shows (after the user pans or zooms it), the "From"/"To" fields take typed
//! years, "Show all time" clears the window, and "Play" steps a window through the story.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, HoverPosition, Line, MarkerShape, Plot, PlotPoints, Points, Span};

use crate::model::date::{DateRange, FuzzyDate, Ymd};
use crate::model::filter::{Filter, Visible};
use crate::model::{Project, Relationship};
use crate::scene::story::relationship_color;

use super::actions::Action;
use super::painter::color32;

/// The year an open-ended relationship runs to.
pub const CURRENT_YEAR: i32 = 2026;
/// How many years the window of "Play" spans.
pub const PLAY_WINDOW_YEARS: i32 = 10;
/// How far the window of "Play" moves at each step.
pub const PLAY_STEP_YEARS: i32 = 5;
/// Seconds between two steps of "Play".
pub const PLAY_STEP_SECONDS: f64 = 0.6;

/// What the timeline remembers between frames: the years the plot shows, the typed years and
/// the state of "Play".
#[derive(Default, Debug, Clone)]
pub struct TimelineState {
    /// The x range the plot showed at the last frame, in fractional years.
    view: Option<(f64, f64)>,
    from_text: String,
    to_text: String,
    /// The filter window the "From"/"To" fields were last filled from.
    synced_window: Option<Option<DateRange>>,
    /// Why the typed years were refused.
    year_problem: Option<String>,
    /// While playing: the first year of the current window.
    playing: Option<i32>,
    /// When the window last moved (egui time, seconds).
    last_step: f64,
}

impl TimelineState {
    /// The x range the plot showed at the last frame, in fractional years.
    pub fn view_years(&self) -> Option<(f64, f64)> {
        self.view
    }

    /// Whether "Play" is running.
    pub fn is_playing(&self) -> bool {
        self.playing.is_some()
    }
}

/// A day as a fractional year: the start of the day.
pub fn year_fraction((year, month, day): Ymd) -> f64 {
    let days_before_month = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let month_index = usize::from(month.clamp(1, 12)) - 1;
    let day_of_year = f64::from(days_before_month[month_index]) + f64::from(day.max(1)) - 1.0;
    f64::from(year) + day_of_year / 365.0
}

/// The span of a relationship in fractional years, `None` when it has no date at all.
pub fn relationship_span(relationship: &Relationship) -> Option<(f64, f64)> {
    let start = relationship.start.and_then(|date| date.earliest());
    let end = relationship.end.and_then(|date| date.latest());
    match (start, end) {
        (None, None) => None,
        (Some(start), None) => Some((
            year_fraction(start),
            f64::from(CURRENT_YEAR + 1).max(year_fraction(start)),
        )),
        (None, Some(end)) => Some((year_fraction(end), end_fraction(end))),
        (Some(start), Some(end)) => {
            let (start, end) = (year_fraction(start), end_fraction(end));
            Some((start.min(end), start.max(end)))
        }
    }
}

/// The span of a date range in fractional years, `None` when unknown.
pub fn range_span(range: &DateRange) -> Option<(f64, f64)> {
    let start = range.earliest().or_else(|| range.latest())?;
    let end = range.latest().or_else(|| range.earliest())?;
    let (start, end) = (year_fraction(start), end_fraction(end));
    Some((start.min(end), start.max(end)))
}

/// The end of a day as a fractional year.
fn end_fraction(day: Ymd) -> f64 {
    year_fraction(day) + 1.0 / 365.0
}

/// The years of the items of the project: the first year any item may start.
fn first_year(project: &Project) -> Option<i32> {
    let relationships = project
        .relationships
        .iter()
        .filter_map(relationship_span)
        .map(|(start, _)| start);
    let events = project
        .events
        .iter()
        .filter_map(|event| range_span(&event.date))
        .map(|(start, _)| start);
    relationships
        .chain(events)
        .min_by(f64::total_cmp)
        .map(|year| year.floor() as i32)
}

fn clamp_year(year: i32) -> i32 {
    year.clamp(1, 9999)
}

/// The whole years a plot range covers: the year of its left edge to the year of its right.
pub fn years_of_view(min: f64, max: f64) -> (i32, i32) {
    let from = clamp_year(min.floor() as i32);
    let to = clamp_year((max.ceil() as i32 - 1).max(from));
    (from, to)
}

fn window(filter: &Filter, from: i32, to: i32) -> Filter {
    Filter {
        time_window: Filter::years(from, to).time_window,
        ..filter.clone()
    }
}

fn window_years(range: &DateRange) -> (Option<i32>, Option<i32>) {
    (
        range.earliest().map(|(year, _, _)| year),
        range.latest().map(|(year, _, _)| year),
    )
}

fn faded(color: Color32, visible: bool) -> Color32 {
    if visible {
        color
    } else {
        color.gamma_multiply(0.2)
    }
}

/// A relationship's words for hover texts: who, what kind, and when.
fn relationship_label(project: &Project, relationship: &Relationship) -> String {
    let name = |id| {
        project
            .actor(id)
            .map_or_else(|| id.to_string(), |actor| actor.name.clone())
    };
    let when = match (relationship.start, relationship.end) {
        (Some(start), Some(end)) => format!("{start} to {end}"),
        (Some(start), None) => format!("since {start}"),
        (None, Some(end)) => format!("until {end}"),
        (None, None) => "undated".to_owned(),
    };
    format!(
        "{} – {}\n{} ({when})",
        name(&relationship.from),
        name(&relationship.to),
        relationship.kind.label()
    )
}

/// The timeline: relationships and events over the years, with the time filter's controls.
pub fn timeline_panel(
    ui: &mut Ui,
    project: &Project,
    visible: &Visible,
    filter: &Filter,
    state: &mut TimelineState,
) -> Vec<Action> {
    let mut actions = Vec::new();

    // Keep the year fields in step with the filter when something else changes it.
    if state.synced_window.as_ref() != Some(&filter.time_window) {
        let (from, to) = filter
            .time_window
            .as_ref()
            .map_or((None, None), window_years);
        state.from_text = from.map(|year| year.to_string()).unwrap_or_default();
        state.to_text = to.map(|year| year.to_string()).unwrap_or_default();
        state.synced_window = Some(filter.time_window);
        state.year_problem = None;
    }

    play_step(ui, project, filter, state, &mut actions);

    ui.horizontal_wrapped(|ui| {
        let play_label = if state.is_playing() { "Pause" } else { "Play" };
        if ui
            .button(play_label)
            .on_hover_text(format!(
                "Step a {PLAY_WINDOW_YEARS}-year window from the first item to {CURRENT_YEAR}"
            ))
            .clicked()
        {
            if state.is_playing() {
                state.playing = None;
            } else if let Some(first) = first_year(project) {
                let from = clamp_year(first);
                state.playing = Some(from);
                state.last_step = ui.input(|i| i.time);
                actions.push(Action::SetFilter(window(
                    filter,
                    from,
                    from + PLAY_WINDOW_YEARS - 1,
                )));
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_secs_f64(PLAY_STEP_SECONDS));
            }
        }
        if ui
            .add_enabled(
                state.view.is_some(),
                egui::Button::new("Show only this period"),
            )
            .on_hover_text("Show on the map only what the years shown here may include")
            .clicked()
            && let Some((min, max)) = state.view
        {
            state.playing = None;
            let (from, to) = years_of_view(min, max);
            actions.push(Action::SetFilter(window(filter, from, to)));
        }
        if ui.button("Show all time").clicked() {
            state.playing = None;
            actions.push(Action::SetFilter(Filter {
                time_window: None,
                ..filter.clone()
            }));
        }
    });

    ui.horizontal_wrapped(|ui| {
        let from_label = ui.label("From");
        let from = ui.add(
            egui::TextEdit::singleline(&mut state.from_text)
                .desired_width(48.0)
                .hint_text("year"),
        );
        let from = from.labelled_by(from_label.id);
        let to_label = ui.label("To");
        let to = ui.add(
            egui::TextEdit::singleline(&mut state.to_text)
                .desired_width(48.0)
                .hint_text("year"),
        );
        let to = to.labelled_by(to_label.id);
        let entered =
            (from.lost_focus() || to.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button("Apply years").clicked() || entered {
            match parse_years(&state.from_text, &state.to_text) {
                Ok((from, to)) => {
                    state.playing = None;
                    state.year_problem = None;
                    actions.push(Action::SetFilter(window(filter, from, to)));
                }
                Err(problem) => state.year_problem = Some(problem),
            }
        }
        match &filter.time_window {
            Some(range) => {
                let (from, to) = window_years(range);
                let year = |y: Option<i32>| y.map_or("open".to_owned(), |y| y.to_string());
                ui.label(format!("Showing {} to {}", year(from), year(to)));
            }
            None => {
                ui.label("Showing all time");
            }
        }
    });
    if let Some(problem) = &state.year_problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }

    let undated = plot(ui, project, visible, filter, state);
    if !undated.is_empty() {
        // Folded by default: the list can be long and the plot is what the panel is for.
        egui::CollapsingHeader::new(format!("Undated, not drawn ({})", undated.len()))
            .id_salt("timeline_undated")
            .show(ui, |ui| {
                ui.label(RichText::new(undated.join("; ")).small().weak());
            });
    }
    actions
}

/// Moves the window of "Play" when its time has come, and stops at the end.
fn play_step(
    ui: &Ui,
    project: &Project,
    filter: &Filter,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let Some(from) = state.playing else {
        return;
    };
    let now = ui.input(|i| i.time);
    let elapsed = now - state.last_step;
    if elapsed >= PLAY_STEP_SECONDS {
        let last_start =
            (CURRENT_YEAR - PLAY_WINDOW_YEARS + 1).max(first_year(project).unwrap_or(CURRENT_YEAR));
        let next = (from + PLAY_STEP_YEARS).min(last_start);
        actions.push(Action::SetFilter(window(
            filter,
            next,
            clamp_year(next + PLAY_WINDOW_YEARS - 1),
        )));
        state.last_step = now;
        state.playing = (next < last_start).then_some(next);
    }
    if state.playing.is_some() {
        let wait = (PLAY_STEP_SECONDS - (now - state.last_step)).max(0.0);
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs_f64(wait));
    }
}

fn parse_years(from: &str, to: &str) -> Result<(i32, i32), String> {
    let parse = |text: &str, what: &str| -> Result<i32, String> {
        text.trim()
            .parse::<i32>()
            .ok()
            .filter(|year| (1..=9999).contains(year))
            .ok_or_else(|| format!("{what} must be a year from 1 to 9999"))
    };
    let (from, to) = (parse(from, "From")?, parse(to, "To")?);
    if from > to {
        return Err("From must come no later than To".to_owned());
    }
    Ok((from, to))
}

/// Draws the plot; returns the names of the undated items, which it leaves out.
fn plot(
    ui: &mut Ui,
    project: &Project,
    visible: &Visible,
    filter: &Filter,
    state: &mut TimelineState,
) -> Vec<String> {
    let mut undated = Vec::new();
    let mut bars = Vec::new();
    let mut row = 0.0_f64;
    for relationship in &project.relationships {
        let label = relationship_label(project, relationship);
        let Some((start, end)) = relationship_span(relationship) else {
            undated.push(label.replace('\n', ": "));
            continue;
        };
        let shown = visible.relationships.contains(&relationship.id);
        let color = faded(color32(relationship_color(&relationship.kind)), shown);
        let chart = BarChart::new(
            label.clone(),
            vec![
                Bar::new(-row, end - start)
                    .base_offset(start)
                    .width(0.7)
                    .fill(color)
                    .name(label),
            ],
        )
        .horizontal()
        .color(color)
        .element_formatter(Box::new(|bar, _| bar.name.clone()));
        bars.push(chart);
        row += 1.0;
    }
    let events_row = -row;
    let event_color = ui.visuals().strong_text_color();
    let mut points = Vec::new();
    let mut lines = Vec::new();
    for event in &project.events {
        let Some((start, end)) = range_span(&event.date) else {
            undated.push(format!("{} (event)", event.title));
            continue;
        };
        let shown = visible.events.contains(&event.id);
        let color = faded(event_color, shown);
        let name = format!("{}\n{}", event.title, date_text(&event.date));
        if end - start <= 1.0 {
            points.push(
                Points::new(
                    name,
                    PlotPoints::from(vec![[(start + end) / 2.0, events_row]]),
                )
                .shape(MarkerShape::Diamond)
                .radius(5.0)
                .filled(true)
                .color(color),
            );
        } else {
            lines.push(
                Line::new(
                    name,
                    PlotPoints::from(vec![[start, events_row], [end, events_row]]),
                )
                .width(4.0)
                .color(color),
            );
        }
    }

    // The filter's window, shaded; an open end runs to the edge of the story.
    let window_span = filter.time_window.as_ref().map(|range| {
        let start = range.earliest().map_or(1.0, year_fraction);
        let end = range
            .latest()
            .map_or(f64::from(CURRENT_YEAR + 1), end_fraction);
        let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.25);
        Span::new("", start..=end).fill(fill)
    });

    let row_count = row;
    let response = Plot::new("timeline")
        .height(ui.available_height().clamp(120.0, 200.0) - 24.0)
        .x_axis_label("Year")
        .show_axes([true, false])
        .show_grid([true, false])
        .allow_scroll([true, false])
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .allow_boxed_zoom(false)
        .include_x(f64::from(CURRENT_YEAR + 1))
        .include_y(0.6)
        .include_y(events_row - 0.6)
        .x_axis_formatter(|mark, _| format!("{:.0}", mark.value))
        .label_formatter(move |position| match position {
            HoverPosition::NearDataPoint { plot_name, .. } if !plot_name.is_empty() => {
                Some((*plot_name).to_owned())
            }
            HoverPosition::NearDataPoint { position, .. }
            | HoverPosition::Elsewhere { position } => Some(format!(
                "{:.0}{}",
                position.x.floor(),
                if position.y < -row_count + 0.5 {
                    " (events)"
                } else {
                    ""
                }
            )),
        })
        .show(ui, |plot_ui| {
            if let Some(span) = window_span {
                plot_ui.span(span);
            }
            for chart in bars {
                plot_ui.bar_chart(chart);
            }
            for line in lines {
                plot_ui.line(line);
            }
            for point in points {
                plot_ui.points(point);
            }
            let bounds = plot_ui.plot_bounds();
            (bounds.min()[0], bounds.max()[0])
        });
    let (min, max) = response.inner;
    if min.is_finite() && max.is_finite() && min < max {
        state.view = Some((min, max));
    }
    undated
}

fn date_text(range: &DateRange) -> String {
    if range.is_single() {
        range.start.to_string()
    } else if range.end == FuzzyDate::Unknown {
        format!("since {}", range.start)
    } else {
        format!("{} to {}", range.start, range.end)
    }
}
