//! Disputed borders as a briefer sees them: Natural Earth's classified lines kept through the
//! conversion, the Kashmir Line of Control drawn in its own style with no plain border under
//! it, the legend explaining only the styles in view, and the point of view saved with the
//! project and named in the picture.

use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::map::boundary::{BoundaryClass, BoundaryLine, parse_boundary_lines};
use faultline::map::camera::{LonLatBox, ScreenTransform};
use faultline::map::projected::ProjectedLines;
use faultline::map::projection::Projection;
use faultline::model::file::{built_in_scenario, parse_project, save_project};
use faultline::model::furniture::Furniture;
use faultline::model::settings::{BaseLayers, BorderView};
use faultline::render::render_svg;
use faultline::scene::compose::{Framing, Picture, SceneInputs, ViewInputs, compose};
use faultline::scene::text::LabelFont;
use faultline::scene::{MapStyle, Primitive, Scene, Stroke};

/// The box `faultline render --bbox 70,30,82,38` frames: Kashmir, Aksai Chin and the Karakoram.
const KASHMIR: [f64; 4] = [70.0, 30.0, 82.0, 38.0];
/// Western and central Europe: no classified line at any scale.
const CENTRAL_EUROPE: [f64; 4] = [2.0, 45.5, 16.0, 54.0];

fn bundled(detail: Detail) -> Vec<BoundaryLine> {
    parse_boundary_lines(
        &format!("boundary-lines-{detail}.geojson"),
        detail.boundary_lines_geojson(),
    )
    .expect("the bundled boundary lines parse")
}

fn inside(lines: &BoundaryLine, [w, s, e, n]: [f64; 4]) -> bool {
    lines
        .lines
        .iter()
        .flat_map(|l| l.0.iter())
        .all(|c| (w..=e).contains(&c.x) && (s..=n).contains(&c.y))
}

#[test]
fn the_kashmir_line_of_control_keeps_its_class_at_every_scale() {
    for detail in Detail::ALL {
        let lines = bundled(detail);
        let loc: Vec<&BoundaryLine> = lines
            .iter()
            .filter(|b| {
                b.class == BoundaryClass::LineOfControl && inside(b, [73.0, 32.0, 78.0, 36.0])
            })
            .collect();
        assert!(!loc.is_empty(), "{detail}: no line of control in Kashmir");
        let vertices: usize = loc
            .iter()
            .flat_map(|b| b.lines.iter())
            .map(|l| l.0.len())
            .sum();
        assert!(vertices >= 7, "{detail}: {vertices} vertices");
        // Aksai Chin's India–China line is disputed at every scale.
        assert!(
            lines
                .iter()
                .any(|b| b.class == BoundaryClass::Disputed && inside(b, [77.5, 33.0, 79.5, 36.0])),
            "{detail}: the Aksai Chin line is not disputed"
        );
        // International boundaries are the plain borders' to draw.
        assert!(lines.len() < 80, "{detail}: {} lines", lines.len());
    }
    // At 10m Natural Earth names the two sides.
    let fine = bundled(Detail::Fine);
    let loc = fine
        .iter()
        .find(|b| b.class == BoundaryClass::LineOfControl && inside(b, [73.0, 32.0, 78.0, 36.0]))
        .expect("the 10m line of control");
    let mut sides = [loc.left_a3.as_deref(), loc.right_a3.as_deref()];
    sides.sort();
    assert_eq!(sides, [Some("IND"), Some("PAK")]);
    assert_eq!(loc.name.as_deref(), Some("Line of control"));
}

#[test]
fn the_manifest_names_the_source_repository_commit_and_the_files_as_written() {
    let manifest: serde_json::Value =
        serde_json::from_str(include_str!("../maps/manifest.json")).expect("manifest parses");
    let files = manifest["files"].as_array().expect("files");
    for detail in Detail::ALL {
        let name = format!("boundary-lines-{detail}.geojson");
        let entry = files
            .iter()
            .find(|f| f["file"] == name.as_str())
            .unwrap_or_else(|| panic!("{name} is not in the manifest"));
        let source = entry["sources"][0].as_str().expect("a source");
        assert!(
            source.starts_with("martynafford/natural-earth-geojson@")
                && source.contains(&format!("ne_{detail}_admin_0_boundary_lines_land.json")),
            "{source}"
        );
        let bytes = detail.boundary_lines_geojson();
        assert_eq!(entry["bytes"], bytes.len(), "{name}");
        assert_eq!(
            entry["sha256"].as_str(),
            Some(faultline::map::atlas_build::sha256_hex(bytes).as_str()),
            "{name}: remake the manifest with faultline build-maps"
        );
    }
}

/// A picture of `bbox` as `faultline render --bbox … --size 1920x1080` makes it.
struct Drawn {
    scene: Scene,
    style: MapStyle,
}

fn picture_of(bbox: [f64; 4], detail: Option<Detail>, border_view: BorderView) -> Drawn {
    let project = built_in_scenario().expect("built-in story");
    let font = LabelFont::bundled().expect("bundled font");
    let style = MapStyle::default();
    let picture = Picture::of_size([1920, 1080], None);
    let view = ViewInputs {
        projection: Projection::EqualEarth,
        pinned_detail: detail,
        framing: Framing::Area(Some(LonLatBox::from_array(bbox))),
        selected_country: None,
        focus: None,
        visible: None,
        path: &[],
        legend_collapsed: false,
    };
    let atlas = Atlas::load_now(&Detail::ALL);
    let composition = compose(&view, &picture, false, &atlas).expect("base map");
    let furniture = Furniture::default();
    let scene = composition.scene(&SceneInputs {
        project: Some(&project),
        project_title: &project.title,
        base_layers: BaseLayers::default(),
        border_view,
        furniture: Some(&furniture),
        layers: &[],
        datasets: &[],
        view,
        picture,
        style: &style,
        font: &font,
        background: None,
    });
    Drawn { scene, style }
}

/// The screen polylines of every `Lines` primitive drawn with `stroke`.
fn lines_with(scene: &Scene, stroke: &Stroke) -> Vec<Vec<[f64; 2]>> {
    scene
        .primitives
        .iter()
        .filter_map(|p| match p {
            Primitive::Lines {
                lines,
                runs,
                stroke: s,
            } if s == stroke => Some(screen_runs(lines, runs, &scene.transform)),
            _ => None,
        })
        .flatten()
        .collect()
}

fn screen_runs(lines: &ProjectedLines, runs: &[u32], t: &ScreenTransform) -> Vec<Vec<[f64; 2]>> {
    runs.iter()
        .filter_map(|&r| lines.runs.get(r as usize))
        .map(|run| lines.run_points(run).iter().map(|&p| t.apply(p)).collect())
        .collect()
}

fn distance_to_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let length = dx * dx + dy * dy;
    let t = if length == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length).clamp(0.0, 1.0)
    };
    ((p[0] - a[0] - t * dx).powi(2) + (p[1] - a[1] - t * dy).powi(2)).sqrt()
}

/// How many of the `over` lines' segments lie along an `under` line (both ends and the middle
/// within `pixels` of it): drawn on top of it. A segment that only leaves a junction at an
/// acute angle is not along it.
fn segments_along(over: &[Vec<[f64; 2]>], under: &[Vec<[f64; 2]>], pixels: f64) -> (usize, usize) {
    let near = |p: [f64; 2]| {
        under.iter().any(|u| {
            u.windows(2)
                .any(|s| distance_to_segment(p, s[0], s[1]) <= pixels)
        })
    };
    let mut along = 0;
    let mut total = 0;
    for line in over {
        // Steps under two pixels (where a line meets a border) cannot show a line beneath.
        for pair in line
            .windows(2)
            .filter(|p| distance_to_segment(p[0], p[1], p[1]) >= 2.0)
        {
            let middle = [
                (pair[0][0] + pair[1][0]) / 2.0,
                (pair[0][1] + pair[1][1]) / 2.0,
            ];
            total += 1;
            along += usize::from(near(pair[0]) && near(middle) && near(pair[1]));
        }
    }
    (along, total)
}

#[test]
fn kashmir_draws_the_line_of_control_in_its_style_with_no_plain_border_under_it() {
    for detail in [None, Some(Detail::Medium), Some(Detail::Coarse)] {
        let Drawn { scene, style } = picture_of(KASHMIR, detail, BorderView::NaturalEarth);
        let loc = lines_with(&scene, &style.line_of_control);
        let disputed = lines_with(&scene, &style.disputed_border);
        let plain = lines_with(&scene, &style.border);
        assert!(!loc.is_empty(), "{detail:?}: no line of control drawn");
        assert!(
            !disputed.is_empty(),
            "{detail:?}: Aksai Chin not drawn disputed"
        );
        assert!(
            !plain.is_empty(),
            "{detail:?}: the other borders are drawn plain"
        );
        assert_ne!(style.line_of_control.dash, style.border.dash);
        for (what, special) in [("line of control", &loc), ("disputed line", &disputed)] {
            let (on, total) = segments_along(special, &plain, 1.0);
            assert!(total >= 2, "{detail:?}: {total} segments of the {what}");
            assert_eq!(
                on, 0,
                "{detail:?}: {on} of {total} {what} segments over a plain border"
            );
        }
        // And the plain India–Pakistan border south of the line still is drawn (Jammu to the
        // Arabian Sea), so cutting took only what the classified line draws.
        let (plain_on_loc, plain_total) = segments_along(&plain, &loc, 1.0);
        assert!(
            plain_total > plain_on_loc * 20,
            "{plain_on_loc} of {plain_total}"
        );
    }
}

#[test]
fn the_de_facto_view_draws_the_line_of_control_as_a_border_and_lists_no_style_for_it() {
    let Drawn { scene, style } = picture_of(KASHMIR, None, BorderView::DeFacto);
    assert!(lines_with(&scene, &style.line_of_control).is_empty());
    assert!(lines_with(&scene, &style.disputed_border).is_empty());
    let texts: Vec<&str> = scene.label_texts().collect();
    assert!(!texts.contains(&"Line of control"), "{texts:?}");
    assert!(!texts.contains(&"Disputed boundary"), "{texts:?}");
    let words = texts.join(" ");
    assert!(words.contains("de facto"), "{words}");
}

#[test]
fn the_legend_explains_the_border_styles_in_view_and_only_there() {
    let kashmir = picture_of(KASHMIR, None, BorderView::NaturalEarth);
    let texts: Vec<&str> = kashmir.scene.label_texts().collect();
    for wanted in [
        "Borders",
        "Line of control",
        "Disputed boundary",
        "Indefinite frontier",
    ] {
        assert!(texts.contains(&wanted), "{wanted} missing from {texts:?}");
    }
    assert!(!texts.contains(&"Lease or buffer-zone limit"), "{texts:?}");
    let europe = picture_of(CENTRAL_EUROPE, None, BorderView::NaturalEarth);
    let texts: Vec<&str> = europe.scene.label_texts().collect();
    for unwanted in [
        "Line of control",
        "Disputed boundary",
        "Indefinite frontier",
    ] {
        assert!(!texts.contains(&unwanted), "{unwanted} in {texts:?}");
    }
}

#[test]
fn the_attribution_names_the_point_of_view() {
    let words = |view| {
        let drawn = picture_of(KASHMIR, None, view);
        drawn.scene.label_texts().collect::<Vec<_>>().join(" ")
    };
    let default = words(BorderView::NaturalEarth);
    assert!(
        default.contains("Borders: Natural Earth default view; disputed lines dashed"),
        "{default}"
    );
    let de_facto = words(BorderView::DeFacto);
    assert!(
        de_facto.contains("Borders: de facto view; lines of control drawn as borders"),
        "{de_facto}"
    );
}

#[test]
fn the_svg_carries_the_dash_patterns() {
    let Drawn { scene, style } = picture_of(KASHMIR, None, BorderView::NaturalEarth);
    let font = LabelFont::bundled().expect("bundled font");
    let svg = render_svg(&scene, &font, 1.0).expect("svg");
    for stroke in [style.line_of_control, style.disputed_border] {
        let pattern = stroke.dash.pattern(stroke.width).expect("a dash pattern");
        let text: Vec<String> = pattern
            .iter()
            .map(|v| {
                let s = format!("{v:.2}");
                s.trim_end_matches('0').trim_end_matches('.').to_owned()
            })
            .collect();
        let wanted = format!("stroke-dasharray=\"{}\"", text.join(" "));
        assert!(svg.contains(&wanted), "{wanted} not in the SVG");
    }
}

#[test]
fn the_point_of_view_round_trips_through_the_project_file_and_old_files_open_as_default() {
    let dir = std::env::temp_dir().join(format!("faultline-borders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("story.faultline.json");
    let mut project = built_in_scenario().expect("built-in story");
    project.view = BorderView::DeFacto.written_to(&project.view);
    save_project(&path, &project).expect("saves");
    let text = std::fs::read_to_string(&path).expect("reads");
    assert!(
        text.contains("\"borders\": \"de-facto\""),
        "saved as words a person can read"
    );
    let reopened = parse_project(text.as_bytes(), "story").expect("opens");
    assert_eq!(BorderView::from_view(&reopened.view), BorderView::DeFacto);
    // A file saved before the setting existed.
    let mut old: serde_json::Value = serde_json::from_str(&text).expect("json");
    old["faultline"]["view"]
        .as_object_mut()
        .expect("a view member")
        .remove("borders");
    let old = serde_json::to_vec(&old).expect("json");
    let reopened = parse_project(&old, "old story").expect("an old file opens");
    assert_eq!(
        BorderView::from_view(&reopened.view),
        BorderView::NaturalEarth
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_borders_menu_sets_the_point_of_view_in_one_undoable_step() {
    use egui_kittest::Harness;
    use egui_kittest::kittest::{NodeT, Queryable};
    use faultline::ui::{Action, FaultlineApp};

    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    let view_of = |h: &Harness<'_, FaultlineApp>| BorderView::from_view(&h.state().project().view);
    assert_eq!(view_of(&harness), BorderView::NaturalEarth);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    // "Borders" is also the base layer's checkbox: the menu's entry is the one in the menu.
    harness
        .get_all_by_label("Borders")
        .find(|node| node.accesskit_node().role() == egui::accesskit::Role::Button)
        .expect("the Borders menu")
        .hover();
    harness.run_steps(2);
    harness.get_by_label(BorderView::DeFacto.label()).click();
    harness.run_steps(2);
    assert_eq!(view_of(&harness), BorderView::DeFacto);
    assert_eq!(
        harness.state().undo_label(),
        Some("Borders: De facto (lines of control as borders)")
    );
    harness.state_mut().apply(Action::Undo);
    harness.run_steps(2);
    assert_eq!(view_of(&harness), BorderView::NaturalEarth, "one undo step");
}
