use super::*;
use crate::gazetteer::Gazetteer;
use crate::model::{ActorKind, Change, Edit, Project, Status};

fn run(text: &str) -> Draft {
    draft(
        text,
        ArticleFormat::PlainText,
        &ArticleInfo::default(),
        &Gazetteer::bundled().unwrap(),
    )
}

fn actor<'a>(d: &'a Draft, name: &str) -> &'a ActorProposal {
    d.actors.iter().find(|a| a.name == name).unwrap_or_else(|| {
        panic!(
            "no actor {name} in {:?}",
            d.actors.iter().map(|a| &a.name).collect::<Vec<_>>()
        )
    })
}

#[test]
fn ambiguous_place_names_follow_the_article_s_other_places() {
    let near_karachi = run("Protests spread from Karachi to Hyderabad on Friday.");
    let hyderabad = near_karachi
        .places
        .iter()
        .find(|p| p.name == "Hyderabad")
        .unwrap();
    assert_eq!(hyderabad.country_iso_a3.as_deref(), Some("PAK"));
    assert!(hyderabad.alternatives >= 1);
    let near_bangalore = run("Protests spread from Bangalore to Hyderabad on Friday.");
    let hyderabad = near_bangalore
        .places
        .iter()
        .find(|p| p.name == "Hyderabad")
        .unwrap();
    assert_eq!(hyderabad.country_iso_a3.as_deref(), Some("IND"));
}

#[test]
fn demonyms_and_capitals_stand_for_their_states() {
    let d = run("Afghan officials met Pakistani envoys. Moscow's aims remain unclear.");
    assert_eq!(
        actor(&d, "Afghanistan").country_iso_a3.as_deref(),
        Some("AFG")
    );
    assert_eq!(actor(&d, "Pakistan").kind, ActorKind::State);
    let russia = actor(&d, "Russia");
    assert_eq!(russia.country_iso_a3.as_deref(), Some("RUS"));
    assert_eq!(russia.anchor_name, "Moscow");
    // The quote is the exact sentence, with its offsets in the text.
    assert_eq!(
        &d.text[russia.quote.start..russia.quote.end],
        "Moscow's aims remain unclear."
    );
}

#[test]
fn people_with_roles_belong_to_their_state() {
    let d = run("Pakistan's Defence Minister Khawaja Muhammad Asif said the army was ready.");
    let asif = actor(&d, "Khawaja Muhammad Asif");
    assert_eq!(asif.kind, ActorKind::Person);
    assert_eq!(asif.role.as_deref(), Some("Defence Minister"));
    assert_eq!(
        asif.member_of.as_ref().map(|m| m.as_str()),
        Some("actor:pakistan")
    );
    assert_eq!(asif.country_iso_a3.as_deref(), Some("PAK"));
}

#[test]
fn hedging_sets_the_status_and_nothing_is_confirmed() {
    let cases = [
        ("Russia attacked Ukraine on Monday.", Status::Reported),
        ("Russia reportedly attacked Ukraine.", Status::Reported),
        (
            "Russia could have attacked Ukraine, if corroborated.",
            Status::Alleged,
        ),
        ("Russia allegedly attacked Ukraine.", Status::Alleged),
        (
            "A proposed defence cooperation framework between Russia and Belarus was leaked.",
            Status::Proposed,
        ),
        (
            "The draft arms deal between Russia and Belarus was leaked.",
            Status::Proposed,
        ),
    ];
    for (text, status) in cases {
        let d = run(text);
        assert!(!d.ties.is_empty(), "no tie in {text}");
        assert!(
            d.ties.iter().all(|t| t.status == status),
            "{text}: {:?}",
            d.ties.iter().map(|t| t.status).collect::<Vec<_>>()
        );
    }
}

#[test]
fn ties_are_dated_relative_to_the_article() {
    let info = ArticleInfo {
        date: Some(crate::model::FuzzyDate::Day(2024, 3, 6)),
        ..ArticleInfo::default()
    };
    let d = draft(
        "Russia attacked Ukraine on Monday.",
        ArticleFormat::PlainText,
        &info,
        &Gazetteer::bundled().unwrap(),
    );
    assert_eq!(
        d.ties[0].start,
        Some(crate::model::FuzzyDate::Day(2024, 3, 4))
    );
    assert_eq!(
        d.ties[0].kind,
        crate::model::RelationshipKind::ArmedConflict
    );
}

#[test]
fn html_and_markdown_become_plain_text() {
    let html = "<html><head><title>x</title><script>var Russia;</script></head><body><p>Iran &amp; Iraq signed a trade deal.</p></body></html>";
    let d = draft(
        html,
        ArticleFormat::Html,
        &ArticleInfo::default(),
        &Gazetteer::bundled().unwrap(),
    );
    assert!(d.text.contains("Iran & Iraq signed"));
    assert!(
        !d.actors.iter().any(|a| a.name == "Russia"),
        "scripts are not read"
    );
    let md = run_md("## Talks\n\n**Iran** and [Iraq](https://example.org) signed a trade deal.");
    assert!(md.text.contains("Iran and Iraq signed"));
}

fn run_md(text: &str) -> Draft {
    draft(
        text,
        ArticleFormat::Markdown,
        &ArticleInfo::default(),
        &Gazetteer::bundled().unwrap(),
    )
}

fn project_with_russia() -> Project {
    let mut project = Project::new("Existing");
    let edit = Edit::Actor(Change::Add {
        index: None,
        record: crate::model::Actor {
            id: "actor:rf".into(),
            name: "Russian Federation".into(),
            aliases: vec!["Russia".into()],
            kind: ActorKind::State,
            anchor: crate::model::Place::new(37.6, 55.7, "Moscow"),
            country_iso_a3: Some("RUS".into()),
            member_of: None,
            description: String::new(),
            sources: Vec::new(),
            extra: Default::default(),
        },
    });
    edit.apply(&mut project).unwrap();
    project
}

#[test]
fn accepting_merges_existing_actors_cites_one_source_and_keeps_quotes() {
    let mut project = project_with_russia();
    let d = run("Russia attacked Ukraine on Monday.");
    let accepted = Accepted {
        actors: vec![],
        ties: vec![0],
        events: vec![],
    };
    let edit = to_edit(&d, &accepted, &project);
    edit.apply(&mut project).unwrap();
    assert_eq!(
        project.actors.len(),
        2,
        "Russia is merged into the existing actor, Ukraine added"
    );
    let relationship = &project.relationships[0];
    assert!(relationship.from.as_str() == "actor:rf" || relationship.to.as_str() == "actor:rf");
    assert_eq!(project.sources.len(), 1);
    assert_eq!(relationship.sources, vec![project.sources[0].id.clone()]);
    let ukraine = project.actors.iter().find(|a| a.name == "Ukraine").unwrap();
    assert_eq!(ukraine.sources, vec![project.sources[0].id.clone()]);
    let evidence = relationship.extra.get("evidence").unwrap();
    assert_eq!(evidence["quote"], "Russia attacked Ukraine on Monday.");
    assert_eq!(evidence["start"], 0);
}

#[test]
fn an_accepted_draft_undoes_in_one_step() {
    let mut project = project_with_russia();
    let before = project.clone();
    let d = run(
        "Pakistan's Defence Minister Khawaja Muhammad Asif warned Russia. China invested in Pakistan.",
    );
    let edit = to_edit(&d, &Accepted::above(&d, 0.0), &project);
    let inverse = edit.apply(&mut project).unwrap();
    assert!(project.actors.len() > before.actors.len());
    assert!(!project.relationships.is_empty());
    inverse.apply(&mut project).unwrap();
    assert_eq!(project, before);
}

#[test]
fn events_are_proposed_with_actors_place_and_date() {
    let info = ArticleInfo {
        date: Some(crate::model::FuzzyDate::Day(2024, 3, 6)),
        ..ArticleInfo::default()
    };
    let d = draft(
        "The Houthis claimed responsibility for an attack on a ship off Aden on Monday.",
        ArticleFormat::PlainText,
        &info,
        &Gazetteer::bundled().unwrap(),
    );
    let event = d.events.first().expect("an attack event");
    assert_eq!(event.category, crate::model::EventCategory::Attack);
    assert_eq!(event.place_name, "Aden");
    assert_eq!(
        event.date,
        crate::model::DateRange::single(crate::model::FuzzyDate::Day(2024, 3, 4))
    );
    assert!(event.actors.iter().any(|a| a.as_str() == "actor:houthis"));
    let mut project = Project::new("p");
    to_edit(
        &d,
        &Accepted {
            events: vec![0],
            ..Accepted::default()
        },
        &project,
    )
    .apply(&mut project)
    .unwrap();
    assert_eq!(project.events.len(), 1);
    assert_eq!(
        project.events[0].sources,
        vec![project.sources[0].id.clone()]
    );
}
