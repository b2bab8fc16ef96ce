//! Bringing a dataset's event (or actor pair) into the story as an ordinary record, citing
//! the dataset as its source.

use super::day::to_ymd;
use super::import::Format;
use super::link::DatasetLink;
use super::pairs::ActorPair;
use super::table::{EventTable, Role};
use crate::model::new_id::unique_id;
use crate::model::{
    Actor, ActorId, ActorKind, Change, DateRange, Edit, Event, EventCategory, EventId, FuzzyDate,
    Grade, Place, Project, Relationship, RelationshipId, RelationshipKind, Source, SourceId,
    Status,
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

/// What a pair of a dataset means as a tie: curated conflict data (ACLED, UCDP) codes
/// violence between the two; GDELT and other tables code any reported interaction.
fn pair_kind(link: &DatasetLink) -> RelationshipKind {
    match link.format {
        Format::Acled | Format::Ucdp => RelationshipKind::ArmedConflict,
        Format::Gdelt | Format::Csv => RelationshipKind::Other("reported_interaction".into()),
    }
}

/// The id a promoted pair's relationship gets: one per dataset and ordered pair of actors, so
/// promoting the same pair twice is noticed.
pub fn pair_relationship_id(link: &DatasetLink, from: &ActorId, to: &ActorId) -> RelationshipId {
    RelationshipId::new(format!("{}-{}-{}", link.id, from.as_str(), to.as_str()))
}

/// An actor pair as a directed story relationship between two existing story actors.
pub fn story_relationship(
    pair: &ActorPair,
    from: ActorId,
    to: ActorId,
    link: &DatasetLink,
) -> Relationship {
    Relationship {
        id: pair_relationship_id(link, &from, &to),
        from,
        to,
        kind: pair_kind(link),
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

/// Why a pair could not be promoted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PairPromotionError {
    #[error("the tie from {from} to {to} from this dataset is already in the story")]
    AlreadyInStory { from: String, to: String },
    #[error("{0} has no events with a position in this dataset, so it cannot be placed")]
    Unplaced(String),
}

/// The story actor called `name` (or with it as an alias), in any case.
fn story_actor(project: &Project, name: &str) -> Option<ActorId> {
    let wanted = name.trim().to_lowercase();
    project
        .actors
        .iter()
        .find(|actor| {
            actor.name.to_lowercase() == wanted
                || actor
                    .aliases
                    .iter()
                    .any(|alias| alias.to_lowercase() == wanted)
        })
        .map(|actor| actor.id.clone())
}

/// A state's forces as the datasets name them ("Military Forces of Mali (2021-)",
/// "Police Forces of Pakistan", "Government of Afghanistan").
fn looks_like_a_state(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "military forces of",
        "police forces of",
        "government of",
        "state forces of",
    ]
    .iter()
    .any(|prefix| lower.starts_with(prefix))
}

/// A new story actor for `name`, anchored at the median position of the rows it takes part
/// in (the median keeps a few distant events from pulling it into the sea), at the place
/// named most often there.
fn new_actor(
    project: &Project,
    name: &str,
    table: &EventTable,
    rows: &[u32],
    link: &DatasetLink,
    taken: &[ActorId],
) -> Result<Actor, PairPromotionError> {
    let names = [table.field(Role::Actor1), table.field(Role::Actor2)];
    let mut lons = Vec::new();
    let mut lats = Vec::new();
    let mut places: std::collections::HashMap<String, usize> = Default::default();
    for &row in rows {
        let row = row as usize;
        if row >= table.len() || !(table.lon[row].is_finite() && table.lat[row].is_finite()) {
            continue;
        }
        let takes_part = names
            .iter()
            .flatten()
            .any(|field| field.column.text(row) == name);
        if !takes_part {
            continue;
        }
        lons.push(table.lon[row]);
        lats.push(table.lat[row]);
        let place = [Role::Location, Role::Admin1, Role::Country]
            .iter()
            .map(|&role| table.text(role, row))
            .find(|text| !text.is_empty());
        if let Some(place) = place {
            *places.entry(place.into_owned()).or_default() += 1;
        }
    }
    if lons.is_empty() {
        return Err(PairPromotionError::Unplaced(name.to_owned()));
    }
    lons.sort_by(f64::total_cmp);
    lats.sort_by(f64::total_cmp);
    let place_name = places
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(place, _)| place)
        .unwrap_or_default();
    let id = unique_id("actor", name, |candidate| {
        let candidate = ActorId::new(candidate);
        project.actor(&candidate).is_some() || taken.contains(&candidate)
    });
    Ok(Actor {
        id: ActorId::new(id),
        name: name.to_owned(),
        aliases: Vec::new(),
        kind: if looks_like_a_state(name) {
            ActorKind::State
        } else {
            ActorKind::NonStateArmedGroup
        },
        anchor: Place::new(lons[lons.len() / 2], lats[lats.len() / 2], place_name),
        country_iso_a3: None,
        member_of: None,
        description: format!(
            "Added from the dataset {} as one side of its events; place and kind are a first guess.",
            link.name
        ),
        sources: vec![dataset_source_id(link)],
        extra: Default::default(),
    })
}

/// Everything that brings an actor pair into the story, to apply as one undoable step: the
/// dataset as a source (once), each side as a story actor (the existing one of that name, or a
/// new one placed where its events are), and the reported tie between them.
pub fn pair_edits(
    project: &Project,
    table: &EventTable,
    rows: &[u32],
    pair: &ActorPair,
    link: &DatasetLink,
) -> Result<Edit, PairPromotionError> {
    let mut edits = Vec::new();
    let source_id = dataset_source_id(link);
    if project.source(&source_id).is_none() {
        edits.push(Edit::Source(Change::Add {
            index: None,
            record: dataset_source(link),
        }));
    }
    let mut ends: Vec<ActorId> = Vec::new();
    for name in [&pair.actor1, &pair.actor2] {
        if let Some(id) = story_actor(project, name) {
            ends.push(id);
            continue;
        }
        // The same name on both sides ("Civilians" on "Civilians") is one actor.
        if let Some(index) = [&pair.actor1, &pair.actor2]
            .iter()
            .take(ends.len())
            .position(|earlier| *earlier == name)
        {
            ends.push(ends[index].clone());
            continue;
        }
        let actor = new_actor(project, name, table, rows, link, &ends)?;
        ends.push(actor.id.clone());
        edits.push(Edit::Actor(Change::Add {
            index: None,
            record: actor,
        }));
    }
    let (from, to) = (ends[0].clone(), ends[1].clone());
    if project
        .relationship(&pair_relationship_id(link, &from, &to))
        .is_some()
    {
        return Err(PairPromotionError::AlreadyInStory {
            from: pair.actor1.clone(),
            to: pair.actor2.clone(),
        });
    }
    edits.push(Edit::Relationship(Change::Add {
        index: None,
        record: story_relationship(pair, from, to, link),
    }));
    Ok(Edit::Batch(edits))
}
