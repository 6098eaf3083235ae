// The loader of a prerendered lesson page (runner/src/prerender.rs writes
// it into each page as an inline module script, with BOOT filled in and
// these whole-line comments left out). The page is readable without the
// study shell; this script:
//
// 1. records the visit as the app's lesson page does (ProgressHandle::
//    mark_read: `stevedore.progress`'s `lessons[<id>]` = {firstMs, lastMs}),
//    but only when the stored progress is one it fully reads; anything
//    else (unreadable, another schema, storage off or full) is left to the
//    app, which it then boots when the browser is idle;
// 2. boots the shell (Trunk's JavaScript and wasm, the same hashed names
//    and integrity hashes as index.html; with them the course's index and
//    this lesson's text, app/src/course.rs) the first time the learner uses
//    the page's controls: picks a quiz option or presses a button. It also
//    boots it when idle if the stored progress has answers to this
//    lesson's questions or labs of it done (the app shows them);
// 3. once the app has mounted (after the static copy: app/src/main.rs),
//    hands over in the same task: the options picked are picked again in
//    the app, the buttons pressed are pressed again there in order, the
//    focus and the scroll position follow, and the static copy goes.
//    From then on the app runs the page and routes in the browser.
const BOOT = __STEVEDORE_BOOT__;
// lessons/src/study/progress.rs: the storage key, APP_NAME, SCHEMA_VERSION
// and OLDEST_SCHEMA_VERSION.
const STORE = 'stevedore.progress';
const APP = 'stevedore';
const SCHEMA = 2;
const OLDEST_SCHEMA = 1;
const copy = document.getElementById('prerendered');

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (map, id) => Object.prototype.hasOwnProperty.call(map, id);

// ---- 1. the visit ---------------------------------------------------------

// The stored progress with this visit recorded, or null when only the app
// can read it rightly.
function recordVisit() {
  let storage;
  let text;
  try {
    storage = window.localStorage;
    text = storage.getItem(STORE);
  } catch {
    return null;
  }
  let p;
  if (text === null) {
    p = { app: APP, schema: SCHEMA, lessons: {}, answers: {}, exams: [], reviews: {}, labs: {} };
  } else {
    try {
      p = JSON.parse(text);
    } catch {
      return null;
    }
    if (!isMap(p) || p.app !== APP || !Number.isInteger(p.schema) || p.schema < OLDEST_SCHEMA || p.schema > SCHEMA) return null;
    for (const key of ['lessons', 'answers', 'reviews', 'labs']) {
      if (p[key] === undefined) p[key] = {};
      if (!isMap(p[key])) return null;
    }
  }
  const now = Date.now();
  let first = now;
  if (has(p.lessons, BOOT.lesson)) {
    const old = p.lessons[BOOT.lesson];
    const keys = isMap(old) ? Object.keys(old).sort().join() : '';
    if (keys !== 'firstMs,lastMs' || !Number.isSafeInteger(old.firstMs) || !Number.isSafeInteger(old.lastMs)) return null;
    first = old.firstMs;
  }
  p.lessons[BOOT.lesson] = { firstMs: first, lastMs: now };
  try {
    storage.setItem(STORE, JSON.stringify(p));
  } catch {
    return null;
  }
  return p;
}

// ---- 2. booting the shell -------------------------------------------------

let booting = null;
// Buttons pressed before the app ran, in order; the control used last.
let pressed = [];
let lastUsed = null;

function boot() {
  booting ??= start().catch((error) => {
    booting = null;
    pressed = [];
    for (const status of document.querySelectorAll('#prerendered .boot-status')) {
      status.setAttribute('role', 'alert');
      status.textContent = `The quiz could not be loaded (${error.message || error}). Check your connection and press the button again.`;
    }
  });
  return booting;
}

// A file of the course's data (lessons/src/data.rs) as text.
async function text(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.text();
}

async function start() {
  const wasm = fetch(BOOT.wasm, BOOT.wasmIntegrity ? { integrity: BOOT.wasmIntegrity } : {});
  // Handled where it is awaited (init); not an unhandled rejection meanwhile.
  wasm.catch(() => {});
  // The course's index and this lesson's text, beside the wasm: the app
  // takes them from here (app/src/course.rs) and draws the lesson at once.
  const data = Promise.all([text(BOOT.index), text(BOOT.body)]);
  data.catch(() => {});
  const shell = await import(BOOT.js);
  const [index, body] = await data;
  window.__stevedoreCourse = { index, lessons: { [BOOT.lesson]: body } };
  const exports = await shell.default({ module_or_path: wasm });
  handOver();
  // What Trunk's own boot script does once the app runs.
  window.wasmBindings = shell;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: exports } }));
}

function whenIdle(fn) {
  const go = () => (window.requestIdleCallback ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 200));
  if (document.readyState === 'complete') go();
  else addEventListener('load', go, { once: true });
}

// ---- 3. handing over ------------------------------------------------------

// The app's element that stands where `el` stands in the static copy: the
// nearest ancestor with an id, then the same path of element children,
// with the same tag at the end; null if there is none.
function counterpart(el) {
  const path = [];
  let node = el;
  while (node && node !== copy && !node.id) {
    path.unshift([...node.parentElement.children].indexOf(node));
    node = node.parentElement;
  }
  if (!node || node === copy) return null;
  let found = [...document.querySelectorAll(`[id="${CSS.escape(node.id)}"]`)].find((e) => !copy.contains(e));
  for (const i of path) found = found?.children[i];
  return found && found.tagName === el.tagName ? found : null;
}

// The element of the copy the learner is looking at (a third down the window).
function inSight() {
  const el = document.elementFromPoint(innerWidth / 2, innerHeight / 3);
  return el && copy.contains(el) ? el : null;
}

function handOver() {
  if (!copy?.isConnected) return;
  const used = lastUsed && copy.contains(lastUsed) ? lastUsed : null;
  const seen = used && used.getBoundingClientRect().bottom > 0 && used.getBoundingClientRect().top < innerHeight ? used : inSight();
  const seenTop = seen?.getBoundingClientRect().top;
  const seenThere = seen && counterpart(seen);
  const focused = copy.contains(document.activeElement) ? counterpart(document.activeElement) : null;
  const picks = [...copy.querySelectorAll('input[type=radio], input[type=checkbox]')].map((input) => [counterpart(input), input.checked]);
  const presses = pressed.map(counterpart);
  pressed = [];
  copy.remove();
  if (seenThere) window.scrollBy({ top: seenThere.getBoundingClientRect().top - seenTop, behavior: 'instant' });
  for (const [input, checked] of picks) if (input && input.checked !== checked) input.click();
  for (const button of presses) button?.click();
  focused?.focus({ preventScroll: true });
}

// ---- the page -------------------------------------------------------------

if (copy) {
  copy.addEventListener('change', (event) => {
    if (!(event.target instanceof HTMLInputElement)) return;
    lastUsed = event.target;
    boot();
  });
  copy.addEventListener('click', (event) => {
    const button = event.target instanceof Element && event.target.closest('button');
    if (!button || !copy.contains(button)) return;
    pressed.push(button);
    lastUsed = button;
    let status = button.nextElementSibling;
    if (!status?.classList.contains('boot-status')) {
      status = document.createElement('p');
      status.className = 'feedback hint boot-status';
      button.after(status);
    }
    status.setAttribute('role', 'status');
    status.textContent = 'One moment: loading the quiz…';
    boot();
  });
  const progress = recordVisit();
  const answered = (ids, map) => ids.some((id) => has(map, id));
  if (!progress || answered(BOOT.questions, progress.answers) || answered(BOOT.labs, progress.labs)) whenIdle(boot);
}
