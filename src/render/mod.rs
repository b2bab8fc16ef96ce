//! Painters that turn a [`Scene`](crate::scene::Scene) into pictures without a display or GPU.

pub mod png;

pub use png::{RenderError, render_pixmap, render_png};
