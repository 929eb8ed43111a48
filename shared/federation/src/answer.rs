//! Reading and writing the JSON values the browser holds (the API's answers,
//! events' payloads, shared state, request bodies) into and out of their types,
//! field by field, without serde. serde's derived visitor is a state machine per
//! type, copied into the remote for each type it reads (about 6 KB of wasm for
//! an attempt with its questions); here each field is one call of a small reader
//! or writer, so a type costs a few bytes per field.
//!
//! `#[derive(FromAnswer, ToJson)]` writes both from the type's serde shape, so
//! the server (serde) and the browser agree:
//!
//! ```
//! use federation::answer::{FromAnswer, ToJson};
//! #[derive(serde::Serialize, serde::Deserialize, FromAnswer, ToJson)]
//! struct ExamCompleted { attempt_id: u64, score: u32, note: Option<String> }
//! ```
//!
//! The errors name what was expected and where (``expected a whole number in
//! range at `questions.2.id` ``), never the value.

use alloc::{string::String, vec::Vec};

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsCast;

pub use federation_derive::{FromAnswer, ToJson};
/// The JS value types are read from and written to (re-exported for the derives).
pub use wasm_bindgen::JsValue;

/// A type an answer or payload is read into (`#[derive(FromAnswer)]`).
/// [`http::request`](crate::http::request) reads answers with it, the bus its
/// events and the shared state its values.
pub trait FromAnswer: Sized {
    /// Reads `value` (JSON the browser parsed).
    fn from_answer(value: &JsValue) -> Result<Self, Misread>;

    /// The value of a field that is absent (or null): an error, but `None` for an `Option`.
    fn absent() -> Result<Self, Misread> {
        Err(Misread::expected("a value", ""))
    }
}

/// A type written as a JSON value for the browser (`#[derive(ToJson)]`): an
/// event's payload, a shared state value, a request's body.
pub trait ToJson {
    /// The value as a JSON-compatible JS value.
    fn to_json(&self) -> JsValue;
}

/// A new, empty JS object (for `#[derive(ToJson)]`).
pub fn object() -> Object {
    Object::new()
}

/// Sets `object[key]` to `value` (for `#[derive(ToJson)]`).
#[inline(never)]
pub fn set(object: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), &value);
}

impl<T: ToJson + ?Sized> ToJson for &T {
    fn to_json(&self) -> JsValue {
        (**self).to_json()
    }
}

/// Nothing: `null`.
impl ToJson for () {
    fn to_json(&self) -> JsValue {
        JsValue::NULL
    }
}

impl ToJson for bool {
    fn to_json(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl ToJson for str {
    fn to_json(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJson for String {
    fn to_json(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

/// Numbers are JSON numbers: whole numbers are exact up to 2^53 (a larger `u64`
/// or `i64` is rounded, and then not read back: the platform's ids stay far below).
macro_rules! numbers_to_json {
    ($($number:ty),*) => {$(
        impl ToJson for $number {
            fn to_json(&self) -> JsValue {
                JsValue::from_f64(*self as f64)
            }
        }
    )*};
}
numbers_to_json!(u8, u16, u32, u64, usize, i8, i16, i32, i64, f32, f64);

/// `None` is `null`.
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> JsValue {
        self.as_ref().map_or(JsValue::NULL, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> JsValue {
        self.iter().map(ToJson::to_json).collect::<Array>().into()
    }
}

/// `null`, or a `T`; an absent field is `None`.
impl<T: FromAnswer> FromAnswer for Option<T> {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        if value.is_null() || value.is_undefined() {
            Ok(None)
        } else {
            T::from_answer(value).map(Some)
        }
    }

    fn absent() -> Result<Self, Misread> {
        Ok(None)
    }
}

impl FromAnswer for bool {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        value.as_bool().ok_or_else(|| Misread::expected("true or false", ""))
    }
}

/// The whole numbers JSON carries exactly, each in its type's range.
macro_rules! numbers_from_answer {
    ($($number:ty: $low:expr, $high:expr);*) => {$(
        impl FromAnswer for $number {
            fn from_answer(value: &JsValue) -> Result<Self, Misread> {
                whole(value, "", $low, $high).map(|n| n as $number)
            }
        }
    )*};
}
numbers_from_answer!(
    u8: 0.0, f64::from(u8::MAX); u16: 0.0, f64::from(u16::MAX); u32: 0.0, f64::from(u32::MAX);
    u64: 0.0, SAFE; usize: 0.0, f64::from(u32::MAX);
    i8: f64::from(i8::MIN), f64::from(i8::MAX); i16: f64::from(i16::MIN), f64::from(i16::MAX);
    i32: f64::from(i32::MIN), f64::from(i32::MAX); i64: -SAFE, SAFE
);

/// Any JSON number (JSON has no NaN or infinity).
impl FromAnswer for f64 {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        value.as_f64().filter(|n| n.is_finite()).ok_or_else(|| Misread::expected("a number", ""))
    }
}

/// A JSON object whose values are each a `T`, by key (in key order).
impl<T: FromAnswer> FromAnswer for alloc::collections::BTreeMap<String, T> {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        let object: &Object = Fields::of(value)?.0.unchecked_ref();
        let mut map = Self::new();
        for entry in Object::entries(object).iter() {
            let entry: &Array = entry.unchecked_ref();
            let key = entry.get(0).as_string().unwrap_or_default();
            let item = T::from_answer(&entry.get(1)).map_err(|e| e.inside(&key))?;
            map.insert(key, item);
        }
        Ok(map)
    }
}

/// A JSON object, one key per entry.
impl<T: ToJson> ToJson for alloc::collections::BTreeMap<String, T> {
    fn to_json(&self) -> JsValue {
        let map = object();
        for (key, value) in self {
            define_own(&map, key, &value.to_json());
        }
        map.into()
    }
}

/// An empty answer (or one nobody reads).
impl FromAnswer for () {
    fn from_answer(_: &JsValue) -> Result<Self, Misread> {
        Ok(())
    }
}

/// A JSON string.
impl FromAnswer for String {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        value.as_string().ok_or_else(|| Misread::expected("a string", ""))
    }
}

/// A JSON array of `T`.
impl<T: FromAnswer> FromAnswer for Vec<T> {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        if !Array::is_array(value) {
            return Err(Misread::expected("an array", ""));
        }
        let items: &Array = value.unchecked_ref();
        // Any page script can send a payload, and an array may claim any length
        // (`new Array(2 ** 32 - 1)`): room for what JSON carries, grown as read;
        // and a hole (never in JSON) ends the read at once.
        let mut list = Vec::with_capacity(items.length().min(256) as usize);
        for (i, item) in items.iter().enumerate() {
            let read = if item.is_undefined() { Err(Misread::expected("a value", "")) } else { T::from_answer(&item) };
            list.push(read.map_err(|e| e.inside(&crate::text::decimal(i as u64)))?);
        }
        Ok(list)
    }
}

/// Why an answer could not be read: what was expected, and where (a path of
/// keys and indexes from the answer's root, such as `questions.2.id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misread {
    /// What was expected (`a string`).
    expected: &'static str,
    place: String,
}

impl Misread {
    /// `expected {what}` at `key`.
    #[inline(never)]
    fn expected(what: &'static str, key: &str) -> Self {
        Self { expected: what, place: String::from(key) }
    }

    /// The same problem, found inside the value at `key`.
    #[inline(never)]
    fn inside(mut self, key: &str) -> Self {
        if !self.place.is_empty() {
            self.place.insert(0, '.');
        }
        self.place.insert_str(0, key);
        self
    }

    /// The problem and its place, for people: ``expected a string at `questions.2.stem` ``.
    pub fn into_detail(self) -> String {
        let mut detail = String::from("expected ");
        detail.push_str(self.expected);
        if !self.place.is_empty() {
            detail.push_str(" at `");
            detail.push_str(&self.place);
            detail.push('`');
        }
        detail
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = "
export function own_value(o, k) { return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined; }
export function define_own(o, k, v) { Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true }); }
")]
extern "C" {
    /// `object[key]` when it is the object's own (not `constructor`, `toString`
    /// and the like, which every object inherits), else `undefined`.
    fn own_value(object: &JsValue, key: &str) -> JsValue;
    /// Defines `object[key]` as `value`, as `JSON.parse` does: a key such as
    /// `__proto__` stays an entry (assigned, it would set the prototype).
    fn define_own(object: &Object, key: &str, value: &JsValue);
}

/// A JSON object of an answer, read one field at a time.
pub struct Fields<'a>(&'a JsValue);

impl<'a> Fields<'a> {
    /// `value`, which must be a JSON object.
    pub fn of(value: &'a JsValue) -> Result<Self, Misread> {
        if value.is_object() && !Array::is_array(value) {
            Ok(Self(value))
        } else {
            Err(Misread::expected("an object", ""))
        }
    }

    /// The value at `key`, if it is there (absent or null: `None`).
    #[inline(never)]
    fn optional(&self, key: &str) -> Option<JsValue> {
        let value = own_value(self.0, key);
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    /// The value at `key`, which must be there (and not null).
    pub fn value(&self, key: &str) -> Result<JsValue, Misread> {
        self.optional(key).ok_or_else(|| Misread::expected("a value", key))
    }

    /// The object at `key` (field → text) as a list of pairs; entries that are
    /// not text are left out, and so is the whole when it is not an object.
    pub fn texts(&self, key: &str) -> Vec<(String, String)> {
        let Some(object) = self.optional(key).filter(JsValue::is_object) else { return Vec::new() };
        let entries = js_sys::Object::entries(object.unchecked_ref());
        entries
            .iter()
            .filter_map(|entry| {
                let entry: Array = entry.unchecked_into();
                Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
            })
            .collect()
    }

    /// The value at `key`, read as a `T` (absent or null: [`FromAnswer::absent`]).
    pub fn read<T: FromAnswer>(&self, key: &str) -> Result<T, Misread> {
        match self.optional(key) {
            Some(value) => T::from_answer(&value),
            None => T::absent(),
        }
        .map_err(|e| e.inside(key))
    }

    /// The value at `key` read as a `T`, or `T`'s default when it is absent or null
    /// (`#[serde(default)]`).
    pub fn read_or_default<T: FromAnswer + Default>(&self, key: &str) -> Result<T, Misread> {
        match self.optional(key) {
            Some(value) => T::from_answer(&value).map_err(|e| e.inside(key)),
            None => Ok(T::default()),
        }
    }
}

/// `value` as a whole number from `low` to `high` (`key`: where, for the error).
#[inline(never)]
fn whole(value: &JsValue, key: &str, low: f64, high: f64) -> Result<f64, Misread> {
    let number = value.as_f64().filter(|n| (low..=high).contains(n) && is_whole(*n));
    number.ok_or_else(|| Misread::expected("a whole number in range", key))
}

/// Whether `n` (within ±2^53) has no fractional part: `f64::fract` with std (one
/// wasm instruction); without (it is std's), through `i64`, exact in that range.
fn is_whole(n: f64) -> bool {
    #[cfg(feature = "std")]
    return n.fract() == 0.0;
    #[cfg(not(feature = "std"))]
    return (n as i64) as f64 == n;
}

/// The largest integer a JSON number (an `f64`) holds exactly: 2^53 - 1.
const SAFE: f64 = 9_007_199_254_740_991.0;

/// The index in `names` (variants' names on the wire) of the one `value`, a
/// string, names.
#[inline(never)]
pub fn variant(value: &JsValue, names: &[&str]) -> Result<usize, Misread> {
    let name = value.as_string().ok_or_else(|| Misread::expected("a variant name", ""))?;
    names.iter().position(|wire| *wire == name).ok_or_else(|| Misread::expected("a known variant", ""))
}
