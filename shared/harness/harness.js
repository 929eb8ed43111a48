// The standalone harness: what the container gives a remote, for a team that
// runs its remote alone under `trunk serve` (see the README). It mounts one of
// the remote's exposed modules through the same mount ABI the container uses,
// provides the shared state the container owns (session, theme) through the
// same protocol (`window.__mfState`, `mf:state:<key>` events, localStorage for
// persistent keys), and logs every event on the bus with its payload.
const body = document.body;
const modules = (body.dataset.mfModules || '').split(' ').filter(Boolean);
const props = JSON.parse(body.dataset.mfProps || '{}');
const STUDENT = { id: 1, name: 'Ana Santos', email: 'ana@example.ph', role: 'student', subscriptions: ['nle-2026'] };

const store = (window.__mfState = window.__mfState || {});
function setState(key, value) {
  store[key] = value;
  localStorage.setItem('mf:state:' + key, JSON.stringify(value));
  window.dispatchEvent(new CustomEvent('mf:state:' + key, { detail: value }));
}
function stateOf(key, fallback) {
  try {
    const saved = JSON.parse(localStorage.getItem('mf:state:' + key));
    return saved === null || saved === undefined ? fallback : saved;
  } catch (_) {
    return fallback;
  }
}

const el = (tag, attrs = {}, text = '') => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
};

// The toolbar: which module, the session, the theme.
const bar = el('header', { class: 'mf-harness-bar', 'aria-label': 'Harness' });
bar.append(el('strong', {}, body.dataset.mfHarness + ' (standalone)'));
const moduleSelect = el('select', { 'aria-label': 'Module', 'data-harness': 'module' });
for (const m of modules) moduleSelect.append(el('option', { value: m }, m));
const sessionSelect = el('select', { 'aria-label': 'Session', 'data-harness': 'session' });
sessionSelect.append(el('option', { value: 'out' }, 'signed out'), el('option', { value: 'student' }, 'student: Ana Santos'));
const themeButton = el('button', { type: 'button', 'data-harness': 'theme' }, 'Theme');
bar.append(moduleSelect, sessionSelect, themeButton);
const slot = el('main', { class: 'mf-harness-slot', 'data-harness': 'slot' });
const log = el('ol', { class: 'mf-harness-log', 'aria-label': 'Events', 'data-harness': 'events' });
const logPanel = el('aside', { class: 'mf-harness-events' });
logPanel.append(el('h2', {}, 'Events (newest first)'), log);
body.append(bar, slot, logPanel);

// Every event on the bus, as it is dispatched.
const dispatch = window.dispatchEvent.bind(window);
window.dispatchEvent = (event) => {
  if (event.type.startsWith('mf:')) {
    const line = el('li', { 'data-event': event.type }, event.type + ' ' + JSON.stringify(event.detail ?? null));
    log.prepend(line);
    while (log.children.length > 100) log.lastChild.remove();
  }
  return dispatch(event);
};

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
}
const session = stateOf('session', null);
sessionSelect.value = session ? 'student' : 'out';
store.session = session;
applyTheme(stateOf('theme', 'light'));
sessionSelect.addEventListener('change', () => setState('session', sessionSelect.value === 'student' ? STUDENT : null));
themeButton.addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
  applyTheme(next);
  setState('theme', next);
});
window.addEventListener('mf:state:theme', (e) => applyTheme(e.detail));

// Mounting through the remote's own `mount` export, as the container does.
let handle = null;
function mount() {
  const bindings = window.wasmBindings;
  if (!bindings) return;
  if (handle) {
    handle.unmount();
    handle.free();
  }
  slot.replaceChildren();
  handle = bindings.mount(moduleSelect.value, slot, props);
}
moduleSelect.addEventListener('change', mount);
addEventListener('TrunkApplicationStarted', mount);
if (window.wasmBindings) mount();
