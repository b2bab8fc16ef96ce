//! What the picture tests share: running `faultline render` and reading a picture's colour at
//! a place, through the same camera the command frames it with.
#![allow(dead_code)] // each test file uses its own share of these

use std::path::Path;
use std::process::{Command, Output};

use faultline::map::camera::{Camera, LonLat, LonLatBox, ScreenPoint};
use faultline::map::projection::Projection;
use faultline::scene::Rgba;
use tiny_skia::Pixmap;

/// `faultline render -o OUT ARGS…`.
pub fn render(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_faultline"))
        .arg("render")
        .arg("-o")
        .arg(out)
        .args(args)
        .output()
        .expect("faultline runs")
}

/// `faultline render -o OUT ARGS…` that must succeed, and the PNG it wrote.
pub fn render_picture(args: &[&str], out: &Path) -> Pixmap {
    let output = render(args, out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Pixmap::load_png(out).expect("a PNG")
}

/// The camera `faultline render --bbox` frames a picture of this size with (Equal Earth).
pub fn camera_for(pixmap: &Pixmap, bbox: [f64; 4]) -> Camera {
    let viewport = [f64::from(pixmap.width()), f64::from(pixmap.height())];
    Camera::fit_lon_lat(
        Projection::EqualEarth,
        LonLatBox::from_array(bbox),
        viewport,
        0.02,
    )
}

/// The colour of a pixel, un-premultiplied.
pub fn rgba(pixmap: &Pixmap, x: u32, y: u32) -> Rgba {
    let Some(p) = pixmap.pixel(x, y) else {
        panic!(
            "({x}, {y}) is outside the {}×{} picture",
            pixmap.width(),
            pixmap.height()
        );
    };
    let c = p.demultiply();
    Rgba::new(c.red(), c.green(), c.blue(), c.alpha())
}

/// Colours equal but for anti-aliasing and rounding.
pub fn close(a: Rgba, b: Rgba) -> bool {
    [(a.r, b.r), (a.g, b.g), (a.b, b.b)]
        .iter()
        .all(|(x, y)| (i16::from(*x) - i16::from(*y)).abs() <= 6)
}

/// The colour at a longitude/latitude as `camera` (Equal Earth) puts it on the picture.
pub fn colour(pixmap: &Pixmap, camera: &Camera, [lon, lat]: [f64; 2]) -> Rgba {
    let ScreenPoint { x, y } =
        camera.lon_lat_to_screen(Projection::EqualEarth, LonLat::new(lon, lat));
    rgba(pixmap, x.round() as u32, y.round() as u32)
}

/// The colour at a longitude/latitude of a picture drawn at scale 1 with `--bbox`.
pub fn colour_at(pixmap: &Pixmap, bbox: [f64; 4], lon_lat: [f64; 2]) -> Rgba {
    colour(pixmap, &camera_for(pixmap, bbox), lon_lat)
}
