// Writes `sw.js`, the app's service worker, into a built site: after the
// first visit everything works with the network off (pages, lessons,
// quizzes, exam, sandbox, labs). Its precache list is every file of the
// build (not the .br/.gz copies, which the browser never asks for by
// name), and its version is a hash of those files' names and contents, so
// a new release gets a new worker that replaces the old cache.
// `node e2e/service-worker.mjs dist` (`./dev build` runs it before
// precompressing). index.html registers `/sw.js`.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SERVICE_WORKER = 'sw.js';

async function* files(dir, root) {
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p, root);
    else yield path.relative(root, p).split(path.sep).join('/');
  }
}

/** The files a service worker precaches: the build, minus compressed copies and itself. */
export async function precacheList(root) {
  const list = [];
  for await (const f of files(root, root)) {
    if (f.endsWith('.br') || f.endsWith('.gz') || f === SERVICE_WORKER) continue;
    list.push('/' + f);
  }
  return list;
}

export async function writeServiceWorker(root) {
  root = path.resolve(root);
  const list = await precacheList(root);
  const hash = createHash('sha256');
  for (const f of list) {
    hash.update(f + '\0');
    hash.update(await readFile(path.join(root, f)));
  }
  const version = hash.digest('hex').slice(0, 16);
  const source = `// Stevedore's service worker, written by e2e/service-worker.mjs at build
// time: do not edit. It keeps every file of this release, so that after
// the first visit the app works with the network off.
const VERSION = ${JSON.stringify(version)};
const CACHE = 'stevedore-' + VERSION;
const PRECACHE = ${JSON.stringify(list, null, 2)};

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

// A new release: its cache replaces every older one.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('stevedore-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The network first (a new release shows at once); offline, this
    // release's copy: a prerendered page (/lessons/<id>/index.html) if the
    // path has one, else index.html (the app routes in the browser).
    const path = new URL(request.url).pathname;
    const own = path.endsWith('/') ? path + 'index.html' : path + '/index.html';
    event.respondWith(
      fetch(request).catch(() =>
        caches
          .open(CACHE)
          .then((cache) => cache.match(own).then((hit) => hit || cache.match('/index.html')))
          .then((hit) => hit || Response.error()),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request)).then((hit) => hit || fetch(request)),
  );
});
`;
  await writeFile(path.join(root, SERVICE_WORKER), source);
  return { version, files: list.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || 'dist';
  const { version, files: n } = await writeServiceWorker(root);
  console.log(`${path.join(root, SERVICE_WORKER)}: version ${version}, ${n} files precached`);
}
