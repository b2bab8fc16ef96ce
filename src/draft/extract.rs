//! The rules that find places, actors and ties in an article's sentences.

use std::collections::{BTreeMap, HashMap};

use regex::Regex;

use super::dates::DateFinder;
use super::lexicon::{CUES, HISTORICAL_STATES, KNOWN_ACTORS, NOT_NAMES, ROLE_WORDS};
use super::text::{self, ArticleFormat, SentenceSpan};
use super::ties::{hedging, is_old, pairs_for, suggested_grade};
use super::{ActorProposal, ArticleInfo, Draft, PlaceProposal, Quote, TieProposal};
use crate::gazetteer::{Gazetteer, PlaceKind, fold};
use crate::model::{ActorId, ActorKind, FuzzyDate, RelationshipKind, Status};

/// Where an actor is mentioned: byte offsets in the sentence, and whether by adjective.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) key: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) adjective: bool,
}

struct Builder<'g> {
    gazetteer: &'g Gazetteer,
    text: String,
    sentences: Vec<SentenceSpan>,
    actors: BTreeMap<String, ActorProposal>,
    order: Vec<String>,
    /// "Taliban" → the key of "Taliban-led administration".
    led_by: HashMap<String, String>,
    places: Vec<(String, Vec<usize>, usize)>,
}

/// Drafts places, actors and ties from an article.
pub fn draft(
    input: &str,
    format: ArticleFormat,
    info: &ArticleInfo,
    gazetteer: &Gazetteer,
) -> Draft {
    let text = text::plain_text(input, format);
    let sentences = text::sentences(&text);
    let mut builder = Builder {
        gazetteer,
        sentences,
        text,
        actors: BTreeMap::new(),
        order: Vec::new(),
        led_by: HashMap::new(),
        places: Vec::new(),
    };
    let Some(patterns) = Patterns::new() else {
        return builder.finish(info, Vec::new(), Vec::new());
    };
    let mut mentions = Vec::with_capacity(builder.sentences.len());
    for index in 0..builder.sentences.len() {
        mentions.push(builder.actors_in_sentence(index, &patterns));
    }
    let places = builder.resolve_places();
    let ties = builder.ties(&mentions, &patterns, info.date);
    let sentences = builder.sentences.clone();
    let mut drafted = builder.finish(info, places, ties);
    drafted.events = super::events::events(&drafted, &sentences, &mentions, &patterns.dates);
    drafted
}

struct Patterns {
    led: Regex,
    affiliated: Regex,
    person: Regex,
    project: Regex,
    bloc: Regex,
    western: Regex,
    empire: Regex,
    between: Regex,
    words: Regex,
    dates: DateFinder,
}

impl Patterns {
    fn new() -> Option<Self> {
        let mut roles: Vec<&str> = ROLE_WORDS.to_vec();
        roles.sort_by_key(|r| std::cmp::Reverse(r.len()));
        let roles = roles.join("|");
        let name = r"\p{Lu}[\p{Ll}'’\-]+";
        Some(Self {
            led: rx(r"\b(\p{Lu}[\p{L}]+)-led (administration|government|authorities|regime|authority)\b").ok()?,
            affiliated: rx(r"\b(\p{Lu}[\p{L}]+)-(affiliated|aligned|backed|linked|allied) (fighters|militants|forces|militias|groups|rebels)\b").ok()?,
            person: rx(&format!(
                r"(?:\b(\p{{Lu}}[\p{{L}}]+)(?:'s|’s) )?\b((?:(?:Defen[cs]e|Foreign|Interior|Finance|Prime|Deputy|Chief|Army|Vice|Supreme|Senior|Military|Security|Information|Justice|State|Special) )*(?:{roles}))\s+((?:{name})(?:\s+{name}){{1,3}})"
            )).ok()?,
            project: rx(r"\b((?:\p{Lu}[\p{L}]*[–\-]?)+(?:\s+(?:\p{Lu}[\p{L}]*[–\-]?)+){0,4}\s+(?:Corridor|Pipeline|Initiative|Railway|Project))(?:\s*\((\p{Lu}{2,})\))?").ok()?,
            bloc: rx(r"\b((?:\p{Lu}[\p{L}]+ )?\p{Lu}[\p{L}]+) (republics|states|countries|nations)\b").ok()?,
            western: rx(r"\bWestern (sanctions|powers|states|governments|allies|nations|countries)\b").ok()?,
            empire: rx(r"\b(\p{Lu}[\p{L}]+) (imperial|Empire)\b").ok()?,
            between: rx(r"\bbetween (?:the )?(.+?) and (?:the )?(.+?)(?:[,.;]| carry| would| has| is| was|$)").ok()?,
            words: rx(r"\p{L}[\p{L}\p{N}]*(?:['’]\p{Ll}+)?").ok()?,
            dates: DateFinder::new()?,
        })
    }
}

fn rx(pattern: &str) -> Result<Regex, regex::Error> {
    let result = Regex::new(pattern);
    if let Err(error) = &result {
        log::error!("draft pattern does not compile: {error}");
        debug_assert!(false, "{error}");
    }
    result
}

fn slug(name: &str) -> String {
    let folded = fold(name);
    folded.replace(' ', "-")
}

impl Builder<'_> {
    fn quote(&self, index: usize) -> Quote {
        let span = self.sentences[index];
        Quote {
            sentence: self.text[span.start..span.end].to_owned(),
            start: span.start,
            end: span.end,
        }
    }

    /// Adds or counts an actor; the first sentence that names it is its quote.
    #[allow(clippy::too_many_arguments)]
    fn actor(
        &mut self,
        name: &str,
        kind: ActorKind,
        country: Option<&str>,
        anchor: Option<usize>,
        sentence: usize,
        confidence: f64,
    ) -> String {
        let key = format!("actor:{}", slug(name));
        if let Some(existing) = self.actors.get_mut(&key) {
            existing.mentions += 1;
            return key;
        }
        let anchor_place = anchor
            .or_else(|| country.and_then(|c| self.gazetteer.capital_city(c)))
            .and_then(|i| self.gazetteer.place(i).cloned())
            .or_else(|| country.and_then(|c| self.gazetteer.country(c).cloned()));
        let (anchor_name, lon, lat) = anchor_place
            .map(|p| (p.name, p.lon, p.lat))
            .unwrap_or_default();
        let proposal = ActorProposal {
            id: ActorId::new(key.clone()),
            name: name.to_owned(),
            aliases: Vec::new(),
            kind,
            country_iso_a3: country.map(str::to_owned),
            anchor_name,
            lon,
            lat,
            role: None,
            member_of: None,
            mentions: 1,
            quote: self.quote(sentence),
            confidence,
        };
        self.actors.insert(key.clone(), proposal);
        self.order.push(key.clone());
        key
    }

    fn state(&mut self, iso: &str, sentence: usize, confidence: f64) -> Option<String> {
        let country = self.gazetteer.country(iso)?.name.clone();
        Some(self.actor(
            &country,
            ActorKind::State,
            Some(iso),
            None,
            sentence,
            confidence,
        ))
    }

    /// Finds the actors a sentence mentions (and notes its place names for later resolution).
    fn actors_in_sentence(&mut self, index: usize, patterns: &Patterns) -> Vec<Mention> {
        let span = self.sentences[index];
        let sentence = self.text[span.start..span.end].to_owned();
        let mut mentions: Vec<Mention> = Vec::new();
        let mut claimed: Vec<(usize, usize)> = Vec::new();
        let free = |claimed: &[(usize, usize)], s: usize, e: usize| {
            claimed.iter().all(|(a, b)| e <= *a || s >= *b)
        };

        for caps in patterns.led.captures_iter(&sentence) {
            let (Some(whole), Some(leader)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let name = format!("{}-led {}", leader.as_str(), &caps[2]);
            let leader_country = self.country_of_word(leader.as_str());
            let country = leader_country
                .clone()
                .or_else(|| self.first_country_in(&sentence));
            let key = self.actor(
                &name,
                ActorKind::DeFactoAuthority,
                country.as_deref(),
                None,
                index,
                0.7,
            );
            self.led_by.insert(leader.as_str().to_owned(), key.clone());
            mentions.push(Mention {
                key,
                start: whole.start(),
                end: whole.end(),
                adjective: false,
            });
            claimed.push((whole.start(), whole.end()));
        }
        for caps in patterns.affiliated.captures_iter(&sentence) {
            let Some(whole) = caps.get(0) else { continue };
            if !free(&claimed, whole.start(), whole.end()) {
                continue;
            }
            let name = whole.as_str().to_owned();
            let key = self.actor(&name, ActorKind::NonStateArmedGroup, None, None, index, 0.6);
            mentions.push(Mention {
                key,
                start: whole.start(),
                end: whole.end(),
                adjective: false,
            });
            claimed.push((whole.start(), whole.end()));
        }
        for caps in patterns.person.captures_iter(&sentence) {
            let (Some(role), Some(person)) = (caps.get(2), caps.get(3)) else {
                continue;
            };
            let state_key = caps
                .get(1)
                .and_then(|c| self.country_of_word(c.as_str()))
                .and_then(|iso| {
                    let start = caps.get(1).map_or(0, |c| c.start());
                    let key = self.state(&iso, index, 0.8)?;
                    mentions.push(Mention {
                        key: key.clone(),
                        start,
                        end: start + iso.len(),
                        adjective: false,
                    });
                    Some((key, iso))
                });
            let key = self.actor(
                person.as_str(),
                ActorKind::Person,
                state_key.as_ref().map(|(_, iso)| iso.as_str()),
                None,
                index,
                0.7,
            );
            if let Some(actor) = self.actors.get_mut(&key) {
                if actor.role.is_none() {
                    actor.role = Some(role.as_str().to_owned());
                }
                if let Some((state, _)) = &state_key {
                    actor
                        .member_of
                        .get_or_insert_with(|| ActorId::new(state.clone()));
                }
            }
            mentions.push(Mention {
                key,
                start: role.start(),
                end: person.end(),
                adjective: false,
            });
            claimed.push((
                caps.get(0).map_or(role.start(), |w| w.start()),
                person.end(),
            ));
        }
        for caps in patterns.project.captures_iter(&sentence) {
            let Some(whole) = caps.get(1) else { continue };
            let name = whole.as_str().trim_start_matches("The ").to_owned();
            let first = name.split([' ', '-', '–']).next().unwrap_or("");
            let country = self.country_of_word(first);
            let key = self.actor(
                &name,
                ActorKind::Project,
                country.as_deref(),
                None,
                index,
                0.6,
            );
            if let (Some(abbreviation), Some(actor)) = (caps.get(2), self.actors.get_mut(&key))
                && !actor.aliases.iter().any(|a| a == abbreviation.as_str())
            {
                actor.aliases.push(abbreviation.as_str().to_owned());
            }
            let end = caps.get(0).map_or(whole.end(), |w| w.end());
            mentions.push(Mention {
                key,
                start: whole.start(),
                end,
                adjective: false,
            });
            // The corridor's countries still count as mentions of their states.
            for part in name.split([' ', '-', '–']) {
                if let Some(iso) = self.country_of_word(part)
                    && let Some(state) = self.state(&iso, index, 0.8)
                {
                    let at = whole.start() + whole.as_str().find(part).unwrap_or(0);
                    mentions.push(Mention {
                        key: state,
                        start: at,
                        end: at + part.len(),
                        adjective: false,
                    });
                }
            }
            claimed.push((whole.start(), end));
        }
        for caps in patterns.bloc.captures_iter(&sentence) {
            let (Some(whole), Some(adjective)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let Some(region) = self
                .gazetteer
                .demonym(adjective.as_str())
                .and_then(|i| self.gazetteer.place(i))
                .filter(|p| p.kind == PlaceKind::Region)
                .cloned()
            else {
                continue;
            };
            let name = format!("{} {}", adjective.as_str(), &caps[2]);
            let key = self.actor(&name, ActorKind::Bloc, None, None, index, 0.6);
            if let Some(actor) = self.actors.get_mut(&key) {
                actor.anchor_name = region.name.clone();
                actor.lon = region.lon;
                actor.lat = region.lat;
            }
            for member in &region.members {
                if let Some(member_key) = self.state(member, index, 0.5)
                    && let Some(actor) = self.actors.get_mut(&member_key)
                {
                    actor
                        .member_of
                        .get_or_insert_with(|| ActorId::new(key.clone()));
                }
            }
            mentions.push(Mention {
                key,
                start: whole.start(),
                end: whole.end(),
                adjective: false,
            });
            claimed.push((whole.start(), whole.end()));
        }
        for caps in patterns.western.captures_iter(&sentence) {
            let Some(whole) = caps.get(0) else { continue };
            let key = self.actor("Western states", ActorKind::Bloc, None, None, index, 0.5);
            mentions.push(Mention {
                key,
                start: whole.start(),
                end: whole.start() + "Western".len(),
                adjective: true,
            });
            claimed.push((whole.start(), whole.start() + "Western".len()));
        }
        for caps in patterns.empire.captures_iter(&sentence) {
            let Some(adjective) = caps.get(1) else {
                continue;
            };
            let Some(iso) = self
                .gazetteer
                .demonym(adjective.as_str())
                .and_then(|i| self.gazetteer.place(i))
                .and_then(|p| p.country_iso_a3.clone())
            else {
                continue;
            };
            let name = format!("{} Empire", adjective.as_str());
            let capital = self.gazetteer.capital_city(&iso);
            let key = self.actor(&name, ActorKind::State, None, capital, index, 0.6);
            mentions.push(Mention {
                key,
                start: adjective.start(),
                end: adjective.end(),
                adjective: true,
            });
            claimed.push((adjective.start(), adjective.end()));
        }
        for known in KNOWN_ACTORS {
            for name in std::iter::once(&known.name).chain(known.aliases) {
                for (at, _) in sentence.match_indices(name) {
                    let end = at + name.len();
                    let boundary_before = sentence[..at]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric());
                    let boundary_after = sentence[end..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric());
                    if !boundary_before || !boundary_after || !free(&claimed, at, end) {
                        continue;
                    }
                    let key = match self.led_by.get(*name) {
                        Some(authority) => {
                            if let Some(actor) = self.actors.get_mut(authority) {
                                actor.mentions += 1;
                            }
                            authority.clone()
                        }
                        None => {
                            let seat = known.seat_city.and_then(|city| {
                                self.gazetteer.lookup(city).into_iter().find(|i| {
                                    self.gazetteer.place(*i).is_some_and(|p| {
                                        p.kind == PlaceKind::City
                                            && p.country_iso_a3.as_deref() == known.seat_iso_a3
                                    })
                                })
                            });
                            let country = if known.kind == ActorKind::NonStateArmedGroup
                                || known.kind == ActorKind::MediaOutlet
                            {
                                None
                            } else {
                                None::<&str>
                            };
                            let key =
                                self.actor(known.name, known.kind, country, seat, index, 0.85);
                            if seat.is_none()
                                && let (Some(iso), Some(actor)) =
                                    (known.seat_iso_a3, self.actors.get_mut(&key))
                                && actor.anchor_name.is_empty()
                                && let Some(c) = self.gazetteer.country(iso)
                            {
                                actor.anchor_name = c.name.clone();
                                actor.lon = c.lon;
                                actor.lat = c.lat;
                            }
                            key
                        }
                    };
                    mentions.push(Mention {
                        key,
                        start: at,
                        end,
                        adjective: false,
                    });
                    claimed.push((at, end));
                }
            }
        }
        for &(adjective, name, iso, seat) in HISTORICAL_STATES {
            for (at, _) in sentence.match_indices(adjective) {
                let end = at + adjective.len();
                if !free(&claimed, at, end) {
                    continue;
                }
                let seat = self.gazetteer.lookup(seat).into_iter().find(|i| {
                    self.gazetteer
                        .place(*i)
                        .is_some_and(|p| p.country_iso_a3.as_deref() == Some(iso))
                });
                let key = self.actor(name, ActorKind::State, None, seat, index, 0.6);
                mentions.push(Mention {
                    key,
                    start: at,
                    end,
                    adjective: true,
                });
                claimed.push((at, end));
            }
        }
        self.gazetteer_mentions(index, &sentence, patterns, &claimed, &mut mentions);
        mentions.sort_by_key(|m| m.start);
        mentions
    }

    /// Countries (by name, demonym or capital), regions and cities in the free words.
    fn gazetteer_mentions(
        &mut self,
        index: usize,
        sentence: &str,
        patterns: &Patterns,
        claimed: &[(usize, usize)],
        mentions: &mut Vec<Mention>,
    ) {
        let words: Vec<(usize, usize)> = patterns
            .words
            .find_iter(sentence)
            .map(|m| {
                let word = m.as_str();
                let trimmed = word.trim_end_matches("'s").trim_end_matches("’s");
                (m.start(), m.start() + trimmed.len())
            })
            .collect();
        let mut i = 0;
        while i < words.len() {
            let (start, end) = words[i];
            let word = &sentence[start..end];
            let capitalised = word.chars().next().is_some_and(char::is_uppercase);
            let free = claimed.iter().all(|(a, b)| end <= *a || start >= *b);
            if !capitalised || !free {
                i += 1;
                continue;
            }
            // Longest run of up to four words (joined by spaces or hyphens in the text) that names a place.
            let mut best: Option<(usize, Vec<usize>)> = None;
            for length in 1..=4.min(words.len() - i) {
                let last_end = words[i + length - 1].1;
                let joined = fold(&sentence[start..last_end]);
                if length > 1 && !self.gazetteer.has_prefix(&joined) {
                    break;
                }
                let found = self.gazetteer.lookup(&joined);
                if !found.is_empty()
                    && sentence[words[i + length - 1].0..]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                {
                    best = Some((length, found));
                }
            }
            let single_stopword = NOT_NAMES.contains(&word);
            // A demonym ("American-led", "Afghan soil") names its state, not a town of that name.
            let demonym = if single_stopword {
                None
            } else {
                self.gazetteer
                    .demonym(word)
                    .and_then(|d| self.gazetteer.place(d))
                    .filter(|p| p.kind == PlaceKind::Country && fold(&p.name) != fold(word))
                    .and_then(|p| p.country_iso_a3.clone())
            };
            if let Some(iso) = demonym {
                if let Some(key) = self.state(&iso, index, 0.75) {
                    mentions.push(Mention {
                        key,
                        start,
                        end,
                        adjective: true,
                    });
                }
                i += 1;
                continue;
            }
            match best {
                Some((length, found)) if !(length == 1 && single_stopword) => {
                    let last_end = words[i + length - 1].1;
                    let mention = sentence[start..last_end].to_owned();
                    let first = self.gazetteer.place(found[0]).cloned();
                    match first {
                        Some(place) if place.kind == PlaceKind::Country => {
                            if let Some(iso) = &place.country_iso_a3
                                && let Some(key) = self.state(iso, index, 0.9)
                            {
                                mentions.push(Mention {
                                    key,
                                    start,
                                    end: last_end,
                                    adjective: false,
                                });
                            }
                        }
                        Some(_) => {
                            // A capital used as its state ("Moscow's aims", "talks with Beijing").
                            if let Some(country) = self
                                .gazetteer
                                .capital_of(&mention)
                                .and_then(|c| self.gazetteer.place(c))
                                .and_then(|c| c.country_iso_a3.clone())
                                && let Some(key) = self.state(&country, index, 0.75)
                            {
                                mentions.push(Mention {
                                    key,
                                    start,
                                    end: last_end,
                                    adjective: false,
                                });
                            }
                        }
                        None => {}
                    }
                    self.places.push((mention, found, index));
                    i += length;
                }
                _ => {
                    if !single_stopword
                        && let Some(place) = self
                            .gazetteer
                            .demonym(word)
                            .and_then(|d| self.gazetteer.place(d))
                            .cloned()
                    {
                        if place.kind == PlaceKind::Country
                            && let Some(iso) = &place.country_iso_a3
                            && let Some(key) = self.state(iso, index, 0.75)
                        {
                            mentions.push(Mention {
                                key,
                                start,
                                end,
                                adjective: true,
                            });
                        }
                    } else if !single_stopword && let Some(key) = self.led_by.get(word).cloned() {
                        mentions.push(Mention {
                            key,
                            start,
                            end,
                            adjective: false,
                        });
                    }
                    i += 1;
                }
            }
        }
    }

    fn country_of_word(&self, word: &str) -> Option<String> {
        let place = |i: usize| {
            self.gazetteer
                .place(i)
                .filter(|p| p.kind == PlaceKind::Country)
                .and_then(|p| p.country_iso_a3.clone())
        };
        self.gazetteer
            .lookup(word)
            .into_iter()
            .find_map(place)
            .or_else(|| self.gazetteer.demonym(word).and_then(place))
            .or_else(|| self.gazetteer.capital_of(word).and_then(place))
            .or_else(|| {
                KNOWN_ACTORS
                    .iter()
                    .find(|k| k.name == word && k.kind != ActorKind::MediaOutlet)
                    .and_then(|k| k.seat_iso_a3.map(str::to_owned))
            })
    }

    fn first_country_in(&self, sentence: &str) -> Option<String> {
        sentence
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase) && !NOT_NAMES.contains(w))
            .find_map(|w| {
                self.gazetteer.lookup(w).into_iter().find_map(|i| {
                    self.gazetteer
                        .place(i)
                        .filter(|p| p.kind == PlaceKind::Country)
                        .and_then(|p| p.country_iso_a3.clone())
                })
            })
    }

    /// Picks one gazetteer place per mention: an unambiguous name as it is; an ambiguous one in
    /// a country the article names, nearest to the article's other places, else the largest.
    fn resolve_places(&self) -> Vec<PlaceProposal> {
        let countries: Vec<String> = self
            .actors
            .values()
            .filter(|a| a.kind == ActorKind::State)
            .filter_map(|a| a.country_iso_a3.clone())
            .collect();
        let certain: Vec<(f64, f64)> = self
            .places
            .iter()
            .filter(|(_, found, _)| found.len() == 1)
            .filter_map(|(_, found, _)| self.gazetteer.place(found[0]))
            .filter(|p| p.kind == PlaceKind::City)
            .map(|p| (p.lon, p.lat))
            .collect();
        let mut proposals: Vec<PlaceProposal> = Vec::new();
        for (mention, found, sentence) in &self.places {
            let score = |index: &usize| {
                let Some(place) = self.gazetteer.place(*index) else {
                    return (0, f64::MIN);
                };
                let named = place.kind != PlaceKind::City
                    || place
                        .country_iso_a3
                        .as_ref()
                        .is_some_and(|c| countries.contains(c));
                let nearest = certain
                    .iter()
                    .map(|(lon, lat)| {
                        crate::gazetteer::distance_km(*lon, *lat, place.lon, place.lat)
                    })
                    .filter(|d| *d > 1.0)
                    .fold(f64::INFINITY, f64::min);
                let closeness = if nearest.is_finite() {
                    -nearest
                } else {
                    (place.population as f64).ln_1p()
                };
                // A capital's name means the capital ("Islamabad", not the Kashmir town also called so).
                let capital = self
                    .gazetteer
                    .capital_city(place.country_iso_a3.as_deref().unwrap_or(""))
                    == Some(*index)
                    && self.gazetteer.capital_of(mention).is_some();
                (u8::from(named) + 2 * u8::from(capital), closeness)
            };
            let chosen = if found.len() == 1 {
                found[0]
            } else {
                *found
                    .iter()
                    .max_by(|a, b| {
                        let (na, ca) = score(a);
                        let (nb, cb) = score(b);
                        na.cmp(&nb).then(ca.total_cmp(&cb))
                    })
                    .unwrap_or(&found[0])
            };
            let Some(place) = self.gazetteer.place(chosen) else {
                continue;
            };
            if proposals
                .iter()
                .any(|p| p.name == place.name && p.country_iso_a3 == place.country_iso_a3)
            {
                continue;
            }
            let confidence = if found.len() == 1 {
                0.9
            } else if score(&chosen).0 >= 1 {
                0.75
            } else {
                0.5
            };
            proposals.push(PlaceProposal {
                mention: mention.clone(),
                name: place.name.clone(),
                country_iso_a3: place.country_iso_a3.clone(),
                lon: place.lon,
                lat: place.lat,
                alternatives: found.len() - 1,
                quote: self.quote(*sentence),
                confidence,
            });
        }
        proposals
    }

    fn kind_of(&self, key: &str) -> Option<ActorKind> {
        self.actors.get(key).map(|a| a.kind)
    }

    fn ties(
        &self,
        mentions: &[Vec<Mention>],
        patterns: &Patterns,
        article_date: Option<FuzzyDate>,
    ) -> Vec<TieProposal> {
        let focus = self
            .actors
            .values()
            .filter(|a| matches!(a.kind, ActorKind::State | ActorKind::DeFactoAuthority))
            .max_by_key(|a| (a.mentions, std::cmp::Reverse(a.id.0.clone())))
            .map(|a| a.id.0.clone());
        let mut ties: Vec<TieProposal> = Vec::new();
        for (index, sentence_mentions) in mentions.iter().enumerate() {
            let span = self.sentences[index];
            let sentence = &self.text[span.start..span.end];
            let lower = sentence.to_lowercase();
            if lower.len() != sentence.len() {
                continue;
            } // offsets would not line up; rare (e.g. 'İ')
            let dates = patterns.dates.find(sentence, article_date);
            let status_words = hedging(&lower);
            let between = patterns.between.captures(sentence).and_then(|caps| {
                let (a, b) = (caps.get(1)?, caps.get(2)?);
                let pick = |m: regex::Match| {
                    sentence_mentions
                        .iter()
                        .find(|x| x.start >= m.start() && x.start < m.end())
                        .map(|x| x.key.clone())
                };
                Some((pick(a)?, pick(b)?, a.start()))
            });
            for (kind, cues) in CUES {
                for cue in *cues {
                    for (at, _) in lower.match_indices(cue) {
                        let word_start = lower[..at]
                            .chars()
                            .next_back()
                            .is_none_or(|c| !c.is_alphanumeric());
                        let word_end = cue.len() > 4
                            || lower[at + cue.len()..]
                                .chars()
                                .next()
                                .is_none_or(|c| !c.is_alphanumeric());
                        if !word_start || !word_end {
                            continue;
                        }
                        let pairs = pairs_for(
                            kind,
                            at,
                            cue.len(),
                            sentence_mentions,
                            between.as_ref(),
                            focus.as_deref(),
                            |k| self.kind_of(k),
                            |k| self.actors.get(k).and_then(|a| a.country_iso_a3.clone()),
                        );
                        for (from, to, confidence) in pairs {
                            if from == to
                                || ties.iter().any(|t| {
                                    t.kind == *kind
                                        && ((t.from.0 == from && t.to.0 == to)
                                            || (t.from.0 == to && t.to.0 == from))
                                })
                            {
                                continue;
                            }
                            let date = dates
                                .iter()
                                .min_by_key(|d| d.start.abs_diff(at))
                                .map(|d| d.date);
                            let status = if *kind == RelationshipKind::HistoricalIntervention
                                && is_old(date, article_date)
                            {
                                Status::Historical
                            } else {
                                status_words
                            };
                            ties.push(TieProposal {
                                from: ActorId::new(from),
                                to: ActorId::new(to),
                                kind: kind.clone(),
                                directed: !matches!(
                                    kind,
                                    RelationshipKind::ArmedConflict
                                        | RelationshipKind::EconomicPartnership
                                        | RelationshipKind::DefenceCooperation
                                        | RelationshipKind::BorderTension
                                ),
                                status,
                                grade: suggested_grade(status),
                                start: date,
                                cue: (*cue).to_owned(),
                                quote: self.quote(index),
                                confidence,
                            });
                        }
                    }
                }
            }
        }
        ties
    }

    fn finish(
        self,
        info: &ArticleInfo,
        places: Vec<PlaceProposal>,
        ties: Vec<TieProposal>,
    ) -> Draft {
        let title = info.title.clone().unwrap_or_else(|| {
            let first = self
                .sentences
                .first()
                .map(|s| &self.text[s.start..s.end])
                .unwrap_or("");
            let short: String = first.chars().take(100).collect();
            if short.len() < first.len() {
                format!("{short}…")
            } else {
                short
            }
        });
        let Builder {
            actors,
            order,
            text,
            ..
        } = self;
        let mut actors = actors;
        let actors = order.iter().filter_map(|key| actors.remove(key)).collect();
        Draft {
            text,
            title,
            outlet: info.outlet.clone().unwrap_or_default(),
            date: info.date,
            places,
            actors,
            ties,
            events: Vec::new(),
        }
    }
}
