// The page as something to put on any static host: served from a sub-path by
// a plain `python3 -m http.server`, installable (manifest, icons, a service
// worker that controls the page), opening with the network off, and telling
// the user about a new build without ever reloading under their fingers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { DIST, CHROMIUM, CHROMIUM_ARGS, openPage, waitReady, waitForState, screenshot } from './harness.mjs';
import { startServer } from './static-server.mjs';

let browser;
const temps = [];
before(async () => {
  if (!fs.existsSync(path.join(DIST, 'sw.js'))) throw new Error(`no sw.js in ${DIST}: run toolchain/build.sh web`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close().catch(() => {});
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

const ready = (s) => s.ready && s.posts.length >= 4;
const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);

// A fresh copy of the dist under <tmp>/sheaf/, as it would sit on a host.
function copyOfDist() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sheaf-offline-'));
  temps.push(root);
  fs.cpSync(DIST, path.join(root, 'sheaf'), { recursive: true });
  return root;
}

async function poll(what, fn, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const connects = (port) => new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

// `python3 -m http.server` on a free port (it prints which), serving root.
async function pythonServer(root) {
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', root],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', () => {});  // its request log
  const exited = new Promise((r) => child.once('exit', r));
  const port = await poll('python3 -m http.server to print its port', async () => {
    if (child.exitCode !== null) throw new Error('python3 -m http.server exited: ' + out);
    const m = /port (\d+)/.exec(out);
    return m && Number(m[1]);
  }, 15000);
  await poll('the port to accept connections', () => connects(port), 15000);
  return {
    url: `http://127.0.0.1:${port}/sheaf/`,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const controlled = (page) => poll('the service worker to control the page',
  () => page.evaluate(() => !!navigator.serviceWorker.controller));

// The version the controlling worker was built with (sw.js answers 'version').
const workerVersion = (page) => page.evaluate(() => new Promise((resolve) => {
  const ch = new MessageChannel();
  ch.port1.onmessage = (e) => resolve(e.data.version);
  navigator.serviceWorker.controller.postMessage({ type: 'version' }, [ch.port2]);
}));

test('boots from a sub-path of python http.server, with a manifest, icons and a controlling service worker', async () => {
  const py = await pythonServer(copyOfDist());
  try {
    const { page, context, errors } = await openPage({ url: py.url, browser });
    await waitForState(page, ready);

    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      const m = await (await fetch(href)).json();
      const icons = [];
      for (const icon of m.icons) {
        const r = await fetch(new URL(icon.src, href));
        const blob = await r.blob();
        const size = blob.type === 'image/png' ? await createImageBitmap(blob).then((b) => `${b.width}x${b.height}`) : 'any';
        icons.push({ ...icon, ok: r.ok, got: blob.type, size, bytes: blob.size });
      }
      return { ...m, icons };
    });
    assert.equal(manifest.name, 'Sheaf');
    assert.ok(manifest.short_name);
    assert.equal(manifest.start_url, './');
    assert.equal(manifest.scope, './');
    assert.equal(manifest.display, 'standalone');
    assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
    assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
    for (const icon of manifest.icons) {
      assert.ok(icon.ok && icon.bytes > 0, `${icon.src} loads`);
      if (icon.type === 'image/png') assert.equal(icon.size, icon.sizes, `${icon.src} is ${icon.sizes}`);
    }
    for (const [sizes, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']])
      assert.ok(manifest.icons.some((i) => i.sizes === sizes && i.purpose === purpose && i.type === 'image/png'),
        `a ${sizes} ${purpose} PNG icon`);

    const scope = await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope));
    assert.equal(scope, py.url, 'the worker covers the sub-path, not the whole origin');
    await page.reload();
    await waitReady(page);
    await controlled(page);
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), py.url + 'sw.js');
    assert.equal(await page.locator('#update').isVisible(), false, 'no update notice for the first install');
    // Chromium's own verdict: the manifest parses and the page can be installed.
    const cdp = await context.newCDPSession(page);
    const parsed = await cdp.send('Page.getAppManifest');
    assert.deepEqual(parsed.errors, [], 'manifest parse errors');
    // (Every playwright context is off the record, which alone forbids installing.)
    const blockers = async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors
      .map((e) => e.errorId).filter((id) => id !== 'in-incognito');
    await poll('Chromium to call the page installable', async () => (await blockers()).length === 0, 10000).catch(() => {});
    assert.deepEqual(await blockers(), [], 'installability errors');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await py.close();
  }
});

test('a second visit with the network off opens the notebook, with the edit made online', async () => {
  const py = await pythonServer(copyOfDist());
  let context;
  try {
    const first = await openPage({ url: py.url, browser });
    context = first.context;
    const s = await waitForState(first.page, ready);
    await controlled(first.page);
    const id = s.selected || s.posts[0].id;
    const edited = (await call(first.page, 'text', id)).text + '\n오프라인에서도 남아 있어야 할 문장.\n';
    await call(first.page, 'setText', id, edited);
    await call(first.page, 'save');
    await waitForState(first.page, (x) => x.storage.saving === 0 && x.storage.unsaved.length === 0);
    if (fs.existsSync(path.join(DIST, 'fonts'))) {
      // Every font slice this visit used must be in the worker's cache before the network goes.
      await poll('the font slices used to be in the cache', () => first.page.evaluate(async () => {
        const used = performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('/fonts/'));
        const name = (await caches.keys()).find((n) => n.endsWith(':fonts'));
        if (!name || !used.length) return false;
        const cache = await caches.open(name);
        for (const u of used) if (!(await cache.match(u)) && !(await caches.match(u))) return false;
        return true;
      }));
    }
    await first.page.close();

    await context.setOffline(true);
    await py.close();  // and really gone: nothing can come from the network
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push('pageerror: ' + (e.stack || e.message)));
    const missing = [];  // font slices the first visit used must all come from the cache
    page.on('requestfailed', (r) => { if (r.url().includes('/fonts/')) missing.push(r.url()); });
    const response = await page.goto(py.url);
    assert.ok(response.fromServiceWorker(), 'the page came from the service worker');
    await waitReady(page);
    await waitForState(page, ready);
    assert.equal((await call(page, 'text', id)).text, edited, 'IndexedDB still holds the edit');
    await screenshot(page, 'offline-second-visit');
    assert.deepEqual(missing, [], 'font slices missing offline');
    assert.deepEqual(errors, []);
  } finally {
    await context?.close();
    await py.close();
  }
});

test('a new build shows a notice, and Reload saves the edit and comes back on the new version', async () => {
  const root = copyOfDist();
  const srv = await startServer(path.join(root, 'sheaf'), 0, { base: '/sheaf/' });
  try {
    const { page, context, errors } = await openPage({ url: srv.url, browser });
    const s = await waitForState(page, ready);
    await controlled(page);
    const oldVersion = await workerVersion(page);
    // A second tab on the same page, which must not reload when the first one does.
    const other = await openPage({ url: srv.url, browser }, { context });
    await waitForState(other.page, ready);
    await other.page.evaluate(() => { window.__beforeUpdate = true; });
    assert.match(oldVersion, /^[0-9a-f]{16}$/);

    // A rebuild, as the host sees it: only sw.js differs.
    const swPath = path.join(root, 'sheaf', 'sw.js');
    const sw = fs.readFileSync(swPath, 'utf8');
    const newVersion = oldVersion.slice(0, 8) + 'feedf00d';
    assert.ok(sw.includes(`"version": "${oldVersion}"`));
    fs.writeFileSync(swPath, sw.replace(`"version": "${oldVersion}"`, `"version": "${newVersion}"`));

    // An edit that only the Reload button's flush can save.
    await call(page, 'autosaveDelay', 600000);
    const id = s.selected || s.posts[0].id;
    const edited = (await call(page, 'text', id)).text + '\n새 버전으로 바꾸기 직전에 쓴 문장.\n';
    await call(page, 'setText', id, edited);
    await waitForState(page, (x) => x.storage.unsaved.length > 0);

    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const notice = page.locator('#update');
    await notice.waitFor({ state: 'visible', timeout: 30000 });
    assert.match(await notice.textContent(), /새 버전이 준비되었습니다 · A new version is ready/);
    assert.equal(await page.evaluate(() => !!window.__sheafReady), true, 'still the same page: nothing reloaded by itself');
    await screenshot(page, 'update-notice-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshot(page, 'update-notice-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await page.evaluate(() => { window.__beforeUpdate = true; });
    await page.locator('#update-reload').click();
    await poll('the page to come back after Reload', () => page.evaluate(() => window.__beforeUpdate !== true && window.__sheafReady === true));
    await waitReady(page);
    await waitForState(page, ready);
    assert.equal((await call(page, 'text', id)).text, edited, 'the unsaved edit was saved before the reload');
    await controlled(page);
    assert.equal(await workerVersion(page), newVersion, 'the new build controls the page');
    const shells = await page.evaluate(async () => (await caches.keys()).filter((n) => n.includes(':shell:')));
    assert.deepEqual(shells.map((n) => n.split(':shell:')[1]), [newVersion], 'the old version\'s cache is gone');
    assert.equal(await page.locator('#update').isVisible(), false);
    assert.equal(await other.page.evaluate(() => window.__beforeUpdate), true, 'the other tab did not reload');
    await other.page.locator('#update').waitFor({ state: 'visible', timeout: 10000 });
    assert.deepEqual(errors, []);
    assert.deepEqual(other.errors, []);
    await context.close();
  } finally {
    await srv.close();
  }
});

function get(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the project server sends precompressed copies with the type of the original, under its base path', async () => {
  const srv = await startServer(DIST, 0, { base: '/sheaf/' });
  try {
    const wasm = fs.readFileSync(path.join(DIST, 'sheaf.wasm'));
    const br = await get(srv.url + 'sheaf.wasm', 'gzip, deflate, br');
    assert.equal(br.status, 200);
    assert.equal(br.headers['content-type'], 'application/wasm');
    if (fs.existsSync(path.join(DIST, 'sheaf.wasm.br'))) {
      assert.equal(br.headers['content-encoding'], 'br');
      assert.ok(zlib.brotliDecompressSync(br.body).equals(wasm));
      const gz = await get(srv.url + 'sheaf.wasm', 'gzip');
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.ok(zlib.gunzipSync(gz.body).equals(wasm));
      assert.ok(fs.existsSync(path.join(DIST, 'sheaf.data.gz')), 'the build precompresses sheaf.data too');
    }
    const plain = await get(srv.url + 'sheaf.wasm', 'br;q=0, gzip;q=0');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.ok(plain.body.equals(wasm));
    const manifest = await get(srv.url + 'manifest.webmanifest', 'identity');
    assert.equal(manifest.headers['content-type'], 'application/manifest+json');
    assert.equal((await get(srv.url.replace(/\/sheaf\/$/, '/sheaf.wasm'))).status, 404, 'nothing outside the base');
    assert.equal((await get(srv.url.replace(/\/$/, ''))).status, 301);
    for (const f of fs.existsSync(path.join(DIST, 'fonts')) ? fs.readdirSync(path.join(DIST, 'fonts')) : []) {
      if (!f.endsWith('.woff2')) continue;
      assert.equal((await get(srv.url + 'fonts/' + f, 'br')).headers['content-type'], 'font/woff2');
      break;
    }
  } finally {
    await srv.close();
  }
});
