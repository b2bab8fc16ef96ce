//! The `faultline` binary: the GUI by default, headless subcommands for scripts.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use faultline::{cli, ui};

/// Faultline: who is tied to whom, where and since when, on a world map.
///
/// With no subcommand, opens the window on the built-in scenario, or on the project given;
/// other GeoJSON, KML, KMZ, Shapefile (.shp or .zip) and GeoPackage files given are added as
/// layers.
#[derive(Debug, Parser)]
#[command(
    name = "faultline",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// Files to open in the window: a Faultline project (instead of the built-in scenario) and/or
    /// GeoJSON, KML, KMZ, Shapefile (.shp, .zip) or GeoPackage files to show as layers.
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a GeoJSON file and summarise it; exit 1 with the problem and where it is.
    Check(cli::check::CheckArgs),
    /// Draw the map to a PNG or SVG picture without a display or GPU.
    Render(Box<cli::render::RenderArgs>),
    /// Write a project (the built-in scenario when none is given) to a file.
    Export(cli::export::ExportArgs),
    /// Regenerate the bundled Natural Earth maps (world-atlas npm package; boundary lines from a
    /// natural-earth-geojson checkout).
    BuildMaps(cli::build_maps::BuildMapsArgs),
    /// Propose the places, actors and ties of a news article, each with its quote (offline).
    Draft(cli::draft::DraftArgs),
    /// Read an event dataset (ACLED, UCDP GED, GDELT 2.0 or any CSV) into a project.
    Import(cli::import::ImportArgs),
}

/// Headless commands stop quietly when their reader goes away (`faultline import … | head`),
/// as Unix tools do, instead of failing on every later write to the closed pipe.
fn end_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restores the default disposition of SIGPIPE, before any thread is started;
    // no handler runs Rust code.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args = Cli::parse();
    if args.command.is_some() {
        end_quietly_on_closed_pipe();
    }
    match args.command {
        Some(Command::Check(check)) => cli::check::run(&check),
        Some(Command::Render(render)) => report("render", cli::render::run(&render)),
        Some(Command::Export(export)) => report("export", cli::export::run(&export)),
        Some(Command::BuildMaps(build)) => report("build-maps", cli::build_maps::run(&build)),
        Some(Command::Draft(draft)) => report("draft", cli::draft::run(&draft)),
        Some(Command::Import(import)) => report("import", cli::import::run(&import)),
        None => {
            let options = ui::StartOptions {
                layers: args.files,
                load_all_now: false,
                started: Some(started),
                config_dir: ui::document::default_config_dir(),
            };
            match ui::run(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("faultline: could not open the window: {error}");
                    if std::env::var_os("DISPLAY").is_none()
                        && std::env::var_os("WAYLAND_DISPLAY").is_none()
                    {
                        eprintln!(
                            "faultline: no display found (DISPLAY and WAYLAND_DISPLAY are unset); the headless commands `faultline render` and `faultline check` work without one"
                        );
                    }
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Prints a subcommand's error once, in one place, and turns it into exit status 1.
fn report(name: &str, result: anyhow::Result<ExitCode>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("faultline {name}: {error:#}");
            ExitCode::FAILURE
        }
    }
}
