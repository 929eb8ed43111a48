//! Decoding JS values (event details, shared state, API answers) into Rust types
//! with serde, small: the errors name what was expected and the kind of value
//! found, never the value itself. serde's default messages print an unexpected
//! number with core's float formatting, which costs every remote about 16 KB of
//! wasm (6 KB brotli) for an error message nobody reads.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// Decodes `value` into `T`.
pub(crate) fn from_value<T: de::DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    T::deserialize(Js(value))
}

/// Why a value did not decode.
#[derive(Debug)]
pub(crate) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

/// The kind of an unexpected value, without the value.
fn kind(unexpected: &Unexpected<'_>) -> &'static str {
    match unexpected {
        Unexpected::Bool(_) => "a boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) | Unexpected::Float(_) => "a number",
        Unexpected::Char(_) | Unexpected::Str(_) => "a string",
        Unexpected::Bytes(_) => "bytes",
        Unexpected::Unit | Unexpected::Option => "null",
        Unexpected::NewtypeStruct | Unexpected::NewtypeVariant => "a wrapped value",
        Unexpected::Seq | Unexpected::TupleVariant => "an array",
        Unexpected::Map | Unexpected::StructVariant => "an object",
        Unexpected::Enum | Unexpected::UnitVariant => "a variant",
        Unexpected::Other(_) => "another value",
    }
}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self(message.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self(format!("invalid type: {}, expected {expected}", kind(&unexpected)))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Self(format!("invalid value: {}, expected {expected}", kind(&unexpected)))
    }

    fn invalid_length(len: usize, expected: &dyn Expected) -> Self {
        Self(format!("invalid length {len}, expected {expected}"))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Self(format!("unknown variant `{variant}`, expected one of {}", crate::js::comma_list(expected)))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Self(format!("unknown field `{field}`, expected one of {}", crate::js::comma_list(expected)))
    }

    fn missing_field(field: &'static str) -> Self {
        Self(format!("missing field `{field}`"))
    }

    fn duplicate_field(field: &'static str) -> Self {
        Self(format!("duplicate field `{field}`"))
    }
}

/// A JS value as a serde deserializer.
struct Js(JsValue);

/// What a JS value is, for serde.
enum Kind {
    Unit,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(String),
    Seq(Items),
    Map(Entries),
    Other,
}

impl Kind {
    #[inline(never)]
    fn of(value: JsValue) -> Self {
        const SAFE: f64 = 9_007_199_254_740_991.0;
        if value.is_null() || value.is_undefined() {
            Self::Unit
        } else if let Some(b) = value.as_bool() {
            Self::Bool(b)
        } else if let Some(n) = value.as_f64() {
            // Whole numbers as integers, so integer fields take them.
            if n.fract() == 0.0 && (0.0..=SAFE).contains(&n) {
                Self::Unsigned(n as u64)
            } else if n.fract() == 0.0 && (-SAFE..0.0).contains(&n) {
                Self::Signed(n as i64)
            } else {
                Self::Float(n)
            }
        } else if let Some(s) = value.as_string() {
            Self::Str(s)
        } else if Array::is_array(&value) {
            let array: Array = value.unchecked_into();
            Self::Seq(Items { length: array.length(), next: 0, array })
        } else if value.is_object() {
            Self::Map(Entries::of(value))
        } else {
            Self::Other
        }
    }
}

impl Kind {
    /// What this is, for an error message.
    fn name(&self) -> &'static str {
        match self {
            Self::Unit => "null",
            Self::Bool(_) => "a boolean",
            Self::Unsigned(_) | Self::Signed(_) | Self::Float(_) => "a number",
            Self::Str(_) => "a string",
            Self::Seq(_) => "an array",
            Self::Map(_) => "an object",
            Self::Other => "a value JSON cannot carry",
        }
    }
}

/// `found` where `expected` was wanted. Not generic: each type's visitor passes
/// itself as `&dyn Expected`.
#[inline(never)]
fn wrong_kind(found: &Kind, expected: &dyn Expected) -> Error {
    Error(format!("invalid type: {}, expected {expected}", found.name()))
}

/// The methods for what a type asks for: each calls only the visitor method
/// that kind of value needs, so a struct's decoder is its `visit_map` alone (not
/// also `visit_seq`, `visit_bool`, … as `deserialize_any` would make every type
/// carry). Any other kind is a [`wrong_kind`] error.
macro_rules! expecting {
    ($($method:ident => |$visitor:ident| { $($kind:pat => $visit:expr),+ $(,)? })*) => {$(
        fn $method<V: Visitor<'de>>(self, $visitor: V) -> Result<V::Value, Error> {
            match Kind::of(self.0) {
                $($kind => $visit,)+
                other => Err(wrong_kind(&other, &$visitor)),
            }
        }
    )*};
}

/// The methods for numbers: whole numbers come as integers (so integer types
/// take them), others as floats.
macro_rules! numbers {
    ($($method:ident)*) => {
        expecting! {$(
            $method => |visitor| {
                Kind::Unsigned(n) => visitor.visit_u64(n),
                Kind::Signed(n) => visitor.visit_i64(n),
                Kind::Float(n) => visitor.visit_f64(n),
            }
        )*}
    };
}

impl<'de> de::Deserializer<'de> for Js {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // For what asks for any kind (untagged or internally tagged enums).
        // Classifying is not generic: only the dispatch below is copied per type.
        match Kind::of(self.0) {
            Kind::Unit => visitor.visit_unit(),
            Kind::Bool(b) => visitor.visit_bool(b),
            Kind::Unsigned(n) => visitor.visit_u64(n),
            Kind::Signed(n) => visitor.visit_i64(n),
            Kind::Float(n) => visitor.visit_f64(n),
            Kind::Str(s) => visitor.visit_string(s),
            Kind::Seq(items) => visitor.visit_seq(items),
            Kind::Map(entries) => visitor.visit_map(entries),
            Kind::Other => Err(Error("a value JSON cannot carry".into())),
        }
    }

    expecting! {
        deserialize_bool => |visitor| { Kind::Bool(b) => visitor.visit_bool(b) }
        deserialize_str => |visitor| { Kind::Str(s) => visitor.visit_string(s) }
        deserialize_string => |visitor| { Kind::Str(s) => visitor.visit_string(s) }
        deserialize_char => |visitor| { Kind::Str(s) => visitor.visit_string(s) }
        deserialize_identifier => |visitor| { Kind::Str(s) => visitor.visit_string(s) }
        deserialize_unit => |visitor| { Kind::Unit => visitor.visit_unit() }
        deserialize_seq => |visitor| { Kind::Seq(items) => visitor.visit_seq(items) }
        deserialize_map => |visitor| { Kind::Map(entries) => visitor.visit_map(entries) }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8
        deserialize_u16 deserialize_u32 deserialize_u64 deserialize_f32 deserialize_f64
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // "variant", or {"variant": content}.
        if let Some(variant) = self.0.as_string() {
            return visitor.visit_enum(variant.into_deserializer());
        }
        if !self.0.is_object() || Array::is_array(&self.0) {
            return Err(Error("expected a variant name, or an object with one key".into()));
        }
        let mut entries = Entries::of(self.0);
        match (entries.keys.next(), entries.keys.next()) {
            (Some(key), None) => {
                let content = Reflect::get(&entries.object, &key).unwrap_or_default();
                visitor.visit_enum(Variant { name: key.as_string().unwrap_or_default(), content })
            }
            _ => Err(Error("expected a variant name, or an object with one key".into())),
        }
    }

    serde::forward_to_deserialize_any! {
        i128 u128 bytes byte_buf
    }

    /// Fields nobody asked for are not looked into (they may hold anything).
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// An array's items, read one at a time (a sparse array may claim any length).
struct Items {
    array: Array,
    length: u32,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.next >= self.length {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Js(item)).map(Some)
    }
}

/// An object's own enumerable entries.
struct Entries {
    object: JsValue,
    keys: std::vec::IntoIter<JsValue>,
    value: Option<JsValue>,
}

impl Entries {
    fn of(object: JsValue) -> Self {
        let keys = Object::keys(object.unchecked_ref::<Object>()).iter().collect::<Vec<_>>().into_iter();
        Self { object, keys, value: None }
    }
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some(key) = self.keys.next() else { return Ok(None) };
        self.value = Some(Reflect::get(&self.object, &key).unwrap_or_default());
        seed.deserialize(Js(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Js(self.value.take().unwrap_or_default()))
    }
}

/// An enum variant with content: `{"name": content}`.
struct Variant {
    name: String,
    content: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Js;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Js), Error> {
        let name = seed.deserialize(self.name.into_deserializer())?;
        Ok((name, Js(self.content)))
    }
}

impl<'de> de::VariantAccess<'de> for Js {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}
