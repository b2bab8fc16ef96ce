//! What a form holds while the user types (text as typed), how it becomes a record, and every
//! reason it cannot be saved yet, each tied to the field at fault.
//!
//! Parsing the text is the form's job; everything else is the model's own validation
//! ([`record_issues`]), so a form refuses exactly what an edit would refuse.

use crate::model::validate::{Check, record_issues};
use crate::model::{
    Actor, ActorId, ActorKind, Change, DateRange, Edit, Event, EventCategory, EventId, FuzzyDate,
    Grade, Place, Project, Relationship, RelationshipId, RelationshipKind, Source, SourceId,
    Status, ValidationIssue,
};
use crate::scene::story::Focus;

use crate::model::new_id::{unique_id, without_prefix};

/// A reason the form cannot be saved, shown under the field it names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The record's property as files name it (`name`, `start`…), or `lon`/`lat`.
    pub field: String,
    pub message: String,
    /// The field is empty or nothing is chosen yet. A new form does not call that a fault until
    /// the field is touched or Save is tried: the person has not had a chance to fill it in.
    pub missing: bool,
}

impl Problem {
    fn new(field: &str, message: impl Into<String>) -> Problem {
        Problem {
            field: field.to_owned(),
            message: message.into(),
            missing: false,
        }
    }

    fn missing(field: &str, message: impl Into<String>) -> Problem {
        Problem {
            missing: true,
            ..Problem::new(field, message)
        }
    }
}

/// A record kind the forms can add and edit.
pub trait Drafted: Check {
    type Draft;
    fn change(change: Change<Self>) -> Edit;
    /// A new record with an id made from the draft and free in `project`.
    fn blank(draft: &Self::Draft, project: &Project) -> Self;
    /// `base` with the draft's fields written in; `base` keeps what the form does not show.
    fn build(draft: &Self::Draft, base: Self) -> (Self, Vec<Problem>);
    /// How messages and the Edit menu name the record.
    fn title(&self, project: &Project) -> String;
    /// What to select once the record is added, so the user sees it at once.
    fn focus(&self) -> Option<Focus>;
}

/// What Save would do with the draft now.
#[derive(Debug)]
pub struct Outcome {
    /// The id the record has, or will get when added.
    pub id: String,
    pub problems: Vec<Problem>,
    /// `None` when nothing changed, or when the record being edited is gone.
    pub edit: Option<Edit>,
    /// The step's name in the Edit menu: `Edit actor “Iran”`.
    pub label: String,
    pub select: Option<Focus>,
    /// The record being edited was removed meanwhile (by an undo, say).
    pub missing: bool,
}

/// Builds the record the draft describes and checks it as the edit would.
pub fn evaluate<R: Drafted>(
    project: &Project,
    editing: Option<&R::Id>,
    draft: &R::Draft,
) -> Outcome {
    let (base, adding) = match editing {
        Some(id) => match project.find::<R>(id) {
            Some(record) => (record.clone(), false),
            None => {
                return Outcome {
                    id: id.to_string(),
                    problems: Vec::new(),
                    edit: None,
                    label: String::new(),
                    select: None,
                    missing: true,
                };
            }
        },
        None => (R::blank(draft, project), true),
    };
    let (record, parse_problems) = R::build(draft, base.clone());
    let problems = with_validation(project, &record, parse_problems);
    let title = record.title(project);
    let noun = R::KIND.as_str();
    let id = record.id().to_string();
    if adding {
        Outcome {
            id,
            problems,
            label: format!("Add {noun} “{title}”"),
            select: record.focus(),
            edit: Some(R::change(Change::Add {
                index: None,
                record,
            })),
            missing: false,
        }
    } else {
        Outcome {
            id,
            problems,
            label: format!("Edit {noun} “{title}”"),
            select: None,
            edit: (record != base).then(|| R::change(Change::Update(record))),
            missing: false,
        }
    }
}

/// The parse problems, then the model's issues for fields that parsed (one message per field
/// is enough: a date that does not parse needs no second word about its order).
fn with_validation<R: Check>(
    project: &Project,
    record: &R,
    mut problems: Vec<Problem>,
) -> Vec<Problem> {
    let index = project
        .position::<R>(record.id())
        .unwrap_or_else(|| R::all(project).len());
    for issue in record_issues(project, index, record) {
        let field = form_field(&issue);
        if problems.iter().any(|problem| problem.field == field) {
            continue;
        }
        let message = sentence(&field, &issue.problem);
        let missing = issue.problem == "is empty";
        problems.push(Problem {
            field,
            message,
            missing,
        });
    }
    problems
}

/// The model reports both coordinates as `place`; the form shows them under their own fields.
fn form_field(issue: &ValidationIssue) -> String {
    match issue.field.as_str() {
        "place" if issue.problem.starts_with("longitude") => "lon".into(),
        "place" if issue.problem.starts_with("latitude") => "lat".into(),
        other => other.into(),
    }
}

/// `("name", "is empty")` → `Name is empty.`; other problems read as sentences of their own.
fn sentence(field: &str, problem: &str) -> String {
    let text = if problem.starts_with("is ") {
        format!("{} {problem}", field_name(field))
    } else {
        capitalised(problem)
    };
    if text.ends_with('.') {
        text
    } else {
        format!("{text}.")
    }
}

fn field_name(field: &str) -> &'static str {
    match field {
        "name" => "Name",
        "title" => "Title",
        "date" => "Date",
        "id" => "Id",
        "lon" => "Longitude",
        "lat" => "Latitude",
        _ => "This field",
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Degrees as typed: `69.17`, `69,17` or `69.17°`. Unparsable text is a problem and reads as 0
/// meanwhile, so the rest of the record can still be checked.
fn coordinate(text: &str, field: &str, problems: &mut Vec<Problem>) -> f64 {
    let cleaned = text.trim().trim_end_matches('°').trim().replace(',', ".");
    if cleaned.is_empty() {
        problems.push(Problem::missing(
            field,
            format!("{} is empty.", field_name(field)),
        ));
        return 0.0;
    }
    match cleaned.parse::<f64>() {
        // Infinite and NaN values parse; validation names them.
        Ok(value) => value,
        Err(_) => {
            problems.push(Problem::new(
                field,
                format!(
                    "“{}” is not a number of degrees; write e.g. 69.17.",
                    text.trim()
                ),
            ));
            0.0
        }
    }
}

/// Empty text means "not stated".
fn optional_date(text: &str, field: &str, problems: &mut Vec<Problem>) -> Option<FuzzyDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<FuzzyDate>() {
        Ok(date) => Some(date),
        Err(error) => {
            problems.push(Problem::new(field, sentence(field, &error.to_string())));
            None
        }
    }
}

/// Empty text means "not graded".
fn optional_grade(text: &str, problems: &mut Vec<Problem>) -> Option<Grade> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    match text.parse::<Grade>() {
        Ok(grade) => Some(grade),
        Err(error) => {
            problems.push(Problem::new("grade", sentence("grade", &error.to_string())));
            None
        }
    }
}

/// `Taliban, Islamic Emirate` → two aliases; blanks between commas are dropped.
fn aliases(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|alias| !alias.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Coordinates as text that reads back to the same number.
fn degrees(value: f64) -> String {
    format!("{value}")
}

/// The map centre rounded to about ten metres, for a new record's place.
fn rounded_degrees(value: f64) -> String {
    degrees((value * 1e4).round() / 1e4)
}

fn actor_name(project: &Project, id: &ActorId) -> String {
    project
        .actor(id)
        .map_or_else(|| id.to_string(), |actor| actor.name.clone())
}

/// `Russian Federation – Ukraine`.
pub fn relationship_title(project: &Project, relationship: &Relationship) -> String {
    format!(
        "{} – {}",
        actor_name(project, &relationship.from),
        actor_name(project, &relationship.to)
    )
}

/// The form of an actor.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorDraft {
    pub name: String,
    /// Comma-separated.
    pub aliases: String,
    pub kind: ActorKind,
    pub place_name: String,
    pub lon: String,
    pub lat: String,
    /// ISO 3166-1 alpha-3; empty for none.
    pub country: String,
    pub member_of: Option<ActorId>,
    pub description: String,
    pub sources: Vec<SourceId>,
}

impl ActorDraft {
    pub fn of(actor: &Actor) -> ActorDraft {
        ActorDraft {
            name: actor.name.clone(),
            aliases: actor.aliases.join(", "),
            kind: actor.kind,
            place_name: actor.anchor.name.clone(),
            lon: degrees(actor.anchor.lon),
            lat: degrees(actor.anchor.lat),
            country: actor.country_iso_a3.clone().unwrap_or_default(),
            member_of: actor.member_of.clone(),
            description: actor.description.clone(),
            sources: actor.sources.clone(),
        }
    }

    /// A new actor placed at `centre` (longitude, latitude), or at 0, 0 when it is not known.
    pub fn new(centre: Option<[f64; 2]>) -> ActorDraft {
        let [lon, lat] = centre.unwrap_or([0.0, 0.0]);
        ActorDraft {
            name: String::new(),
            aliases: String::new(),
            kind: ActorKind::State,
            place_name: String::new(),
            lon: rounded_degrees(lon),
            lat: rounded_degrees(lat),
            country: String::new(),
            member_of: None,
            description: String::new(),
            sources: Vec::new(),
        }
    }
}

impl Drafted for Actor {
    type Draft = ActorDraft;

    fn change(change: Change<Self>) -> Edit {
        Edit::Actor(change)
    }

    fn blank(draft: &ActorDraft, project: &Project) -> Actor {
        let id = unique_id("actor", &draft.name, |id| {
            project.actor(&ActorId::from(id)).is_some()
        });
        Actor {
            id: ActorId::new(id),
            name: String::new(),
            aliases: Vec::new(),
            kind: draft.kind,
            anchor: Place::default(),
            country_iso_a3: None,
            member_of: None,
            description: String::new(),
            sources: Vec::new(),
            extra: Default::default(),
        }
    }

    fn build(draft: &ActorDraft, mut actor: Actor) -> (Actor, Vec<Problem>) {
        let mut problems = Vec::new();
        actor.name = draft.name.trim().to_owned();
        // Aliases holding commas cannot round-trip through the text: keep them unless edited.
        let typed = aliases(&draft.aliases);
        if typed != aliases(&actor.aliases.join(", ")) {
            actor.aliases = typed;
        }
        actor.kind = draft.kind;
        actor.anchor = Place::new(
            coordinate(&draft.lon, "lon", &mut problems),
            coordinate(&draft.lat, "lat", &mut problems),
            draft.place_name.trim(),
        );
        let country = draft.country.trim().to_ascii_uppercase();
        actor.country_iso_a3 = (!country.is_empty()).then_some(country);
        actor.member_of = draft.member_of.clone();
        actor.description = draft.description.clone();
        actor.sources = draft.sources.clone();
        (actor, problems)
    }

    fn title(&self, _project: &Project) -> String {
        self.name.clone()
    }

    fn focus(&self) -> Option<Focus> {
        Some(Focus::Actor(self.id.clone()))
    }
}

/// The form of a relationship.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationshipDraft {
    pub from: Option<ActorId>,
    pub to: Option<ActorId>,
    pub kind: RelationshipKind,
    pub directed: bool,
    pub status: Status,
    /// Admiralty grade such as `C3`; empty for none.
    pub grade: String,
    /// Fuzzy dates; empty for "not stated".
    pub start: String,
    pub end: String,
    pub sources: Vec<SourceId>,
    pub notes: String,
}

impl RelationshipDraft {
    pub fn of(relationship: &Relationship) -> RelationshipDraft {
        let date = |date: &Option<FuzzyDate>| date.map(|d| d.to_string()).unwrap_or_default();
        RelationshipDraft {
            from: Some(relationship.from.clone()),
            to: Some(relationship.to.clone()),
            kind: relationship.kind.clone(),
            directed: relationship.directed,
            status: relationship.status,
            grade: relationship
                .grade
                .map(|grade| grade.to_string())
                .unwrap_or_default(),
            start: date(&relationship.start),
            end: date(&relationship.end),
            sources: relationship.sources.clone(),
            notes: relationship.notes.clone(),
        }
    }

    /// A new tie, starting from the selected actor when there is one.
    pub fn new(from: Option<ActorId>) -> RelationshipDraft {
        RelationshipDraft {
            from,
            to: None,
            kind: RelationshipKind::DefenceCooperation,
            directed: false,
            status: Status::Reported,
            grade: String::new(),
            start: String::new(),
            end: String::new(),
            sources: Vec::new(),
            notes: String::new(),
        }
    }
}

impl Drafted for Relationship {
    type Draft = RelationshipDraft;

    fn change(change: Change<Self>) -> Edit {
        Edit::Relationship(change)
    }

    fn blank(draft: &RelationshipDraft, project: &Project) -> Relationship {
        let end = |actor: &Option<ActorId>| {
            actor
                .as_ref()
                .map_or("", |actor| without_prefix(actor.as_str()))
                .to_owned()
        };
        let words = format!(
            "{} {} {}",
            end(&draft.from),
            end(&draft.to),
            draft.kind.as_str()
        );
        let id = unique_id("rel", &words, |id| {
            project.relationship(&RelationshipId::from(id)).is_some()
        });
        Relationship {
            id: RelationshipId::new(id),
            from: ActorId::new(""),
            to: ActorId::new(""),
            kind: draft.kind.clone(),
            directed: false,
            status: draft.status,
            grade: None,
            start: None,
            end: None,
            sources: Vec::new(),
            notes: String::new(),
            extra: Default::default(),
        }
    }

    fn build(
        draft: &RelationshipDraft,
        mut relationship: Relationship,
    ) -> (Relationship, Vec<Problem>) {
        let mut problems = Vec::new();
        match &draft.from {
            Some(from) => relationship.from = from.clone(),
            None => problems.push(Problem::missing(
                "from",
                "Choose the actor the tie starts from.",
            )),
        }
        match &draft.to {
            Some(to) => relationship.to = to.clone(),
            None => problems.push(Problem::missing("to", "Choose the actor the tie goes to.")),
        }
        if draft.from.is_some() && draft.from == draft.to {
            problems.push(Problem::new(
                "to",
                "A tie joins two different actors; choose another one.",
            ));
        }
        relationship.kind = draft.kind.clone();
        relationship.directed = draft.directed;
        relationship.status = draft.status;
        relationship.grade = optional_grade(&draft.grade, &mut problems);
        relationship.start = optional_date(&draft.start, "start", &mut problems);
        relationship.end = optional_date(&draft.end, "end", &mut problems);
        relationship.sources = draft.sources.clone();
        relationship.notes = draft.notes.clone();
        (relationship, problems)
    }

    fn title(&self, project: &Project) -> String {
        relationship_title(project, self)
    }

    fn focus(&self) -> Option<Focus> {
        Some(Focus::Relationship(self.id.clone()))
    }
}

/// The form of an event.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDraft {
    pub title: String,
    /// A fuzzy date or a `START/END` range.
    pub date: String,
    pub place_name: String,
    pub lon: String,
    pub lat: String,
    pub category: EventCategory,
    pub actors: Vec<ActorId>,
    pub description: String,
    pub status: Status,
    pub grade: String,
    pub sources: Vec<SourceId>,
}

impl EventDraft {
    pub fn of(event: &Event) -> EventDraft {
        EventDraft {
            title: event.title.clone(),
            date: event.date.to_string(),
            place_name: event.place.name.clone(),
            lon: degrees(event.place.lon),
            lat: degrees(event.place.lat),
            category: event.category.clone(),
            actors: event.actors.clone(),
            description: event.description.clone(),
            status: event.status,
            grade: event
                .grade
                .map(|grade| grade.to_string())
                .unwrap_or_default(),
            sources: event.sources.clone(),
        }
    }

    /// A new event at `centre`, involving the selected actor when there is one.
    pub fn new(centre: Option<[f64; 2]>, actor: Option<ActorId>) -> EventDraft {
        let [lon, lat] = centre.unwrap_or([0.0, 0.0]);
        EventDraft {
            title: String::new(),
            date: String::new(),
            place_name: String::new(),
            lon: rounded_degrees(lon),
            lat: rounded_degrees(lat),
            category: EventCategory::Statement,
            actors: actor.into_iter().collect(),
            description: String::new(),
            status: Status::Reported,
            grade: String::new(),
            sources: Vec::new(),
        }
    }
}

impl Drafted for Event {
    type Draft = EventDraft;

    fn change(change: Change<Self>) -> Edit {
        Edit::Event(change)
    }

    fn blank(draft: &EventDraft, project: &Project) -> Event {
        let id = unique_id("event", &draft.title, |id| {
            project.event(&EventId::from(id)).is_some()
        });
        Event {
            id: EventId::new(id),
            title: String::new(),
            date: DateRange::default(),
            place: Place::default(),
            category: draft.category.clone(),
            actors: Vec::new(),
            description: String::new(),
            status: draft.status,
            grade: None,
            sources: Vec::new(),
            extra: Default::default(),
        }
    }

    fn build(draft: &EventDraft, mut event: Event) -> (Event, Vec<Problem>) {
        let mut problems = Vec::new();
        event.title = draft.title.trim().to_owned();
        let date = draft.date.trim();
        event.date = if date.is_empty() {
            problems.push(Problem::missing(
                "date",
                "Date is empty: write a date such as 2024-05-17, a range such as 1979/1989, \
                 or unknown.",
            ));
            DateRange::default()
        } else {
            match date.parse::<DateRange>() {
                Ok(range) => range,
                Err(error) => {
                    problems.push(Problem::new("date", sentence("date", &error.to_string())));
                    DateRange::default()
                }
            }
        };
        event.place = Place::new(
            coordinate(&draft.lon, "lon", &mut problems),
            coordinate(&draft.lat, "lat", &mut problems),
            draft.place_name.trim(),
        );
        event.category = draft.category.clone();
        event.actors = draft.actors.clone();
        event.description = draft.description.clone();
        event.status = draft.status;
        event.grade = optional_grade(&draft.grade, &mut problems);
        event.sources = draft.sources.clone();
        (event, problems)
    }

    fn title(&self, _project: &Project) -> String {
        self.title.clone()
    }

    fn focus(&self) -> Option<Focus> {
        Some(Focus::Event(self.id.clone()))
    }
}

/// The form of a source.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceDraft {
    pub title: String,
    pub publisher: String,
    /// A fuzzy date; empty for unknown.
    pub date: String,
    pub read_at: String,
}

impl SourceDraft {
    pub fn of(source: &Source) -> SourceDraft {
        SourceDraft {
            title: source.title.clone(),
            publisher: source.publisher.clone(),
            date: match source.date {
                FuzzyDate::Unknown => String::new(),
                date => date.to_string(),
            },
            read_at: source.read_at.clone(),
        }
    }

    pub fn new() -> SourceDraft {
        SourceDraft {
            title: String::new(),
            publisher: String::new(),
            date: String::new(),
            read_at: String::new(),
        }
    }
}

impl Drafted for Source {
    type Draft = SourceDraft;

    fn change(change: Change<Self>) -> Edit {
        Edit::Source(change)
    }

    fn blank(draft: &SourceDraft, project: &Project) -> Source {
        let id = unique_id("source", &draft.title, |id| {
            project.source(&SourceId::from(id)).is_some()
        });
        Source {
            id: SourceId::new(id),
            title: String::new(),
            publisher: String::new(),
            date: FuzzyDate::Unknown,
            read_at: String::new(),
            extra: Default::default(),
        }
    }

    fn build(draft: &SourceDraft, mut source: Source) -> (Source, Vec<Problem>) {
        let mut problems = Vec::new();
        source.title = draft.title.trim().to_owned();
        source.publisher = draft.publisher.trim().to_owned();
        source.date = optional_date(&draft.date, "date", &mut problems).unwrap_or_default();
        source.read_at = draft.read_at.trim().to_owned();
        (source, problems)
    }

    fn title(&self, _project: &Project) -> String {
        self.title.clone()
    }

    fn focus(&self) -> Option<Focus> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::small_project;

    fn fields(outcome: &Outcome) -> Vec<&str> {
        outcome
            .problems
            .iter()
            .map(|problem| problem.field.as_str())
            .collect()
    }

    #[test]
    fn an_untouched_draft_changes_nothing() {
        let project = small_project();
        for actor in &project.actors {
            let outcome = evaluate::<Actor>(&project, Some(&actor.id), &ActorDraft::of(actor));
            assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
            assert!(outcome.edit.is_none(), "{:?}", outcome.edit);
        }
        let relationship = &project.relationships[0];
        let outcome = evaluate::<Relationship>(
            &project,
            Some(&relationship.id),
            &RelationshipDraft::of(relationship),
        );
        assert!(outcome.edit.is_none() && outcome.problems.is_empty());
        let event = &project.events[0];
        let outcome = evaluate::<Event>(&project, Some(&event.id), &EventDraft::of(event));
        assert!(outcome.edit.is_none() && outcome.problems.is_empty());
        let source = &project.sources[0];
        let outcome = evaluate::<Source>(&project, Some(&source.id), &SourceDraft::of(source));
        assert!(outcome.edit.is_none() && outcome.problems.is_empty());
    }

    #[test]
    fn an_edit_keeps_the_id_and_what_the_form_does_not_show() {
        let mut project = small_project();
        project.actors[0]
            .extra
            .insert("colour".into(), "red".into());
        let mut draft = ActorDraft::of(&project.actors[0]);
        draft.name = "  Renamed ".into();
        draft.country = "afg".into();
        let outcome = evaluate::<Actor>(&project, Some(&project.actors[0].id), &draft);
        assert_eq!(outcome.label, "Edit actor “Renamed”");
        let Some(Edit::Actor(Change::Update(actor))) = outcome.edit else {
            panic!("an update: {:?}", outcome.edit);
        };
        assert_eq!(actor.id, project.actors[0].id);
        assert_eq!(actor.name, "Renamed");
        assert_eq!(actor.country_iso_a3.as_deref(), Some("AFG"));
        assert_eq!(actor.extra, project.actors[0].extra);
    }

    #[test]
    fn problems_name_their_fields() {
        let project = small_project();
        let mut draft = ActorDraft::of(&project.actors[0]);
        draft.name = " ".into();
        draft.lon = "east".into();
        draft.lat = "95".into();
        draft.country = "Afghanistan".into();
        let outcome = evaluate::<Actor>(&project, Some(&project.actors[0].id), &draft);
        assert_eq!(fields(&outcome), ["lon", "name", "lat", "country_iso_a3"]);
        assert_eq!(outcome.problems[1].message, "Name is empty.");
        assert_eq!(
            outcome.problems[0].message,
            "“east” is not a number of degrees; write e.g. 69.17."
        );
        assert_eq!(
            outcome.problems[2].message,
            "Latitude 95 is outside -90..90."
        );
    }

    #[test]
    fn only_empty_fields_are_marked_missing() {
        let project = small_project();
        let mut draft = ActorDraft::new(None);
        draft.lon = "east".into();
        draft.lat = String::new();
        let outcome = evaluate::<Actor>(&project, None, &draft);
        let missing: Vec<(&str, bool)> = outcome
            .problems
            .iter()
            .map(|problem| (problem.field.as_str(), problem.missing))
            .collect();
        assert_eq!(missing, [("lon", false), ("lat", true), ("name", true)]);

        let outcome = evaluate::<Relationship>(&project, None, &RelationshipDraft::new(None));
        assert!(outcome.problems.iter().all(|problem| problem.missing));
        let mut event = EventDraft::new(None, None);
        event.date = "2001-13".into();
        let outcome = evaluate::<Event>(&project, None, &event);
        let missing: Vec<(&str, bool)> = outcome
            .problems
            .iter()
            .map(|problem| (problem.field.as_str(), problem.missing))
            .collect();
        assert_eq!(missing, [("date", false), ("title", true)]);
    }

    #[test]
    fn dates_and_grades_that_do_not_parse_say_why() {
        let project = small_project();
        let mut draft = RelationshipDraft::of(&project.relationships[0]);
        draft.start = "2001-13".into();
        draft.end = "1999".into();
        draft.grade = "Z9".into();
        let outcome =
            evaluate::<Relationship>(&project, Some(&project.relationships[0].id), &draft);
        assert_eq!(fields(&outcome), ["grade", "start"]);
        assert!(
            outcome.problems[1]
                .message
                .starts_with("Invalid date \"2001-13\": month 13 is outside 1..12"),
            "{}",
            outcome.problems[1].message
        );
        draft.start = "2001".into();
        draft.grade = "c3".into();
        let outcome =
            evaluate::<Relationship>(&project, Some(&project.relationships[0].id), &draft);
        assert_eq!(fields(&outcome), ["end"]);
        assert_eq!(
            outcome.problems[0].message,
            "Ends (1999) before it starts (2001)."
        );
    }

    #[test]
    fn a_new_relationship_needs_two_different_actors_and_gets_an_id_from_them() {
        let project = small_project();
        let mut draft = RelationshipDraft::new(Some(ActorId::new("actor:a")));
        let outcome = evaluate::<Relationship>(&project, None, &draft);
        assert_eq!(fields(&outcome), ["to"]);
        draft.to = Some(ActorId::new("actor:a"));
        assert_eq!(
            fields(&evaluate::<Relationship>(&project, None, &draft)),
            ["to"]
        );
        draft.to = Some(ActorId::new("actor:b"));
        let outcome = evaluate::<Relationship>(&project, None, &draft);
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        assert_eq!(outcome.id, "rel:a-b-defence-cooperation");
        assert_eq!(outcome.label, "Add relationship “A – B”");
        assert_eq!(
            outcome.select,
            Some(Focus::Relationship(RelationshipId::new(
                "rel:a-b-defence-cooperation"
            )))
        );
    }

    #[test]
    fn new_records_get_free_ids_from_their_names() {
        let project = small_project();
        let mut actor = ActorDraft::new(Some([69.123456, 34.5]));
        actor.name = "A".into();
        let outcome = evaluate::<Actor>(&project, None, &actor);
        assert_eq!(outcome.id, "actor:a-2", "actor:a is taken");
        let Some(Edit::Actor(Change::Add { record, .. })) = outcome.edit else {
            panic!("an addition");
        };
        assert_eq!((record.anchor.lon, record.anchor.lat), (69.1235, 34.5));

        let mut event = EventDraft::new(None, None);
        event.title = "Talks".into();
        let outcome = evaluate::<Event>(&project, None, &event);
        assert_eq!(fields(&outcome), ["date"]);
        event.date = "1979/1989".into();
        let outcome = evaluate::<Event>(&project, None, &event);
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
        assert_eq!(outcome.id, "event:talks");

        let mut source = SourceDraft::new();
        source.title = "Field notes".into();
        let outcome = evaluate::<Source>(&project, None, &source);
        assert_eq!(outcome.id, "source:field-notes");
        assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    }

    #[test]
    fn a_record_deleted_meanwhile_cannot_be_saved() {
        let project = small_project();
        let draft = SourceDraft::new();
        let outcome = evaluate::<Source>(&project, Some(&SourceId::new("source:gone")), &draft);
        assert!(outcome.missing);
        assert!(outcome.edit.is_none());
    }
}
