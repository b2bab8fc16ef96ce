//! The timeline panel (egui_plot): relationships as bars and events as points over the years.
//!
//! The x axis is in years (fractional). Every dated relationship and event has a row of its own,
//! labelled at its left ("Russia – Taliban government: defence cooperation", or the event's
//! title; the whole text on hover). Bars take the map's colour of the relationship's kind, and
//! the less certain the status the paler the fill. A fuzzy date is drawn the way the filter
//! reads it: the thin part of a bar is where the item *may* lie (a "19th century" start, an
//! unknown end), the thick part where it surely does. Items the filter hides are drawn faint
//! rather than left out, so the user sees what the time range cuts away; undated items are
//! listed in the "Undated" menu.
//!
//! The panel filters the map through [`Action::SetFilter`]: dragging across the plot sets the
//! time range (shaded), "Clear range" clears it, "Show only this period" takes the years the
//! plot shows, the "From"/"To" fields take typed years, and "Play" steps a window through the
//! story. The plot pans with the secondary button (or Shift and the wheel), so the primary drag
//! is free for the range.
//!
//! The timeline and the map share the selection: a click on a bar, a point or a row's label
//! selects that item ([`Action::Select`]), and the row of the selected item, whatever selected
//! it, is highlighted, so a selection on the map shows where it sits in time. A click on empty
//! plot space leaves the selection alone, so that a stray click does not lose it.

mod controls;
pub mod histogram;
mod rows;

use egui::accesskit::Role;
use egui::{
    Align2, Color32, CursorIcon, PointerButton, Pos2, Rect, RichText, Sense, Shape, Stroke,
    TextStyle, Ui, WidgetInfo,
};
use egui_plot::{
    Axis, AxisHints, Bar, BarChart, GridInput, GridMark, HLine, HoverPosition, Plot, PlotPoint,
    PlotPoints, Points, Span,
};

use crate::clock::current_year;
use crate::events::day::Day;
use crate::model::date::{DateRange, FuzzyDate};
use crate::model::filter::{Filter, Visible};
use crate::model::{Project, Status};

use super::actions::{Action, Selection};
use controls::{
    Playback, play_controls, play_step, range_controls, window_text, window_years, with_window,
};
use rows::{RowStyle, end_fraction};

pub use controls::{PlaySpeed, years_of_view};
pub use rows::{
    Extent, Row, RowItem, day_of, ellipsize, event_extent, range_span, relationship_extent,
    relationship_row_label, relationship_span, timeline_rows, year_fraction,
};

/// How many years the window of "Play" spans when no range is set.
pub const PLAY_WINDOW_YEARS: i32 = 10;
/// At most this many characters of a row's label are shown; the rest is on hover.
pub const LABEL_CHARS: usize = 44;
/// Screen heights of a row: at least one line of text, so every label fits.
const MIN_ROW_HEIGHT: f32 = 17.0;
const MAX_ROW_HEIGHT: f32 = 30.0;
/// Room for the year labels under the plot.
const X_AXIS_HEIGHT: f32 = 22.0;
/// A drag shorter than this (pixels) is a click, not a range.
const MIN_BRUSH_PIXELS: f32 = 4.0;
/// The radius of an event's point (pixels).
const POINT_RADIUS: f32 = 5.0;
/// How far (pixels) beside a bar or a point a click still hits it: thin bars and small points
/// would be fiddly to hit exactly.
const CLICK_SLACK_PIXELS: f32 = 4.0;
/// The gap egui_plot leaves between a y-axis label and the plot, which the highlighted label,
/// drawn by the panel, keeps too.
const Y_LABEL_MARGIN: f32 = 4.0;

/// What the timeline remembers between frames: the years the plot shows, the typed years, a
/// range being dragged and the state of "Play".
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
    playback: Option<Playback>,
    /// When the window of "Play" last moved (egui time, seconds).
    last_step: f64,
    speed: PlaySpeed,
    /// While the user drags across the plot: where the drag began and where it is, in years.
    brush: Option<(f64, f64)>,
}

impl TimelineState {
    /// The x range the plot showed at the last frame, in fractional years.
    pub fn view_years(&self) -> Option<(f64, f64)> {
        self.view
    }

    /// Whether "Play" is running (not paused, not stopped).
    pub fn is_playing(&self) -> bool {
        self.playback.is_some_and(|playback| !playback.paused)
    }

    /// Whether "Play" is paused: "Play" resumes, "Stop" ends it.
    pub fn is_paused(&self) -> bool {
        self.playback.is_some_and(|playback| playback.paused)
    }

    pub fn speed(&self) -> PlaySpeed {
        self.speed
    }

    /// The range being dragged across the plot, in fractional years.
    pub fn brushing(&self) -> Option<(f64, f64)> {
        self.brush
    }
}

/// The dates a drag across the plot from `a` to `b` (fractional years) selects, as precise as
/// the view allows: whole years when it spans decades, months when a few years, else days.
pub fn brushed_range(a: f64, b: f64, view_span: f64) -> DateRange {
    let (start, end) = (day_of(a.min(b)), day_of(a.max(b)));
    let (start, end) = if view_span > 40.0 {
        (FuzzyDate::Year(start.0), FuzzyDate::Year(end.0))
    } else if view_span > 3.0 {
        (
            FuzzyDate::Month(start.0, start.1),
            FuzzyDate::Month(end.0, end.1),
        )
    } else {
        (
            FuzzyDate::Day(start.0, start.1, start.2),
            FuzzyDate::Day(end.0, end.1, end.2),
        )
    };
    DateRange::between(start, end)
}

/// How solid a fill is: the less certain the status, the paler (as the map breaks its lines).
fn status_alpha(status: Status) -> f32 {
    match status {
        Status::Confirmed => 0.9,
        Status::Historical => 0.55,
        Status::Reported => 0.6,
        Status::Alleged => 0.4,
        Status::Proposed => 0.25,
    }
}

fn faded(color: Color32, visible: bool) -> Color32 {
    if visible {
        color
    } else {
        color.gamma_multiply(0.3)
    }
}

/// The timeline: relationships and events over the years, with the time filter's controls.
/// The row of the `selection`, when it is a dated relationship or event, is highlighted.
pub fn timeline_panel(
    ui: &mut Ui,
    project: &Project,
    visible: &Visible,
    filter: &Filter,
    selection: Option<&Selection>,
    events_per_day: &[(Day, u32)],
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

    play_step(ui, filter, state, &mut actions);

    let (rows, undated) = timeline_rows(project);
    ui.horizontal_wrapped(|ui| {
        play_controls(ui, project, filter, state, &mut actions);
        ui.separator();
        range_controls(ui, filter, state, &mut actions);
        if !undated.is_empty() {
            ui.separator();
            ui.menu_button(format!("Undated ({})", undated.len()), |ui| {
                ui.label(RichText::new("No date given: not drawn, and shown in any range.").weak());
                for name in &undated {
                    ui.label(name);
                }
            })
            .response
            .on_hover_text("The items with no date");
        }
        // One short line of help, where the row has room for it; the rest on hover.
        ui.label(
            RichText::new("Drag across the plot to pick a period; right-drag pans.")
                .small()
                .weak(),
        )
        .on_hover_text(
            "Drag across the plot with the left button to show only that period on the map. \
             Drag with the right button, or turn the wheel with Shift held, to pan; turn it \
             with Ctrl held to zoom; double-click to see the whole story again.",
        );
    });
    if let Some(problem) = &state.year_problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    let selected = match selection {
        Some(Selection::Story(focus)) => rows.iter().position(|row| row.item.is(focus)),
        _ => None,
    };
    let inputs = PlotInputs {
        rows: &rows,
        visible,
        filter,
        selected,
        events_per_day,
    };
    plot(ui, &inputs, state, &mut actions);
    actions
}

/// The row a plot y value falls in, if any.
fn row_at(y: f64, rows: usize) -> Option<usize> {
    let index = (-y).round();
    (index >= 0.0 && index < rows as f64 && (y + index).abs() <= 0.5).then_some(index as usize)
}

/// Whether a row is drawn as a point: an event of a year or less, too short for a bar.
fn is_point(row: &Row) -> bool {
    let (from, to) = row.extent.outer;
    matches!(row.style, RowStyle::Event { .. }) && to - from <= 1.0
}

/// The row whose bar or point is at `position` (plot coordinates): anywhere across the row's
/// height, and along it on the bar or the point, give or take [`CLICK_SLACK_PIXELS`]
/// (`years_per_pixel` turns pixels into years). `None` on empty plot space.
fn row_under(rows: &[Row], position: PlotPoint, years_per_pixel: f64) -> Option<usize> {
    let index = row_at(position.y, rows.len())?;
    let row = rows.get(index)?;
    let (from, to) = row.extent.outer;
    let years_per_pixel = years_per_pixel.abs();
    let (from, to, slack) = if is_point(row) {
        let middle = (from + to) / 2.0;
        (middle, middle, POINT_RADIUS + CLICK_SLACK_PIXELS)
    } else {
        (from, to, CLICK_SLACK_PIXELS)
    };
    let slack = f64::from(slack) * years_per_pixel;
    (from - slack..=to + slack)
        .contains(&position.x)
        .then_some(index)
}

/// Grid marks on the years: months, quarters, years, then 5, 10, 50… years, each mark weighted
/// by the largest step it falls on, so labels come every 50 years rather than every century.
fn year_marks(input: GridInput) -> Vec<GridMark> {
    const STEPS: [f64; 10] = [
        1.0 / 12.0,
        0.25,
        1.0,
        5.0,
        10.0,
        50.0,
        100.0,
        500.0,
        1000.0,
        5000.0,
    ];
    let Some(first) = STEPS.iter().position(|&step| step >= input.base_step_size) else {
        return Vec::new();
    };
    let fine = STEPS[first];
    let (low, high) = input.bounds;
    let (start, end) = ((low / fine).ceil(), (high / fine).floor());
    if !(start.is_finite() && end.is_finite()) || end - start > 10_000.0 {
        return Vec::new();
    }
    let on_step = |value: f64, step: f64| ((value / step).round() * step - value).abs() < 1e-6;
    (start as i64..=end as i64)
        .map(|index| {
            let value = index as f64 * fine;
            let step_size = STEPS[first..]
                .iter()
                .rev()
                .find(|&&step| on_step(value, step))
                .copied()
                .unwrap_or(fine);
            GridMark { value, step_size }
        })
        .collect()
}

/// A plot x value in words: the year, or the month when zoomed in.
fn x_text(x: f64, step: f64) -> String {
    // In twelfths of a year, so that marks at whole months are named by their own month.
    let twelfths = (x * 12.0 + 1e-6).floor().clamp(12.0, 9999.0 * 12.0 + 11.0) as i64;
    let (year, month) = (twelfths.div_euclid(12), twelfths.rem_euclid(12) + 1);
    if step < 1.0 {
        format!("{year:04}-{month:02}")
    } else {
        format!("{year}")
    }
}

/// Draws the plot, turns a drag across it into a time range and a click on a bar, a point or a
/// label into a selection, and highlights the `selected` row.
/// What the plot draws.
struct PlotInputs<'a> {
    rows: &'a [Row],
    visible: &'a Visible,
    filter: &'a Filter,
    /// The selected row.
    selected: Option<usize>,
    /// The datasets' shown events per day, for the histogram under the rows.
    events_per_day: &'a [(Day, u32)],
}

fn plot(
    ui: &mut Ui,
    inputs: &PlotInputs<'_>,
    state: &mut TimelineState,
    actions: &mut Vec<Action>,
) {
    let PlotInputs {
        rows,
        visible,
        filter,
        selected,
        events_per_day,
    } = *inputs;
    let row_count = rows.len();
    // The datasets' events per bin, under the rows.
    let histogram_base = -(row_count as f64) - 0.5 - histogram::HEIGHT_ROWS;
    let bin = histogram::Bin::for_span(state.view.map_or(30.0, |(a, b)| b - a));
    let histogram = histogram::chart(
        events_per_day,
        bin,
        histogram_base,
        ui.visuals().hyperlink_color.gamma_multiply(0.8),
    );
    let histogram_rows = if histogram.is_some() {
        histogram::HEIGHT_ROWS + 0.5
    } else {
        0.0
    };
    let event_color = ui.visuals().strong_text_color();
    let mut charts = Vec::new();
    let mut points = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let y = -(index as f64);
        let shown = match &row.item {
            RowItem::Relationship(id) => visible.relationships.contains(id),
            RowItem::Event(id) => visible.events.contains(id),
        };
        let base = match row.style {
            RowStyle::Relationship { color } => color,
            RowStyle::Event { .. } => event_color,
        };
        let (outer_from, outer_to) = row.extent.outer;
        if let RowStyle::Event { shape } = row.style
            && is_point(row)
        {
            points.push(
                Points::new(
                    row.full.clone(),
                    PlotPoints::from(vec![[(outer_from + outer_to) / 2.0, y]]),
                )
                .shape(shape)
                .radius(POINT_RADIUS)
                .filled(true)
                .color(faded(base, shown)),
            );
            continue;
        }
        let fill = faded(base.gamma_multiply(status_alpha(row.status)), shown);
        let stroke = Stroke::new(1.0, faded(base, shown));
        // The thin bar is where it may lie, the thick one where it surely does.
        let mut bars = vec![
            Bar::new(y, outer_to - outer_from)
                .base_offset(outer_from)
                .width(0.3)
                .fill(fill)
                .stroke(Stroke::NONE)
                .name(&row.full),
        ];
        if let Some((core_from, core_to)) = row.extent.core {
            bars.push(
                Bar::new(y, core_to - core_from)
                    .base_offset(core_from)
                    .width(0.6)
                    .fill(fill)
                    .stroke(stroke)
                    .name(&row.full),
            );
        }
        charts.push(
            BarChart::new(row.full.clone(), bars)
                .horizontal()
                .color(base)
                .element_formatter(Box::new(|bar, _| bar.name.clone())),
        );
    }
    let relationship_rows = rows
        .iter()
        .filter(|row| matches!(row.item, RowItem::Relationship(_)))
        .count();

    // The filter's range, shaded; an open end runs to the edge of the story.
    let selection = ui.visuals().selection.bg_fill;
    let window_span = filter.time_window.as_ref().map(|range| {
        let start = range.earliest().map_or(1.0, year_fraction);
        let end = range
            .latest()
            .map_or(f64::from(current_year() + 1), end_fraction);
        Span::new(window_text(range), start..=end)
            .fill(selection.gamma_multiply(0.25))
            .border_color(selection.gamma_multiply(0.6))
    });
    let separator_color = ui.visuals().widgets.noninteractive.bg_stroke.color;
    // The selected row: a band across the plot, behind everything else.
    let highlight = selection.gamma_multiply(0.3);
    let selected_band = selected.map(|index| {
        let y = -(index as f64);
        Span::new("", (y - 0.5)..=(y + 0.5))
            .axis(Axis::Y)
            .fill(highlight)
            .border_color(selection.gamma_multiply(0.6))
    });

    let labels: Vec<String> = rows.iter().map(|row| row.label.clone()).collect();
    let hover_labels = labels.clone();
    // Name months on hover only when the view is narrow enough for them to matter.
    let hover_step = match state.view {
        Some((min, max)) if max - min < 40.0 => 0.5,
        _ => 1.0,
    };
    let y_axis = AxisHints::new_y()
        .formatter(move |mark, _| {
            // The selected row's label is drawn by the panel, stronger.
            row_at(mark.value, row_count)
                .filter(|&index| Some(index) != selected)
                .and_then(|index| labels.get(index))
                .cloned()
                .unwrap_or_default()
        })
        .label_spacing(MIN_ROW_HEIGHT - 3.0..=MIN_ROW_HEIGHT)
        .min_thickness(140.0)
        .tick_label_color(ui.visuals().text_color());
    // Fill the space left, with rows tall enough for their labels (scrolling if need be) and
    // no taller than a comfortable line.
    let margins = row_count.max(1) as f32 + 1.4 + histogram_rows as f32;
    let room = ui.available_height();
    let room = if room.is_finite() { room - 4.0 } else { 0.0 };
    let height = room.clamp(
        margins * MIN_ROW_HEIGHT + X_AXIS_HEIGHT,
        margins * MAX_ROW_HEIGHT + X_AXIS_HEIGHT,
    );
    let plot_left = ui.cursor().min.x;
    // Keeps a place behind the row labels for the band of the selected row, known once the
    // plot is laid out.
    let label_band = ui.painter().add(Shape::Noop);
    let mut brush = state.brush;
    let response = Plot::new("timeline")
        .height(height)
        .show_axes([true, true])
        .show_grid([true, false])
        .custom_y_axes(vec![y_axis])
        .y_grid_spacer(move |input: GridInput| {
            let (low, high) = input.bounds;
            (0..row_count)
                .map(|index| -(index as f64))
                .filter(|y| (low..=high).contains(y))
                .map(|value| GridMark {
                    value,
                    step_size: 1.0,
                })
                .collect()
        })
        .pan_pointer_button(PointerButton::Secondary)
        .allow_scroll([true, false])
        .allow_zoom([true, false])
        .allow_drag([true, false])
        .allow_boxed_zoom(false)
        .include_x(f64::from(current_year() + 1))
        .include_y(0.9)
        .include_y(-(row_count.max(1) as f64) + 0.5 - histogram_rows)
        .x_grid_spacer(year_marks)
        .x_axis_formatter(|mark, _| x_text(mark.value, mark.step_size))
        .label_formatter(move |position| match position {
            HoverPosition::NearDataPoint { plot_name, .. } if !plot_name.is_empty() => {
                Some((*plot_name).to_owned())
            }
            HoverPosition::NearDataPoint { position, .. }
            | HoverPosition::Elsewhere { position } => {
                let when = x_text(position.x, hover_step);
                Some(
                    match row_at(position.y, row_count).and_then(|i| hover_labels.get(i)) {
                        Some(label) => format!("{when}\n{label}"),
                        None => when,
                    },
                )
            }
        })
        .show(ui, |plot_ui| {
            let bounds = plot_ui.plot_bounds();
            let (min, max) = (bounds.min()[0], bounds.max()[0]);
            let year_at = |pos: Pos2| plot_ui.plot_from_screen(pos).x.clamp(min, max);
            let drag = plot_ui.response().clone();
            let mut finished = None;
            if drag.drag_started_by(PointerButton::Primary)
                && let Some(origin) = plot_ui.ctx().input(|i| i.pointer.press_origin())
            {
                brush = Some((year_at(origin), year_at(origin)));
            }
            if drag.dragged_by(PointerButton::Primary)
                && let (Some((start, _)), Some(pos)) = (brush, drag.interact_pointer_pos())
            {
                brush = Some((start, year_at(pos)));
            }
            if drag.drag_stopped() {
                finished = brush.take();
            }
            // A click (a press and release without a drag) on a bar or a point selects it.
            let years_per_pixel = plot_ui.transform().dvalue_dpos()[0];
            let row_at_pointer = |pos: Option<Pos2>| {
                pos.and_then(|pos| row_under(rows, plot_ui.plot_from_screen(pos), years_per_pixel))
            };
            let clicked = if drag.clicked_by(PointerButton::Primary) {
                row_at_pointer(drag.interact_pointer_pos())
            } else {
                None
            };
            if brush.is_none() && row_at_pointer(drag.hover_pos()).is_some() {
                plot_ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
            }

            if let Some(band) = selected_band {
                plot_ui.span(band);
            }
            if let Some(span) = window_span {
                plot_ui.span(span);
            }
            if let Some((a, b)) = brush {
                plot_ui.span(
                    Span::new("", a.min(b)..=a.max(b))
                        .fill(selection.gamma_multiply(0.35))
                        .border_color(selection),
                );
            }
            if relationship_rows > 0 && relationship_rows < row_count {
                plot_ui.hline(
                    HLine::new("", -(relationship_rows as f64) + 0.5)
                        .color(separator_color)
                        .width(1.0)
                        .allow_hover(false),
                );
            }
            for chart in charts {
                plot_ui.bar_chart(chart);
            }
            if let Some((chart, _)) = histogram {
                plot_ui.bar_chart(chart);
            }
            for point in points {
                plot_ui.points(point);
            }
            (min, max, brush, finished, clicked)
        });
    let (min, max, brush, finished, clicked) = response.inner;
    state.brush = brush;
    if let Some(row) = clicked.and_then(|index| rows.get(index)) {
        actions.push(row.item.select());
    }
    if min.is_finite() && max.is_finite() && min < max {
        state.view = Some((min, max));
    }
    let frame = *response.transform.frame();
    if let Some((a, b)) = finished
        && min < max
        && (b - a).abs() / (max - min) * f64::from(frame.width()) >= f64::from(MIN_BRUSH_PIXELS)
    {
        state.playback = None;
        actions.push(Action::SetFilter(with_window(
            filter,
            Some(brushed_range(a, b, max - min)),
        )));
    }
    response.response.widget_info(|| WidgetInfo {
        current_text_value: Some(format!("Years {min:.3} to {max:.3}")),
        ..WidgetInfo::labeled(Role::Figure, true, "Timeline plot")
    });

    // The row labels: full text on hover, and named for screen readers (and tests).
    let row_height = (response.transform.dpos_dvalue_y() as f32).abs();
    for (index, row) in rows.iter().enumerate() {
        let y = response
            .transform
            .position_from_point(&PlotPoint::new(0.0, -(index as f64)))
            .y;
        if !(frame.top()..=frame.bottom()).contains(&y) || plot_left >= frame.left() {
            continue;
        }
        let rect = Rect::from_x_y_ranges(
            plot_left..=frame.left(),
            (y - row_height / 2.0)..=(y + row_height / 2.0),
        );
        let label = ui.interact(
            rect,
            ui.scope_id().with(("timeline_row", index)),
            Sense::click(),
        );
        label.widget_info(|| WidgetInfo::labeled(Role::Label, true, &row.full));
        let is_selected = selected == Some(index);
        ui.ctx()
            .accesskit_node_builder(label.id, |node| node.set_selected(is_selected));
        if is_selected {
            ui.painter()
                .set(label_band, Shape::rect_filled(rect, 2.0, highlight));
            ui.painter().text(
                egui::pos2(frame.left() - Y_LABEL_MARGIN, y),
                Align2::RIGHT_CENTER,
                &row.label,
                TextStyle::Body.resolve(ui.style()),
                ui.visuals().strong_text_color(),
            );
        }
        let label = label
            .on_hover_text(&row.full)
            .on_hover_cursor(CursorIcon::PointingHand);
        if label.clicked() {
            actions.push(row.item.select());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventId;
    use crate::model::file::built_in_scenario;
    use crate::scene::story::Focus;

    #[test]
    fn year_marks_weigh_half_centuries_above_decades() {
        let marks = year_marks(GridInput {
            bounds: (1795.0, 2031.0),
            base_step_size: 2.0,
        });
        let step_of = |year: f64| {
            marks
                .iter()
                .find(|mark| (mark.value - year).abs() < 1e-9)
                .map(|mark| mark.step_size)
        };
        assert_eq!(step_of(1800.0), Some(100.0));
        assert_eq!(step_of(1850.0), Some(50.0));
        assert_eq!(step_of(1980.0), Some(10.0));
        assert_eq!(step_of(1985.0), Some(5.0));
        assert_eq!(step_of(1986.0), None);
        assert_eq!(x_text(1980.0, 10.0), "1980");
        assert_eq!(x_text(1980.25, 0.25), "1980-04");
        assert_eq!(x_text(1980.0 + 1.0 / 12.0, 1.0 / 12.0), "1980-02");
        assert_eq!(x_text(1979.999, 10.0), "1979");
    }

    #[test]
    fn a_click_hits_the_bar_or_the_point_of_the_row_under_it() {
        let project = built_in_scenario().unwrap();
        let (rows, _) = timeline_rows(&project);
        let at = |x, y| PlotPoint::new(x, y);
        // Half a year a pixel: the slack beside a bar is two years, beside a point four and a half.
        let ypp = 0.5;
        // The British intervention, 1800 to 1900, is the first row (y = 0).
        assert_eq!(row_under(&rows, at(1850.0, 0.0), ypp), Some(0));
        assert_eq!(
            row_under(&rows, at(1850.0, -0.45), ypp),
            Some(0),
            "anywhere across the row"
        );
        assert_eq!(
            row_under(&rows, at(1901.5, 0.0), ypp),
            Some(0),
            "just beside it"
        );
        assert_eq!(row_under(&rows, at(1903.0, 0.0), ypp), None, "empty space");
        assert_eq!(
            row_under(&rows, at(1850.0, 0.6), ypp),
            None,
            "above the rows"
        );
        let below = -(rows.len() as f64);
        assert_eq!(
            row_under(&rows, at(1990.0, below), ypp),
            None,
            "below the rows"
        );
        // The Soviet invasion, a month, is a point.
        let index = rows
            .iter()
            .position(|row| row.item == RowItem::Event(EventId::new("event:soviet-invasion")))
            .unwrap();
        assert!(is_point(&rows[index]));
        let (from, to) = rows[index].extent.outer;
        let (middle, y) = ((from + to) / 2.0, -(index as f64));
        assert_eq!(row_under(&rows, at(middle + 4.0, y), ypp), Some(index));
        assert_eq!(row_under(&rows, at(middle - 4.0, y), ypp), Some(index));
        assert_eq!(row_under(&rows, at(middle + 5.0, y), ypp), None);
        // The plot's transform gives a negative scale when the axis is flipped.
        assert_eq!(row_under(&rows, at(1901.5, 0.0), -ypp), Some(0));
        // What a row selects, and which row a selection highlights.
        let focus = rows[index].item.focus();
        assert_eq!(focus, Focus::Event(EventId::new("event:soviet-invasion")));
        assert!(rows[index].item.is(&focus));
        assert!(!rows[0].item.is(&focus));
        assert!(
            !rows[0]
                .item
                .is(&Focus::Actor(crate::model::ActorId::new("actor:iran")))
        );
    }

    #[test]
    fn a_drag_is_as_precise_as_the_view() {
        let wide = brushed_range(1985.6, 1970.2, 230.0);
        assert_eq!(
            wide,
            DateRange::between(FuzzyDate::Year(1970), FuzzyDate::Year(1985))
        );
        let years = brushed_range(1979.95, 1981.1, 12.0);
        assert_eq!(
            years,
            DateRange::between(FuzzyDate::Month(1979, 12), FuzzyDate::Month(1981, 2))
        );
        let days = brushed_range(2001.69, 2001.70, 1.0);
        assert!(matches!(days.start, FuzzyDate::Day(2001, 9, _)));
    }
}
