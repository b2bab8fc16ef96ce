//! `faultline build-maps`: regenerate `maps/` from the world-atlas npm package and, for the
//! classified boundary lines, a checkout of `martynafford/natural-earth-geojson`.
//!
//! `maps/build.sh` fetches the pinned packages and calls this; the conversions themselves live
//! in [`crate::map::atlas_build`] and [`crate::map::boundary_build`] so that they can be tested
//! without files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use crate::map::atlas_build::admin1::{ADMIN1_DECIMALS, build_admin1};
use crate::map::atlas_build::{
    AtlasStats, BuildOptions, IsoCodes, LayerStats, ManifestEntry, RESOLUTIONS, build_atlas,
    geojson_text, sha256_hex,
};
use crate::map::basemap::Detail;
use crate::map::boundary_build::{BOUNDARY_DECIMALS, build_boundary_lines, source_path};
use crate::map::packed;

/// The repository the boundary lines are read from, named in `maps/manifest.json`.
const NATURAL_EARTH_REPO: &str = "martynafford/natural-earth-geojson";

/// Arguments of `faultline build-maps`.
#[derive(Debug, clap::Args)]
pub struct BuildMapsArgs {
    /// Directory of the unpacked world-atlas npm package (the one holding countries-110m.json,
    /// countries-50m.json, countries-10m.json and package.json).
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present_any = ["packed_only", "natural_earth", "admin1"],
        requires = "iso_codes"
    )]
    pub world_atlas: Option<PathBuf>,

    /// codes.json of the unpacked i18n-iso-countries npm package: rows of
    /// [alpha-2, alpha-3, numeric, ...] used to add ISO alpha codes to world-atlas' numeric ids.
    #[arg(long, value_name = "FILE", requires = "world_atlas")]
    pub iso_codes: Option<PathBuf>,

    /// A checkout of github.com/martynafford/natural-earth-geojson (Natural Earth 4.0.0 as
    /// GeoJSON, CC0): writes boundary-lines-R.geojson (R = 110m, 50m, 10m) from its
    /// R/cultural/ne_R_admin_0_boundary_lines_land.json. Alone (without --world-atlas), only
    /// those files and their manifest entries are remade.
    #[arg(long, value_name = "DIR", requires = "natural_earth_commit")]
    pub natural_earth: Option<PathBuf>,

    /// The commit of that checkout (40 hex digits), recorded in manifest.json as the source.
    #[arg(long, value_name = "COMMIT", requires = "natural_earth")]
    pub natural_earth_commit: Option<String>,

    /// Natural Earth's 1:10m first-level administrative areas as simplified by `maps/admin1.js`:
    /// writes admin1-10m.geojson, the areas an admin-1 choropleth shades. Alone (without
    /// --world-atlas), only that file and its manifest entry are remade.
    #[arg(long, value_name = "FILE", requires = "admin1_sources")]
    pub admin1: Option<PathBuf>,

    /// What that file was made from (npm packages as name@version, comma-separated), recorded
    /// in manifest.json with the SHA-256 of the file.
    #[arg(
        long,
        value_name = "SOURCES",
        value_delimiter = ',',
        requires = "admin1"
    )]
    pub admin1_sources: Vec<String>,

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
    #[arg(long, conflicts_with_all = ["world_atlas", "iso_codes", "decimals", "natural_earth"])]
    pub packed_only: bool,
}

/// Runs the subcommand.
pub fn run(args: &BuildMapsArgs) -> anyhow::Result<ExitCode> {
    if args.packed_only {
        return pack_all(&args.out);
    }
    fs::create_dir_all(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
    let mut manifest = Vec::new();
    let atlas_written = match (&args.world_atlas, &args.iso_codes) {
        (Some(world_atlas), Some(iso_codes)) => {
            manifest.extend(convert_world_atlas(args, world_atlas, iso_codes)?);
            true
        }
        (None, None) if args.natural_earth.is_some() || args.admin1.is_some() => false,
        _ => {
            bail!(
                "--world-atlas and --iso-codes are needed (or --natural-earth, --admin1, or \
                 --packed-only)"
            )
        }
    };
    if let (Some(checkout), Some(commit)) = (&args.natural_earth, &args.natural_earth_commit) {
        manifest.extend(convert_boundary_lines(&args.out, checkout, commit)?);
    }
    if let Some(admin1) = &args.admin1 {
        manifest.push(convert_admin1(&args.out, admin1, &args.admin1_sources)?);
    }
    write_manifest(&args.out, manifest)?;
    if atlas_written {
        pack_all(&args.out)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// Converts the world-atlas TopoJSON: countries, borders and coastlines at every scale.
fn convert_world_atlas(
    args: &BuildMapsArgs,
    world_atlas: &Path,
    iso_codes: &Path,
) -> anyhow::Result<Vec<ManifestEntry>> {
    let codes_bytes =
        fs::read(iso_codes).with_context(|| format!("reading {}", iso_codes.display()))?;
    let codes = IsoCodes::from_codes_json(&codes_bytes)
        .with_context(|| format!("reading {}", iso_codes.display()))?;
    let atlas_package = package_id(&world_atlas.join("package.json"))?;
    let iso_package = match iso_codes.parent() {
        Some(dir) => package_id(&dir.join("package.json"))?,
        None => bail!("{} has no parent directory", iso_codes.display()),
    };
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
            manifest.push(written(file, kind, resolution, sources, stats, &text));
        }
        report(resolution, &atlas.stats);
    }
    Ok(manifest)
}

/// Converts Natural Earth's classified boundary lines at every scale.
fn convert_boundary_lines(
    out: &Path,
    checkout: &Path,
    commit: &str,
) -> anyhow::Result<Vec<ManifestEntry>> {
    if commit.len() != 40 || !commit.bytes().all(|b| b.is_ascii_hexdigit()) {
        bail!("--natural-earth-commit {commit:?} is not a 40-digit commit id");
    }
    let mut manifest = Vec::new();
    for resolution in RESOLUTIONS {
        let source = source_path(resolution);
        let input = checkout.join(&source);
        let bytes = fs::read(&input).with_context(|| format!("reading {}", input.display()))?;
        let (collection, stats) = build_boundary_lines(&bytes)
            .with_context(|| format!("converting {}", input.display()))?;
        let file = format!("boundary-lines-{resolution}.geojson");
        let text = geojson_text(&collection).with_context(|| format!("serialising {file}"))?;
        write_atomically(&out.join(&file), text.as_bytes())?;
        let sources = vec![
            format!("{NATURAL_EARTH_REPO}@{commit}:{source}"),
            format!("sha256:{}", sha256_hex(&bytes)),
        ];
        manifest.push(written(
            file,
            "boundary-lines",
            resolution,
            sources,
            stats,
            &text,
        ));
    }
    println!("boundary lines: {BOUNDARY_DECIMALS} decimals, international boundaries left out");
    Ok(manifest)
}

/// Converts the simplified first-level areas into `admin1-10m.geojson`.
fn convert_admin1(out: &Path, input: &Path, sources: &[String]) -> anyhow::Result<ManifestEntry> {
    let bytes = fs::read(input).with_context(|| format!("reading {}", input.display()))?;
    let (collection, stats) =
        build_admin1(&bytes).with_context(|| format!("converting {}", input.display()))?;
    let file = "admin1-10m.geojson".to_owned();
    let text = geojson_text(&collection).with_context(|| format!("serialising {file}"))?;
    write_atomically(&out.join(&file), text.as_bytes())?;
    println!(
        "admin-1 areas: {ADMIN1_DECIMALS} decimals, {} rings without area dropped, {} labels \
         moved inside, {} areas collapsed {:?}",
        stats.degenerate_rings,
        stats.labels_moved,
        stats.collapsed.len(),
        stats.collapsed
    );
    let mut sources = sources.to_vec();
    sources.push(format!("sha256:{}", sha256_hex(&bytes)));
    Ok(written(file, "admin1", "10m", sources, stats.layer, &text))
}

/// Reports a written file and makes its manifest entry.
fn written(
    file: String,
    kind: &str,
    resolution: &str,
    sources: Vec<String>,
    stats: LayerStats,
    text: &str,
) -> ManifestEntry {
    println!(
        "{file}: {} features, {} vertices, {} bytes",
        stats.features,
        stats.vertices,
        text.len()
    );
    ManifestEntry {
        file,
        kind: kind.into(),
        resolution: resolution.into(),
        sources,
        features: stats.features,
        vertices: stats.vertices,
        bytes: text.len(),
        sha256: sha256_hex(text.as_bytes()),
    }
}

/// Writes `manifest.json`: the entries of this run, and those of files this run did not
/// remake kept as they were; ordered by scale (coarse first), then kind.
fn write_manifest(out: &Path, entries: Vec<ManifestEntry>) -> anyhow::Result<()> {
    let path = out.join("manifest.json");
    let mut files: Vec<serde_json::Value> = match fs::read(&path) {
        Ok(bytes) => {
            let old: serde_json::Value = serde_json::from_slice(&bytes)
                .with_context(|| format!("parsing {}", path.display()))?;
            old.get("files")
                .and_then(|f| f.as_array())
                .cloned()
                .unwrap_or_default()
        }
        Err(_) => Vec::new(),
    };
    for entry in entries {
        let value = serde_json::to_value(&entry).context("serialising a manifest entry")?;
        files.retain(|f| f.get("file").and_then(|v| v.as_str()) != Some(entry.file.as_str()));
        files.push(value);
    }
    let rank = |f: &serde_json::Value| {
        let text = |key: &str| f.get(key).and_then(|v| v.as_str()).unwrap_or_default();
        let resolution = RESOLUTIONS
            .iter()
            .position(|r| *r == text("resolution"))
            .unwrap_or(RESOLUTIONS.len());
        let kind = [
            "countries",
            "borders",
            "coastlines",
            "boundary-lines",
            "admin1",
        ]
        .iter()
        .position(|k| *k == text("kind"))
        .unwrap_or(5);
        (resolution, kind)
    };
    files.sort_by_key(rank);
    let manifest = serde_json::json!({
        "generator": "faultline build-maps (maps/build.sh)",
        "files": files,
    });
    let mut text = serde_json::to_string_pretty(&manifest).context("serialising manifest")?;
    text.push('\n');
    write_atomically(&path, text.as_bytes())
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
