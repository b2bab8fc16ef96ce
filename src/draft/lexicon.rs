//! Words the drafter knows: well-known bodies, groups and outlets, role titles, cue words per
//! relationship kind, and hedging words. General knowledge, not any one article's.

use crate::model::{ActorKind, RelationshipKind, Status};

/// A named actor that is not a state: (name, aliases, kind, ISO A3 of its seat, seat city).
pub struct KnownActor {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: ActorKind,
    pub seat_iso_a3: Option<&'static str>,
    pub seat_city: Option<&'static str>,
}

macro_rules! known {
    ($name:literal, [$($alias:literal),*], $kind:ident, $iso:expr, $city:expr) => {
        KnownActor { name: $name, aliases: &[$($alias),*], kind: ActorKind::$kind, seat_iso_a3: $iso, seat_city: $city }
    };
}

pub const KNOWN_ACTORS: &[KnownActor] = &[
    known!(
        "United Nations",
        ["UN", "U.N."],
        InternationalOrganisation,
        Some("USA"),
        Some("New York City")
    ),
    known!(
        "UN Security Council",
        ["Security Council", "UNSC"],
        InternationalOrganisation,
        Some("USA"),
        Some("New York City")
    ),
    known!(
        "NATO",
        [
            "North Atlantic Treaty Organization",
            "North Atlantic Treaty Organisation"
        ],
        InternationalOrganisation,
        Some("BEL"),
        Some("Brussels")
    ),
    known!(
        "European Union",
        ["EU", "E.U."],
        Bloc,
        Some("BEL"),
        Some("Brussels")
    ),
    known!(
        "African Union",
        ["AU"],
        InternationalOrganisation,
        Some("ETH"),
        Some("Addis Ababa")
    ),
    known!(
        "Arab League",
        ["League of Arab States"],
        InternationalOrganisation,
        Some("EGY"),
        Some("Cairo")
    ),
    known!(
        "ASEAN",
        ["Association of Southeast Asian Nations"],
        Bloc,
        Some("IDN"),
        Some("Jakarta")
    ),
    known!(
        "Shanghai Cooperation Organisation",
        ["SCO", "Shanghai Cooperation Organization"],
        InternationalOrganisation,
        Some("CHN"),
        Some("Beijing")
    ),
    known!(
        "ECOWAS",
        ["Economic Community of West African States"],
        Bloc,
        Some("NGA"),
        Some("Abuja")
    ),
    known!(
        "International Criminal Court",
        ["ICC"],
        InternationalOrganisation,
        Some("NLD"),
        Some("The Hague")
    ),
    known!(
        "International Atomic Energy Agency",
        ["IAEA"],
        InternationalOrganisation,
        Some("AUT"),
        Some("Vienna")
    ),
    known!(
        "World Bank",
        [],
        InternationalOrganisation,
        Some("USA"),
        Some("Washington, D.C.")
    ),
    known!(
        "International Monetary Fund",
        ["IMF"],
        InternationalOrganisation,
        Some("USA"),
        Some("Washington, D.C.")
    ),
    known!(
        "Red Cross",
        ["ICRC", "International Committee of the Red Cross"],
        InternationalOrganisation,
        Some("CHE"),
        Some("Geneva")
    ),
    known!(
        "Taliban",
        [],
        NonStateArmedGroup,
        Some("AFG"),
        Some("Kabul")
    ),
    known!(
        "Tehrik-i-Taliban Pakistan",
        ["TTP", "Pakistani Taliban"],
        NonStateArmedGroup,
        Some("PAK"),
        None
    ),
    known!(
        "Islamic State",
        ["ISIS", "ISIL", "Daesh", "IS"],
        NonStateArmedGroup,
        Some("SYR"),
        None
    ),
    known!(
        "al-Qaeda",
        ["Al-Qaeda", "al Qaeda", "Al Qaeda", "al-Qaida"],
        NonStateArmedGroup,
        None,
        None
    ),
    known!("Hamas", [], NonStateArmedGroup, Some("PSE"), Some("Gaza")),
    known!(
        "Hezbollah",
        ["Hizbollah", "Hizballah"],
        NonStateArmedGroup,
        Some("LBN"),
        Some("Beirut")
    ),
    known!(
        "Houthis",
        ["Houthi", "Ansar Allah"],
        NonStateArmedGroup,
        Some("YEM"),
        Some("Sanaa")
    ),
    known!(
        "al-Shabaab",
        ["Al-Shabaab", "al-Shabab", "Al-Shabab"],
        NonStateArmedGroup,
        Some("SOM"),
        None
    ),
    known!(
        "Boko Haram",
        [],
        NonStateArmedGroup,
        Some("NGA"),
        Some("Maiduguri")
    ),
    known!(
        "Wagner Group",
        ["Wagner", "Africa Corps"],
        NonStateArmedGroup,
        Some("RUS"),
        None
    ),
    known!(
        "Rapid Support Forces",
        ["RSF"],
        NonStateArmedGroup,
        Some("SDN"),
        None
    ),
    known!(
        "M23",
        ["March 23 Movement"],
        NonStateArmedGroup,
        Some("COD"),
        Some("Goma")
    ),
    known!(
        "PKK",
        ["Kurdistan Workers' Party"],
        NonStateArmedGroup,
        Some("TUR"),
        None
    ),
    known!("Reuters", [], MediaOutlet, Some("GBR"), Some("London")),
    known!(
        "Associated Press",
        ["AP"],
        MediaOutlet,
        Some("USA"),
        Some("New York City")
    ),
    known!(
        "Agence France-Presse",
        ["AFP"],
        MediaOutlet,
        Some("FRA"),
        Some("Paris")
    ),
    known!(
        "BBC",
        ["BBC News"],
        MediaOutlet,
        Some("GBR"),
        Some("London")
    ),
    known!(
        "Al Jazeera",
        ["Al-Jazeera"],
        MediaOutlet,
        Some("QAT"),
        Some("Doha")
    ),
    known!("The Diplomat", [], MediaOutlet, Some("JPN"), Some("Tokyo")),
    known!(
        "The New York Times",
        ["New York Times"],
        MediaOutlet,
        Some("USA"),
        Some("New York City")
    ),
    known!(
        "The Washington Post",
        ["Washington Post"],
        MediaOutlet,
        Some("USA"),
        Some("Washington, D.C.")
    ),
    known!("The Guardian", [], MediaOutlet, Some("GBR"), Some("London")),
    known!("Wikinews", [], MediaOutlet, None, None),
    known!("TASS", [], MediaOutlet, Some("RUS"), Some("Moscow")),
    known!("Xinhua", [], MediaOutlet, Some("CHN"), Some("Beijing")),
];

/// Former states articles name by their adjective: (adjective, name, ISO A3 where their seat is now, seat).
pub const HISTORICAL_STATES: &[(&str, &str, &str, &str)] = &[
    ("Soviet", "Soviet Union", "RUS", "Moscow"),
    ("Ottoman", "Ottoman Empire", "TUR", "Istanbul"),
    ("Yugoslav", "Yugoslavia", "SRB", "Belgrade"),
];

/// Titles that introduce a person ("Defence Minister Khawaja Muhammad Asif").
pub const ROLE_WORDS: &[&str] = &[
    "President",
    "Prime Minister",
    "Minister",
    "Secretary",
    "Chancellor",
    "King",
    "Emir",
    "Ambassador",
    "General",
    "Commander",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Leader",
    "Chief",
    "Governor",
    "Mayor",
    "Envoy",
    "Senator",
    "Chairman",
    "Director",
    "Admiral",
    "Colonel",
    "Supreme Leader",
    "Vice President",
    "Deputy",
    "Foreign Minister",
];

/// Cue words per relationship kind; the first kind whose cue appears in a sentence wins.
pub const CUES: &[(RelationshipKind, &[&str])] = &[
    (
        RelationshipKind::DiplomaticNonRecognition,
        &[
            "unrecognised by",
            "unrecognized by",
            "not recognised by",
            "not recognized by",
            "refused to recognise",
            "refused to recognize",
            "non-recognition",
        ],
    ),
    (
        RelationshipKind::AllegedRecruitment,
        &["recruit", "proxy forces", "mercenar", "hired fighters"],
    ),
    (
        RelationshipKind::HistoricalIntervention,
        &[
            "invasion",
            "invaded",
            "intervention",
            "imperial manoeuvres",
            "occupation of",
            "occupied",
        ],
    ),
    (
        RelationshipKind::SanctionsPressure,
        &["sanction", "embargo", "tariffs on", "blacklist"],
    ),
    (
        RelationshipKind::FinancialSupport,
        &[
            "financial lifeline",
            "funding",
            "funded",
            "financed",
            "aid to",
            "loan",
            "legitimacy",
        ],
    ),
    (
        RelationshipKind::EconomicPartnership,
        &[
            "invested",
            "invests",
            "investment",
            "economic corridor",
            "trade deal",
            "trade agreement",
            "pipeline",
        ],
    ),
    (
        RelationshipKind::DefenceCooperation,
        &[
            "defence cooperation",
            "defense cooperation",
            "defence arrangement",
            "defense arrangement",
            "military partnership",
            "military collaboration",
            "military axis",
            "arms deal",
            "signed a defence",
            "signed a defense",
            "military aid",
            "alliance with",
            "security pact",
            "joint exercises",
        ],
    ),
    (
        RelationshipKind::ArmedConflict,
        &[
            "war",
            "attacked",
            "attack on",
            "airstrike",
            "air strike",
            "shelled",
            "clashes",
            "fighting",
            "offensive against",
            "killed",
            "bombed",
            "claimed responsibility",
        ],
    ),
    (
        RelationshipKind::BorderTension,
        &[
            "border with",
            "threat to",
            "defend its borders",
            "border clash",
            "warned",
            "troops to the border",
        ],
    ),
    (
        RelationshipKind::MonitoringConcern,
        &[
            "monitor",
            "with concern",
            "concerned about",
            "watching closely",
            "voiced concern",
        ],
    ),
];

/// Hedging words, strongest first: the status a sentence with one of them gets.
pub const HEDGES: &[(Status, &[&str])] = &[
    (
        Status::Proposed,
        &[
            "proposed",
            "draft",
            "would sign",
            "plans to",
            "planned",
            "potential",
            "prospect",
        ],
    ),
    (
        Status::Alleged,
        &[
            "alleged",
            "allegedly",
            "could",
            "might",
            "may have",
            "possibility",
            "if corroborated",
            "suspected",
            "unconfirmed",
            "claims that",
            "accused",
        ],
    ),
    (
        Status::Reported,
        &["reportedly", "according to", "reports", "said", "told"],
    ),
];

/// Capitalised words that begin sentences or titles and are never names on their own.
pub const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "For",
    "From",
    "To",
    "Of",
    "And",
    "But",
    "Or",
    "If",
    "As",
    "By",
    "With",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "They",
    "We",
    "His",
    "Her",
    "Their",
    "Our",
    "Most",
    "Some",
    "Many",
    "More",
    "Should",
    "Would",
    "Could",
    "Experts",
    "Observers",
    "Historians",
    "Senior",
    "Regional",
    "Reacting",
    "According",
    "Fresh",
    "Minister",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "When",
    "While",
    "After",
    "Before",
    "Since",
    "During",
    "Under",
    "Over",
    "Today",
    "Yesterday",
    "Officials",
    "Police",
    "Army",
    "Government",
    "President",
    "Prime",
    "State",
    "Republic",
    "North",
    "South",
    "East",
    "West",
    "Central",
    "New",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "P5",
    "Belt",
    "Road",
];
