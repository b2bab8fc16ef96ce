//! What the map shows: filters over a [`Project`] and a forgiving search for the search box.
//!
//! Filtering never changes the project; it yields the ids of the items to draw ([`Visible`]),
//! which the map, the legend and the network panel share, so they always agree.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Project;
use super::date::{DateRange, FuzzyDate, Ymd};
use super::grade::Grade;
use super::ids::{ActorId, EventId, RelationshipId};
use super::records::{Actor, ActorKind, Event, Relationship, RelationshipKind, Status};
use super::validate::ItemKind;

/// The user's choices of what to show. Every criterion left empty lets everything through,
/// so `Filter::default()` shows the whole project. Serialisable so it can be kept in the
/// project's view settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Actor kinds to show; empty shows all. An actor hidden here hides its relationships.
    pub actor_kinds: Vec<ActorKind>,
    /// Relationship kinds to show; empty shows all.
    pub relationship_kinds: Vec<RelationshipKind>,
    /// Statuses of relationships and events to show; empty shows all.
    pub statuses: Vec<Status>,
    /// "B2 or better". Ungraded relationships and events pass only when this is `None`: a claim
    /// nobody graded cannot be shown to meet a bar. Actors carry no grade and always pass.
    pub minimum_grade: Option<Grade>,
    /// Shows relationships and events whose time may overlap this span. An unknown bound is
    /// open, and items of unknown date always pass, since they may well fall inside.
    pub time_window: Option<DateRange>,
    /// Narrows the view to what the text is about; see [`Filter::visible`]. Blank ignores it.
    pub text: String,
    /// Hides actors left without a visible relationship or event, so a narrow filter shows
    /// only the actors it is about.
    pub hide_unconnected_actors: bool,
}

/// The ids of the items a [`Filter`] lets through, in id order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Visible {
    pub actors: BTreeSet<ActorId>,
    pub relationships: BTreeSet<RelationshipId>,
    pub events: BTreeSet<EventId>,
}

impl Visible {
    /// Every item of the project, as with no filter at all.
    pub fn everything(project: &Project) -> Self {
        Filter::default().visible(project)
    }
}

impl Filter {
    /// A filter that shows only items whose time may overlap the years `from..=to`.
    pub fn years(from: i32, to: i32) -> Self {
        Filter {
            time_window: Some(DateRange::between(
                FuzzyDate::Year(from),
                FuzzyDate::Year(to),
            )),
            ..Filter::default()
        }
    }

    /// Whether any criterion is set, e.g. to show a "filters on" mark.
    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }

    /// The items to draw.
    ///
    /// A relationship is visible only when both of its actors are. An event naming actors is
    /// hidden when all of them are of hidden kinds. A text query keeps the actors it matches
    /// (name, alias, anchor place) with their relationships and the actors at their other
    /// ends, relationships whose kind or notes match, and events that match (title, place,
    /// description) or involve a matched actor.
    pub fn visible(&self, project: &Project) -> Visible {
        let kind_actors: BTreeSet<&ActorId> = project
            .actors
            .iter()
            .filter(|actor| self.actor_kinds.is_empty() || self.actor_kinds.contains(&actor.kind))
            .map(|actor| &actor.id)
            .collect();
        let candidate_relationships: Vec<&Relationship> = project
            .relationships
            .iter()
            .filter(|relationship| {
                kind_actors.contains(&relationship.from)
                    && kind_actors.contains(&relationship.to)
                    && self.relationship_passes(relationship)
            })
            .collect();
        let candidate_events: Vec<&Event> = project
            .events
            .iter()
            .filter(|event| {
                (event.actors.is_empty()
                    || event.actors.iter().any(|actor| kind_actors.contains(actor)))
                    && self.event_passes(event)
            })
            .collect();

        let query = fold(&self.text);
        let mut visible = if query.is_empty() {
            Visible {
                actors: kind_actors.into_iter().cloned().collect(),
                relationships: candidate_relationships
                    .iter()
                    .map(|relationship| relationship.id.clone())
                    .collect(),
                events: candidate_events
                    .iter()
                    .map(|event| event.id.clone())
                    .collect(),
            }
        } else {
            let matched_actors: BTreeSet<&ActorId> = project
                .actors
                .iter()
                .filter(|actor| kind_actors.contains(&actor.id))
                .filter(|actor| actor_fields(actor).any(|field| text_matches(&query, field)))
                .map(|actor| &actor.id)
                .collect();
            let relationships: Vec<&Relationship> = candidate_relationships
                .into_iter()
                .filter(|relationship| {
                    matched_actors.contains(&relationship.from)
                        || matched_actors.contains(&relationship.to)
                        || text_matches(&query, relationship.kind.label())
                        || text_matches(&query, &relationship.notes)
                })
                .collect();
            let mut actors: BTreeSet<ActorId> = matched_actors.iter().copied().cloned().collect();
            for relationship in &relationships {
                actors.insert(relationship.from.clone());
                actors.insert(relationship.to.clone());
            }
            Visible {
                actors,
                relationships: relationships
                    .iter()
                    .map(|relationship| relationship.id.clone())
                    .collect(),
                events: candidate_events
                    .into_iter()
                    .filter(|event| {
                        event_fields(event).any(|field| text_matches(&query, field))
                            || text_matches(&query, &event.description)
                            || event
                                .actors
                                .iter()
                                .any(|actor| matched_actors.contains(actor))
                    })
                    .map(|event| event.id.clone())
                    .collect(),
            }
        };

        if self.hide_unconnected_actors {
            let mut connected: BTreeSet<&ActorId> = BTreeSet::new();
            for relationship in &project.relationships {
                if visible.relationships.contains(&relationship.id) {
                    connected.insert(&relationship.from);
                    connected.insert(&relationship.to);
                }
            }
            for event in &project.events {
                if visible.events.contains(&event.id) {
                    connected.extend(event.actors.iter());
                }
            }
            visible.actors.retain(|actor| connected.contains(actor));
        }
        visible
    }

    /// Kind, status, grade and time: the criteria a relationship is judged on by itself.
    fn relationship_passes(&self, relationship: &Relationship) -> bool {
        (self.relationship_kinds.is_empty() || self.relationship_kinds.contains(&relationship.kind))
            && self.status_passes(relationship.status)
            && self.grade_passes(relationship.grade)
            && self.time_passes(
                relationship.start.and_then(|start| start.earliest()),
                relationship.end.and_then(|end| end.latest()),
            )
    }

    fn event_passes(&self, event: &Event) -> bool {
        self.status_passes(event.status)
            && self.grade_passes(event.grade)
            && self.time_passes(event.date.earliest(), event.date.latest())
    }

    fn status_passes(&self, status: Status) -> bool {
        self.statuses.is_empty() || self.statuses.contains(&status)
    }

    fn grade_passes(&self, grade: Option<Grade>) -> bool {
        match (self.minimum_grade, grade) {
            (None, _) => true,
            (Some(minimum), Some(grade)) => grade.is_at_least(minimum),
            (Some(_), None) => false,
        }
    }

    /// Whether `[earliest, latest]` may overlap the window; `None` bounds are open.
    fn time_passes(&self, earliest: Option<Ymd>, latest: Option<Ymd>) -> bool {
        let Some(window) = self.time_window else {
            return true;
        };
        let starts_after_window = match (earliest, window.latest()) {
            (Some(start), Some(window_end)) => start > window_end,
            _ => false,
        };
        let ends_before_window = match (latest, window.earliest()) {
            (Some(end), Some(window_start)) => end < window_start,
            _ => false,
        };
        !starts_after_window && !ends_before_window
    }
}

/// One result of [`search`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub id: SearchTarget,
    /// The item's name or title, for the result list.
    pub label: String,
    /// The text that matched (a name, an alias or a place name), to show why it was found.
    pub matched: String,
    /// Where to fly the map: the actor's anchor or the event's place.
    pub lon: f64,
    pub lat: f64,
    /// In `(0, 1]`; higher is a better match.
    pub score: f64,
}

/// The item a [`SearchHit`] found, with its typed id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SearchTarget {
    Actor(ActorId),
    Event(EventId),
}

impl SearchHit {
    pub fn kind(&self) -> ItemKind {
        match self.id {
            SearchTarget::Actor(_) => ItemKind::Actor,
            SearchTarget::Event(_) => ItemKind::Event,
        }
    }
}

/// How strongly each kind of field counts: a hit on the name beats one on the place.
const NAME_WEIGHT: f64 = 1.0;
const ALIAS_WEIGHT: f64 = 0.9;
const PLACE_WEIGHT: f64 = 0.6;

/// Actors (by name, alias, anchor place) and events (by title, place) matching `query`,
/// ignoring case and accents, best first: whole-field matches, then field prefixes, then word
/// prefixes, then substrings, then items holding every word of the query somewhere. Ties are
/// ordered actors first, then by label and id, so the list is stable.
pub fn search(project: &Project, query: &str) -> Vec<SearchHit> {
    let query = fold(query);
    if query.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for actor in &project.actors {
        let fields = std::iter::once((actor.name.as_str(), NAME_WEIGHT))
            .chain(
                actor
                    .aliases
                    .iter()
                    .map(|alias| (alias.as_str(), ALIAS_WEIGHT)),
            )
            .chain(std::iter::once((actor.anchor.name.as_str(), PLACE_WEIGHT)));
        if let Some((score, matched)) = best_match(&query, fields) {
            hits.push(SearchHit {
                id: SearchTarget::Actor(actor.id.clone()),
                label: actor.name.clone(),
                matched: matched.to_owned(),
                lon: actor.anchor.lon,
                lat: actor.anchor.lat,
                score,
            });
        }
    }
    for event in &project.events {
        let fields = [
            (event.title.as_str(), NAME_WEIGHT),
            (event.place.name.as_str(), PLACE_WEIGHT),
        ];
        if let Some((score, matched)) = best_match(&query, fields.into_iter()) {
            hits.push(SearchHit {
                id: SearchTarget::Event(event.id.clone()),
                label: event.title.clone(),
                matched: matched.to_owned(),
                lon: event.place.lon,
                lat: event.place.lat,
                score,
            });
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.kind().cmp(&b.kind()))
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| a.id.cmp(&b.id))
    });
    hits
}

/// The best-scoring field for a folded, non-empty query, with the field's text.
fn best_match<'a>(
    query: &str,
    fields: impl Iterator<Item = (&'a str, f64)> + Clone,
) -> Option<(f64, &'a str)> {
    let mut best: Option<(f64, &'a str)> = None;
    for (text, weight) in fields.clone() {
        if let Some(quality) = match_quality(query, &fold(text)) {
            let score = quality * weight;
            if best.is_none_or(|(best_score, _)| score > best_score) {
                best = Some((score, text));
            }
        }
    }
    if best.is_some() {
        return best;
    }
    // Every word somewhere, e.g. "soviet kabul" for the invasion at Kabul.
    let all_text: Vec<String> = fields.clone().map(|(text, _)| fold(text)).collect();
    let every_word_found = query
        .split(' ')
        .all(|word| all_text.iter().any(|text| text.contains(word)));
    if every_word_found {
        fields.map(|(text, _)| (SCATTERED_WORDS, text)).next()
    } else {
        None
    }
}

const SCATTERED_WORDS: f64 = 0.2;

/// How well a folded query matches one folded field, in `(0, 1]`; `None` when it does not.
fn match_quality(query: &str, field: &str) -> Option<f64> {
    if field == query {
        Some(1.0)
    } else if field.starts_with(query) {
        Some(0.8)
    } else if field.contains(&format!(" {query}")) {
        Some(0.6)
    } else if field.contains(query) {
        Some(0.4)
    } else {
        None
    }
}

fn text_matches(folded_query: &str, text: &str) -> bool {
    let text = fold(text);
    match_quality(folded_query, &text).is_some()
        || folded_query.split(' ').all(|word| text.contains(word))
}

fn actor_fields(actor: &Actor) -> impl Iterator<Item = &str> {
    std::iter::once(actor.name.as_str())
        .chain(actor.aliases.iter().map(String::as_str))
        .chain(std::iter::once(actor.anchor.name.as_str()))
}

fn event_fields(event: &Event) -> impl Iterator<Item = &str> {
    [event.title.as_str(), event.place.name.as_str()].into_iter()
}

/// Text reduced for comparison: lower case, Latin accents removed ("Kābul" is "kabul"),
/// apostrophes dropped ("Pakistan’s" is "pakistans"), any other punctuation a single space.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_combining_mark(c) || matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´') {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            match without_accent(c) {
                Some(plain) => folded.push_str(plain),
                None => folded.push(c),
            }
        } else {
            pending_space = true;
        }
    }
    folded
}

/// Combining diacritical marks, as left by decomposed (NFD) text.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// The plain Latin letters of a lower-case accented letter (Latin-1 and Latin Extended-A).
fn without_accent(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("ß", "ss"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("þ", "th"),
        ("ð", "d"),
    ];
    if c.is_ascii() {
        return None;
    }
    TABLE
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map(|(_, plain)| *plain)
}

#[cfg(test)]
mod tests {
    use super::super::parse_project;
    use super::super::test_support::small_project;
    use super::*;

    fn scenario() -> Project {
        parse_project(
            include_bytes!("../../assets/scenario.faultline.geojson"),
            "scenario",
        )
        .unwrap()
    }

    fn rel(id: &str) -> RelationshipId {
        RelationshipId::new(id)
    }

    fn ids<T: ToString>(set: &BTreeSet<T>) -> Vec<String> {
        set.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_default_filter_shows_everything() {
        let project = scenario();
        let visible = Filter::default().visible(&project);
        assert_eq!(visible.actors.len(), project.actors.len());
        assert_eq!(visible.relationships.len(), project.relationships.len());
        assert_eq!(visible.events.len(), project.events.len());
        assert_eq!(visible, Visible::everything(&project));
        assert!(!Filter::default().is_active());
    }

    #[test]
    fn an_actor_hidden_by_kind_hides_its_relationships_and_events() {
        let project = small_project();
        let filter = Filter {
            actor_kinds: vec![ActorKind::Person],
            ..Filter::default()
        };
        let visible = filter.visible(&project);
        assert_eq!(ids(&visible.actors), ["actor:m"]);
        assert!(visible.relationships.is_empty());
        // The event names only actor:b, a state.
        assert!(visible.events.is_empty());

        let states = Filter {
            actor_kinds: vec![ActorKind::State],
            ..Filter::default()
        }
        .visible(&project);
        assert_eq!(ids(&states.actors), ["actor:a", "actor:b"]);
        assert_eq!(ids(&states.relationships), ["rel:ab"]);
        assert_eq!(ids(&states.events), ["event:e"]);
    }

    #[test]
    fn a_relationship_to_a_missing_actor_is_not_visible() {
        let mut project = small_project();
        project.relationships[0].to = ActorId::new("actor:gone");
        assert!(Filter::default().visible(&project).relationships.is_empty());
    }

    #[test]
    fn status_alleged_leaves_the_recruitment_relationship() {
        let filter = Filter {
            statuses: vec![Status::Alleged],
            ..Filter::default()
        };
        let visible = filter.visible(&scenario());
        assert_eq!(
            ids(&visible.relationships),
            ["rel:russia-recruits-taliban-fighters"]
        );
        assert!(visible.events.is_empty());
    }

    #[test]
    fn relationship_kind_filter() {
        let filter = Filter {
            relationship_kinds: vec![RelationshipKind::HistoricalIntervention],
            ..Filter::default()
        };
        let visible = filter.visible(&scenario());
        assert_eq!(
            ids(&visible.relationships),
            [
                "rel:british-intervention",
                "rel:soviet-intervention",
                "rel:us-intervention"
            ]
        );
    }

    #[test]
    fn b2_or_better_leaves_none_of_the_scenarios_c_graded_items() {
        let project = scenario();
        let filter = Filter {
            minimum_grade: Some("B2".parse().unwrap()),
            ..Filter::default()
        };
        let visible = filter.visible(&project);
        assert!(visible.relationships.is_empty(), "{visible:?}");
        assert!(visible.events.is_empty(), "{visible:?}");
        // Actors carry no grade, so they stay.
        assert_eq!(visible.actors.len(), project.actors.len());

        let c2 = Filter {
            minimum_grade: Some("C2".parse().unwrap()),
            ..Filter::default()
        }
        .visible(&project);
        assert!(c2.relationships.contains(&rel("rel:russia-ukraine-war")));
        assert!(
            !c2.relationships
                .contains(&rel("rel:russia-taliban-defence-framework"))
        );
    }

    #[test]
    fn ungraded_items_pass_only_without_a_minimum_grade() {
        let project = small_project();
        assert!(project.events[0].grade.is_none());
        let lenient = Filter::default().visible(&project);
        assert_eq!(ids(&lenient.events), ["event:e"]);
        let strict = Filter {
            minimum_grade: Some("F6".parse().unwrap()),
            ..Filter::default()
        }
        .visible(&project);
        assert!(strict.events.is_empty());
        assert_eq!(ids(&strict.relationships), ["rel:ab"]);
    }

    #[test]
    fn a_window_from_1970_to_1990_keeps_the_soviet_intervention_only() {
        let visible = Filter::years(1970, 1990).visible(&scenario());
        let relationships = &visible.relationships;
        assert!(relationships.contains(&rel("rel:soviet-intervention")));
        assert!(!relationships.contains(&rel("rel:us-intervention")));
        assert!(!relationships.contains(&rel("rel:british-intervention")));
        // Undated relationships may fall inside, so they stay.
        assert!(relationships.contains(&rel("rel:russia-ukraine-war")));
        assert!(
            visible
                .events
                .contains(&EventId::new("event:soviet-invasion"))
        );
        assert!(
            !visible
                .events
                .contains(&EventId::new("event:us-led-intervention"))
        );
        assert!(
            !visible
                .events
                .contains(&EventId::new("event:imperial-rivalry"))
        );
        assert!(
            visible
                .events
                .contains(&EventId::new("event:diplomat-investigation"))
        );
    }

    #[test]
    fn time_window_bounds_are_inclusive_and_fuzzy() {
        let project = small_project(); // rel:ab starts 2024, event:e is 1979-12.
        let visible = |filter: Filter| filter.visible(&project);
        assert_eq!(
            ids(&visible(Filter::years(2024, 2024)).relationships),
            ["rel:ab"]
        );
        assert_eq!(
            ids(&visible(Filter::years(2100, 2200)).relationships),
            ["rel:ab"]
        );
        assert!(visible(Filter::years(2000, 2023)).relationships.is_empty());
        assert_eq!(ids(&visible(Filter::years(1979, 1979)).events), ["event:e"]);
        assert!(visible(Filter::years(1980, 1990)).events.is_empty());
        let seventies = Filter {
            time_window: Some(DateRange::single(FuzzyDate::Decade(1970))),
            ..Filter::default()
        };
        assert_eq!(ids(&visible(seventies).events), ["event:e"]);
        let open_start = Filter {
            time_window: Some(DateRange::between(
                FuzzyDate::Unknown,
                FuzzyDate::Year(1980),
            )),
            ..Filter::default()
        };
        let open = visible(open_start);
        assert_eq!(ids(&open.events), ["event:e"]);
        assert!(open.relationships.is_empty());
    }

    #[test]
    fn a_text_query_keeps_the_matched_actor_its_ties_and_its_events() {
        let project = scenario();
        let filter = Filter {
            text: "ukraine".into(),
            ..Filter::default()
        };
        let visible = filter.visible(&project);
        // The war touches Ukraine; the notes of the recruitment and sanctions ties name it.
        assert_eq!(
            ids(&visible.relationships),
            [
                "rel:russia-recruits-taliban-fighters",
                "rel:russia-ukraine-war",
                "rel:west-sanctions-russia"
            ]
        );
        assert_eq!(
            ids(&visible.actors),
            [
                "actor:russia",
                "actor:taliban-fighters",
                "actor:ukraine",
                "actor:western-sanctioning-states"
            ]
        );
        assert!(visible.events.is_empty());
        for relationship in &project.relationships {
            if visible.relationships.contains(&relationship.id) {
                assert!(visible.actors.contains(&relationship.from));
                assert!(visible.actors.contains(&relationship.to));
            }
        }
        assert!(filter.is_active());
    }

    #[test]
    fn hiding_unconnected_actors_leaves_only_what_the_filter_is_about() {
        let filter = Filter {
            statuses: vec![Status::Alleged],
            hide_unconnected_actors: true,
            ..Filter::default()
        };
        let visible = filter.visible(&scenario());
        assert_eq!(
            ids(&visible.actors),
            ["actor:russia", "actor:taliban-fighters"]
        );
    }

    #[test]
    fn the_filter_round_trips_through_json_and_fills_missing_fields() {
        let filter = Filter {
            actor_kinds: vec![ActorKind::State],
            relationship_kinds: vec![RelationshipKind::Other("smuggling".into())],
            statuses: vec![Status::Alleged, Status::Reported],
            minimum_grade: Some("B2".parse().unwrap()),
            time_window: Some("1970/1990".parse().unwrap()),
            text: "kabul".into(),
            hide_unconnected_actors: true,
        };
        let json = serde_json::to_value(&filter).unwrap();
        assert_eq!(json["minimum_grade"], "B2");
        assert_eq!(json["time_window"], "1970/1990");
        let back: Filter = serde_json::from_value(json).unwrap();
        assert_eq!(back, filter);
        let partial: Filter = serde_json::from_str(r#"{"statuses":["alleged"]}"#).unwrap();
        assert_eq!(partial.statuses, [Status::Alleged]);
        assert_eq!(partial.minimum_grade, None);
    }

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Kābul"), "kabul");
        assert_eq!(fold("  ÉCOLE  Polytechnique "), "ecole polytechnique");
        assert_eq!(fold("Pakistan’s"), "pakistans");
        assert_eq!(
            fold("China–Pakistan Economic Corridor"),
            "china pakistan economic corridor"
        );
        assert_eq!(fold("Taliban-led"), "taliban led");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Ko\u{0301}"), "ko"); // decomposed accent
        assert_eq!(fold("— ,"), "");
    }

    #[test]
    fn searching_asif_finds_the_defence_minister() {
        let hits = search(&scenario(), "asif");
        assert_eq!(
            hits[0].id,
            SearchTarget::Actor(ActorId::new("actor:khawaja-asif"))
        );
        assert_eq!(hits[0].kind(), ItemKind::Actor);
        assert_eq!(hits[0].label, "Khawaja Muhammad Asif");
        assert!((hits[0].lon - 73.0551).abs() < 1e-9);
    }

    #[test]
    fn searching_kabul_finds_the_taliban_administration_by_its_anchor_place() {
        let hits = search(&scenario(), "KABUL");
        let taliban = hits
            .iter()
            .find(|hit| hit.id == SearchTarget::Actor(ActorId::new("actor:taliban-administration")))
            .unwrap();
        assert_eq!(taliban.matched, "Kabul");
        assert!(
            hits.iter()
                .any(|hit| hit.id == SearchTarget::Event(EventId::new("event:soviet-invasion")))
        );
        // Accents in the query do not matter either.
        assert_eq!(search(&scenario(), "Kābul"), hits);
    }

    #[test]
    fn better_matches_come_first() {
        let project = scenario();
        // "Russian Federation" starts with the query; "Russia" as an alias is an exact match.
        let hits = search(&project, "russia");
        assert_eq!(
            hits[0].id,
            SearchTarget::Actor(ActorId::new("actor:russia"))
        );
        let scores: Vec<f64> = hits.iter().map(|hit| hit.score).collect();
        assert!(
            scores.windows(2).all(|pair| pair[0] >= pair[1]),
            "{scores:?}"
        );
        assert!(scores.iter().all(|score| *score > 0.0 && *score <= 1.0));
        // A name prefix beats a place: "pak" is Pakistan before anything anchored elsewhere.
        assert_eq!(
            search(&project, "pak")[0].id,
            SearchTarget::Actor(ActorId::new("actor:pakistan"))
        );
    }

    #[test]
    fn search_finds_aliases_events_and_scattered_words() {
        let project = scenario();
        let cpec = search(&project, "cpec");
        assert_eq!(cpec[0].id, SearchTarget::Actor(ActorId::new("actor:cpec")));
        assert_eq!(cpec[0].matched, "CPEC");
        let soviet = search(&project, "soviet kabul");
        assert_eq!(
            soviet[0].id,
            SearchTarget::Event(EventId::new("event:soviet-invasion"))
        );
        assert!(search(&project, "").is_empty());
        assert!(search(&project, "  ").is_empty());
        assert!(search(&project, "atlantis").is_empty());
    }

    #[test]
    fn search_output_is_deterministic() {
        let project = scenario();
        assert_eq!(search(&project, "a"), search(&project, "a"));
    }
}
