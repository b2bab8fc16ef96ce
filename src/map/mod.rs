//! The map engine: projections, camera, the bundled base map, tessellation, hit-testing and
//! labels. It knows nothing of the UI toolkit nor of the document model.

pub mod admin1;
pub mod atlas;
pub mod atlas_build;
pub mod basemap;
pub mod boundary;
pub mod boundary_build;
pub mod camera;
pub mod crs;
pub mod geojson_check;
pub mod gpkg;
pub mod index;
pub mod kml;
pub mod label_guess;
pub mod labels;
pub mod layer_file;
pub mod packed;
pub mod projected;
pub mod projection;
pub mod seam;
pub mod shp;
pub mod simplestyle;
pub mod tessellate;
pub mod user_layer;
pub mod vector_layer;
