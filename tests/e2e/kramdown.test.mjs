// kramdown and callouts in the preview (core/jekyll_blocks.h), on the sample
// notebook's two posts for them, at devicePixelRatio 2 in both themes: the
// minimal-mistakes notices are boxes, {:toc} is the post's headings as links
// that scroll, attribute lines are never drawn; GitHub alerts and Obsidian
// callouts are boxes with their titles. Screenshots for the README.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitForState, settledState, select, screenshot, clickCanvas } from './harness.mjs';

const NOTICES = '_posts/2024-07-02-notices-and-toc';
const ALERTS = '_posts/2024-07-03-alerts-and-callouts';

let env, page, errors;
before(async () => {
  env = await launch();
  ({ page, errors } = await openPage(env, { width: 1280, height: 800, deviceScaleFactor: 2 }));
  await settledState(page, (s) => s.ready && s.total >= 10);
});
after(async () => { await env?.close(); });

async function show(id, theme) {
  await page.evaluate((t) => Module.sheaf.call('theme', t), theme);
  assert.equal(await select(page, id), true, `select ${id}`);
  return settledState(page, (s) => s.selected === id && s.blocks > 0 && s.view && s.dark === (theme === 'dark'));
}

// Find in the preview: waits until the count for `q` is `want` (the count is
// made on the next frame). Each check for 0 follows one for more, so a count
// left from the previous query cannot pass it.
async function found(q, want) {
  await page.evaluate((x) => Module.sheaf.find(x), q);
  const s = await waitForState(page, (x) => x.view && x.view.find.query === q && x.view.find.count === want, { timeout: 5000 })
    .catch(async () => { const x = await page.evaluate(() => Module.sheaf.state()); throw new Error(`find "${q}": ${x.view.find.count}, wanted ${want}`); });
  await page.keyboard.press('Escape');
  await waitForState(page, (x) => !x.view.find.open);
  return s.view.find.count;
}

for (const theme of ['light', 'dark']) {
  test(`notices and {:toc} (${theme}): boxes, the outline as links, no attribute text`, async () => {
    const s = await show(NOTICES, theme);
    assert.equal(s.missing_glyphs, 0);
    // Six notices and the markdown="1" one are boxes, at least those on screen.
    assert.ok(s.view.callouts >= 7, `callout boxes: ${s.view.callouts}`);
    // The outline's links are drawn where "* ... {:toc}" was written.
    const toc = s.view.links.filter((l) => l.href.startsWith('#'));
    assert.deepEqual(toc.map((l) => decodeURIComponent(l.href)).slice(0, 2), ['#알림-상자-notices', '#여러-문단을-담은-상자']);
    assert.equal(toc.some((l) => decodeURIComponent(l.href) === '#목차'), false, 'the no_toc heading is left out');
    // No attribute line and no list marker text is drawn.
    await found('notice--', 1);  // only the inline code that names the class
    await found('{:', 0);
    await found('markdown="1"', 1);  // the inline code, not the <div> line
    await found('목차로 바뀝니다', 0);
    await screenshot(page, `kramdown-notices-${theme}-dpr2`);
    // A click on an outline entry scrolls to its heading.
    const last = toc.find((l) => decodeURIComponent(l.href) === '#마치며');
    assert.ok(last, 'the last heading is in the outline');
    await clickCanvas(page, (last.x0 + last.x1) / 2, (last.y0 + last.y1) / 2);
    const after = await waitForState(page, (x) => x.view.scroll_y > s.view.scroll_y + 100);
    assert.ok(after.view.scroll_y > 0);
    assert.deepEqual(errors, []);
  });

  test(`GitHub alerts and Obsidian callouts (${theme}): boxes with titles, no markers`, async () => {
    const s = await show(ALERTS, theme);
    assert.equal(s.missing_glyphs, 0);
    assert.ok(s.view.callouts >= 5, `callout boxes: ${s.view.callouts}`);
    // The marker lines are gone; the text after them is there.
    await found('Useful information', 1);
    await found('[!NOTE]', 0);
    await found('Can it fold?', 1);  // an Obsidian title line
    await found('[!faq]-', 0);
    await found('with a title', 0);  // not a word of the post: makes the next count fresh
    await found('제목이', 1);  // [!info]'s title, drawn
    await found('[!faq]', 0);
    await found('Important', 1);  // the title line (the marker "[!IMPORTANT]" is gone)
    await screenshot(page, `kramdown-alerts-${theme}-dpr2`);
    assert.deepEqual(errors, []);
  });
}
