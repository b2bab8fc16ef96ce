//! Colours and line widths of the base map. The palette is muted so the story's overlays stand
//! out, and every pair that must be told apart differs in lightness, not only in hue.

use serde::{Deserialize, Serialize};

use super::{Dash, Stroke};
use crate::map::boundary::BoundaryClass;
use crate::model::settings::BorderView;

/// A colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba { r, g, b, a: 255 }
    }

    pub const fn new(r: u8, g: u8, b: u8, a: u8) -> Rgba {
        Rgba { r, g, b, a }
    }

    /// The same colour with another opacity (0–1).
    pub fn with_alpha(self, alpha: f32) -> Rgba {
        Rgba {
            a: (alpha.clamp(0.0, 1.0) * 255.0).round() as u8,
            ..self
        }
    }

    /// `#rrggbb` (or `#rrggbbaa` when not opaque), for SVG and files.
    pub fn to_hex(self) -> String {
        if self.a == 255 {
            format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
        } else {
            format!("#{:02x}{:02x}{:02x}{:02x}", self.r, self.g, self.b, self.a)
        }
    }
}

/// The look of the base map.
#[derive(Clone, Debug, PartialEq)]
pub struct MapStyle {
    pub ocean: Rgba,
    pub land: Rgba,
    pub border: Stroke,
    /// Natural Earth's disputed boundaries.
    pub disputed_border: Stroke,
    /// Lines of control and ceasefire lines.
    pub line_of_control: Stroke,
    /// Indefinite and indeterminate frontiers, unrecognised boundaries.
    pub indefinite_border: Stroke,
    /// Edges of leased territory and of buffer zones.
    pub limit_line: Stroke,
    pub coastline: Stroke,
    pub graticule: Stroke,
    pub label: Rgba,
    pub label_halo: Rgba,
    pub hover_fill: Rgba,
    pub hover_outline: Stroke,
    pub selected_fill: Rgba,
    pub selected_outline: Stroke,
    /// Colours given to user layers in turn.
    pub layer_palette: Vec<Rgba>,
}

impl Default for MapStyle {
    fn default() -> MapStyle {
        MapStyle {
            ocean: Rgba::rgb(0xd6, 0xe4, 0xec),
            land: Rgba::rgb(0xf2, 0xef, 0xe6),
            border: Stroke::solid(0.8, Rgba::rgb(0x8f, 0x89, 0x7c)),
            // Darker and a little wider than a plain border, so the pattern reads at a glance;
            // lengths follow the width in screen pixels (see `Dash::pattern`).
            disputed_border: Stroke {
                width: 1.3,
                color: Rgba::rgb(0x5c, 0x55, 0x4a),
                dash: Dash::Dashed,
            },
            line_of_control: Stroke {
                width: 1.4,
                color: Rgba::rgb(0x5c, 0x55, 0x4a),
                dash: Dash::DashDot,
            },
            indefinite_border: Stroke {
                width: 1.5,
                color: Rgba::rgb(0x5c, 0x55, 0x4a),
                dash: Dash::Dots,
            },
            limit_line: Stroke {
                width: 1.0,
                color: Rgba::rgb(0x8f, 0x89, 0x7c),
                dash: Dash::Sparse,
            },
            coastline: Stroke::solid(0.7, Rgba::rgb(0x6f, 0x8b, 0x9c)),
            graticule: Stroke::solid(0.5, Rgba::new(0x5a, 0x78, 0x8a, 0x50)),
            label: Rgba::rgb(0x33, 0x33, 0x33),
            label_halo: Rgba::new(0xff, 0xff, 0xff, 0xd0),
            hover_fill: Rgba::new(0xff, 0xc8, 0x57, 0x60),
            hover_outline: Stroke::solid(1.5, Rgba::rgb(0xc7, 0x8a, 0x00)),
            selected_fill: Rgba::new(0x2f, 0x6f, 0xb3, 0x55),
            selected_outline: Stroke::solid(2.0, Rgba::rgb(0x1f, 0x4e, 0x8c)),
            // Kept apart from the tie colours (tested), so a user layer never reads as a tie.
            layer_palette: LAYER_PALETTE.to_vec(),
        }
    }
}

impl MapStyle {
    /// How a classified boundary line is drawn from a point of view, and whether that is a
    /// style of its own (which the legend explains) rather than a plain border's.
    pub fn boundary_stroke(&self, class: BoundaryClass, view: BorderView) -> (Stroke, bool) {
        if view == BorderView::DeFacto && class.is_de_facto_border() {
            return (self.border, false);
        }
        let stroke = match class {
            BoundaryClass::Disputed => self.disputed_border,
            BoundaryClass::LineOfControl => self.line_of_control,
            BoundaryClass::Indefinite
            | BoundaryClass::IndeterminateFrontier
            | BoundaryClass::Unrecognized => self.indefinite_border,
            BoundaryClass::LeaseLimit | BoundaryClass::OverlayLimit => self.limit_line,
        };
        (stroke, true)
    }
    /// The colour of the n-th user layer.
    pub fn layer_color(&self, n: usize) -> Rgba {
        self.layer_palette
            .get(n % self.layer_palette.len().max(1))
            .copied()
            .unwrap_or(LAYER_PALETTE[0])
    }
}

/// Colours for user layers and event datasets, chosen (and tested) to stay apart from every tie
/// colour, every actor symbol's and event marker's colour (a layer's points are circles, like a
/// person's #333333 or a state's), and from land and sea, in normal vision and under protanopia
/// and deuteranopia. The story's colours leave bright blues free, so two of them are here (the
/// black, dark indigo and plum used before read as a person, a state or an armed group).
pub const LAYER_PALETTE: [Rgba; 6] = [
    Rgba::rgb(0xff, 0x00, 0xff),
    Rgba::rgb(0x00, 0x00, 0xff),
    Rgba::rgb(0xdd, 0xcc, 0x77),
    Rgba::rgb(0x88, 0xaa, 0x66),
    Rgba::rgb(0xf0, 0xe4, 0x42),
    Rgba::rgb(0x22, 0x00, 0xaa),
];

/// The colour of the i-th user layer or event dataset (the palette repeats).
pub fn layer_palette(i: usize) -> Rgba {
    LAYER_PALETTE[i % LAYER_PALETTE.len()]
}

/// The role a country's wash stands for: what its actor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WashRole {
    /// A recognised state (and organisations, blocs, people: any other actor).
    State,
    /// A de-facto authority (e.g. the Taliban administration).
    DeFactoAuthority,
    /// A non-state armed group.
    NonStateArmedGroup,
}

/// All wash roles, for legends and tests.
pub const WASH_ROLES: [WashRole; 3] = [
    WashRole::State,
    WashRole::DeFactoAuthority,
    WashRole::NonStateArmedGroup,
];

/// Opacity of a wash outside the focus, and inside it. Below the first, a wash over land no longer
/// stays clear of the sea colour under colour-vision deficiencies (see the tests).
pub const WASH_STRENGTH: f32 = 0.3;
/// Opacity of a wash for an actor in the story's focus.
pub const WASH_STRENGTH_FOCUS: f32 = 0.5;

/// The ink of a role's wash (drawn at [`WASH_STRENGTH`]): ochre, crimson and plum, which differ
/// from the blue sea and from each other in lightness and along the blue–yellow axis, so they stay
/// apart for readers with red–green colour blindness.
pub fn wash_color(role: WashRole) -> Rgba {
    match role {
        WashRole::State => Rgba::rgb(0xe6, 0x9f, 0x00),
        WashRole::DeFactoAuthority => Rgba::rgb(0xb2, 0x18, 0x2b),
        WashRole::NonStateArmedGroup => Rgba::rgb(0x76, 0x2a, 0x83),
    }
}

/// `fg` drawn over the opaque `bg` (straight alpha), as the renderers composite it.
pub fn composite_over(fg: Rgba, bg: Rgba) -> Rgba {
    let a = f32::from(fg.a) / 255.0;
    let mix = |f: u8, b: u8| (f32::from(f) * a + f32::from(b) * (1.0 - a)).round() as u8;
    Rgba::rgb(mix(fg.r, bg.r), mix(fg.g, bg.g), mix(fg.b, bg.b))
}

/// A way of seeing colour, for checking that colours stay apart (Machado, Oliveira & Fernandes
/// 2009, full severity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vision {
    Normal,
    Protanopia,
    Deuteranopia,
    Tritanopia,
}

/// All the ways of seeing colour the palette is checked under.
pub const VISIONS: [Vision; 4] = [
    Vision::Normal,
    Vision::Protanopia,
    Vision::Deuteranopia,
    Vision::Tritanopia,
];

fn srgb_to_linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn linear_to_srgb(v: f64) -> f64 {
    let v = v.clamp(0.0, 1.0);
    255.0
        * if v <= 0.003_130_8 {
            12.92 * v
        } else {
            1.055 * v.powf(1.0 / 2.4) - 0.055
        }
}

/// A colour as seen under `vision`, as linear-light-simulated sRGB components (0–255).
fn seen_as(c: Rgba, vision: Vision) -> [f64; 3] {
    let m: [[f64; 3]; 3] = match vision {
        Vision::Normal => return [f64::from(c.r), f64::from(c.g), f64::from(c.b)],
        Vision::Protanopia => [
            [0.152_286, 1.052_583, -0.204_868],
            [0.114_503, 0.786_281, 0.099_216],
            [-0.003_882, -0.048_116, 1.051_998],
        ],
        Vision::Deuteranopia => [
            [0.367_322, 0.860_646, -0.227_968],
            [0.280_085, 0.672_501, 0.047_413],
            [-0.011_820, 0.042_940, 0.968_881],
        ],
        Vision::Tritanopia => [
            [1.255_528, -0.076_749, -0.178_779],
            [-0.078_411, 0.930_809, 0.147_602],
            [0.004_733, 0.691_367, 0.303_900],
        ],
    };
    let lin = [
        srgb_to_linear(c.r),
        srgb_to_linear(c.g),
        srgb_to_linear(c.b),
    ];
    let row = |r: [f64; 3]| linear_to_srgb(r[0] * lin[0] + r[1] * lin[1] + r[2] * lin[2]);
    [row(m[0]), row(m[1]), row(m[2])]
}

/// CIE L*a*b* (D65) of sRGB components 0–255.
fn lab(rgb: [f64; 3]) -> [f64; 3] {
    let lin = |v: f64| {
        let c = v / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(rgb[0]), lin(rgb[1]), lin(rgb[2]));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.950_47;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.088_83;
    let f = |t: f64| {
        if t > 216.0 / 24389.0 {
            t.cbrt()
        } else {
            (24389.0 / 27.0 * t + 16.0) / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// The CIE 1976 colour difference ΔE*ab between two opaque colours as seen under `vision`; about
/// 2.3 is just noticeable, above 10 two fills read as different at a glance.
pub fn delta_e(a: Rgba, b: Rgba, vision: Vision) -> f64 {
    let (la, lb) = (lab(seen_as(a, vision)), lab(seen_as(b, vision)));
    ((la[0] - lb[0]).powi(2) + (la[1] - lb[1]).powi(2) + (la[2] - lb[2]).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RelationshipKind;
    use crate::scene::story::relationship_color;

    /// Washes over land must read as land of a role, never as sea, nor as another role's wash.
    #[test]
    fn washes_stay_clear_of_sea_land_and_each_other_in_every_vision() {
        let style = MapStyle::default();
        for strength in [WASH_STRENGTH, WASH_STRENGTH_FOCUS] {
            let washed: Vec<Rgba> = WASH_ROLES
                .iter()
                .map(|&r| composite_over(wash_color(r).with_alpha(strength), style.land))
                .collect();
            for vision in VISIONS {
                for (i, &w) in washed.iter().enumerate() {
                    let to_sea = delta_e(w, style.ocean, vision);
                    assert!(
                        to_sea >= 10.0,
                        "{:?} vs sea {to_sea:.1} ({vision:?})",
                        WASH_ROLES[i]
                    );
                    let to_land = delta_e(w, style.land, vision);
                    assert!(to_land >= 10.0, "{:?} vs land {to_land:.1}", WASH_ROLES[i]);
                    for (j, &v) in washed.iter().enumerate().skip(i + 1) {
                        let d = delta_e(w, v, vision);
                        assert!(
                            d >= 9.0,
                            "{:?}/{:?} {d:.1} ({vision:?})",
                            WASH_ROLES[i],
                            WASH_ROLES[j]
                        );
                    }
                }
            }
        }
    }

    /// The colour the issue reported (a pale blue wash at 0.2) is caught by the same measure.
    #[test]
    fn the_old_blue_wash_reads_as_sea() {
        let style = MapStyle::default();
        let old = composite_over(Rgba::rgb(0x8f, 0xb4, 0xdb).with_alpha(0.2), style.land);
        assert_eq!(old, Rgba::rgb(222, 227, 228));
        assert!(delta_e(old, style.ocean, Vision::Normal) < 6.0);
    }

    #[test]
    fn layer_palette_is_kept_apart_from_ties_land_and_sea() {
        use RelationshipKind::*;
        let ties = [
            DefenceCooperation,
            AllegedRecruitment,
            ArmedConflict,
            EconomicPartnership,
            SanctionsPressure,
            BorderTension,
            DiplomaticNonRecognition,
            MonitoringConcern,
            HistoricalIntervention,
            FinancialSupport,
            Other("x".into()),
        ]
        .map(|k| relationship_color(&k));
        let story_symbols: Vec<Rgba> = crate::model::ActorKind::ALL
            .iter()
            .map(|k| crate::scene::story::actor_symbol(*k).1)
            .chain([crate::scene::story::EVENT_COLOR])
            .collect();
        let style = MapStyle::default();
        for vision in [Vision::Normal, Vision::Protanopia, Vision::Deuteranopia] {
            for (i, &c) in LAYER_PALETTE.iter().enumerate() {
                for &s in &story_symbols {
                    let d = delta_e(c, s, vision);
                    assert!(
                        d >= 20.0,
                        "layer {i} vs story symbol {} {d:.1} ({vision:?})",
                        s.to_hex()
                    );
                }
                for &t in &ties {
                    let d = delta_e(c, t, vision);
                    assert!(
                        d >= 12.0,
                        "layer {i} vs tie {} {d:.1} ({vision:?})",
                        t.to_hex()
                    );
                }
                for base in [style.land, style.ocean] {
                    assert!(delta_e(c, base, vision) >= 30.0, "layer {i} vs base map");
                }
                for &o in &LAYER_PALETTE[i + 1..] {
                    assert!(delta_e(c, o, vision) >= 12.0, "layers {i} and another");
                }
            }
        }
        assert_eq!(layer_palette(7), LAYER_PALETTE[1]);
        assert_eq!(style.layer_color(2), layer_palette(2));
    }
}
