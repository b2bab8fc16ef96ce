//! The manifest of `maps/`: file digests and entries.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// SHA-256 of `data` as lowercase hex, so the manifest can pin file contents.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// One file of `maps/manifest.json`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ManifestEntry {
    pub file: String,
    /// "countries", "borders", "coastlines" or "boundary-lines".
    pub kind: String,
    pub resolution: String,
    /// What the file derives from: npm packages as `name@version`, a repository's file as
    /// `owner/name@commit:path` (with the input's `sha256:` digest).
    pub sources: Vec<String>,
    pub features: usize,
    pub vertices: usize,
    pub bytes: usize,
    pub sha256: String,
}
