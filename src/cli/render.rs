//! `faultline render`: draw the map to a PNG or SVG with no display and no GPU, through the same
//! scene the window paints, briefing furniture included.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, anyhow, bail};

use crate::events::cluster::ClusterIndex;
use crate::events::link::ChoroplethAreas;
use crate::events::link::open_dataset;
use crate::events::table::EventTable;
use crate::files::write_atomically;
use crate::map::admin1::Admin1Map;
use crate::map::atlas::Atlas;
use crate::map::basemap::Detail;
use crate::map::camera::LonLatBox;
use crate::map::layer_file::load_layer_file;
use crate::map::projection::Projection;
use crate::map::user_layer::{LayerGeometry, ProjectedLayer};
use crate::model::file::{built_in_scenario, load_project};
use crate::model::furniture::{Furniture, parse_hex_rgb};
use crate::model::settings::{BorderView, MapView, UserLayerEntry};
use crate::render::png::encode_png;
use crate::render::{
    MAX_SIDE, PictureFormat, SvgText, default_scale, render_pixmap, render_svg_with,
};
use crate::scene::admin1_counts;
use crate::scene::choropleth::{self, AreaCounts, COUNTRY_DETAIL};
use crate::scene::compose::{
    Framing, LayerInput, Picture, SceneInputs, ViewInputs, camera_for, compose, detail_for,
};
use crate::scene::events::{DatasetInput, DatasetMode};
use crate::scene::layer_filter::shown_features;
use crate::scene::text::LabelFont;
use crate::scene::{BaseLayers, MapStyle, Rgba};

/// Arguments of `faultline render`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The format follows the output's extension: .png or .svg.\n\
The title block, legend, scale bar, north arrow, attribution and banner are drawn as the \
project saved them (title on, banner off by default); the options below override that.\n\n\
Exit status: 0 when the picture is written; 1 when it cannot be (a bad value such as \
--size 0x10 or 9000x9000, an unknown projection or extension, an unreadable project or \
layer, an unwritable path); 2 for a malformed command line (unknown option, missing -o)."
)]
pub struct RenderArgs {
    /// The project to draw (default: the built-in scenario).
    #[arg(value_name = "PROJECT")]
    pub project: Option<PathBuf>,
    /// Draw the base map only, without the project's actors, ties and events.
    #[arg(long)]
    pub no_story: bool,
    /// The picture to write: OUT.png or OUT.svg.
    #[arg(short, long, value_name = "OUT.png|OUT.svg")]
    pub output: PathBuf,
    /// In an SVG, draw the words as glyph outlines rather than text with the font embedded:
    /// the same letters in every viewer, but the text can no longer be edited or searched.
    #[arg(long)]
    pub text_as_outlines: bool,
    /// Picture size in pixels, up to 8192 on each side.
    #[arg(long, value_name = "WIDTHxHEIGHT", default_value = "1920x1080")]
    pub size: String,
    /// The area to show, in degrees: west,south,east,north (default: the area the project was
    /// saved showing, else the whole world).
    #[arg(long, value_name = "W,S,E,N", allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Level of detail: 110m, 50m or 10m (default: chosen from the picture's resolution).
    #[arg(long, value_name = "110m|50m|10m")]
    pub detail: Option<String>,
    /// Map projection: equal-earth, natural-earth, equirectangular or web-mercator (default:
    /// the one the project was saved with, else equal-earth).
    #[arg(long, value_name = "NAME")]
    pub projection: Option<String>,
    /// A GeoJSON file to draw on top of the base map (repeatable).
    #[arg(long, value_name = "FILE.geojson")]
    pub layer: Vec<PathBuf>,
    /// How many picture pixels per screen pixel: lines and text grow by this factor (default:
    /// 1 up to full HD, larger pictures in proportion, e.g. 2 for 3840x2160).
    #[arg(long, value_name = "FACTOR")]
    pub scale: Option<f64>,
    /// The title above the map (default: the project's).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// A second line under the title.
    #[arg(long, value_name = "TEXT")]
    pub subtitle: Option<String>,
    /// The date the picture describes, shown as "As of DATE".
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// A classification or handling banner along the top and bottom edges, with this text.
    #[arg(long, value_name = "TEXT")]
    pub banner: Option<String>,
    /// The banner's colour as #rrggbb.
    #[arg(long, value_name = "#RRGGBB")]
    pub banner_color: Option<String>,
    /// No title, legend, scale bar, north arrow, attribution or banner: the map alone.
    #[arg(long)]
    pub no_furniture: bool,
}

/// A dataset of the project as drawn: its name, table, hierarchy and what it shades.
type RenderedDataset = (
    String,
    Arc<EventTable>,
    Arc<ClusterIndex>,
    Option<ChoroplethAreas>,
);

/// Runs the subcommand; errors are returned for `main` to print.
pub fn run(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    let [width, height] = parse_size(&args.size)?;
    let format = PictureFormat::from_path(&args.output)?;
    if args.text_as_outlines && format == PictureFormat::Png {
        bail!("--text-as-outlines is for SVG pictures: name the output OUT.svg");
    }
    let scale = match args.scale {
        None => default_scale([width, height]),
        Some(s) if (0.25..=16.0).contains(&s) => s,
        Some(s) => bail!("bad --scale {s}: use a factor from 0.25 to 16"),
    };
    if let Some(color) = &args.banner_color
        && parse_hex_rgb(color).is_none()
    {
        bail!("bad --banner-color “{color}”: write it as #rrggbb, e.g. #c8102e");
    }
    let requested_bbox = args.bbox.as_deref().map(parse_bbox).transpose()?;
    let pinned = args
        .detail
        .as_deref()
        .map(|d| {
            Detail::from_name(d)
                .ok_or_else(|| anyhow!("unknown detail “{d}”: use 110m, 50m or 10m"))
        })
        .transpose()?;
    let project = match &args.project {
        Some(path) => load_project(path).map_err(|e| anyhow!("{e}"))?,
        None => built_in_scenario().map_err(|e| anyhow!("{e}"))?,
    };
    // What the command line says wins; else the view the project was saved with.
    let saved_view = MapView::from_view(&project.view);
    let projection_name = args
        .projection
        .clone()
        .or_else(|| saved_view.as_ref().map(|v| v.projection.clone()))
        .unwrap_or_else(|| Projection::default().id().to_owned());
    let projection = Projection::from_name(&projection_name).ok_or_else(|| {
        let known: Vec<&str> = Projection::ALL.iter().map(|p| p.id()).collect();
        anyhow!(
            "unknown projection “{projection_name}”: use one of {}",
            known.join(", ")
        )
    })?;
    let bbox = requested_bbox.or_else(|| saved_view.and_then(|v| v.bbox));

    let mut furniture = Furniture::from_view(&project.view);
    if let Some(title) = &args.title {
        furniture.title = true;
        furniture.title_text = title.clone();
    }
    if let Some(subtitle) = &args.subtitle {
        furniture.subtitle = subtitle.clone();
    }
    if let Some(as_of) = &args.as_of {
        furniture.as_of = as_of.clone();
    }
    if let Some(banner) = &args.banner {
        furniture.banner = true;
        furniture.banner_text = banner.clone();
    }
    if let Some(color) = &args.banner_color {
        furniture.banner_color = color.clone();
    }
    let mut base_layers = BaseLayers::from_view(&project.view);
    if args.no_furniture {
        base_layers.legend = false;
    }

    // The scene is laid out at screen size and painted `scale` times larger.
    let picture = Picture::of_size([width, height], Some(scale));
    let framing = Framing::Area(bbox.map(LonLatBox::from_array));
    let camera = camera_for(framing, projection, &picture);
    // A box across the antimeridian is drawn on a map centred on its middle: the user
    // layers are cut where that map has its edges, as the base map is.
    let centred = camera.centred(projection);

    let style = MapStyle::default();
    let font = LabelFont::bundled()?;
    // The project's own layers (as the window lists them, in its colours), then --layer ones.
    type Shown = Option<Arc<Vec<bool>>>;
    let mut layers: Vec<(ProjectedLayer, Rgba, String, Shown)> = Vec::new();
    let entries = UserLayerEntry::list_from_view(&project.view);
    for (index, entry) in entries.iter().enumerate().filter(|(_, e)| e.visible) {
        let path = entry.resolved(args.project.as_deref());
        let layer = load_layer_file(&path)
            .map_err(|e| anyhow!("a layer of the project could not be read: {e}"))?;
        // The property the user chose to name the features by, as in the window.
        let geometry = match &entry.label {
            Some(key) => LayerGeometry::labelled(&layer, Some(key)),
            None => LayerGeometry::from_layer(&layer),
        };
        layers.push((
            geometry.project(centred),
            style.layer_color(index),
            layer.name.clone(),
            // The groups switched off in the window stay off in the picture.
            shown_features(&layer, &entry.hidden_groups, &[], None),
        ));
    }
    for (n, path) in args.layer.iter().enumerate() {
        let layer = load_layer_file(path).map_err(|e| anyhow!("{e}"))?;
        for warning in &layer.warnings {
            eprintln!("note: {}: {warning}", path.display());
        }
        layers.push((
            LayerGeometry::from_layer(&layer).project(centred),
            style.layer_color(entries.len() + n),
            layer.name.clone(),
            None,
        ));
    }
    // The project's event datasets (from their caches, or their sources), clustered as on screen.
    let mut datasets: Vec<RenderedDataset> = Vec::new();
    let mut timing = Timing::from_env();
    if let Some(project_path) = args.project.as_deref().filter(|_| !args.no_story) {
        for link in &project.datasets {
            let opened = open_dataset(project_path, link)
                .map_err(|e| anyhow!("the dataset {} could not be read: {e}", link.name))?;
            if let Some(notice) = &opened.notice {
                eprintln!("note: {notice}");
            }
            timing.lap("read and index a dataset");
            datasets.push((
                link.name.clone(),
                Arc::new(opened.table),
                Arc::new(opened.index),
                link.choropleth.then_some(link.choropleth_areas),
            ));
        }
    }
    let layer_inputs: Vec<LayerInput<'_>> = layers
        .iter()
        .map(|(geometry, color, name, shown)| LayerInput {
            geometry,
            color: *color,
            name,
            shown: shown.as_deref().map(Vec::as_slice),
        })
        .collect();

    let view = ViewInputs {
        projection,
        pinned_detail: pinned,
        framing,
        selected_country: None,
        focus: None,
        visible: None,
        path: &[],
        legend_collapsed: false,
    };
    let detail = detail_for(pinned, &camera, projection, scale);
    // A choropleth finds each event's country in the same level of detail as the window.
    let mut details = vec![detail];
    if datasets.iter().any(|d| d.3.is_some()) && detail != COUNTRY_DETAIL {
        details.push(COUNTRY_DETAIL);
    }
    let mut atlas = Atlas::load_now(&details);
    timing.lap("load the base map");
    if let Some(error) = atlas.take_errors().into_iter().next() {
        bail!("the bundled base map could not be read: {error}");
    }
    let admin1 = match datasets
        .iter()
        .any(|d| d.3 == Some(ChoroplethAreas::Admin1))
    {
        true => Some(Admin1Map::bundled().map_err(|e| anyhow!("{e}"))?),
        false => None,
    };
    if admin1.is_some() {
        timing.lap("load the first-level areas");
    }
    let country_counts: Vec<Option<Arc<AreaCounts>>> = datasets
        .iter()
        .map(|(_, table, index, shade)| {
            let areas = (*shade)?;
            let level = atlas.level(COUNTRY_DETAIL)?;
            let countries = &level.base.countries;
            let assigned = choropleth::countries_of_events(table, index, countries);
            let rows: Vec<u32> = (0..table.len() as u32).collect();
            Some(Arc::new(match (areas, &admin1) {
                (ChoroplethAreas::Admin1, Some(map)) => {
                    let areas =
                        admin1_counts::areas_of_events(table, index, &assigned, countries, map);
                    AreaCounts::Admin1(admin1_counts::count(map, table, &areas, &rows))
                }
                _ => AreaCounts::Countries(choropleth::count(&assigned, &rows, countries)),
            }))
        })
        .collect();
    if country_counts.iter().any(Option::is_some) {
        timing.lap("count the events per area");
    }
    let dataset_inputs: Vec<DatasetInput<'_>> = datasets
        .iter()
        .zip(&country_counts)
        .map(|((name, table, index, _), counts)| DatasetInput {
            name,
            table,
            index,
            mode: DatasetMode::default(),
            selected: None,
            shading: counts.as_ref(),
        })
        .collect();
    let composition = compose(&view, &picture, base_layers.graticule, &atlas)?;
    timing.lap("project");
    let scene = composition.scene(&SceneInputs {
        project: (!args.no_story).then_some(&project),
        project_title: &project.title,
        base_layers,
        border_view: BorderView::from_view(&project.view),
        furniture: (!args.no_furniture).then_some(&furniture),
        layers: &layer_inputs,
        datasets: &dataset_inputs,
        view,
        picture,
        style: &style,
        font: &font,
        background: None,
    });
    timing.lap("build the scene");
    let picture = match format {
        PictureFormat::Png => {
            let pixmap = render_pixmap(&scene, &font, scale as f32)?;
            timing.lap("paint");
            encode_png(&pixmap)?
        }
        PictureFormat::Svg | PictureFormat::SvgOutlines => {
            let text = if args.text_as_outlines || format == PictureFormat::SvgOutlines {
                SvgText::Outlines
            } else {
                SvgText::Embedded
            };
            render_svg_with(&scene, &font, scale as f32, text)?.into_bytes()
        }
    };
    timing.lap("encode");
    write_atomically(&args.output, &picture)
        .with_context(|| format!("cannot write {}", args.output.display()))?;
    timing.lap("write");
    println!(
        "wrote {} ({width}×{height}, {} detail, {})",
        args.output.display(),
        composition.detail.id(),
        projection.id()
    );
    Ok(ExitCode::SUCCESS)
}

/// Times of the steps, printed to stderr when `FAULTLINE_TIMING` is set (for the benchmark
/// notes).
struct Timing(Option<std::time::Instant>);

impl Timing {
    fn from_env() -> Timing {
        Timing(std::env::var_os("FAULTLINE_TIMING").map(|_| std::time::Instant::now()))
    }

    fn lap(&mut self, step: &str) {
        if let Some(last) = self.0.as_mut() {
            let now = std::time::Instant::now();
            eprintln!(
                "faultline timing: {step} {:.0} ms",
                (now - *last).as_secs_f64() * 1000.0
            );
            *last = now;
        }
    }
}

/// Parses `1920x1080` (also `1920×1080`).
///
/// ```
/// use faultline::cli::render::parse_size;
/// assert_eq!(parse_size("3840x2160").unwrap(), [3840, 2160]);
/// assert!(parse_size("0x100").is_err());
/// ```
pub fn parse_size(text: &str) -> anyhow::Result<[u32; 2]> {
    let parts: Vec<&str> = text.split(['x', 'X', '×']).collect();
    let [w, h] = parts.as_slice() else {
        bail!("bad --size “{text}”: write it as WIDTHxHEIGHT, e.g. 1920x1080");
    };
    let parse = |s: &str| {
        s.trim()
            .parse::<u32>()
            .ok()
            .filter(|v| (1..=MAX_SIDE).contains(v))
    };
    match (parse(w), parse(h)) {
        (Some(w), Some(h)) => Ok([w, h]),
        _ => bail!("bad --size “{text}”: each side must be a whole number from 1 to {MAX_SIDE}"),
    }
}

/// Parses `west,south,east,north` in degrees. West greater than east is a box across the
/// antimeridian (RFC 7946 §5.2), drawn on a map centred on its middle.
///
/// ```
/// use faultline::cli::render::parse_bbox;
/// assert_eq!(parse_bbox("60,29,75,39").unwrap(), [60.0, 29.0, 75.0, 39.0]);
/// assert!(parse_bbox("170,-20,-170,20").is_ok()); // over the Pacific
/// assert!(parse_bbox("60,39,75,29").is_err()); // south of north
/// ```
pub fn parse_bbox(text: &str) -> anyhow::Result<[f64; 4]> {
    let values: Vec<f64> = text
        .split(',')
        .map(|v| v.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| anyhow!("bad --bbox “{text}”: write four numbers west,south,east,north"))?;
    let [w, s, e, n] = values.as_slice() else {
        bail!("bad --bbox “{text}”: write four numbers west,south,east,north");
    };
    let (w, s, e, n) = (*w, *s, *e, *n);
    if ![w, s, e, n].iter().all(|v| v.is_finite()) {
        bail!("bad --bbox “{text}”: the numbers must be finite");
    }
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) {
        bail!("bad --bbox “{text}”: longitudes must lie within -180..180");
    }
    if !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) {
        bail!("bad --bbox “{text}”: latitudes must lie within -90..90");
    }
    if w == e || s >= n {
        bail!(
            "bad --bbox “{text}”: west and east must differ (west > east crosses the \
             antimeridian) and south must be less than north"
        );
    }
    Ok([w, s, e, n])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_bad_ones_are_explained() {
        assert_eq!(parse_size("1920x1080").ok(), Some([1920, 1080]));
        assert_eq!(parse_size("800×600").ok(), Some([800, 600]));
        for bad in ["0x10", "10x", "abc", "9000x100", "10x10x10", "-5x10"] {
            let Err(e) = parse_size(bad) else {
                panic!("{bad} accepted")
            };
            assert!(e.to_string().contains("--size"), "{e}");
        }
    }

    #[test]
    fn bboxes_parse_and_bad_ones_are_explained() {
        assert_eq!(
            parse_bbox("60,29,75,39").ok(),
            Some([60.0, 29.0, 75.0, 39.0])
        );
        // Over the Pacific, across the antimeridian.
        assert_eq!(
            parse_bbox("170,-20,-170,20").ok(),
            Some([170.0, -20.0, -170.0, 20.0])
        );
        for bad in [
            "1,2,3",
            "a,b,c,d",
            "5,0,5,5",
            "0,10,5,5",
            "0,0,200,10",
            "0,-95,10,10",
            "NaN,0,1,1",
        ] {
            let Err(e) = parse_bbox(bad) else {
                panic!("{bad} accepted")
            };
            assert!(e.to_string().contains("--bbox"), "{e}");
        }
    }
}
