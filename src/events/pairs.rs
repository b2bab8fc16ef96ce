//! The actor pairs of a dataset (ACLED actor1/actor2, UCDP side A/B, GDELT Actor1/Actor2), for
//! the Network panel. Pairs are **ordered**: ACLED and GDELT put the initiator first and UCDP
//! side A is the government side, so "A on B" and "B on A" are different ties.

use std::borrow::Cow;
use std::collections::HashMap;

use super::day::Day;
use super::table::{EventTable, Role};

/// How often `actor1` acted on `actor2` in the rows looked at, and when first and last.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActorPair {
    pub actor1: String,
    pub actor2: String,
    pub count: usize,
    pub first: Day,
    pub last: Day,
}

/// How often, first day, last day.
type Tally = (usize, Day, Day);

/// Pairs of the given rows where both actors are named, most frequent first (then by name).
pub fn actor_pairs(table: &EventTable, rows: impl Iterator<Item = usize>) -> Vec<ActorPair> {
    let (Some(actor1), Some(actor2)) = (table.field(Role::Actor1), table.field(Role::Actor2))
    else {
        return Vec::new();
    };
    // Keyed by borrowed names: a million rows cost two look-ups each, no allocation.
    let mut counts: HashMap<(Cow<'_, str>, Cow<'_, str>), Tally> = HashMap::new();
    for row in rows.filter(|&row| row < table.len()) {
        let (a, b) = (actor1.column.text(row), actor2.column.text(row));
        if a.is_empty() || b.is_empty() {
            continue;
        }
        let (start, end) = (table.day_start[row], table.day_end[row]);
        counts
            .entry((a, b))
            .and_modify(|(count, first, last)| {
                *count += 1;
                *first = (*first).min(start);
                *last = (*last).max(end);
            })
            .or_insert((1, start, end));
    }
    let pairs = counts
        .into_iter()
        .map(|((a, b), (count, first, last))| ActorPair {
            actor1: a.into_owned(),
            actor2: b.into_owned(),
            count,
            first,
            last,
        });
    let mut pairs: Vec<ActorPair> = pairs.collect();
    pairs.sort_by(|x, y| {
        y.count
            .cmp(&x.count)
            .then_with(|| x.actor1.cmp(&y.actor1))
            .then_with(|| x.actor2.cmp(&y.actor2))
    });
    pairs
}
