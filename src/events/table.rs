//! The columnar table of a dataset's events: one vector per column, strings dictionary-encoded
//! where they repeat (actors, categories, countries), so a million events fit in memory and
//! filter in milliseconds. Arrow's layout (the cache on disk) maps onto it one to one.

use std::collections::HashMap;

use super::day::Day;

/// Marks a missing value in a [`Column::Dict`].
pub const MISSING: u32 = u32::MAX;

/// What a column means to Faultline, whatever its name in the source file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The source's own identifier of the event (ACLED `event_id_cnty`, GDELT `GlobalEventID`).
    Id,
    Title,
    /// What kind of event: ACLED event type, UCDP type of violence, GDELT CAMEO root code.
    Category,
    SubCategory,
    Actor1,
    Actor2,
    Country,
    Admin1,
    Location,
    Fatalities,
    Notes,
    Source,
    Url,
}

/// One column of values, one per event.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Repeating strings: a code per event into `values` ([`MISSING`] when empty).
    Dict { codes: Codes, values: Vec<String> },
    /// Free text (notes, URLs): all values end to end, `ends[i]` where event `i`'s ends.
    Text { ends: Vec<u64>, bytes: String },
    /// Numbers; NaN when missing.
    Number(Vec<f64>),
}

/// A named column of the source, with the role Faultline gives it, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The column's name in the source (or the format's documented name when it has no header).
    pub name: String,
    pub role: Option<Role>,
    pub column: Column,
}

/// A dataset's events. Every column has [`EventTable::len`] values.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EventTable {
    /// Longitude and latitude in degrees (WGS 84).
    pub lon: Vec<f64>,
    pub lat: Vec<f64>,
    /// First and last day the event may have happened (equal for a one-day event).
    pub day_start: Vec<Day>,
    pub day_end: Vec<Day>,
    /// The line of the source file each event starts on (1-based, counting the header), so a
    /// table row can be traced back to the file. Four bytes: a file of more than four billion
    /// lines is beyond what the table holds anyway (lines past that read as the last one).
    pub line: Vec<u32>,
    /// Every other kept column, in the source's order.
    pub fields: Vec<Field>,
}

impl Column {
    pub fn len(&self) -> usize {
        match self {
            Column::Dict { codes, .. } => codes.len(),
            Column::Text { ends, .. } => ends.len(),
            Column::Number(values) => values.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Event `row`'s value as text ("" when missing); numbers without a needless ".0".
    pub fn text(&self, row: usize) -> std::borrow::Cow<'_, str> {
        match self {
            Column::Dict { codes, values } => codes
                .get(row)
                .and_then(|code| values.get(code as usize))
                .map_or("".into(), |value| value.as_str().into()),
            Column::Text { ends, bytes } => {
                let start = if row == 0 {
                    0
                } else {
                    ends.get(row - 1).copied().unwrap_or(0)
                };
                let end = ends.get(row).copied().unwrap_or(start);
                bytes.get(start as usize..end as usize).unwrap_or("").into()
            }
            Column::Number(values) => match values.get(row) {
                Some(value) if value.is_finite() => format_number(*value).into(),
                _ => "".into(),
            },
        }
    }

    /// Event `row`'s value as a number, when it has one.
    pub fn number(&self, row: usize) -> Option<f64> {
        match self {
            Column::Number(values) => values.get(row).copied().filter(|v| v.is_finite()),
            _ => self.text(row).trim().parse().ok(),
        }
    }

    /// The dictionary code of event `row` in a [`Column::Dict`], `None` for other columns and
    /// missing values.
    pub fn code(&self, row: usize) -> Option<u32> {
        match self {
            Column::Dict { codes, .. } => codes.get(row).filter(|&c| c != MISSING),
            _ => None,
        }
    }
}

/// `12` not `12.0`; other numbers as Rust prints them.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

impl EventTable {
    pub fn len(&self) -> usize {
        self.lon.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lon.is_empty()
    }

    /// The field that plays `role`, if the source has one.
    pub fn field(&self, role: Role) -> Option<&Field> {
        self.fields.iter().find(|field| field.role == Some(role))
    }

    /// Event `row`'s value for `role` as text ("" when the source has no such column).
    pub fn text(&self, role: Role, row: usize) -> std::borrow::Cow<'_, str> {
        self.field(role)
            .map_or("".into(), |field| field.column.text(row))
    }

    /// A one-line title for event `row`: the source's own when it has one, else built from
    /// category, actors and place ("Battles: Group A v Group B, Kabul").
    pub fn title(&self, row: usize) -> String {
        let own = self.text(Role::Title, row);
        if !own.is_empty() {
            return own.into_owned();
        }
        let category = self.text(Role::Category, row);
        let sub = self.text(Role::SubCategory, row);
        let (a, b) = (self.text(Role::Actor1, row), self.text(Role::Actor2, row));
        let place = self.text(Role::Location, row);
        let mut title = match (category.is_empty(), sub.is_empty()) {
            (false, false) if sub != category => format!("{category}: {sub}"),
            (false, _) => category.into_owned(),
            (true, false) => sub.into_owned(),
            (true, true) => String::new(),
        };
        let actors = match (a.is_empty(), b.is_empty()) {
            (false, false) => format!("{a} v {b}"),
            (false, true) => a.into_owned(),
            (true, false) => b.into_owned(),
            (true, true) => String::new(),
        };
        for part in [actors, place.into_owned()] {
            if part.is_empty() {
                continue;
            }
            if !title.is_empty() {
                title.push_str(if title.contains(':') || title.contains(" v ") {
                    ", "
                } else {
                    ": "
                });
            }
            title.push_str(&part);
        }
        if title.is_empty() {
            format!("event on line {}", self.line.get(row).copied().unwrap_or(0))
        } else {
            title
        }
    }

    /// Roughly the bytes the table holds in memory (its vectors and strings), for figures.
    pub fn heap_bytes(&self) -> usize {
        let core = self.lon.capacity() * 8
            + self.lat.capacity() * 8
            + self.day_start.capacity() * 4
            + self.day_end.capacity() * 4
            + self.line.capacity() * 4;
        let fields: usize = self
            .fields
            .iter()
            .map(|field| match &field.column {
                Column::Dict { codes, values } => {
                    codes.heap_bytes() + values.iter().map(|v| v.capacity() + 24).sum::<usize>()
                }
                Column::Text { ends, bytes } => ends.capacity() * 8 + bytes.capacity(),
                Column::Number(values) => values.capacity() * 8,
            })
            .sum();
        core + fields
    }

    /// The smallest box holding every event: `[west, south, east, north]`.
    pub fn bbox(&self) -> Option<[f64; 4]> {
        let mut bbox: Option<[f64; 4]> = None;
        for (&lon, &lat) in self.lon.iter().zip(&self.lat) {
            let b = bbox.get_or_insert([lon, lat, lon, lat]);
            b[0] = b[0].min(lon);
            b[1] = b[1].min(lat);
            b[2] = b[2].max(lon);
            b[3] = b[3].max(lat);
        }
        bbox
    }

    /// The first and last day of the dataset.
    pub fn date_range(&self) -> Option<(Day, Day)> {
        let first = self.day_start.iter().min()?;
        let last = self.day_end.iter().max()?;
        Some((*first, *last))
    }

    /// Whether every column has one value per event (the invariant importers must keep).
    pub fn is_consistent(&self) -> bool {
        let n = self.len();
        self.lat.len() == n
            && self.day_start.len() == n
            && self.day_end.len() == n
            && self.line.len() == n
            && self.fields.iter().all(|field| field.column.len() == n)
    }
}

/// The codes of a [`Column::Dict`], one per event, stored as narrow as its dictionary allows:
/// a column of a few hundred distinct values (event types, countries, most actor lists) takes
/// one or two bytes an event instead of four, which is most of a million-event table.
/// [`MISSING`] is kept as the narrow type's largest value.
#[derive(Debug, Clone)]
pub enum Codes {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

/// Equal when the codes are, whatever the width they are stored in.
impl PartialEq for Codes {
    fn eq(&self, other: &Codes) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Default for Codes {
    fn default() -> Self {
        Codes::U8(Vec::new())
    }
}

impl Codes {
    /// Room for `rows` codes of the narrowest width (it widens when a code needs it).
    pub fn with_capacity(rows: usize) -> Codes {
        Codes::U8(Vec::with_capacity(rows))
    }

    pub fn len(&self) -> usize {
        match self {
            Codes::U8(v) => v.len(),
            Codes::U16(v) => v.len(),
            Codes::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Event `row`'s code ([`MISSING`] when it has no value), `None` past the end.
    pub fn get(&self, row: usize) -> Option<u32> {
        match self {
            Codes::U8(v) => v.get(row).map(|&c| widen(u32::from(c), u8::MAX.into())),
            Codes::U16(v) => v.get(row).map(|&c| widen(u32::from(c), u16::MAX.into())),
            Codes::U32(v) => v.get(row).copied(),
        }
    }

    /// Every code in row order ([`MISSING`] included).
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).map(|row| self.get(row).unwrap_or(MISSING))
    }

    /// Appends a code ([`MISSING`] for no value), widening the storage when it does not fit.
    pub fn push(&mut self, code: u32) {
        match self {
            Codes::U8(v) if code == MISSING => v.push(u8::MAX),
            Codes::U16(v) if code == MISSING => v.push(u16::MAX),
            Codes::U8(v) => match u8::try_from(code) {
                Ok(narrow) if narrow != u8::MAX => v.push(narrow),
                _ => {
                    self.widen();
                    self.push(code);
                }
            },
            Codes::U16(v) => match u16::try_from(code) {
                Ok(narrow) if narrow != u16::MAX => v.push(narrow),
                _ => {
                    self.widen();
                    self.push(code);
                }
            },
            Codes::U32(v) => v.push(code),
        }
    }

    pub fn extend(&mut self, codes: impl IntoIterator<Item = u32>) {
        for code in codes {
            self.push(code);
        }
    }

    pub fn pop(&mut self) {
        match self {
            Codes::U8(v) => drop(v.pop()),
            Codes::U16(v) => drop(v.pop()),
            Codes::U32(v) => drop(v.pop()),
        }
    }

    pub fn shrink_to_fit(&mut self) {
        match self {
            Codes::U8(v) => v.shrink_to_fit(),
            Codes::U16(v) => v.shrink_to_fit(),
            Codes::U32(v) => v.shrink_to_fit(),
        }
    }

    /// Bytes held, for figures.
    pub fn heap_bytes(&self) -> usize {
        match self {
            Codes::U8(v) => v.capacity(),
            Codes::U16(v) => v.capacity() * 2,
            Codes::U32(v) => v.capacity() * 4,
        }
    }

    /// One step wider, keeping every code (and missing as missing).
    fn widen(&mut self) {
        let wider = match self {
            Codes::U8(v) => Codes::U16(
                v.iter()
                    .map(|&c| if c == u8::MAX { u16::MAX } else { c.into() })
                    .collect(),
            ),
            Codes::U16(v) => Codes::U32(
                v.iter()
                    .map(|&c| widen(u32::from(c), u16::MAX.into()))
                    .collect(),
            ),
            Codes::U32(_) => return,
        };
        *self = wider;
    }
}

/// A width [`Codes`] stores codes in, for code that fills them a slice at a time.
pub trait CodeWidth: Copy + Into<u32> {
    /// The value that marks no value at this width.
    const NONE: Self;
    /// The codes' storage when it has this width.
    fn storage(codes: &mut Codes) -> Option<&mut Vec<Self>>;
}

impl CodeWidth for u8 {
    const NONE: u8 = u8::MAX;
    fn storage(codes: &mut Codes) -> Option<&mut Vec<u8>> {
        match codes {
            Codes::U8(v) => Some(v),
            _ => None,
        }
    }
}

impl CodeWidth for u16 {
    const NONE: u16 = u16::MAX;
    fn storage(codes: &mut Codes) -> Option<&mut Vec<u16>> {
        match codes {
            Codes::U16(v) => Some(v),
            _ => None,
        }
    }
}

impl CodeWidth for u32 {
    const NONE: u32 = MISSING;
    fn storage(codes: &mut Codes) -> Option<&mut Vec<u32>> {
        match codes {
            Codes::U32(v) => Some(v),
            _ => None,
        }
    }
}

/// A narrow code as a `u32`: the narrow type's largest value is [`MISSING`].
fn widen(code: u32, narrow_missing: u32) -> u32 {
    if code == narrow_missing {
        MISSING
    } else {
        code
    }
}

/// Builds a [`Column::Dict`] value by value, looking repeated strings up once.
#[derive(Debug, Default)]
pub struct DictBuilder {
    codes: Codes,
    values: Vec<String>,
    lookup: HashMap<String, u32>,
}

impl DictBuilder {
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            codes: Codes::with_capacity(rows),
            ..Self::default()
        }
    }

    /// Appends one value; empty (after trimming) is missing.
    pub fn push(&mut self, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            self.codes.push(MISSING);
            return;
        }
        let code = match self.lookup.get(value) {
            Some(&code) => code,
            None => {
                let code = u32::try_from(self.values.len()).unwrap_or(MISSING);
                self.values.push(value.to_owned());
                self.lookup.insert(value.to_owned(), code);
                code
            }
        };
        self.codes.push(code);
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Removes the last value (a row that turned out unreadable after its columns were pushed).
    pub fn pop(&mut self) {
        self.codes.pop();
    }

    pub fn finish(self) -> Column {
        Column::Dict {
            codes: self.codes,
            values: self.values,
        }
    }
}

/// Builds a [`Column::Text`].
#[derive(Debug, Default)]
pub struct TextBuilder {
    ends: Vec<u64>,
    bytes: String,
}

impl TextBuilder {
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            ends: Vec::with_capacity(rows),
            bytes: String::new(),
        }
    }

    pub fn push(&mut self, value: &str) {
        self.bytes.push_str(value.trim());
        self.ends.push(self.bytes.len() as u64);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn pop(&mut self) {
        self.ends.pop();
        let end = self.ends.last().copied().unwrap_or(0);
        self.bytes.truncate(end as usize);
    }

    pub fn finish(self) -> Column {
        Column::Text {
            ends: self.ends,
            bytes: self.bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_columns_share_repeated_values_and_mark_missing_ones() {
        let mut builder = DictBuilder::default();
        for value in ["Taliban", " Taliban ", "", "ISKP"] {
            builder.push(value);
        }
        let column = builder.finish();
        assert_eq!(column.text(0), "Taliban");
        assert_eq!(column.text(1), "Taliban");
        assert_eq!(column.text(2), "");
        assert_eq!(column.code(2), None);
        assert_eq!(column.text(3), "ISKP");
        let Column::Dict { values, .. } = column else {
            panic!("a dictionary")
        };
        assert_eq!(values.len(), 2);
    }

    #[test]
    fn codes_widen_only_when_a_code_needs_it_and_keep_missing_values() {
        let mut builder = DictBuilder::default();
        for i in 0..70_000 {
            if i % 7 == 0 {
                builder.push("");
            } else {
                builder.push(&format!("actor {}", i % 300));
            }
        }
        let Column::Dict { mut codes, values } = builder.finish() else {
            panic!("a dictionary")
        };
        codes.shrink_to_fit();
        assert_eq!(values.len(), 300);
        assert!(matches!(codes, Codes::U16(_)), "300 values need two bytes");
        assert_eq!(codes.heap_bytes(), 140_000);
        assert_eq!(codes.get(0), Some(MISSING));
        assert_eq!(values[codes.get(69_998).unwrap() as usize], "actor 98");
        assert_eq!(codes.len(), 70_000);

        let mut few = Codes::default();
        few.extend([0, MISSING, 254]);
        assert!(matches!(few, Codes::U8(_)));
        assert_eq!(few.iter().collect::<Vec<_>>(), vec![0, MISSING, 254]);
        let mut wide = few.clone();
        wide.push(70_000);
        assert!(matches!(wide, Codes::U32(_)));
        assert_eq!(
            wide.iter().collect::<Vec<_>>(),
            vec![0, MISSING, 254, 70_000]
        );
        assert_eq!(
            &wide.iter().take(3).collect::<Vec<_>>(),
            &few.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn text_columns_keep_each_value_and_pop_the_last() {
        let mut builder = TextBuilder::default();
        builder.push("first, with a comma");
        builder.push("second\nover two lines");
        builder.push("dropped");
        builder.pop();
        builder.push("");
        let column = builder.finish();
        assert_eq!(column.len(), 3);
        assert_eq!(column.text(1), "second\nover two lines");
        assert_eq!(column.text(2), "");
        assert_eq!(column.text(7), "", "out of range reads as missing");
    }

    #[test]
    fn numbers_read_back_without_needless_decimals() {
        let column = Column::Number(vec![12.0, f64::NAN, -3.5]);
        assert_eq!(column.text(0), "12");
        assert_eq!(column.text(1), "");
        assert_eq!(column.number(1), None);
        assert_eq!(column.text(2), "-3.5");
    }
}
