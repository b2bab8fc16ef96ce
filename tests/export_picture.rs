//! Briefing pictures: PNG and SVG exports of the same scene as the screen, with their
//! furniture (title, legend, scale bar, north arrow, attribution, banner), from the command
//! line and from the window (export dialog, copy to clipboard, presentation mode).

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use faultline::map::atlas::Atlas;
use faultline::map::basemap::Detail;
use faultline::model::furniture::Furniture;
use faultline::render::PictureFormat;
use faultline::scene::{MapStyle, Rgba};
use faultline::ui::{Action, FaultlineApp, PictureAction};
use resvg::usvg;
use tiny_skia::Pixmap;

mod pictures;
use pictures::{close, colour_at, render, rgba};

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// An SVG parsed and laid out as a viewer would, with the bundled font.
fn parse_svg(svg: &str) -> usvg::Tree {
    let mut options = usvg::Options::default();
    options
        .fontdb_mut()
        .load_font_data(epaint_default_fonts::UBUNTU_LIGHT.to_vec());
    options.font_family = "Ubuntu".into();
    usvg::Tree::from_str(svg, &options).expect("the SVG parses")
}

/// The text of every `<text>` element usvg kept.
fn svg_texts(tree: &usvg::Tree) -> Vec<String> {
    fn walk(group: &usvg::Group, out: &mut Vec<String>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => walk(g, out),
                usvg::Node::Text(text) => {
                    out.push(text.chunks().iter().map(|c| c.text()).collect::<String>())
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    out
}

fn rasterise(tree: &usvg::Tree) -> Pixmap {
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).expect("a pixmap");
    resvg::render(tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    pixmap
}

/// The share of pixels whose channels all lie within `tolerance` of each other.
fn share_alike(a: &Pixmap, b: &Pixmap, tolerance: u8) -> f64 {
    assert_eq!((a.width(), a.height()), (b.width(), b.height()));
    let alike = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(p, q)| {
            let (p, q) = (p.demultiply(), q.demultiply());
            [
                (p.red(), q.red()),
                (p.green(), q.green()),
                (p.blue(), q.blue()),
            ]
            .iter()
            .all(|(x, y)| x.abs_diff(*y) <= tolerance)
        })
        .count();
    alike as f64 / a.pixels().len() as f64
}

const REGION: [f64; 4] = [44.0, 20.0, 82.0, 44.0];
const REGION_ARG: &str = "44,20,82,44";

#[test]
fn png_has_exactly_the_size_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    for size in ["3508x2480", "333x777", "1x1"] {
        let out = dir.path().join(format!("{size}.png"));
        let output = render(&["--size", size, "--detail", "110m"], &out);
        assert_success(&output);
        assert!(
            output.stderr.is_empty(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let pixmap = Pixmap::load_png(&out).expect("a PNG");
        assert_eq!(format!("{}x{}", pixmap.width(), pixmap.height()), size);
    }
}

#[test]
fn banner_and_ocean_have_their_colours_where_expected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("banner.png");
    let output = render(
        &[
            "--size",
            "900x600",
            "--bbox",
            REGION_ARG,
            "--detail",
            "50m",
            "--no-story",
            "--banner",
            "SECRET",
            "--banner-color",
            "#c8102e",
        ],
        &out,
    );
    assert_success(&output);
    let pixmap = Pixmap::load_png(&out).expect("a PNG");
    let red = Rgba::rgb(0xc8, 0x10, 0x2e);
    // The banner spans the top and bottom rows, away from its centred text.
    for (x, y) in [(5, 0), (5, 3), (890, 0), (5, 599), (890, 596)] {
        let c = rgba(&pixmap, x, y);
        assert!(close(c, red), "({x}, {y}) is {c:?}");
    }
    // The Arabian Sea is ocean-coloured, Khorasan land-coloured.
    let style = MapStyle::default();
    let sea = colour_at(&pixmap, REGION, [63.0, 21.5]);
    assert!(close(sea, style.ocean), "sea is {sea:?}");
    let iran = colour_at(&pixmap, REGION, [57.3, 34.2]);
    assert!(close(iran, style.land), "Iran is {iran:?}");
}

#[test]
fn svg_has_vector_shapes_and_real_text_for_title_legend_and_banner() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("brief.svg");
    let output = render(
        &[
            "--size",
            "1200x800",
            "--bbox",
            REGION_ARG,
            "--detail",
            "50m",
            "--title",
            "Kabul & Moscow: <a framework>",
            "--subtitle",
            "Reported ties",
            "--as-of",
            "12 March 2026",
            "--banner",
            "UNCLASSIFIED // FOR BRIEFING",
        ],
        &out,
    );
    assert_success(&output);
    let svg = std::fs::read_to_string(&out).expect("written");
    // Escaped in the file, whole in the parsed text.
    assert!(svg.contains("Kabul &amp; Moscow: &lt;a framework&gt;"));
    let tree = parse_svg(&svg);
    assert_eq!((tree.size().width(), tree.size().height()), (1200.0, 800.0));
    let texts = svg_texts(&tree);
    for expected in [
        "Kabul & Moscow: <a framework>",
        "Reported ties",
        "As of 12 March 2026",
        "Relationships",
        "defence cooperation",
        "reported",
        "Actors",
        "UNCLASSIFIED // FOR BRIEFING",
        "Afghanistan",
        "0",
    ] {
        assert!(
            texts.iter().any(|t| t == expected),
            "“{expected}” is not a <text> of the SVG: {texts:?}"
        );
    }
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Base map: Natural Earth.") && t.contains(" Sources: ")),
        "{texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.ends_with(" km")),
        "a scale bar: {texts:?}"
    );
    // Status is a dash pattern, not colour alone.
    assert!(svg.contains("stroke-dasharray"));
    assert!(svg.matches("<path").count() > 30, "countries are paths");
}

#[test]
fn switching_furniture_off_removes_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let with = dir.path().join("with.svg");
    let without = dir.path().join("without.svg");
    let common = [
        "--size", "800x500", "--bbox", REGION_ARG, "--detail", "110m",
    ];
    let with_args: Vec<&str> = common
        .iter()
        .copied()
        .chain(["--banner", "HANDLE VIA BRIEFING"])
        .collect();
    assert_success(&render(&with_args, &with));
    assert_success(&render(&common, &without));
    let with = svg_texts(&parse_svg(&std::fs::read_to_string(&with).expect("svg")));
    let without = svg_texts(&parse_svg(&std::fs::read_to_string(&without).expect("svg")));
    assert!(with.iter().any(|t| t == "HANDLE VIA BRIEFING"));
    assert!(!without.iter().any(|t| t == "HANDLE VIA BRIEFING"));
    // --no-furniture: no title, legend, scale bar or attribution either.
    let bare = dir.path().join("bare.svg");
    let bare_args: Vec<&str> = common.iter().copied().chain(["--no-furniture"]).collect();
    assert_success(&render(&bare_args, &bare));
    let bare = svg_texts(&parse_svg(&std::fs::read_to_string(&bare).expect("svg")));
    for gone in ["Relationships", "0"] {
        assert!(
            without.iter().any(|t| t == gone),
            "{gone} is drawn by default"
        );
        assert!(
            !bare.iter().any(|t| t == gone),
            "{gone} is still drawn: {bare:?}"
        );
    }
    assert!(!bare.iter().any(|t| t.starts_with("Base map")));
    assert!(
        bare.iter().any(|t| t == "Afghanistan"),
        "the map keeps its names"
    );
}

#[test]
fn the_svg_looks_like_the_png() {
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("same.png");
    let svg = dir.path().join("same.svg");
    let args = [
        "--size",
        "960x640",
        "--bbox",
        REGION_ARG,
        "--detail",
        "50m",
        "--banner",
        "UNCLASSIFIED",
    ];
    assert_success(&render(&args, &png));
    assert_success(&render(&args, &svg));
    let png = Pixmap::load_png(&png).expect("png");
    let tree = parse_svg(&std::fs::read_to_string(&svg).expect("svg"));
    let drawn = rasterise(&tree);
    if let Some(keep) = std::env::var_os("FAULTLINE_KEEP_PICTURES") {
        let _ = drawn.save_png(Path::new(&keep).join("svg-rasterised.png"));
    }
    // Anti-aliasing and text shaping differ a little between painters; shapes do not.
    let alike = share_alike(&png, &drawn, 24);
    assert!(alike > 0.97, "only {:.1}% of pixels alike", alike * 100.0);
}

/// Every `<text>` element of an SVG document, as (its `textLength`, its words).
fn text_lengths(svg: &str) -> Vec<(Option<f32>, String)> {
    svg.split("<text ")
        .skip(1)
        .map(|rest| {
            let (attrs, after) = rest.split_once('>').expect("a text element");
            let length = attrs
                .split("textLength=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok());
            let words = after.split("</text>").next().unwrap_or_default().to_owned();
            (length, words)
        })
        .collect()
}

#[test]
fn the_svg_carries_its_font_and_a_substitute_keeps_each_text_to_its_width() {
    use base64::Engine as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let svg_path = dir.path().join("fonts.svg");
    assert_success(&render(
        &["--size", "1280x720", "--bbox", REGION_ARG],
        &svg_path,
    ));
    let svg = std::fs::read_to_string(&svg_path).expect("svg");
    // The label font travels in the file, so viewers without it show the same letters.
    let encoded = svg
        .split("data:font/ttf;base64,")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .expect("an embedded font");
    let font = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("valid base64");
    assert_eq!(font, epaint_default_fonts::UBUNTU_LIGHT);
    let texts = text_lengths(&svg);
    assert!(texts.len() > 20, "only {} texts", texts.len());
    for (length, words) in &texts {
        assert!(length.is_some(), "{words:?} has no textLength");
    }
    // A viewer that substitutes a much wider font (here the monospace Hack) still fits each
    // text into the width the label font gives it, so it cannot run into its neighbours.
    let mut options = usvg::Options::default();
    options
        .fontdb_mut()
        .load_font_data(epaint_default_fonts::HACK_REGULAR.to_vec());
    options.fontdb_mut().set_sans_serif_family("Hack");
    options.font_family = "Hack".into();
    let tree = usvg::Tree::from_str(&svg, &options).expect("the SVG parses");
    let mut widths = Vec::new();
    fn collect(group: &usvg::Group, out: &mut Vec<(String, f32)>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => collect(g, out),
                usvg::Node::Text(text) => out.push((
                    text.chunks().iter().map(|c| c.text()).collect(),
                    text.bounding_box().width(),
                )),
                _ => {}
            }
        }
    }
    collect(tree.root(), &mut widths);
    assert_eq!(widths.len(), texts.len(), "every text is laid out");
    let mut checked = 0;
    for ((drawn_words, drawn), (asked, words)) in widths.iter().zip(&texts) {
        assert_eq!(drawn_words, &words.replace("&amp;", "&"));
        let Some(asked) = asked else { continue };
        if words.chars().count() < 4 {
            continue;
        }
        assert!(
            (drawn - asked).abs() <= asked * 0.05 + 1.0,
            "a substitute font drew {words:?} {drawn:.1} px wide where the label font takes {asked:.1}"
        );
        checked += 1;
    }
    assert!(checked > 20, "only {checked} texts checked");
}

#[test]
fn svg_with_text_as_outlines_matches_the_png_in_a_viewer_without_fonts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("outlines.png");
    let svg = dir.path().join("outlines.svg");
    let args = ["--size", "960x640", "--bbox", REGION_ARG, "--detail", "50m"];
    assert_success(&render(&args, &png));
    let mut with_outlines = args.to_vec();
    with_outlines.push("--text-as-outlines");
    assert_success(&render(&with_outlines, &svg));
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(!text.contains("<text"), "no text elements are left");
    assert!(!text.contains("@font-face"), "no font is needed");
    // A viewer with no fonts at all draws every word.
    let tree = usvg::Tree::from_str(&text, &usvg::Options::default()).expect("parses");
    let drawn = rasterise(&tree);
    let png = Pixmap::load_png(&png).expect("png");
    let alike = share_alike(&png, &drawn, 24);
    assert!(alike > 0.985, "only {:.1}% of pixels alike", alike * 100.0);
    // Outlines belong to SVG; a PNG asked for them is a mistake worth saying.
    let wrong = render(&["--text-as-outlines"], &dir.path().join("x.png"));
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("for SVG"));
}

#[test]
fn a_larger_export_is_the_same_picture_scaled() {
    let dir = tempfile::tempdir().expect("temp dir");
    let small = dir.path().join("small.png");
    let large = dir.path().join("large.png");
    let common = ["--bbox", REGION_ARG, "--detail", "50m", "--banner", "X"];
    let small_args: Vec<&str> = common
        .iter()
        .copied()
        .chain(["--size", "640x400", "--scale", "1"])
        .collect();
    let large_args: Vec<&str> = common
        .iter()
        .copied()
        .chain(["--size", "1920x1200", "--scale", "3"])
        .collect();
    assert_success(&render(&small_args, &small));
    assert_success(&render(&large_args, &large));
    let small = Pixmap::load_png(&small).expect("png");
    let large = Pixmap::load_png(&large).expect("png");
    // Shrink the large picture by 3 (box filter) and compare.
    let mut shrunk = Pixmap::new(640, 400).expect("pixmap");
    for y in 0..400u32 {
        for x in 0..640u32 {
            let mut sum = [0u32; 4];
            for dy in 0..3 {
                for dx in 0..3 {
                    let c = rgba(&large, x * 3 + dx, y * 3 + dy);
                    for (s, v) in sum.iter_mut().zip([c.r, c.g, c.b, c.a]) {
                        *s += u32::from(v);
                    }
                }
            }
            let [r, g, b, a] = sum.map(|s| (s / 9) as u8);
            let color = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
            shrunk.pixels_mut()[(y * 640 + x) as usize] = color;
        }
    }
    let alike = share_alike(&small, &shrunk, 40);
    assert!(alike > 0.95, "only {:.1}% of pixels alike", alike * 100.0);
}

#[test]
fn render_errors_are_clear_and_exit_with_1_or_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("x.png");
    let cases: [(&[&str], &str); 6] = [
        (&["--size", "0x10"], "--size"),
        (&["--size", "9000x9000"], "8192"),
        (&["--projection", "robinson"], "unknown projection"),
        (&["--scale", "100"], "--scale"),
        (&["--banner-color", "crimson"], "#rrggbb"),
        (&["--bbox", "1,2,3"], "--bbox"),
    ];
    for (args, expected) in cases {
        let output = render(args, &out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!out.exists(), "nothing is written on error");
    }
    let jpeg = dir.path().join("x.jpg");
    let output = render(&["--size", "64x32"], &jpeg);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("x.jpg") && stderr.contains(".png or .svg"),
        "{stderr}"
    );
    assert!(!jpeg.exists());
    let unwritable = dir.path().join("no/such/folder/map.svg");
    let output = render(&["--size", "64x32"], &unwritable);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write") && stderr.contains("map.svg"),
        "{stderr}"
    );
    // A malformed command line is a usage error.
    let output = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["render", "--size", "64x32"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--output"));
    let help = Command::new(env!("CARGO_BIN_EXE_faultline"))
        .args(["render", "--help"])
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        help.contains("Exit status") && help.contains(".svg"),
        "{help}"
    );
}

// The window.

fn harness() -> Harness<'static, FaultlineApp> {
    let app = FaultlineApp::with_atlas(Atlas::load_now(&[Detail::Coarse]));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FaultlineApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

/// Steps the window until a message contains `text` (work runs on worker threads).
fn wait_for_message(harness: &mut Harness<'static, FaultlineApp>, text: &str) -> String {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        harness.step();
        if let Some(found) = harness
            .state()
            .messages()
            .iter()
            .find(|m| m.text.contains(text))
        {
            return found.text.clone();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("no message with “{text}”: {:?}", harness.state().messages());
}

/// Types into a labelled field and leaves it with Enter.
fn type_into(harness: &mut Harness<'static, FaultlineApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
}

#[test]
fn the_dialog_switches_furniture_as_undoable_edits_saved_in_the_project() {
    let mut harness = harness();
    assert!(harness.state().furniture().scale_bar, "on by default");
    assert!(!harness.state().furniture().banner, "off by default");
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::ShowDialog(true)));
    harness.run_steps(2);
    harness.get_by_label("Scale bar").click();
    harness.run_steps(2);
    assert!(!harness.state().furniture().scale_bar);
    assert!(
        !Furniture::from_view(&harness.state().project().view).scale_bar,
        "stored in the project's view"
    );
    assert_eq!(harness.state().undo_label(), Some("Hide scale bar"));
    harness.state_mut().apply(Action::Undo);
    harness.run_steps(2);
    assert!(harness.state().furniture().scale_bar, "undone");
    // The banner's words appear once it is switched on.
    harness.get_by_label("Banner").click();
    harness.run_steps(2);
    assert!(harness.state().furniture().banner);
    harness.get_by_label("Banner text:");
    harness.get_by_label("Red").click();
    harness.run_steps(2);
    assert_eq!(harness.state().furniture().banner_color, "#c8102e");
    // Typed words become one undoable step when the field is left, not one per key.
    type_into(&mut harness, "Title text:", "Briefing map");
    assert_eq!(harness.state().furniture().title_text, "Briefing map");
    assert_eq!(
        harness.state().undo_label(),
        Some("Change picture title text")
    );
    // A colour that is not #rrggbb is refused next to its field.
    type_into(&mut harness, "Banner colour:", "zz");
    assert_eq!(harness.state().furniture().banner_color, "#c8102e");
    assert!(
        harness
            .get_all_by_label_contains("is not #rrggbb")
            .next()
            .is_some()
    );
    // Custom sizes are checked before anything is exported.
    harness.get_by_label("Custom size").click();
    harness.run_steps(2);
    assert!(harness.state().picture_size().is_ok());
    type_into(&mut harness, "Width:", "0");
    let Err(problem) = harness.state().picture_size() else {
        panic!("24000 pixels wide is refused");
    };
    assert!(problem.contains("8192"), "{problem}");
    assert!(
        harness
            .get_all_by_label_contains("1 to 8192 pixels")
            .next()
            .is_some()
    );
}

#[test]
fn exporting_from_the_window_writes_the_view_at_the_size_asked_for() {
    let mut harness = harness();
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("view.png");
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::Export {
            path: png.clone(),
            format: PictureFormat::Png,
            size: [1200, 700],
        }));
    let message = wait_for_message(&mut harness, "Exported");
    assert!(
        message.contains("view.png") && message.contains("1200×700"),
        "{message}"
    );
    let pixmap = Pixmap::load_png(&png).expect("a PNG");
    assert_eq!((pixmap.width(), pixmap.height()), (1200, 700));
    // An SVG without the extension gets one.
    let svg = dir.path().join("view");
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::Export {
            path: svg,
            format: PictureFormat::Svg,
            size: [800, 600],
        }));
    wait_for_message(&mut harness, "view.svg");
    let text = std::fs::read_to_string(dir.path().join("view.svg")).expect("written");
    let title = &harness.state().project().title;
    assert!(
        svg_texts(&parse_svg(&text)).iter().any(|t| t == title),
        "the project's title is on the picture"
    );
    // A path that cannot be written is reported, not fatal.
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::Export {
            path: dir.path().join("missing/folder/x.png"),
            format: PictureFormat::Png,
            size: [100, 100],
        }));
    let failure = wait_for_message(&mut harness, "Could not export");
    assert!(failure.contains("x.png"), "{failure}");
}

#[test]
fn copying_without_a_clipboard_says_so_and_carries_on() {
    let mut harness = harness();
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::CopyToClipboard));
    // Headless there is no clipboard; with a display the copy succeeds. Either way, a message.
    let started = Instant::now();
    loop {
        harness.step();
        let messages = harness.state().messages();
        if let Some(m) = messages.iter().find(|m| m.text.contains("clipboard")) {
            if m.is_error {
                assert!(m.text.contains("Export picture"), "{}", m.text);
            }
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no clipboard message: {messages:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn presentation_mode_hides_the_panels_until_escape() {
    let mut harness = harness();
    assert!(harness.query_by_label("Layers").is_some());
    harness.key_press(egui::Key::F11);
    harness.run_steps(3);
    assert!(harness.state().is_presenting());
    assert!(
        harness.query_by_label("Layers").is_none(),
        "panels are hidden"
    );
    assert!(harness.query_by_label("Inspector").is_none());
    let map = harness.state().map_rect().expect("the map is drawn");
    assert!(map.width() >= 1380.0 && map.height() >= 980.0, "{map:?}");
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert!(!harness.state().is_presenting());
    assert!(harness.query_by_label("Layers").is_some());
    // The View menu's entry does the same.
    harness
        .state_mut()
        .apply(Action::Picture(PictureAction::Present(true)));
    harness.run_steps(2);
    assert!(harness.state().is_presenting());
}

#[test]
fn a_project_renders_the_view_it_was_saved_with_unless_told_otherwise() {
    use faultline::model::file::{built_in_scenario, save_project};
    use faultline::model::settings::MapView;
    let dir = tempfile::tempdir().unwrap();
    let mut project = built_in_scenario().unwrap();
    project.view = MapView {
        projection: "natural-earth".into(),
        bbox: Some([60.0, 29.0, 75.0, 38.5]),
    }
    .written_to(&project.view);
    let path = dir.path().join("saved-view.faultline.geojson");
    save_project(&path, &project).unwrap();
    let out = dir.path().join("view.png");
    let saved = render(&[path.to_str().unwrap(), "--size", "800x500"], &out);
    assert_success(&saved);
    let said = String::from_utf8_lossy(&saved.stdout);
    // A small area is drawn at fine detail in the saved projection.
    assert!(said.contains("10m detail, natural-earth"), "{said}");
    let overridden = render(
        &[
            path.to_str().unwrap(),
            "--size",
            "800x500",
            "--projection",
            "equal-earth",
            "--bbox",
            "-180,-60,180,80",
        ],
        &out,
    );
    assert_success(&overridden);
    let said = String::from_utf8_lossy(&overridden.stdout);
    assert!(said.contains("110m detail, equal-earth"), "{said}");
}
