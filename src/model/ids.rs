//! Typed ids, so an actor id can never be passed where a source id is expected.
//!
//! Ids are human-readable slugs such as `actor:taliban`; they are what files and edits refer
//! to, so they stay stable when a record is renamed.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }
    };
}

typed_id!(
    /// Names an [`Actor`](super::Actor), e.g. `actor:russia`.
    ActorId
);
typed_id!(
    /// Names a [`Relationship`](super::Relationship), e.g. `rel:russia-ukraine-war`.
    RelationshipId
);
typed_id!(
    /// Names an [`Event`](super::Event), e.g. `event:soviet-invasion`.
    EventId
);
typed_id!(
    /// Names a [`Source`](super::Source), e.g. `source:article`.
    SourceId
);
typed_id!(
    /// Names an [`Annotation`](super::Annotation), e.g. `note:1`.
    AnnotationId
);
