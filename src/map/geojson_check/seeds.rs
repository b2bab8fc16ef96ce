//! The serde seeds the scanner streams a GeoJSON document through: each reads one kind of
//! value (an object's members, a feature list, a geometry list, properties, a key, a type
//! name) into the scanner's state without building a tree of it.

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::*;

/// Reads one object (or whatever value stands where an object belongs) into a [`Collected`].
pub(super) struct ObjectSeed<'s> {
    pub(super) scanner: &'s mut Scanner,
    pub(super) context: Context,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Collected;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Collected, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Collected;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a GeoJSON object")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Collected, E> {
        Ok(Collected::default())
    }
    fn visit_i64<E>(self, _: i64) -> Result<Collected, E> {
        Ok(Collected::default())
    }
    fn visit_u64<E>(self, _: u64) -> Result<Collected, E> {
        Ok(Collected::default())
    }
    fn visit_f64<E>(self, _: f64) -> Result<Collected, E> {
        Ok(Collected::default())
    }
    fn visit_str<E>(self, _: &str) -> Result<Collected, E> {
        Ok(Collected::default())
    }
    fn visit_unit<E>(self) -> Result<Collected, E> {
        Ok(Collected {
            is_null: true,
            ..Collected::default()
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Collected, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Collected::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Collected, A::Error> {
        let scanner = self.scanner;
        let mut collected = Collected {
            is_object: true,
            id_ok: true,
            ..Collected::default()
        };
        // Where this object's coordinates start: everything after is its own (or its members').
        let buffer_start = scanner.tokens.len();
        let top = self.context == Context::Top;
        while let Some(key) = map.next_key_seed(KeySeed { keep_other: top })? {
            let (bit, name) = match key {
                KeyName::Member(bit, name) => (bit, name),
                KeyName::Other(other) => {
                    scanner.foreign_top_members.extend(other);
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            if collected.present & bit != 0 {
                scanner.warn(Rule::DuplicateMember, &[Step::Key(name)], || {
                    format!(
                        "the \"{name}\" member appears twice in one object; readers differ on \
                         which counts (the last one is used here)"
                    )
                });
            }
            collected.present |= bit;
            scanner.path.push(Step::Key(name));
            let read = read_member(&mut map, scanner, self.context, bit, &mut collected);
            scanner.path.pop();
            read?;
        }
        if self.context != Context::Top {
            // The top level keeps its coordinates for the judgement after the whole file.
            finish_nested(scanner, self.context, &mut collected);
            scanner.tokens.truncate(buffer_start);
        }
        Ok(collected)
    }
}

/// Judges a geometry object as soon as it ends, so the buffer can be reused.
fn finish_nested(scanner: &mut Scanner, context: Context, collected: &mut Collected) {
    if let Context::Geometry { depth } = context {
        let taken = std::mem::take(collected);
        let judged = scanner.judge_geometry(taken, depth);
        collected.geometry = Some(Some(judged));
    }
}

/// Reads the value of one semantic member into `collected`.
fn read_member<'de, A: MapAccess<'de>>(
    map: &mut A,
    scanner: &mut Scanner,
    context: Context,
    bit: u16,
    collected: &mut Collected,
) -> Result<(), A::Error> {
    let top = context == Context::Top;
    let is_feature = context == Context::Feature;
    let depth = match context {
        Context::Geometry { depth } => depth,
        _ => 0,
    };
    match bit {
        member::TYPE => {
            collected.type_member = match map.next_value::<TypeName>()?.0 {
                Some(name) => TypeMember::Name(name),
                None => TypeMember::NotAString,
            };
        }
        member::COORDINATES if !is_feature => {
            let start = scanner.tokens.len();
            map.next_value_seed(TokenSeed {
                tokens: &mut scanner.tokens,
            })?;
            collected.coordinates = Some((start, scanner.tokens.len()));
        }
        member::GEOMETRIES if !is_feature => {
            let seed = GeometriesSeed {
                scanner,
                depth: depth + 1,
            };
            collected.geometries = Some(map.next_value_seed(seed)?);
        }
        member::FEATURES if top => {
            collected.features = Some(map.next_value_seed(FeaturesSeed { scanner })?);
        }
        member::GEOMETRY if top || is_feature => {
            let seed = MaybeGeometrySeed { scanner, depth: 0 };
            collected.geometry = Some(map.next_value_seed(seed)?);
        }
        member::PROPERTIES if top || is_feature => {
            collected.properties = map.next_value_seed(PropertiesSeed)?;
        }
        member::ID if top || is_feature => {
            collected.id_ok = map.next_value::<IdValue>()?.0;
        }
        member::BBOX => {
            let bbox: Value = map.next_value()?;
            scanner.path.pop();
            scanner.lint_bbox(&bbox);
            scanner.path.push(Step::Key("bbox"));
        }
        member::CRS if top => {
            let crs: Value = map.next_value()?;
            collected.crs = Some(DeclaredCrs::of_crs_member(&crs));
        }
        _ => {
            map.next_value::<IgnoredAny>()?;
        }
    }
    Ok(())
}

/// A member name: one of the semantic members, or another (spelled out only when kept).
enum KeyName {
    Member(u16, &'static str),
    Other(Option<String>),
}

/// Reads a member name; `keep_other` keeps the text of names that are not GeoJSON's.
struct KeySeed {
    keep_other: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = KeyName;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<KeyName, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = KeyName;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a member name")
    }

    fn visit_str<E>(self, key: &str) -> Result<KeyName, E> {
        Ok(
            match member::NAMES.into_iter().find(|(_, name)| *name == key) {
                Some((bit, name)) => KeyName::Member(bit, name),
                None => KeyName::Other(self.keep_other.then(|| key.to_owned())),
            },
        )
    }
}

/// A `type` member: its text, or `None` when it is not a string.
struct TypeName(Option<String>);

impl<'de> de::Deserialize<'de> for TypeName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Value::deserialize(deserializer)? {
            Value::String(name) => TypeName(Some(name)),
            _ => TypeName(None),
        })
    }
}

/// An `id` member: whether it is null, a string or a number.
struct IdValue(bool);

impl<'de> de::Deserialize<'de> for IdValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(IdValue(matches!(
            Value::deserialize(deserializer)?,
            Value::Null | Value::String(_) | Value::Number(_)
        )))
    }
}

/// Flattens a `coordinates` value into tokens.
struct TokenSeed<'t> {
    tokens: &'t mut Vec<Token>,
}

impl<'de> DeserializeSeed<'de> for TokenSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TokenSeed<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("coordinates")
    }

    fn visit_f64<E>(self, number: f64) -> Result<(), E> {
        self.tokens.push(Token::Number(number));
        Ok(())
    }
    fn visit_i64<E>(self, number: i64) -> Result<(), E> {
        self.tokens.push(Token::Number(number as f64));
        Ok(())
    }
    fn visit_u64<E>(self, number: u64) -> Result<(), E> {
        self.tokens.push(Token::Number(number as f64));
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.tokens.push(Token::Other);
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.tokens.push(Token::Other);
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.tokens.push(Token::Other);
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.tokens.push(Token::Other);
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.tokens.push(Token::Open);
        while seq
            .next_element_seed(TokenSeed {
                tokens: &mut *self.tokens,
            })?
            .is_some()
        {}
        self.tokens.push(Token::Close);
        Ok(())
    }
}

/// A `features` array: each element judged as a Feature as soon as it ends.
struct FeaturesSeed<'s> {
    scanner: &'s mut Scanner,
}

impl<'de> DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = Result<FeaturesCheck, ()>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for FeaturesSeed<'_> {
    type Value = Result<FeaturesCheck, ()>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let scanner = self.scanner;
        let mut features = FeaturesCheck::default();
        let mut index = 0;
        loop {
            scanner.path.push(Step::Index(index));
            let seed = FeatureSeed {
                scanner: &mut *scanner,
                known: &features.property_names,
            };
            let element = seq.next_element_seed(seed);
            let element = match element {
                Ok(element) => element,
                Err(error) => {
                    scanner.path.pop();
                    return Err(error);
                }
            };
            match element {
                Some(feature) => scanner.judge_feature(feature, &mut features),
                None => {
                    scanner.path.pop();
                    break;
                }
            }
            scanner.path.pop();
            index += 1;
        }
        Ok(Ok(features))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err(()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
}

/// One element of `features`; property keys already in `known` are not copied again.
struct FeatureSeed<'s> {
    scanner: &'s mut Scanner,
    known: &'s BTreeSet<String>,
}

impl<'de> DeserializeSeed<'de> for FeatureSeed<'_> {
    type Value = Collected;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Collected, D::Error> {
        let mut collected = ObjectSeed {
            scanner: self.scanner,
            context: Context::Feature,
        }
        .deserialize(deserializer)?;
        if let PropertiesMember::Keys(keys) = &mut collected.properties {
            keys.retain(|key| !self.known.contains(key));
        }
        Ok(collected)
    }
}

/// A Feature's `geometry`: null, or a geometry object judged at its end.
struct MaybeGeometrySeed<'s> {
    scanner: &'s mut Scanner,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for MaybeGeometrySeed<'_> {
    type Value = Option<GeometryCheck>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let collected = ObjectSeed {
            scanner: self.scanner,
            context: Context::Geometry { depth: self.depth },
        }
        .deserialize(deserializer)?;
        Ok(match collected.geometry {
            Some(judged) => judged,
            // Not an object: null is "no geometry", anything else a refusal.
            None if collected.is_null => None,
            None => Some(Err(())),
        })
    }
}

/// The members of a GeometryCollection.
struct GeometriesSeed<'s> {
    scanner: &'s mut Scanner,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for GeometriesSeed<'_> {
    type Value = Result<Vec<Option<GeometryCheck>>, ()>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GeometriesSeed<'_> {
    type Value = Result<Vec<Option<GeometryCheck>>, ()>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an array of geometries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let scanner = self.scanner;
        let mut members = Vec::new();
        loop {
            scanner.path.push(Step::Index(members.len()));
            let seed = MaybeGeometrySeed {
                scanner: &mut *scanner,
                depth: self.depth,
            };
            let element = seq.next_element_seed(seed);
            scanner.path.pop();
            match element? {
                Some(member) => members.push(member),
                None => break,
            }
        }
        Ok(Ok(members))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err(()))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Err(()))
    }
}

/// A Feature's `properties`: its keys, null, or something else.
struct PropertiesSeed;

impl<'de> DeserializeSeed<'de> for PropertiesSeed {
    type Value = PropertiesMember;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PropertiesSeed {
    type Value = PropertiesMember;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("properties")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = Vec::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            map.next_value::<IgnoredAny>()?;
            keys.push(key.into_owned());
        }
        Ok(PropertiesMember::Keys(keys))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(PropertiesMember::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(PropertiesMember::NotAnObject)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(PropertiesMember::NotAnObject)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(PropertiesMember::NotAnObject)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(PropertiesMember::NotAnObject)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(PropertiesMember::NotAnObject)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(PropertiesMember::NotAnObject)
    }
}
