//! An offline gazetteer: countries, world subregions and cities of 15,000+ people from
//! GeoNames, with English demonyms and capitals, so places typed or read in an article resolve
//! to a position and a base-map country (ISO 3166-1 alpha-3) without any network.
//!
//! The data is `assets/gazetteer.tsv.gz`, built by `assets/build_gazetteer.py` (format and
//! licences in `assets/README.md`). Names match case- and accent-insensitively ("mazar-e
//! sharif" finds "Mazār-e Sharīf").

mod parse;

use std::collections::HashMap;
use std::io::Read;

pub use parse::GazetteerError;

/// The bundled gazetteer, compressed (about 1.3 MB).
const BUNDLED: &[u8] = include_bytes!("../../assets/gazetteer.tsv.gz");

/// What sort of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    Country,
    /// A world subregion such as "Central Asia", with member countries.
    Region,
    City,
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerPlace {
    pub name: String,
    pub kind: PlaceKind,
    /// Base-map country; `None` for regions.
    pub country_iso_a3: Option<String>,
    pub lon: f64,
    pub lat: f64,
    /// 0 when unknown (regions).
    pub population: u64,
    /// Other names in Latin script (exonyms, transliterations, official names).
    pub alternates: Vec<String>,
    /// For a country: its English demonyms ("Afghan"); for a region: its adjective ("Central Asian").
    pub demonyms: Vec<String>,
    /// For a country: its capital's name.
    pub capital: Option<String>,
    /// For a region: its member countries (ISO A3).
    pub members: Vec<String>,
}

/// Index of a place in the gazetteer, stable for one loaded gazetteer.
pub type PlaceIndex = usize;

/// A type-ahead hit: enough for a form to fill position and country.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceHit {
    pub index: PlaceIndex,
    pub name: String,
    /// The name that matched the typed text, when it was an alternate name.
    pub matched: String,
    pub kind: PlaceKind,
    pub country_iso_a3: Option<String>,
    pub lon: f64,
    pub lat: f64,
    pub population: u64,
}

/// The loaded gazetteer with its name index.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<GazetteerPlace>,
    /// (folded name, place) sorted by name then importance, for exact and prefix look-ups.
    names: Vec<(String, u32)>,
    countries: HashMap<String, PlaceIndex>,
    /// folded demonym → place (country or region).
    demonyms: HashMap<String, PlaceIndex>,
    /// folded capital name → country.
    capitals: HashMap<String, PlaceIndex>,
}

/// Lower case, accents and other marks removed, punctuation and hyphens as single spaces: the
/// key every name is compared by.
pub fn fold(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut folded = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for ch in ascii.chars() {
        if ch.is_ascii_alphanumeric() {
            if pending_space && !folded.is_empty() {
                folded.push(' ');
            }
            pending_space = false;
            folded.push(ch.to_ascii_lowercase());
        } else if ch != '\'' && ch != '`' {
            pending_space = true;
        }
    }
    folded
}

impl Gazetteer {
    /// The bundled gazetteer, loaded once per process on first use (the window warms it on a
    /// thread at start); `None` when it cannot be read, which the build's tests rule out.
    pub fn shared() -> Option<&'static Gazetteer> {
        static SHARED: std::sync::OnceLock<Option<Gazetteer>> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| match Gazetteer::bundled() {
                Ok(gazetteer) => Some(gazetteer),
                Err(error) => {
                    log::error!("the bundled gazetteer cannot be read: {error}");
                    None
                }
            })
            .as_ref()
    }

    /// Loads the gazetteer bundled in the binary.
    pub fn bundled() -> Result<Self, GazetteerError> {
        Self::from_gzip(BUNDLED, "bundled gazetteer")
    }

    /// Loads a gazetteer from gzip-compressed TSV in the bundled format; `origin` names it in errors.
    pub fn from_gzip(bytes: &[u8], origin: &str) -> Result<Self, GazetteerError> {
        let mut text = String::with_capacity(bytes.len() * 3);
        flate2::read::GzDecoder::new(bytes)
            .read_to_string(&mut text)
            .map_err(|error| GazetteerError::Decompress {
                origin: origin.to_owned(),
                message: error.to_string(),
            })?;
        Self::from_tsv(&text, origin)
    }

    /// Parses the TSV text of the bundled format.
    pub fn from_tsv(text: &str, origin: &str) -> Result<Self, GazetteerError> {
        Ok(Self::from_places(parse::parse_tsv(text, origin)?))
    }

    /// Builds the indexes over `places`.
    pub fn from_places(places: Vec<GazetteerPlace>) -> Self {
        let mut names = Vec::with_capacity(places.len() * 4);
        let mut countries = HashMap::new();
        let mut demonyms = HashMap::new();
        let mut capitals = HashMap::new();
        for (index, place) in places.iter().enumerate() {
            let mut keys: Vec<String> = std::iter::once(&place.name)
                .chain(&place.alternates)
                .map(|name| fold(name))
                .filter(|key| !key.is_empty())
                .collect();
            keys.sort_unstable();
            keys.dedup();
            names.extend(keys.into_iter().map(|key| (key, index as u32)));
            if place.kind == PlaceKind::Country
                && let Some(code) = &place.country_iso_a3
            {
                countries.insert(code.clone(), index);
                if let Some(capital) = &place.capital {
                    capitals.entry(fold(capital)).or_insert(index);
                }
            }
            if place.kind != PlaceKind::City {
                // A demonym several countries share ("American") names the most populous.
                for demonym in &place.demonyms {
                    let entry = demonyms.entry(fold(demonym)).or_insert(index);
                    if places[*entry].kind == place.kind
                        && places[*entry].population < place.population
                    {
                        *entry = index;
                    }
                }
            }
        }
        // Within a name, the most important place first: countries, regions, then by population.
        names.sort_unstable_by(|(a, ia), (b, ib)| {
            a.cmp(b)
                .then_with(|| rank(&places[*ib as usize]).cmp(&rank(&places[*ia as usize])))
                .then(ia.cmp(ib))
        });
        Self {
            places,
            names,
            countries,
            demonyms,
            capitals,
        }
    }

    pub fn places(&self) -> &[GazetteerPlace] {
        &self.places
    }

    pub fn place(&self, index: PlaceIndex) -> Option<&GazetteerPlace> {
        self.places.get(index)
    }

    /// Every place called `name` (or with it as an alternate name), most important first.
    pub fn lookup(&self, name: &str) -> Vec<PlaceIndex> {
        let key = fold(name);
        if key.is_empty() {
            return Vec::new();
        }
        let start = self
            .names
            .partition_point(|(n, _)| n.as_str() < key.as_str());
        let mut found: Vec<PlaceIndex> = self.names[start..]
            .iter()
            .take_while(|(n, _)| *n == key)
            .map(|(_, index)| *index as usize)
            .collect();
        found.dedup();
        found
    }

    /// Whether some place name starts with these folded words (for longest-match scanning).
    pub fn has_prefix(&self, folded_prefix: &str) -> bool {
        let start = self
            .names
            .partition_point(|(n, _)| n.as_str() < folded_prefix);
        self.names
            .get(start)
            .is_some_and(|(n, _)| n.starts_with(folded_prefix))
    }

    /// Places whose name or alternate name starts with `text`, for a type-ahead list: each place
    /// once, countries and regions first, then cities by population; at most `limit`.
    pub fn prefix_search(&self, text: &str, limit: usize) -> Vec<PlaceHit> {
        let key = fold(text);
        if key.is_empty() || limit == 0 {
            return Vec::new();
        }
        let start = self
            .names
            .partition_point(|(n, _)| n.as_str() < key.as_str());
        let mut best: HashMap<usize, (bool, &str)> = HashMap::new();
        for (name, index) in self.names[start..]
            .iter()
            .take_while(|(n, _)| n.starts_with(key.as_str()))
        {
            let exact = *name == key;
            let entry = best.entry(*index as usize).or_insert((exact, name));
            if exact && !entry.0 {
                *entry = (true, name);
            }
        }
        // Exact names first, then places whose own name (not an alternate) starts so, then importance.
        let mut hits: Vec<(usize, (bool, bool))> = best
            .iter()
            .map(|(i, (e, _))| {
                (
                    *i,
                    (*e, fold(&self.places[*i].name).starts_with(key.as_str())),
                )
            })
            .collect();
        hits.sort_by(|(a, ea), (b, eb)| {
            eb.cmp(ea)
                .then_with(|| rank(&self.places[*b]).cmp(&rank(&self.places[*a])))
                .then(a.cmp(b))
        });
        hits.truncate(limit);
        hits.into_iter()
            .map(|(index, _)| {
                let place = &self.places[index];
                let folded_match = best.get(&index).map(|(_, n)| *n).unwrap_or_default();
                let matched = std::iter::once(&place.name)
                    .chain(&place.alternates)
                    .find(|name| fold(name) == folded_match)
                    .cloned()
                    .unwrap_or_else(|| place.name.clone());
                PlaceHit {
                    index,
                    name: place.name.clone(),
                    matched,
                    kind: place.kind,
                    country_iso_a3: place.country_iso_a3.clone(),
                    lon: place.lon,
                    lat: place.lat,
                    population: place.population,
                }
            })
            .collect()
    }

    /// The city nearest to a position (great-circle distance), with the distance in km.
    pub fn nearest_city(&self, lon: f64, lat: f64) -> Option<(PlaceIndex, f64)> {
        // A linear scan over ~34,000 cities takes well under a millisecond; no tree needed.
        self.places
            .iter()
            .enumerate()
            .filter(|(_, place)| place.kind == PlaceKind::City)
            .map(|(index, place)| (index, distance_km(lon, lat, place.lon, place.lat)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The country with this ISO 3166-1 alpha-3 code.
    pub fn country(&self, iso_a3: &str) -> Option<&GazetteerPlace> {
        self.countries
            .get(&iso_a3.to_ascii_uppercase())
            .map(|index| &self.places[*index])
    }

    /// The country or region a demonym ("Afghan", "Pakistani", "Central Asian") names.
    pub fn demonym(&self, word: &str) -> Option<PlaceIndex> {
        self.demonyms.get(&fold(word)).copied()
    }

    /// The country whose capital has this name ("Moscow" → Russia), for capitals as metonyms.
    pub fn capital_of(&self, city: &str) -> Option<PlaceIndex> {
        self.capitals.get(&fold(city)).copied()
    }

    /// The capital city of a country, as a gazetteer place.
    pub fn capital_city(&self, iso_a3: &str) -> Option<PlaceIndex> {
        let country = self.country(iso_a3)?;
        let capital = country.capital.as_deref()?;
        self.lookup(capital).into_iter().find(|index| {
            let place = &self.places[*index];
            place.kind == PlaceKind::City && place.country_iso_a3.as_deref() == Some(iso_a3)
        })
    }

    /// Cities of at least `min_population`, largest first: for base-map city labels.
    pub fn cities(&self, min_population: u64) -> impl Iterator<Item = &GazetteerPlace> {
        self.places.iter().filter(move |place| {
            place.kind == PlaceKind::City && place.population >= min_population
        })
    }
}

/// Orders places by importance: countries, then regions, then cities by population.
fn rank(place: &GazetteerPlace) -> (u8, u64) {
    match place.kind {
        PlaceKind::Country => (2, place.population),
        PlaceKind::Region => (1, 0),
        PlaceKind::City => (0, place.population),
    }
}

/// Great-circle distance in kilometres (haversine on a sphere of radius 6,371 km).
pub fn distance_km(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let (phi1, phi2) = (lat1.to_radians(), lat2.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (lon2 - lon1).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests;
