//! `faultline build-maps`: regenerate `maps/` from the world-atlas npm package.
//!
//! `maps/build.sh` fetches the pinned packages and calls this; the conversion itself lives in
//! [`crate::map::atlas_build`] so that it can be tested without files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::map::atlas_build::{
    AtlasStats, BuildOptions, IsoCodes, ManifestEntry, RESOLUTIONS, build_atlas, geojson_text,
    sha256_hex,
};
use crate::map::basemap::Detail;
use crate::map::packed;

/// Arguments of `faultline build-maps`.
#[derive(Debug, clap::Args)]
pub struct BuildMapsArgs {
    /// Directory of the unpacked world-atlas npm package (the one holding countries-110m.json,
    /// countries-50m.json, countries-10m.json and package.json).
    #[arg(long, value_name = "DIR", required_unless_present = "packed_only")]
    pub world_atlas: Option<PathBuf>,

    /// codes.json of the unpacked i18n-iso-countries npm package: rows of
    /// [alpha-2, alpha-3, numeric, ...] used to add ISO alpha codes to world-atlas' numeric ids.
    #[arg(long, value_name = "FILE", required_unless_present = "packed_only")]
    pub iso_codes: Option<PathBuf>,

    /// Directory to write countries-R.geojson, borders-R.geojson, coastlines-R.geojson (R = 110m,
    /// 50m, 10m) and manifest.json into; created if missing, existing files are replaced.
    #[arg(long, value_name = "DIR", default_value = "maps")]
    pub out: PathBuf,

    /// Decimals to keep in coordinates. By default they follow world-atlas' quantization step
    /// (0.0036°): 4 decimals, which keeps the quantized shapes; 3 is still lossless but lets a
    /// few near-touching edges cross.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=12))]
    pub decimals: Option<u32>,

    /// Only remake the packed files (atlas-R.bin) from the GeoJSON already in --out: what the
    /// app reads at start instead of parsing and triangulating the GeoJSON. The full run makes
    /// them too.
    #[arg(long, conflicts_with_all = ["world_atlas", "iso_codes", "decimals"])]
    pub packed_only: bool,
}

/// Runs the subcommand.
pub fn run(args: &BuildMapsArgs) -> anyhow::Result<ExitCode> {
    let (world_atlas, iso_codes) = match (&args.world_atlas, &args.iso_codes) {
        _ if args.packed_only => return pack_all(&args.out),
        (Some(world_atlas), Some(iso_codes)) => (world_atlas, iso_codes),
        _ => bail!("--world-atlas and --iso-codes are needed (or --packed-only)"),
    };
    let codes_bytes =
        fs::read(iso_codes).with_context(|| format!("reading {}", iso_codes.display()))?;
    let codes = IsoCodes::from_codes_json(&codes_bytes)
        .with_context(|| format!("reading {}", iso_codes.display()))?;
    let atlas_package = package_id(&world_atlas.join("package.json"))?;
    let iso_package = match iso_codes.parent() {
        Some(dir) => package_id(&dir.join("package.json"))?,
        None => bail!("{} has no parent directory", iso_codes.display()),
    };
    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;

    let mut manifest = Vec::new();
    for resolution in RESOLUTIONS {
        let input = world_atlas.join(format!("countries-{resolution}.json"));
        let bytes = fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
        let mut options = BuildOptions::for_resolution(resolution)
            .with_context(|| format!("no options for resolution {resolution}"))?;
        options.decimals = args.decimals.or(options.decimals);
        let atlas = build_atlas(&bytes, &codes, &options)
            .with_context(|| format!("converting {}", input.display()))?;
        let layers = [
            ("countries", &atlas.countries, atlas.stats.countries, true),
            ("borders", &atlas.borders, atlas.stats.borders, true),
            (
                "coastlines",
                &atlas.coastlines,
                atlas.stats.coastlines,
                false,
            ),
        ];
        for (kind, collection, stats, uses_iso) in layers {
            let file = format!("{kind}-{resolution}.geojson");
            let text = geojson_text(collection).with_context(|| format!("serialising {file}"))?;
            write_atomically(&args.out.join(&file), text.as_bytes())?;
            let mut sources = vec![atlas_package.clone()];
            if uses_iso {
                sources.push(iso_package.clone());
            }
            println!(
                "{file}: {} features, {} vertices, {} bytes",
                stats.features,
                stats.vertices,
                text.len()
            );
            manifest.push(ManifestEntry {
                file,
                kind: kind.into(),
                resolution: resolution.into(),
                sources,
                features: stats.features,
                vertices: stats.vertices,
                bytes: text.len(),
                sha256: sha256_hex(text.as_bytes()),
            });
        }
        report(resolution, &atlas.stats);
    }
    let manifest = serde_json::json!({
        "generator": "faultline build-maps (maps/build.sh)",
        "files": manifest,
    });
    let mut text = serde_json::to_string_pretty(&manifest).context("serialising manifest")?;
    text.push('\n');
    write_atomically(&args.out.join("manifest.json"), text.as_bytes())?;
    pack_all(&args.out)
}

/// Writes `atlas-R.bin` for every level from the GeoJSON in `dir`.
fn pack_all(dir: &Path) -> anyhow::Result<ExitCode> {
    for detail in Detail::ALL {
        let sources = packed::source_files(detail)
            .map(|file| fs::read(dir.join(&file)).with_context(|| format!("reading {file}")));
        let [countries, borders, coastlines] = sources;
        let (countries, borders, coastlines) = (countries?, borders?, coastlines?);
        let bytes = packed::pack_level(detail, [&countries, &borders, &coastlines])
            .with_context(|| format!("packing the {detail} level"))?;
        let file = packed::file_name(detail);
        write_atomically(&dir.join(&file), &bytes)?;
        println!("{file}: {} bytes", bytes.len());
    }
    Ok(ExitCode::SUCCESS)
}

/// `name@version` from an npm package.json, recorded in the manifest as the data's source.
fn package_id(path: &Path) -> anyhow::Result<String> {
    let text = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_slice(&text).with_context(|| format!("parsing {}", path.display()))?;
    let field = |key: &str| json.get(key).and_then(|v| v.as_str());
    match (field("name"), field("version")) {
        (Some(name), Some(version)) => Ok(format!("{name}@{version}")),
        _ => bail!("{} has no name and version", path.display()),
    }
}

/// Writes next to the target then renames, so an interrupted run never leaves half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, bytes).with_context(|| format!("writing {}", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(())
}

/// Prints what a person checking the data should know about this resolution.
fn report(resolution: &str, stats: &AtlasStats) {
    let list = |items: &[String]| {
        if items.is_empty() {
            "none".to_owned()
        } else {
            items.join(", ")
        }
    };
    println!(
        "{resolution}: {} decimals, largest ring {} vertices, {} arcs inside one country",
        stats.decimals, stats.largest_ring, stats.internal_arcs
    );
    println!("  cut at ±180°: {}", list(&stats.cut_at_antimeridian));
    println!(
        "  touching ±180°, moved back whole: {}",
        list(&stats.rewrapped_at_antimeridian)
    );
    println!("  closed along the pole: {}", list(&stats.closed_at_pole));
    println!("  pole rings dropped: {}", list(&stats.polar_caps_dropped));
    println!("  without ISO code: {}", list(&stats.without_iso));
    println!(
        "  code held by a larger country: {}",
        list(&stats.duplicate_iso)
    );
    if !stats.unknown_iso.is_empty() {
        println!("  code not in the ISO table: {}", list(&stats.unknown_iso));
    }
    if !stats.empty_geometries.is_empty() {
        println!(
            "  empty geometries skipped: {}",
            list(&stats.empty_geometries)
        );
    }
    if !stats.collapsed.is_empty() {
        println!(
            "  collapsed to nothing by the quantization, left out: {}",
            list(&stats.collapsed)
        );
    }
    if !stats.ambiguous_arcs.is_empty() {
        println!(
            "  arcs shared by more than two countries, left out of the lines: {}",
            list(&stats.ambiguous_arcs)
        );
    }
    if stats.pinched_rings > 0 {
        println!(
            "  rings split where they touch themselves: {}",
            stats.pinched_rings
        );
    }
    if stats.degenerate_rings > 0 {
        println!("  degenerate rings dropped: {}", stats.degenerate_rings);
    }
}
