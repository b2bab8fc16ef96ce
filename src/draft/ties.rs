//! Who did what to whom: the pair of actors a cue word joins, the status from hedging, the
//! suggested grade.

use super::extract::Mention;
use super::lexicon::HEDGES;
use crate::model::{ActorKind, FuzzyDate, Grade, RelationshipKind, Status};

/// The status a sentence's wording gives a claim: never confirmed, since confirming is the
/// analyst's call.
pub(super) fn hedging(lower: &str) -> Status {
    for (status, words) in HEDGES {
        if words.iter().any(|w| {
            lower.match_indices(w).any(|(at, _)| {
                lower[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
        }) {
            return *status;
        }
    }
    Status::Reported
}

/// More than ten years before the article (or, undated, before 2000).
pub(super) fn is_old(date: Option<FuzzyDate>, article: Option<FuzzyDate>) -> bool {
    let reference = article
        .and_then(|a| a.earliest())
        .map_or(2000, |(y, _, _)| y - 10);
    date.and_then(|d| d.latest())
        .is_some_and(|(year, _, _)| year < reference)
}

pub(super) fn suggested_grade(status: Status) -> Grade {
    let (reliability, credibility) = match status {
        Status::Confirmed => ('B', 2),
        Status::Historical => ('B', 2),
        Status::Reported => ('C', 3),
        Status::Proposed => ('C', 3),
        Status::Alleged => ('C', 4),
    };
    Grade {
        reliability,
        credibility,
    }
}

/// Who to whom for a cue at `at`: from the actor just before the cue to those after it, with
/// rules for the kinds whose sentences read differently.
#[allow(clippy::too_many_arguments)]
pub(super) fn pairs_for(
    kind: &RelationshipKind,
    at: usize,
    cue_len: usize,
    mentions: &[Mention],
    between: Option<&(String, String, usize)>,
    focus: Option<&str>,
    kind_of: impl Fn(&str) -> Option<ActorKind>,
    country_of: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String, f64)> {
    let before: Vec<&Mention> = mentions.iter().filter(|m| m.end <= at).collect();
    let after: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.start >= at + cue_len)
        .collect();
    let nearest_before = before.last().map(|m| m.key.clone());
    let mut distinct_after: Vec<String> = Vec::new();
    for m in &after {
        if Some(&m.key) != nearest_before.as_ref() && !distinct_after.contains(&m.key) {
            distinct_after.push(m.key.clone());
        }
    }
    // "the Russia-Ukraine war", "a Taliban-Russia axis": two actors joined by a hyphen just before the cue.
    let compound = before
        .windows(2)
        .rev()
        .find(|w| w[1].end + 12 >= at && w[0].end + 1 == w[1].start)
        .map(|w| (w[0].key.clone(), w[1].key.clone()));
    if let Some((a, b)) = compound.clone()
        && matches!(
            kind,
            RelationshipKind::ArmedConflict
                | RelationshipKind::DefenceCooperation
                | RelationshipKind::EconomicPartnership
        )
    {
        return vec![(a, b, 0.7)];
    }
    if let Some((a, b, start)) = between
        && *start > at
        && *start < at + cue_len + 40
    {
        return vec![(a.clone(), b.clone(), 0.7)];
    }
    match kind {
        RelationshipKind::DiplomaticNonRecognition => {
            match (nearest_before, distinct_after.first()) {
                (Some(subject), Some(by)) => vec![(by.clone(), subject, 0.6)],
                _ => Vec::new(),
            }
        }
        RelationshipKind::MonitoringConcern => {
            let Some(focus) = focus else {
                return Vec::new();
            };
            let focus_country = country_of(focus);
            let mut watchers: Vec<String> = Vec::new();
            for m in &before {
                let same_country = focus_country.is_some() && country_of(&m.key) == focus_country;
                if m.key != focus && !same_country && !watchers.contains(&m.key) {
                    watchers.push(m.key.clone());
                }
            }
            watchers
                .into_iter()
                .map(|w| (w, focus.to_owned(), 0.5))
                .collect()
        }
        RelationshipKind::SanctionsPressure => {
            let sender = before
                .iter()
                .rev()
                .find(|m| m.end + 2 >= at)
                .map(|m| m.key.clone())
                .or(nearest_before);
            let Some(sender) = sender else {
                return Vec::new();
            };
            let target = mentions
                .iter()
                .find(|m| m.key != sender)
                .map(|m| m.key.clone());
            target.map(|t| vec![(sender, t, 0.6)]).unwrap_or_default()
        }
        RelationshipKind::AllegedRecruitment => {
            let is = |k: &str, kinds: &[ActorKind]| kind_of(k).is_some_and(|x| kinds.contains(&x));
            let recruited = mentions
                .iter()
                .filter(|m| is(&m.key, &[ActorKind::NonStateArmedGroup, ActorKind::Person]))
                .min_by_key(|m| m.start.abs_diff(at))
                .map(|m| m.key.clone());
            let recruiter = mentions
                .iter()
                .filter(|m| {
                    is(&m.key, &[ActorKind::State, ActorKind::DeFactoAuthority])
                        && Some(&m.key) != recruited.as_ref()
                })
                .min_by_key(|m| m.start.abs_diff(at))
                .map(|m| m.key.clone());
            match (recruiter, recruited) {
                (Some(a), Some(b)) => vec![(a, b, 0.5)],
                _ => Vec::new(),
            }
        }
        RelationshipKind::HistoricalIntervention => {
            let Some(actor) = before.last().filter(|m| m.end + 8 >= at) else {
                return Vec::new();
            };
            let target = mentions
                .iter()
                .find(|m| {
                    !m.adjective && m.key != actor.key && kind_of(&m.key) == Some(ActorKind::State)
                })
                .map(|m| m.key.clone())
                .or_else(|| focus.map(str::to_owned));
            target
                .filter(|t| *t != actor.key)
                .map(|t| vec![(actor.key.clone(), t, 0.6)])
                .unwrap_or_default()
        }
        _ => {
            let Some(from) = nearest_before else {
                return Vec::new();
            };
            if distinct_after.is_empty() {
                let earlier = before
                    .iter()
                    .rev()
                    .find(|m| m.key != from)
                    .map(|m| m.key.clone());
                return earlier.map(|e| vec![(from, e, 0.4)]).unwrap_or_default();
            }
            distinct_after
                .into_iter()
                .take(3)
                .map(|to| (from.clone(), to, 0.5))
                .collect()
        }
    }
}
