//! The invariants of a project, checked on load and before every edit is applied.
//!
//! Each problem is a [`ValidationIssue`] naming the item (`relationship "rel:x"`), its field
//! and what is wrong, so a form can show it next to the field and a file loader can turn it
//! into a located message.

use std::collections::HashSet;
use std::fmt;

use super::date::{DateRange, FuzzyDate};
use super::grade::Grade;
use super::records::{
    Actor, Annotation, AnnotationGeometry, AnnotationKind, Event, Place, Relationship, Source,
};
use super::{ActorId, Project, Record, SourceId};

/// The collections of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Actor,
    Relationship,
    Event,
    Source,
    Annotation,
}

impl ItemKind {
    /// The word used in messages and as the feature `kind` in files.
    pub fn as_str(&self) -> &'static str {
        match self {
            ItemKind::Actor => "actor",
            ItemKind::Relationship => "relationship",
            ItemKind::Event => "event",
            ItemKind::Source => "source",
            ItemKind::Annotation => "annotation",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken invariant. `Display`: `relationship "rel:x": from: unknown actor "actor:y"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationIssue {
    pub kind: ItemKind,
    /// Position in the item's collection.
    pub index: usize,
    pub id: String,
    /// The property at fault, as named in files (`from`, `place`, `date`…).
    pub field: String,
    pub problem: String,
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} \"{}\": {}: {}",
            self.kind, self.id, self.field, self.problem
        )
    }
}

/// Every broken invariant of the project, in collection order; empty when it is sound.
pub fn validate(project: &Project) -> Vec<ValidationIssue> {
    let known = KnownIds::of(project);
    let mut issues = Vec::new();
    check_all(project, &known, &mut issues, |p| &p.actors);
    check_all(project, &known, &mut issues, |p| &p.relationships);
    check_all(project, &known, &mut issues, |p| &p.events);
    check_all(project, &known, &mut issues, |p| &p.sources);
    check_all(project, &known, &mut issues, |p| &p.annotations);
    issues
}

/// The problems of one record as it would stand at `index` of `project`, without the
/// uniqueness of its id (the caller knows whether it replaces a record or adds one).
pub fn record_issues<R: Check>(
    project: &Project,
    index: usize,
    record: &R,
) -> Vec<ValidationIssue> {
    let known = KnownIds::of(project);
    let mut issues = Vec::new();
    record.check(&mut Checker {
        kind: R::KIND,
        index,
        id: record.id().to_string(),
        known: &known,
        issues: &mut issues,
    });
    issues
}

fn check_all<R: Check>(
    project: &Project,
    known: &KnownIds,
    issues: &mut Vec<ValidationIssue>,
    collection: impl Fn(&Project) -> &Vec<R>,
) {
    let mut seen = HashSet::new();
    for (index, record) in collection(project).iter().enumerate() {
        let id = record.id().to_string();
        let mut checker = Checker {
            kind: R::KIND,
            index,
            id: id.clone(),
            known,
            issues,
        };
        if !seen.insert(id) {
            checker.report("id", format!("another {} has the same id", R::KIND));
        }
        record.check(&mut checker);
    }
}

/// The ids references may point to.
struct KnownIds {
    actors: HashSet<ActorId>,
    sources: HashSet<SourceId>,
}

impl KnownIds {
    fn of(project: &Project) -> Self {
        Self {
            actors: project
                .actors
                .iter()
                .map(|actor| actor.id.clone())
                .collect(),
            sources: project
                .sources
                .iter()
                .map(|source| source.id.clone())
                .collect(),
        }
    }
}

/// Collects the issues of one record.
pub struct Checker<'a> {
    kind: ItemKind,
    index: usize,
    id: String,
    known: &'a KnownIds,
    issues: &'a mut Vec<ValidationIssue>,
}

impl Checker<'_> {
    fn report(&mut self, field: &str, problem: String) {
        self.issues.push(ValidationIssue {
            kind: self.kind,
            index: self.index,
            id: self.id.clone(),
            field: field.to_owned(),
            problem,
        });
    }

    fn id(&mut self) {
        if self.id.trim().is_empty() {
            self.report("id", "is empty".to_owned());
        }
    }

    fn not_empty(&mut self, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.report(field, "is empty".to_owned());
        }
    }

    fn coordinates(&mut self, field: &str, lon: f64, lat: f64) {
        if !(lon.is_finite() && (-180.0..=180.0).contains(&lon)) {
            self.report(field, format!("longitude {lon} is outside -180..180"));
        }
        if !(lat.is_finite() && (-90.0..=90.0).contains(&lat)) {
            self.report(field, format!("latitude {lat} is outside -90..90"));
        }
    }

    fn place(&mut self, field: &str, place: &Place) {
        self.coordinates(field, place.lon, place.lat);
    }

    fn actor(&mut self, field: &str, actor: &ActorId) {
        if !self.known.actors.contains(actor) {
            self.report(field, format!("unknown actor \"{actor}\""));
        }
    }

    fn sources(&mut self, sources: &[SourceId]) {
        for source in sources {
            if !self.known.sources.contains(source) {
                self.report("sources", format!("unknown source \"{source}\""));
            }
        }
    }

    fn grade(&mut self, grade: Option<&Grade>) {
        if let Some(grade) = grade
            && !grade.is_in_range()
        {
            self.report(
                "grade",
                format!("{grade} is outside the Admiralty scale A1..F6"),
            );
        }
    }

    fn date(&mut self, field: &str, date: &FuzzyDate) {
        if let Some(problem) = date.problem() {
            self.report(field, problem);
        }
    }

    fn range(&mut self, field: &str, range: &DateRange) {
        self.date(field, &range.start);
        self.date(field, &range.end);
        if !range.is_in_order() {
            self.report(
                field,
                format!("starts ({}) after it ends ({})", range.start, range.end),
            );
        }
    }
}

/// A record that knows its invariants.
pub trait Check: Record {
    fn check(&self, checker: &mut Checker<'_>);
}

impl Check for Actor {
    fn check(&self, checker: &mut Checker<'_>) {
        checker.id();
        checker.not_empty("name", &self.name);
        checker.place("place", &self.anchor);
        if let Some(code) = &self.country_iso_a3
            && !(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()))
        {
            checker.report(
                "country_iso_a3",
                format!("\"{code}\" is not a three-letter upper-case ISO code"),
            );
        }
        if let Some(parent) = &self.member_of {
            if parent == &self.id {
                checker.report("member_of", "an actor cannot be a member of itself".into());
            } else {
                checker.actor("member_of", parent);
            }
        }
        checker.sources(&self.sources);
    }
}

impl Check for Relationship {
    fn check(&self, checker: &mut Checker<'_>) {
        checker.id();
        checker.actor("from", &self.from);
        checker.actor("to", &self.to);
        checker.grade(self.grade.as_ref());
        if let Some(start) = &self.start {
            checker.date("start", start);
        }
        if let Some(end) = &self.end {
            checker.date("end", end);
        }
        if let (Some(start), Some(end)) = (self.start, self.end)
            && !DateRange::between(start, end).is_in_order()
        {
            checker.report("end", format!("ends ({end}) before it starts ({start})"));
        }
        checker.sources(&self.sources);
    }
}

impl Check for Event {
    fn check(&self, checker: &mut Checker<'_>) {
        checker.id();
        checker.not_empty("title", &self.title);
        checker.range("date", &self.date);
        checker.place("place", &self.place);
        for actor in &self.actors {
            checker.actor("actors", actor);
        }
        checker.grade(self.grade.as_ref());
        checker.sources(&self.sources);
    }
}

impl Check for Source {
    fn check(&self, checker: &mut Checker<'_>) {
        checker.id();
        checker.not_empty("title", &self.title);
        checker.date("date", &self.date);
    }
}

impl Check for Annotation {
    fn check(&self, checker: &mut Checker<'_>) {
        checker.id();
        for coord in self.geometry.coordinates() {
            checker.coordinates("geometry", coord.x, coord.y);
        }
        let needed = match self.kind {
            AnnotationKind::TextNote | AnnotationKind::Pin => "Point",
            AnnotationKind::Arrow | AnnotationKind::Path => "LineString",
            AnnotationKind::Area => "Polygon",
        };
        let shape_fits = match (&self.kind, &self.geometry) {
            (AnnotationKind::TextNote | AnnotationKind::Pin, AnnotationGeometry::Point(_)) => true,
            (
                AnnotationKind::Arrow | AnnotationKind::Path,
                AnnotationGeometry::LineString(line),
            ) => {
                if line.0.len() < 2 {
                    checker.report("geometry", "a line needs at least two points".into());
                }
                true
            }
            (AnnotationKind::Area, AnnotationGeometry::Polygon(polygon)) => {
                if polygon.exterior().0.len() < 4 {
                    checker.report("geometry", "an area needs at least three corners".into());
                }
                true
            }
            _ => false,
        };
        if !shape_fits {
            checker.report(
                "geometry",
                format!(
                    "a \"{}\" annotation needs a {needed} geometry",
                    self.kind.as_str()
                ),
            );
        }
        let style = &self.style;
        if !(style.fill_opacity.is_finite() && (0.0..=1.0).contains(&style.fill_opacity)) {
            checker.report(
                "style.fill_opacity",
                format!("{} is outside 0..1", style.fill_opacity),
            );
        }
        if !(style.line_width.is_finite() && style.line_width >= 0.0) {
            checker.report(
                "style.line_width",
                format!("{} is not a width", style.line_width),
            );
        }
        if !(style.font_size.is_finite() && style.font_size > 0.0) {
            checker.report(
                "style.font_size",
                format!("{} is not a font size", style.font_size),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::small_project;

    fn messages(project: &Project) -> Vec<String> {
        validate(project).iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_sound_project_has_no_issues() {
        assert_eq!(messages(&small_project()), Vec::<String>::new());
    }

    #[test]
    fn dangling_references_are_named() {
        let mut project = small_project();
        project.relationships[0].from = ActorId::new("actor:nobody");
        project.events[0]
            .sources
            .push(SourceId::new("source:nowhere"));
        project.actors[1].member_of = Some(project.actors[1].id.clone());
        assert_eq!(
            messages(&project),
            [
                "actor \"actor:b\": member_of: an actor cannot be a member of itself",
                "relationship \"rel:ab\": from: unknown actor \"actor:nobody\"",
                "event \"event:e\": sources: unknown source \"source:nowhere\"",
            ]
        );
    }

    #[test]
    fn ranges_grades_coordinates_names_and_duplicates() {
        let mut project = small_project();
        project.relationships[0].start = Some(FuzzyDate::Year(2001));
        project.relationships[0].end = Some(FuzzyDate::Year(1979));
        project.relationships[0].grade = Some(Grade {
            reliability: 'G',
            credibility: 7,
        });
        project.actors[0].anchor.lat = 91.0;
        project.actors[0].anchor.lon = f64::NAN;
        project.events[0].title = "  ".into();
        project.events[0].date = DateRange::between(FuzzyDate::Year(2001), FuzzyDate::Year(1979));
        project.sources.push(project.sources[0].clone());
        let issues = messages(&project);
        let expected = [
            "actor \"actor:a\": place: longitude NaN is outside -180..180",
            "actor \"actor:a\": place: latitude 91 is outside -90..90",
            "relationship \"rel:ab\": grade: G7 is outside the Admiralty scale A1..F6",
            "relationship \"rel:ab\": end: ends (1979) before it starts (2001)",
            "event \"event:e\": title: is empty",
            "event \"event:e\": date: starts (2001) after it ends (1979)",
            "source \"source:s\": id: another source has the same id",
        ];
        assert_eq!(issues, expected);
        let last = validate(&project).pop().unwrap();
        assert_eq!((last.kind, last.index), (ItemKind::Source, 1));
    }

    #[test]
    fn annotation_shapes_must_fit_their_kind() {
        let mut project = small_project();
        project.annotations[0].kind = AnnotationKind::Area;
        project.annotations[0].style.fill_opacity = 2.0;
        assert_eq!(
            messages(&project),
            [
                "annotation \"note:1\": geometry: a \"area\" annotation needs a Polygon geometry",
                "annotation \"note:1\": style.fill_opacity: 2 is outside 0..1",
            ]
        );
    }
}
