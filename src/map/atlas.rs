//! The atlas: every level of detail of the base map, loaded in the background so the window
//! appears at once, and their projections cached so a change of view never re-projects.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

use super::basemap::Detail;
use super::projected::Waker;
use super::projected::{DetailData, ProjectedDetail, ProjectedLines, graticule};
use super::projection::{CentredProjection, Projection};

/// How many projected levels are kept (each 10m projection is ~10 MB; a map centred on
/// another meridian is one more).
const PROJECTED_CACHE_SIZE: usize = 8;

/// A graticule's projection, central meridian (micro-degrees) and step (centi-degrees).
type GraticuleKey = (Projection, i64, u32);

/// The base map at every level of detail that has finished loading.
pub struct Atlas {
    levels: HashMap<Detail, Arc<DetailData>>,
    pending: Option<Receiver<Result<Arc<DetailData>, String>>>,
    /// Projections made so far, most recently used last. Behind a lock so that whoever only
    /// reads the atlas (a picture being composed) can still fill the cache.
    projected: Arc<Mutex<Vec<Arc<ProjectedDetail>>>>,
    graticules: Mutex<HashMap<GraticuleKey, Arc<ProjectedLines>>>,
    /// Projections being made on a worker thread (see [`Atlas::prepare`]).
    preparing: Arc<Mutex<Vec<(Detail, CentredProjection)>>>,
    errors: Vec<String>,
}

impl Atlas {
    /// Loads the coarse level now (a few milliseconds) and the finer ones on a background
    /// thread; `on_loaded` is called from that thread after each level arrives so the UI can
    /// repaint.
    pub fn start(on_loaded: impl Fn() + Send + 'static) -> Atlas {
        let mut atlas = Atlas::empty();
        atlas.insert(
            DetailData::build(Detail::Coarse)
                .map(Arc::new)
                .map_err(|e| e.to_string()),
        );
        let (sender, receiver) = mpsc::channel();
        let spawned = thread::Builder::new()
            .name("faultline-map-loader".into())
            .spawn(move || {
                for detail in [Detail::Medium, Detail::Fine] {
                    let level = DetailData::build(detail)
                        .map(Arc::new)
                        .map_err(|e| e.to_string());
                    if sender.send(level).is_err() {
                        return;
                    }
                    on_loaded();
                }
            });
        match spawned {
            Ok(_) => atlas.pending = Some(receiver),
            Err(e) => atlas
                .errors
                .push(format!("could not start the map loader: {e}")),
        }
        atlas
    }

    /// Loads the given levels before returning (for the command line and tests).
    pub fn load_now(details: &[Detail]) -> Atlas {
        let mut atlas = Atlas::empty();
        for &detail in details {
            atlas.insert(
                DetailData::build(detail)
                    .map(Arc::new)
                    .map_err(|e| e.to_string()),
            );
        }
        atlas
    }

    fn empty() -> Atlas {
        Atlas {
            levels: HashMap::new(),
            pending: None,
            projected: Arc::new(Mutex::new(Vec::new())),
            graticules: Mutex::new(HashMap::new()),
            preparing: Arc::new(Mutex::new(Vec::new())),
            errors: Vec::new(),
        }
    }

    fn insert(&mut self, level: Result<Arc<DetailData>, String>) {
        match level {
            Ok(data) => {
                self.levels.insert(data.base.detail, data);
            }
            Err(message) => self.errors.push(message),
        }
    }

    /// Takes in levels the loader has finished; returns true when something arrived.
    pub fn poll(&mut self) -> bool {
        let mut arrived = false;
        while let Some(receiver) = &self.pending {
            match receiver.try_recv() {
                Ok(level) => {
                    self.insert(level);
                    arrived = true;
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => self.pending = None,
            }
        }
        arrived
    }

    /// Whether levels are still loading.
    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Errors met while loading, taken once.
    pub fn take_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.errors)
    }

    /// The loaded level closest to `wanted`, preferring coarser ones while finer ones load.
    pub fn level(&self, wanted: Detail) -> Option<&Arc<DetailData>> {
        if let Some(level) = self.levels.get(&wanted) {
            return Some(level);
        }
        let mut details: Vec<Detail> = self.levels.keys().copied().collect();
        details.sort_by_key(|&d| ((d as i32 - wanted as i32).abs(), d as i32));
        details.first().and_then(|d| self.levels.get(d))
    }

    /// Which levels have loaded.
    pub fn loaded(&self) -> Vec<Detail> {
        let mut details: Vec<Detail> = self.levels.keys().copied().collect();
        details.sort();
        details
    }

    /// The best loaded level for `wanted`, projected (cached). On a map centred away from
    /// Greenwich the first call cuts the geometry at the seam (see [`super::seam`]).
    pub fn projected(
        &self,
        wanted: Detail,
        projection: impl Into<CentredProjection>,
    ) -> Option<Arc<ProjectedDetail>> {
        let projection = projection.into();
        let data = Arc::clone(self.level(wanted)?);
        if let Some(found) = self.cached(data.base.detail, projection) {
            return Some(found);
        }
        let entry = Arc::new(ProjectedDetail::new(data, projection));
        self.remember(Arc::clone(&entry));
        Some(entry)
    }

    /// Whether the level `projected` would give for `wanted` is ready in `projection`; when it
    /// is not, it is made on a worker thread that calls `waker` when done, so the window can
    /// keep drawing the old projection meanwhile (re-centring the map is not instant).
    pub fn prepare(
        &self,
        wanted: Detail,
        projection: impl Into<CentredProjection>,
        waker: &Waker,
    ) -> bool {
        let projection = projection.into();
        let Some(data) = self.level(wanted).map(Arc::clone) else {
            return false;
        };
        let detail = data.base.detail;
        if self.cached(detail, projection).is_some() {
            return true;
        }
        let mut preparing = self
            .preparing
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if preparing.contains(&(detail, projection)) {
            return false;
        }
        let (cache, list, waker) = (
            Arc::clone(&self.projected),
            Arc::clone(&self.preparing),
            Arc::clone(waker),
        );
        let spawned = thread::Builder::new()
            .name("faultline-reproject".into())
            .spawn(move || {
                remember(&cache, Arc::new(ProjectedDetail::new(data, projection)));
                list.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .retain(|&entry| entry != (detail, projection));
                waker();
            });
        if spawned.is_ok() {
            preparing.push((detail, projection));
        }
        false
    }

    /// A projection already made, moved to the most recently used end of the cache.
    fn cached(
        &self,
        detail: Detail,
        projection: CentredProjection,
    ) -> Option<Arc<ProjectedDetail>> {
        // A cache poisoned by a panic elsewhere still holds whole entries.
        let mut cache = self
            .projected
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let found = cache
            .iter()
            .position(|p| p.detail == detail && p.projection == projection)?;
        let entry = cache.remove(found);
        cache.push(Arc::clone(&entry));
        Some(entry)
    }

    fn remember(&self, entry: Arc<ProjectedDetail>) {
        remember(&self.projected, entry);
    }

    /// The graticule at a step (degrees) in a projection (cached).
    pub fn graticule(
        &self,
        step: f64,
        projection: impl Into<CentredProjection>,
    ) -> Arc<ProjectedLines> {
        let projection = projection.into();
        let key = (
            projection.projection,
            (projection.central_meridian * 1e6).round() as i64,
            (step * 100.0).round() as u32,
        );
        let mut cache = self
            .graticules
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            cache
                .entry(key)
                .or_insert_with(|| Arc::new(graticule(step, projection))),
        )
    }
}

/// Adds a projection to the cache (unless there already), dropping the least recently used.
fn remember(cache: &Mutex<Vec<Arc<ProjectedDetail>>>, entry: Arc<ProjectedDetail>) {
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if cache
        .iter()
        .any(|p| p.detail == entry.detail && p.projection == entry.projection)
    {
        return;
    }
    if cache.len() >= PROJECTED_CACHE_SIZE {
        cache.remove(0);
    }
    cache.push(entry);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_level_is_there_at_once_and_projections_are_cached() {
        let atlas = Atlas::load_now(&[Detail::Coarse]);
        assert_eq!(atlas.loaded(), vec![Detail::Coarse]);
        // A finer level that has not loaded falls back to the one that has.
        let Some(first) = atlas.projected(Detail::Fine, Projection::EqualEarth) else {
            panic!("coarse level projects");
        };
        assert_eq!(first.detail, Detail::Coarse);
        let Some(again) = atlas.projected(Detail::Coarse, Projection::EqualEarth) else {
            panic!("cached");
        };
        assert!(
            Arc::ptr_eq(&first, &again),
            "the projection is computed once"
        );
    }
}
