// The page boots, draws at the device's pixel density, answers the bridge, and
// shows a readable error instead of a blank canvas when it cannot run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DIST, launch, openPage, waitReady, state, canvasInfo, screenshot, waitFrames } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test('boots at devicePixelRatio 2 with a sharp full-window canvas', async () => {
  const { page, context, errors } = await openPage(env, { width: 1000, height: 700, deviceScaleFactor: 2 });
  await waitFrames(page, 2);
  const c = await canvasInfo(page);
  assert.equal(c.dpr, 2);
  assert.equal(c.cssWidth, 1000);
  assert.equal(c.cssHeight, 700);
  assert.equal(c.width, 2000, 'backing store width = CSS width x DPR');
  assert.equal(c.height, 1400, 'backing store height = CSS height x DPR');

  assert.match(await page.title(), /Sheaf/);
  assert.equal(await page.locator('#loading').isVisible(), false, 'loading indicator gone after the first frame');
  assert.equal(await page.locator('#error').isVisible(), false);

  // The canvas follows the window.
  await page.setViewportSize({ width: 640, height: 480 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 1280);
  const r = await canvasInfo(page);
  assert.deepEqual([r.cssWidth, r.cssHeight, r.width, r.height], [640, 480, 1280, 960]);
  await page.setViewportSize({ width: 1000, height: 700 });
  await waitFrames(page, 3);

  const shot = await screenshot(page, 'boot-dpr2');
  assert.ok(fs.statSync(shot).size > 10000, 'screenshot has content');
  assert.deepEqual(errors, []);
  await context.close();
});

test('bridge answers with the app state and the canvas size', async () => {
  const { page, context, errors } = await openPage(env, { deviceScaleFactor: 1 });
  const s = await state(page);
  assert.equal(typeof s, 'object');
  assert.equal(typeof s.ready, 'boolean');
  const frames = await page.evaluate(() => window.__sheafFrames);
  assert.ok(frames >= 1);
  await waitFrames(page, 2);
  assert.ok(await page.evaluate(() => window.__sheafFrames) > frames, 'frame counter advances');
  assert.equal(await page.evaluate(() => Module.sheaf.location()), '');
  assert.equal(await page.evaluate(() => Module.sheaf.select('no/such/post')), false);
  const c = await canvasInfo(page);
  assert.deepEqual([c.width, c.height, c.dpr], [1280, 800, 1]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('shows a visible error when WebAssembly has no SIMD', async () => {
  const noSimd = () => {
    const orig = WebAssembly.validate;
    // Only the page's probe (the one module that uses SIMD opcodes, 0xfd) fails.
    WebAssembly.validate = (bytes) => (bytes && bytes.length < 64 && Array.from(bytes).includes(253) ? false : orig(bytes));
  };
  const { page, context } = await openPage(env, { waitReady: false, initScript: noSimd });
  await page.locator('#error').waitFor({ state: 'visible', timeout: 20000 });
  assert.match(await page.locator('#error-text').innerText(), /without SIMD/);
  assert.equal(await page.evaluate(() => window.__sheafReady === true), false);
  await context.close();
});

test('shows a visible error when WebGL2 is unavailable', async () => {
  const noWebGL2 = () => {
    const orig = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
      return kind === 'webgl2' ? null : orig.call(this, kind, ...rest);
    };
  };
  const { page, context } = await openPage(env, { waitReady: false, initScript: noWebGL2 });
  const box = page.locator('#error');
  await box.waitFor({ state: 'visible', timeout: 20000 });
  assert.match(await page.locator('#error-text').innerText(), /WebGL2/);
  assert.equal(await page.locator('#loading').isVisible(), false);
  assert.equal(await page.evaluate(() => window.__sheafReady === true), false);
  await screenshot(page, 'error-no-webgl2');
  await context.close();
});

test('shows a visible error when the program fails to download', async () => {
  const context = await env.browser.newContext();
  await context.route('**/sheaf.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const { page } = await openPage(env, { waitReady: false, context });
  await page.locator('#error').waitFor({ state: 'visible', timeout: 20000 });
  assert.match(await page.locator('#error-text').innerText(), /sheaf\.wasm/);
  await assert.rejects(waitReady(page, 2000), /page shows an error/);
  await context.close();
});

test('shows a visible error when the notebook data fails to download', async () => {
  const context = await env.browser.newContext();
  await context.route('**/sheaf.data', (route) => route.fulfill({ status: 500, body: 'broken' }));
  const { page } = await openPage(env, { waitReady: false, context });
  await page.locator('#error').waitFor({ state: 'visible', timeout: 20000 });
  assert.match(await page.locator('#error-text').innerText(), /could not|stopped/i);
  assert.equal(await page.locator('#loading').isVisible(), false);
  await context.close();
});

test('a page opened without the test flag has no test hooks', async () => {
  const { page, context } = await openPage(env, { testHooks: false });
  const hooks = await page.evaluate(() => ({
    idb: typeof window.SheafIDB.failNextSaves,
    crash: Module.sheaf.call('crash_on_open', '_posts/anything'),
    failing: (() => { try { Module.sheaf.testFailNextSaves(1); return 'ran'; } catch (e) { return String(e.message); } })(),
    ordinary: Module.sheaf.call('quota').ok,
  }));
  assert.equal(hooks.idb, 'undefined');
  assert.deepEqual(hooks.crash, { ok: false, error: 'test hooks are off' });
  assert.equal(hooks.failing, 'test hooks are off');
  assert.equal(hooks.ordinary, true, 'the ordinary bridge still answers');
  await context.close();
});

test('the loading screen counts the bytes that arrived and goes away with the first frame', async () => {
  const wasm = fs.readFileSync(path.join(DIST, 'sheaf.wasm'));
  // As a plain host sends it (its length known), then compressed on the fly
  // (the length on the wire is not the length the stream counts).
  for (const encoded of [false, true]) {
    // No service worker: it would answer from its cache, around the route.
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    let release;
    const held = new Promise((r) => { release = r; });
    await context.route(/sheaf\.wasm$/, async (route) => {
      await held;  // the wasm is held back until the loading screen has been seen
      if (encoded) {
        // The header a compressing host sends (the route cannot make the
        // browser decode, so the bytes themselves go as they are).
        await route.fulfill({ status: 200, body: wasm,
          headers: { 'Content-Type': 'application/wasm', 'Content-Encoding': 'gzip',
                     'Content-Length': String(zlib.gzipSync(wasm).length) } });
      } else {
        await route.fulfill({ status: 200, body: wasm, headers: { 'Content-Type': 'application/wasm' } });
      }
    });
    const { page, errors } = await openPage(env, { context, waitReady: false });
    await page.waitForFunction(() => /Loading/.test(document.getElementById('loading-text').textContent));
    assert.equal(await page.locator('#loading').isVisible(), true, 'loading screen while the program is on its way');
    assert.equal(await page.evaluate(() => window.__sheafFrames || 0), 0);
    release();
    await waitReady(page);
    assert.equal(await page.locator('#loading').isVisible(), false, 'gone after the first frame');
    const text = await page.evaluate(() => document.getElementById('loading-text').textContent);
    const m = /([\d.]+) \/ ([\d.]+) MB/.exec(text);
    if (encoded) {
      assert.ok(!m && /[\d.]+ MB/.test(text), 'bytes so far only, no total to overrun: ' + text);
    } else {
      assert.ok(m, 'bytes so far and the total: ' + text);
      assert.ok(+m[1] <= +m[2] + 0.05, 'never more than the total: ' + text);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
});
