// Liquid and footnotes in the browser viewer, at devicePixelRatio 2, in both
// themes: the sample notebook's Liquid post shows its tags as chips (counted
// in the picture) and its highlight block as code; the footnote post's
// references jump to the notes after the post and back. Screenshots:
// liquid-light, liquid-dark, footnotes-light, footnotes-dark, footnotes-notes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, settledState, waitForState, select, clickCanvas, screenshot } from './harness.mjs';

const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);
const LIQUID = 'Liquid 태그가 있는 글 (Liquid tags)';
const NOTES = '각주 쓰기 (Footnotes)';
const CHIP_BG = { light: 'rgb(221,235,255)', dark: 'rgb(31,58,95)' };

// Every Markdown file of the sample notebook, as the page lists them.
const SAMPLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets/notebook');
const SAMPLE_COUNT = fs.readdirSync(SAMPLE_DIR, { recursive: true }).filter((f) => /\.md$/.test(f)).length;

let env, page, context, errors;
before(async () => {
  env = await launch();
  ({ page, context, errors } = await openPage(env, { width: 1280, height: 800, deviceScaleFactor: 2 }));
  await settledState(page, (s) => s.ready && s.total === SAMPLE_COUNT);
});
after(async () => { await context?.close(); await env?.close(); });

async function show(title) {
  const s0 = await settledState(page, (s) => s.ready);
  const p = s0.posts.find((x) => x.title === title);
  assert.ok(p, `the sample notebook lists "${title}"`);
  assert.equal(await select(page, p.id), true);
  return settledState(page, (s) => s.selected === p.id && s.blocks > 0 && s.view && s.view.scroll_y === 0);
}

// Pixels of exactly `colour` in the right part of a screenshot (the post pane).
function countColour(file, colour) {
  const out = execFileSync('convert', [file, '-gravity', 'east', '-crop', '62%x100%+0+0', '+repage',
    '-fill', 'black', '+opaque', colour, '-fill', 'white', '-opaque', colour, '-format', '%[fx:mean*w*h]', 'info:']);
  return Math.round(Number(out.toString()));
}

for (const theme of ['light', 'dark']) {
  test(`the Liquid post shows chips, a code block and a link to a post_url (${theme})`, async () => {
    await call(page, 'theme', theme);
    const s = await show(LIQUID);
    assert.equal(s.view.missing_glyphs, 0, 'every glyph drawn');
    // The post_url link keeps the tag as its destination, never run.
    assert.ok(s.view.links.some((l) => l.href === '{% post_url 2022-02-23-weekly-retrospective %}'), 'post_url link');
    const shot = await screenshot(page, `liquid-${theme}`);
    const chips = countColour(shot, CHIP_BG[theme]);
    // A post without Liquid has (next to) none of that colour in the pane.
    await show('Markdown 문법 둘러보기');
    const plain = countColour(await screenshot(page, `liquid-baseline-${theme}`), CHIP_BG[theme]);
    assert.ok(chips > plain + 2000, `chip pixels ${chips} vs ${plain} without Liquid`);
  });

  test(`footnote references jump to their notes and back (${theme})`, async () => {
    await call(page, 'theme', theme);
    const s = await show(NOTES);
    assert.equal(s.view.missing_glyphs, 0);
    const refs = s.view.links.filter((l) => l.href.startsWith('#fn:'));
    assert.deepEqual(refs.map((l) => l.href), ['#fn:1', '#fn:2', '#fn:3', '#fn:1', '#fn:4', '#fn:5']);
    await screenshot(page, `footnotes-${theme}`);
    // The second note: click its reference, the view scrolls to the notes.
    const ref = refs[1];
    await clickCanvas(page, (ref.x0 + ref.x1) / 2, (ref.y0 + ref.y1) / 2);
    const down = await waitForState(page, (x) => x.view.scroll_y > 50);
    const sd = await settledState(page, (x) => x.view.scroll_y === down.view.scroll_y);
    const back = sd.view.links.find((l) => l.href === '#fnref:2');
    assert.ok(back, 'the note of [^note] is on screen with its back link');
    if (theme === 'light') await screenshot(page, 'footnotes-notes');
    await clickCanvas(page, (back.x0 + back.x1) / 2, (back.y0 + back.y1) / 2);
    await waitForState(page, (x) => x.view.scroll_y < sd.view.scroll_y);
    const up = await settledState(page);
    assert.ok(up.view.links.some((l) => l.href === '#fn:2'), 'back where the reference is');
  });
}

test('no page errors', () => {
  assert.deepEqual(errors, []);
});
