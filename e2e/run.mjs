// Stevedore end-to-end test: serves the release build (dist/) on loopback,
// drives Debian's Chromium through playwright-core, and walks the course,
// the quiz, a lesson loaded cold (a static page until its quiz is used,
// then the app takes over in place), the sandbox, a lab, a practice exam (kept across a reload) and
// the progress page as a learner would, and at the end the app offline. Then it visits every route at desktop
// width and on a 390 px phone, answering every quiz, running an exam and a
// review: nothing may scroll sideways on the phone, the navigation stays
// one row, and axe-core (from npm, injected into the page) must report no
// serious or critical violation anywhere.
//
//   node e2e/run.mjs [--dist DIR] [--headed]
//
// Environment: CHROMIUM (browser binary; default: `chromium` on PATH),
// E2E_TIMEOUT_MS (whole run, default 420000).
// Prints one line per step and ends with `e2e: N passed, N failed`; exits
// non-zero on any failure. A failed step leaves a screenshot and the page's
// HTML in e2e/test-results/.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const argValue = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const distDir = path.resolve(argValue('--dist') || path.join(here, '..', 'dist'));
const headed = args.includes('--headed');
const resultsDir = path.join(here, 'test-results');
const RUN_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 420_000);
// axe-core's browser bundle, from e2e/node_modules (npm).
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const ACTION_TIMEOUT_MS = 10_000;
const FIRST_LOAD_TIMEOUT_MS = 30_000;

function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      /* try the next one */
    }
  }
  throw new Error('Chromium not found: install it with `apt-get install chromium` (./dev test does)');
}

// ---- tiny assertion helpers (playwright-core has no `expect`) -------------

// Console errors, uncaught exceptions and stray requests seen so far: any of
// them fails the current step at once.
const problems = [];

async function eventually(what, check, timeout = ACTION_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    if (problems.length) throw new Error(`${problems.join("; ")} (stopped waiting for: ${what})`);
    try {
      const r = await check();
      if (r === undefined || r === true) return;
      last = r;
    } catch (err) {
      last = err.message.split('\n')[0];
    }
    if (Date.now() > deadline) throw new Error(`${what}${last && last !== false ? ` (last: ${last})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function expectCount(locator, n, what, timeout) {
  await eventually(
    `expected ${n} × ${what}`,
    async () => {
      const c = await locator.count();
      return c === n || `found ${c}`;
    },
    timeout,
  );
}

async function visible(locator, what, timeout = ACTION_TIMEOUT_MS) {
  await eventually(`not visible within ${timeout} ms: ${what}`, () => locator.first().isVisible(), timeout);
}

// ---- accessibility and layout checks -------------------------------------

// Minor and moderate axe findings (not failures), printed at the end.
const axeNotes = new Map();
let axeRuns = 0;

// axe-core rules that fail whatever their impact: an empty table header is
// "minor" to axe, but the course promises none.
const ALWAYS_FAIL = new Set(['empty-table-header']);

// Runs axe-core on the page as it is; fails on serious or critical
// violations (and ALWAYS_FAIL), naming the rule and the first elements.
async function checkAxe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      count: v.nodes.length,
    }));
  });
  axeRuns++;
  const say = (v) => `${v.impact} ${v.id} (${v.help}) on ${v.count} element(s): ${v.targets.join(', ')}`;
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALWAYS_FAIL.has(v.id));
  for (const v of violations) if (!bad.includes(v)) axeNotes.set(`${v.id}@${where}`, `${where}: ${say(v)}`);
  if (bad.length) throw new Error(`axe-core on ${where}: ${bad.map(say).join('; ')}`);
}

// Fails if the page is wider than the window (it would scroll sideways),
// naming the deepest elements that stick out.
async function checkNoSideways(page, where) {
  const problem = await page.evaluate(() => {
    const w = window.innerWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw <= w) return null;
    const out = (e) => e.getBoundingClientRect().right > w + 0.5;
    const name = (e) =>
      `${e.tagName.toLowerCase()}${typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : ''}` +
      ` "${(e.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    const deepest = [...document.querySelectorAll('body *')]
      .filter((e) => out(e) && ![...e.children].some(out))
      .slice(0, 4)
      .map(name);
    return `document ${sw} px wide in a ${w} px window; sticking out: ${deepest.join(' | ')}`;
  });
  if (problem) throw new Error(`${where} scrolls sideways: ${problem}`);
}

// The header's links on one row.
async function checkNavOneRow(page, where) {
  const tops = await page.locator('header nav a').evaluateAll((links) => links.map((a) => Math.round(a.getBoundingClientRect().top)));
  if (tops.length < 5) throw new Error(`${where}: ${tops.length} header links`);
  if (Math.max(...tops) - Math.min(...tops) > 2) throw new Error(`${where}: the navigation wraps (link tops ${tops.join(', ')})`);
}

// Opens a route and waits for its h1.
async function open(page, base, route) {
  await page.goto(`${base}${route}`, { waitUntil: 'load', timeout: FIRST_LOAD_TIMEOUT_MS });
  // Attached, not visible: the sandbox's h1 is for screen readers only.
  await page.locator('main h1').first().waitFor({ state: 'attached', timeout: FIRST_LOAD_TIMEOUT_MS });
}

// Every check of one screen.
async function checkScreen(page, where, { phone }) {
  if (phone) {
    await checkNoSideways(page, where);
    await checkNavOneRow(page, where);
  }
  await checkAxe(page, `${where}${phone ? ' (390 px)' : ''}`);
}

/** Runs every step's solution, line by line (no here-documents), then waits
 * for every goal of the lab to be met; gives the number of steps. */
async function runLabSolutions(page, steps, cli) {
  const n = await steps.count();
  for (let i = 0; i < n; i++) {
    await steps.nth(i).getByRole('button', { name: 'Show solution…' }).click();
    const solution = await cli.inputValue();
    for (const command of solution.split('\n').filter((l) => l.trim())) {
      await cli.fill(command);
      await cli.press('Enter');
      await eventually('the command ran', async () => (await cli.inputValue()) === '' || 'still on the line');
    }
  }
  await eventually('every goal is met', async () => {
    const states = await page.getByTestId('goal').evaluateAll((els) => els.map((e) => e.dataset.met));
    return states.every((m) => m === 'true') || states.join(',');
  }, FIRST_LOAD_TIMEOUT_MS);
  return n;
}

// ---- the scenario -------------------------------------------------------

function scenario(page, base, { goOffline } = {}) {
  const state = {};
  // Every address the page (and its workers) asked for, in order.
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  const workerFiles = () => requested.filter((p) => p.startsWith('/stevedore-worker'));
  const header = page.locator('header');
  const sandboxLink = header.getByRole('link', { name: 'Sandbox', exact: true });
  const map = page.getByTestId('cluster-map');
  const clusterNamed = (name) => map.locator(`[data-testid="cluster"][data-cluster-name="${name}"]`);

  return [
    [
      'a first visit straight to a lesson: no shell; the visit stored as the app stores progress, which the app then reads',
      async () => {
        await page.goto(`${base}/lessons/docker`, { waitUntil: 'load', timeout: FIRST_LOAD_TIMEOUT_MS });
        await page.waitForTimeout(1000);
        const shell = requested.filter((p) => p.startsWith('/stevedore-app-'));
        if (shell.length) throw new Error(`a cold lesson load asked for the shell: ${shell.join(', ')}`);
        const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('stevedore.progress')));
        const visit = stored?.lessons?.docker;
        const shape = JSON.stringify({ ...stored, lessons: Object.keys(stored?.lessons || {}) });
        const want = JSON.stringify({ app: 'stevedore', schema: 2, lessons: ['docker'], answers: {}, exams: [], reviews: {}, labs: {} });
        if (shape !== want || !(visit.firstMs === visit.lastMs && visit.lastMs > Date.now() - 60_000) || Object.keys(visit).length !== 2)
          throw new Error(`stored progress reads ${JSON.stringify(stored)}`);
        const inputId = await page.locator('#prerendered').getByTestId('question').first().locator('input').first().getAttribute('id');
        await page.locator(`[id="${inputId}"]`).first().click();
        await expectCount(page.locator('#prerendered'), 0, 'the static copy once the app runs', FIRST_LOAD_TIMEOUT_MS);
        await page.waitForTimeout(300);
        await expectCount(page.getByTestId('progress-notice'), 0, 'a notice about unreadable progress');
        await expectCount(page.getByRole('alert'), 0, 'an alert');
        return JSON.stringify(stored).length + ' characters stored';
      },
    ],
    [
      'home page shows the title and the course',
      async () => {
        await page.goto(`${base}/`, { waitUntil: 'load', timeout: FIRST_LOAD_TIMEOUT_MS });
        await visible(page.getByRole('heading', { level: 1, name: /Stevedore/ }), 'h1 "Stevedore"', FIRST_LOAD_TIMEOUT_MS);
        const course = page.getByRole('navigation', { name: 'Course' });
        await visible(course, 'nav[aria-label="Course"]');
        const lessons = course.locator('a[href^="/lessons/"]');
        await eventually('at least one lesson link in the Course nav', async () => (await lessons.count()) > 0);
        state.lessonCount = await lessons.count();
        state.firstLesson = lessons.first();
        state.firstHref = await state.firstLesson.getAttribute('href');
        const hrefs = await lessons.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        state.lessonHrefs = () => hrefs;
        await visible(sandboxLink, 'header link "Sandbox"');
        const href = await sandboxLink.getAttribute('href');
        if (href !== '/sandbox') throw new Error(`header "Sandbox" link goes to ${href}, not /sandbox`);
        return `${state.lessonCount} lesson${state.lessonCount === 1 ? "" : "s"}`;
      },
    ],
    [
      'first lesson opens',
      async () => {
        await state.firstLesson.click();
        await page.waitForURL((u) => u.pathname === state.firstHref, { timeout: ACTION_TIMEOUT_MS });
        const title = page.locator('article h1');
        await visible(title, 'article h1');
        const text = (await title.first().innerText()).trim();
        if (!text) throw new Error('lesson title (article h1) is empty');
        // The page as served holds the lesson's text (readable before the
        // wasm loads); the app draws its own in its place, once.
        const served = await (await fetch(base + state.firstHref)).text();
        if (!served.includes('<div id="prerendered">') || !served.includes(`<h1>${text}</h1>`))
          throw new Error(`${state.firstHref} as served does not hold the lesson "${text}"`);
        await expectCount(page.locator('#prerendered'), 0, 'the prerendered copy once the app runs');
        await expectCount(page.locator('h1'), 1, 'h1 on the lesson page');
        return `${state.firstHref}: "${text}", ${(served.length / 1024).toFixed(0)} KiB as served`;
      },
    ],
    [
      'quiz checks an answer and explains every option',
      async () => {
        const quiz = page.getByRole('region', { name: 'Quiz' });
        await visible(quiz, 'section[aria-label="Quiz"]');
        const question = quiz.getByTestId('question').first();
        await visible(question, 'fieldset[data-testid="question"]');
        await visible(question.locator('legend'), 'question legend');
        const options = question.locator('input[type="radio"], input[type="checkbox"]');
        const n = await options.count();
        if (n < 1) throw new Error('the first question has no radio or checkbox options');
        const labelled = await question.locator('label input[type="radio"], label input[type="checkbox"]').count();
        if (labelled !== n) throw new Error(`${n - labelled} of ${n} options are not inside a <label>`);
        await options.first().check();
        await question.getByRole('button', { name: 'Check answer' }).click();
        const feedback = question.getByTestId('feedback');
        await visible(feedback, '[data-testid="feedback"]');
        await eventually('feedback starts with "Correct" or "Not quite"', async () => {
          const t = (await feedback.first().innerText()).trim();
          return /^(Correct|Not quite)/.test(t) || `"${t}"`;
        });
        await expectCount(question.getByTestId('explanation'), n, '[data-testid="explanation"] (one per option)');
        // The simulator is for the sandbox: a lesson and its quiz load none of it.
        if (workerFiles().length || page.workers().length)
          throw new Error(`the course pages started the simulator: ${workerFiles().join(', ')}`);
        return `${n} options, feedback "${(await feedback.first().innerText()).trim().slice(0, 40)}"`;
      },
    ],
    [
      'a lesson loaded cold is a static page: no shell, its visit recorded; its quiz boots the app, which keeps the pick and the press',
      async () => {
        const route = state.lessonHrefs()[1];
        const id = route.split('/').pop();
        const from = requested.length;
        const shellFiles = () => requested.slice(from).filter((p) => p.startsWith('/stevedore-app-'));
        await page.goto(base + route, { waitUntil: 'load' });
        await page.waitForTimeout(1500);
        if (shellFiles().length) throw new Error(`a cold load of ${route} asked for the shell: ${shellFiles().join(', ')}`);
        await expectCount(page.locator('#prerendered'), 1, 'the static copy (the app not running)');
        const visit = await page.evaluate((id) => JSON.parse(localStorage.getItem('stevedore.progress') || 'null')?.lessons?.[id], id);
        if (!(visit?.lastMs > Date.now() - 60_000)) throw new Error(`the visit to ${id} is not recorded: ${JSON.stringify(visit)}`);
        await page.evaluate(() => (window.e2eSamePage = true));
        // The second question's last option picked and "Check answer"
        // pressed in one go: both before the shell has even loaded.
        const staticQuestion = page.locator('#prerendered').getByTestId('question').nth(1);
        await staticQuestion.scrollIntoViewIfNeeded();
        const n = await staticQuestion.locator('input').count();
        const inputId = await staticQuestion.locator('input').last().getAttribute('id');
        await page.evaluate((inputId) => {
          const input = document.getElementById(inputId);
          input.click();
          input.closest('fieldset').querySelector('button.check').click();
        }, inputId);
        await expectCount(page.locator('#prerendered'), 0, 'the static copy once the app runs', FIRST_LOAD_TIMEOUT_MS);
        const question = page.getByRole('region', { name: 'Quiz' }).getByTestId('question').nth(1);
        await visible(question.getByTestId('feedback'), 'the feedback of the "Check answer" pressed before the app ran');
        await expectCount(question.getByTestId('explanation'), n, 'explanations (one per option)');
        if (!(await page.locator(`[id="${inputId}"]`).isChecked())) throw new Error(`the pick ${inputId} was lost when the app took over`);
        if (!(await page.evaluate(() => window.e2eSamePage))) throw new Error('the page was reloaded: the app did not take over in place');
        await expectCount(page.getByTestId('progress-notice'), 0, 'a notice about unreadable progress');
        if (!shellFiles().some((p) => p.endsWith('_bg.wasm'))) throw new Error(`no shell wasm loaded: ${shellFiles().join(', ')}`);
        const top = await question.evaluate((e) => e.getBoundingClientRect().top);
        const height = await page.evaluate(() => innerHeight);
        if (top < -400 || top > height) throw new Error(`the question the learner answered is out of sight after the app took over (top ${Math.round(top)} px)`);
        if (workerFiles().length || page.workers().length) throw new Error(`the lesson started the simulator: ${workerFiles().join(', ')}`);
        return `${route}: boot on use, ${shellFiles().join(', ')}`;
      },
    ],
    [
      'the app draws the same lesson as the static copy, and routes in-app links in the browser',
      async () => {
        const route = state.lessonHrefs()[2];
        await page.goto(base + route, { waitUntil: 'load' });
        await expectCount(page.locator('#prerendered'), 1, 'the static copy');
        const text = (els) => els.filter((e) => !['SCRIPT', 'NOSCRIPT'].includes(e.tagName)).map((e) => e.innerText).join('\n').replace(/\s+/g, ' ').trim();
        const staticText = await page.locator('#prerendered').evaluate((e) => e.innerText.replace(/\s+/g, ' ').trim());
        await page.evaluate(() => (window.e2eSamePage = true));
        const inputId = await page.locator('#prerendered').getByTestId('question').first().locator('input').first().getAttribute('id');
        // The static copy's input; the app's, with the same id, once it has taken over.
        await page.locator(`[id="${inputId}"]`).first().click();
        await expectCount(page.locator('#prerendered'), 0, 'the static copy once the app runs', FIRST_LOAD_TIMEOUT_MS);
        if (!(await page.locator(`[id="${inputId}"]`).isChecked())) throw new Error(`the pick ${inputId} was lost when the app took over`);
        const appText = await page.evaluate(`(${text.toString()})([...document.body.children])`);
        if (appText !== staticText) {
          let i = 0;
          while (i < appText.length && appText[i] === staticText[i]) i++;
          throw new Error(`the app's page differs from the static copy at character ${i}: app "…${appText.slice(i - 40, i + 80)}" / static "…${staticText.slice(i - 40, i + 80)}"`);
        }
        const next = page.locator('nav.pager a.next');
        const href = await next.getAttribute('href');
        const title = (await next.innerText()).replace(/ →$/, '');
        await next.click();
        await page.waitForURL((u) => u.pathname === href, { timeout: ACTION_TIMEOUT_MS });
        await visible(page.locator('article h1', { hasText: title }), `the next lesson's h1 "${title}"`);
        if (!(await page.evaluate(() => window.e2eSamePage))) throw new Error(`following the pager to ${href} loaded a new page: the app did not route it`);
        await expectCount(page.locator('#prerendered'), 0, 'a static copy after routing');
        return `${route}: ${staticText.length} characters alike; then ${href} in the browser`;
      },
    ],
    [
      'a lesson whose quiz was answered before boots the app when idle, which shows the last answers',
      async () => {
        const route = state.lessonHrefs()[0];
        await page.goto(base + route, { waitUntil: 'load' });
        await expectCount(page.locator('#prerendered'), 0, 'the static copy once the app has booted on idle', FIRST_LOAD_TIMEOUT_MS);
        await visible(page.getByTestId('last-answer'), 'the last answer to the question checked earlier');
        return route;
      },
    ],
    [
      'header link opens the sandbox',
      async () => {
        await sandboxLink.click();
        await page.waitForURL((u) => u.pathname === '/sandbox', { timeout: ACTION_TIMEOUT_MS });
        await visible(page.getByLabel('AWS command line', { exact: true }), 'input "AWS command line"');
        await visible(map, '[data-testid="cluster-map"]');
        // The sandbox starts the simulator in a Web Worker, and its clock runs there.
        await eventually('the simulator runs in a Web Worker', () =>
          page.workers().some((w) => w.url().endsWith('/stevedore-worker_loader.js')) || `workers: ${page.workers().map((w) => w.url()).join(', ') || 'none'}`,
        );
        await eventually('the worker loaded the simulator', () => workerFiles().includes('/stevedore-worker_bg.wasm') || workerFiles().join(', '));
        await visible(page.getByTestId('sim-clock').filter({ hasText: /^T\+/ }), 'the clock, ticking');
        return `worker files: ${workerFiles().join(', ')}`;
      },
    ],
    [
      'CLI: aws ecs create-cluster draws the cluster',
      async () => {
        const cli = page.getByLabel('AWS command line', { exact: true });
        await cli.fill('aws ecs create-cluster --cluster-name cli-cluster');
        await cli.press('Enter');
        const entry = page.getByTestId('cli-log').getByTestId('cli-entry');
        await visible(
          entry.locator('pre', { hasText: '"clusterName": "cli-cluster"' }),
          'a cli-entry whose <pre> has "clusterName": "cli-cluster"',
        );
        await expectCount(clusterNamed('cli-cluster'), 1, 'cluster "cli-cluster" in the map');
      },
    ],
    [
      'form: Create cluster draws the cluster',
      async () => {
        const form = page.getByRole('form', { name: 'Create cluster' });
        await visible(form, 'form[aria-label="Create cluster"]');
        await form.getByLabel('Cluster name').fill('form-cluster');
        await form.getByRole('button', { name: 'Create cluster' }).click();
        await expectCount(clusterNamed('form-cluster'), 1, 'cluster "form-cluster" in the map');
      },
    ],
    [
      'form: an invalid name is refused with an error',
      async () => {
        const form = page.getByRole('form', { name: 'Create cluster' });
        await form.getByLabel('Cluster name').fill('bad name!');
        await form.getByRole('button', { name: 'Create cluster' }).click();
        const alert = form.getByRole('alert');
        await visible(alert, '[role="alert"] in the form');
        await eventually('the alert mentions InvalidParameterException', async () => {
          const t = await alert.first().innerText();
          return t.includes('InvalidParameterException') || `"${t.trim().slice(0, 80)}"`;
        });
        await expectCount(clusterNamed('bad name!'), 0, 'cluster "bad name!"');
        await expectCount(map.getByTestId('cluster'), 2, 'clusters in the map (cli-cluster, form-cluster)');
      },
    ],
    [
      'delete removes one cluster and keeps the other',
      async () => {
        await page.getByRole('button', { name: 'Delete cluster cli-cluster', exact: true }).click();
        await expectCount(clusterNamed('cli-cluster'), 0, 'cluster "cli-cluster" after delete');
        await expectCount(clusterNamed('form-cluster'), 1, 'cluster "form-cluster" after delete');
      },
    ],
    [
      'reload: the sandbox keeps its account; a share link opens a copy apart',
      async () => {
        await page.reload({ waitUntil: 'load' });
        await expectCount(clusterNamed('form-cluster'), 1, 'cluster "form-cluster" after reload', FIRST_LOAD_TIMEOUT_MS);
        await visible(page.getByTestId('saving').filter({ hasText: 'Saved in this browser' }), 'the "Saved in this browser" status');
        await page.getByRole('button', { name: 'Share a link to this account', exact: true }).click();
        const link = await page.getByTestId('share-link').inputValue();
        if (!/\/sandbox#j=1[A-Za-z0-9_-]+$/.test(link)) throw new Error(`share link reads "${link.slice(0, 80)}"`);
        const copy = await page.context().newPage();
        try {
          await copy.goto(link, { waitUntil: 'load' });
          await visible(copy.getByTestId('saving').filter({ hasText: 'shared account' }), 'the shared-account banner', FIRST_LOAD_TIMEOUT_MS);
          await expectCount(copy.locator('[data-testid="cluster"][data-cluster-name="form-cluster"]'), 1, 'the copy has "form-cluster"');
          // A damaged link says so and opens the learner's own account.
          // (Only the fragment differs: reload so the page opens it.)
          await copy.goto(link.replace('#j=1', '#j=1zz'), { waitUntil: 'load' });
          await copy.reload({ waitUntil: 'load' });
          await visible(copy.getByRole('alert').filter({ hasText: 'The shared link could not be opened' }), 'the damaged-link notice', FIRST_LOAD_TIMEOUT_MS);
        } finally {
          await copy.close();
        }
        return `share link ${link.length} characters`;
      },
    ],
    [
      'an in-app link with ?cmd= fills the command line',
      async () => {
        await header.getByRole('link', { name: 'Course', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/', { timeout: ACTION_TIMEOUT_MS });
        await page.evaluate(() => {
          const a = document.createElement('a');
          a.href = '/sandbox?cmd=aws%20ecs%20list-clusters';
          a.textContent = 'try it';
          a.id = 'e2e-try-it';
          document.querySelector('main').appendChild(a);
        });
        await page.locator('#e2e-try-it').click();
        await page.waitForURL((u) => u.pathname === '/sandbox', { timeout: ACTION_TIMEOUT_MS });
        await eventually('the command line holds the command', async () => {
          const v = await page.getByLabel('AWS command line', { exact: true }).inputValue();
          return v === 'aws ecs list-clusters' || `"${v}"`;
        });
      },
    ],
    [
      'task definition editor: the template registers; a mistake is marked on its line',
      async () => {
        const form = page.getByRole('form', { name: 'Register task definition' });
        const json = form.getByLabel('Task definition JSON');
        await visible(json, 'the JSON editor');
        await form.getByRole('button', { name: 'Register', exact: true }).click();
        await visible(form.getByRole('status').filter({ hasText: /Registered task definition nginx-demo:\d+\./ }), 'the registered revision');
        const text = await json.inputValue();
        await json.fill(text.replace('"cpu": "256"', '"cpuu": "256"'));
        await form.getByRole('button', { name: 'Register', exact: true }).click();
        const alert = form.getByRole('alert');
        await visible(alert.filter({ hasText: /^Line 5: Parameter validation failed:/ }), 'the error with its line');
        await eventually('line 5 marked in the gutter', async () => (await form.locator('.gutter span.bad').innerText()).trim() === '5' || 'not marked');
        const log = await page.getByTestId('cli-entry').allInnerTexts();
        if (!log.some((t) => t.includes('aws ecs register-task-definition --cli-input-json file://taskdef.json'))) throw new Error('the log does not show the register command');
        await json.fill(text);
        await expectCount(form.getByRole('alert'), 0, 'no error once edited');
        return 'registered, then line 5 marked';
      },
    ],
    [
      'create service form: a Fargate service from the form runs; the log shows its command',
      async () => {
        const form = page.getByRole('form', { name: 'Create service' });
        const options = await form.getByLabel('Task definition', { exact: true }).locator('option').allInnerTexts();
        const nginx = options.find((o) => o.startsWith('nginx-demo:'));
        if (!nginx) throw new Error(`no nginx-demo revision to choose: ${options.join(', ')}`);
        await form.getByLabel('Task definition', { exact: true }).selectOption(nginx);
        const cluster = await form.getByLabel('Cluster', { exact: true }).inputValue();
        await form.getByLabel('Service name', { exact: true }).fill('from-form');
        await form.getByLabel('Compute', { exact: true }).selectOption('FARGATE');
        await form.locator('fieldset').filter({ hasText: 'Networking' }).getByRole('checkbox').first().check();
        await form.getByRole('button', { name: 'Create service' }).click();
        await visible(form.getByRole('status').filter({ hasText: 'Created service from-form.' }), 'the created message');
        const log = await page.getByTestId('cli-entry').allInnerTexts();
        if (!log.some((t) => t.includes('aws ecs create-service') && t.includes('--service-name from-form') && t.includes('assignPublicIp=ENABLED'))) throw new Error('the log does not show the create-service command');
        const cli = page.getByLabel('AWS command line', { exact: true });
        await cli.fill('sim advance 2m');
        await cli.press('Enter');
        await eventually('the service\'s task runs', async () => {
          await cli.fill(`aws ecs describe-services --cluster ${cluster} --services from-form --query 'services[0].runningCount'`);
          await cli.press('Enter');
          const last = (await page.getByTestId('cli-entry').allInnerTexts()).at(-1) || '';
          // The entry: the command, what it printed, the copy button.
          return last.split('\n').map((l) => l.trim()).includes('1') || last.slice(-80);
        });
        return 'from-form running';
      },
    ],
    [
      'lecture 204 with the forms only: two security groups, an ALB, a service behind it; its targets turn healthy in the topology',
      async () => {
        const sgCreate = page.getByRole('form', { name: 'Create security group' });
        const sgRule = page.getByRole('form', { name: 'Add inbound rule' });
        const sgId = async (name) => {
          const options = await sgRule.getByLabel('Security group', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
          const found = options.find(([, text]) => text.endsWith(`(${name})`));
          if (!found) throw new Error(`no security group ${name} among ${options.map(([, t]) => t).join(', ')}`);
          return found[0];
        };
        const status = (form, text) => visible(form.getByRole('status').filter({ hasText: text }), `"${text}"`);
        for (const [name, description] of [['alb-ecs-sg', 'ALB for ECS'], ['nginx-tasks-sg', 'nginx tasks']]) {
          await sgCreate.getByLabel('Name', { exact: true }).fill(name);
          await sgCreate.getByLabel('Description', { exact: true }).fill(description);
          await sgCreate.getByRole('button', { name: 'Create security group' }).click();
          await eventually(`security group ${name} listed`, async () => (await sgId(name).then(() => true).catch((e) => e.message)));
        }
        const albSg = await sgId('alb-ecs-sg');
        const addRule = async (group, protocol, ports, source) => {
          await sgRule.getByLabel('Security group', { exact: true }).selectOption(group);
          await sgRule.getByLabel('Protocol', { exact: true }).selectOption(protocol);
          await sgRule.getByLabel('Port or range', { exact: true }).fill(ports);
          await sgRule.getByLabel(/^Source/).fill(source);
          await sgRule.getByRole('button', { name: 'Add inbound rule' }).click();
          await status(page.locator('.sg-forms'), 'Added the inbound rule.');
        };
        await addRule(albSg, 'tcp', '80', '0.0.0.0/0');
        await addRule(albSg, 'tcp', '80', '::/0');
        await addRule(await sgId('nginx-tasks-sg'), 'all', '', albSg);

        const lb = page.getByRole('form', { name: 'Create load balancer' });
        await lb.getByLabel('Load balancer name', { exact: true }).fill('DemoALBForECS');
        const lbSubnets = lb.locator('fieldset').filter({ hasText: 'Subnets' }).getByRole('checkbox');
        await lbSubnets.nth(0).check();
        await lbSubnets.nth(1).check();
        await lb.locator('fieldset').filter({ hasText: 'Security groups' }).getByRole('checkbox', { name: /\(alb-ecs-sg\)$/ }).check();
        await lb.getByLabel('Target group name', { exact: true }).fill('nginx-ecs');
        await lb.getByRole('button', { name: 'Create load balancer' }).click();
        await status(lb, 'Created load balancer DemoALBForECS');

        const svc = page.getByRole('form', { name: 'Create service' });
        const options = await svc.getByLabel('Task definition', { exact: true }).locator('option').allInnerTexts();
        await svc.getByLabel('Task definition', { exact: true }).selectOption(options.find((o) => o.startsWith('nginx-demo:')));
        await svc.getByLabel('Service name', { exact: true }).fill('nginx-behind-alb');
        await svc.getByLabel('Desired tasks', { exact: true }).fill('2');
        await svc.getByLabel('Compute', { exact: true }).selectOption('FARGATE');
        const networking = svc.locator('fieldset').filter({ hasText: 'Networking' });
        const svcSubnets = networking.getByRole('checkbox');
        await svcSubnets.nth(0).check();
        await svcSubnets.nth(1).check();
        await networking.getByRole('checkbox', { name: /\(nginx-tasks-sg\)$/ }).check();
        const tgOptions = await svc.getByLabel('Target group', { exact: true }).locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
        await svc.getByLabel('Target group', { exact: true }).selectOption(tgOptions.find(([, t]) => t.startsWith('nginx-ecs '))[0]);
        await svc.getByLabel('Health check grace period (s)', { exact: true }).fill('20');
        await svc.getByRole('button', { name: 'Create service' }).click();
        await status(svc, 'Created service nginx-behind-alb.');

        // Time moves on with the clock's own buttons.
        await page.getByTestId('time-controls').getByRole('button', { name: '1000×', exact: true }).click();
        await eventually('two healthy targets in the topology', async () => {
          const texts = await page.getByTestId('topology-tg').filter({ hasText: 'Target group nginx-ecs' }).getByTestId('topology-target').allInnerTexts();
          return (texts.length === 2 && texts.every((t) => t.endsWith('healthy'))) || texts.join(' | ') || 'no targets yet';
        }, FIRST_LOAD_TIMEOUT_MS);
        await page.getByTestId('time-controls').getByRole('button', { name: '1×', exact: true }).click();
        await visible(page.getByTestId('topology-lb').getByText(/ALB DemoALBForECS · internet-facing · active/), 'the ALB in the topology');
        const formLines = (await page.getByTestId('cli-entry').allInnerTexts()).filter((t) => t.includes('from the form')).length;
        return `${formLines} commands from the forms`;
      },
    ],
    [
      'lab 1: a learner types each step\'s lines, sees its goals tick, reloads, and finds the lab done',
      async () => {
        await header.getByRole('link', { name: 'Labs', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/labs', { timeout: ACTION_TIMEOUT_MS });
        await visible(page.getByRole('heading', { level: 1, name: 'Labs' }), 'h1 "Labs"');
        await page.getByRole('link', { name: /^Lab 1:/ }).click();
        await page.waitForURL((u) => u.pathname === '/labs/create-cluster', { timeout: ACTION_TIMEOUT_MS });
        const steps = page.getByTestId('lab-step');
        const goals = page.getByTestId('goal');
        await eventually('the goals are checked', async () => (await goals.count()) === 6 || `${await goals.count()} goals`, FIRST_LOAD_TIMEOUT_MS);
        await expectCount(page.locator('[data-testid="goal"][data-met="true"]'), 0, 'goals met at the start');
        // "Show solution…" asks first, then puts the lines on the command line.
        page.on('dialog', (d) => d.accept());
        const cli = page.getByLabel('AWS command line', { exact: true });
        const n = await steps.count();
        let typed = 0;
        for (let i = 0; i < n; i++) {
          const step = steps.nth(i);
          await step.getByRole('button', { name: 'Show solution…' }).click();
          const solution = await cli.inputValue();
          if (!solution.trim()) throw new Error(`step ${i + 1}: "Show solution…" left the command line empty`);
          // Typed one command at a time: a line, or a here-document whole.
          const commands = [];
          let heredoc = null;
          for (const line of solution.split('\n')) {
            if (heredoc) {
              heredoc.push(line);
              if (line.trim() === 'EOF') { commands.push(heredoc.join('\n')); heredoc = null; }
            } else if (line.includes("<<'EOF'")) {
              heredoc = [line];
            } else if (line.trim()) {
              commands.push(line);
            }
          }
          for (const command of commands) {
            await cli.fill(command);
            await cli.press('Enter');
            typed++;
            await eventually('the command ran', async () => (await cli.inputValue()) === '' || 'still on the line');
          }
          await eventually(`step ${i + 1}'s goals are met`, async () => {
            const states = await step.getByTestId('goal').evaluateAll((els) => els.map((e) => e.dataset.met));
            return states.every((m) => m === 'true') || states.join(',');
          }, FIRST_LOAD_TIMEOUT_MS);
        }
        await visible(page.getByTestId('lab-complete'), 'the "Lab complete" panel');
        // The instance in the topology, inspected: its describe output
        // scrolls in its own box, the page does not widen.
        await page.getByTestId('topology-instance').first().locator('button').click();
        await eventually('the inspector shows the instance', async () => {
          const t = await page.getByTestId('inspector-output').innerText().catch(() => '');
          return t.includes('"InstanceType": "t2.micro"') || t.slice(0, 60);
        });
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (wide > 0) throw new Error(`the lab page scrolls sideways by ${wide} px with the inspector open`);
        await visible(page.getByTestId('cost-meter').getByText(/per hour/), 'the cost meter');
        await page.reload({ waitUntil: 'load' });
        await eventually('after a reload every goal is still met', async () => {
          const states = await goals.evaluateAll((els) => els.map((e) => e.dataset.met));
          return (states.length === 6 && states.every((m) => m === 'true')) || states.join(',');
        }, FIRST_LOAD_TIMEOUT_MS);
        await header.getByRole('link', { name: 'Labs', exact: true }).click();
        await visible(page.locator('[data-lab="create-cluster"]').getByText('✓ Done'), 'lab 1 marked done in the list');
        await header.getByRole('link', { name: 'Progress', exact: true }).click();
        await visible(page.getByText(/1 of \d+ labs done/), '"1 of N labs done" on the progress page');
        return `${typed} commands typed over ${n} steps`;
      },
    ],
    [
      'lab 9: a Fargate service behind an ALB; the topology shows the load balancer and three healthy targets',
      async () => {
        await page.goto(`${base}/labs/alb-service`);
        const cli = page.getByLabel('AWS command line', { exact: true });
        const steps = page.getByTestId('lab-step');
        await eventually('the goals are checked', async () => (await page.getByTestId('goal').count()) === 10 || `${await page.getByTestId('goal').count()} goals`, FIRST_LOAD_TIMEOUT_MS);
        const n = await runLabSolutions(page, steps, cli);
        await visible(page.getByTestId('topology-lb').getByText(/ALB DemoALBForECS · internet-facing · active/), 'the ALB in the topology');
        await eventually('three healthy targets drawn', async () => {
          const texts = await page.getByTestId('topology-target').allInnerTexts();
          return (texts.length === 3 && texts.every((t) => t.endsWith('healthy'))) || texts.join(' | ');
        });
        return `${n} steps, ${await page.getByTestId('topology-target').count()} targets`;
      },
    ],
    [
      'lab 14: requests per target scale a service; the charts show the policy\'s thresholds, the activities and a table',
      async () => {
        await page.goto(`${base}/labs/alb-request-scaling`);
        const cli = page.getByLabel('AWS command line', { exact: true });
        const steps = page.getByTestId('lab-step');
        await eventually('the goals are checked', async () => (await page.getByTestId('goal').count()) > 0, FIRST_LOAD_TIMEOUT_MS);
        const n = await runLabSolutions(page, steps, cli);
        const charts = page.getByTestId('charts');
        const requests = charts.getByTestId('chart-requests-0');
        await visible(requests, 'the requests-per-target chart');
        await eventually('two alarm thresholds on it', async () => (await requests.locator('g.threshold').count()) === 2 || `${await requests.locator('g.threshold').count()}`);
        const label = await requests.locator('svg').getAttribute('aria-label');
        if (!/AlarmHigh.*is (OK|ALARM)/.test(label)) throw new Error(`the chart's label: ${label}`);
        const tasks = charts.getByTestId('chart-tasks');
        const marks = await tasks.locator('g.mark').count();
        if (marks < 2) throw new Error(`${marks} scaling activities marked on the tasks chart`);
        await tasks.getByRole('button', { name: 'View as table' }).click();
        await eventually('the table lists the minutes', async () => (await tasks.locator('tbody tr').count()) >= 30 || `${await tasks.locator('tbody tr').count()} rows`);
        // The table stays while the view changes (the clock moves on).
        await cli.fill('sim advance 2m');
        await cli.press('Enter');
        await eventually('the command ran', async () => (await cli.inputValue()) === '' || 'still on the line');
        await visible(tasks.locator('table'), 'the table after the view changed');
        await checkAxe(page, '/labs/alb-request-scaling with charts');
        return `${await charts.locator('figure').count()} charts, ${marks} activities marked`;
      },
    ],
    [
      'header link opens the practice exam; a 12-question set starts, 24 minutes',
      async () => {
        await header.getByRole('link', { name: 'Exam', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/exam', { timeout: ACTION_TIMEOUT_MS });
        await visible(page.getByRole('heading', { level: 1, name: 'Practice exam' }), 'h1 "Practice exam"');
        const rules = page.getByTestId('exam-rules');
        await eventually('the full exam by default: 65 questions, 130 minutes', async () => {
          const t = await rules.innerText();
          return (t.includes('65 questions from all') && t.includes('130 minutes')) || `"${t.slice(0, 120)}"`;
        });
        await page.getByLabel('Shorter set: 12 questions in 24 minutes').check();
        await eventually('12 questions, 1 from each lesson, 24 minutes', async () => {
          const t = await rules.innerText();
          return (t.includes('12 questions from all 12 lessons') && t.includes('1 from each') && t.includes('24 minutes')) || `"${t.slice(0, 120)}"`;
        });
        await page.getByRole('button', { name: 'Start the exam', exact: true }).click();
        await visible(page.getByRole('timer'), '[role="timer"] countdown');
        await expectCount(page.getByRole('navigation', { name: 'Questions' }).getByRole('button'), 12, 'question navigator buttons');
        const left = (await page.getByRole('timer').innerText()).trim();
        if (!/^2[34]:\d\d$/.test(left)) throw new Error(`timer reads ${left}, not about 24:00`);
        return `time left ${left}`;
      },
    ],
    [
      'practice exam: answer every question, reload (resumed), submit, see the score',
      async () => {
        for (let i = 0; i < 12; i++) {
          const question = page.getByTestId('exam-question');
          await visible(question, `exam question ${i + 1}`);
          await question.locator('input').first().check();
          if (i < 11) await page.getByRole('button', { name: 'Next', exact: true }).click();
        }
        await eventually('12 of 12 answered', async () => (await page.locator('.exam-bar .answered').innerText()).trim() === '12 of 12 answered');
        // A reload mid-exam resumes it, answers and clock included.
        await page.reload({ waitUntil: 'load' });
        await visible(page.getByRole('timer'), '[role="timer"] after reload', FIRST_LOAD_TIMEOUT_MS);
        await eventually('still 12 of 12 answered after reload', async () => {
          const t = (await page.locator('.exam-bar .answered').innerText()).trim();
          return t === '12 of 12 answered' || `"${t}"`;
        });
        await page.getByRole('button', { name: 'Submit exam', exact: true }).click();
        const dialog = page.getByRole('alertdialog');
        await visible(dialog, 'the submit confirmation');
        await dialog.getByRole('button', { name: 'Submit', exact: true }).click();
        const score = page.getByTestId('exam-result').getByTestId('exam-score');
        await visible(score, '[data-testid="exam-score"]');
        state.examScore = (await score.innerText()).trim();
        if (!/^\d{3,4} \/ 1000$/.test(state.examScore)) throw new Error(`score reads "${state.examScore}"`);
        await expectCount(page.getByTestId('answer-review'), 12, 'reviewed questions');
        // The result leads with the score and pass or fail; "start again"
        // is near the top, above the details.
        const verdict = (await page.getByTestId('exam-result').locator('.verdict').innerText()).trim();
        if (!/^(Pass|Fail):/.test(verdict)) throw new Error(`verdict reads "${verdict}"`);
        const top = (locator) => locator.first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
        const again = await top(page.getByRole('button', { name: 'Start again: 12 questions, 24 minutes', exact: true }));
        const details = await top(page.getByTestId('answer-review'));
        if (!(again < details && again < 500)) throw new Error(`"Start again" at ${again} px, the first reviewed question at ${details} px`);
        return `score ${state.examScore}, ${verdict}; "Start again" at ${Math.round(again)} px`;
      },
    ],
    [
      'reload: the exam result is still there',
      async () => {
        await page.reload({ waitUntil: 'load' });
        const score = page.getByTestId('exam-result').getByTestId('exam-score');
        await visible(score, '[data-testid="exam-score"] after reload', FIRST_LOAD_TIMEOUT_MS);
        await eventually(`the same score ${state.examScore}`, async () => {
          const t = (await score.innerText()).trim();
          return t === state.examScore || `"${t}"`;
        });
      },
    ],
    [
      'progress page shows every lesson, the first one opened',
      async () => {
        await header.getByRole('link', { name: 'Progress', exact: true }).click();
        await page.waitForURL((u) => u.pathname === '/progress', { timeout: ACTION_TIMEOUT_MS });
        const rows = page.getByTestId('lesson-progress');
        await expectCount(rows, state.lessonCount, 'lesson rows');
        await eventually('the first lesson reads "Yes" under "Read"', async () => {
          const t = (await rows.first().locator('td').first().innerText()).trim();
          return t === 'Yes' || `"${t}"`;
        });
        // The second was opened cold: its static page's loader recorded it.
        const second = state.lessonHrefs()[1].split('/').pop();
        await eventually(`${second} reads "Yes" under "Read"`, async () => {
          const t = (await page.locator(`[data-testid="lesson-progress"][data-lesson="${second}"] td`).first().innerText()).trim();
          return t === 'Yes' || `"${t}"`;
        });
        await visible(page.getByRole('button', { name: 'Export progress', exact: true }), 'button "Export progress"');
        await visible(page.getByLabel(/Import progress from a file/), 'file input "Import progress from a file"');
      },
    ],
    [
      'axe-core at desktop width: every route',
      async () => {
        await page.setViewportSize(DESKTOP);
        const routes = ['/', ...state.lessonHrefs(), '/sandbox', '/labs', '/labs/create-cluster', '/exam', '/review', '/progress', '/no-such-page'];
        for (const route of routes) {
          await open(page, base, route);
          await checkScreen(page, route, { phone: false });
        }
        return `${routes.length} routes`;
      },
    ],
    [
      'phone (390 px), every lesson with every quiz question checked: no sideways scroll, nav on one row, axe-core',
      async () => {
        await page.setViewportSize(PHONE);
        await open(page, base, '/');
        await checkScreen(page, '/', { phone: true });
        let checked = 0;
        for (const route of state.lessonHrefs()) {
          await open(page, base, route);
          await checkScreen(page, route, { phone: true });
          // Every question answered (the first option) and checked, so
          // each option's explanation and the feedback are on the page.
          const questions = page.getByRole('region', { name: 'Quiz' }).getByTestId('question');
          const n = await questions.count();
          for (let i = 0; i < n; i++) {
            const q = questions.nth(i);
            await q.locator('input').first().check();
            await q.getByRole('button', { name: 'Check answer' }).click();
            checked++;
          }
          await expectCount(page.getByTestId('feedback'), n, `feedback on ${route}`);
          await checkScreen(page, `${route} with every answer checked`, { phone: true });
          // The code blocks and tables scroll on their own and take focus.
          const unreachable = await page
            .locator('.lesson-body pre, .lesson-body .table-scroll')
            .evaluateAll((els) => els.filter((e) => e.tabIndex < 0).length);
          if (unreachable) throw new Error(`${route}: ${unreachable} code block(s) or table(s) a keyboard cannot reach`);
        }
        return `${state.lessonCount} lessons, ${checked} questions checked`;
      },
    ],
    [
      'phone (390 px): sandbox, exam (start, running, result), review, practice, progress, not found',
      async () => {
        await page.setViewportSize(PHONE);
        await open(page, base, '/sandbox');
        const cli = page.getByLabel('AWS command line', { exact: true });
        await cli.fill('aws ecs create-cluster --cluster-name phone-cluster');
        await cli.press('Enter');
        await expectCount(clusterNamed('phone-cluster'), 1, 'cluster "phone-cluster" in the map');
        await checkScreen(page, '/sandbox', { phone: true });
        await open(page, base, '/labs');
        await checkScreen(page, '/labs', { phone: true });
        // Every lab: their texts carry long names (policies, parameters).
        const labHrefs = await page.getByTestId('lab-item').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        if (labHrefs.length < 8) throw new Error(`only ${labHrefs.length} labs listed`);
        for (const href of labHrefs) {
          await open(page, base, href);
          await eventually(`${href}: the lab's goals are checked`, async () => (await page.getByTestId('goal').count()) > 0 || 'none yet', FIRST_LOAD_TIMEOUT_MS);
          await checkScreen(page, href, { phone: true });
        }

        await open(page, base, '/exam');
        await checkScreen(page, '/exam (last result, start again)', { phone: true });
        await page.getByLabel('Shorter set: 12 questions in 24 minutes').check();
        await page.getByRole('button', { name: 'Start the exam', exact: true }).click();
        await visible(page.getByRole('timer'), '[role="timer"] countdown');
        await page.getByTestId('exam-question').locator('input').first().check();
        await checkScreen(page, '/exam (running)', { phone: true });
        await page.getByRole('button', { name: 'Submit exam', exact: true }).click();
        await visible(page.getByRole('alertdialog'), 'the submit confirmation');
        await checkScreen(page, '/exam (confirm submit)', { phone: true });
        await page.getByRole('alertdialog').getByRole('button', { name: 'Submit', exact: true }).click();
        await visible(page.getByTestId('exam-result'), 'the result');
        await visible(page.getByTestId('weakest-lessons').locator('a'), 'links to the weakest lessons');
        await checkScreen(page, '/exam (result)', { phone: true });
        const againOnPhone = await page
          .getByRole('button', { name: /^Start again: / })
          .evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
        if (againOnPhone > PHONE.height) throw new Error(`on the phone, "Start again" is at ${againOnPhone} px, below the first screen`);

        // The wrong answers above are due today, not tomorrow.
        await open(page, base, '/review');
        await visible(page.getByTestId('review-question'), 'a question due today');
        const count = (await page.locator('.review-count').innerText()).trim();
        if (!/^Due today: question 1 of \d+$/.test(count)) throw new Error(`review says "${count}"`);
        await page.getByTestId('review-question').locator('input').first().check();
        await page.getByRole('button', { name: 'Check answer', exact: true }).click();
        await visible(page.getByTestId('review-question').locator('.feedback'), 'review feedback');
        await checkScreen(page, '/review (a due question, checked)', { phone: true });
        await page.getByRole('button', { name: 'Practise my mistakes now', exact: true }).click();
        await eventually('practising mistakes', async () => {
          const t = (await page.locator('.review-count').innerText()).trim();
          return t.startsWith('Practising your mistakes: question 1 of') || `"${t}"`;
        });
        await checkScreen(page, '/review (practising mistakes)', { phone: true });

        await open(page, base, '/progress');
        await checkScreen(page, '/progress', { phone: true });
        await open(page, base, '/no-such-page');
        await checkScreen(page, '/no-such-page', { phone: true });
        return `review: "${count}"; axe-core ran ${axeRuns} times, no serious or critical violation`;
      },
    ],
    [
      'offline after the first visit (server stopped): a lesson, a quiz answer, a sandbox command and a lab',
      async () => {
        await page.setViewportSize(DESKTOP);
        await open(page, base, '/');
        const controlled = async () => page.evaluate(async () => {
          await navigator.serviceWorker.ready;
          return !!navigator.serviceWorker.controller;
        });
        await eventually('the service worker controls the page', async () => (await controlled()) || 'not yet', FIRST_LOAD_TIMEOUT_MS);
        const cached = await page.evaluate(async () => {
          const names = await caches.keys();
          const cache = await caches.open(names.find((n) => n.startsWith('stevedore-')));
          return (await cache.keys()).map((r) => new URL(r.url).pathname);
        });
        for (const f of ['/index.html', '/stevedore-worker_bg.wasm', '/stevedore-worker_loader.js'])
          if (!cached.includes(f)) throw new Error(`the service worker's cache lacks ${f}: ${cached.join(', ')}`);
        await goOffline();
        const lesson = state.lessonHrefs()[1];
        await page.goto(base + lesson, { waitUntil: 'load' });
        await visible(page.getByRole('heading', { level: 1 }), `${lesson}'s h1, offline`, FIRST_LOAD_TIMEOUT_MS);
        const question = page.getByRole('region', { name: 'Quiz' }).getByTestId('question').first();
        await question.locator('input').first().check();
        await question.getByRole('button', { name: 'Check answer' }).click();
        await visible(question.getByTestId('feedback'), 'quiz feedback, offline');
        await page.goto(base + '/sandbox', { waitUntil: 'load' });
        const cli = page.getByLabel('AWS command line', { exact: true });
        await cli.fill('aws ecs create-cluster --cluster-name offline');
        await cli.press('Enter');
        await expectCount(page.locator('[data-testid="cluster"][data-cluster-name="offline"]'), 1, 'cluster "offline", offline', FIRST_LOAD_TIMEOUT_MS);
        await page.goto(base + '/labs/fargate-task', { waitUntil: 'load' });
        await eventually('the lab\'s goals are checked, offline', async () => (await page.getByTestId('goal').count()) > 0 || 'none yet', FIRST_LOAD_TIMEOUT_MS);
        return `${cached.length} files in the service worker's cache`;
      },
    ],
  ];
}

// ---- runner -------------------------------------------------------------

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

async function main() {
  let passed = 0;
  let failed = 0;
  let browser;
  let server;
  let userDataDir;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await server?.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  };
  const watchdog = setTimeout(async () => {
    console.log(`FAIL  whole run exceeded ${RUN_TIMEOUT_MS} ms`);
    console.log(`e2e: ${passed} passed, ${failed + 1} failed`);
    await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 5000))]);
    process.exit(1);
  }, RUN_TIMEOUT_MS);

  try {
    await rm(resultsDir, { recursive: true, force: true });
    server = await startServer(distDir);
    const executablePath = findChromium();
    userDataDir = await mkdtemp(path.join(os.tmpdir(), 'stevedore-e2e-'));
    console.log(`e2e: ${distDir} on ${server.url}, browser ${executablePath}`);
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: !headed,
      args: [
        ...(headed ? [] : ['--headless']),
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
      ],
      viewport: { width: 1280, height: 900 },
      timeout: FIRST_LOAD_TIMEOUT_MS,
    });
    browser.setDefaultTimeout(ACTION_TIMEOUT_MS);
    // The app is self-contained: anything not from our server is a bug.
    await browser.route(
      (url) => !url.href.startsWith(server.url + '/') && !url.protocol.startsWith('data') && !url.protocol.startsWith('blob'),
      (route) => {
        problems.push(`request outside the app: ${route.request().url()}`);
        route.abort();
      },
    );
    const page = browser.pages()[0] || (await browser.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const loc = msg.location();
        problems.push(`console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
    page.on('crash', () => problems.push('page crashed'));

    // The last step stops the server (and tells the browser it is offline):
    // the service worker must carry the app alone.
    const goOffline = async () => {
      await server.close();
      await browser.setOffline(true);
    };
    const steps = scenario(page, server.url, { goOffline });
    for (let i = 0; i < steps.length; i++) {
      const [name, fn] = steps[i];
      const t0 = Date.now();
      let error;
      let note;
      try {
        note = await fn();
      } catch (err) {
        error = err;
      }
      if (problems.length && !(error && error.message.includes(problems[0])))
        error = new Error([error?.message, ...problems].filter(Boolean).join('; '));
      const ms = Date.now() - t0;
      if (!error) {
        passed++;
        console.log(`ok    ${i + 1}. ${name} (${ms} ms)${note ? ` — ${note}` : ''}`);
        continue;
      }
      failed++;
      console.log(`FAIL  ${i + 1}. ${name} (${ms} ms)`);
      console.log(`      ${String(error.message).split('\n').slice(0, 6).join('\n      ')}`);
      await mkdir(resultsDir, { recursive: true });
      const base = path.join(resultsDir, `${String(i + 1).padStart(2, '0')}-${slug(name)}`);
      try {
        await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 5000 });
        await writeFile(`${base}.html`, await page.content());
        console.log(`      screenshot: ${path.relative(process.cwd(), base)}.png (page URL ${page.url()})`);
      } catch (e) {
        console.log(`      (no screenshot: ${e.message.split('\n')[0]})`);
      }
      const rest = steps.length - i - 1;
      if (rest > 0) console.log(`      ${rest} later step(s) not run: they depend on this one`);
      break;
    }
  } catch (err) {
    failed++;
    console.log(`FAIL  setup: ${err.message.split('\n')[0]}`);
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
  if (axeNotes.size) {
    console.log(`axe-core, minor and moderate (not failures), ${axeNotes.size}:`);
    for (const note of axeNotes.values()) console.log(`      ${note}`);
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
