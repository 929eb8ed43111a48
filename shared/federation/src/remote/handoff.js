// From a prerendered module to the live one (see `handoff.rs`): what a student
// typed, focused and submitted in the server's HTML, carried over by element id.
// DOM work only, so it is JS: as wasm every property read would cross the boundary.
const PRERENDERED = 'data-mf-prerendered';
const SUBMITTED = 'data-mf-submit';
// A plain button clicked before the live module was there: its place among the
// point's buttons (set by the page's guard).
const CLICKED = 'data-mf-click';
// The data a server-rendered module was rendered with (API answers by URL): the
// live module's first reads are answered from it (`answered` in `http.rs`).
const ANSWERS = 'script[data-mf-answers]';

/** What was typed, focused and submitted in `point`'s prerendered HTML (null when it
 * has none), with `point` marked as no longer prerendered. */
export function take(point) {
  if (!point.hasAttribute(PRERENDERED)) return null;
  const clicked = point.getAttribute(CLICKED);
  const handoff = { changed: [], focused: null, submitted: point.hasAttribute(SUBMITTED), clicked };
  point.removeAttribute(PRERENDERED);
  point.removeAttribute(SUBMITTED);
  point.removeAttribute(CLICKED);
  const answers = point.querySelector(ANSWERS);
  if (answers) {
    try {
      window.__mfAnswers = JSON.parse(answers.textContent);
    } catch {
      // Unreadable: the module reads from the server.
    }
  }
  for (const field of point.querySelectorAll('input[id], textarea[id]')) {
    for (const [property, initial] of [['value', 'defaultValue'], ['checked', 'defaultChecked']]) {
      // A textarea has no `checked`: both undefined.
      if (field[property] !== field[initial]) handoff.changed.push([field.id, property, field[property]]);
    }
  }
  const active = point.ownerDocument.activeElement;
  if (active && active.id && point.contains(active)) handoff.focused = active.id;
  return handoff;
}

/** Applies `handoff` (from `take`) to the live module just mounted in `target`: each
 * changed field gets its value (with an `input` or `change` event, so the module's
 * state follows), focus goes back, and a held-back submit or click is made again. */
export function restore(handoff, target) {
  // The first render has read what it needed: the rest could only be stale later.
  window.__mfAnswers = undefined;
  if (handoff === null) return;
  const document = target.ownerDocument;
  const inside = (id) => {
    const element = document.getElementById(id);
    return element && target.contains(element) ? element : null;
  };
  for (const [id, property, value] of handoff.changed) {
    const field = inside(id);
    if (!field) continue;
    field[property] = value;
    field.dispatchEvent(new Event(property === 'checked' ? 'change' : 'input'));
  }
  const focused = handoff.focused && document.getElementById(handoff.focused);
  if (focused) focused.focus();
  if (handoff.submitted) target.querySelector('form [type=submit]')?.click();
  if (handoff.clicked !== null) target.querySelectorAll('button')[Number(handoff.clicked)]?.click();
}
