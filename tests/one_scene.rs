//! The window, the export dialog and `faultline render` make their pictures through one
//! scene builder, so the same saved project gives the same picture whoever asks; and what the
//! project lists (its layers) is drawn by all of them.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::camera::LonLat;
use faultline::model::file::{built_in_scenario, save_project};
use faultline::model::settings::{MapView, UserLayerEntry};
use faultline::render::PictureFormat;
use faultline::scene::{MapStyle, Rgba};
use faultline::ui::{Action, FaultlineApp, PictureAction};
use tiny_skia::Pixmap;

const AREA: [f64; 4] = [58.0, 27.0, 76.0, 40.0];

/// A saved project looking at Afghanistan and Pakistan, listing one layer: a square over
/// southern Afghanistan, beside the project file.
fn saved_project(dir: &Path) -> std::path::PathBuf {
    let layer = serde_json::json!({
        "type": "FeatureCollection",
        "features": [{
            "type": "Feature",
            "properties": {"name": "Study area"},
            "geometry": {"type": "Polygon", "coordinates": [[
                [63.0, 30.5], [67.0, 30.5], [67.0, 33.5], [63.0, 33.5], [63.0, 30.5]
            ]]}
        }]
    });
    std::fs::write(
        dir.join("study-area.geojson"),
        serde_json::to_vec(&layer).unwrap(),
    )
    .unwrap();
    let mut project = built_in_scenario().unwrap();
    project.view = MapView {
        projection: "equal-earth".into(),
        bbox: Some(AREA),
    }
    .written_to(&project.view);
    project.view = UserLayerEntry::list_written_to(
        &[UserLayerEntry {
            path: "study-area.geojson".into(),
            visible: true,
            label: None,
            hidden_groups: Vec::new(),
        }],
        &project.view,
    );
    let path = dir.join("brief.faultline.geojson");
    save_project(&path, &project).unwrap();
    path
}

fn render(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .arg("render")
        .args(args)
        .output()
        .expect("faultline runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn load(path: &Path) -> Pixmap {
    Pixmap::load_png(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn pixel(pixmap: &Pixmap, x: u32, y: u32) -> Rgba {
    let p = pixmap.pixel(x, y).expect("inside").demultiply();
    Rgba::new(p.red(), p.green(), p.blue(), p.alpha())
}

/// The share of pixels whose channels all lie within 2 of each other's.
fn share_alike(a: &Pixmap, b: &Pixmap) -> f64 {
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let same = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(p, q)| {
            [
                (p.red(), q.red()),
                (p.green(), q.green()),
                (p.blue(), q.blue()),
            ]
            .iter()
            .all(|(x, y)| x.abs_diff(*y) <= 2)
        })
        .count();
    same as f64 / a.pixels().len() as f64
}

fn window(size: egui::Vec2, project: &Path) -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&Detail::ALL));
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(2);
    harness
        .state_mut()
        .apply(Action::OpenPath(project.to_path_buf()));
    harness.run_steps(3);
    harness
}

fn wait_for_export(harness: &mut Harness<'static, FaultlineApp>, out: &Path) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        harness.step();
        if harness
            .state()
            .messages()
            .iter()
            .any(|m| m.text.contains("Exported") && m.text.contains(&*out.to_string_lossy()))
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("not exported: {:?}", harness.state().messages());
}

#[test]
fn render_draws_the_layers_a_project_lists() {
    let dir = tempfile::tempdir().unwrap();
    let project = saved_project(dir.path());
    let with = dir.path().join("with.png");
    render(&[
        project.to_str().unwrap(),
        "--size",
        "900x600",
        "-o",
        with.to_str().unwrap(),
    ]);
    // The same project without its layer.
    let mut bare = faultline::model::load_project(&project).unwrap();
    bare.view = UserLayerEntry::list_written_to(&[], &bare.view);
    let bare_path = dir.path().join("bare.faultline.geojson");
    save_project(&bare_path, &bare).unwrap();
    let without = dir.path().join("without.png");
    render(&[
        bare_path.to_str().unwrap(),
        "--size",
        "900x600",
        "-o",
        without.to_str().unwrap(),
    ]);

    let (with, without) = (load(&with), load(&without));
    // The square's middle (65° E, 32° N): where the picture is framed on the saved area.
    let camera = faultline::map::camera::Camera::fit_lon_lat(
        faultline::map::projection::Projection::EqualEarth,
        faultline::map::camera::LonLatBox::from_array(AREA),
        [900.0, 600.0],
        faultline::scene::compose::PICTURE_MARGIN,
    );
    let colour = MapStyle::default().layer_color(0);
    let toward = |c: Rgba| {
        (i32::from(c.r) - i32::from(colour.r)).abs()
            + (i32::from(c.g) - i32::from(colour.g)).abs()
            + (i32::from(c.b) - i32::from(colour.b)).abs()
    };
    // Across the square's eastern half (the legend covers its west; some places carry names
    // or story symbols), the layer's colour tints the land; outside it, nothing changed.
    let mut tinted = 0;
    let mut samples = 0;
    for lon in [65.6, 66.0, 66.4, 66.8] {
        for lat in [31.0, 31.8, 32.6, 33.2] {
            let p = camera.lon_lat_to_screen(
                faultline::map::projection::Projection::EqualEarth,
                LonLat::new(lon, lat),
            );
            let (x, y) = (p.x.round() as u32, p.y.round() as u32);
            samples += 1;
            if toward(pixel(&with, x, y)) + 60 < toward(pixel(&without, x, y)) {
                tinted += 1;
            }
        }
    }
    assert!(
        tinted * 10 >= samples * 7,
        "the layer's colour {colour:?} tints {tinted} of {samples} places inside it"
    );
    let faultline::map::camera::ScreenPoint { x, y } = camera.lon_lat_to_screen(
        faultline::map::projection::Projection::EqualEarth,
        LonLat::new(70.0, 37.5),
    );
    assert_eq!(
        pixel(&with, x.round() as u32, y.round() as u32),
        pixel(&without, x.round() as u32, y.round() as u32),
        "outside the layer the picture is the same"
    );
}

#[test]
fn the_window_the_dialog_and_render_give_one_picture() {
    let dir = tempfile::tempdir().unwrap();
    let project = saved_project(dir.path());
    let rendered = dir.path().join("rendered.png");
    render(&[
        project.to_str().unwrap(),
        "--size",
        "1920x1080",
        "-o",
        rendered.to_str().unwrap(),
    ]);

    // Exported from a window of one size, then from a smaller one with a message bar under
    // the map: the view's area is framed, whatever the panels are doing.
    let mut exports = Vec::new();
    for (n, size) in [egui::vec2(1400.0, 860.0), egui::vec2(1100.0, 700.0)]
        .into_iter()
        .enumerate()
    {
        let mut harness = window(size, &project);
        if n == 1 {
            harness
                .state_mut()
                .apply(Action::OpenPath(dir.path().join("no-such-file.geojson")));
            harness.run_steps(2);
            assert!(!harness.state().messages().is_empty());
        }
        let out = dir.path().join(format!("window-{n}.png"));
        harness
            .state_mut()
            .apply(Action::Picture(PictureAction::Export {
                path: out.clone(),
                format: PictureFormat::Png,
                size: [1920, 1080],
            }));
        wait_for_export(&mut harness, &out);
        exports.push(load(&out));
    }

    // Through the dialog: the Full HD preset and the path field.
    let mut harness = window(egui::vec2(1400.0, 860.0), &project);
    let out = dir.path().join("dialog.png");
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::ShowDialog(true)));
    harness.run_steps(2);
    harness.get_by_label("Full HD (1920×1080)").click();
    harness.run_steps(1);
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::SetPathField(Some(
            out.display().to_string(),
        ))));
    harness.run_steps(2);
    assert_eq!(harness.state().picture_size(), Ok([1920, 1080]));
    harness.get_by_label("Export to this file").click();
    wait_for_export(&mut harness, &out);
    exports.push(load(&out));

    let rendered = load(&rendered);
    for (n, export) in exports.iter().enumerate() {
        let alike = share_alike(export, &rendered);
        assert!(
            alike > 0.999,
            "export {n} matches the rendered picture on {:.3}% of pixels",
            alike * 100.0
        );
    }
}

#[test]
fn the_timelines_present_comes_from_the_clock() {
    let project = built_in_scenario().unwrap();
    faultline::clock::set_current_year(Some(2027));
    let (rows, _) = faultline::ui::timeline::timeline_rows(&project);
    let open_ended = rows
        .iter()
        .filter(|row| row.extent.outer.1 >= 2027.0)
        .map(|row| row.extent.outer.1)
        .collect::<Vec<_>>();
    assert!(
        !open_ended.is_empty() && open_ended.iter().all(|&end| end == 2028.0),
        "ties with no end run to the end of 2027: {open_ended:?}"
    );
    faultline::clock::set_current_year(Some(2031));
    let (rows, _) = faultline::ui::timeline::timeline_rows(&project);
    assert!(rows.iter().any(|row| row.extent.outer.1 == 2032.0));
    faultline::clock::set_current_year(None);
}

#[test]
fn render_leaves_out_the_groups_a_project_switched_off() {
    let dir = tempfile::tempdir().unwrap();
    let project = saved_project(dir.path());
    // The study area becomes a Folder of the layer, switched off in the project.
    let layer_path = dir.path().join("study-area.geojson");
    let mut layer: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&layer_path).unwrap()).unwrap();
    layer["features"][0]["properties"]["folder"] = "Study".into();
    std::fs::write(&layer_path, serde_json::to_vec(&layer).unwrap()).unwrap();
    let mut hidden = faultline::model::load_project(&project).unwrap();
    let mut entries = UserLayerEntry::list_from_view(&hidden.view);
    entries[0].hidden_groups = vec!["Study".into()];
    hidden.view = UserLayerEntry::list_written_to(&entries, &hidden.view);
    let hidden_path = dir.path().join("hidden.faultline.geojson");
    save_project(&hidden_path, &hidden).unwrap();
    let mut bare = hidden.clone();
    bare.view = UserLayerEntry::list_written_to(&[], &bare.view);
    let bare_path = dir.path().join("bare.faultline.geojson");
    save_project(&bare_path, &bare).unwrap();
    let (with_hidden, without) = (dir.path().join("h.png"), dir.path().join("b.png"));
    for (project, out) in [(&hidden_path, &with_hidden), (&bare_path, &without)] {
        render(&[
            project.to_str().unwrap(),
            "--size",
            "900x600",
            "-o",
            out.to_str().unwrap(),
        ]);
    }
    // Nothing of the layer is drawn, nor listed in the legend: the picture is the bare one.
    assert_eq!(share_alike(&load(&with_hidden), &load(&without)), 1.0);
}
