//! A small sound project for unit tests.

use geo::{LineString, Point, Polygon};

use super::*;

pub(crate) fn small_project() -> Project {
    let source = Source {
        id: SourceId::new("source:s"),
        title: "A report".into(),
        publisher: "A journal".into(),
        date: FuzzyDate::Unknown,
        read_at: "shelf".into(),
        extra: Default::default(),
    };
    let actor = |id: &str, name: &str, lon: f64, lat: f64| Actor {
        id: ActorId::new(id),
        name: name.into(),
        aliases: vec![],
        kind: ActorKind::State,
        anchor: Place::new(lon, lat, name),
        country_iso_a3: None,
        member_of: None,
        description: String::new(),
        sources: vec![source.id.clone()],
        extra: Default::default(),
    };
    let mut minister = actor("actor:m", "Minister", 10.0, 20.0);
    minister.kind = ActorKind::Person;
    minister.member_of = Some(ActorId::new("actor:a"));
    Project {
        title: "Small".into(),
        actors: vec![
            actor("actor:a", "A", 69.2, 34.5),
            actor("actor:b", "B", 37.6, 55.8),
            minister,
        ],
        relationships: vec![Relationship {
            id: RelationshipId::new("rel:ab"),
            from: ActorId::new("actor:a"),
            to: ActorId::new("actor:b"),
            kind: RelationshipKind::DefenceCooperation,
            directed: false,
            status: Status::Proposed,
            grade: Some(Grade::new('C', 3).unwrap()),
            start: Some(FuzzyDate::Year(2024)),
            end: None,
            sources: vec![source.id.clone()],
            notes: "draft".into(),
            extra: Default::default(),
        }],
        events: vec![Event {
            id: EventId::new("event:e"),
            title: "Something".into(),
            date: DateRange::single(FuzzyDate::Month(1979, 12)),
            place: Place::new(69.2, 34.5, "Kabul"),
            category: EventCategory::MilitaryIntervention,
            actors: vec![ActorId::new("actor:b")],
            description: String::new(),
            status: Status::Historical,
            grade: None,
            sources: vec![source.id.clone()],
            extra: Default::default(),
        }],
        sources: vec![source],
        annotations: vec![
            Annotation {
                id: AnnotationId::new("note:1"),
                kind: AnnotationKind::Pin,
                geometry: AnnotationGeometry::Point(Point::new(1.0, 2.0)),
                text: "here".into(),
                style: AnnotationStyle::default(),
                extra: Default::default(),
            },
            Annotation {
                id: AnnotationId::new("note:2"),
                kind: AnnotationKind::Area,
                geometry: AnnotationGeometry::Polygon(Polygon::new(
                    LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]),
                    vec![],
                )),
                text: String::new(),
                style: AnnotationStyle::default(),
                extra: Default::default(),
            },
        ],
        ..Project::default()
    }
}
