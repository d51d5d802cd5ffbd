// The first thing a user sees: the built-in sample notebook listed newest
// first, a post clicked on the canvas and rendered, and the library's search
// box, tag list and filter chips driven with the mouse and keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, reload, waitForState, settledState, clickCanvas, rowCenter, screenshot, waitFrames } from './harness.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const SAMPLE_TITLES = [
  'Sheaf에 오신 것을 환영합니다 👋', 'Markdown 문법 둘러보기', 'Reading notes: "The Pragmatic Programmer"',
  '[회고] 6주차 셋째 날', '[학습기록] Day5 미니배치', 'Hugo TOML 머리말 예제', 'JSON front matter',
  '머리말 없는 메모', '이모지와 깊은 목록 🚀', '코드 블록 강조 Code highlighting',
  'Liquid 태그가 있는 글 (Liquid tags)', '각주 쓰기 (Footnotes)',
  '알림 상자와 목차: minimal-mistakes 스타일', 'GitHub alerts and Obsidian callouts',
];
const loaded = (s) => s.ready && s.total === SAMPLE_TITLES.length;
// Tall enough that the Markdown tour's row (ninth, newest first) is on screen.
const TALL = 1000;
const control = (s, name) => s.controls.find((c) => c.name === name);
const center = (r) => [r.rect[0] + r.rect[2] / 2, r.rect[1] + r.rect[3] / 2];

test('the sample notebook is listed newest first, and a clicked post renders', async () => {
  const { page, context, errors } = await openPage(env, { height: TALL });
  const s = await settledState(page, loaded);
  assert.deepEqual([...s.posts.map((p) => p.title)].sort(), [...SAMPLE_TITLES].sort());
  // Dated posts newest first; undated ones after them.
  const dates = s.posts.map((p) => p.date).filter(Boolean);
  assert.deepEqual(dates, [...dates].sort().reverse());
  assert.equal(s.posts.findIndex((p) => !p.date) >= dates.length, true);
  assert.equal(s.posts[0].title, '각주 쓰기 (Footnotes)');  // 2024-07-05 is the newest

  // Click the Markdown tour row on the canvas.
  const tour = s.posts.find((p) => p.title === 'Markdown 문법 둘러보기');
  assert.ok(tour.rect[3] > 0, 'the row is visible');
  await clickCanvas(page, ...rowCenter(tour));
  const after = await waitForState(page, (x) => x.selected === tour.id && x.blocks > 10);
  assert.equal(after.selected_title, 'Markdown 문법 둘러보기');
  assert.equal(after.missing_glyphs, 0, 'every character has a glyph');
  assert.equal(new URL(page.url()).hash.startsWith('#/post/_posts/2024-02-20-markdown-tour'), true);
  // Move off the row so its path tooltip does not cover the picture.
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + 1000, box.y + 700);
  await waitFrames(page, 3);
  await screenshot(page, 'notebook-markdown-tour');
  assert.deepEqual(errors, []);
  await context.close();
});

test('typing in the search box filters the list live', async () => {
  const { page, context, errors } = await openPage(env);
  const s = await settledState(page, loaded);
  await clickCanvas(page, ...center(control(s, 'search')));
  await page.keyboard.type('tag:markdown', { delay: 10 });
  const f = await waitForState(page, (x) => x.query === 'tag:markdown');
  assert.deepEqual(f.posts.map((p) => p.title).sort(), ['Markdown 문법 둘러보기', 'Sheaf에 오신 것을 환영합니다 👋'].sort());
  assert.ok(control(f, 'chip:tag:markdown'), 'the filter shows as a chip');
  // A free word narrows further; a malformed query explains itself.
  await page.keyboard.type(' tour', { delay: 10 });
  const w = await waitForState(page, (x) => x.query === 'tag:markdown tour');
  assert.deepEqual(w.posts.map((p) => p.title), ['Sheaf에 오신 것을 환영합니다 👋']);  // 'tour' is in its body
  for (let i = 0; i < 5; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(' )', { delay: 10 });
  const bad = await waitForState(page, (x) => x.query === 'tag:markdown )');
  assert.match(bad.query_error, /'\)'.*column 14/, 'the error names the bad token and where it is');
  assert.equal(bad.posts.length, 0);
  await screenshot(page, 'notebook-query-error');
  assert.deepEqual(errors, []);
  await context.close();
});

test('clicking a tag filters by it, the chip removes it, and reload keeps the filter', async () => {
  const { page, context, errors } = await openPage(env);
  let s = await settledState(page, (x) => loaded(x) && control(x, 'tag:emoji'));
  await clickCanvas(page, ...center(control(s, 'tag:emoji')));
  s = await waitForState(page, (x) => x.query === 'tag:emoji');
  assert.deepEqual(s.posts.map((p) => p.title), ['이모지와 깊은 목록 🚀']);
  assert.ok(control(s, 'chip:tag:emoji'));
  assert.match(decodeURIComponent(new URL(page.url()).hash), /\?q=tag:emoji$/);
  await screenshot(page, 'notebook-tag-filter');

  // Reload: the filter is still there.
  await reload(page);
  s = await settledState(page, (x) => loaded(x) && x.query === 'tag:emoji' && x.posts.length === 1);

  // The chip's × removes the filter; Alt-click on a tag excludes it.
  await clickCanvas(page, ...center(control(s, 'chip:tag:emoji')));
  s = await settledState(page, (x) => x.query === '' && x.posts.length === SAMPLE_TITLES.length);
  const guide = control(s, 'tag:markdown');
  const box = await page.locator('#canvas').boundingBox();
  await page.keyboard.down('Alt');
  await page.mouse.click(box.x + center(guide)[0], box.y + center(guide)[1]);
  await page.keyboard.up('Alt');
  await waitFrames(page, 3);
  s = await waitForState(page, (x) => x.query === '-tag:markdown');
  assert.equal(s.posts.length, SAMPLE_TITLES.length - 2);
  assert.ok(!s.posts.some((p) => p.tags.includes('markdown')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the theme button and Ctrl+= zoom are remembered across reloads; a dark system starts dark', async () => {
  const { page, context, errors } = await openPage(env, { height: TALL });
  let s = await settledState(page, (x) => loaded(x) && control(x, 'theme-button'));
  assert.equal(s.dark, false, 'a light system starts light');
  await clickCanvas(page, ...center(control(s, 'theme-button')));
  s = await waitForState(page, (x) => x.dark === true);
  // The post pane takes the zoom keys once it has focus.
  const tour = s.posts.find((p) => p.title === 'Markdown 문법 둘러보기');
  await clickCanvas(page, ...rowCenter(tour));
  await waitForState(page, (x) => x.selected === tour.id && x.blocks > 10);
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.click(box.x + 900, box.y + 400);
  await page.keyboard.press('Control+Equal');
  s = await waitForState(page, (x) => x.zoom === 1);
  assert.equal(await page.evaluate(() => localStorage.getItem('sheaf.theme')), 'dark');
  assert.equal(await page.evaluate(() => localStorage.getItem('sheaf.zoom')), '1');

  await reload(page);
  s = await settledState(page, (x) => loaded(x) && x.selected === tour.id && x.blocks > 10);
  assert.equal(s.dark, true, 'still dark after a reload');
  assert.equal(s.zoom, 1, 'still zoomed after a reload');
  // The canvas really is dark: sample the middle of the post pane.
  const shot = await page.screenshot({ clip: { x: box.x + 1100, y: box.y + 700, width: 20, height: 20 } });
  const png = await page.evaluate(async (b64) => {
    const img = await createImageBitmap(await (await fetch('data:image/png;base64,' + b64)).blob());
    const c = new OffscreenCanvas(img.width, img.height);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    let sum = 0;
    for (let i = 0; i < d.length; i += 4) sum += (d[i] + d[i + 1] + d[i + 2]) / 3;
    return sum / (d.length / 4);
  }, shot.toString('base64'));
  assert.ok(png < 80, `post pane background brightness ${png}`);
  await screenshot(page, 'notebook-dark-zoomed');
  assert.deepEqual(errors, []);
  await context.close();

  // A fresh browser profile on a system that prefers dark starts dark.
  const darkContext = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const dark = await openPage(env, { context: darkContext });
  s = await settledState(dark.page, loaded);
  assert.equal(s.dark, true);
  await darkContext.close();
});
