//! `faultline export`: write a project (the built-in scenario when none is given) to a file,
//! e.g. to start a new story from the scenario or to hand it to GIS tools. The output's
//! extension chooses the format: `.kml` (or `.kmz`) for Google Earth, anything else a project.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::anyhow;

use crate::files::write_atomically;
use crate::model::file::{built_in_scenario, load_project, save_project};
use crate::scene::kml_export::{kmz, project_kml};

/// Arguments of `faultline export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The project to export (default: the built-in scenario).
    #[arg(value_name = "PROJECT")]
    pub project: Option<PathBuf>,
    /// Where to write it: FILE.kml (or .kmz) for Google Earth, with times and styles; otherwise a
    /// GeoJSON FeatureCollection that GDAL, QGIS and geojson.io open as is.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs the subcommand; errors are returned for `main` to print.
pub fn run(args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let project = match &args.project {
        Some(path) => load_project(path).map_err(|e| anyhow!("{e}"))?,
        None => built_in_scenario().map_err(|e| anyhow!("{e}"))?,
    };
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some(kind @ ("kml" | "kmz")) => {
            let kml = project_kml(&project)?;
            let bytes = if kind == "kmz" { kmz(&kml)? } else { kml };
            write_atomically(&args.output, &bytes)
                .map_err(|e| anyhow!("cannot write {}: {e}", args.output.display()))?;
        }
        _ => save_project(&args.output, &project).map_err(|e| anyhow!("{e}"))?,
    }
    println!(
        "wrote {} ({} actors, {} relationships, {} events, {} sources, {} annotations)",
        args.output.display(),
        project.actors.len(),
        project.relationships.len(),
        project.events.len(),
        project.sources.len(),
        project.annotations.len()
    );
    Ok(ExitCode::SUCCESS)
}
