//! Network analysis of the visible story: who is central, and how one actor reaches another.
//!
//! Built from a [`Visible`] set so the network panel measures what the map shows. Centrality
//! treats ties as undirected and counts a pair of actors once however many relationships join
//! them (the question is who connects whom, not how often it was written down); each
//! [`Link`] still records its direction for display.

use std::collections::{BTreeMap, VecDeque};

use super::Project;
use super::filter::Visible;
use super::ids::{ActorId, RelationshipId};

/// A visible relationship between two visible actors, direction kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub relationship: RelationshipId,
    pub from: ActorId,
    pub to: ActorId,
    /// `false` for a mutual tie.
    pub directed: bool,
}

/// The graph of visible actors and relationships. Actors are indexed in id order and
/// neighbours are kept sorted, so every result is the same from run to run.
#[derive(Debug, Clone, Default)]
pub struct Network {
    actors: Vec<ActorId>,
    index: BTreeMap<ActorId, usize>,
    links: Vec<Link>,
    /// Distinct neighbours of each actor, ascending, without the actor itself.
    neighbours: Vec<Vec<usize>>,
    /// The relationship with the smallest id between each pair `(low, high)` of actors: the
    /// one a path reports when several join the same pair.
    first_link: BTreeMap<(usize, usize), RelationshipId>,
}

impl Network {
    /// The network of the actors and relationships in `visible`. Relationships whose ends are
    /// not both visible, or that `project` lacks, are left out.
    pub fn from_project(project: &Project, visible: &Visible) -> Self {
        let actors: Vec<ActorId> = project
            .actors
            .iter()
            .filter(|actor| visible.actors.contains(&actor.id))
            .map(|actor| actor.id.clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let index: BTreeMap<ActorId, usize> = actors
            .iter()
            .enumerate()
            .map(|(position, actor)| (actor.clone(), position))
            .collect();
        let mut links: Vec<Link> = project
            .relationships
            .iter()
            .filter(|relationship| visible.relationships.contains(&relationship.id))
            .filter(|relationship| {
                index.contains_key(&relationship.from) && index.contains_key(&relationship.to)
            })
            .map(|relationship| Link {
                relationship: relationship.id.clone(),
                from: relationship.from.clone(),
                to: relationship.to.clone(),
                directed: relationship.directed,
            })
            .collect();
        links.sort_by(|a, b| a.relationship.cmp(&b.relationship));

        let mut neighbours = vec![Vec::new(); actors.len()];
        let mut first_link = BTreeMap::new();
        for link in &links {
            let (Some(&from), Some(&to)) = (index.get(&link.from), index.get(&link.to)) else {
                continue;
            };
            if from == to {
                continue;
            }
            neighbours[from].push(to);
            neighbours[to].push(from);
            first_link
                .entry((from.min(to), from.max(to)))
                .or_insert_with(|| link.relationship.clone());
        }
        for list in &mut neighbours {
            list.sort_unstable();
            list.dedup();
        }
        Network {
            actors,
            index,
            links,
            neighbours,
            first_link,
        }
    }

    /// The actors, in id order.
    pub fn actors(&self) -> &[ActorId] {
        &self.actors
    }

    /// The relationships, in id order.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The relationships that start or end at `actor`, in id order.
    pub fn links_of<'a>(&'a self, actor: &'a ActorId) -> impl Iterator<Item = &'a Link> + 'a {
        self.links
            .iter()
            .filter(move |link| &link.from == actor || &link.to == actor)
    }

    /// How many other actors `actor` is tied to; `None` when it is not in the network.
    pub fn degree(&self, actor: &ActorId) -> Option<usize> {
        self.index
            .get(actor)
            .map(|&position| self.neighbours[position].len())
    }

    /// Every actor's degree, highest first, ties in id order.
    pub fn degrees(&self) -> Vec<(ActorId, usize)> {
        let mut degrees: Vec<(ActorId, usize)> = self
            .actors
            .iter()
            .zip(&self.neighbours)
            .map(|(actor, neighbours)| (actor.clone(), neighbours.len()))
            .collect();
        degrees.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        degrees
    }

    /// Every actor's betweenness centrality (Brandes' algorithm), highest first, ties in id
    /// order. Normalised by the number of pairs of other actors, `(n-1)(n-2)/2`, so it is the
    /// share of shortest paths between others that pass through the actor: 1 for the middle
    /// of `a-b-c`, 0 for an end, and 0 for everyone when there are fewer than three actors.
    pub fn betweenness(&self) -> Vec<(ActorId, f64)> {
        let count = self.actors.len();
        let mut centrality = vec![0.0_f64; count];
        let mut order = Vec::with_capacity(count);
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut path_counts = vec![0.0_f64; count];
        let mut distances: Vec<Option<usize>> = vec![None; count];
        let mut dependencies = vec![0.0_f64; count];
        let mut queue = VecDeque::new();
        for source in 0..count {
            order.clear();
            predecessors.iter_mut().for_each(Vec::clear);
            path_counts.fill(0.0);
            distances.fill(None);
            dependencies.fill(0.0);
            path_counts[source] = 1.0;
            distances[source] = Some(0);
            queue.push_back(source);
            while let Some(current) = queue.pop_front() {
                order.push(current);
                let next_distance = distances[current].map(|distance| distance + 1);
                for &neighbour in &self.neighbours[current] {
                    if distances[neighbour].is_none() {
                        distances[neighbour] = next_distance;
                        queue.push_back(neighbour);
                    }
                    if distances[neighbour] == next_distance {
                        path_counts[neighbour] += path_counts[current];
                        predecessors[neighbour].push(current);
                    }
                }
            }
            for &reached in order.iter().rev() {
                for &predecessor in &predecessors[reached] {
                    dependencies[predecessor] += path_counts[predecessor] / path_counts[reached]
                        * (1.0 + dependencies[reached]);
                }
                if reached != source {
                    centrality[reached] += dependencies[reached];
                }
            }
        }
        // Each unordered pair was counted from both ends, hence (n-1)(n-2) rather than half.
        let pairs_counted_twice = count.saturating_sub(1) * count.saturating_sub(2);
        let mut values: Vec<(ActorId, f64)> = self
            .actors
            .iter()
            .zip(centrality)
            .map(|(actor, raw)| {
                let normalised = if pairs_counted_twice == 0 {
                    0.0
                } else {
                    // Clamped against rounding: a share cannot exceed 1.
                    (raw / pairs_counted_twice as f64).clamp(0.0, 1.0)
                };
                (actor.clone(), normalised)
            })
            .collect();
        values.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        values
    }

    /// A path with the fewest relationships from `from` to `to`, ignoring direction, as the
    /// steps taken: each actor reached with the relationship used to reach it (`from` itself
    /// is not repeated, so an actor's path to itself is empty). `None` when either actor is
    /// not in the network or no path joins them. Among equally short paths the one through
    /// the smallest actor ids wins, and between a pair the relationship with the smallest id.
    pub fn shortest_path(
        &self,
        from: &ActorId,
        to: &ActorId,
    ) -> Option<Vec<(ActorId, RelationshipId)>> {
        let start = *self.index.get(from)?;
        let goal = *self.index.get(to)?;
        let mut came_from: Vec<Option<usize>> = vec![None; self.actors.len()];
        let mut seen = vec![false; self.actors.len()];
        seen[start] = true;
        let mut queue = VecDeque::from([start]);
        while let Some(current) = queue.pop_front() {
            if current == goal {
                break;
            }
            for &neighbour in &self.neighbours[current] {
                if !seen[neighbour] {
                    seen[neighbour] = true;
                    came_from[neighbour] = Some(current);
                    queue.push_back(neighbour);
                }
            }
        }
        if !seen[goal] {
            return None;
        }
        let mut steps = Vec::new();
        let mut current = goal;
        while let Some(previous) = came_from[current] {
            let relationship = self
                .first_link
                .get(&(previous.min(current), previous.max(current)))?;
            steps.push((self.actors[current].clone(), relationship.clone()));
            current = previous;
        }
        steps.reverse();
        Some(steps)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::filter::Filter;
    use super::super::parse_project;
    use super::super::records::{Actor, ActorKind, Place, Relationship, RelationshipKind, Status};
    use super::*;

    fn id(text: &str) -> ActorId {
        ActorId::new(text)
    }

    fn rel(text: &str) -> RelationshipId {
        RelationshipId::new(text)
    }

    fn actor(name: &str) -> Actor {
        Actor {
            id: id(name),
            name: name.into(),
            aliases: vec![],
            kind: ActorKind::State,
            anchor: Place::new(0.0, 0.0, name),
            country_iso_a3: None,
            member_of: None,
            description: String::new(),
            sources: vec![],
            extra: Default::default(),
        }
    }

    fn relationship(name: &str, from: &str, to: &str) -> Relationship {
        Relationship {
            id: rel(name),
            from: id(from),
            to: id(to),
            kind: RelationshipKind::ArmedConflict,
            directed: true,
            status: Status::Confirmed,
            grade: None,
            start: None,
            end: None,
            sources: vec![],
            notes: String::new(),
            extra: Default::default(),
        }
    }

    /// A project of the named actors joined by `(relationship, from, to)` ties.
    fn graph(actors: &[&str], ties: &[(&str, &str, &str)]) -> Project {
        Project {
            actors: actors.iter().map(|name| actor(name)).collect(),
            relationships: ties
                .iter()
                .map(|(name, from, to)| relationship(name, from, to))
                .collect(),
            ..Project::default()
        }
    }

    fn network(project: &Project) -> Network {
        Network::from_project(project, &Visible::everything(project))
    }

    fn value_of(values: &[(ActorId, f64)], actor: &str) -> f64 {
        values
            .iter()
            .find(|(candidate, _)| candidate.as_str() == actor)
            .map(|(_, value)| *value)
            .unwrap()
    }

    fn scenario() -> Project {
        parse_project(
            include_bytes!("../../assets/scenario.faultline.geojson"),
            "scenario",
        )
        .unwrap()
    }

    #[test]
    fn the_middle_of_a_path_has_betweenness_one() {
        let project = graph(&["a", "b", "c"], &[("ab", "a", "b"), ("bc", "b", "c")]);
        let values = network(&project).betweenness();
        assert_eq!(values[0], (id("b"), 1.0));
        assert_eq!(value_of(&values, "a"), 0.0);
        assert_eq!(value_of(&values, "c"), 0.0);
        // Ties are in id order.
        assert_eq!(values[1].0, id("a"));
    }

    #[test]
    fn known_betweenness_of_a_longer_path_and_a_cycle() {
        let path = graph(
            &["a", "b", "c", "d"],
            &[("ab", "a", "b"), ("bc", "b", "c"), ("cd", "c", "d")],
        );
        let values = network(&path).betweenness();
        assert!((value_of(&values, "b") - 2.0 / 3.0).abs() < 1e-12);
        assert!((value_of(&values, "c") - 2.0 / 3.0).abs() < 1e-12);
        // In a 4-cycle each actor carries half of the one pair opposite it: 0.5 / 3.
        let cycle = graph(
            &["a", "b", "c", "d"],
            &[
                ("ab", "a", "b"),
                ("bc", "b", "c"),
                ("cd", "c", "d"),
                ("da", "d", "a"),
            ],
        );
        for (_, value) in network(&cycle).betweenness() {
            assert!((value - 1.0 / 6.0).abs() < 1e-12, "{value}");
        }
    }

    #[test]
    fn a_stars_centre_is_the_most_between() {
        let project = graph(
            &["centre", "e", "n", "s", "w"],
            &[
                ("1", "centre", "n"),
                ("2", "e", "centre"),
                ("3", "centre", "s"),
                ("4", "w", "centre"),
            ],
        );
        let network = network(&project);
        let values = network.betweenness();
        assert_eq!(values[0], (id("centre"), 1.0));
        assert!(values[1..].iter().all(|(_, value)| *value == 0.0));
        assert_eq!(network.degrees()[0], (id("centre"), 4));
        assert_eq!(network.degree(&id("n")), Some(1));
        assert_eq!(network.degree(&id("nobody")), None);
    }

    #[test]
    fn repeated_ties_and_self_ties_do_not_change_centrality() {
        let single = graph(&["a", "b", "c"], &[("ab", "a", "b"), ("bc", "b", "c")]);
        let repeated = graph(
            &["a", "b", "c"],
            &[
                ("ab", "a", "b"),
                ("ba", "b", "a"),
                ("bc", "b", "c"),
                ("bb", "b", "b"),
            ],
        );
        assert_eq!(
            network(&single).betweenness(),
            network(&repeated).betweenness()
        );
        assert_eq!(network(&repeated).degree(&id("b")), Some(2));
        assert_eq!(network(&repeated).links_of(&id("b")).count(), 4);
    }

    #[test]
    fn small_networks_have_zero_betweenness() {
        assert!(network(&Project::default()).betweenness().is_empty());
        let pair = graph(&["a", "b"], &[("ab", "a", "b")]);
        assert_eq!(
            network(&pair).betweenness(),
            [(id("a"), 0.0), (id("b"), 0.0)]
        );
    }

    #[test]
    fn a_disconnected_pair_has_no_path() {
        let project = graph(&["a", "b", "c", "d"], &[("ab", "a", "b"), ("cd", "c", "d")]);
        let network = network(&project);
        assert_eq!(network.shortest_path(&id("a"), &id("c")), None);
        assert_eq!(network.shortest_path(&id("a"), &id("nobody")), None);
        assert_eq!(network.shortest_path(&id("a"), &id("a")), Some(vec![]));
        assert_eq!(
            network.shortest_path(&id("b"), &id("a")),
            Some(vec![(id("a"), rel("ab"))])
        );
    }

    #[test]
    fn equally_short_paths_are_chosen_by_smallest_ids() {
        // a-b-d and a-c-d are both two steps; b comes first. b-d has two relationships.
        let project = graph(
            &["a", "b", "c", "d"],
            &[
                ("z-ab", "a", "b"),
                ("ac", "a", "c"),
                ("y-bd", "b", "d"),
                ("x-db", "d", "b"),
                ("cd", "c", "d"),
            ],
        );
        let path = network(&project).shortest_path(&id("a"), &id("d"));
        assert_eq!(
            path,
            Some(vec![(id("b"), rel("z-ab")), (id("d"), rel("x-db"))])
        );
    }

    #[test]
    fn hidden_items_are_not_in_the_network() {
        let project = graph(&["a", "b", "c"], &[("ab", "a", "b"), ("bc", "b", "c")]);
        let mut visible = Visible::everything(&project);
        visible.actors.remove(&id("c"));
        // Inconsistent on purpose: the relationship to a hidden actor must still be left out.
        let network = Network::from_project(&project, &visible);
        assert_eq!(network.actors(), [id("a"), id("b")]);
        assert_eq!(network.links().len(), 1);
        assert_eq!(network.shortest_path(&id("a"), &id("c")), None);
    }

    #[test]
    fn the_scenario_leads_from_pakistan_to_ukraine_through_russia() {
        let project = scenario();
        let visible = Visible::everything(&project);
        let network = Network::from_project(&project, &visible);
        // Pakistan's stated readiness against Russia is the shortest way.
        assert_eq!(
            network.shortest_path(&id("actor:pakistan"), &id("actor:ukraine")),
            Some(vec![
                (id("actor:russia"), rel("rel:pakistan-deters-russia")),
                (id("actor:ukraine"), rel("rel:russia-ukraine-war")),
            ])
        );
        // Without it, the way runs through the Taliban administration and Russia.
        let mut without = visible.clone();
        without
            .relationships
            .remove(&rel("rel:pakistan-deters-russia"));
        let path = Network::from_project(&project, &without)
            .shortest_path(&id("actor:pakistan"), &id("actor:ukraine"));
        assert_eq!(
            path,
            Some(vec![
                (
                    id("actor:taliban-administration"),
                    rel("rel:pakistan-afghanistan-border")
                ),
                (id("actor:russia"), rel("rel:russia-lifeline-taliban")),
                (id("actor:ukraine"), rel("rel:russia-ukraine-war")),
            ])
        );
    }

    #[test]
    fn the_taliban_administration_and_russia_lead_the_scenario_by_degree() {
        let project = scenario();
        let network = network(&project);
        let top_three: Vec<ActorId> = network
            .degrees()
            .into_iter()
            .take(3)
            .map(|(actor, _)| actor)
            .collect();
        assert!(top_three.contains(&id("actor:taliban-administration")));
        assert!(top_three.contains(&id("actor:russia")));
        let betweenness = network.betweenness();
        assert_eq!(betweenness.len(), project.actors.len());
        let top_two: Vec<&ActorId> = betweenness.iter().take(2).map(|(actor, _)| actor).collect();
        assert!(top_two.contains(&&id("actor:taliban-administration")));
        assert!(top_two.contains(&&id("actor:russia")));
    }

    #[test]
    fn a_filtered_view_gives_a_smaller_network() {
        let project = scenario();
        let filter = Filter {
            statuses: vec![Status::Alleged],
            hide_unconnected_actors: true,
            ..Filter::default()
        };
        let network = Network::from_project(&project, &filter.visible(&project));
        assert_eq!(
            network.actors(),
            [id("actor:russia"), id("actor:taliban-fighters")]
        );
        assert_eq!(network.links().len(), 1);
        assert!(network.links()[0].directed);
        assert_eq!(network.links()[0].from, id("actor:russia"));
    }

    /// Fewest hops between every pair, by Floyd–Warshall: independent of the BFS under test.
    fn all_distances(count: usize, ties: &[(usize, usize)]) -> Vec<Vec<Option<usize>>> {
        let mut distance = vec![vec![None; count]; count];
        for (actor, row) in distance.iter_mut().enumerate() {
            row[actor] = Some(0);
        }
        for &(from, to) in ties {
            if from != to {
                distance[from][to] = Some(1);
                distance[to][from] = Some(1);
            }
        }
        for via in 0..count {
            for from in 0..count {
                for to in 0..count {
                    if let (Some(first), Some(second)) = (distance[from][via], distance[via][to])
                        && distance[from][to].is_none_or(|direct| first + second < direct)
                    {
                        distance[from][to] = Some(first + second);
                    }
                }
            }
        }
        distance
    }

    proptest! {
        #[test]
        fn random_graphs_have_sound_centrality_and_paths(
            (count, ties) in (1usize..9).prop_flat_map(|count| {
                (Just(count), prop::collection::vec((0..count, 0..count), 0..16))
            })
        ) {
            let names: Vec<String> = (0..count).map(|n| format!("actor:{n:02}")).collect();
            let project = Project {
                actors: names.iter().map(|name| actor(name)).collect(),
                relationships: ties
                    .iter()
                    .enumerate()
                    .map(|(n, &(from, to))| {
                        relationship(&format!("rel:{n:02}"), &names[from], &names[to])
                    })
                    .collect(),
                ..Project::default()
            };
            let network = network(&project);
            let values = network.betweenness();
            prop_assert_eq!(values.len(), count);
            for (_, value) in &values {
                prop_assert!((0.0..=1.0).contains(value), "{}", value);
            }
            prop_assert!(values.windows(2).all(|pair| pair[0].1 >= pair[1].1));

            let distances = all_distances(count, &ties);
            for from in 0..count {
                for to in 0..count {
                    let path = network.shortest_path(&id(&names[from]), &id(&names[to]));
                    match (distances[from][to], path) {
                        (None, None) => {}
                        (Some(distance), Some(steps)) => {
                            prop_assert_eq!(steps.len(), distance);
                            let mut previous = id(&names[from]);
                            for (reached, relationship) in &steps {
                                let tie = project.relationship(relationship);
                                prop_assert!(tie.is_some());
                                let tie = tie.unwrap();
                                let joins = (tie.from == previous && &tie.to == reached)
                                    || (&tie.from == reached && tie.to == previous);
                                prop_assert!(joins, "{} does not join {} and {}",
                                    relationship, previous, reached);
                                previous = reached.clone();
                            }
                            prop_assert_eq!(previous, id(&names[to]));
                        }
                        (distance, path) => {
                            prop_assert!(false, "distance {:?} but path {:?}", distance, path);
                        }
                    }
                }
            }
        }
    }
}
