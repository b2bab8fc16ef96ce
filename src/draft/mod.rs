//! Drafting a story from an article, offline and deterministically: the places, actors and
//! ties it mentions, each with the sentence it rests on (byte offsets into [`Draft::text`]) and
//! a confidence, for the analyst to accept, edit or reject. [`accept::to_edit`] turns the
//! accepted proposals into one undoable [`crate::model::Edit::Batch`].
//!
//! Rules, not a trained model: a lexicon of well-known bodies, groups and outlets; the
//! gazetteer for countries, demonyms, capitals (as metonyms), regions and cities; patterns for
//! people with roles, "X-led administration", "X-affiliated fighters", corridors and blocs;
//! cue words per relationship kind; the status from the sentence's hedging, never confirmed.

pub mod accept;
mod dates;
mod events;
mod extract;
mod lexicon;
pub mod text;
mod ties;

use crate::model::{
    ActorId, ActorKind, DateRange, EventCategory, FuzzyDate, Grade, RelationshipKind, Status,
};

pub use accept::{Accepted, to_edit};
pub use extract::draft;
pub use text::ArticleFormat;

/// The sentence a proposal rests on: its text and byte offsets in [`Draft::text`].
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub sentence: String,
    pub start: usize,
    pub end: usize,
}

/// A place the article mentions, resolved through the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceProposal {
    /// As written in the article.
    pub mention: String,
    /// The gazetteer's name.
    pub name: String,
    pub country_iso_a3: Option<String>,
    pub lon: f64,
    pub lat: f64,
    /// How many other gazetteer places had the same name.
    pub alternatives: usize,
    pub quote: Quote,
    pub confidence: f64,
}

/// An actor the article mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct ActorProposal {
    /// A slug id, unique within the draft (`actor:russia`).
    pub id: ActorId,
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: ActorKind,
    pub country_iso_a3: Option<String>,
    /// Anchor place: capital, seat or the article's place for it.
    pub anchor_name: String,
    pub lon: f64,
    pub lat: f64,
    /// A person's role ("Defence Minister").
    pub role: Option<String>,
    /// The actor it belongs to (a minister's state, a bloc's member).
    pub member_of: Option<ActorId>,
    /// How many sentences mention it.
    pub mentions: usize,
    pub quote: Quote,
    pub confidence: f64,
}

/// A tie between two actors, found by a cue word.
#[derive(Debug, Clone, PartialEq)]
pub struct TieProposal {
    pub from: ActorId,
    pub to: ActorId,
    pub kind: RelationshipKind,
    pub directed: bool,
    pub status: Status,
    pub grade: Grade,
    pub start: Option<FuzzyDate>,
    /// The cue word that found it.
    pub cue: String,
    pub quote: Quote,
    pub confidence: f64,
}

/// An event a sentence reports: an attack, a statement, a publication, an agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct EventProposal {
    pub title: String,
    pub category: EventCategory,
    /// Ids of [`Draft::actors`].
    pub actors: Vec<ActorId>,
    pub place_name: String,
    pub lon: f64,
    pub lat: f64,
    /// Unknown when the sentence gives no date.
    pub date: DateRange,
    pub status: Status,
    pub grade: Grade,
    pub cue: String,
    pub quote: Quote,
    pub confidence: f64,
}

/// Everything proposed from one article.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The article as plain text; quotes point into it.
    pub text: String,
    pub title: String,
    pub outlet: String,
    pub date: Option<FuzzyDate>,
    pub places: Vec<PlaceProposal>,
    pub actors: Vec<ActorProposal>,
    pub ties: Vec<TieProposal>,
    pub events: Vec<EventProposal>,
}

/// What is known about the article besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleInfo {
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// "on Monday" is counted back from this day.
    pub date: Option<FuzzyDate>,
}

impl Draft {
    pub fn actor(&self, id: &ActorId) -> Option<&ActorProposal> {
        self.actors.iter().find(|actor| &actor.id == id)
    }
}

#[cfg(test)]
mod tests;
