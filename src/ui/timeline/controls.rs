//! The "Play" and range controls above the plot, and the filter windows they set.

use std::time::Duration;

use egui::Ui;

use crate::clock::current_year;
use crate::model::Project;
use crate::model::date::{DateRange, FuzzyDate};
use crate::model::filter::Filter;
use crate::ui::actions::Action;

use super::rows::first_year;
use super::{PLAY_WINDOW_YEARS, TimelineState};

/// How fast "Play" moves its window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PlaySpeed {
    Slow,
    #[default]
    Normal,
    Fast,
}

impl PlaySpeed {
    pub const ALL: [PlaySpeed; 3] = [PlaySpeed::Slow, PlaySpeed::Normal, PlaySpeed::Fast];

    /// Seconds between two steps.
    pub fn seconds_per_step(self) -> f64 {
        match self {
            PlaySpeed::Slow => 1.2,
            PlaySpeed::Normal => 0.6,
            PlaySpeed::Fast => 0.25,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PlaySpeed::Slow => "Slow",
            PlaySpeed::Normal => "Normal",
            PlaySpeed::Fast => "Fast",
        }
    }
}

/// "Play" in progress (running or paused).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Playback {
    /// The first year of the window shown.
    from: i32,
    /// Years in the window.
    length: i32,
    /// Years the window moves at each step.
    step: i32,
    pub(super) paused: bool,
    /// The time range before "Play", which "Stop" puts back.
    before: Option<DateRange>,
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

pub(super) fn with_window(filter: &Filter, time_window: Option<DateRange>) -> Filter {
    Filter {
        time_window,
        ..filter.clone()
    }
}

fn window(filter: &Filter, from: i32, to: i32) -> Filter {
    with_window(filter, Filter::years(from, to).time_window)
}

pub(super) fn window_years(range: &DateRange) -> (Option<i32>, Option<i32>) {
    (
        range.earliest().map(|(year, _, _)| year),
        range.latest().map(|(year, _, _)| year),
    )
}

/// The range in words: "1979 to 1989", "1979-12", "since 2001".
pub(super) fn window_text(range: &DateRange) -> String {
    match (range.start, range.end) {
        (FuzzyDate::Unknown, FuzzyDate::Unknown) => "all time".to_owned(),
        (start, FuzzyDate::Unknown) => format!("since {start}"),
        (FuzzyDate::Unknown, end) => format!("until {end}"),
        (start, end) if start == end => start.to_string(),
        (start, end) => format!("{start} to {end}"),
    }
}

/// "Play"/"Pause", "Stop" and the speed.
pub(super) fn play_controls(
    ui: &mut Ui,
    project: &Project,
    filter: &Filter,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let now = ui.input(|i| i.time);
    if state.is_playing() {
        if ui
            .button("Pause")
            .on_hover_text("Hold the window where it is")
            .clicked()
            && let Some(playback) = state.playback.as_mut()
        {
            playback.paused = true;
        }
    } else if ui
        .add_enabled(
            state.is_paused() || first_year(project).is_some(),
            egui::Button::new("Play"),
        )
        .on_hover_text("Step a window of years through the story: the range set, or ten years")
        .on_disabled_hover_text("Nothing here has a date")
        .clicked()
    {
        if let Some(playback) = state.playback.as_mut() {
            playback.paused = false;
            state.last_step = now;
        } else if let Some(playback) = start_playback(project, filter) {
            actions.push(Action::SetFilter(window(
                filter,
                playback.from,
                clamp_year(playback.from + playback.length - 1),
            )));
            state.playback = Some(playback);
            state.last_step = now;
        }
        if state.is_playing() {
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(state.speed.seconds_per_step()));
        }
    }
    if ui
        .add_enabled(state.playback.is_some(), egui::Button::new("Stop"))
        .on_hover_text("Stop playing and put back the range shown before")
        .clicked()
        && let Some(playback) = state.playback.take()
    {
        actions.push(Action::SetFilter(with_window(filter, playback.before)));
    }
    let speed_label = ui.label("Speed");
    egui::ComboBox::from_id_salt("timeline_speed")
        .selected_text(state.speed.label())
        .width(72.0)
        .show_ui(ui, |ui| {
            for speed in PlaySpeed::ALL {
                ui.selectable_value(&mut state.speed, speed, speed.label());
            }
        })
        .response
        .labelled_by(speed_label.id);
}

/// Where "Play" starts: at the range set, keeping its length, or at the story's first year
/// with a window of [`PLAY_WINDOW_YEARS`]; from the first year again when the range is at the
/// end already.
fn start_playback(project: &Project, filter: &Filter) -> Option<Playback> {
    let first = clamp_year(first_year(project)?);
    let set = filter
        .time_window
        .as_ref()
        .map(window_years)
        .and_then(|years| match years {
            (Some(from), Some(to)) => Some((from, (to - from + 1).max(1))),
            _ => None,
        });
    let (from, length) = set.unwrap_or((first, PLAY_WINDOW_YEARS));
    let from = if from >= last_start(length) {
        first
    } else {
        from
    };
    Some(Playback {
        from,
        length,
        step: (length / 2).max(1),
        paused: false,
        before: filter.time_window,
    })
}

/// The last first year of a window of `length` years: it ends in the current year.
fn last_start(length: i32) -> i32 {
    clamp_year(current_year() - length + 1)
}

/// Moves the window of "Play" when its time has come, and stops at the end.
pub(super) fn play_step(
    ui: &Ui,
    filter: &Filter,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let Some(mut playback) = state.playback.filter(|playback| !playback.paused) else {
        return;
    };
    let period = state.speed.seconds_per_step();
    let now = ui.input(|i| i.time);
    if now - state.last_step >= period {
        let last = last_start(playback.length).max(playback.from);
        let next = (playback.from + playback.step).min(last);
        if next > playback.from {
            actions.push(Action::SetFilter(window(
                filter,
                next,
                clamp_year(next + playback.length - 1),
            )));
        }
        playback.from = next;
        state.last_step = now;
        // At the end the last window stays shown.
        state.playback = (next < last).then_some(playback);
    }
    if state.is_playing() {
        let wait = (period - (now - state.last_step)).max(0.0);
        ui.ctx()
            .request_repaint_after(Duration::from_secs_f64(wait));
    }
}

/// The range: "Show only this period", "Clear range", typed years, and what is shown.
pub(super) fn range_controls(
    ui: &mut Ui,
    filter: &Filter,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    if ui
        .add_enabled(
            state.view.is_some(),
            egui::Button::new("Show only this period"),
        )
        .on_hover_text("Show on the map only what the years shown here may include")
        .clicked()
        && let Some((min, max)) = state.view
    {
        state.playback = None;
        let (from, to) = years_of_view(min, max);
        actions.push(Action::SetFilter(window(filter, from, to)));
    }
    if ui
        .add_enabled(
            filter.time_window.is_some(),
            egui::Button::new("Clear range"),
        )
        .on_hover_text("Show all time again")
        .clicked()
    {
        state.playback = None;
        actions.push(Action::SetFilter(with_window(filter, None)));
    }

    let from_label = ui.label("From");
    let from = ui
        .add(
            egui::TextEdit::singleline(&mut state.from_text)
                .desired_width(48.0)
                .hint_text("year"),
        )
        .labelled_by(from_label.id);
    let to_label = ui.label("To");
    let to = ui
        .add(
            egui::TextEdit::singleline(&mut state.to_text)
                .desired_width(48.0)
                .hint_text("year"),
        )
        .labelled_by(to_label.id);
    let entered =
        (from.lost_focus() || to.lost_focus()) && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if ui.button("Apply years").clicked() || entered {
        match parse_years(&state.from_text, &state.to_text) {
            Ok((from, to)) => {
                state.playback = None;
                state.year_problem = None;
                actions.push(Action::SetFilter(window(filter, from, to)));
            }
            Err(problem) => state.year_problem = Some(problem),
        }
    }
    let shown = filter
        .time_window
        .as_ref()
        .map_or_else(|| "all time".to_owned(), window_text);
    ui.label(format!("Showing {shown}"));
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
