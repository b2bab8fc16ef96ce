//! Turns the accepted proposals of a draft into one undoable edit.

use serde_json::{Map, Value, json};

use super::{Draft, Quote};
use crate::gazetteer::fold;
use crate::model::{
    Actor, ActorId, Change, Edit, Event, EventId, Place, Project, Relationship, RelationshipId,
    Source, SourceId,
};

/// Which proposals the analyst accepted: indexes into [`Draft::actors`] and [`Draft::ties`].
/// A tie's ends are added with it even when their actors were not ticked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accepted {
    pub actors: Vec<usize>,
    pub ties: Vec<usize>,
    /// Indexes into [`Draft::events`]; an event's actors are added with it.
    pub events: Vec<usize>,
}

impl Accepted {
    /// Every proposal with at least this confidence.
    pub fn above(draft: &Draft, minimum: f64) -> Self {
        Self {
            actors: (0..draft.actors.len())
                .filter(|i| draft.actors[*i].confidence >= minimum)
                .collect(),
            ties: (0..draft.ties.len())
                .filter(|i| draft.ties[*i].confidence >= minimum)
                .collect(),
            events: (0..draft.events.len())
                .filter(|i| draft.events[*i].confidence >= minimum)
                .collect(),
        }
    }
}

/// The `evidence` member kept in a record's extra properties: the quote and its offsets.
pub fn evidence(quote: &Quote, confidence: f64) -> Value {
    json!({ "quote": quote.sentence, "start": quote.start, "end": quote.end, "confidence": confidence })
}

/// `base`, or `base-2`, `base-3`… when taken.
fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

/// An existing actor that is the same as the proposal: same folded name or alias, or the same
/// state (kind and country).
fn existing_match<'a>(project: &'a Project, actor: &super::ActorProposal) -> Option<&'a Actor> {
    let names: Vec<String> = std::iter::once(&actor.name)
        .chain(&actor.aliases)
        .map(|n| fold(n))
        .collect();
    project
        .actors
        .iter()
        .find(|existing| {
            std::iter::once(&existing.name)
                .chain(&existing.aliases)
                .any(|n| names.contains(&fold(n)))
        })
        .or_else(|| {
            project.actors.iter().find(|existing| {
                existing.kind == actor.kind
                    && actor.country_iso_a3.is_some()
                    && existing.country_iso_a3 == actor.country_iso_a3
                    && actor.kind == crate::model::ActorKind::State
            })
        })
}

/// One [`Edit::Batch`]: a source record for the article, the accepted actors (merged into those
/// already in `project`), and the accepted ties, each citing the source and keeping its quote.
pub fn to_edit(draft: &Draft, accepted: &Accepted, project: &Project) -> Edit {
    let mut edits = Vec::new();
    let source_id = SourceId::new(unique(
        &format!(
            "source:{}",
            fold(&draft.title)
                .split(' ')
                .take(6)
                .collect::<Vec<_>>()
                .join("-")
        ),
        |id| project.source(&SourceId::new(id)).is_some(),
    ));
    edits.push(Edit::Source(Change::Add {
        index: None,
        record: Source {
            id: source_id.clone(),
            title: draft.title.clone(),
            publisher: draft.outlet.clone(),
            date: draft.date.unwrap_or_default(),
            read_at: String::new(),
            extra: Map::new(),
        },
    }));
    // Which draft actors are needed, and the project id each ends up with.
    let mut needed: Vec<usize> = accepted.actors.clone();
    for &tie in &accepted.ties {
        if let Some(tie) = draft.ties.get(tie) {
            for end in [&tie.from, &tie.to] {
                if let Some(index) = draft.actors.iter().position(|a| &a.id == end)
                    && !needed.contains(&index)
                {
                    needed.push(index);
                }
            }
        }
    }
    for &event in &accepted.events {
        for end in draft
            .events
            .get(event)
            .map(|e| e.actors.as_slice())
            .unwrap_or_default()
        {
            if let Some(index) = draft.actors.iter().position(|a| &a.id == end)
                && !needed.contains(&index)
            {
                needed.push(index);
            }
        }
    }
    needed.sort_unstable();
    let mut ids: Vec<(ActorId, ActorId)> = Vec::new();
    let mut added: Vec<Actor> = Vec::new();
    for &index in &needed {
        let Some(proposal) = draft.actors.get(index) else {
            continue;
        };
        if let Some(existing) = existing_match(project, proposal) {
            ids.push((proposal.id.clone(), existing.id.clone()));
            continue;
        }
        let id = ActorId::new(unique(proposal.id.as_str(), |id| {
            project.actor(&ActorId::new(id)).is_some() || added.iter().any(|a| a.id.as_str() == id)
        }));
        ids.push((proposal.id.clone(), id.clone()));
        let mut extra = Map::new();
        extra.insert(
            "evidence".to_owned(),
            evidence(&proposal.quote, proposal.confidence),
        );
        let description = proposal.role.clone().unwrap_or_default();
        added.push(Actor {
            id,
            name: proposal.name.clone(),
            aliases: proposal.aliases.clone(),
            kind: proposal.kind,
            anchor: Place::new(proposal.lon, proposal.lat, proposal.anchor_name.clone()),
            country_iso_a3: proposal.country_iso_a3.clone(),
            member_of: proposal.member_of.clone(),
            description,
            sources: vec![source_id.clone()],
            extra,
        });
    }
    let map = |id: &ActorId| {
        ids.iter()
            .find(|(from, _)| from == id)
            .map(|(_, to)| to.clone())
    };
    // Members point at project ids; a member whose group was not accepted belongs to nobody.
    for actor in &mut added {
        actor.member_of = actor.member_of.as_ref().and_then(map);
    }
    // Groups before their members, so each add passes validation.
    added.sort_by_key(|a| a.member_of.is_some());
    edits.extend(added.into_iter().map(|record| {
        Edit::Actor(Change::Add {
            index: None,
            record,
        })
    }));
    let mut relationship_ids: Vec<String> = Vec::new();
    for &index in &accepted.ties {
        let Some(tie) = draft.ties.get(index) else {
            continue;
        };
        let (Some(from), Some(to)) = (map(&tie.from), map(&tie.to)) else {
            continue;
        };
        if from == to {
            continue;
        }
        let base = format!(
            "rel:{}-{}-{}",
            from.as_str().trim_start_matches("actor:"),
            tie.kind.as_str().replace('_', "-"),
            to.as_str().trim_start_matches("actor:")
        );
        let id = unique(&base, |id| {
            project.relationship(&RelationshipId::new(id)).is_some()
                || relationship_ids.iter().any(|r| r == id)
        });
        relationship_ids.push(id.clone());
        let mut extra = Map::new();
        extra.insert("evidence".to_owned(), evidence(&tie.quote, tie.confidence));
        edits.push(Edit::Relationship(Change::Add {
            index: None,
            record: Relationship {
                id: RelationshipId::new(id),
                from,
                to,
                kind: tie.kind.clone(),
                directed: tie.directed,
                status: tie.status,
                grade: Some(tie.grade),
                start: tie.start,
                end: None,
                sources: vec![source_id.clone()],
                notes: format!("Cue: \"{}\"", tie.cue),
                extra,
            },
        }));
    }
    let mut event_ids: Vec<String> = Vec::new();
    for &index in &accepted.events {
        let Some(event) = draft.events.get(index) else {
            continue;
        };
        let base = format!(
            "event:{}",
            fold(&event.title)
                .split(' ')
                .take(6)
                .collect::<Vec<_>>()
                .join("-")
        );
        let id = unique(&base, |id| {
            project.event(&EventId::new(id)).is_some() || event_ids.iter().any(|e| e == id)
        });
        event_ids.push(id.clone());
        let mut extra = Map::new();
        extra.insert(
            "evidence".to_owned(),
            evidence(&event.quote, event.confidence),
        );
        edits.push(Edit::Event(Change::Add {
            index: None,
            record: Event {
                id: EventId::new(id),
                title: event.title.clone(),
                date: event.date,
                place: Place::new(event.lon, event.lat, event.place_name.clone()),
                category: event.category.clone(),
                actors: event.actors.iter().filter_map(map).collect(),
                description: String::new(),
                status: event.status,
                grade: Some(event.grade),
                sources: vec![source_id.clone()],
                extra,
            },
        }));
    }
    Edit::Batch(edits)
}
