//! Bringing a dataset's event (or actor pair) into the story as an ordinary record, citing
//! the dataset as its source.

use super::day::to_ymd;
use super::link::DatasetLink;
use super::pairs::ActorPair;
use super::table::{EventTable, Role};
use crate::model::{
    ActorId, DateRange, Event, EventCategory, EventId, FuzzyDate, Grade, Place, Relationship,
    RelationshipId, RelationshipKind, Source, SourceId, Status,
};

/// The id of the source record that stands for a dataset.
pub fn dataset_source_id(link: &DatasetLink) -> SourceId {
    SourceId::new(format!("dataset-{}", link.id))
}

/// The story source that cites a dataset (add it once, beside the promoted records).
pub fn dataset_source(link: &DatasetLink) -> Source {
    Source {
        id: dataset_source_id(link),
        title: link.name.clone(),
        publisher: link.format.to_string().to_uppercase(),
        date: FuzzyDate::Unknown,
        read_at: link.path.clone(),
        extra: Default::default(),
    }
}

fn fuzzy(day: super::Day) -> FuzzyDate {
    let (year, month, day) = to_ymd(day);
    FuzzyDate::Day(year, month, day)
}

/// Grade B3 ("usually reliable, possibly true"): curated datasets (ACLED, UCDP) are coded by
/// researchers from press reports; GDELT is machine-coded, so C3.
fn grade_for(link: &DatasetLink) -> Option<Grade> {
    let reliability = match link.format {
        super::import::Format::Gdelt => 'C',
        _ => 'B',
    };
    Grade::new(reliability, 3).ok()
}

/// Event `row` of `table` as a story event: status reported, the dataset as its source, the
/// notes as description. `None` when `row` is out of range.
pub fn story_event(table: &EventTable, row: usize, link: &DatasetLink) -> Option<Event> {
    if row >= table.len() {
        return None;
    }
    let start = table.day_start[row];
    let end = table.day_end[row];
    let date = if start == end {
        DateRange::single(fuzzy(start))
    } else {
        DateRange::between(fuzzy(start), fuzzy(end))
    };
    let source_id = table.text(Role::Id, row);
    let id = if source_id.is_empty() {
        format!("{}-line-{}", link.id, table.line[row])
    } else {
        format!("{}-{}", link.id, source_id)
    };
    let mut extra = serde_json::Map::new();
    for field in &table.fields {
        let value = field.column.text(row);
        if !value.is_empty() && field.role != Some(Role::Notes) {
            extra.insert(format!("dataset:{}", field.name), value.into_owned().into());
        }
    }
    Some(Event {
        id: EventId::new(id),
        title: table.title(row),
        date,
        place: Place::new(
            table.lon[row],
            table.lat[row],
            table.text(Role::Location, row),
        ),
        category: EventCategory::from(table.text(Role::Category, row).into_owned()),
        actors: Vec::new(),
        description: table.text(Role::Notes, row).into_owned(),
        status: Status::Reported,
        grade: grade_for(link),
        sources: vec![dataset_source_id(link)],
        extra,
    })
}

/// An actor pair as a directed story relationship between two existing story actors.
pub fn story_relationship(
    pair: &ActorPair,
    from: ActorId,
    to: ActorId,
    link: &DatasetLink,
) -> Relationship {
    Relationship {
        id: RelationshipId::new(format!("{}-{}-{}", link.id, from.as_str(), to.as_str())),
        from,
        to,
        kind: RelationshipKind::ArmedConflict,
        directed: true,
        status: Status::Reported,
        grade: grade_for(link),
        start: Some(fuzzy(pair.first)),
        end: Some(fuzzy(pair.last)),
        sources: vec![dataset_source_id(link)],
        notes: format!(
            "{} events in {} between {} and {}",
            pair.count, link.name, pair.actor1, pair.actor2
        ),
        extra: Default::default(),
    }
}
