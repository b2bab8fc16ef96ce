//! Events: an attack, a statement, a publication or an agreement a sentence reports, with
//! its actors, place and date.

use super::dates::DateFinder;
use super::extract::Mention;
use super::text::SentenceSpan;
use super::ties::{hedging, suggested_grade};
use super::{Draft, EventProposal, Quote};
use crate::model::{ActorId, ActorKind, DateRange, EventCategory, FuzzyDate};

/// Cue words per event category, and the actor kind the sentence must name (if any).
const EVENT_CUES: &[(EventCategory, &[&str], Option<ActorKind>)] = &[
    (
        EventCategory::Attack,
        &[
            "attacked",
            "attack on",
            "airstrike",
            "air strike",
            "bombed",
            "claimed responsibility",
            "strikes on",
            "shelled",
        ],
        None,
    ),
    (
        EventCategory::Agreement,
        &["signed", "pact", "agreement was", "treaty"],
        None,
    ),
    (
        EventCategory::Publication,
        &[
            "published by",
            "report by",
            "investigation published",
            "reported",
        ],
        Some(ActorKind::MediaOutlet),
    ),
    (
        EventCategory::Statement,
        &[
            "warned",
            "said",
            "statement",
            "denied",
            "announced",
            "affirmed",
        ],
        Some(ActorKind::Person),
    ),
];

/// At most one event per sentence: the first category whose cue and actor kind it has.
pub(super) fn events(
    draft: &Draft,
    sentences: &[SentenceSpan],
    mentions: &[Vec<Mention>],
    dates: &DateFinder,
) -> Vec<EventProposal> {
    let mut events = Vec::new();
    for (index, span) in sentences.iter().enumerate() {
        let sentence = &draft.text[span.start..span.end];
        let lower = sentence.to_lowercase();
        let Some(sentence_mentions) = mentions.get(index) else {
            continue;
        };
        let mut actors: Vec<ActorId> = Vec::new();
        for mention in sentence_mentions {
            let id = ActorId::new(mention.key.clone());
            if !actors.contains(&id) {
                actors.push(id);
            }
        }
        if actors.is_empty() {
            continue;
        }
        let kinds: Vec<ActorKind> = actors
            .iter()
            .filter_map(|a| draft.actor(a).map(|p| p.kind))
            .collect();
        let Some((category, cue)) = EVENT_CUES.iter().find_map(|(category, cues, needs)| {
            let cue = cues.iter().find(|cue| lower.contains(*cue))?;
            needs
                .is_none_or(|kind| kinds.contains(&kind))
                .then_some((category.clone(), *cue))
        }) else {
            continue;
        };
        let found = dates.find(sentence, draft.date);
        let date = found.first().map_or(FuzzyDate::Unknown, |d| d.date);
        let place = draft
            .places
            .iter()
            .find(|p| p.quote.start == span.start)
            .map(|p| (p.name.clone(), p.lon, p.lat));
        let anchor = actors
            .iter()
            .filter_map(|a| draft.actor(a))
            .find(|a| !a.anchor_name.is_empty())
            .map(|a| (a.anchor_name.clone(), a.lon, a.lat));
        let Some((place_name, lon, lat)) = place.or(anchor) else {
            continue;
        };
        let names: Vec<&str> = actors
            .iter()
            .filter_map(|a| draft.actor(a))
            .map(|a| a.name.as_str())
            .take(3)
            .collect();
        let status = hedging(&lower);
        events.push(EventProposal {
            title: format!("{}: {}", category.label(), names.join(", ")),
            category,
            actors,
            place_name,
            lon,
            lat,
            date: DateRange::single(date),
            status,
            grade: suggested_grade(status),
            cue: cue.to_owned(),
            quote: Quote {
                sentence: sentence.to_owned(),
                start: span.start,
                end: span.end,
            },
            confidence: if found.is_empty() { 0.4 } else { 0.6 },
        });
    }
    events
}
