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

/// Events in Afghanistan naming their province in the ways real datasets do: a plain name
/// (ACLED), a name with its kind ("Kandahar Province", UCDP), a FIPS 10-4 code (GDELT's
/// `ADM1Code`), a name no gazetteer knows (placed by position), only the country's code
/// (GDELT's country-level places) and nothing.
fn write_provinces(path: &Path) {
    let mut csv = String::from("id,longitude,latitude,date,country,admin1,event_type\n");
    let mut row = |id: &str, lon: f64, lat: f64, admin1: &str| {
        csv.push_str(&format!(
            "{id},{lon},{lat},2024-01-05,Afghanistan,{admin1},Battles\n"
        ));
    };
    for i in 0..6 {
        row(&format!("k{i}"), 69.17, 34.53, "Kabul");
    }
    for i in 0..3 {
        row(&format!("q{i}"), 65.71, 31.61, "Kandahar Province");
    }
    row("b0", 70.58, 37.12, "AF01");
    row("b1", 70.58, 37.12, "af01");
    row("h0", 62.2, 34.35, "Hirat-e-Nowhere");
    row("c0", 66.0, 33.9, "AF");
    row("n0", 66.0, 33.9, "");
    std::fs::write(path, csv).expect("write events");
}

#[test]
fn events_are_counted_in_the_province_their_admin1_column_names() {
    use faultline::events::cluster::ClusterIndex;
    use faultline::events::import::{ImportOptions, Progress, import_bytes};
    use faultline::map::admin1::Admin1Map;
    use faultline::map::atlas::Atlas;
    use faultline::scene::admin1_counts::{NO_AREA, areas_of_events};
    use faultline::scene::choropleth::{COUNTRY_DETAIL, countries_of_events};

    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = dir.path().join("provinces.csv");
    write_provinces(&csv);
    let bytes = std::fs::read(&csv).expect("read");
    let (table, _, _) =
        import_bytes(&bytes, &ImportOptions::default(), &Progress::default()).expect("imports");
    let index = ClusterIndex::new(&table);
    let atlas = Atlas::load_now(&[COUNTRY_DETAIL]);
    let countries = &atlas.level(COUNTRY_DETAIL).expect("level").base.countries;
    let of_country = countries_of_events(&table, &index, countries);
    let map = Admin1Map::bundled().expect("bundled areas");
    let areas = areas_of_events(&table, &index, &of_country, countries, &map);
    let name = |row: usize| match areas[row] {
        NO_AREA => "none".to_owned(),
        a => map.areas[a as usize].name.clone(),
    };
    let names: Vec<String> = (0..table.len()).map(name).collect();
    assert!(names[..6].iter().all(|n| n == "Kabul"), "{names:?}");
    assert!(names[6..9].iter().all(|n| n == "Kandahar"), "{names:?}");
    assert_eq!(names[9..11], ["Badakhshan", "Badakhshan"], "FIPS, any case");
    assert_eq!(names[11], "Hirat", "an unknown name is placed by position");
    assert_eq!(
        names[12..],
        ["none", "none"],
        "a country code or nothing: not placed"
    );
}

#[test]
fn render_shades_first_level_areas_with_the_unplaced_events_in_the_legend() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = dir.path().join("provinces.csv");
    write_provinces(&csv);
    let project = dir.path().join("provinces.faultline.geojson");
    let (csv_s, project_s) = (csv.to_string_lossy(), project.to_string_lossy());
    faultline(&["import", &csv_s, "-o", &project_s]);
    let text = std::fs::read_to_string(&project).expect("project");
    let mut json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let link = json
        .pointer_mut("/faultline/datasets/0")
        .expect("the dataset's link");
    link["choropleth"] = serde_json::Value::Bool(true);
    link["choropleth_areas"] = serde_json::Value::String("admin1".into());
    std::fs::write(&project, json.to_string()).expect("write project");
    let reloaded = load_project(&project).expect("reload");
    assert_eq!(
        reloaded.datasets[0].choropleth_areas,
        faultline::events::link::ChoroplethAreas::Admin1
    );

    let svg = dir.path().join("provinces.svg");
    let svg_s = svg.to_string_lossy();
    faultline(&["render", &project_s, "-o", &svg_s, "--bbox", "60,29,75,39"]);
    let shaded = std::fs::read_to_string(&svg).expect("svg");
    assert!(shaded.contains("provinces.csv: events per first-level area"));
    assert!(!shaded.contains("events per country"));
    assert!(
        shaded.contains("(2 events name no known area)"),
        "the country-level and empty rows"
    );
    // Counts 1 (Herat), 2 (Badakhshan), 3 (Kandahar), 6 (Kabul): four classes, the darkest
    // for Kabul, each drawn on the map and in the legend.
    for label in [">1<", ">2<", ">3<", ">4–6<"] {
        assert!(shaded.contains(label), "class {label} in the legend");
    }
    let darkest = format!("fill=\"{}\"", RAMP[4].to_hex());
    assert_eq!(shaded.matches(&darkest).count(), 2, "Kabul and its swatch");
}

/// In the window: "Shade countries by count", then "First-level area", counts the shown
/// events per province, one undoable step saved in the dataset's link.
#[test]
fn the_datasets_panel_switches_a_choropleth_to_first_level_areas() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use faultline::events::link::ChoroplethAreas;
    use faultline::map::atlas::Atlas;
    use faultline::map::basemap::Detail;
    use faultline::model::Project;
    use faultline::scene::choropleth::AreaCounts;
    use faultline::ui::{Action, FaultlineApp};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().expect("temporary directory");
    let csv = dir.path().join("provinces.csv");
    write_provinces(&csv);
    let atlas = Atlas::load_now(&[Detail::Coarse, Detail::Medium]);
    let app = FaultlineApp::with_atlas_and_project(atlas, Project::default());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness.state_mut().apply(Action::OpenPath(csv));
    harness.run_steps(3);
    harness.get_by_label("Import").click();
    let until = |harness: &mut Harness<'_, FaultlineApp>, done: &dyn Fn(&FaultlineApp) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !done(harness.state()) {
            assert!(Instant::now() < deadline, "timed out");
            std::thread::sleep(Duration::from_millis(20));
            harness.step();
        }
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while harness.query_by_label_contains("Import report").is_none() {
        assert!(Instant::now() < deadline, "no import report");
        std::thread::sleep(Duration::from_millis(20));
        harness.step();
    }
    harness.get_by_label("Add 14 events to the project").click();
    harness.run_steps(4);
    assert!(
        harness.query_by_label("First-level area").is_none(),
        "offered once the dataset shades"
    );
    harness.get_by_label("Shade countries by count").click();
    harness.run_steps(3);
    harness.get_by_label("First-level area").click();
    harness.run_steps(2);
    assert_eq!(
        harness.state().project().datasets[0].choropleth_areas,
        ChoroplethAreas::Admin1
    );
    assert_eq!(
        harness.state().undo_label(),
        Some("Shade provinces.csv per first-level area")
    );
    let per_area = |app: &FaultlineApp| -> Option<Vec<(String, u32)>> {
        match app.datasets().first()?.area_counts().map(|c| &**c)? {
            AreaCounts::Admin1(counts) => {
                let mut named: Vec<(String, u32)> = counts
                    .counts
                    .iter()
                    .map(|&(a, n)| (counts.map.areas[a as usize].name.clone(), n))
                    .collect();
                named.sort();
                Some(named)
            }
            AreaCounts::Countries(_) => None,
        }
    };
    until(&mut harness, &|app| per_area(app).is_some());
    assert_eq!(
        per_area(harness.state()),
        Some(vec![
            ("Badakhshan".to_owned(), 2),
            ("Hirat".to_owned(), 1),
            ("Kabul".to_owned(), 6),
            ("Kandahar".to_owned(), 3),
        ])
    );
    harness.state_mut().apply(Action::Undo);
    harness.run_steps(3);
    assert_eq!(
        harness.state().project().datasets[0].choropleth_areas,
        ChoroplethAreas::Countries
    );
    assert!(matches!(
        harness.state().datasets()[0].area_counts().map(|c| &**c),
        Some(AreaCounts::Countries(_))
    ));
}
