// The byte budget of issue 13 as a check (`./dev test` runs it on the
// release build): a cold load of a lesson page, everything it transfers —
// the page and all it loads by itself, compressed as e2e/server.mjs serves
// them — must stay under LIMIT_KIB (the budget is BUDGET_KIB). Bytes do
// not depend on the machine; what the page loads is found by loading it:
// every lesson page, each in a fresh browser context (empty cache, no
// service worker), counting every file the server sends until nothing has
// been asked for QUIET_MS after the load event. The service worker's
// background precache after a first visit is not part of it (e2e/
// budgets.mjs prints it apart).
//
// The check also loads the app's own page (/, which boots the shell at
// once) and fails unless it counts the shell's wasm there: a check that
// no longer sees an eagerly loaded wasm would pass for the wrong reason.
//
//   node e2e/lesson-weight.mjs [--dist DIR]
import { chromium } from 'playwright-core';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

export const LIMIT_KIB = 200;
export const BUDGET_KIB = 150;
const QUIET_MS = 2000;
const KIB = 1024;

/** What a cold load of `route` transfers: `{ bytes, files: [[path, bytes]] }`. */
export async function coldLoad(browser, base, served, route) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    served.length = 0;
    let last = Date.now();
    page.on('request', () => (last = Date.now()));
    await page.goto(base + route, { waitUntil: 'load', timeout: 60_000 });
    while (Date.now() - last < QUIET_MS) await new Promise((r) => setTimeout(r, 100));
    const files = served.map((s) => [s.path, s.bytes]);
    return { bytes: files.reduce((n, [, b]) => n + b, 0), files };
  } finally {
    await context.close();
  }
}

const kib = (n) => `${(n / KIB).toFixed(1)} KiB`;

async function main() {
  const args = process.argv.slice(2);
  const dist = path.resolve(args.includes('--dist') ? args[args.indexOf('--dist') + 1] : 'dist');
  const lessons = (await readdir(path.join(dist, 'lessons'), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => `/lessons/${e.name}`)
    .sort();
  if (!lessons.length) throw new Error(`no lesson pages in ${dist}/lessons: run stevedore prerender`);
  const served = [];
  const server = await startServer(dist, { onServe: (s) => served.push(s) });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const failures = [];
  try {
    console.log(`cold load of every lesson page, compressed as e2e/server.mjs serves it (limit ${LIMIT_KIB} KiB, budget ${BUDGET_KIB} KiB):`);
    let heaviest = null;
    for (const route of lessons) {
      const load = await coldLoad(browser, server.url, served, route);
      const detail = load.files.map(([f, b]) => `${f} ${kib(b)}`).join(', ');
      console.log(`  ${kib(load.bytes).padStart(10)}  ${route}  (${detail})`);
      if (load.bytes > LIMIT_KIB * KIB) failures.push(`${route} transfers ${kib(load.bytes)}, over the ${LIMIT_KIB} KiB limit`);
      const wasm = load.files.filter(([f]) => f.endsWith('.wasm'));
      if (wasm.length) failures.push(`${route} loads wasm on a cold load: ${wasm.map(([f]) => f).join(', ')}`);
      if (!heaviest || load.bytes > heaviest.bytes) heaviest = { route, ...load };
    }
    console.log(`  heaviest: ${heaviest.route} ${kib(heaviest.bytes)}${heaviest.bytes > BUDGET_KIB * KIB ? ` (over the ${BUDGET_KIB} KiB budget)` : ''}`);
    // The check sees an eager wasm: the app's page loads the shell at once.
    const app = await coldLoad(browser, server.url, served, '/');
    const shell = app.files.find(([f]) => /^\/stevedore-app-.*_bg\.wasm$/.test(f));
    if (!shell) failures.push(`the app's page / did not count the shell's wasm (${app.files.map(([f]) => f).join(', ')}): is this check still seeing what a page loads?`);
    else console.log(`  (the app's page /, which boots the shell at once: ${kib(app.bytes)}, its wasm ${kib(shell[1])}; the check sees it)`);
  } finally {
    await browser.close();
    await server.close();
  }
  for (const f of failures) console.log(`FAIL  ${f}`);
  process.exitCode = failures.length ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
