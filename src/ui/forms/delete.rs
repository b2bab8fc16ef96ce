//! Deleting a record together with what depends on it, as one undoable step.
//!
//! The model refuses to remove an actor or a source that others still refer to; deleting one
//! therefore also removes the ties of an actor and takes the record out of the events,
//! members and citations that name it, all in one [`Edit::Batch`] so one undo restores all.

use crate::model::{Change, Edit, Project, Relationship};

use super::RecordRef;
use super::drafts::relationship_title;

/// What deleting a record does, for the confirmation and for the edit itself.
#[derive(Debug)]
pub struct DeletePlan {
    /// `actor “Russian Federation”`.
    pub subject: String,
    /// Records deleted along with it, in words.
    pub removed: Vec<String>,
    /// Records that stop referring to it, in words.
    pub changed: Vec<String>,
    pub edit: Edit,
    /// The step's name in the Edit menu.
    pub label: String,
}

/// The plan for deleting `target`; `None` when it is no longer in the project.
pub fn plan(project: &Project, target: &RecordRef) -> Option<DeletePlan> {
    let mut removed = Vec::new();
    let mut changed = Vec::new();
    let mut edits = Vec::new();
    let subject = match target {
        RecordRef::Actor(id) => {
            let actor = project.actor(id)?;
            for relationship in project.relationships_of(id) {
                removed.push(relationship_words(project, relationship));
                edits.push(Edit::Relationship(Change::Remove(relationship.id.clone())));
            }
            for event in project.events.iter().filter(|e| e.actors.contains(id)) {
                let mut event = event.clone();
                event.actors.retain(|actor| actor != id);
                changed.push(format!("event “{}” no longer lists it", event.title));
                edits.push(Edit::Event(Change::Update(event)));
            }
            for member in project
                .actors
                .iter()
                .filter(|member| member.member_of.as_ref() == Some(id) && &member.id != id)
            {
                let mut member = member.clone();
                member.member_of = None;
                changed.push(format!("actor “{}” is no longer part of it", member.name));
                edits.push(Edit::Actor(Change::Update(member)));
            }
            edits.push(Edit::Actor(Change::Remove(id.clone())));
            format!("actor “{}”", actor.name)
        }
        RecordRef::Source(id) => {
            let source = project.source(id)?;
            let cites = |sources: &mut Vec<_>| {
                let before = sources.len();
                sources.retain(|source| source != id);
                sources.len() != before
            };
            for actor in &project.actors {
                let mut actor = actor.clone();
                if cites(&mut actor.sources) {
                    changed.push(format!("actor “{}” no longer cites it", actor.name));
                    edits.push(Edit::Actor(Change::Update(actor)));
                }
            }
            for relationship in &project.relationships {
                let mut relationship = relationship.clone();
                if cites(&mut relationship.sources) {
                    changed.push(format!(
                        "relationship “{}” no longer cites it",
                        relationship_title(project, &relationship)
                    ));
                    edits.push(Edit::Relationship(Change::Update(relationship)));
                }
            }
            for event in &project.events {
                let mut event = event.clone();
                if cites(&mut event.sources) {
                    changed.push(format!("event “{}” no longer cites it", event.title));
                    edits.push(Edit::Event(Change::Update(event)));
                }
            }
            edits.push(Edit::Source(Change::Remove(id.clone())));
            format!("source “{}”", source.title)
        }
        RecordRef::Relationship(id) => {
            let relationship = project.relationship(id)?;
            edits.push(Edit::Relationship(Change::Remove(id.clone())));
            format!(
                "relationship “{}”",
                relationship_title(project, relationship)
            )
        }
        RecordRef::Event(id) => {
            let event = project.event(id)?;
            edits.push(Edit::Event(Change::Remove(id.clone())));
            format!("event “{}”", event.title)
        }
    };
    let edit = if edits.len() == 1 {
        edits.remove(0)
    } else {
        Edit::Batch(edits)
    };
    Some(DeletePlan {
        label: format!("Delete {subject}"),
        subject,
        removed,
        changed,
        edit,
    })
}

/// `relationship “Russian Federation – Ukraine” (armed conflict)`.
fn relationship_words(project: &Project, relationship: &Relationship) -> String {
    format!(
        "relationship “{}” ({})",
        relationship_title(project, relationship),
        relationship.kind.label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::small_project;
    use crate::model::{ActorId, EventId, SourceId, validate};

    /// Applies the plan's edit, checks the project stays sound, and that the inverse restores it.
    fn apply_and_undo(target: RecordRef) -> (DeletePlan, Project) {
        let original = small_project();
        let Some(plan) = plan(&original, &target) else {
            panic!("{target:?} is in the project");
        };
        let mut project = original.clone();
        let inverse = match plan.edit.clone().apply(&mut project) {
            Ok(inverse) => inverse,
            Err(error) => panic!("the deletion applies: {error}"),
        };
        assert!(validate(&project).is_empty(), "{:?}", validate(&project));
        let deleted = project.clone();
        if let Err(error) = inverse.apply(&mut project) {
            panic!("the undo applies: {error}");
        }
        assert_eq!(project, original, "one undo restores everything");
        (plan, deleted)
    }

    #[test]
    fn deleting_an_actor_takes_its_ties_and_references_with_it() {
        let (plan, deleted) = apply_and_undo(RecordRef::Actor(ActorId::new("actor:a")));
        assert_eq!(plan.subject, "actor “A”");
        assert_eq!(plan.label, "Delete actor “A”");
        assert_eq!(plan.removed, ["relationship “A – B” (defence cooperation)"]);
        assert_eq!(plan.changed, ["actor “Minister” is no longer part of it"]);
        assert!(deleted.actor(&ActorId::new("actor:a")).is_none());
        assert!(deleted.relationships.is_empty());
        let minister = deleted.actor(&ActorId::new("actor:m"));
        assert_eq!(minister.and_then(|m| m.member_of.clone()), None);

        let (plan, deleted) = apply_and_undo(RecordRef::Actor(ActorId::new("actor:b")));
        assert_eq!(plan.changed, ["event “Something” no longer lists it"]);
        let event = deleted.event(&EventId::new("event:e"));
        assert_eq!(event.map(|e| e.actors.len()), Some(0));
    }

    #[test]
    fn deleting_a_source_removes_its_citations() {
        let (plan, deleted) = apply_and_undo(RecordRef::Source(SourceId::new("source:s")));
        assert_eq!(plan.removed, Vec::<String>::new());
        assert_eq!(plan.changed.len(), 5, "{:?}", plan.changed);
        assert!(deleted.sources.is_empty());
        assert!(deleted.actors.iter().all(|a| a.sources.is_empty()));
    }

    #[test]
    fn a_record_nobody_refers_to_is_deleted_alone() {
        let (plan, deleted) = apply_and_undo(RecordRef::Event(EventId::new("event:e")));
        assert!(matches!(plan.edit, Edit::Event(Change::Remove(_))));
        assert!(plan.removed.is_empty() && plan.changed.is_empty());
        assert!(deleted.events.is_empty());
        assert!(super::plan(&deleted, &RecordRef::Event(EventId::new("event:e"))).is_none());
    }
}
