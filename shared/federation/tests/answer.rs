//! `federation::answer` on real JS values (wasm in Node, through
//! wasm-bindgen-test-runner; `cargo xtask test` runs it): what the readers take
//! and refuse, what the writers make, and that the derives follow serde's shape
//! (the same JSON text both ways). Native builds have no JS values: nothing here.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use federation::answer::{FromAnswer, JsValue, Misread, ToJson};
use serde::{Deserialize, Serialize};
use wasm_bindgen_test::wasm_bindgen_test;

fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("test JSON")
}

fn read<T: FromAnswer>(json: &str) -> Result<T, String> {
    T::from_answer(&parse(json)).map_err(Misread::into_detail)
}

fn text(value: JsValue) -> String {
    js_sys::JSON::stringify(&value).expect("JSON-compatible").into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
#[serde(rename_all = "snake_case")]
enum Shade {
    Light,
    DeepBlue,
    #[serde(rename = "off")]
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
struct Card {
    id: u64,
    title: String,
    shade: Shade,
    tags: Vec<String>,
    due: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default)]
    votes: u32,
    #[serde(rename = "ratio")]
    share: f64,
    counts: BTreeMap<String, u8>,
    inner: Vec<Inner>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
struct Inner {
    at: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
struct Wrapped(Option<Inner>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
#[serde(transparent)]
struct Flag {
    on: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
struct Nothing {}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
struct Page<T> {
    items: Vec<T>,
    next: Option<String>,
}

fn card() -> Card {
    Card {
        id: 9_007_199_254_740_991,
        title: "Dosage \"math\" ✓".into(),
        shade: Shade::DeepBlue,
        tags: vec!["a".into(), "b".into()],
        due: Some(-5),
        note: None,
        votes: 3,
        share: 0.25,
        counts: BTreeMap::from([("x".into(), 1), ("y".into(), 255)]),
        inner: vec![Inner { at: -7 }],
    }
}

/// The writer makes serde's JSON text, key for key, and the reader takes it back.
fn same_as_serde<T: Serialize + FromAnswer + ToJson + PartialEq + std::fmt::Debug>(value: T) {
    let serde_text = serde_json::to_string(&value).unwrap();
    assert_eq!(text(value.to_json()), serde_text);
    assert_eq!(read::<T>(&serde_text).unwrap(), value);
}

#[wasm_bindgen_test]
fn the_derives_follow_serde_both_ways() {
    same_as_serde(card());
    same_as_serde(Card { note: Some("see page 4".into()), shade: Shade::Nothing, due: None, ..card() });
    same_as_serde(Shade::Light);
    same_as_serde(Wrapped(Some(Inner { at: 1 })));
    same_as_serde(Wrapped(None));
    same_as_serde(Flag { on: true });
    same_as_serde(Nothing {});
    same_as_serde(Page { items: vec![Inner { at: 1 }, Inner { at: 2 }], next: Some("/p/2".into()) });
    same_as_serde(Page::<Shade> { items: vec![], next: None });
}

#[wasm_bindgen_test]
fn absent_fields_are_none_or_their_default_and_others_are_missing() {
    let json = r#"{"id":1,"title":"t","shade":"light","tags":[],"ratio":1,"counts":{},"inner":[]}"#;
    let card = read::<Card>(json).unwrap();
    assert_eq!((card.due, card.note, card.votes), (None, None, 0));
    let without_title = r#"{"id":1,"shade":"light","tags":[],"ratio":1,"counts":{},"inner":[]}"#;
    assert_eq!(read::<Card>(without_title).unwrap_err(), "expected a value at `title`");
    let null_title = r#"{"id":1,"title":null,"shade":"light","tags":[],"ratio":1,"counts":{},"inner":[]}"#;
    assert_eq!(read::<Card>(null_title).unwrap_err(), "expected a value at `title`");
}

#[wasm_bindgen_test]
fn each_mistake_is_named_with_its_place_and_never_its_value() {
    let base = serde_json::to_value(card()).unwrap();
    let with = |key: &str, value: serde_json::Value| {
        let mut changed = base.clone();
        changed[key] = value;
        read::<Card>(&changed.to_string()).unwrap_err()
    };
    assert_eq!(with("id", serde_json::json!(1.5)), "expected a whole number in range at `id`");
    assert_eq!(with("id", serde_json::json!(-1)), "expected a whole number in range at `id`");
    assert_eq!(with("id", serde_json::json!(9_007_199_254_740_992_u64)), "expected a whole number in range at `id`");
    assert_eq!(with("votes", serde_json::json!(4_294_967_296_u64)), "expected a whole number in range at `votes`");
    assert_eq!(with("title", serde_json::json!(7)), "expected a string at `title`");
    assert_eq!(with("shade", serde_json::json!("plaid")), "expected a known variant at `shade`");
    assert_eq!(with("shade", serde_json::json!(2)), "expected a variant name at `shade`");
    assert_eq!(with("tags", serde_json::json!(["a", 2])), "expected a string at `tags.1`");
    assert_eq!(
        with("inner", serde_json::json!([{"at": 1}, {"at": "x"}])),
        "expected a whole number in range at `inner.1.at`"
    );
    assert_eq!(with("counts", serde_json::json!({"x": 256})), "expected a whole number in range at `counts.x`");
    assert_eq!(with("ratio", serde_json::json!("half")), "expected a number at `ratio`");
    assert_eq!(read::<Card>("[1,2]").unwrap_err(), "expected an object");
    assert_eq!(read::<Card>("\"card\"").unwrap_err(), "expected an object");
    assert_eq!(read::<Flag>("1").unwrap_err(), "expected true or false");
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, FromAnswer, ToJson)]
struct Inherited {
    constructor: Option<String>,
    #[serde(rename = "toString")]
    to_string: Option<u32>,
}

#[wasm_bindgen_test]
fn hostile_shapes_are_refused_without_a_panic_or_a_huge_allocation() {
    // An array may claim any length; a hole is not JSON.
    let sparse: JsValue = js_sys::Array::new_with_length(u32::MAX).into();
    assert_eq!(
        Vec::<Option<u8>>::from_answer(&sparse).map_err(Misread::into_detail),
        Err("expected a value at `0`".into())
    );
    // What every object inherits is not a field it has.
    assert_eq!(read::<Inherited>("{}"), Ok(Inherited { constructor: None, to_string: None }));
    same_as_serde(Inherited { constructor: Some("c".into()), to_string: Some(1) });
    // An object without a prototype is still an object.
    let bare = js_sys::Object::create(&JsValue::NULL.into());
    js_sys::Reflect::set(&bare, &"at".into(), &3.into()).unwrap();
    assert_eq!(Inner::from_answer(&bare.into()), Ok(Inner { at: 3 }));
    // A map's key `__proto__` stays an entry, both ways.
    same_as_serde(BTreeMap::from([("__proto__".to_string(), 1_u8), ("a".to_string(), 2)]));
}

#[wasm_bindgen_test]
fn numbers_stay_in_their_types_range() {
    assert_eq!(read::<i8>("-128"), Ok(-128));
    assert!(read::<i8>("128").is_err());
    assert_eq!(read::<u8>("255"), Ok(255));
    assert!(read::<u8>("-1").is_err());
    assert_eq!(read::<i32>("-2147483648"), Ok(i32::MIN));
    assert_eq!(read::<i64>("-9007199254740991"), Ok(-9_007_199_254_740_991));
    assert!(read::<i64>("-9007199254740992").is_err());
    assert_eq!(read::<f64>("-0.5"), Ok(-0.5));
    assert_eq!(text(1_u64.to_json()), "1");
    assert_eq!(text((-3_i32).to_json()), "-3");
    assert_eq!(text(Option::<u8>::None.to_json()), "null");
    assert_eq!(text(().to_json()), "null");
}
