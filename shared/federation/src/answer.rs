//! Reading the platform API's answers (JSON the browser parsed) into their types
//! field by field, without serde. serde's derived visitor is a state machine per
//! type, copied into the remote for each type it reads (about 6 KB of wasm for
//! an attempt with its questions); here each field is one call of a reader that
//! is not generic, so a type costs a few bytes per field.
//!
//! The errors name what was expected and where (``expected a whole number in
//! range at `questions.2.id` ``), never the value.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A type an API answer is read into. The contract implements it for its answer
/// types; [`http::request`](crate::http::request) reads answers with it.
pub trait FromAnswer: Sized {
    /// Reads `value` (JSON the browser parsed).
    fn from_answer(value: &JsValue) -> Result<Self, Misread>;
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
        let items = value.dyn_ref::<Array>().ok_or_else(|| Misread::expected("an array", ""))?;
        let mut list = Vec::with_capacity(items.length() as usize);
        for (i, item) in items.iter().enumerate() {
            list.push(T::from_answer(&item).map_err(|e| e.inside(&i.to_string()))?);
        }
        Ok(list)
    }
}

/// Why an answer could not be read: what was expected, and where (a path of
/// keys and indexes from the answer's root, such as `questions.2.id`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misread {
    problem: String,
    place: String,
}

impl Misread {
    /// `expected {what}` at `key`.
    #[inline(never)]
    fn expected(what: &str, key: &str) -> Self {
        let mut problem = String::from("expected ");
        problem.push_str(what);
        Self { problem, place: String::from(key) }
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
        let mut detail = self.problem;
        if !self.place.is_empty() {
            detail.push_str(" at `");
            detail.push_str(&self.place);
            detail.push('`');
        }
        detail
    }
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
        let value = Reflect::get(self.0, &JsValue::from_str(key)).ok()?;
        (!value.is_undefined() && !value.is_null()).then_some(value)
    }

    /// The value at `key`, which must be there (and not null).
    pub fn value(&self, key: &str) -> Result<JsValue, Misread> {
        self.optional(key).ok_or_else(|| Misread::expected("a value", key))
    }

    /// The whole number at `key`, from `low` to `high`.
    fn whole(&self, key: &str, low: f64, high: f64) -> Result<f64, Misread> {
        whole(&self.value(key)?, key, low, high)
    }

    /// The whole number at `key`, if it is there.
    fn optional_whole(&self, key: &str, low: f64, high: f64) -> Result<Option<f64>, Misread> {
        self.optional(key).map(|value| whole(&value, key, low, high)).transpose()
    }

    /// The unsigned integer at `key` (JSON numbers are exact up to 2^53).
    pub fn u64(&self, key: &str) -> Result<u64, Misread> {
        self.whole(key, 0.0, SAFE).map(|n| n as u64)
    }

    /// The `u32` at `key`.
    pub fn u32(&self, key: &str) -> Result<u32, Misread> {
        self.whole(key, 0.0, f64::from(u32::MAX)).map(|n| n as u32)
    }

    /// The signed integer at `key`.
    pub fn i64(&self, key: &str) -> Result<i64, Misread> {
        self.whole(key, -SAFE, SAFE).map(|n| n as i64)
    }

    /// The `u32` at `key`, if it is there.
    pub fn optional_u32(&self, key: &str) -> Result<Option<u32>, Misread> {
        Ok(self.optional_whole(key, 0.0, f64::from(u32::MAX))?.map(|n| n as u32))
    }

    /// The signed integer at `key`, if it is there.
    pub fn optional_i64(&self, key: &str) -> Result<Option<i64>, Misread> {
        Ok(self.optional_whole(key, -SAFE, SAFE)?.map(|n| n as i64))
    }

    /// The string at `key`.
    pub fn string(&self, key: &str) -> Result<String, Misread> {
        self.value(key)?.as_string().ok_or_else(|| Misread::expected("a string", key))
    }

    /// The string at `key`, if it is there.
    pub fn optional_string(&self, key: &str) -> Result<Option<String>, Misread> {
        self.optional(key).map(|value| value.as_string().ok_or_else(|| Misread::expected("a string", key))).transpose()
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

    /// The value at `key`, read as a `T` (an object, an array, a named variant).
    pub fn read<T: FromAnswer>(&self, key: &str) -> Result<T, Misread> {
        T::from_answer(&self.value(key)?).map_err(|e| e.inside(key))
    }
}

/// `value` as a whole number from `low` to `high` (`key`: where, for the error).
#[inline(never)]
fn whole(value: &JsValue, key: &str, low: f64, high: f64) -> Result<f64, Misread> {
    let number = value.as_f64().filter(|n| n.fract() == 0.0 && (low..=high).contains(n));
    number.ok_or_else(|| Misread::expected("a whole number in range", key))
}

/// The largest integer a JSON number (an `f64`) holds exactly: 2^53 - 1.
const SAFE: f64 = 9_007_199_254_740_991.0;

/// The variant of `variants` (each with its name on the wire) that `value`, a
/// string, names.
pub fn variant<T: Copy>(value: &JsValue, variants: &[(&str, T)]) -> Result<T, Misread> {
    let name = value.as_string().ok_or_else(|| Misread::expected("a variant name", ""))?;
    match variants.iter().find(|(wire, _)| *wire == name) {
        Some((_, variant)) => Ok(*variant),
        None => Err(Misread::expected("a known variant", "")),
    }
}
