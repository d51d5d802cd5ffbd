// No crash loops: a post that kills the page while it is laid out is not
// opened again by the next start. The test hook crash_on_open makes the wasm
// abort in that post's layout; the reload then starts with nothing selected
// (although the URL hash still names the post) and a notice that offers its
// source and the trash. Uses the built-in sample notebook only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, reload, waitForState, settledState, clickCanvas, screenshot } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const NOTEBOOK = path.resolve(here, '../../assets/notebook');

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const call = (page, name, a1, a2) => page.evaluate(([n, x, y]) => Module.sheaf.call(n, x, y), [name, a1, a2]);
const marker = (page) => page.evaluate(() => localStorage.getItem('sheaf.opening'));
const center = ([x, y, w, h]) => [x + w / 2, y + h / 2];
const recoveryNotice = (s) => s.storage.notices.find((n) => n.text.startsWith('Sheaf closed while opening'));

test('a post that crashes its layout is not reopened; its source and the trash are offered', async () => {
  const { page, context, errors } = await openPage(env);
  let s = await waitForState(page, (x) => x.ready && x.posts.length >= 5 && x.selected && x.blocks > 0);
  // The post shown at start was drawn, so the marker is clear again.
  await page.waitForFunction(() => localStorage.getItem('sheaf.opening') === '');

  // Leaving while a post opens is no crash: a reload right after a click starts normally.
  const other = s.posts.find((p) => p.id !== s.selected).id;
  await page.evaluate((id) => Module.sheaf.select(id), other);
  await reload(page);
  s = await waitForState(page, (x) => x.ready && x.selected === other);
  assert.equal(s.recovery.crashed, '');
  assert.equal(recoveryNotice(s), undefined);

  const bad = '_posts/2024-02-20-markdown-tour';
  const badPath = bad + '.md';
  assert.notEqual(s.selected, bad, 'the target must not be the post already shown');
  await page.waitForFunction(() => localStorage.getItem('sheaf.opening') === '');
  const title = s.posts.find((p) => p.id === bad).title;

  // Arm the hook and open the post: the page dies in its layout.
  assert.equal((await call(page, 'crash_on_open', bad)).ok, true);
  assert.equal(await page.evaluate((id) => Module.sheaf.select(id), bad), true);
  await page.locator('#error').waitFor({ state: 'visible', timeout: 20000 });
  assert.match(await page.evaluate(() => window.__sheafError), /stopped/);
  assert.match(errors.join('\n'), /abort/i, 'the wasm aborted');
  assert.match(await page.locator('#error .hint').innerText(), /Reload the page/);
  assert.equal(await marker(page), badPath, 'localStorage names the post being opened');
  assert.equal(decodeURIComponent(new URL(page.url()).hash), '#/post/' + bad, 'the hash names the post');
  await screenshot(page, 'recovery-crashed');

  // Reload (same hash): the start opens nothing and says why.
  errors.length = 0;
  await reload(page);
  s = await settledState(page, (x) => x.ready && recoveryNotice(x) && recoveryNotice(x).action2_rect[2] > 0,
    { shape: (x) => recoveryNotice(x).action_rect.concat(recoveryNotice(x).action2_rect) });
  assert.equal(s.selected, '', 'nothing selected after the crash, although the hash named the post');
  assert.equal(s.blocks, 0, 'no post laid out');
  assert.equal(s.recovery.crashed, badPath);
  assert.deepEqual(s.recovery.quarantined, [badPath]);
  assert.ok(!(await page.evaluate(() => Module.sheaf.location())).includes(bad), 'the location no longer names the post');
  const n = recoveryNotice(s);
  assert.equal(n.text, `Sheaf closed while opening ‘${title}’. It was not opened again.`);
  assert.equal(n.action, 'Show source');
  assert.equal(n.action2, 'Move to trash');
  assert.equal(s.posts.find((p) => p.id === bad).problem, 2, 'the list marks the post');
  assert.equal(await marker(page), badPath, 'still marked: a reload now would recover again');
  await screenshot(page, 'recovery-notice');

  // Show source: the source alone, no preview laid out.
  await clickCanvas(page, ...center(n.action_rect));
  s = await waitForState(page, (x) => x.selected === bad && x.editor.mode === 'edit' && x.editor.rect[2] > 0);
  const bytes = fs.readFileSync(path.join(NOTEBOOK, badPath), 'utf8');
  assert.equal(s.editor.text, bytes, 'the editor shows the stored source');
  assert.equal(s.editor.preview_rect[2], 0, 'no preview drawn');
  assert.deepEqual(s.recovery.quarantined, [badPath], 'kept closed: its preview never drew');
  await screenshot(page, 'recovery-source');

  // Move to trash (the notice stayed up): gone from the list, with Undo.
  s = await settledState(page, (x) => recoveryNotice(x) && recoveryNotice(x).action2_rect[2] > 0,
    { shape: (x) => recoveryNotice(x).action2_rect });
  await clickCanvas(page, ...center(recoveryNotice(s).action2_rect));
  s = await waitForState(page, (x) => !x.posts.some((p) => p.id === bad) && x.storage.undo &&
    x.storage.notices.some((m) => m.action === 'Undo'));
  assert.equal(recoveryNotice(s), undefined, 'the recovery notice is gone');
  assert.equal(s.selected === bad, false);
  const trash = await page.evaluate(() => SheafIDB.listTrash());
  assert.deepEqual(trash.map((t) => t.file.path), [badPath]);

  // Undo brings it back, still as source only.
  const undoNotice = (x) => x.storage.notices.find((m) => m.action === 'Undo');
  s = await settledState(page, (x) => undoNotice(x) && undoNotice(x).action_rect[2] > 0,
    { shape: (x) => undoNotice(x).action_rect });
  await clickCanvas(page, ...center(undoNotice(s).action_rect));
  s = await waitForState(page, (x) => x.posts.some((p) => p.id === bad) && x.selected === bad);
  assert.equal(s.editor.mode, 'edit');
  assert.deepEqual(errors, []);
  await context.close();
});
