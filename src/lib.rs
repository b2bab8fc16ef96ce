//! Faultline: a desktop map of the actors of a news story and the ties between them.
//!
//! Layering (see the README): `map` (the engine) knows nothing of the UI; `scene` turns it into
//! renderer-agnostic primitives; `render` paints a scene to pictures; `ui` is the egui
//! application; `cli` holds the headless subcommands.

pub mod cli;
pub mod clock;
pub mod draft;
pub mod events;
pub mod files;
pub mod gazetteer;
pub mod map;
pub mod model;
pub mod render;
pub mod scene;
pub mod ui;
