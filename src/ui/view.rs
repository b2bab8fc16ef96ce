//! The view: where the map looks (projection, camera, detail) and what the user singles out
//! (selection, filter, search, a chain of ties, presentation mode). It belongs to the window,
//! not the document: looking around is not editing. Its fields change only here.

use crate::events::filter::EventFilter;
use crate::map::atlas::Atlas;
use crate::map::basemap::Detail;
use crate::map::camera::{Camera, LonLatBox, RECENTRE_BEYOND, RECENTRE_STEP, ScreenPoint};
use crate::map::projection::{CentredProjection, Projection, wrap_longitude};
use crate::model::filter::{Filter, Visible};
use crate::model::settings::MapView;
use crate::model::{ActorId, Project, RelationshipId};
use crate::scene::compose::Framing;
use crate::scene::story::Focus;

use super::actions::{DetailMode, Selection};

/// An area asked for: a box, or the whole world (`None`).
type Area = Option<LonLatBox>;

/// The margin left around an area the window flies to, as a fraction of the map.
const FLY_MARGIN: f64 = 0.06;

/// Where the map looks and what is singled out.
#[derive(Debug, Default)]
pub struct View {
    projection: Projection,
    detail_mode: DetailMode,
    /// `None` until the map first has a size.
    camera: Option<Camera>,
    /// An area to frame as soon as the map has a size.
    pending: Option<Area>,
    /// The area the view was last framed to, while the user has not panned or zoomed since:
    /// pictures of the view frame it, whatever the window's size.
    framed: Option<Area>,
    selection: Option<Selection>,
    filter: Filter,
    /// What the datasets' events must pass (the story's time window applies to them too).
    event_filter: EventFilter,
    /// What passes the filter, recomputed when the filter or the document changes.
    visible: Visible,
    search_text: String,
    /// The highlighted chain of ties: its ends and the relationships along it.
    path: Option<((ActorId, ActorId), Vec<RelationshipId>)>,
    /// The map and its furniture fill the window, without panels.
    presenting: bool,
    /// Bumped whenever something the map draws of the view changes.
    version: u64,
}

impl View {
    /// The selected country in the level drawn now.
    pub fn selected_country_data<'a>(
        &self,
        atlas: &'a Atlas,
    ) -> Option<&'a crate::map::basemap::Country> {
        let name = self.selected_country()?;
        let level = atlas.level(self.current_detail(atlas))?;
        level.base.country_by_name(name).map(|(_, c)| c)
    }

    pub fn projection(&self) -> Projection {
        self.projection
    }

    /// The projection as the map draws it this frame: centred on the camera's central
    /// meridian (or the one an area asked for will have).
    pub fn centred(&self) -> CentredProjection {
        if let Some(area) = self.pending {
            return self
                .projection
                .centred(area.map_or(0.0, |a| a.central_meridian()));
        }
        self.camera
            .map_or(self.projection.into(), |c| c.centred(self.projection))
    }

    /// The projections user layers should be ready in: the map's, and the one it will be
    /// re-centred on when the user has panned far from its centre.
    pub fn layer_projections(&self) -> Vec<CentredProjection> {
        let mut wanted = vec![self.centred()];
        if let Some(central) = self
            .camera
            .and_then(|c| c.wanted_central_meridian(self.projection))
        {
            wanted.push(self.projection.centred(central));
        }
        wanted
    }

    pub fn detail_mode(&self) -> DetailMode {
        self.detail_mode
    }

    /// The camera of the map, once it has a size.
    pub fn camera(&self) -> Option<Camera> {
        self.camera
    }

    pub fn selection(&self) -> Option<&Selection> {
        self.selection.as_ref()
    }

    /// The story item in focus, if the selection is one.
    pub fn focus(&self) -> Option<&Focus> {
        match self.selection.as_ref()? {
            Selection::Story(focus) => Some(focus),
            Selection::Country(_)
            | Selection::DatasetEvent { .. }
            | Selection::LayerFeature { .. } => None,
        }
    }

    /// The selected country's name.
    pub fn selected_country(&self) -> Option<&str> {
        match self.selection.as_ref()? {
            Selection::Country(name) => Some(name.as_str()),
            Selection::Story(_)
            | Selection::DatasetEvent { .. }
            | Selection::LayerFeature { .. } => None,
        }
    }

    /// The selected dataset event: its dataset's id and row.
    pub fn selected_dataset_event(&self) -> Option<(&str, usize)> {
        match self.selection.as_ref()? {
            Selection::DatasetEvent { dataset, row } => Some((dataset.as_str(), *row)),
            _ => None,
        }
    }

    /// The selected feature of a user layer: the layer's index and the feature's.
    pub fn selected_layer_feature(&self) -> Option<(usize, usize)> {
        match self.selection.as_ref()? {
            Selection::LayerFeature { layer, feature } => Some((*layer, *feature)),
            _ => None,
        }
    }

    /// What the datasets' events must pass.
    pub fn event_filter(&self) -> &EventFilter {
        &self.event_filter
    }

    pub fn set_event_filter(&mut self, filter: EventFilter) {
        if self.event_filter != filter {
            self.event_filter = filter;
            self.version += 1;
        }
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn visible(&self) -> &Visible {
        &self.visible
    }

    pub fn search_text(&self) -> &str {
        &self.search_text
    }

    /// The relationships along the highlighted chain of ties.
    pub fn path_relationships(&self) -> &[RelationshipId] {
        self.path.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }

    pub fn is_presenting(&self) -> bool {
        self.presenting
    }

    /// Changes whenever something the map draws of the view changes.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// The level of detail the map is drawn at now (the best loaded one).
    pub fn current_detail(&self, atlas: &Atlas) -> Detail {
        let wanted = match (self.detail_mode, self.camera) {
            (DetailMode::Pinned(detail), _) => detail,
            (DetailMode::Auto, Some(camera)) => {
                Detail::for_resolution(camera.degrees_per_pixel(self.projection))
            }
            (DetailMode::Auto, None) => Detail::Coarse,
        };
        atlas
            .level(wanted)
            .map_or(Detail::Coarse, |l| l.base.detail)
    }

    /// The pinned level of detail, if any.
    pub fn pinned_detail(&self) -> Option<Detail> {
        match self.detail_mode {
            DetailMode::Pinned(detail) => Some(detail),
            DetailMode::Auto => None,
        }
    }

    /// The camera for a map of `viewport` pixels this frame: the area asked for, else the
    /// current camera resized, else the whole world.
    pub fn camera_for_viewport(&self, viewport: [f64; 2]) -> Camera {
        let projection = self.projection;
        if let Some(area) = self.pending {
            return fit(projection, area, viewport);
        }
        match self.camera {
            Some(mut camera) => {
                if camera.viewport != viewport {
                    camera.resize(viewport, projection);
                }
                camera
            }
            None => Camera::world(projection, viewport),
        }
    }

    /// The area the view shows, as pictures of it and saved projects frame it: the area it was
    /// last framed to while the user has not moved since, else what the camera shows between
    /// the map's edges through its centre (`None`: the whole world).
    pub fn area(&self) -> Area {
        if let Some(area) = self.framed.or(self.pending) {
            return area;
        }
        let camera = self.camera?;
        let projection = self.projection;
        let [width, height] = camera.viewport;
        let [mid_x, mid_y] = [width / 2.0, height / 2.0];
        let at = |x, y| camera.screen_to_lon_lat(projection, ScreenPoint::new(x, y));
        let west = at(0.0, mid_y)?.lon;
        let east = at(width, mid_y)?.lon;
        let north = at(mid_x, 0.0)?.lat;
        let south = at(mid_x, height)?.lat;
        // West of east on the map itself (a map centred on the Pacific may show 170° to
        // -170°: the box is then written across the antimeridian, west > east).
        let relative = |lon: f64| wrap_longitude(lon - camera.central_meridian);
        // Beyond the edge of the world (zoomed far out) the whole world is what is seen.
        (relative(west) < relative(east) && south < north)
            .then_some(LonLatBox::new(west, south, east, north))
    }

    /// How a picture of the view frames the map.
    pub fn picture_framing(&self) -> Framing {
        Framing::Area(self.area())
    }

    /// Where the map is looking now, as a project saves it.
    pub fn map_view(&self) -> MapView {
        MapView {
            projection: self.projection.id().to_owned(),
            bbox: self.area().map(LonLatBox::to_array),
        }
    }

    /// The map moved (pan, zoom, resize). A change of size alone keeps the framed area.
    pub fn set_camera(&mut self, camera: Camera) {
        let moved = self.camera.is_none_or(|old| {
            old.center != camera.center || old.pixels_per_unit != camera.pixels_per_unit
        });
        if self.pending.take().is_some() {
            // The area asked for is now on screen.
        } else if moved {
            self.framed = None;
        }
        self.camera = Some(camera);
    }

    /// Frames an area (`None`: the whole world).
    pub fn show_area(&mut self, area: Area) {
        self.framed = Some(area);
        match self.camera.as_mut() {
            Some(camera) => {
                *camera = fit(self.projection, area, camera.viewport);
                camera.clamp(self.projection);
            }
            None => self.pending = Some(area),
        }
    }

    /// Centres the map on a place, zooming in to a regional view if further out.
    pub fn fly_to(&mut self, lon: f64, lat: f64) {
        let around = LonLatBox::new(lon - 8.0, lat - 6.0, lon + 8.0, lat + 6.0);
        let projection = self.projection;
        let Some(camera) = self.camera.as_mut() else {
            self.show_area(Some(around));
            return;
        };
        let regional = Camera::fit_lon_lat(projection, around, camera.viewport, 0.05);
        // A place far from the map's centre would sit at its cut edge: go back to the usual
        // map, or centre near the place when it is far from Greenwich too.
        if wrap_longitude(lon - camera.central_meridian).abs() > RECENTRE_BEYOND {
            camera.central_meridian = if lon.abs() <= RECENTRE_BEYOND {
                0.0
            } else {
                projection
                    .centred((lon / RECENTRE_STEP).round() * RECENTRE_STEP)
                    .central_meridian
            };
        }
        camera.center = camera.centred(projection).forward(lon, lat);
        camera.pixels_per_unit = camera.pixels_per_unit.max(regional.pixels_per_unit);
        camera.clamp(projection);
        self.framed = None;
    }

    /// Zooms about a point of the map (pixels from its top-left corner), or its centre.
    pub fn zoom(&mut self, factor: f64, anchor: Option<[f64; 2]>) {
        if let Some(camera) = self.camera.as_mut() {
            let anchor = anchor.unwrap_or([camera.viewport[0] / 2.0, camera.viewport[1] / 2.0]);
            camera.zoom_about(factor, anchor, self.projection);
            self.framed = None;
        }
    }

    /// Changes the projection, still looking at the same place.
    pub fn set_projection(&mut self, projection: Projection) {
        if projection == self.projection {
            return;
        }
        let old = self.projection;
        let centre = self
            .camera
            .and_then(|c| c.centred(old).inverse(c.center[0], c.center[1]));
        self.projection = projection;
        if let (Some(camera), Some(centre)) = (self.camera.as_mut(), centre) {
            let (old, new) = (camera.centred(old), camera.centred(projection));
            let ratio = new.units_per_degree_at(centre[0], centre[1])
                / old.units_per_degree_at(centre[0], centre[1]);
            camera.center = new.forward(centre[0], centre[1]);
            camera.pixels_per_unit /= ratio;
            camera.clamp(projection);
        }
        self.version += 1;
    }

    pub fn set_detail_mode(&mut self, mode: DetailMode) {
        self.detail_mode = mode;
        self.version += 1;
    }

    pub fn select(&mut self, selection: Option<Selection>) {
        self.selection = selection;
        self.version += 1;
    }

    pub fn set_search_text(&mut self, text: String) {
        self.search_text = text;
    }

    pub fn set_filter(&mut self, filter: Filter, project: &Project) {
        self.visible = filter.visible(project);
        self.filter = filter;
        self.version += 1;
    }

    /// Highlights a chain of ties (or none).
    pub fn set_path(&mut self, path: Option<((ActorId, ActorId), Vec<RelationshipId>)>) {
        self.path = path;
        self.version += 1;
    }

    pub fn set_presenting(&mut self, on: bool) {
        self.presenting = on;
        self.version += 1;
    }

    /// Brings what derives from the document up to date after it changed: what passes the
    /// filter, and a selection or path whose items were deleted is dropped, not left dangling.
    pub fn document_changed(&mut self, project: &Project) {
        self.visible = self.filter.visible(project);
        if let Some(Selection::Story(focus)) = &self.selection
            && !focus_exists(project, focus)
        {
            self.selection = None;
        }
        if let Some(((from, to), _)) = &self.path
            && (project.actor(from).is_none() || project.actor(to).is_none())
        {
            self.path = None;
        }
        self.version += 1;
    }

    /// A new document: nothing of the old one stays selected.
    pub fn document_replaced(&mut self, project: &Project) {
        self.selection = None;
        self.path = None;
        self.document_changed(project);
    }

    /// Looks where a project was looking when saved (projection and area), if it says.
    pub fn show_saved(&mut self, project: &Project) {
        let Some(saved) = MapView::from_view(&project.view) else {
            return;
        };
        if let Some(projection) = Projection::from_name(&saved.projection) {
            self.set_projection(projection);
        }
        self.show_area(saved.bbox.map(LonLatBox::from_array));
    }
}

/// The camera that fits an area into a viewport, as the window flies to it.
fn fit(projection: Projection, area: Area, viewport: [f64; 2]) -> Camera {
    match area {
        // An area across the antimeridian is shown on a map centred on its middle.
        Some(area) => Camera::fit_lon_lat(projection, area, viewport, FLY_MARGIN),
        None => Camera::world(projection, viewport),
    }
}

/// Whether the focused story item is still in the project.
fn focus_exists(project: &Project, focus: &Focus) -> bool {
    match focus {
        Focus::Actor(id) => project.actor(id).is_some(),
        Focus::Relationship(id) => project.relationship(id).is_some(),
        Focus::Event(id) => project.event(id).is_some(),
    }
}
