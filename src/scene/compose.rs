//! One way from a document and a view to a scene, for every caller: the window's map, the
//! export dialog and `faultline render`. What they draw can therefore never disagree: the
//! camera, the level of detail, the type scale and the legend all follow from these inputs.

use std::sync::Arc;

use crate::map::atlas::Atlas;
use crate::map::basemap::Detail;
use crate::map::camera::{Camera, LonLatBox};
use crate::map::projected::{ProjectedDetail, ProjectedLines, Waker, graticule_step};
use crate::map::projection::Projection;
use crate::map::user_layer::ProjectedLayer;
use crate::model::filter::Visible;
use crate::model::furniture::Furniture;
use crate::model::settings::BorderView;
use crate::model::{Project, RelationshipId};

use super::events::{DatasetInput, OwnedDataset};
use super::story::Focus;
use super::text::LabelFont;
use super::{
    BaseLayers, FurnitureInput, MapFrame, MapStyle, Rgba, Scene, StoryInput, UserLayerView,
    build_map_scene,
};

/// The margin left around an area framed in a picture, as a fraction of the picture.
pub const PICTURE_MARGIN: f64 = 0.02;

/// Where the map looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Framing {
    /// Exactly this camera (the window, which the user pans and zooms).
    Camera(Camera),
    /// This area fitted into the picture (`None`: the whole world), as pictures of a view are.
    Area(Option<LonLatBox>),
}

/// The picture being made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Picture {
    /// Size in output pixels.
    pub size: [f64; 2],
    /// Output pixels per scene pixel: lines and text grow by this factor.
    pub scale: f64,
}

impl Picture {
    /// A picture of `size` pixels at the scale a picture of that size is drawn at (1 up to full
    /// HD, larger pictures in proportion), unless `scale` says otherwise.
    pub fn of_size(size: [u32; 2], scale: Option<f64>) -> Picture {
        Picture {
            size: [f64::from(size[0]), f64::from(size[1])],
            scale: scale.unwrap_or_else(|| default_scale(size)),
        }
    }

    /// The scene's own size in scene pixels.
    pub fn viewport(&self) -> [f64; 2] {
        [self.size[0] / self.scale, self.size[1] / self.scale]
    }
}

/// The scale a picture of `size` is drawn at: pictures up to full HD as a screen would show
/// them, larger ones larger, so a 3840×2160 picture looks like a full-HD screen at twice the
/// resolution and every export size keeps the same proportions of text to map.
pub fn default_scale(size: [u32; 2]) -> f64 {
    let area = f64::from(size[0]) * f64::from(size[1]);
    (area / (1920.0 * 1080.0)).sqrt().max(1.0)
}

/// A user layer ready to draw: its geometry in the view's projection (centred as the camera
/// is: see [`Camera::centred`]) and its colour.
#[derive(Clone, Copy, Debug)]
pub struct LayerInput<'a> {
    pub geometry: &'a ProjectedLayer,
    pub color: Rgba,
    /// The layer's name, for the legend.
    pub name: &'a str,
    /// Which features are drawn (see [`super::layer_filter`]); `None`: all.
    pub shown: Option<&'a [bool]>,
}

/// What the view contributes: where it looks and what it singles out.
#[derive(Clone, Copy)]
pub struct ViewInputs<'a> {
    pub projection: Projection,
    /// A level of detail chosen by the user; `None`: chosen from the picture's resolution.
    pub pinned_detail: Option<Detail>,
    pub framing: Framing,
    pub selected_country: Option<&'a str>,
    pub focus: Option<&'a Focus>,
    /// What passes the filter (everything when `None`).
    pub visible: Option<&'a Visible>,
    /// Relationships of a highlighted chain between two actors.
    pub path: &'a [RelationshipId],
    /// The legend shown as its title row alone (collapsed in the window; pictures show it
    /// whole).
    pub legend_collapsed: bool,
}

/// Everything a scene is built from.
#[derive(Clone, Copy)]
pub struct SceneInputs<'a> {
    /// The story; `None` draws the base map only.
    pub project: Option<&'a Project>,
    pub project_title: &'a str,
    pub base_layers: BaseLayers,
    /// Whose point of view disputed borders are drawn from (the project's, else the default).
    pub border_view: BorderView,
    /// Briefing furniture; `None` draws none.
    pub furniture: Option<&'a Furniture>,
    pub layers: &'a [LayerInput<'a>],
    /// Event datasets with their hierarchies counted for the view's filter.
    pub datasets: &'a [DatasetInput<'a>],
    pub view: ViewInputs<'a>,
    pub picture: Picture,
    pub style: &'a MapStyle,
    pub font: &'a LabelFont,
    /// Set in the window: geometry missing for this scale is simplified on a worker thread
    /// that calls the waker; else it is made before returning.
    pub background: Option<&'a Waker>,
}

/// Why no scene could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    #[error("the base map is not loaded")]
    NoBaseMap,
}

/// The camera, level of detail and base geometry a scene is drawn with.
#[derive(Clone, Debug)]
pub struct Composition {
    pub camera: Camera,
    pub detail: Detail,
    pub base: Arc<ProjectedDetail>,
    pub graticule: Option<Arc<ProjectedLines>>,
}

/// The camera that shows `framing` in a picture.
pub fn camera_for(framing: Framing, projection: Projection, picture: &Picture) -> Camera {
    match framing {
        Framing::Camera(camera) => camera,
        Framing::Area(Some(area)) => {
            Camera::fit_lon_lat(projection, area, picture.viewport(), PICTURE_MARGIN)
        }
        Framing::Area(None) => Camera::world(projection, picture.viewport()),
    }
}

/// The level of detail for a camera in a picture: pinned, or the one that suits the picture's
/// resolution (not the scene's: a 4K picture wants finer coastlines than the screen).
pub fn detail_for(
    pinned: Option<Detail>,
    camera: &Camera,
    projection: Projection,
    scale: f64,
) -> Detail {
    pinned.unwrap_or_else(|| {
        Detail::for_resolution(camera.degrees_per_pixel(projection) / scale.max(1e-3))
    })
}

/// Chooses the camera, the level of detail and the base geometry for a view in a picture
/// (`graticule`: whether it is drawn).
pub fn compose(
    view: &ViewInputs<'_>,
    picture: &Picture,
    graticule: bool,
    atlas: &Atlas,
) -> Result<Composition, ComposeError> {
    let camera = camera_for(view.framing, view.projection, picture);
    let wanted = detail_for(view.pinned_detail, &camera, view.projection, picture.scale);
    // The geometry is cut where this camera's map has its edges (its central meridian ± 180°).
    let centred = camera.centred(view.projection);
    let base = atlas
        .projected(wanted, centred)
        .ok_or(ComposeError::NoBaseMap)?;
    let graticule = graticule.then(|| {
        atlas.graticule(
            graticule_step(camera.degrees_per_pixel(view.projection)),
            centred,
        )
    });
    Ok(Composition {
        camera,
        detail: base.detail,
        base,
        graticule,
    })
}

impl Composition {
    /// Builds the scene: the one place every caller's scene comes from.
    pub fn scene(&self, inputs: &SceneInputs<'_>) -> Scene {
        let SceneInputs {
            project,
            project_title,
            base_layers,
            border_view,
            furniture,
            layers,
            datasets,
            view,
            picture,
            style,
            font,
            background,
        } = *inputs;
        let views: Vec<UserLayerView<'_>> = layers
            .iter()
            .map(|layer| UserLayerView {
                geometry: layer.geometry,
                color: layer.color,
                name: layer.name,
                shown: layer.shown,
            })
            .collect();
        let selected = view
            .selected_country
            .and_then(|name| self.base.data.base.country_by_name(name))
            .map(|(index, _)| index);
        build_map_scene(&MapFrame {
            camera: &self.camera,
            base: &self.base,
            graticule: self.graticule.as_ref(),
            layers: base_layers,
            border_view,
            user_layers: &views,
            datasets,
            hovered: None,
            selected,
            style,
            font,
            background,
            story: project.map(|project| StoryInput {
                project,
                focus: view.focus,
                legend: true,
                legend_collapsed: view.legend_collapsed,
                visible: view.visible,
                path: view.path,
            }),
            furniture: furniture.map(|settings| FurnitureInput {
                settings,
                project_title,
                resolution: picture.scale,
            }),
        })
    }
}

/// [`SceneInputs`] owned, so a picture can be drawn on a worker thread.
pub struct OwnedInputs {
    project: Option<Project>,
    project_title: String,
    base_layers: BaseLayers,
    border_view: BorderView,
    furniture: Option<Furniture>,
    layers: Vec<(ProjectedLayer, Rgba, String, Option<Vec<bool>>)>,
    datasets: Vec<OwnedDataset>,
    projection: Projection,
    pinned_detail: Option<Detail>,
    framing: Framing,
    selected_country: Option<String>,
    focus: Option<Focus>,
    visible: Option<Visible>,
    path: Vec<RelationshipId>,
    legend_collapsed: bool,
    pub picture: Picture,
    style: MapStyle,
    pub font: LabelFont,
}

impl OwnedInputs {
    /// A copy of `inputs` (heavy geometry is shared, not copied).
    pub fn of(inputs: &SceneInputs<'_>) -> OwnedInputs {
        let SceneInputs {
            project,
            project_title,
            base_layers,
            border_view,
            furniture,
            layers,
            datasets,
            view,
            picture,
            style,
            font,
            background: _,
        } = *inputs;
        OwnedInputs {
            project: project.cloned(),
            project_title: project_title.to_owned(),
            base_layers,
            border_view,
            furniture: furniture.cloned(),
            layers: layers
                .iter()
                .map(|l| {
                    (
                        l.geometry.clone(),
                        l.color,
                        l.name.to_owned(),
                        l.shown.map(<[bool]>::to_vec),
                    )
                })
                .collect(),
            datasets: datasets.iter().map(OwnedDataset::of).collect(),
            projection: view.projection,
            pinned_detail: view.pinned_detail,
            framing: view.framing,
            selected_country: view.selected_country.map(str::to_owned),
            focus: view.focus.cloned(),
            visible: view.visible.cloned(),
            path: view.path.to_vec(),
            legend_collapsed: view.legend_collapsed,
            picture,
            style: style.clone(),
            font: font.clone(),
        }
    }

    /// Calls `f` with these inputs borrowed.
    pub fn with<R>(&self, f: impl FnOnce(&SceneInputs<'_>) -> R) -> R {
        let layers: Vec<LayerInput<'_>> = self
            .layers
            .iter()
            .map(|(geometry, color, name, shown)| LayerInput {
                geometry,
                color: *color,
                name,
                shown: shown.as_deref(),
            })
            .collect();
        let datasets: Vec<DatasetInput<'_>> =
            self.datasets.iter().map(OwnedDataset::input).collect();
        f(&SceneInputs {
            project: self.project.as_ref(),
            project_title: &self.project_title,
            base_layers: self.base_layers,
            border_view: self.border_view,
            furniture: self.furniture.as_ref(),
            layers: &layers,
            datasets: &datasets,
            view: ViewInputs {
                projection: self.projection,
                pinned_detail: self.pinned_detail,
                framing: self.framing,
                selected_country: self.selected_country.as_deref(),
                focus: self.focus.as_ref(),
                visible: self.visible.as_ref(),
                path: &self.path,
                legend_collapsed: self.legend_collapsed,
            },
            picture: self.picture,
            style: &self.style,
            font: &self.font,
            background: None,
        })
    }
}
