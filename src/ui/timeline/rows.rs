//! Dates as fractional years, and the rows of the plot: their items, extents and labels.

use egui::Color32;
use egui_plot::MarkerShape;

use crate::clock::current_year;
use crate::model::date::{DateRange, FuzzyDate, Ymd};
use crate::model::{Actor, EventId, Project, Relationship, RelationshipId, Status};
use crate::scene::MarkerShape as SceneShape;
use crate::scene::story::{Focus, event_symbol, relationship_color};
use crate::ui::actions::{Action, Selection};
use crate::ui::painter::color32;

use super::LABEL_CHARS;

/// Days before each month in a year of 365 days.
const DAYS_BEFORE_MONTH: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// A day as a fractional year: the start of the day.
pub fn year_fraction((year, month, day): Ymd) -> f64 {
    let month_index = usize::from(month.clamp(1, 12)) - 1;
    let day_of_year = f64::from(DAYS_BEFORE_MONTH[month_index]) + f64::from(day.max(1)) - 1.0;
    f64::from(year) + day_of_year / 365.0
}

/// The day a fractional year falls on (the inverse of [`year_fraction`]), within years 1–9999.
pub fn day_of(x: f64) -> Ymd {
    let year = if x.is_finite() {
        x.floor().clamp(1.0, 9999.0)
    } else {
        1.0
    };
    let day_of_year = ((x - year) * 365.0).floor().clamp(0.0, 364.0) as u16;
    let month_index = DAYS_BEFORE_MONTH
        .iter()
        .rposition(|&before| before <= day_of_year)
        .unwrap_or(0);
    let day = day_of_year - DAYS_BEFORE_MONTH[month_index] + 1;
    (year as i32, month_index as u8 + 1, day as u8)
}

/// The end of a day as a fractional year.
pub(super) fn end_fraction(day: Ymd) -> f64 {
    year_fraction(day) + 1.0 / 365.0
}

/// The span of a relationship in fractional years, `None` when it has no date at all.
pub fn relationship_span(relationship: &Relationship) -> Option<(f64, f64)> {
    relationship_extent(relationship, 1.0).map(|extent| extent.outer)
}

/// The span of a date range in fractional years, `None` when unknown.
pub fn range_span(range: &DateRange) -> Option<(f64, f64)> {
    event_extent(range, 1.0).map(|extent| extent.outer)
}

/// Where an item may lie (`outer`) and where it surely lies (`core`), in fractional years.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extent {
    pub outer: (f64, f64),
    /// `None` when the dates are too vague to say it held at any moment in particular.
    pub core: Option<(f64, f64)>,
}

/// The extent from the bounds of a start and an end, as the filter reads them: an unknown
/// start is open to the left (`open_from`), an unknown end open to the current year.
fn extent(
    start: FuzzyDate,
    end: FuzzyDate,
    open_from: f64,
    open_end_is_sure: bool,
) -> Option<Extent> {
    let now = f64::from(current_year() + 1);
    let (earliest_start, latest_start) = match (start.earliest(), start.latest()) {
        (Some(earliest), Some(latest)) => (Some(year_fraction(earliest)), end_fraction(latest)),
        _ => (None, f64::INFINITY),
    };
    let (earliest_end, latest_end) = match (end.earliest(), end.latest()) {
        (Some(earliest), Some(latest)) => (year_fraction(earliest), Some(end_fraction(latest))),
        _ if open_end_is_sure => (now.max(latest_start), None),
        _ => (f64::NEG_INFINITY, None),
    };
    let (from, to) = match (earliest_start, latest_end) {
        (None, None) => return None,
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => (from, now.max(from)),
        (None, Some(to)) => (open_from.min(to), to),
    };
    let outer = (from.min(to), from.max(to));
    let core = (latest_start < earliest_end).then_some((latest_start, earliest_end));
    Some(Extent { outer, core })
}

/// A relationship's extent: with no end it runs to now, and surely so unless it is history
/// (a historical tie with no end is one whose end the story does not give).
pub fn relationship_extent(relationship: &Relationship, open_from: f64) -> Option<Extent> {
    extent(
        relationship.start.unwrap_or_default(),
        relationship.end.unwrap_or_default(),
        open_from,
        relationship.status != Status::Historical,
    )
}

/// An event's extent: a single date is the whole period it names; an unknown end is open.
pub fn event_extent(range: &DateRange, open_from: f64) -> Option<Extent> {
    extent(range.start, range.end, open_from, false)
}

/// The item a row shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowItem {
    Relationship(RelationshipId),
    Event(EventId),
}

impl RowItem {
    /// The story item to select for this row.
    pub fn focus(&self) -> Focus {
        match self {
            RowItem::Relationship(id) => Focus::Relationship(id.clone()),
            RowItem::Event(id) => Focus::Event(id.clone()),
        }
    }

    /// Whether this row shows the item in focus (an actor has no row).
    pub fn is(&self, focus: &Focus) -> bool {
        match (self, focus) {
            (RowItem::Relationship(row), Focus::Relationship(id)) => row == id,
            (RowItem::Event(row), Focus::Event(id)) => row == id,
            _ => false,
        }
    }

    pub(super) fn select(&self) -> Action {
        Action::Select(Some(Selection::Story(self.focus())))
    }
}

/// How a row is drawn.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum RowStyle {
    Relationship { color: Color32 },
    Event { shape: MarkerShape },
}

/// One row of the plot: a dated relationship or event.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub item: RowItem,
    /// The words at the left of the row, cut to [`LABEL_CHARS`] with an ellipsis.
    pub label: String,
    /// Everything the row stands for, for the hover text and screen readers.
    pub full: String,
    pub extent: Extent,
    pub status: Status,
    pub(super) style: RowStyle,
}

/// The rows of the plot — relationships by start, then events by date — and the names of the
/// undated items, which have no place on it.
pub fn timeline_rows(project: &Project) -> (Vec<Row>, Vec<String>) {
    let open_from = first_year(project).map_or(1.0, f64::from);
    let mut undated = Vec::new();
    let mut relationships = Vec::new();
    for relationship in &project.relationships {
        let full = relationship_text(project, relationship);
        let Some(extent) = relationship_extent(relationship, open_from) else {
            undated.push(full.replace('\n', ": "));
            continue;
        };
        relationships.push(Row {
            item: RowItem::Relationship(relationship.id.clone()),
            label: ellipsize(&relationship_row_label(project, relationship), LABEL_CHARS),
            full,
            extent,
            status: relationship.status,
            style: RowStyle::Relationship {
                color: color32(relationship_color(&relationship.kind)),
            },
        });
    }
    let mut events = Vec::new();
    for event in &project.events {
        let Some(extent) = event_extent(&event.date, open_from) else {
            undated.push(format!("{} (event)", event.title));
            continue;
        };
        events.push(Row {
            item: RowItem::Event(event.id.clone()),
            label: ellipsize(&event.title, LABEL_CHARS),
            full: format!(
                "{}\n{}, {}\n{}",
                event.title,
                capitalised(event.category.label()),
                event.status.label(),
                date_text(&event.date)
            ),
            extent,
            status: event.status,
            style: RowStyle::Event {
                shape: plot_shape(event_symbol(&event.category)),
            },
        });
    }
    let by_start = |a: &Row, b: &Row| a.extent.outer.0.total_cmp(&b.extent.outer.0);
    relationships.sort_by(by_start);
    events.sort_by(by_start);
    relationships.extend(events);
    (relationships, undated)
}

fn plot_shape(shape: SceneShape) -> MarkerShape {
    match shape {
        SceneShape::Circle => MarkerShape::Circle,
        SceneShape::Square => MarkerShape::Square,
        SceneShape::Diamond => MarkerShape::Diamond,
        SceneShape::Triangle => MarkerShape::Up,
    }
}

/// The shortest of an actor's name and aliases ("Russia" for the Russian Federation): row
/// labels must be short, and the hover text gives the full name.
fn short_name(actor: &Actor) -> &str {
    std::iter::once(&actor.name)
        .chain(&actor.aliases)
        .map(String::as_str)
        .filter(|name| !name.trim().is_empty())
        .min_by_key(|name| name.chars().count())
        .unwrap_or(actor.name.as_str())
}

/// A relationship's row label: "Russia – Taliban government: defence cooperation".
pub fn relationship_row_label(project: &Project, relationship: &Relationship) -> String {
    let name = |id| project.actor(id).map_or(id.as_str(), short_name);
    format!(
        "{} – {}: {}",
        name(&relationship.from),
        name(&relationship.to),
        relationship.kind.label()
    )
}

/// A relationship's words for hover texts: who, what kind, how sure, and when.
fn relationship_text(project: &Project, relationship: &Relationship) -> String {
    let name = |id| {
        project
            .actor(id)
            .map_or_else(|| id.to_string(), |actor| actor.name.clone())
    };
    let when = match (relationship.start, relationship.end) {
        (Some(start), Some(end)) => format!("{start} to {end}"),
        (Some(start), None) if relationship.status == Status::Historical => {
            format!("since {start}, end not given")
        }
        (Some(start), None) => format!("since {start}"),
        (None, Some(end)) => format!("until {end}"),
        (None, None) => "undated".to_owned(),
    };
    format!(
        "{} – {}\n{}, {}\n{when}",
        name(&relationship.from),
        name(&relationship.to),
        capitalised(relationship.kind.label()),
        relationship.status.label()
    )
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `text` cut to at most `max_chars` characters, ending in "…" when cut.
pub fn ellipsize(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end_matches([' ', ',', ':', '–', '-']))
}

/// The first year any item may start.
pub(super) fn first_year(project: &Project) -> Option<i32> {
    let relationships = project
        .relationships
        .iter()
        .filter_map(|relationship| relationship.start.and_then(|date| date.earliest()));
    let events = project
        .events
        .iter()
        .filter_map(|event| event.date.earliest().or_else(|| event.date.latest()));
    relationships.chain(events).min().map(|(year, _, _)| year)
}

fn date_text(range: &DateRange) -> String {
    if range.is_single() {
        range.start.to_string()
    } else if range.end == FuzzyDate::Unknown {
        format!("since {}, end not given", range.start)
    } else {
        format!("{} to {}", range.start, range.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::file::built_in_scenario;

    #[test]
    fn long_labels_end_in_an_ellipsis() {
        assert_eq!(ellipsize("Iran", 10), "Iran");
        let cut = ellipsize("Russia – Taliban government: defence cooperation", 20);
        assert_eq!(cut.chars().count(), 20);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(cut.starts_with("Russia – Taliban"));
        // No dangling separator before the ellipsis.
        assert_eq!(ellipsize("Russia – Taliban", 9), "Russia…");
    }

    #[test]
    fn rows_are_labelled_by_who_and_what_or_by_title() {
        let project = built_in_scenario().unwrap();
        let (rows, undated) = timeline_rows(&project);
        let labels: Vec<&str> = rows.iter().map(|row| row.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "British Empire – Afghanistan: historical in…",
                "USSR – Afghanistan: historical intervention",
                "US – Afghanistan: historical intervention",
                "19th-century imperial rivalry over Afghanis…",
                "Soviet invasion of Afghanistan",
                "Attacks of 11 September 2001",
                "US-led intervention in Afghanistan",
            ]
        );
        assert!(
            rows.iter()
                .all(|row| row.label.chars().count() <= LABEL_CHARS)
        );
        let soviet = &rows[1];
        assert!(soviet.full.starts_with("Soviet Union – Afghanistan\n"));
        assert!(soviet.full.contains("Historical intervention, historical"));
        assert!(
            undated
                .iter()
                .any(|name| name.starts_with("Russian Federation – Taliban-led"))
        );
        let russia = project
            .relationships
            .iter()
            .find(|r| r.id.as_str() == "rel:russia-taliban-defence-framework")
            .unwrap();
        assert_eq!(
            relationship_row_label(&project, russia),
            "Russia – Taliban government: defence cooperation"
        );
    }

    #[test]
    fn fuzzy_dates_are_drawn_as_the_filter_reads_them() {
        let project = built_in_scenario().unwrap();
        let (rows, _) = timeline_rows(&project);
        // "19th century" to "19th century": it may lie anywhere in the century, surely nowhere.
        assert_eq!(rows[0].extent.outer.0, 1800.0);
        assert!((rows[0].extent.outer.1 - 1900.0).abs() < 1e-9);
        assert_eq!(rows[0].extent.core, None);
        // A historical tie with no end runs on to now, but not surely.
        assert_eq!(rows[1].extent.outer.1, f64::from(current_year() + 1));
        assert_eq!(rows[1].extent.core, None);
        // A tie that holds runs surely to now, from the end of its start month.
        let holding = Relationship {
            status: Status::Confirmed,
            ..project.relationships[17].clone()
        };
        let extent = relationship_extent(&holding, 1800.0).unwrap();
        assert_eq!(
            extent.core,
            Some((2001.0 + 304.0 / 365.0, f64::from(current_year() + 1)))
        );
        // An event of one month may be on any of its days.
        let month = event_extent(&DateRange::single(FuzzyDate::Month(1979, 12)), 1800.0).unwrap();
        assert_eq!(month.core, None);
        assert!((month.outer.1 - 1980.0).abs() < 1e-9);
    }

    #[test]
    fn a_day_and_its_fraction_of_a_year_agree() {
        for day in [(1979, 12, 27), (2001, 1, 1), (2001, 9, 11), (1800, 12, 31)] {
            assert_eq!(day_of(year_fraction(day) + 0.5 / 365.0), day);
        }
        assert_eq!(day_of(-5.0), (1, 1, 1));
    }
}
