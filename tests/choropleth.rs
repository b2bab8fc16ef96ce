//! Shading countries by a dataset's event counts, as `faultline render` draws it (the same
//! scene builder as the window and its exports): countries named by the data's country column
//! (by name or ISO alpha-3) or found by position, classed, with the ranges in the legend.

use std::path::Path;
use std::process::Command;

use faultline::model::file::load_project;
use faultline::scene::choropleth::RAMP;

/// Eight events in Afghanistan (named), three in Pakistan (by ISO code) and one whose country
/// value names no country (a FIPS code), placed in Iran.
fn write_events(path: &Path) {
    let mut csv = String::from("id,longitude,latitude,date,country,event_type\n");
    for i in 0..8 {
        csv.push_str(&format!(
            "a{i},69.17,34.53,2024-01-0{},Afghanistan,Battles\n",
            1 + i % 8
        ));
    }
    for i in 0..3 {
        csv.push_str(&format!("p{i},71.5,34.0,2024-02-0{},PAK,Protests\n", 1 + i));
    }
    csv.push_str("i0,51.4,35.7,2024-03-01,IR,Protests\n");
    std::fs::write(path, csv).expect("write events");
}

fn faultline(args: &[&str]) -> std::process::Output {
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(args)
        .output()
        .expect("run faultline");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn render_shades_countries_by_count_with_classes_in_the_legend() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = dir.path().join("region.csv");
    write_events(&csv);
    let project = dir.path().join("region.faultline.geojson");
    let (csv_s, project_s) = (csv.to_string_lossy(), project.to_string_lossy());
    faultline(&["import", &csv_s, "-o", &project_s]);
    let svg = dir.path().join("plain.svg");
    let svg_s = svg.to_string_lossy();
    let bbox = "44,23,80,40";
    faultline(&["render", &project_s, "-o", &svg_s, "--bbox", bbox]);
    let plain = std::fs::read_to_string(&svg).expect("svg");
    assert!(!plain.contains("events per country"), "off until asked for");

    // What the datasets panel's "Shade countries by count" saves.
    let text = std::fs::read_to_string(&project).expect("project");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let datasets = json
        .pointer_mut("/faultline/datasets/0")
        .expect("the dataset's link");
    datasets["choropleth"] = serde_json::Value::Bool(true);
    std::fs::write(&project, json.to_string()).expect("write project");
    assert!(load_project(&project).expect("reload").datasets[0].choropleth);

    faultline(&["render", &project_s, "-o", &svg_s, "--bbox", bbox]);
    let shaded = std::fs::read_to_string(&svg).expect("svg");
    assert!(
        shaded.contains("region.csv: events per country"),
        "the legend has its own heading"
    );
    // Counts 1 (Iran), 3 (Pakistan), 8 (Afghanistan): three classes, lightest to darkest.
    for label in [">1<", ">2–3<", ">4–8<"] {
        assert!(shaded.contains(label), "class {label} in the legend");
    }
    for colour in [RAMP[0], RAMP[2], RAMP[4]] {
        let fill = format!("fill=\"{}\"", colour.to_hex());
        assert!(
            shaded.matches(&fill).count() >= 2,
            "{fill}: a country and its legend swatch"
        );
        assert!(!plain.contains(&fill));
    }
}

/// Hovering a country shows a tint and an outline; over a country a dataset shades, the
/// outline alone, so the hovered country never reads as a lighter class of the ramp.
#[test]
fn hovering_a_shaded_country_outlines_it_without_a_tint() {
    use faultline::map::atlas::Atlas;
    use faultline::map::basemap::Detail;
    use faultline::map::projected::ProjectedDetail;
    use faultline::map::projection::Projection;
    use faultline::scene::{MapStyle, Primitive, hover_highlight};
    use std::sync::Arc;

    let atlas = Atlas::load_now(&[Detail::Coarse]);
    let data = Arc::clone(atlas.level(Detail::Coarse).expect("coarse level"));
    let afghanistan = data.country_at([66.0, 34.0]).expect("Afghanistan");
    let base = ProjectedDetail::new(data, Projection::EqualEarth);
    let style = MapStyle::default();
    let tints = |primitives: &[Primitive]| {
        primitives
            .iter()
            .filter(|p| matches!(p, Primitive::Fills { .. }))
            .count()
    };
    let outlines = |primitives: &[Primitive]| {
        primitives
            .iter()
            .filter(|p| matches!(p, Primitive::Outlines { .. }))
            .count()
    };
    let plain = hover_highlight(&base, afghanistan, &style, &[]);
    assert_eq!((tints(&plain), outlines(&plain)), (1, 1));
    let shaded = hover_highlight(&base, afghanistan, &style, &[afghanistan as u32]);
    assert_eq!((tints(&shaded), outlines(&shaded)), (0, 1));
}
