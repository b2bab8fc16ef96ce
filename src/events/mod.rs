//! Event datasets: many dated, located events imported from ACLED, UCDP GED, GDELT or any CSV.
//!
//! A dataset is not part of the story: it is a table the project links to by path and shows
//! beside the story (clustered markers, a timeline histogram, a table). Single events can be
//! promoted into the story. Nothing here knows egui.
//!
//! - [`table`]: the columnar [`EventTable`] every importer produces and every view reads.
//! - [`day`]: calendar days as compact integers.
//! - [`cluster`]: the cluster hierarchy the map draws from, computed once per dataset.
//! - [`filter`]: which events pass the analyst's filter.

pub mod cluster;
pub mod csv_out;
pub mod day;
pub mod filter;
pub mod table;

pub use day::Day;
pub use table::{Column, EventTable, Field, Role};
