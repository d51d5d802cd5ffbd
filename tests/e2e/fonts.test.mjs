// The page's glyphs come from the browser (web/fonts.js): every post draws
// with no missing glyph, emoji are in colour, glyphs are rasterized at the
// device pixel size, slices arrive on demand, and a slice that cannot be
// fetched leaves the text to the system's fonts instead of breaking the page.
//
// SHEAF_GLYPH_POSTS may name a folder of further posts (the seed corpus) that
// must draw with no missing glyph too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, openPage, waitForState, screenshot, waitFrames } from './harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const POSTS = process.env.SHEAF_TEST_POSTS || path.resolve(here, '../data/posts');
const EXTRA = process.env.SHEAF_GLYPH_POSTS || '';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const ready = (s) => s.ready && s.posts.length > 0;

function filesIn(dir) {
  return fs.readdirSync(dir).filter((f) => /\.(md|markdown)$/.test(f)).sort()
    .map((name) => ({ name, bytes: [...fs.readFileSync(path.join(dir, name))] }));
}

function dropFiles(page, files) {
  return page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

function post(name, body) {
  return { name, bytes: [...Buffer.from('---\ntitle: ' + name.replace('.md', '') + '\n---\n' + body + '\n')] };
}

// No slice on its way and none arrived unseen, then two frames drawn with it.
async function glyphsSettled(page) {
  await page.waitForFunction(() => SheafFonts.state.inflight === 0 && !SheafFonts.state.changed, null, { timeout: 30000 });
  await waitFrames(page, 2);
  await page.waitForFunction(() => SheafFonts.state.inflight === 0 && !SheafFonts.state.changed, null, { timeout: 30000 });
}

async function open(page, id) {
  assert.ok(await page.evaluate((x) => Module.sheaf.select(x), id), 'select ' + id);
  await waitForState(page, (s) => s.selected === id && s.blocks > 0);
  await glyphsSettled(page);
  return waitForState(page, (s) => s.selected === id);
}

// Pixels of the post pane that are clearly red (an apple emoji is; the theme
// has no red). The screenshot is decoded by the page itself.
async function redPixels(page, name) {
  await screenshot(page, name);
  const pane = await page.screenshot({ clip: { x: 420, y: 60, width: 840, height: 700 } });
  return page.evaluate(async (b64) => {
    const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
    const g = new OffscreenCanvas(img.width, img.height).getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] > 170 && d[i + 1] < 90 && d[i + 2] < 90) n++;
    return n;
  }, pane.toString('base64'));
}

test('every sample and test post draws with no missing glyph, and the check does see a missing one', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, ready);
  const files = filesIn(POSTS);
  if (EXTRA) files.push(...filesIn(EXTRA));
  files.push(post('tofu-control.md', '없는 글자: \u0378 \u{10FFFD} 끝'));
  await dropFiles(page, files);
  const s = await waitForState(page, (x) => x.ready && x.posts.some((p) => p.title === 'tofu-control') &&
    x.storage && x.storage.import && x.storage.import.added >= files.length, { timeout: 30000 });
  const missing = {};
  let hangulPosts = 0;
  for (const p of s.posts) {
    const st = await open(page, p.id);
    if (/[\uAC00-\uD7A3]/.test(p.title)) hangulPosts++;
    missing[p.title] = st.missing_glyphs;
  }
  assert.equal(missing['tofu-control'], 2, 'the unassigned U+0378 and the private U+10FFFD count as missing');
  delete missing['tofu-control'];
  assert.ok(Object.keys(missing).length >= 15, 'sample notebook and test posts were all opened');
  assert.ok(hangulPosts >= 5, 'Korean posts among them');
  for (const [title, n] of Object.entries(missing)) assert.equal(n, 0, `"${title}" has ${n} missing glyphs`);
  const f = await page.evaluate(() => SheafFonts.summary());
  assert.deepEqual(f.failed, []);
  assert.ok(f.loaded > 5 && f.loaded < f.slices, `slices fetched on demand (${f.loaded} of ${f.slices})`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('emoji are drawn in colour', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, ready);
  await dropFiles(page, [post('apples.md', '🍎🍎🍎🍎🍎🍎 사과 🍎🍎🍎🍎🍎🍎'), post('letters.md', 'AAAAAA 사과 AAAAAA')]);
  const s = await waitForState(page, (x) => ['apples', 'letters'].every((t) => x.posts.some((p) => p.title === t)));
  const id = (t) => s.posts.find((p) => p.title === t).id;
  await open(page, id('letters'));
  const without = await redPixels(page, 'fonts-no-emoji');
  await open(page, id('apples'));
  const withEmoji = await redPixels(page, 'fonts-colour-emoji');
  assert.ok(without < 20, `no red without emoji (${without})`);
  assert.ok(withEmoji > 300, `red apples are red (${withEmoji} red pixels)`);
  // The system draws emoji in colour here, so Symbola's emoji outlines were never fetched.
  const fetched = await page.evaluate(() => ({ system: SheafFonts.state.systemEmoji,
    symbols: SheafFonts.state.slices.filter((x) => x.family === 'Sheaf Symbols' && x.status !== 'unloaded' && x.lo >= 0x1F000).length }));
  assert.deepEqual(fetched, { system: true, symbols: 0 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('glyphs are rasterized at the device pixel size (DPR 1 and 2)', async () => {
  const heights = {};
  for (const dpr of [1, 2]) {
    const { page, context, errors } = await openPage(env, { deviceScaleFactor: dpr });
    await waitForState(page, ready);
    await dropFiles(page, [post('sharp.md', '가나다 HHHH 가나다')]);
    const s = await waitForState(page, (x) => x.posts.some((p) => p.title === 'sharp'));
    await open(page, s.posts.find((p) => p.title === 'sharp').id);
    heights[dpr] = await page.evaluate(() => [...SheafFonts.state.rasters.values()]);
    await screenshot(page, 'fonts-sharp-dpr' + dpr);
    assert.deepEqual(errors, []);
    await context.close();
  }
  // The same glyph at the same font size: twice the pixels at DPR 2 (each
  // bitmap has a pixel of margin on every side, and its box is rounded out).
  const key = (r) => r.filter((x) => x.cp === 0xAC00).map((x) => x.size + '/' + x.density);
  const one = heights[1].find((x) => x.cp === 0xAC00 && x.density === 1);
  const two = heights[2].find((x) => x.cp === 0xAC00 && x.density === 2 && x.size === one.size);
  assert.ok(one && two, 'the same syllable was drawn at both densities: ' + key(heights[1]) + ' | ' + key(heights[2]));
  const ratio = (a, b) => (a - 2) / (b - 2);
  for (const r of [ratio(two.w, one.w), ratio(two.h, one.h)])
    assert.ok(r > 1.7 && r < 2.3, `DPR 2 bitmap ${two.w}x${two.h} is twice DPR 1 ${one.w}x${one.h} (${r.toFixed(2)})`);
});

test('a slice that cannot be fetched leaves its characters to the system fonts', async () => {
  // Blocked before the first request, with no service worker (it would answer
  // from its cache, around the route).
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  await context.route(/fonts\/hangul-400-0\./, (r) => r.abort());
  const { page, errors } = await openPage(env, { context });
  await waitForState(page, ready);
  await dropFiles(page, [post('offline-slice.md', '이 글은 자주 쓰는 글자로만 되어 있다')]);
  const s = await waitForState(page, (x) => x.posts.some((p) => p.title === 'offline-slice'));
  const st = await open(page, s.posts.find((p) => p.title === 'offline-slice').id);
  const f = await page.evaluate(() => SheafFonts.summary());
  assert.equal(f.failed.length, 1, 'the blocked slice is reported: ' + f.failed);
  assert.match(f.failed[0], /hangul-400-0\./);
  assert.equal(st.missing_glyphs, 0);
  assert.ok(await page.evaluate(() => window.__sheafFrames) > 0);
  assert.deepEqual(errors.filter((e) => !/font slice|net::ERR_FAILED/.test(e)), []);
  await context.close();
});
