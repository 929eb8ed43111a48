//! The devtools panel: every remote in the page's map with its version, where it
//! comes from, its contract, bytes, load time and status, and a button to reload
//! it; the current value of every shared state key; and a live log of the bus's
//! events with their payloads. Opened with `?devtools` or the `` ` `` key.

use alloc::{
    rc::Rc,
    string::{String, ToString},
    vec::Vec,
};
use core::cell::Cell;

use federation::host::{Entry, LoadRecord};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, KeyboardEvent};

use crate::mounts::Mounts;

/// How many events the log keeps.
const LOG_LINES: u32 = 100;

/// How often the open panel refreshes load states, in milliseconds.
const REFRESH_MS: i32 = 1000;

struct Panel {
    document: Document,
    mounts: Rc<Mounts>,
    root: Element,
    remotes: Element,
    state: Element,
    log: Element,
    /// The contract's shared state keys and event names, from `#mf-contract`.
    keys: Vec<String>,
    /// `name@version` of each live remote's contract, from the page's remote map.
    contracts: Vec<(String, String)>,
    timer: Cell<Option<i32>>,
}

/// Adds the (closed) panel to the page, logging events from now on.
pub(crate) fn install(document: &Document, mounts: Rc<Mounts>) {
    let Some(panel) = Panel::new(document, mounts) else { return };
    let panel = Rc::new(panel);
    panel.listen_to_the_bus();
    panel.handle_reloads();
    let toggle = Rc::clone(&panel);
    let on_key = Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
        let typing = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .is_some_and(|t| t.matches("input, textarea, select, [contenteditable]").unwrap_or(false));
        if event.key() == "`" && !typing && !event.ctrl_key() && !event.meta_key() {
            toggle.set_open(toggle.root.has_attribute("hidden"));
        }
    });
    let _ = document.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    on_key.forget();
    let wanted = web_sys::window().and_then(|w| w.location().search().ok()).is_some_and(|q| q.contains("devtools"));
    panel.set_open(wanted);
}

impl Panel {
    fn new(document: &Document, mounts: Rc<Mounts>) -> Option<Self> {
        let root = el(document, "aside", "mf-devtools", "")?;
        root.set_id("mf-devtools");
        let _ = root.set_attribute("aria-label", "Federation devtools");
        let _ = root.set_attribute("hidden", "");
        let header = el(document, "header", "mf-devtools-header", "")?;
        let _ = header.append_child(&el(document, "strong", "", "Federation devtools")?.into());
        let close = el(document, "button", "mf-devtools-close", "Close")?;
        let _ = close.set_attribute("type", "button");
        let _ = header.append_child(&close);
        let _ = root.append_child(&header);
        let remotes = section(document, &root, "Remotes", "table", "remotes")?;
        let head = el(document, "tr", "", "")?;
        for title in ["remote", "version", "from", "contract", "bytes", "load", "status", ""] {
            let _ = head.append_child(&el(document, "th", "", title)?.into());
        }
        let thead = el(document, "thead", "", "")?;
        let _ = thead.append_child(&head);
        let _ = remotes.append_child(&thead);
        let body = el(document, "tbody", "", "")?;
        let _ = remotes.append_child(&body);
        let state = section(document, &root, "Shared state", "dl", "state")?;
        let log = section(document, &root, "Events (newest first)", "ol", "events")?;
        document.body()?.append_child(&root).ok()?;
        let keys = crate::page_data::host_contract(document).types.0.into_iter().map(|(name, _)| name).collect();
        let contracts = page_contracts(document);
        let panel = Self {
            document: document.clone(),
            mounts,
            root,
            remotes: body,
            state,
            log,
            keys,
            contracts,
            timer: Cell::new(None),
        };
        let root = panel.root.clone();
        let on_close = Closure::<dyn Fn()>::new(move || {
            let _ = root.set_attribute("hidden", "");
        });
        let _ = close.add_event_listener_with_callback("click", on_close.as_ref().unchecked_ref());
        on_close.forget();
        Some(panel)
    }

    fn set_open(self: &Rc<Self>, open: bool) {
        let window = web_sys::window();
        if let (Some(timer), Some(window)) = (self.timer.take(), &window) {
            window.clear_interval_with_handle(timer);
        }
        if !open {
            let _ = self.root.set_attribute("hidden", "");
            return;
        }
        let _ = self.root.remove_attribute("hidden");
        self.refresh();
        let this = Rc::clone(self);
        let tick = Closure::<dyn Fn()>::new(move || this.refresh());
        let timer = window.and_then(|w| {
            w.set_interval_with_callback_and_timeout_and_arguments_0(tick.as_ref().unchecked_ref(), REFRESH_MS).ok()
        });
        tick.forget();
        self.timer.set(timer);
    }

    /// Reload buttons: read an overridden remote's manifest again, then unmount
    /// the remote and mount a fresh instance where it was.
    fn handle_reloads(self: &Rc<Self>) {
        let this = Rc::clone(self);
        let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let button = event.target().and_then(|t| t.dyn_into::<Element>().ok());
            let Some(remote) = button.and_then(|b| b.get_attribute("data-reload")) else { return };
            let this = Rc::clone(&this);
            wasm_bindgen_futures::spawn_local(async move {
                super::overrides::reread(&this.document, &this.mounts.loader(), &remote).await;
                this.mounts.reload(&remote);
                this.refresh();
            });
        });
        let _ = self.remotes.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    }

    /// Logs every event and state change of the contract, and refreshes.
    fn listen_to_the_bus(self: &Rc<Self>) {
        for key in &self.keys {
            let Some((kind, name)) = key.split_once(':') else { continue };
            let event = if kind == "state" { format!("mf:state:{name}") } else { format!("mf:{name}") };
            let this = Rc::clone(self);
            let label = event.clone();
            federation::bus::Subscription::listen(event, move |detail| this.logged(&label, &detail)).forget();
        }
    }

    fn logged(self: &Rc<Self>, event: &str, detail: &JsValue) {
        let payload = js_sys::JSON::stringify(detail).ok().and_then(|s| s.as_string()).unwrap_or_default();
        let time = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
        let text = format!("{} {event} {payload}", time.get(11..23).unwrap_or_default());
        if let Some(line) = el(&self.document, "li", "", &text) {
            let _ = line.set_attribute("data-event", event);
            let _ = self.log.insert_before(&line, self.log.first_child().as_ref());
        }
        while self.log.child_element_count() > LOG_LINES {
            if let Some(last) = self.log.last_element_child() {
                last.remove();
            }
        }
        if !self.root.has_attribute("hidden") {
            self.refresh();
        }
    }

    fn refresh(self: &Rc<Self>) {
        let loader = self.mounts.loader();
        let records = loader.records();
        let overrides = super::overrides::listed(&self.document);
        let mut entries = loader.entries();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        self.remotes.set_inner_html("");
        for entry in &entries {
            let name = entry.0.as_str();
            let from = overrides.iter().find(|(n, _)| n == name).map_or("live", |(_, base)| base.as_str());
            let last = records.iter().rev().find(|r| r.remote.as_str() == name);
            if let Some(row) = self.row(entry, from, last) {
                let _ = self.remotes.append_child(&row);
            }
        }
        self.state.set_inner_html("");
        for key in self.keys.iter().filter_map(|k| k.strip_prefix("state:")) {
            let value = federation::state::get_raw(key, true);
            let json = js_sys::JSON::stringify(&value).ok().and_then(|s| s.as_string()).unwrap_or("unset".into());
            let (Some(term), Some(value)) = (el(&self.document, "dt", "", key), el(&self.document, "dd", "", &json))
            else {
                continue;
            };
            let _ = value.set_attribute("data-key", key);
            let _ = self.state.append_child(&term);
            let _ = self.state.append_child(&value);
        }
    }

    fn row(self: &Rc<Self>, (name, entry): &Entry, from: &str, last: Option<&LoadRecord>) -> Option<Element> {
        let document = &self.document;
        let row = el(document, "tr", "", "")?;
        let _ = row.set_attribute("data-remote", name.as_str());
        let (version, contract) = match entry {
            Ok(l) => (
                l.version.to_string(),
                l.contract.as_ref().map_or_else(
                    || {
                        self.contracts
                            .iter()
                            .find(|(n, _)| n == name.as_str())
                            .map(|(_, c)| c.clone())
                            .unwrap_or_default()
                    },
                    |c| format!("{}@{}", c.name, c.version),
                ),
            ),
            Err(_) => (String::from("?"), String::new()),
        };
        let (status, took) = match (entry, last) {
            (Err(error), _) => (format!("failed: {error}"), String::new()),
            (Ok(_), None) => (String::from("not loaded"), String::new()),
            (Ok(_), Some(LoadRecord { took_ms: None, .. })) => (String::from("loading"), String::new()),
            (Ok(_), Some(LoadRecord { error: Some((_, e)), took_ms: Some(ms), .. })) => {
                (format!("failed: {e}"), ms_text(*ms))
            }
            (Ok(_), Some(LoadRecord { took_ms: Some(ms), .. })) => (String::from("ready"), ms_text(*ms)),
        };
        let bytes = last
            .map(|r| crate::resource_timing::transferred(&r.urls))
            .filter(|b| *b > 0.0)
            .map_or(String::new(), |b| format!("{:.1} KB", b / 1024.0));
        for (field, text) in [
            ("name", name.as_str()),
            ("version", &version),
            ("from", from),
            ("contract", &contract),
            ("bytes", &bytes),
            ("load", &took),
            ("status", &status),
        ] {
            let cell = el(document, "td", "", text)?;
            let _ = cell.set_attribute("data-field", field);
            let _ = row.append_child(&cell);
        }
        let button = el(document, "button", "mf-devtools-reload", "Reload")?;
        let _ = button.set_attribute("type", "button");
        let _ = button.set_attribute("data-reload", name.as_str());
        let cell = el(document, "td", "", "")?;
        let _ = cell.append_child(&button);
        let _ = row.append_child(&cell);
        Some(row)
    }
}

fn ms_text(ms: f64) -> String {
    // Rounded by hand: `f64::round` is std's (this crate is `no_std` in the browser).
    format!("{} ms", (ms + 0.5) as i64)
}

fn el(document: &Document, tag: &str, class: &str, text: &str) -> Option<Element> {
    let element = document.create_element(tag).ok()?;
    if !class.is_empty() {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Some(element)
}

/// A titled section of the panel with an element of `tag` in it, returned.
fn section(document: &Document, root: &Element, title: &str, tag: &str, name: &str) -> Option<Element> {
    let section = el(document, "section", "mf-devtools-section", "")?;
    let _ = section.set_attribute("data-devtools", name);
    let _ = section.append_child(&el(document, "h2", "", title)?.into());
    let content = el(document, tag, "", "")?;
    let _ = section.append_child(&content);
    let _ = root.append_child(&section);
    Some(content)
}

/// Each remote's `name@version` contract as the page's remote map gives it (the
/// loader's entries do not carry it: the server checked it), read once.
fn page_contracts(document: &Document) -> Vec<(String, String)> {
    use federation::page_row;
    let get = |value: &JsValue, key: &str| js_sys::Reflect::get(value, &JsValue::from_str(key)).ok();
    let contract = |row: &js_sys::Array| {
        let contract = row.get(page_row::CONTRACT);
        let (name, version) = (get(&contract, "name")?.as_string()?, get(&contract, "version")?.as_string()?);
        Some((row.get(page_row::NAME).as_string()?, format!("{name}@{version}")))
    };
    let Some(map) = document
        .get_element_by_id(federation::REMOTE_MAP_ELEMENT_ID)
        .and_then(|e| e.text_content())
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .and_then(|map| map.dyn_into::<js_sys::Array>().ok())
    else {
        return Vec::new();
    };
    map.iter().filter_map(|row| contract(row.dyn_ref()?)).collect()
}
