// Takes the README's page screenshots (not a test): the sample notebook on its
// emoji post, the seeds in the viewer, and the source editor on the seeds at
// DPR 2, each in Edit and in Side by side, light and dark, and one
// mid-composition. Each waits until no glyph waits for its font slice.
// Usage, after the web build:
//   node tests/e2e/readme-shots.mjs [SEEDS_DIR]   -> assets/screenshots/{web-notebook,viewer-*,editor-*}.png
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, waitForState, select, waitFrames, state } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const seeds = process.argv[2] || path.join(top, '../shared/corpus/seeds');
const out = path.join(top, 'assets/screenshots');

const glyphsSettled = (page) => page.waitForFunction(() => SheafFonts.state.inflight === 0 && !SheafFonts.state.changed);
const env = await launch();

// The sample notebook as a first visit shows it, on the post with emoji.
{
  const { page, context } = await openPage(env, { width: 1280, height: 800, deviceScaleFactor: 1 });
  const s = await waitForState(page, (x) => x.ready && x.total >= 8);
  await select(page, s.posts.find((p) => p.id.includes('deep-nesting-and-emoji')).id);
  await waitFrames(page, 4);
  await glyphsSettled(page);
  await waitFrames(page, 4);
  await page.screenshot({ path: path.join(out, 'web-notebook.png') });
  console.log('wrote web-notebook.png');
  await context.close();
}

const { page, context } = await openPage(env, { width: 1200, height: 760, deviceScaleFactor: 2 });
await waitForState(page, (s) => s.ready && s.total >= 8);
const names = { '000': '2022-02-23-seed-000.md', '001': '2022-02-24-seed-001.md', '003': '2022-02-26-seed-003.md' };
const files = Object.entries(names).map(([k, name]) => {
  const f = fs.readdirSync(seeds).find((x) => x.startsWith(k + '_'));
  return { name, text: fs.readFileSync(path.join(seeds, f), 'utf8') };
});
await page.evaluate((files) => {
  const dt = new DataTransfer();
  for (const f of files) dt.items.add(new File([f.text], f.name, { type: 'text/markdown' }));
  const canvas = document.getElementById('canvas');
  canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
  canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
}, files);
await waitForState(page, (s) => Object.values(names).every((n) => s.posts.some((p) => p.id.endsWith(n.replace('.md', '')))));
const shot = async (name) => {
  await waitFrames(page, 4);
  await glyphsSettled(page);
  await waitFrames(page, 4);
  await page.screenshot({ path: path.join(out, name + '.png') });
  console.log('wrote', name + '.png');
};
const idOf = async (name) => (await state(page)).posts.find((p) => p.id.endsWith(name.replace('.md', ''))).id;
// The viewer on the seeds: emoji and TOC (000), the table in a list (001), <br> lines (003).
for (const [k, shotName] of [['000', 'viewer-seed-000'], ['001', 'viewer-seed-001-table'], ['003', 'viewer-seed-003']]) {
  const id = await idOf(names[k]);
  await select(page, id);
  await page.evaluate(() => Module.sheaf.call('editor_mode', 'preview'));
  await waitForState(page, (s) => s.selected === id && s.blocks > 0);
  await shot(shotName);
}
for (const [k, name] of Object.entries(names)) {
  if (k === '003') continue;
  const id = await idOf(name);
  await select(page, id);
  await waitForState(page, (s) => s.selected === id);
  for (const theme of ['light', 'dark']) {
    await page.evaluate((t) => Module.sheaf.call('theme', t), theme);
    for (const mode of ['edit', 'split']) {
      await page.evaluate((m) => Module.sheaf.call('editor_mode', m), mode);
      await waitForState(page, (s) => s.editor.mode === mode && s.dark === (theme === 'dark'));
      // A little way in, past the front matter, where the Korean prose is.
      await page.evaluate(() => Module.sheaf.call('editor_select', '0', '0'));
      await shot(`editor-seed-${k}-${mode}-${theme}`);
    }
  }
}
// Mid-composition: "한" being typed at the end of a Korean line of seed 000.
await page.evaluate(() => Module.sheaf.call('theme', 'light'));
const id0 = (await state(page)).posts.find((p) => p.id.endsWith('seed-000')).id;
await select(page, id0);
await page.evaluate(() => Module.sheaf.call('editor_mode', 'edit'));
await waitForState(page, (s) => s.editor.mode === 'edit' && s.editor.active && !s.dark);
const text = (await state(page)).editor.text;
const at = Buffer.byteLength(text.slice(0, text.indexOf('\n', text.indexOf('# 회고') + 1)));
await page.evaluate((at) => Module.sheaf.call('editor_select', String(at), String(at)), at);
await page.waitForFunction(() => Module.sheaf.imeAgent() && Module.sheaf.imeAgent().focused);
const cdp = await context.newCDPSession(page);
for (const t of [' ', ]) await page.keyboard.type(t);
for (const t of ['ㅎ', '하', '한']) await cdp.send('Input.imeSetComposition', { text: t, selectionStart: 1, selectionEnd: 1 });
await waitForState(page, (s) => s.ime.preedit === '한');
await shot('editor-mid-composition');
await cdp.send('Input.insertText', { text: '한' });
await env.close();
