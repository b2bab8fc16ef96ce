//! Changes to a project, each returning its exact inverse, so undo and redo are one stack of
//! `Edit`s: applying the inverse restores the project as it was, order included.
//!
//! An edit is checked before it is applied and refused whole when it would break an invariant
//! (a dangling reference, a duplicate id, an empty name…). Removing an actor or a source that
//! others still refer to is refused with the list of dependants: the UI removes those first,
//! in one [`Edit::Batch`], which undoes as one step.

use serde_json::{Map, Value};

use super::records::{Actor, Annotation, Event, Relationship, Source};
use super::validate::{Check, ItemKind, ValidationIssue, record_issues};
use super::{Project, Record};

/// One change to one record of type `R`.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<R: Record> {
    /// Inserts the record at `index`, or appends it when `index` is `None`.
    Add {
        index: Option<usize>,
        record: R,
    },
    /// Replaces the record with the same id (ids never change; add and remove to rename).
    Update(R),
    Remove(R::Id),
}

/// A change to the document, as the undo stack stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    SetTitle(String),
    /// Replaces the view and layer settings.
    SetView(Map<String, Value>),
    Actor(Change<Actor>),
    Relationship(Change<Relationship>),
    Event(Change<Event>),
    Source(Change<Source>),
    Annotation(Change<Annotation>),
    /// Links an event dataset at `index` in the project's list.
    AddDataset {
        index: usize,
        link: crate::events::link::DatasetLink,
    },
    /// Unlinks the dataset with this id (its source file and cache stay on disk).
    RemoveDataset(String),
    /// Several edits that succeed or fail together and undo as one step (a drag, a cascade).
    Batch(Vec<Edit>),
}

/// Why an edit was refused; the project is then unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("cannot add {kind} \"{id}\": another {kind} has this id")]
    DuplicateId { kind: ItemKind, id: String },
    #[error("cannot change {kind} \"{id}\": there is no such {kind}")]
    NotFound { kind: ItemKind, id: String },
    #[error("cannot add {kind} \"{id}\" at position {index}: there are only {len}")]
    PositionOutOfRange {
        kind: ItemKind,
        id: String,
        index: usize,
        len: usize,
    },
    #[error("cannot remove {kind} \"{id}\": {} still refer to it; remove or change them first", .dependants.join(", "))]
    HasDependants {
        kind: ItemKind,
        id: String,
        dependants: Vec<String>,
    },
    #[error("cannot add dataset \"{0}\": another dataset has this id")]
    DuplicateDataset(String),
    #[error("cannot remove dataset \"{0}\": there is no such dataset")]
    DatasetNotFound(String),
    #[error("{}", join_issues(.0))]
    Invalid(Vec<ValidationIssue>),
}

fn join_issues(issues: &[ValidationIssue]) -> String {
    let messages: Vec<String> = issues.iter().map(ToString::to_string).collect();
    messages.join("; ")
}

impl Edit {
    /// Applies the edit and returns its inverse; on error the project is left unchanged.
    pub fn apply(self, project: &mut Project) -> Result<Edit, EditError> {
        match self {
            Edit::SetTitle(title) => {
                Ok(Edit::SetTitle(std::mem::replace(&mut project.title, title)))
            }
            Edit::SetView(view) => Ok(Edit::SetView(std::mem::replace(&mut project.view, view))),
            Edit::Actor(change) => change.apply(project).map(Edit::Actor),
            Edit::Relationship(change) => change.apply(project).map(Edit::Relationship),
            Edit::Event(change) => change.apply(project).map(Edit::Event),
            Edit::Source(change) => change.apply(project).map(Edit::Source),
            Edit::Annotation(change) => change.apply(project).map(Edit::Annotation),
            Edit::AddDataset { index, link } => {
                if project.datasets.iter().any(|d| d.id == link.id) {
                    return Err(EditError::DuplicateDataset(link.id));
                }
                let index = index.min(project.datasets.len());
                let id = link.id.clone();
                project.datasets.insert(index, link);
                Ok(Edit::RemoveDataset(id))
            }
            Edit::RemoveDataset(id) => {
                let index = project
                    .datasets
                    .iter()
                    .position(|d| d.id == id)
                    .ok_or(EditError::DatasetNotFound(id))?;
                let link = project.datasets.remove(index);
                Ok(Edit::AddDataset { index, link })
            }
            Edit::Batch(edits) => {
                // Restoring a copy is simpler and surer than undoing a partial batch.
                let before = project.clone();
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(project) {
                        Ok(inverse) => inverses.push(inverse),
                        Err(error) => {
                            *project = before;
                            return Err(error);
                        }
                    }
                }
                inverses.reverse();
                Ok(Edit::Batch(inverses))
            }
        }
    }
}

/// What others may refer to, so removing it could leave a dangling reference.
pub trait Referenced: Check {
    /// The records referring to `id`, as `kind "id"` phrases.
    fn dependants(_project: &Project, _id: &Self::Id) -> Vec<String> {
        Vec::new()
    }
}

impl Referenced for Actor {
    fn dependants(project: &Project, id: &Self::Id) -> Vec<String> {
        project.dependants_of_actor(id)
    }
}

impl Referenced for Source {
    fn dependants(project: &Project, id: &Self::Id) -> Vec<String> {
        project.dependants_of_source(id)
    }
}

impl Referenced for Relationship {}
impl Referenced for Event {}
impl Referenced for Annotation {}

impl<R: Referenced> Change<R> {
    /// Applies the change and returns its inverse; on error nothing changed.
    pub fn apply(self, project: &mut Project) -> Result<Change<R>, EditError> {
        match self {
            Change::Add { index, record } => {
                let id = record.id().clone();
                if project.position::<R>(&id).is_some() {
                    return Err(EditError::DuplicateId {
                        kind: R::KIND,
                        id: id.to_string(),
                    });
                }
                let len = R::all(project).len();
                let index = index.unwrap_or(len);
                if index > len {
                    return Err(EditError::PositionOutOfRange {
                        kind: R::KIND,
                        id: id.to_string(),
                        index,
                        len,
                    });
                }
                refuse_issues(record_issues(project, index, &record))?;
                R::all_mut(project).insert(index, record);
                Ok(Change::Remove(id))
            }
            Change::Update(record) => {
                let index = found::<R>(project, record.id())?;
                refuse_issues(record_issues(project, index, &record))?;
                let old = std::mem::replace(&mut R::all_mut(project)[index], record);
                Ok(Change::Update(old))
            }
            Change::Remove(id) => {
                let index = found::<R>(project, &id)?;
                let dependants = R::dependants(project, &id);
                if !dependants.is_empty() {
                    return Err(EditError::HasDependants {
                        kind: R::KIND,
                        id: id.to_string(),
                        dependants,
                    });
                }
                let record = R::all_mut(project).remove(index);
                Ok(Change::Add {
                    index: Some(index),
                    record,
                })
            }
        }
    }
}

fn found<R: Record>(project: &Project, id: &R::Id) -> Result<usize, EditError> {
    project
        .position::<R>(id)
        .ok_or_else(|| EditError::NotFound {
            kind: R::KIND,
            id: id.to_string(),
        })
}

fn refuse_issues(issues: Vec<ValidationIssue>) -> Result<(), EditError> {
    if issues.is_empty() {
        Ok(())
    } else {
        Err(EditError::Invalid(issues))
    }
}

#[cfg(test)]
mod tests {
    use geo::{LineString, Point};

    use super::*;
    use crate::model::test_support::small_project;
    use crate::model::*;

    /// Applies `edit`, checks it changed the project and that its inverse restores it exactly,
    /// and that redoing (the inverse of the inverse) gives the edited project again.
    fn round_trip(edit: Edit) {
        let original = small_project();
        let mut project = original.clone();
        let inverse = edit.apply(&mut project).unwrap();
        let edited = project.clone();
        assert_ne!(edited, original, "the edit changed nothing");
        assert!(validate(&edited).is_empty(), "{:?}", validate(&edited));
        let redo = inverse.apply(&mut project).unwrap();
        assert_eq!(project, original);
        redo.apply(&mut project).unwrap();
        assert_eq!(project, edited);
    }

    fn new_actor() -> Actor {
        let mut actor = small_project().actors[0].clone();
        actor.id = ActorId::new("actor:new");
        actor.name = "New".into();
        actor
    }

    #[test]
    fn every_edit_kind_undoes_exactly() {
        let project = small_project();
        round_trip(Edit::SetTitle("Other".into()));
        let mut view = Map::new();
        view.insert("zoom".into(), 3.into());
        round_trip(Edit::SetView(view));

        round_trip(Edit::Actor(Change::Add {
            index: Some(1),
            record: new_actor(),
        }));
        let mut actor = project.actors[0].clone();
        actor.anchor.lon = -3.0;
        actor.aliases.push("Alias".into());
        round_trip(Edit::Actor(Change::Update(actor)));
        round_trip(Edit::Actor(Change::Remove(ActorId::new("actor:m"))));

        let mut relationship = project.relationships[0].clone();
        round_trip(Edit::Relationship(Change::Remove(relationship.id.clone())));
        relationship.status = Status::Confirmed;
        round_trip(Edit::Relationship(Change::Update(relationship.clone())));
        relationship.id = RelationshipId::new("rel:ba");
        round_trip(Edit::Relationship(Change::Add {
            index: None,
            record: relationship,
        }));

        let mut event = project.events[0].clone();
        round_trip(Edit::Event(Change::Remove(event.id.clone())));
        event.title = "Renamed".into();
        round_trip(Edit::Event(Change::Update(event.clone())));
        event.id = EventId::new("event:f");
        round_trip(Edit::Event(Change::Add {
            index: Some(0),
            record: event,
        }));

        let mut source = project.sources[0].clone();
        source.publisher = "Other".into();
        round_trip(Edit::Source(Change::Update(source.clone())));
        source.id = SourceId::new("source:t");
        round_trip(Edit::Source(Change::Add {
            index: None,
            record: source.clone(),
        }));

        let mut annotation = project.annotations[0].clone();
        round_trip(Edit::Annotation(Change::Remove(annotation.id.clone())));
        annotation.geometry = AnnotationGeometry::Point(Point::new(5.0, 6.0));
        round_trip(Edit::Annotation(Change::Update(annotation.clone())));
        annotation.id = AnnotationId::new("note:3");
        annotation.kind = AnnotationKind::Arrow;
        annotation.geometry =
            AnnotationGeometry::LineString(LineString::from(vec![(0.0, 0.0), (3.0, 4.0)]));
        round_trip(Edit::Annotation(Change::Add {
            index: Some(2),
            record: annotation,
        }));
    }

    #[test]
    fn removing_a_referenced_actor_is_refused_with_its_dependants() {
        let mut project = small_project();
        let error = Edit::Actor(Change::Remove(ActorId::new("actor:a")))
            .apply(&mut project)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot remove actor \"actor:a\": relationship \"rel:ab\", actor \"actor:m\" still \
             refer to it; remove or change them first"
        );
        assert_eq!(project, small_project());
        let error = Edit::Source(Change::Remove(SourceId::new("source:s")))
            .apply(&mut project)
            .unwrap_err();
        assert!(matches!(error, EditError::HasDependants { .. }), "{error}");
    }

    #[test]
    fn a_cascade_in_a_batch_undoes_as_one_step() {
        let mut minister = small_project().actors[2].clone();
        minister.member_of = None;
        round_trip(Edit::Batch(vec![
            Edit::Relationship(Change::Remove(RelationshipId::new("rel:ab"))),
            Edit::Actor(Change::Update(minister)),
            Edit::Actor(Change::Remove(ActorId::new("actor:a"))),
        ]));
    }

    #[test]
    fn a_failing_batch_leaves_the_project_unchanged() {
        let mut project = small_project();
        let error = Edit::Batch(vec![
            Edit::SetTitle("Changed".into()),
            Edit::Event(Change::Remove(EventId::new("event:missing"))),
        ])
        .apply(&mut project)
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot change event \"event:missing\": there is no such event"
        );
        assert_eq!(project, small_project());
    }

    #[test]
    fn edits_that_would_break_invariants_are_refused() {
        let mut project = small_project();
        let mut relationship = project.relationships[0].clone();
        relationship.to = ActorId::new("actor:ghost");
        let error = Edit::Relationship(Change::Update(relationship))
            .apply(&mut project)
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "relationship \"rel:ab\": to: unknown actor \"actor:ghost\""
        );
        let duplicate = project.actors[0].clone();
        let error = Edit::Actor(Change::Add {
            index: None,
            record: duplicate,
        })
        .apply(&mut project)
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot add actor \"actor:a\": another actor has this id"
        );
        let error = Edit::Actor(Change::Add {
            index: Some(9),
            record: new_actor(),
        })
        .apply(&mut project)
        .unwrap_err();
        assert!(error.to_string().contains("position 9"), "{error}");
        assert_eq!(project, small_project());
    }
}
