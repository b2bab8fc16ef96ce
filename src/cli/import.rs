//! `faultline import DATASET`: reads an event dataset, writes a project that links it (and its
//! cache beside the project), and prints the import report.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;

use crate::events::cache::write_cache;
use crate::events::cluster::ClusterIndex;
use crate::events::import::{Format, ImportOptions, Imported, Mapping, Progress, import_file};
use crate::model::{Edit, Project, load_project, save_project};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dataset: an ACLED or UCDP CSV, a GDELT 2.0 or 1.0 export (.CSV or .zip), or any CSV/TSV.
    pub dataset: PathBuf,
    /// The layout, when detection from the header is not wanted.
    #[arg(long, value_parser = |s: &str| s.parse::<Format>())]
    pub format: Option<Format>,
    /// A JSON mapping (columns for position, date and roles), as the window saves it.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,
    /// Add the dataset to this project instead of a new one.
    #[arg(long, value_name = "PROJECT")]
    pub into: Option<PathBuf>,
    /// The project to write.
    #[arg(short, long, value_name = "OUT.faultline.geojson")]
    pub output: PathBuf,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let mapping: Option<Mapping> = match &args.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the mapping {}", path.display()))?;
            Some(
                serde_json::from_str(&text)
                    .with_context(|| format!("{}: not a Faultline mapping", path.display()))?,
            )
        }
        None => None,
    };
    let options = ImportOptions {
        format: args.format,
        mapping,
    };
    let imported = import_file(&args.dataset, &options, &Progress::default())?;
    if imported.report.imported == 0 {
        print_report(args, &imported)?;
        bail!(
            "{}: no event could be read ({} rows, all skipped)",
            args.dataset.display(),
            imported.report.rows
        );
    }
    let mut project = match &args.into {
        Some(path) => load_project(path)?,
        None => Project::new(
            args.dataset
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
        ),
    };
    let link = imported.link.clone().relative_to(&args.output);
    // Importing the same file again replaces its link rather than failing.
    if project.datasets.iter().any(|d| d.id == link.id) {
        Edit::RemoveDataset(link.id.clone()).apply(&mut project)?;
    }
    let index = project.datasets.len();
    Edit::AddDataset {
        index,
        link: link.clone(),
    }
    .apply(&mut project)?;
    save_project(&args.output, &project)?;
    let index = ClusterIndex::new(&imported.table);
    let cache = write_cache(&args.output, &link, &imported.table, &index)?;
    // Written first, reported after: a reader that stops early (`| head`) loses nothing.
    print_report(args, &imported)?;
    if !args.json {
        println!(
            "wrote {} (dataset cached in {})",
            args.output.display(),
            cache.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The import report on standard output: JSON with `--json`, else a summary for people.
fn print_report(args: &ImportArgs, imported: &Imported) -> anyhow::Result<()> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(&imported.report)?);
    } else {
        let report = &imported.report;
        println!(
            "{}: {} rows as {}, {} imported, {} skipped",
            args.dataset.display(),
            report.rows,
            report.format,
            report.imported,
            report.skipped.len()
        );
        for skipped in report.skipped.iter().take(20) {
            println!("  line {}: {}", skipped.line, skipped.reason);
        }
        if report.skipped.len() > 20 {
            println!("  … and {} more (see --json)", report.skipped.len() - 20);
        }
        println!(
            "  {:.1} MB in memory",
            imported.table.heap_bytes() as f64 / 1e6
        );
        if let (Some(bbox), Some([first, last])) = (report.bbox, &report.date_range) {
            println!(
                "  from {first} to {last}, within [{:.4}, {:.4}, {:.4}, {:.4}]",
                bbox[0], bbox[1], bbox[2], bbox[3]
            );
        }
    }
    Ok(())
}
