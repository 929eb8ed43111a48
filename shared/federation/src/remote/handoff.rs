//! From a prerendered module to the live one. A mount point the server filled
//! with a module's prerendered HTML (`data-mf-prerendered`) is usable before any
//! wasm arrives: a student may type into it, move focus, even submit (the page's
//! inline guard holds a submit back and marks the point `data-mf-submit`). When
//! the live module replaces the HTML, what was typed and focused is carried over
//! by element id, and a submit held back is made again. The remote's `mount`
//! does this (only in remotes that have `#[prerender]` modules), since it is the
//! remote's own HTML it takes over.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// Marks a mount point that holds prerendered HTML.
const PRERENDERED: &str = "data-mf-prerendered";
/// Marks a prerendered mount point whose form a student submitted.
const SUBMITTED: &str = "data-mf-submit";
/// The form fields whose state is carried over.
const FIELDS: &str = "input[id], textarea[id]";

/// What a student did in a prerendered module, taken before the live one mounts.
#[derive(Default)]
pub(crate) struct Handoff {
    /// Fields changed from their prerendered state: id, property, value.
    changed: Vec<(String, &'static str, JsValue)>,
    /// The id of the focused element, if it was inside.
    focused: Option<String>,
    /// A submit was held back.
    submitted: bool,
}

impl Handoff {
    /// Takes what was typed, focused and submitted in `point`'s prerendered HTML
    /// (nothing when it has none), and marks `point` as no longer prerendered.
    pub(crate) fn take(point: &HtmlElement) -> Self {
        if !point.has_attribute(PRERENDERED) {
            return Self::default();
        }
        let mut handoff = Self { submitted: point.has_attribute(SUBMITTED), ..Self::default() };
        let _ = point.remove_attribute(PRERENDERED);
        let _ = point.remove_attribute(SUBMITTED);
        if let Ok(fields) = point.query_selector_all(FIELDS) {
            for field in (0..fields.length()).filter_map(|i| fields.item(i)?.dyn_into::<Element>().ok()) {
                for (property, initial) in [("value", "defaultValue"), ("checked", "defaultChecked")] {
                    let now = Reflect::get(&field, &JsValue::from_str(property)).unwrap_or_default();
                    let before = Reflect::get(&field, &JsValue::from_str(initial)).unwrap_or_default();
                    // A textarea has no `checked`: both undefined.
                    if now != before {
                        handoff.changed.push((field.id(), property, now));
                    }
                }
            }
        }
        let active = point.owner_document().and_then(|d| d.active_element());
        handoff.focused = active.filter(|a| point.contains(Some(a)) && !a.id().is_empty()).map(|a| a.id());
        handoff
    }

    /// Applies it to the live module just mounted in `target`: each changed field
    /// gets its value (with an `input` or `change` event, so the module's state
    /// follows), focus goes back, and a held-back submit is made again.
    pub(crate) fn restore(self, target: &HtmlElement) {
        let Some(document) = target.owner_document() else { return };
        for (id, property, value) in self.changed {
            let Some(field) = document.get_element_by_id(&id).filter(|f| target.contains(Some(f))) else { continue };
            let _ = Reflect::set(&field, &JsValue::from_str(property), &value);
            let event = if property == "checked" { "change" } else { "input" };
            if let Ok(event) = web_sys::Event::new(event) {
                let _ = field.dispatch_event(&event);
            }
        }
        let element = |id: &str| document.get_element_by_id(id)?.dyn_into::<HtmlElement>().ok();
        if let Some(focused) = self.focused.as_deref().and_then(element) {
            let _ = focused.focus();
        }
        if self.submitted {
            let submit = target.query_selector("form [type=submit]").ok().flatten();
            if let Some(submit) = submit.and_then(|s| s.dyn_into::<HtmlElement>().ok()) {
                submit.click();
            }
        }
    }
}
