//! The bundled base map in a compact binary form (`maps/atlas-R.bin`), read at start instead of
//! parsing 21 MB of GeoJSON and triangulating half a million vertices.
//!
//! The packed files are made by `faultline build-maps` from the GeoJSON beside them (never by
//! hand) and hold exactly what [`DetailData`](super::projected::DetailData) needs: the
//! countries as loaded (densified, with their boxes, areas and label points), their triangles,
//! the borders and the coastlines. Each file records the SHA-256 of the three GeoJSON files it
//! was made from and a CRC-32 of its contents: when the GeoJSON changed since (its digest in
//! `maps/manifest.json` differs) or the file is damaged, the loader says so and parses the
//! GeoJSON instead, so a stale packed file can never show an outdated map.
//!
//! Layout (little-endian): magic `FLTLPACK`, format version (u32), level (u8), three SHA-256
//! digests (countries, borders, coastlines GeoJSON), payload length (u64), payload CRC-32
//! (u32), payload. Coordinates are kept as f64, so what is read is bit for bit what the
//! GeoJSON parser gives.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use thiserror::Error;

use sha2::{Digest, Sha256};

use super::basemap::{BaseMap, BaseMapError, Country, Detail, LineFeature};
use super::tessellate::CountryShape;

const MAGIC: &[u8; 8] = b"FLTLPACK";
/// Bumped whenever the layout or what is stored changes; older files are then stale.
pub const FORMAT_VERSION: u32 = 1;
const HEADER_LEN: usize = 8 + 4 + 1 + 3 * 32 + 8 + 4;

/// Why a packed file was not used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PackedError {
    #[error("maps/{file} is missing or empty: run `faultline build-maps --packed-only`")]
    Missing { file: String },
    #[error("maps/{file} is not a packed atlas of format {FORMAT_VERSION}")]
    WrongFormat { file: String },
    #[error("maps/{file} is stale: {source_file} changed since it was packed")]
    Stale { file: String, source_file: String },
    #[error("maps/{file} is damaged ({what})")]
    Damaged { file: String, what: String },
}

/// The digests of the GeoJSON a packed level is made from: countries, borders, coastlines.
pub type SourceDigests = [[u8; 32]; 3];

/// The name of a level's packed file.
pub fn file_name(detail: Detail) -> String {
    format!("atlas-{}.bin", detail.id())
}

/// The names of a level's three GeoJSON sources, in [`SourceDigests`] order.
pub fn source_files(detail: Detail) -> [String; 3] {
    ["countries", "borders", "coastlines"].map(|kind| format!("{kind}-{}.geojson", detail.id()))
}

/// Packs a loaded level and its triangulated shapes (one per country, in order).
pub fn encode(base: &BaseMap, shapes: &[CountryShape], sources: &SourceDigests) -> Vec<u8> {
    let mut payload = Writer::default();
    payload.u32(base.countries.len() as u32);
    for (country, shape) in base.countries.iter().zip(shapes) {
        payload.text(&country.name);
        for code in [&country.iso_a3, &country.iso_a2, &country.iso_n3] {
            match code {
                Some(code) => {
                    payload.0.push(1);
                    payload.text(code);
                }
                None => payload.0.push(0),
            }
        }
        payload.f64s(&country.label_point);
        payload.f64s(&country.bbox);
        payload.f64s(&country.main_bbox);
        payload.f64s(&[country.area_deg2]);
        payload.u32(country.geometry.0.len() as u32);
        for polygon in &country.geometry {
            payload.u32(1 + polygon.interiors().len() as u32);
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                payload.line(ring);
            }
        }
        payload.u32(shape.triangles.len() as u32);
        for &index in &shape.triangles {
            payload.u32(index);
        }
    }
    for features in [&base.borders, &base.coastlines] {
        payload.u32(features.len() as u32);
        for feature in features {
            payload.text(&feature.name);
            payload.u32(feature.lines.0.len() as u32);
            for line in &feature.lines {
                payload.line(line);
            }
        }
    }
    let payload = payload.0;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(detail_code(base.detail));
    for digest in sources {
        out.extend_from_slice(digest);
    }
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// Reads a packed level, checking that it is whole and was made from GeoJSON with the
/// `expected` digests. Returns the base map and one shape per country.
pub fn decode(
    bytes: &[u8],
    detail: Detail,
    expected: &SourceDigests,
) -> Result<(BaseMap, Vec<CountryShape>), PackedError> {
    let file = file_name(detail);
    if bytes.is_empty() {
        return Err(PackedError::Missing { file });
    }
    let wrong = || PackedError::WrongFormat { file: file.clone() };
    let header = bytes.get(..HEADER_LEN).ok_or_else(wrong)?;
    let mut reader = Reader::new(header, &file);
    if reader.take(8).map_err(|_| wrong())? != MAGIC
        || reader.u32().map_err(|_| wrong())? != FORMAT_VERSION
        || reader.byte().map_err(|_| wrong())? != detail_code(detail)
    {
        return Err(wrong());
    }
    for (expected, source_file) in expected.iter().zip(source_files(detail)) {
        if reader.take(32)? != expected {
            return Err(PackedError::Stale { file, source_file });
        }
    }
    let length = reader.u64()? as usize;
    let crc = reader.u32()?;
    let payload = &bytes[HEADER_LEN..];
    if payload.len() != length {
        return Err(PackedError::Damaged {
            file,
            what: format!("{} bytes of payload, expected {length}", payload.len()),
        });
    }
    if crc32fast::hash(payload) != crc {
        return Err(PackedError::Damaged {
            file,
            what: "checksum mismatch".into(),
        });
    }
    let mut reader = Reader::new(payload, &file);
    let count = reader.count()?;
    let mut countries = Vec::with_capacity(count);
    let mut shapes = Vec::with_capacity(count);
    for _ in 0..count {
        let name = reader.text()?;
        let mut codes = [None, None, None];
        for code in &mut codes {
            if reader.byte()? == 1 {
                *code = Some(reader.text()?);
            }
        }
        let [iso_a3, iso_a2, iso_n3] = codes;
        let label_point = reader.array::<2>()?;
        let bbox = reader.array::<4>()?;
        let main_bbox = reader.array::<4>()?;
        let [area_deg2] = reader.array::<1>()?;
        let polygons = reader.count()?;
        let mut geometry = Vec::with_capacity(polygons);
        for _ in 0..polygons {
            let rings = reader.count()?;
            let exterior = reader.line()?;
            let holes = (1..rings)
                .map(|_| reader.line())
                .collect::<Result<Vec<_>, _>>()?;
            geometry.push(Polygon::new(exterior, holes));
        }
        let geometry = MultiPolygon(geometry);
        let triangles = reader.u32s()?;
        let shape = CountryShape::with_triangles(&geometry, triangles);
        if shape
            .triangles
            .iter()
            .any(|&i| i as usize >= shape.vertices.len())
        {
            return Err(reader.damaged("a triangle points past its country's vertices"));
        }
        countries.push(Country {
            name,
            iso_a3,
            iso_a2,
            iso_n3,
            label_point,
            geometry,
            bbox,
            main_bbox,
            area_deg2,
        });
        shapes.push(shape);
    }
    let mut line_sets = [Vec::new(), Vec::new()];
    for set in &mut line_sets {
        let count = reader.count()?;
        set.reserve(count);
        for _ in 0..count {
            let name = reader.text()?;
            let lines = reader.count()?;
            let lines = (0..lines)
                .map(|_| reader.line())
                .collect::<Result<Vec<_>, _>>()?;
            set.push(LineFeature {
                name,
                lines: MultiLineString(lines),
            });
        }
    }
    if !reader.rest().is_empty() {
        return Err(reader.damaged("bytes left over after the coastlines"));
    }
    let [borders, coastlines] = line_sets;
    Ok((
        BaseMap {
            detail,
            countries,
            borders,
            coastlines,
        },
        shapes,
    ))
}

/// The packed file embedded in the binary for a level (empty when it was never built).
fn bundled(detail: Detail) -> &'static [u8] {
    match detail {
        Detail::Coarse => include_bytes!("../../maps/atlas-110m.bin"),
        Detail::Medium => include_bytes!("../../maps/atlas-50m.bin"),
        Detail::Fine => include_bytes!("../../maps/atlas-10m.bin"),
    }
}

/// The digests `maps/manifest.json` records for a level's GeoJSON: the embedded GeoJSON is
/// what that manifest describes (a test checks it), so a packed file made from other GeoJSON
/// is stale.
pub fn bundled_sources(detail: Detail) -> Option<SourceDigests> {
    let manifest: serde_json::Value =
        serde_json::from_str(include_str!("../../maps/manifest.json")).ok()?;
    let files = manifest.get("files")?.as_array()?;
    let digest_of = |name: &str| {
        files
            .iter()
            .find(|entry| entry.get("file").and_then(|f| f.as_str()) == Some(name))
            .and_then(|entry| entry.get("sha256")?.as_str())
            .and_then(digest_from_hex)
    };
    let [a, b, c] = source_files(detail);
    Some([digest_of(&a)?, digest_of(&b)?, digest_of(&c)?])
}

/// Reads the packed level embedded in the binary, if it is whole and up to date.
pub fn read_bundled(detail: Detail) -> Result<(BaseMap, Vec<CountryShape>), PackedError> {
    let file = file_name(detail);
    let sources = bundled_sources(detail).ok_or_else(|| PackedError::Stale {
        file: file.clone(),
        source_file: "manifest.json".into(),
    })?;
    decode(bundled(detail), detail, &sources)
}

/// Packs a level from the text of its three GeoJSON files (countries, borders, coastlines):
/// parsed and triangulated as the app would, and stamped with the files' digests.
pub fn pack_level(detail: Detail, sources: [&[u8]; 3]) -> Result<Vec<u8>, BaseMapError> {
    let [countries, borders, coastlines] = sources;
    let base = BaseMap::from_geojson(detail, countries, borders, coastlines)?;
    let shapes: Vec<CountryShape> = base
        .countries
        .iter()
        .map(|c| CountryShape::tessellate(&c.geometry))
        .collect();
    let digests = sources.map(|bytes| {
        let digest: [u8; 32] = Sha256::digest(bytes).into();
        digest
    });
    Ok(encode(&base, &shapes, &digests))
}

/// Parses a SHA-256 written as 64 hex digits (as `maps/manifest.json` writes them).
pub fn digest_from_hex(hex: &str) -> Option<[u8; 32]> {
    let hex = hex.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(hex.chunks_exact(2)) {
        let text = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(out)
}

fn detail_code(detail: Detail) -> u8 {
    match detail {
        Detail::Coarse => 0,
        Detail::Medium => 1,
        Detail::Fine => 2,
    }
}

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    fn f64s(&mut self, values: &[f64]) {
        for value in values {
            self.0.extend_from_slice(&value.to_le_bytes());
        }
    }

    fn text(&mut self, text: &str) {
        self.u32(text.len() as u32);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn line(&mut self, line: &LineString<f64>) {
        self.u32(line.0.len() as u32);
        for c in &line.0 {
            self.f64s(&[c.x, c.y]);
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    file: &'a str,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], file: &'a str) -> Reader<'a> {
        Reader { bytes, at: 0, file }
    }

    fn damaged(&self, what: &str) -> PackedError {
        PackedError::Damaged {
            file: self.file.to_owned(),
            what: format!("{what} at byte {}", self.at),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PackedError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let Some(end) = end else {
            return Err(self.damaged("cut short"));
        };
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }

    fn byte(&mut self) -> Result<u8, PackedError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, PackedError> {
        let mut word = [0u8; 4];
        word.copy_from_slice(self.take(4)?);
        Ok(u32::from_le_bytes(word))
    }

    fn u64(&mut self) -> Result<u64, PackedError> {
        let mut word = [0u8; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(word))
    }

    /// A count of items that follow, each at least 4 bytes long (so a damaged count cannot
    /// make us reserve more than the file could hold).
    fn count(&mut self) -> Result<usize, PackedError> {
        let count = self.u32()? as usize;
        if count > self.rest().len() / 4 + 1 {
            return Err(self.damaged("a count larger than the file"));
        }
        Ok(count)
    }

    fn f64s(&mut self, n: usize) -> Result<impl Iterator<Item = f64> + 'a, PackedError> {
        let bytes = self.take(n.checked_mul(8).ok_or_else(|| self.damaged("overflow"))?)?;
        Ok(bytes.chunks_exact(8).map(|chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            f64::from_le_bytes(word)
        }))
    }

    fn array<const N: usize>(&mut self) -> Result<[f64; N], PackedError> {
        let mut out = [0.0; N];
        for (slot, value) in out.iter_mut().zip(self.f64s(N)?) {
            *slot = value;
        }
        Ok(out)
    }

    fn text(&mut self) -> Result<String, PackedError> {
        let length = self.u32()? as usize;
        let bytes = self.take(length)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| self.damaged("a name that is not UTF-8"))
    }

    fn line(&mut self) -> Result<LineString<f64>, PackedError> {
        let points = self.u32()? as usize;
        let mut values = self.f64s(
            points
                .checked_mul(2)
                .ok_or_else(|| self.damaged("overflow"))?,
        )?;
        let mut coords = Vec::with_capacity(points);
        while let (Some(x), Some(y)) = (values.next(), values.next()) {
            coords.push(Coord { x, y });
        }
        Ok(LineString(coords))
    }

    fn u32s(&mut self) -> Result<Vec<u32>, PackedError> {
        let n = self.u32()? as usize;
        let bytes = self.take(n.checked_mul(4).ok_or_else(|| self.damaged("overflow"))?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|chunk| {
                let mut word = [0u8; 4];
                word.copy_from_slice(chunk);
                u32::from_le_bytes(word)
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use geo::polygon;

    use super::*;

    fn sample() -> (BaseMap, Vec<CountryShape>) {
        let square = polygon![
            (x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0), (x: 0.0, y: 0.0)
        ];
        let geometry = MultiPolygon(vec![square]);
        let shape = CountryShape::tessellate(&geometry);
        let base = BaseMap {
            detail: Detail::Coarse,
            countries: vec![Country {
                name: "Squareland".into(),
                iso_a3: Some("SQL".into()),
                iso_a2: None,
                iso_n3: Some("999".into()),
                label_point: [1.0, 1.0],
                geometry,
                bbox: [0.0, 0.0, 2.0, 2.0],
                main_bbox: [0.0, 0.0, 2.0, 2.0],
                area_deg2: 4.0,
            }],
            borders: vec![LineFeature {
                name: "A – B".into(),
                lines: MultiLineString(vec![LineString::from(vec![(0.0, 0.0), (0.1, 0.2)])]),
            }],
            coastlines: Vec::new(),
        };
        (base, vec![shape])
    }

    #[test]
    fn a_packed_level_reads_back_as_written() {
        let (base, shapes) = sample();
        let sources = [[1; 32], [2; 32], [3; 32]];
        let bytes = encode(&base, &shapes, &sources);
        let (read, read_shapes) = decode(&bytes, Detail::Coarse, &sources).expect("decodes");
        assert_eq!(read.countries[0].geometry, base.countries[0].geometry);
        assert_eq!(read.countries[0].iso_a2, None);
        assert_eq!(read.countries[0].iso_n3.as_deref(), Some("999"));
        assert_eq!(read.borders[0].lines, base.borders[0].lines);
        assert_eq!(read_shapes[0].triangles, shapes[0].triangles);
        assert_eq!(read_shapes[0].vertices, shapes[0].vertices);
        assert_eq!(read_shapes[0].rings, shapes[0].rings);
    }

    #[test]
    fn stale_damaged_and_foreign_files_are_refused() {
        let (base, shapes) = sample();
        let sources = [[1; 32], [2; 32], [3; 32]];
        let bytes = encode(&base, &shapes, &sources);
        let newer = [[1; 32], [9; 32], [3; 32]];
        assert_eq!(
            decode(&bytes, Detail::Coarse, &newer).err(),
            Some(PackedError::Stale {
                file: "atlas-110m.bin".into(),
                source_file: "borders-110m.geojson".into()
            })
        );
        let mut damaged = bytes.clone();
        if let Some(last) = damaged.last_mut() {
            *last ^= 0x40;
        }
        assert!(matches!(
            decode(&damaged, Detail::Coarse, &sources),
            Err(PackedError::Damaged { .. })
        ));
        assert!(matches!(
            decode(&bytes[..bytes.len() - 3], Detail::Coarse, &sources),
            Err(PackedError::Damaged { .. })
        ));
        assert!(matches!(
            decode(&bytes, Detail::Fine, &sources),
            Err(PackedError::WrongFormat { .. })
        ));
        assert!(matches!(
            decode(
                b"{\"type\": \"FeatureCollection\"}",
                Detail::Coarse,
                &sources
            ),
            Err(PackedError::WrongFormat { .. })
        ));
        assert!(matches!(
            decode(b"", Detail::Coarse, &sources),
            Err(PackedError::Missing { .. })
        ));
    }

    #[test]
    fn bundled_packed_levels_are_fresh_and_hold_what_the_geojson_gives() {
        for detail in Detail::ALL {
            let (base, shapes) = match read_bundled(detail) {
                Ok(level) => level,
                Err(problem) => panic!("{problem}"),
            };
            let [countries, borders, coastlines] = detail.geojson_sources();
            for (bytes, file) in [countries, borders, coastlines]
                .into_iter()
                .zip(source_files(detail))
            {
                let expected = bundled_sources(detail).expect("manifest lists the level");
                let index = source_files(detail)
                    .iter()
                    .position(|f| *f == file)
                    .expect("listed");
                let digest: [u8; 32] = Sha256::digest(bytes).into();
                assert_eq!(
                    digest, expected[index],
                    "manifest.json is out of date for {file}"
                );
            }
            let parsed = BaseMap::load(detail).expect("GeoJSON loads");
            assert_eq!(base.countries.len(), parsed.countries.len(), "{detail}");
            for ((packed, parsed), shape) in
                base.countries.iter().zip(&parsed.countries).zip(&shapes)
            {
                assert_eq!(packed.name, parsed.name);
                assert_eq!(
                    (&packed.iso_a3, &packed.iso_a2, &packed.iso_n3),
                    (&parsed.iso_a3, &parsed.iso_a2, &parsed.iso_n3)
                );
                assert_eq!(packed.geometry, parsed.geometry, "{}", packed.name);
                assert_eq!(
                    (
                        packed.label_point,
                        packed.bbox,
                        packed.main_bbox,
                        packed.area_deg2
                    ),
                    (
                        parsed.label_point,
                        parsed.bbox,
                        parsed.main_bbox,
                        parsed.area_deg2
                    )
                );
                let fresh = CountryShape::tessellate(&parsed.geometry);
                assert_eq!(shape.triangles, fresh.triangles, "{}", packed.name);
                assert_eq!(shape.vertices, fresh.vertices);
                assert_eq!(
                    (&shape.rings, &shape.polygons),
                    (&fresh.rings, &fresh.polygons)
                );
            }
            for (packed, parsed) in [
                (&base.borders, &parsed.borders),
                (&base.coastlines, &parsed.coastlines),
            ] {
                assert_eq!(packed.len(), parsed.len());
                for (a, b) in packed.iter().zip(parsed) {
                    assert_eq!((&a.name, &a.lines), (&b.name, &b.lines));
                }
            }
        }
    }

    #[test]
    fn digests_parse_from_hex() {
        let hex = "00ff".repeat(16);
        let digest = digest_from_hex(&hex).expect("64 hex digits");
        assert_eq!(digest[0], 0);
        assert_eq!(digest[1], 255);
        assert_eq!(digest_from_hex("abc"), None);
        assert_eq!(digest_from_hex(&"zz".repeat(32)), None);
    }
}
