// Sheaf browser test harness: a static server for the built page plus Debian's
// Chromium driven by playwright-core (never a downloaded browser).
//
//   const env = await launch();                          // once per test file
//   const { page, errors } = await openPage(env, { deviceScaleFactor: 2 });
//   await waitForState(page, (s) => s.ready);
//   await clickCanvas(page, x, y);                       // CSS px on the canvas
//   await screenshot(page, 'boot-dpr2');                 // -> $SHEAF_SHOTS/boot-dpr2.png
//   await env.close();
//
// Environment: SHEAF_WEB_DIST (built page, default build/web/dist),
// SHEAF_SHOTS (screenshots, default build/web/screenshots), SHEAF_CHROMIUM.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
export const DIST = process.env.SHEAF_WEB_DIST || path.join(top, 'build/web/dist');
export const SHOTS = process.env.SHEAF_SHOTS || path.join(top, 'build/web/screenshots');
export const CHROMIUM = process.env.SHEAF_CHROMIUM || '/usr/bin/chromium';

// Headless software WebGL2 (SwiftShader through ANGLE); see NOTES-toolchain.md.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
];

// Starts the server and the browser. Each openPage() gets a fresh context
// (its own IndexedDB, clipboard permissions, viewport).
export async function launch({ args = [] } = {}) {
  if (!fs.existsSync(path.join(DIST, 'sheaf.js')))
    throw new Error(`no built page in ${DIST}: run toolchain/build.sh web`);
  const server = await startServer(DIST, 0);
  let browser;
  try {
    // playwright gives every launch a fresh temporary profile (user data dir).
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args] });
  } catch (e) {
    await server.close();
    throw e;
  }
  return {
    url: server.url,
    browser,
    server,
    async close() {
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

// Opens the page. Returns { page, context, errors } where errors collects
// uncaught page errors and console errors as strings, for asserting on.
export async function openPage(env, {
  width = 1280, height = 800, deviceScaleFactor = 1, hash = '', waitReady: wait = true,
  initScript = null, permissions = [], timeout = 60000, context: existing = null, testHooks = true,
} = {}) {
  const context = existing || await env.browser.newContext({
    viewport: { width, height }, deviceScaleFactor,
  });
  if (permissions.length) await context.grantPermissions(permissions, { origin: env.url });
  const page = await context.newPage();
  // The page's test hooks (failing saves, crashing on open) are off unless
  // asked for before it loads.
  if (testHooks) await page.addInitScript(() => { window.__sheafTestHooks = true; });
  if (initScript) await page.addInitScript(initScript);
  const errors = [];
  page.on('pageerror', (e) => errors.push('pageerror: ' + (e.stack || e.message)));
  // A failed resource load (a post's missing image) is the page working as
  // intended: the viewer shows a placeholder. Everything else is an error.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource/.test(m.text())) errors.push('console: ' + m.text());
  });
  await page.goto(env.url + (hash ? '#' + hash.replace(/^#/, '') : ''));
  if (wait) await waitReady(page, timeout);
  return { page, context, errors };
}

// Resolves once the first frame is drawn; fails early with the page's error text.
export async function waitReady(page, timeout = 60000) {
  await page.waitForFunction(() => window.__sheafReady === true || !!window.__sheafError, null, { timeout });
  const err = await page.evaluate(() => window.__sheafError || null);
  if (err) {
    const detail = await page.evaluate(() => document.getElementById('error-detail').textContent);
    throw new Error(`page shows an error: ${err}\n${detail}`);
  }
}

// The app's bridge state ({ready, selected, posts: [{id, title, date, tags, rect}], blocks, ...}),
// or null while the page is still starting (e.g. right after a reload).
export function state(page) {
  return page.evaluate(() => (window.Module && Module.sheaf && window.__sheafReady ? Module.sheaf.state() : null));
}

// Reloads and waits for the first frame again.
export async function reload(page, timeout = 60000) {
  await page.reload();
  await waitReady(page, timeout);
}

// Polls state() until predicate(state) is true; returns that state.
export async function waitForState(page, predicate, { timeout = 30000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await state(page);
    if (last && predicate(last)) return last;
    if (Date.now() > end) throw new Error('waitForState timed out; last state: ' + JSON.stringify(last).slice(0, 2000));
    await new Promise((r) => setTimeout(r, interval));
  }
}

export function select(page, id) {
  return page.evaluate((x) => Module.sheaf.select(x), id);
}

// { cssWidth, cssHeight, width, height, dpr }: the canvas box and its backing store.
export function canvasInfo(page) {
  return page.evaluate(() => Module.sheaf.canvas());
}

export function frames(page) {
  return page.evaluate(() => window.__sheafFrames || 0);
}

// Waits until n more frames have been drawn (input is applied on the next frame).
export async function waitFrames(page, n = 2, timeout = 10000) {
  const start = await page.evaluate(() => { Module.sheaf.wake(); return window.__sheafFrames || 0; });
  await page.waitForFunction((t) => (window.__sheafFrames || 0) >= t, start + n, { timeout });
}

// Clicks at (x, y) CSS pixels relative to the canvas, then lets the app see it.
export async function clickCanvas(page, x, y, { button = 'left' } = {}) {
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.click(box.x + x, box.y + y, { button });
  await waitFrames(page, 3);
}

export async function moveCanvas(page, x, y) {
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + x, box.y + y);
  await waitFrames(page, 3);
}

// Centre of a post's list row, from the bridge rect [x, y, w, h].
export function rowCenter(post) {
  const [x, y, w, h] = post.rect;
  return [x + w / 2, y + h / 2];
}

// Saves a PNG into SHOTS and returns its path.
export async function screenshot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name.endsWith('.png') ? name : name + '.png');
  await page.screenshot({ path: file });
  return file;
}

// Like waitForState, but also waits until the layout has settled: no font
// slice is on its way (its glyphs would move the text when it lands) and the
// rects of rows and controls are the same over two reads a few frames apart,
// so a click aims at where things are now, not where the first frame put them.
// `shape` picks what must hold still (default: list rows and sidebar controls).
export async function settledState(page, predicate = () => true, { timeout = 30000, shape: pick } = {}) {
  const end = Date.now() + timeout;
  const shape = (s) => JSON.stringify(pick ? pick(s) : [s.posts.map((p) => p.rect), s.controls]);
  let prev = null;
  for (;;) {
    await waitFrames(page, 2);
    const s = await state(page);
    if (s && !s.glyphs_pending && predicate(s)) {
      if (prev !== null && shape(s) === prev) return s;
      prev = shape(s);
    } else {
      prev = null;
    }
    if (Date.now() > end) throw new Error('settledState timed out; last state: ' + JSON.stringify(s).slice(0, 2000));
  }
}
