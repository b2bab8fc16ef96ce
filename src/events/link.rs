//! How a project keeps a dataset: a link by path with its format, mapping and checksum, and
//! the parsed table in a cache beside the project. Opening a dataset never fails the project:
//! a moved or changed source is a [`DatasetNotice`] or a [`DatasetError`] the window shows.

use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::cache;
use super::cluster::ClusterIndex;
use super::import::{Format, ImportOptions, Progress, import_file};
use super::table::EventTable;

/// A dataset the project shows, stored in the project file's `faultline.datasets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetLink {
    /// Unique within the project; names the cache file.
    pub id: String,
    /// What the user calls it (the file name at first).
    pub name: String,
    /// The source file, relative to the project file when it was saved beside it.
    pub path: String,
    pub format: Format,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapping: Option<super::import::Mapping>,
    /// sha256 of the source file, lower-case hex.
    pub checksum: String,
    /// Events imported (rows skipped are not counted).
    pub rows: usize,
    /// The source file's size in bytes, a cheap check that it has not changed.
    #[serde(default)]
    pub size: u64,
    /// Whether the map shades countries by the number of this dataset's (filtered) events.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub choropleth: bool,
    /// Which areas the choropleth counts in (countries unless the file says otherwise).
    #[serde(default, skip_serializing_if = "ChoroplethAreas::is_countries")]
    pub choropleth_areas: ChoroplethAreas,
}

/// The areas a dataset's choropleth counts its events in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChoroplethAreas {
    #[default]
    Countries,
    /// First-level administrative areas (states, provinces), where the dataset names them.
    Admin1,
}

impl ChoroplethAreas {
    fn is_countries(&self) -> bool {
        *self == ChoroplethAreas::Countries
    }

    /// How the legend and the menus name them.
    pub fn label(self) -> &'static str {
        match self {
            ChoroplethAreas::Countries => "country",
            ChoroplethAreas::Admin1 => "first-level area",
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl DatasetLink {
    /// A link to `path` as given; [`DatasetLink::relative_to`] rewrites it for a project.
    pub fn new(
        path: &Path,
        format: Format,
        mapping: Option<super::import::Mapping>,
        checksum: String,
        rows: usize,
    ) -> Self {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let id: String = format!("{format}-{}", &checksum.get(..12).unwrap_or(&checksum));
        Self {
            id,
            name,
            path: path.display().to_string(),
            format,
            mapping,
            checksum,
            rows,
            size: std::fs::metadata(path).map_or(0, |m| m.len()),
            choropleth: false,
            choropleth_areas: ChoroplethAreas::Countries,
        }
    }

    /// The link with its path written relative to `project_path`'s folder when the source
    /// sits inside it (or below), absolute otherwise.
    pub fn relative_to(mut self, project_path: &Path) -> Self {
        let source = absolute(Path::new(&self.path));
        let folder = absolute(project_folder(project_path));
        self.path = match source.strip_prefix(&folder) {
            Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
            Err(_) => source.display().to_string(),
        };
        self
    }

    /// Where the source is, for a project at `project_path`.
    pub fn source_path(&self, project_path: &Path) -> PathBuf {
        let path = Path::new(&self.path);
        if path.is_absolute() {
            path.to_path_buf()
        } else {
            project_folder(project_path).join(path)
        }
    }
}

fn project_folder(project_path: &Path) -> &Path {
    project_path.parent().unwrap_or(Path::new("."))
}

fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Something the window should tell the user about a dataset that did open.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DatasetNotice {
    #[error("dataset \"{name}\": its source {} is missing (moved or deleted); showing the events cached with the project", .path.display())]
    SourceMissing { name: String, path: PathBuf },
    #[error("dataset \"{name}\": its source {} has changed since it was imported; showing the events cached with the project (import it again to update)", .path.display())]
    SourceChanged { name: String, path: PathBuf },
    #[error("dataset \"{name}\": its source {} has changed since it was imported and no cache was left; read it again ({rows} events now)", .path.display())]
    Reimported {
        name: String,
        path: PathBuf,
        rows: usize,
    },
}

/// Why a dataset could not be shown (the project itself still opens).
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("dataset \"{name}\": its source {} is missing (moved or deleted) and there is no cache of it beside the project; find the file and import it again", .path.display())]
    Missing { name: String, path: PathBuf },
    #[error("dataset \"{name}\": {source}")]
    Import {
        name: String,
        #[source]
        source: super::import::ImportError,
    },
}

/// A linked dataset, opened: its events, their cluster index, and what to tell the user.
#[derive(Debug)]
pub struct OpenedDataset {
    pub table: EventTable,
    pub index: ClusterIndex,
    pub notice: Option<DatasetNotice>,
}

/// The events of a linked dataset: from the cache when it matches the link, else read again
/// from the source (and cached). A source that moved or changed is reported, not fatal.
pub fn open_dataset(
    project_path: &Path,
    link: &DatasetLink,
) -> Result<OpenedDataset, DatasetError> {
    let source = link.source_path(project_path);
    let metadata = std::fs::metadata(&source).ok();
    if let Ok((table, index)) = cache::read_cache(project_path, link) {
        let notice = match metadata {
            None => Some(DatasetNotice::SourceMissing {
                name: link.name.clone(),
                path: source,
            }),
            Some(m) if link.size != 0 && m.len() != link.size => {
                Some(DatasetNotice::SourceChanged {
                    name: link.name.clone(),
                    path: source,
                })
            }
            Some(_) => None,
        };
        return Ok(OpenedDataset {
            table,
            index,
            notice,
        });
    }
    if metadata.is_none() {
        return Err(DatasetError::Missing {
            name: link.name.clone(),
            path: source,
        });
    }
    let options = ImportOptions {
        format: Some(link.format),
        mapping: link.mapping.clone(),
    };
    let imported =
        import_file(&source, &options, &Progress::default()).map_err(|e| DatasetError::Import {
            name: link.name.clone(),
            source: e,
        })?;
    let notice = (imported.link.checksum != link.checksum).then(|| DatasetNotice::Reimported {
        name: link.name.clone(),
        path: source,
        rows: imported.table.len(),
    });
    let index = ClusterIndex::new(&imported.table);
    // The link's checksum keys the cache; a changed source is cached only once re-linked.
    if notice.is_none() {
        // A cache that cannot be written only makes the next opening slower.
        let _ = cache::write_cache(project_path, link, &imported.table, &index);
    }
    Ok(OpenedDataset {
        table: imported.table,
        index,
        notice,
    })
}
