//! Event datasets: many dated, located events imported from ACLED, UCDP GED, GDELT or any CSV.
//!
//! A dataset is not part of the story: it is a table the project links to by path and shows
//! beside the story (clustered markers, a timeline histogram, a table). Single events can be
//! promoted into the story. Nothing here knows egui.
//!
//! - [`table`]: the columnar [`EventTable`] every importer produces and every view reads.
//! - [`day`]: calendar days as compact integers; [`dates`]: reading the dates datasets write.
//! - [`import`]: the readers; [`link`] and [`cache`]: how a project keeps a dataset.
//! - [`cluster`]: the cluster hierarchy the map draws from, computed once per dataset.
//! - [`area`]: shapes events are tested against ("events inside").
//! - [`filter`]: which events pass the analyst's filter; [`csv_out`]: rows written back.
//! - [`pairs`]: actor pairs of a dataset; [`promote`]: events and pairs into the story.

pub mod area;
pub mod cache;
pub mod cluster;
pub mod csv_out;
pub mod dates;
pub mod day;
pub mod filter;
pub mod import;
pub mod link;
pub mod pairs;
pub mod promote;
pub mod table;

pub use day::Day;
pub use table::{Column, EventTable, Field, Role};
