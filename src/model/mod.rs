//! The document: a story's actors, relationships, events, sources and annotations, with the
//! edits that change it (each with an inverse, for undo) and the project file that stores it.
//!
//! This module knows nothing of the UI toolkit or of the map engine, so it can be tested, loaded by the
//! command line and reused by any front end.

pub mod analysis;
pub mod date;
pub mod edit;
pub mod file;
pub mod filter;
pub mod furniture;
pub mod geodesy;
pub mod grade;
pub mod ids;
pub mod new_id;
pub mod records;
pub mod settings;
#[cfg(test)]
pub(crate) mod test_support;
pub mod validate;

use std::fmt::{Debug, Display};

use serde_json::{Map, Value};

pub use date::{DateParseError, DateRange, FuzzyDate, Precision};
pub use edit::{Change, Edit, EditError};
pub use file::{
    ProjectFileError, SCHEMA_VERSION, load_project, parse_project, save_project, to_geojson_bytes,
};
pub use grade::{Grade, GradeParseError};
pub use ids::{ActorId, AnnotationId, EventId, RelationshipId, SourceId};
pub use records::{
    Actor, ActorKind, Annotation, AnnotationGeometry, AnnotationKind, AnnotationStyle, Event,
    EventCategory, ExtraProperties, Place, Relationship, RelationshipKind, Source, Status,
};
pub use validate::{ItemKind, ValidationIssue, validate};

/// A whole story. Collections keep the user's order (it is the drawing order of annotations
/// and the listing order of panels); ids are unique within each collection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    pub title: String,
    pub actors: Vec<Actor>,
    pub relationships: Vec<Relationship>,
    pub events: Vec<Event>,
    pub sources: Vec<Source>,
    pub annotations: Vec<Annotation>,
    /// View and layer settings, owned by the UI; the model only stores them.
    pub view: Map<String, Value>,
    /// Top-level members of the file that Faultline does not know, written back unchanged.
    pub extra: Map<String, Value>,
    /// Event datasets shown beside the story, linked by path (`faultline.datasets`).
    pub datasets: Vec<crate::events::link::DatasetLink>,
    /// Members of the file's `faultline` object that this version does not know.
    pub faultline_extra: Map<String, Value>,
    /// Features without a Faultline `kind` (added by another tool), written back after ours.
    pub foreign_features: Vec<Value>,
}

/// A record kind stored in a [`Project`] collection, so lookups and edits are written once.
pub trait Record: Clone + PartialEq + Debug {
    type Id: Clone + PartialEq + Display + Debug;
    /// Which collection, for messages and validation.
    const KIND: ItemKind;
    fn id(&self) -> &Self::Id;
    fn all(project: &Project) -> &Vec<Self>;
    fn all_mut(project: &mut Project) -> &mut Vec<Self>;
}

macro_rules! record {
    ($record:ty, $id:ty, $kind:expr, $field:ident) => {
        impl Record for $record {
            type Id = $id;
            const KIND: ItemKind = $kind;
            fn id(&self) -> &$id {
                &self.id
            }
            fn all(project: &Project) -> &Vec<Self> {
                &project.$field
            }
            fn all_mut(project: &mut Project) -> &mut Vec<Self> {
                &mut project.$field
            }
        }
    };
}

record!(Actor, ActorId, ItemKind::Actor, actors);
record!(
    Relationship,
    RelationshipId,
    ItemKind::Relationship,
    relationships
);
record!(Event, EventId, ItemKind::Event, events);
record!(Source, SourceId, ItemKind::Source, sources);
record!(Annotation, AnnotationId, ItemKind::Annotation, annotations);

impl Project {
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// The record of type `R` with this id.
    pub fn find<R: Record>(&self, id: &R::Id) -> Option<&R> {
        R::all(self).iter().find(|record| record.id() == id)
    }

    /// Where the record of type `R` with this id sits in its collection.
    pub fn position<R: Record>(&self, id: &R::Id) -> Option<usize> {
        R::all(self).iter().position(|record| record.id() == id)
    }

    pub fn actor(&self, id: &ActorId) -> Option<&Actor> {
        self.find(id)
    }

    pub fn relationship(&self, id: &RelationshipId) -> Option<&Relationship> {
        self.find(id)
    }

    pub fn event(&self, id: &EventId) -> Option<&Event> {
        self.find(id)
    }

    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.find(id)
    }

    pub fn annotation(&self, id: &AnnotationId) -> Option<&Annotation> {
        self.find(id)
    }

    /// The relationships that start or end at `actor`.
    pub fn relationships_of<'a>(
        &'a self,
        actor: &'a ActorId,
    ) -> impl Iterator<Item = &'a Relationship> + 'a {
        self.relationships
            .iter()
            .filter(move |relationship| &relationship.from == actor || &relationship.to == actor)
    }

    /// Everything that refers to `actor`, as `kind "id"` phrases for messages: relationships,
    /// events and member actors. Removing an actor is refused while this is not empty.
    pub fn dependants_of_actor(&self, actor: &ActorId) -> Vec<String> {
        let relationships = self
            .relationships_of(actor)
            .map(|relationship| format!("relationship \"{}\"", relationship.id));
        let events = self
            .events
            .iter()
            .filter(|event| event.actors.contains(actor))
            .map(|event| format!("event \"{}\"", event.id));
        let members = self
            .actors
            .iter()
            .filter(|member| member.member_of.as_ref() == Some(actor))
            .map(|member| format!("actor \"{}\"", member.id));
        relationships.chain(events).chain(members).collect()
    }

    /// Everything that cites `source`, as `kind "id"` phrases for messages.
    pub fn dependants_of_source(&self, source: &SourceId) -> Vec<String> {
        let actors = self
            .actors
            .iter()
            .filter(|actor| actor.sources.contains(source))
            .map(|actor| format!("actor \"{}\"", actor.id));
        let relationships = self
            .relationships
            .iter()
            .filter(|relationship| relationship.sources.contains(source))
            .map(|relationship| format!("relationship \"{}\"", relationship.id));
        let events = self
            .events
            .iter()
            .filter(|event| event.sources.contains(source))
            .map(|event| format!("event \"{}\"", event.id));
        actors.chain(relationships).chain(events).collect()
    }
}
