// Highlighted code in the browser: the sample post with code blocks, opened
// at devicePixelRatio 2 in the light and the dark theme. The preview's
// pixels hold the theme's keyword and string colours (and the dark shot none
// of the light keyword colour), and the page's HTML export carries the hl-*
// spans and their stylesheet.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, openPage, settledState, waitForState, waitFrames, select, screenshot } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const POST = '_posts/2024-07-01-code-highlighting';
const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);

// The theme's inks (src/ui/theme.cpp).
const INKS = {
  light: { keyword: [207, 34, 46], string: [10, 48, 105], comment: [100, 108, 118], name: [130, 80, 223] },
  dark: { keyword: [255, 123, 114], string: [165, 214, 255], comment: [139, 148, 158], name: [210, 168, 255] },
};

// Counts the pixels of a PNG (a Buffer) drawn in each colour over the code
// background `bg`: a glyph's edge blends the ink into the background, so a
// pixel counts when it lies near the line from bg to the ink, past its middle.
async function countColours(page, png, bg, colours) {
  return page.evaluate(async ([b64, bg, cols]) => {
    const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    const out = {};
    for (const k of Object.keys(cols)) out[k] = 0;
    for (let i = 0; i < d.length; i += 4) {
      const p = [d[i] - bg[0], d[i + 1] - bg[1], d[i + 2] - bg[2]];
      for (const [k, ink] of Object.entries(cols)) {
        const v = [ink[0] - bg[0], ink[1] - bg[1], ink[2] - bg[2]];
        const vv = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
        const t = (p[0] * v[0] + p[1] * v[1] + p[2] * v[2]) / vv;
        if (t < 0.6 || t > 1.15) continue;
        const e = [p[0] - t * v[0], p[1] - t * v[1], p[2] - t * v[2]];
        if (e[0] * e[0] + e[1] * e[1] + e[2] * e[2] < 14 * 14) out[k]++;
      }
    }
    return { ...out, width: img.width, height: img.height };
  }, [png.toString('base64'), bg, colours]);
}

// The code background of each theme (Ink::CodeBg).
const CODE_BG = { light: [242, 244, 246], dark: [22, 27, 34] };

test('code in the sample post is coloured in both themes at DPR 2', async () => {
  const { page, context, errors } = await openPage(env, { deviceScaleFactor: 2 });
  await settledState(page, (s) => s.ready && s.posts.some((p) => p.id === POST));
  await select(page, POST);
  let s = await settledState(page, (x) => x.selected === POST && x.blocks > 10 && x.view && x.view.layout_count > 0 &&
    x.editor.preview_rect[2] > 0, { shape: (x) => [x.editor.preview_rect, x.blocks] });
  assert.equal(s.missing_glyphs, 0, 'every character has a glyph');
  const box = await page.locator('#canvas').boundingBox();
  const [px, py, pw, ph] = s.editor.preview_rect;
  const clip = { x: box.x + px, y: box.y + py, width: pw, height: ph };
  const counts = {};
  for (const theme of ['light', 'dark']) {
    await call(page, 'theme', theme);
    s = await waitForState(page, (x) => x.dark === (theme === 'dark'));
    await waitFrames(page, 3);
    const file = await screenshot(page, 'highlight-' + theme + '-dpr2');
    assert.ok(fs.statSync(file).size > 10000, 'the screenshot has content');
    const png = await page.screenshot({ clip });
    counts[theme] = await countColours(page, png, CODE_BG[theme],
      { ...INKS[theme], other_keyword: INKS[theme === 'dark' ? 'light' : 'dark'].keyword });
    const c = counts[theme];
    assert.equal(c.width, Math.round(pw * 2), 'the preview was captured at DPR 2');
    // Glyph cores at DPR 2 hit the ink: a few keywords, strings, comments and names are on screen.
    // (Comments share the muted ink's grey, so they are counted, not asserted.)
    for (const k of ['keyword', 'string', 'name']) assert.ok(c[k] > 400, `${theme}: ${k} pixels ${c[k]}`);
    assert.ok(c.other_keyword < c.keyword / 10, `${theme}: the other theme's keyword colour is not drawn (${c.other_keyword})`);
  }
  console.log('highlight pixels', JSON.stringify(counts));
  await call(page, 'theme', 'light');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the HTML export of the post has hl-* spans and a light and dark stylesheet', async () => {
  const { page, context, errors } = await openPage(env);
  await settledState(page, (s) => s.ready && s.posts.some((p) => p.id === POST));
  const [download] = await Promise.all([page.waitForEvent('download'), call(page, 'exportHtml', POST)]);
  assert.equal(download.suggestedFilename(), '2024-07-01-code-highlighting.html');
  const html = fs.readFileSync(await download.path(), 'utf8');
  assert.match(html, /<pre><code class="language-python"><span class="hl-kw">from<\/span>/);
  assert.match(html, /<span class="hl-meta">@dataclass<\/span>/);
  assert.match(html, /<span class="hl-com"># 학습률 learning rate<\/span>/);
  assert.match(html, /<span class="hl-add">\+timezone: Asia\/Seoul<\/span>/);
  assert.match(html, /<code class="language-cobol">DISPLAY 'HELLO, WORLD'\./);
  assert.match(html, /\.hl-kw,\.hl-op\{color:#cf222e\}/);
  assert.match(html, /@media \(prefers-color-scheme: dark\)\{\.hl-kw,\.hl-op\{color:#ff7b72\}/);
  assert.deepEqual(errors, []);
  await context.close();
});
