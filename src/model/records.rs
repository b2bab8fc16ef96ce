//! The records of a story: actors, relationships between them, events, sources, annotations.
//!
//! Their serde form is their GeoJSON `properties` (see `docs/project-format.md`); the
//! geographic parts (anchor, place, annotation geometry) are skipped here and written as the
//! feature's geometry by [`super::file`]. Each record keeps the properties Faultline does not
//! know in `extra`, so saving never drops what another tool added.

use std::fmt;

use geo::{LineString, Point, Polygon};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::date::{DateRange, FuzzyDate};
use super::grade::Grade;
use super::ids::{ActorId, AnnotationId, EventId, RelationshipId, SourceId};

/// Properties this version does not know, kept to be written back.
pub type ExtraProperties = Map<String, Value>;

/// A place on Earth: WGS 84 longitude and latitude in degrees, and its name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Place {
    pub lon: f64,
    pub lat: f64,
    pub name: String,
}

impl Place {
    pub fn new(lon: f64, lat: f64, name: impl Into<String>) -> Self {
        Self {
            lon,
            lat,
            name: name.into(),
        }
    }
}

/// Declares a closed vocabulary enum written as snake_case text.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)*
        }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),*];

            /// The snake_case name used in files.
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }

            /// Words for people, e.g. in the legend.
            pub fn label(&self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

/// Declares an open vocabulary: known snake_case names plus `Other(text)` for the rest, so a
/// file from a newer version or another tool keeps its own words.
macro_rules! open_vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($variant,)*
            Other(String),
        }

        impl $name {
            pub const KNOWN: &[$name] = &[$($name::$variant),*];

            /// The snake_case name used in files.
            pub fn as_str(&self) -> &str {
                match self { $($name::$variant => $text,)* $name::Other(text) => text }
            }

            /// Words for people, e.g. in the legend.
            pub fn label(&self) -> &str {
                match self { $($name::$variant => $label,)* $name::Other(text) => text }
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                match text.as_str() {
                    $($text => $name::$variant,)*
                    _ => $name::Other(text),
                }
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.as_str().to_owned()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary!(
    /// What sort of actor: decides its map symbol.
    ActorKind {
        State => "state", "state";
        DeFactoAuthority => "de_facto_authority", "de-facto authority";
        NonStateArmedGroup => "non_state_armed_group", "non-state armed group";
        InternationalOrganisation => "international_organisation", "international organisation";
        Person => "person", "person";
        MediaOutlet => "media_outlet", "media outlet";
        Bloc => "bloc", "bloc or group of states";
        Project => "project", "project or corridor";
    }
);

open_vocabulary!(
    /// What ties two actors: decides the arc's colour.
    RelationshipKind {
        DefenceCooperation => "defence_cooperation", "defence cooperation";
        AllegedRecruitment => "alleged_recruitment", "alleged recruitment or proxy use";
        ArmedConflict => "armed_conflict", "armed conflict";
        EconomicPartnership => "economic_partnership", "economic partnership or corridor";
        SanctionsPressure => "sanctions_pressure", "sanctions and pressure";
        BorderTension => "border_tension", "border tension or security threat";
        DiplomaticNonRecognition => "diplomatic_non_recognition", "diplomatic non-recognition";
        MonitoringConcern => "monitoring_concern", "monitoring with concern";
        HistoricalIntervention => "historical_intervention", "historical intervention";
        FinancialSupport => "financial_support", "financial or legitimacy support";
    }
);

open_vocabulary!(
    /// What sort of event: decides its marker symbol.
    EventCategory {
        Publication => "publication", "publication";
        Statement => "statement", "statement";
        MilitaryIntervention => "military_intervention", "military intervention";
        Attack => "attack", "attack";
        Agreement => "agreement", "agreement";
        Period => "period", "period of rivalry";
    }
);

vocabulary!(
    /// How sure the story is: decides the arc's line style. Follows the source's own hedging.
    Status {
        Confirmed => "confirmed", "confirmed";
        Reported => "reported", "reported";
        Alleged => "alleged", "alleged";
        Proposed => "proposed", "proposed";
        Historical => "historical", "historical";
    }
);

vocabulary!(
    /// The drawing tool an annotation was made with.
    AnnotationKind {
        TextNote => "text_note", "text note";
        Pin => "pin", "pin";
        Arrow => "arrow", "arrow";
        Path => "path", "path";
        Area => "area", "area";
    }
);

/// Someone or something that acts in the story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    pub id: ActorId,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(rename = "actor_kind")]
    pub kind: ActorKind,
    /// Where the actor is drawn: a capital, a seat, a city. Written as the feature's Point.
    #[serde(skip)]
    pub anchor: Place,
    /// ISO 3166-1 alpha-3 code of the base-map country to tint, e.g. `AFG`.
    #[serde(default)]
    pub country_iso_a3: Option<String>,
    /// The actor this one belongs to, e.g. a minister's state.
    #[serde(default)]
    pub member_of: Option<ActorId>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sources: Vec<SourceId>,
    #[serde(flatten)]
    pub extra: ExtraProperties,
}

/// A tie between two actors, drawn as a great-circle arc.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: RelationshipId,
    pub from: ActorId,
    pub to: ActorId,
    #[serde(rename = "relationship_kind")]
    pub kind: RelationshipKind,
    /// `false` for a mutual tie; then `from` and `to` are interchangeable.
    #[serde(default)]
    pub directed: bool,
    pub status: Status,
    #[serde(default)]
    pub grade: Option<Grade>,
    /// When the tie began; `None` when the story does not say.
    #[serde(default)]
    pub start: Option<FuzzyDate>,
    /// When the tie ended; `None` while it lasts or when the story does not say.
    #[serde(default)]
    pub end: Option<FuzzyDate>,
    #[serde(default)]
    pub sources: Vec<SourceId>,
    #[serde(default)]
    pub notes: String,
    #[serde(flatten)]
    pub extra: ExtraProperties,
}

/// Something that happened at a place and time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub title: String,
    pub date: DateRange,
    /// Written as the feature's Point.
    #[serde(skip)]
    pub place: Place,
    pub category: EventCategory,
    #[serde(default)]
    pub actors: Vec<ActorId>,
    #[serde(default)]
    pub description: String,
    pub status: Status,
    #[serde(default)]
    pub grade: Option<Grade>,
    #[serde(default)]
    pub sources: Vec<SourceId>,
    #[serde(flatten)]
    pub extra: ExtraProperties,
}

/// Where a claim comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    pub title: String,
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub date: FuzzyDate,
    /// Where it was read: a URL, a file, a library shelf.
    #[serde(default)]
    pub read_at: String,
    #[serde(flatten)]
    pub extra: ExtraProperties,
}

/// The shape of an annotation, in longitude/latitude degrees.
#[derive(Debug, Clone, PartialEq)]
pub enum AnnotationGeometry {
    Point(Point<f64>),
    LineString(LineString<f64>),
    Polygon(Polygon<f64>),
}

impl Default for AnnotationGeometry {
    fn default() -> Self {
        AnnotationGeometry::Point(Point::new(0.0, 0.0))
    }
}

impl AnnotationGeometry {
    /// Every vertex, exterior ring first, for range checks and hit-testing.
    pub fn coordinates(&self) -> Vec<geo::Coord<f64>> {
        match self {
            AnnotationGeometry::Point(point) => vec![point.0],
            AnnotationGeometry::LineString(line) => line.0.clone(),
            AnnotationGeometry::Polygon(polygon) => polygon
                .exterior()
                .0
                .iter()
                .chain(polygon.interiors().iter().flat_map(|ring| ring.0.iter()))
                .copied()
                .collect(),
        }
    }
}

/// How an annotation is drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotationStyle {
    /// Straight (not premultiplied) RGBA.
    pub colour: [u8; 4],
    /// In screen points, so the line looks the same at every zoom.
    pub line_width: f64,
    /// In screen points.
    pub font_size: f64,
    /// 0 (outline only) to 1 (opaque), for areas.
    pub fill_opacity: f64,
}

impl Default for AnnotationStyle {
    fn default() -> Self {
        Self {
            colour: [200, 30, 30, 255],
            line_width: 2.0,
            font_size: 14.0,
            fill_opacity: 0.25,
        }
    }
}

/// A drawing on the map made by the user: a note, a pin, an arrow, a path or an area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: AnnotationId,
    #[serde(rename = "annotation_kind")]
    pub kind: AnnotationKind,
    /// Written as the feature's geometry.
    #[serde(skip)]
    pub geometry: AnnotationGeometry,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub style: AnnotationStyle,
    #[serde(flatten)]
    pub extra: ExtraProperties,
}
