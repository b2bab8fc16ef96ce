//! The story on the map: actors as symbols at their anchors, relationships as great-circle
//! arcs (colour by kind, line style by status, arrowheads when directed), events as markers that
//! cluster when crowded, countries tinted by the actors linked to them, and a legend built
//! from what is drawn. Everything is in screen pixels of the map's camera.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::map::camera::{Camera, LonLat};
use crate::map::projection::Projection;
use crate::model::filter::Visible;
use crate::model::geodesy::{ARC_STEP_DEGREES, great_circle_arc, split_at_seam};
use crate::model::{
    ActorId, ActorKind, EventCategory, EventId, Project, RelationshipId, RelationshipKind, Status,
};

use super::geometry::segment_distance;
use super::{Dash, MarkerShape, Rgba, Stroke};

/// What the user is looking at: its neighbourhood is drawn in full, the rest dimmed.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Focus {
    Actor(ActorId),
    Relationship(RelationshipId),
    Event(EventId),
}

/// Something of the story under a point of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoryItem {
    Actor(ActorId),
    Relationship(RelationshipId),
    Event(EventId),
    /// Several events drawn as one marker; clicking zooms in.
    Cluster(Vec<EventId>),
}

/// Where a story item is on screen, for hit-testing clicks and hovers.
#[derive(Clone, Debug)]
pub struct HitTarget {
    pub item: StoryItem,
    pub shape: HitShape,
}

#[derive(Clone, Debug)]
pub enum HitShape {
    Disc {
        center: [f32; 2],
        radius: f32,
    },
    Line {
        points: Vec<[f32; 2]>,
        half_width: f32,
    },
}

impl HitTarget {
    /// Distance from a screen point to the target's edge (0 or less inside).
    pub fn distance(&self, p: [f32; 2]) -> f32 {
        match &self.shape {
            HitShape::Disc { center, radius } => {
                (p[0] - center[0]).hypot(p[1] - center[1]) - radius
            }
            HitShape::Line { points, half_width } => {
                points
                    .windows(2)
                    .map(|w| segment_distance(p, w[0], w[1]))
                    .fold(f32::INFINITY, f32::min)
                    - half_width
            }
        }
    }
}

/// The topmost story item within `slop` pixels of a point: actors first, then events, then
/// relationships (symbols sit on top of arcs).
pub fn story_item_at(targets: &[HitTarget], p: [f32; 2], slop: f32) -> Option<StoryItem> {
    let rank = |item: &StoryItem| match item {
        StoryItem::Actor(_) => 0,
        StoryItem::Event(_) | StoryItem::Cluster(_) => 1,
        StoryItem::Relationship(_) => 2,
    };
    targets
        .iter()
        .map(|t| (t, t.distance(p)))
        .filter(|(_, d)| *d <= slop)
        .min_by(|(a, da), (b, db)| rank(&a.item).cmp(&rank(&b.item)).then(da.total_cmp(db)))
        .map(|(t, _)| t.item.clone())
}

/// The colour of a relationship kind: Okabe–Ito and Tol colours, told apart under the common
/// colour-vision deficiencies; status is carried by the line style, never by colour alone.
pub fn relationship_color(kind: &RelationshipKind) -> Rgba {
    match kind {
        RelationshipKind::DefenceCooperation => Rgba::rgb(0xd5, 0x5e, 0x00),
        RelationshipKind::AllegedRecruitment => Rgba::rgb(0xaa, 0x33, 0x77),
        RelationshipKind::ArmedConflict => Rgba::rgb(0x88, 0x22, 0x11),
        RelationshipKind::EconomicPartnership => Rgba::rgb(0x00, 0x9e, 0x73),
        RelationshipKind::SanctionsPressure => Rgba::rgb(0x00, 0x72, 0xb2),
        RelationshipKind::BorderTension => Rgba::rgb(0xe6, 0x9f, 0x00),
        RelationshipKind::DiplomaticNonRecognition => Rgba::rgb(0x56, 0xb4, 0xe9),
        RelationshipKind::MonitoringConcern => Rgba::rgb(0x77, 0x77, 0x77),
        RelationshipKind::HistoricalIntervention => Rgba::rgb(0x8c, 0x61, 0x3c),
        RelationshipKind::FinancialSupport => Rgba::rgb(0x99, 0x88, 0x00),
        RelationshipKind::Other(_) => Rgba::rgb(0x44, 0x44, 0x44),
    }
}

/// The line style of a status: the less certain, the more broken the line.
pub fn status_dash(status: Status) -> Dash {
    match status {
        Status::Confirmed | Status::Historical => Dash::Solid,
        Status::Reported => Dash::Dashed,
        Status::Alleged => Dash::Sparse,
        Status::Proposed => Dash::Dotted,
    }
}

/// The symbol and colour of an actor kind.
pub fn actor_symbol(kind: ActorKind) -> (MarkerShape, Rgba, f32) {
    match kind {
        ActorKind::State => (MarkerShape::Circle, Rgba::rgb(0x1f, 0x4e, 0x8c), 6.0),
        ActorKind::DeFactoAuthority => (MarkerShape::Diamond, Rgba::rgb(0xb2, 0x18, 0x2b), 7.5),
        ActorKind::NonStateArmedGroup => (MarkerShape::Triangle, Rgba::rgb(0x6a, 0x3d, 0x9a), 7.5),
        ActorKind::InternationalOrganisation => {
            (MarkerShape::Square, Rgba::rgb(0x00, 0x72, 0xb2), 6.0)
        }
        ActorKind::Person => (MarkerShape::Circle, Rgba::rgb(0x33, 0x33, 0x33), 4.5),
        ActorKind::MediaOutlet => (MarkerShape::Square, Rgba::rgb(0x66, 0x66, 0x66), 5.0),
        ActorKind::Bloc => (MarkerShape::Circle, Rgba::rgb(0x4b, 0x7b, 0xb8), 7.5),
        ActorKind::Project => (MarkerShape::Diamond, Rgba::rgb(0x00, 0x8a, 0x65), 6.5),
    }
}

/// The wash over a country linked to an actor, by role (colours and their tested contrast against
/// the sea live in `style`).
pub fn tint_color(kind: ActorKind) -> Rgba {
    super::style::wash_color(wash_role(kind))
}

/// What a country's wash says in the legend.
fn wash_label(role: super::style::WashRole) -> &'static str {
    use super::style::WashRole;
    match role {
        WashRole::State => "with a state or other actor",
        WashRole::DeFactoAuthority => "under a de-facto authority",
        WashRole::NonStateArmedGroup => "with a non-state armed group",
    }
}

/// The wash role of an actor kind.
pub fn wash_role(kind: ActorKind) -> super::style::WashRole {
    use super::style::WashRole;
    match kind {
        ActorKind::DeFactoAuthority => WashRole::DeFactoAuthority,
        ActorKind::NonStateArmedGroup => WashRole::NonStateArmedGroup,
        _ => WashRole::State,
    }
}

/// The symbol of an event category.
pub fn event_symbol(category: &EventCategory) -> MarkerShape {
    match category {
        EventCategory::Publication | EventCategory::Statement => MarkerShape::Square,
        EventCategory::MilitaryIntervention | EventCategory::Attack => MarkerShape::Triangle,
        EventCategory::Agreement => MarkerShape::Diamond,
        EventCategory::Period | EventCategory::Other(_) => MarkerShape::Circle,
    }
}

/// Colour of event markers (a neutral dark: categories differ by symbol).
pub const EVENT_COLOR: Rgba = Rgba::rgb(0x3a, 0x3a, 0x3a);

pub use super::legend::LegendItem;

/// What the story adds to a map frame.
#[derive(Clone, Debug, Default)]
pub struct StoryDrawing {
    /// Countries to tint: (ISO alpha-3, colour).
    pub tints: Vec<(String, Rgba)>,
    pub arcs: Vec<(Vec<[f32; 2]>, Stroke)>,
    pub arrowheads: Vec<([[f32; 2]; 3], Rgba)>,
    /// (centre, shape, radius, fill).
    pub markers: Vec<([f32; 2], MarkerShape, f32, Rgba)>,
    /// Clusters of events: (centre, count).
    pub clusters: Vec<([f32; 2], usize)>,
    /// Names to place: (text, anchor centre of the symbol, symbol radius, emphasised).
    pub names: Vec<(String, [f32; 2], f32, bool)>,
    /// The index in `names` of the story's key actor (the focus, else the actor with the most
    /// ties shown): its name is always placed, with a leader line when it must move away.
    pub key_name: Option<usize>,
    pub legend: Vec<LegendItem>,
    pub hits: Vec<HitTarget>,
}

/// The halo under the relationships of a highlighted path.
const PATH_HALO: Rgba = Rgba::new(0xff, 0xd7, 0x00, 0xb0);
/// Stands in for a focus while a path is highlighted (an id no item has).
static PATH_FOCUS: std::sync::LazyLock<Focus> =
    std::sync::LazyLock::new(|| Focus::Actor(ActorId::new("path:highlight")));

/// How faint what is outside the focus becomes.
const DIMMED: f32 = 0.18;
/// Screen distance between relationships that join the same two actors.
const PARALLEL_GAP: f32 = 9.0;
/// Events closer than this (pixels) are drawn as one cluster.
const CLUSTER_CELL: f32 = 26.0;

/// Lays out the story for a camera. Only the items in `visible` are drawn (all when `None`);
/// the relationships of `path` (a chain between two actors) are drawn in full with a halo and
/// everything else dimmed, like a focus.
pub fn layout_story(
    project: &Project,
    camera: &Camera,
    projection: Projection,
    focus: Option<&Focus>,
    visible: Option<&Visible>,
    path: &[RelationshipId],
) -> StoryDrawing {
    let mut drawing = StoryDrawing::default();
    let shown_actor = |id: &ActorId| visible.is_none_or(|v| v.actors.contains(id));
    let shown_relationship =
        |id: &RelationshipId| visible.is_none_or(|v| v.relationships.contains(id));
    let shown_event = |id: &EventId| visible.is_none_or(|v| v.events.contains(id));
    let to_screen = |lon: f64, lat: f64| -> [f32; 2] {
        let p = camera.lon_lat_to_screen(projection, LonLat::new(lon, lat));
        [p.x as f32, p.y as f32]
    };
    // The legend lists what can be seen in the picture, not all the story: a regional view
    // does not explain the symbol of an organisation seated on another continent.
    let [view_width, view_height] = camera.viewport;
    let in_view = |p: [f32; 2]| {
        let (x, y) = (f64::from(p[0]), f64::from(p[1]));
        (0.0..=view_width).contains(&x) && (0.0..=view_height).contains(&y)
    };
    let (mut focus_actors, mut focus_relationships, focus_events) = focus_sets(project, focus);
    if !path.is_empty() {
        for id in path {
            if let Some(r) = project.relationship(id) {
                focus_actors.insert(r.from.clone());
                focus_actors.insert(r.to.clone());
            }
            focus_relationships.insert(id.clone());
        }
    }
    let focused = focus.is_some() || !path.is_empty();
    let focus = if focused {
        focus.or(Some(&PATH_FOCUS))
    } else {
        None
    };
    let in_focus_actor = |id: &ActorId| focus.is_none() || focus_actors.contains(id);
    let alpha = |on: bool| if on { 1.0 } else { DIMMED };

    // Actor positions: actors drawn at (nearly) the same spot (a state and its minister, an
    // administration and its country) are spread on a small ring so each stays visible and
    // clickable.
    let mut groups: Vec<([f32; 2], Vec<&ActorId>)> = Vec::new();
    for actor in project.actors.iter().filter(|a| shown_actor(&a.id)) {
        let p = to_screen(actor.anchor.lon, actor.anchor.lat);
        match groups
            .iter_mut()
            .find(|(c, _)| (c[0] - p[0]).hypot(c[1] - p[1]) < 8.0)
        {
            Some((_, members)) => members.push(&actor.id),
            None => groups.push((p, vec![&actor.id])),
        }
    }
    let mut positions: HashMap<&ActorId, [f32; 2]> = HashMap::new();
    for (center, members) in &groups {
        for (k, id) in members.iter().enumerate() {
            let offset = if members.len() > 1 {
                // Side by side first (left, right), so events below the anchor stay clear.
                let angle =
                    std::f32::consts::TAU * k as f32 / members.len() as f32 + std::f32::consts::PI;
                [angle.cos() * 12.0, angle.sin() * 12.0]
            } else {
                [0.0, 0.0]
            };
            positions.insert(id, [center[0] + offset[0], center[1] + offset[1]]);
        }
    }

    // Country tints, weakest first so a de-facto authority's tint wins over nothing.
    let mut washes_drawn: Vec<super::style::WashRole> = Vec::new();
    for actor in project.actors.iter().filter(|a| shown_actor(&a.id)) {
        if let Some(code) = &actor.country_iso_a3 {
            let color = tint_color(actor.kind);
            // Light enough that the base map stays readable; the focus stands out.
            let strength = match focus {
                None => super::style::WASH_STRENGTH,
                Some(_) if in_focus_actor(&actor.id) => super::style::WASH_STRENGTH_FOCUS,
                Some(_) => 0.0,
            };
            if strength == 0.0 {
                continue;
            }
            drawing
                .tints
                .push((code.clone(), color.with_alpha(strength)));
            let role = wash_role(actor.kind);
            if !washes_drawn.contains(&role) {
                washes_drawn.push(role);
            }
        }
    }

    // Relationships: great-circle arcs, parallel ones fanned out.
    let shown_relationships: Vec<&crate::model::Relationship> = project
        .relationships
        .iter()
        .filter(|r| shown_relationship(&r.id) && shown_actor(&r.from) && shown_actor(&r.to))
        .collect();
    let mut pair_count: HashMap<(&ActorId, &ActorId), usize> = HashMap::new();
    for r in &shown_relationships {
        let key = if r.from <= r.to {
            (&r.from, &r.to)
        } else {
            (&r.to, &r.from)
        };
        *pair_count.entry(key).or_default() += 1;
    }
    let mut pair_seen: HashMap<(&ActorId, &ActorId), usize> = HashMap::new();
    let mut kinds_drawn: BTreeMap<String, Rgba> = BTreeMap::new();
    let mut statuses_drawn: BTreeSet<&'static str> = BTreeSet::new();
    for r in shown_relationships.iter().copied() {
        let (Some(from), Some(to)) = (project.actor(&r.from), project.actor(&r.to)) else {
            continue;
        };
        let (Some(&start), Some(&end)) = (positions.get(&from.id), positions.get(&to.id)) else {
            continue;
        };
        let key = if r.from <= r.to {
            (&r.from, &r.to)
        } else {
            (&r.to, &r.from)
        };
        let count = pair_count.get(&key).copied().unwrap_or(1);
        let nth = pair_seen.entry(key).or_default();
        let fan = (*nth as f32 - (count as f32 - 1.0) / 2.0) * PARALLEL_GAP;
        *nth += 1;
        // Fan on the same side whichever way the relationship points.
        let fan = if r.from <= r.to { fan } else { -fan };

        let on = focus.is_none() || focus_relationships.contains(&r.id);
        let mut color = relationship_color(&r.kind);
        if r.status == Status::Historical {
            color = color.with_alpha(0.55);
        }
        color = color.with_alpha(f32::from(color.a) / 255.0 * alpha(on));
        let width = if on && focus.is_some() { 3.0 } else { 2.2 };
        let stroke = Stroke {
            width,
            color,
            dash: status_dash(r.status),
        };

        // Cut where this map's edges are, so an arc over the Pacific is whole on a Pacific map.
        let parts = split_at_seam(
            &great_circle_arc(
                (from.anchor.lon, from.anchor.lat),
                (to.anchor.lon, to.anchor.lat),
                ARC_STEP_DEGREES / 2.0,
            ),
            camera.central_meridian,
        );
        let total: usize = parts.iter().map(Vec::len).sum::<usize>().max(2);
        let mut seen = 0usize;
        let mut screen_parts: Vec<Vec<[f32; 2]>> = Vec::new();
        let ends = ArcEnds {
            drawn: [start, end],
            anchors: [
                to_screen(from.anchor.lon, from.anchor.lat),
                to_screen(to.anchor.lon, to.anchor.lat),
            ],
            fan,
        };
        for part in &parts {
            let mut points = Vec::with_capacity(part.len());
            for &(lon, lat) in part {
                let t = seen as f32 / (total - 1) as f32;
                seen += 1;
                points.push(ends.bend(to_screen(lon, lat), t));
            }
            if points.len() >= 2 {
                screen_parts.push(points);
            }
        }
        if screen_parts.is_empty() {
            // Both ends at one place: nothing to draw between them.
            continue;
        }
        if screen_parts.iter().flatten().any(|&p| in_view(p)) {
            kinds_drawn.insert(r.kind.label().to_owned(), relationship_color(&r.kind));
            statuses_drawn.insert(r.status.as_str());
        }
        if r.directed
            && let Some(last) = screen_parts.last_mut()
        {
            let (_, _, radius) = actor_symbol(to.kind);
            if let Some(head) = trim_for_arrow(last, radius + 3.0, width * 3.2) {
                drawing.arrowheads.push((head, color));
            }
        }
        let hit_points: Vec<[f32; 2]> = screen_parts.iter().flatten().copied().collect();
        drawing.hits.push(HitTarget {
            item: StoryItem::Relationship(r.id.clone()),
            shape: HitShape::Line {
                points: hit_points,
                half_width: width / 2.0,
            },
        });
        let on_path = path.contains(&r.id);
        for points in screen_parts {
            if on_path {
                // A bright halo under the line marks the chain.
                drawing
                    .arcs
                    .push((points.clone(), Stroke::solid(width + 6.0, PATH_HALO)));
            }
            drawing.arcs.push((points, stroke));
        }
    }

    // The key actor: the focused one, else the one with the most ties drawn (ties by id order).
    let key_actor: Option<&ActorId> = match focus {
        Some(Focus::Actor(id)) => Some(id),
        _ => {
            let mut degree: BTreeMap<&ActorId, usize> = BTreeMap::new();
            for r in &shown_relationships {
                *degree.entry(&r.from).or_default() += 1;
                *degree.entry(&r.to).or_default() += 1;
            }
            degree
                .into_iter()
                .filter(|(id, _)| in_focus_actor(id))
                .max_by(|(a, da), (b, db)| da.cmp(db).then(b.cmp(a)))
                .map(|(id, _)| id)
        }
    };

    // Actor symbols and names.
    let mut actor_kinds: BTreeMap<&'static str, ActorKind> = BTreeMap::new();
    for actor in project.actors.iter().filter(|a| shown_actor(&a.id)) {
        let Some(&center) = positions.get(&actor.id) else {
            continue;
        };
        let (shape, color, radius) = actor_symbol(actor.kind);
        let on = in_focus_actor(&actor.id);
        drawing
            .markers
            .push((center, shape, radius, color.with_alpha(alpha(on))));
        if key_actor == Some(&actor.id) {
            drawing.key_name = Some(drawing.names.len());
        }
        drawing
            .names
            .push((actor.name.clone(), center, radius, on && focus.is_some()));
        drawing.hits.push(HitTarget {
            item: StoryItem::Actor(actor.id.clone()),
            shape: HitShape::Disc { center, radius },
        });
        if in_view(center) {
            actor_kinds.insert(actor.kind.as_str(), actor.kind);
        }
    }

    // Events, clustered on a screen grid.
    let mut cells: BTreeMap<(i32, i32), Vec<usize>> = BTreeMap::new();
    for (i, event) in project.events.iter().enumerate() {
        if !shown_event(&event.id) {
            continue;
        }
        let [x, y] = to_screen(event.place.lon, event.place.lat);
        cells
            .entry((
                (x / CLUSTER_CELL).floor() as i32,
                (y / CLUSTER_CELL).floor() as i32,
            ))
            .or_default()
            .push(i);
    }
    let mut event_shapes: BTreeMap<String, MarkerShape> = BTreeMap::new();
    for members in cells.values() {
        let centers: Vec<[f32; 2]> = members
            .iter()
            .map(|&i| to_screen(project.events[i].place.lon, project.events[i].place.lat))
            .collect();
        // Events sit just below their place so they do not cover an actor anchored there.
        let lift = [0.0, 14.0];
        if let ([center], [i]) = (centers.as_slice(), members.as_slice()) {
            let event = &project.events[*i];
            let shape = event_symbol(&event.category);
            let on = focus.is_none() || focus_events.contains(&event.id);
            let center = [center[0] + lift[0], center[1] + lift[1]];
            drawing
                .markers
                .push((center, shape, 4.5, EVENT_COLOR.with_alpha(alpha(on))));
            drawing.hits.push(HitTarget {
                item: StoryItem::Event(event.id.clone()),
                shape: HitShape::Disc {
                    center,
                    radius: 5.0,
                },
            });
            if in_view(center) {
                event_shapes.insert(event.category.label().to_owned(), shape);
            }
        } else {
            let n = centers.len() as f32;
            let center = [
                centers.iter().map(|c| c[0]).sum::<f32>() / n + lift[0],
                centers.iter().map(|c| c[1]).sum::<f32>() / n + lift[1],
            ];
            drawing.clusters.push((center, members.len()));
            drawing.hits.push(HitTarget {
                item: StoryItem::Cluster(
                    members
                        .iter()
                        .map(|&i| project.events[i].id.clone())
                        .collect(),
                ),
                shape: HitShape::Disc {
                    center,
                    radius: 9.0,
                },
            });
            let seen = in_view(center);
            for &i in members.iter().filter(|_| seen) {
                event_shapes.insert(
                    project.events[i].category.label().to_owned(),
                    event_symbol(&project.events[i].category),
                );
            }
        }
    }

    // The legend says what is drawn in the picture, nothing more.
    if !washes_drawn.is_empty() {
        drawing.legend.push(LegendItem::Heading("Countries".into()));
        for role in super::style::WASH_ROLES {
            if washes_drawn.contains(&role) {
                drawing.legend.push(LegendItem::Swatch {
                    label: wash_label(role).to_owned(),
                    fill: super::style::wash_color(role).with_alpha(super::style::WASH_STRENGTH),
                    outline: None,
                });
            }
        }
    }
    if !kinds_drawn.is_empty() {
        drawing
            .legend
            .push(LegendItem::Heading("Relationships".into()));
        for (label, color) in kinds_drawn {
            drawing.legend.push(LegendItem::Line {
                label,
                stroke: Stroke::solid(2.5, color),
            });
        }
        drawing.legend.push(LegendItem::Heading("Status".into()));
        for status in Status::ALL {
            if statuses_drawn.contains(status.as_str()) {
                let grey = Rgba::rgb(0x44, 0x44, 0x44);
                let color = if *status == Status::Historical {
                    grey.with_alpha(0.55)
                } else {
                    grey
                };
                drawing.legend.push(LegendItem::Line {
                    label: status.label().to_owned(),
                    stroke: Stroke {
                        width: 2.0,
                        color,
                        dash: status_dash(*status),
                    },
                });
            }
        }
    }
    if !actor_kinds.is_empty() {
        drawing.legend.push(LegendItem::Heading("Actors".into()));
        for kind in ActorKind::ALL {
            if actor_kinds.contains_key(kind.as_str()) {
                let (shape, color, _) = actor_symbol(*kind);
                drawing.legend.push(LegendItem::Symbol {
                    label: kind.label().to_owned(),
                    shape,
                    color,
                });
            }
        }
    }
    if !event_shapes.is_empty() {
        drawing.legend.push(LegendItem::Heading("Events".into()));
        for (label, shape) in event_shapes {
            drawing.legend.push(LegendItem::Symbol {
                label,
                shape,
                color: EVENT_COLOR,
            });
        }
    }
    drawing
}

/// The two ends of an arc on screen: where the actors are drawn (possibly spread from their
/// anchors) and where their anchors project, and how far the arc bows out sideways.
struct ArcEnds {
    drawn: [[f32; 2]; 2],
    anchors: [[f32; 2]; 2],
    fan: f32,
}

impl ArcEnds {
    /// Moves a point of an arc (at `t` from 0 to 1 along it) so the arc leaves and reaches the
    /// drawn actors and bows out by `fan` pixels in its middle.
    fn bend(&self, p: [f32; 2], t: f32) -> [f32; 2] {
        let [start, end] = self.drawn;
        let [anchor_start, anchor_end] = self.anchors;
        let shift = [
            (start[0] - anchor_start[0]) * (1.0 - t) + (end[0] - anchor_end[0]) * t,
            (start[1] - anchor_start[1]) * (1.0 - t) + (end[1] - anchor_end[1]) * t,
        ];
        let chord = [end[0] - start[0], end[1] - start[1]];
        let length = chord[0].hypot(chord[1]).max(1e-3);
        let normal = [-chord[1] / length, chord[0] / length];
        let bow = self.fan * (std::f32::consts::PI * t).sin();
        [
            p[0] + shift[0] + normal[0] * bow,
            p[1] + shift[1] + normal[1] * bow,
        ]
    }
}

/// Shortens a polyline's end by `gap` pixels and returns the arrowhead (tip, left, right) of
/// length `size` that ends where the line used to, less the gap.
fn trim_for_arrow(points: &mut Vec<[f32; 2]>, gap: f32, size: f32) -> Option<[[f32; 2]; 3]> {
    let mut remaining = gap;
    while points.len() >= 2 {
        let n = points.len();
        let (a, b) = (points[n - 2], points[n - 1]);
        let length = (b[0] - a[0]).hypot(b[1] - a[1]);
        if length > remaining {
            let t = (length - remaining) / length;
            let tip = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
            points[n - 1] = tip;
            let direction = [(b[0] - a[0]) / length, (b[1] - a[1]) / length];
            let base = [tip[0] - direction[0] * size, tip[1] - direction[1] * size];
            let normal = [-direction[1] * size * 0.45, direction[0] * size * 0.45];
            // The line stops at the arrowhead's base so its end does not poke through the tip.
            points[n - 1] = base;
            return Some([
                tip,
                [base[0] + normal[0], base[1] + normal[1]],
                [base[0] - normal[0], base[1] - normal[1]],
            ]);
        }
        remaining -= length;
        points.pop();
    }
    None
}

/// The relationships drawn in full for a focus: its neighbourhood, or every one without focus.
pub fn focus_relationships(project: &Project, focus: Option<&Focus>) -> Vec<RelationshipId> {
    match focus {
        None => project.relationships.iter().map(|r| r.id.clone()).collect(),
        Some(_) => focus_sets(project, focus).1.into_iter().collect(),
    }
}

/// The actors, relationships and events in the neighbourhood of the focus.
fn focus_sets(
    project: &Project,
    focus: Option<&Focus>,
) -> (
    BTreeSet<ActorId>,
    BTreeSet<RelationshipId>,
    BTreeSet<EventId>,
) {
    let mut actors = BTreeSet::new();
    let mut relationships = BTreeSet::new();
    let mut events = BTreeSet::new();
    match focus {
        None => {}
        Some(Focus::Actor(id)) => {
            actors.insert(id.clone());
            for r in project.relationships_of(id) {
                relationships.insert(r.id.clone());
                actors.insert(r.from.clone());
                actors.insert(r.to.clone());
            }
            for e in &project.events {
                if e.actors.contains(id) {
                    events.insert(e.id.clone());
                }
            }
        }
        Some(Focus::Relationship(id)) => {
            if let Some(r) = project.relationship(id) {
                relationships.insert(r.id.clone());
                actors.insert(r.from.clone());
                actors.insert(r.to.clone());
            }
        }
        Some(Focus::Event(id)) => {
            if let Some(e) = project.event(id) {
                events.insert(e.id.clone());
                actors.extend(e.actors.iter().cloned());
                for r in &project.relationships {
                    if e.actors.contains(&r.from) && e.actors.contains(&r.to) {
                        relationships.insert(r.id.clone());
                    }
                }
            }
        }
    }
    (actors, relationships, events)
}
