//! Answers kept on the phone until the server has them: every answer (and the
//! finish of an attempt) is written to IndexedDB first, in order, then sent;
//! what cannot be sent (offline, a tunnel, a server in trouble) stays there and
//! is sent when the connection returns (the `online` event, a retry every few
//! seconds, the next load, or the service worker's background sync).
//!
//! Each entry carries an idempotency key, so sending it again (a retry after an
//! answer that was lost on the way back, the page and the service worker both
//! sending) never saves it twice. Entries are sent one at a time, in the order
//! they were given: a newer answer to a question always lands after an older one.
//!
//! The store (`outbox/store.js`: IndexedDB `mf-nursing`, object store `outbox`,
//! key `seq`) is read by the service worker too (`container/frontend/js/sw.js`):
//! keep the two in step.

use std::cell::{Cell, RefCell};

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::api;

/// The service worker's background sync tag for the outbox.
const SYNC_TAG: &str = "mf-outbox";

// The store is a few lines of JS: each IndexedDB step from wasm would cost an
// import, its glue and a closure per callback.
#[wasm_bindgen(module = "/src/outbox/store.js")]
extern "C" {
    /// Adds an entry (see [`to_js`]); resolves once it is stored.
    #[wasm_bindgen(js_name = storeAdd)]
    fn store_add(entry: &JsValue) -> Promise;
    /// Every stored entry, oldest first.
    #[wasm_bindgen(js_name = storeAll)]
    fn store_all() -> Promise;
    /// Removes the entry at `seq`.
    #[wasm_bindgen(js_name = storeDelete)]
    fn store_delete(seq: f64) -> Promise;
    /// 128 random bits in hex: an idempotency key.
    #[wasm_bindgen(js_name = randomKey)]
    fn new_key() -> String;
    /// Asks the service worker to run the background sync `tag` when the
    /// connection returns, even if the student has closed the page (where the
    /// browser can); nothing when it cannot.
    #[wasm_bindgen(js_name = askForSync)]
    fn ask_for_sync(tag: &str);
}

/// Something the student did that the server must hear of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// The answer `choice` to `question`.
    Answer { question: u64, choice: u32 },
    /// The attempt is finished.
    Finish,
}

/// A kept [`Change`] to an attempt, with its place in the outbox.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Its place in the outbox (the order the student acted in).
    seq: f64,
    /// The attempt it belongs to.
    pub(crate) attempt: u64,
    /// What it is.
    pub(crate) change: Change,
    /// Sent as `Idempotency-Key` (answers).
    key: String,
}

/// What one [`flush`] did.
#[derive(Debug, Default)]
pub(crate) struct Flushed {
    /// Entries still waiting (the server could not be reached).
    pub(crate) waiting: usize,
    /// The server's message for an entry it refused (dropped: sending it again
    /// would be refused again).
    pub(crate) refused: Option<String>,
    /// Attempts whose finish reached the server.
    pub(crate) finished: Vec<u64>,
}

thread_local! {
    /// Where the outbox lives when IndexedDB cannot be used (storage turned off):
    /// kept for the page's life only.
    static MEMORY: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    /// Places in [`MEMORY`]: negative, so never taken for the store's.
    static NEXT_SEQ: Cell<f64> = const { Cell::new(-1.0) };
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    /// A flush was asked for while one ran.
    static AGAIN: Cell<bool> = const { Cell::new(false) };
}

/// Keeps `change` to `attempt` (after every change kept before it).
pub(crate) async fn keep(attempt: u64, change: Change) {
    let entry = Entry { seq: 0.0, attempt, change, key: new_key() };
    if JsFuture::from(store_add(&to_js(&entry))).await.is_ok() {
        return;
    }
    let seq = NEXT_SEQ.with(|n| n.replace(n.get() - 1.0));
    MEMORY.with(|m| m.borrow_mut().push(Entry { seq, ..entry }));
}

/// Every kept entry, oldest first.
pub(crate) async fn entries() -> Vec<Entry> {
    let mut kept = Vec::new();
    if let Ok(all) = JsFuture::from(store_all()).await {
        kept.extend(Array::from(&all).iter().filter_map(|value| from_js(&value)));
    }
    MEMORY.with(|m| kept.extend(m.borrow().iter().cloned()));
    kept
}

/// Sends the kept entries in order, each removed once the server has it;
/// stops at the first that cannot reach the server. One flush at a time: one
/// asked for while another runs makes that one go round again (for what was
/// kept meanwhile) and gives `None`.
pub(crate) async fn flush() -> Option<Flushed> {
    if FLUSHING.with(|f| f.replace(true)) {
        AGAIN.with(|a| a.set(true));
        return None;
    }
    let mut flushed = Flushed::default();
    loop {
        AGAIN.with(|a| a.set(false));
        send_kept(&mut flushed).await;
        if !AGAIN.with(Cell::get) {
            break;
        }
    }
    FLUSHING.with(|f| f.set(false));
    if flushed.waiting > 0 {
        ask_for_sync(SYNC_TAG);
    }
    Some(flushed)
}

/// One pass over the outbox; `flushed.waiting` is what is left after it.
async fn send_kept(flushed: &mut Flushed) {
    for entry in entries().await {
        let sent = match entry.change {
            Change::Answer { question, choice } => api::answer(entry.attempt, question, choice, &entry.key).await,
            Change::Finish => api::finish(entry.attempt).await.map(|_| ()),
        };
        match sent {
            // Not reached, in trouble, signed out (an answer is kept until a sign-in
            // can send it, never dropped for an expired session), or too busy: kept.
            Err(error) if matches!(error.status, 0 | 401 | 429) || error.status >= 500 => {
                flushed.waiting = entries().await.len();
                return;
            }
            Err(error) => flushed.refused = Some(error.message),
            Ok(()) if entry.change == Change::Finish => flushed.finished.push(entry.attempt),
            Ok(()) => {}
        }
        remove(&entry).await;
    }
    flushed.waiting = 0;
}

async fn remove(entry: &Entry) {
    if entry.seq < 0.0 {
        MEMORY.with(|m| m.borrow_mut().retain(|e| e.key != entry.key));
    } else {
        let _ = JsFuture::from(store_delete(entry.seq)).await;
    }
}

/// `{attempt, key, finish: true}` or `{attempt, key, question, choice}`; `seq`
/// is given by the store.
fn to_js(entry: &Entry) -> JsValue {
    let object = Object::new();
    let set = |key: &str, value: JsValue| drop(Reflect::set(&object, &JsValue::from_str(key), &value));
    set("attempt", (entry.attempt as f64).into());
    set("key", JsValue::from_str(&entry.key));
    match entry.change {
        Change::Answer { question, choice } => {
            set("question", (question as f64).into());
            set("choice", choice.into());
        }
        Change::Finish => set("finish", JsValue::TRUE),
    }
    object.into()
}

fn from_js(value: &JsValue) -> Option<Entry> {
    let get = |key: &str| Reflect::get(value, &JsValue::from_str(key)).ok();
    let number = |key: &str| get(key)?.as_f64();
    let change = if get("finish")?.is_truthy() {
        Change::Finish
    } else {
        Change::Answer { question: number("question")? as u64, choice: number("choice")? as u32 }
    };
    Some(Entry { seq: number("seq")?, attempt: number("attempt")? as u64, change, key: get("key")?.as_string()? })
}
