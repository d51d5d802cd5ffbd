// The editor pane in the browser: the three modes, live preview side by
// side, undo and redo (also after switching posts and after task toggles),
// the properties form (validated date, tag chips with completion), scroll
// sync by source position, clipboard and Ctrl+S.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, reload, waitForState, settledState, select, clickCanvas, screenshot, waitFrames } from './harness.mjs';
import { openEditor, imeType } from './ime-helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const TOUR = '_posts/2024-02-20-markdown-tour';
const WELCOME = '_posts/2024-03-02-welcome-to-sheaf';
const loaded = (s) => s.ready && s.total >= 8;
const control = (s, name) => s.editor.controls.find((c) => c.name === name);
const center = (c) => [c.rect[0] + c.rect[2] / 2, c.rect[1] + c.rect[3] / 2];

test('Ctrl+E cycles preview, edit and side by side; the toolbar switches too', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, loaded);
  await select(page, WELCOME);
  let s = await waitForState(page, (x) => x.selected === WELCOME && x.editor.mode === 'preview');
  assert.equal(s.editor.text.length > 100, true);
  assert.equal(s.editor.dirty, false);
  await page.keyboard.press('Control+E');
  s = await waitForState(page, (x) => x.editor.mode === 'edit');
  await page.keyboard.press('Control+E');
  s = await waitForState(page, (x) => x.editor.mode === 'split' && x.editor.preview_rect[2] > 0 && x.editor.rect[2] > 0);
  assert.ok(s.editor.preview_rect[0] > s.editor.rect[0], 'preview on the right of the source');
  await screenshot(page, 'editor-split');
  await page.keyboard.press('Control+E');
  s = await waitForState(page, (x) => x.editor.mode === 'preview');
  await clickCanvas(page, ...center(control(s, 'mode:edit')));
  await waitForState(page, (x) => x.editor.mode === 'edit' && x.editor.active);
  assert.deepEqual(errors, []);
  await context.close();
});

test('side by side: a keystroke updates the preview live; Ctrl+Z and Ctrl+Shift+Z undo and redo', async () => {
  const { page, context, errors, cdp, original } = await openEditor(env, { mode: 'split' });
  let s = await waitForState(page, (x) => x.blocks > 0);
  const blocks = s.blocks;
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.keyboard.type('## ');
  await imeType(page, cdp, '새 제목');
  s = await waitForState(page, (x) => x.editor.text === original + '\n\n## 새 제목' && x.blocks === blocks + 1);
  assert.equal(s.editor.dirty, true);
  await screenshot(page, 'editor-live-preview');

  await page.keyboard.press('Control+Z');
  s = await waitForState(page, (x) => x.editor.text !== original + '\n\n## 새 제목');
  // Undo goes back by typing groups; keep undoing until the original is back.
  for (let i = 0; i < 5 && s.editor.text !== original; i++) {
    await page.keyboard.press('Control+Z');
    await waitFrames(page, 2);
    s = await waitForState(page, (x) => x.editor);
  }
  assert.equal(s.editor.text, original);
  // The autosave may already have stored the edit; undoing it is then a new
  // change, saved again shortly: the post ends up clean either way.
  s = await waitForState(page, (x) => !x.editor.dirty && x.editor.saving === 0, { timeout: 5000 });
  s = await waitForState(page, (x) => x.blocks === blocks);
  for (let i = 0; i < 6 && s.editor.text !== original + '\n\n## 새 제목'; i++) {
    await page.keyboard.press('Control+Shift+Z');
    await waitFrames(page, 2);
    s = await waitForState(page, (x) => x.editor);
  }
  assert.equal(s.editor.text, original + '\n\n## 새 제목');
  assert.deepEqual(errors, []);
  await context.close();
});

test('undo works after switching posts, and after toggling a task box in the preview', async () => {
  const { page, context, errors, cdp, original } = await openEditor(env);
  await imeType(page, cdp, '메모');
  await waitForState(page, (x) => x.editor.text === original + '메모');

  // Another post, in preview: click its unchecked task box.
  await page.keyboard.press('Escape');
  await select(page, TOUR);
  await page.keyboard.press('Control+E');  // edit -> side by side (task boxes are in the preview)
  // Aim only once the preview holds still: images settle (the tour's missing
  // one turns into a placeholder) and the split may reflow once.
  let s = await settledState(page,
    (x) => x.selected === TOUR && x.editor.mode === 'split' && x.editor.tasks.length >= 2 && x.view.images_loading === 0,
    { shape: (x) => [x.editor.tasks, x.editor.preview_rect] });
  const tour = s.editor.text;
  assert.match(tour, /- \[ \] 아직 남은 일/);
  const box = s.editor.tasks.find((t) => !t.checked);
  await clickCanvas(page, box.rect[0] + box.rect[2] / 2, box.rect[1] + box.rect[3] / 2);
  s = await waitForState(page, (x) => x.editor.text.includes('- [x] 아직 남은 일'));
  assert.equal(s.editor.text, tour.replace('- [ ] 아직 남은 일', '- [x] 아직 남은 일'), 'only the mark changed');
  await waitForState(page, (x) => x.editor.tasks.filter((t) => t.checked).length === 2);
  await screenshot(page, 'editor-task-toggled');
  // Undo from the preview (no text field focused).
  await clickCanvas(page, s.editor.preview_rect[0] + 20, s.editor.preview_rect[1] + s.editor.preview_rect[3] - 20);
  await page.keyboard.press('Control+Z');
  s = await waitForState(page, (x) => x.editor.text === tour);

  // Back to the first post: its typing is still undoable.
  await select(page, WELCOME);
  s = await waitForState(page, (x) => x.selected === WELCOME && x.editor.text === original + '메모');
  assert.ok(s.editor.undo_steps >= 1);
  await page.keyboard.press('Control+Z');
  await waitForState(page, (x) => x.editor.text === original);
  // The tour shows an image the sample notebook does not ship (the viewer's 404).
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

test('properties form: an invalid date is refused inline, tags are added with completion and removed', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, loaded);
  await select(page, WELCOME);
  await page.keyboard.press('Control+E');
  let s = await waitForState(page, (x) => x.editor.mode === 'edit' && control(x, 'form:date'));
  const original = s.editor.text;
  const dateLine = original.split('\n').find((l) => l.startsWith('date:'));
  assert.ok(dateLine, 'the welcome post has a date');

  // An impossible date: the error shows, nothing is written.
  await clickCanvas(page, ...center(control(s, 'form:date')));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2024-02-30');
  await page.keyboard.press('Enter');
  s = await waitForState(page, (x) => x.editor.date_error !== '');
  await screenshot(page, 'editor-date-error');
  assert.equal(s.editor.text, original);
  // A valid one replaces just the date line's value.
  await clickCanvas(page, ...center(control(s, 'form:date')));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2024-03-09');
  await page.keyboard.press('Enter');
  s = await waitForState(page, (x) => x.editor.text !== original);
  assert.equal(s.editor.date_error, '');
  const newLine = s.editor.text.split('\n').find((l) => l.startsWith('date:'));
  assert.match(newLine, /2024-03-09/);
  assert.equal(s.editor.text, original.replace(dateLine, newLine), 'only the date line changed');

  // A tag with completion: "prog" + Tab completes to a tag another post has.
  const withDate = s.editor.text;
  await clickCanvas(page, ...center(control(s, 'form:tags:add')));
  await page.keyboard.type('prog');
  await waitFrames(page, 2);
  s = await waitForState(page, (x) => x.editor.controls.some((c) => c.name.startsWith('form:tags:suggest:')));
  const suggestion = s.editor.controls.find((c) => c.name.startsWith('form:tags:suggest:')).name.slice('form:tags:suggest:'.length);
  assert.equal(suggestion, 'programming');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  // The text changes in the frame that takes the Enter; the chip is laid out from the next one.
  s = await waitForState(page, (x) => x.editor.text !== withDate);
  assert.match(s.editor.text, new RegExp('^tags:.*\\b' + suggestion + '\\b', 'm'));
  s = await waitForState(page, (x) => control(x, 'form:tags:x:' + suggestion) !== undefined);
  assert.ok(control(s, 'form:tags:x:' + suggestion), 'the new tag shows as a chip');
  await screenshot(page, 'editor-tag-added');
  // Its × removes it again: back to the text before.
  await clickCanvas(page, ...center(control(s, 'form:tags:x:' + suggestion)));
  s = await waitForState(page, (x) => x.editor.text === withDate);
  // And undo steps back through the form edits: tag added, then the date.
  await clickCanvas(page, s.editor.rect[0] + s.editor.rect[2] - 30, s.editor.rect[1] + s.editor.rect[3] - 30);
  await page.keyboard.press('Escape');
  await waitForState(page, (x) => !x.editor.active);
  await page.keyboard.press('Control+Z');
  await waitForState(page, (x) => x.editor.text !== withDate);
  await page.keyboard.press('Control+Z');
  await waitForState(page, (x) => x.editor.text === withDate);
  await page.keyboard.press('Control+Z');
  await waitForState(page, (x) => x.editor.text === original);
  // The tour shows an image the sample notebook does not ship (the viewer's 404).
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

test('clipboard: a pasted Korean paragraph lands intact; copy goes to the system clipboard', async () => {
  const { page, context, errors, original } = await openEditor(env);
  const paragraph = '\n\n붙여넣은 문단입니다. 한글과 English, 숫자 2024, 그리고 이모지 🌿까지 그대로 들어가야 합니다.\n둘째 줄도 함께.';
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, paragraph);
  let s = await waitForState(page, (x) => x.editor.text === original + paragraph);
  assert.equal((await page.evaluate(() => Module.sheaf.imeAgent())).value, '', 'the paste did not land in the agent');
  // Select the last line with Shift+Home and copy it.
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Control+C');
  await page.waitForFunction(() => Module.sheaf.clipboard() === '둘째 줄도 함께.');
  // Cut removes it and keeps it on the clipboard.
  await page.keyboard.press('Control+X');
  s = await waitForState(page, (x) => x.editor.text === original + paragraph.slice(0, -'둘째 줄도 함께.'.length));
  assert.equal(await page.evaluate(() => Module.sheaf.clipboard()), '둘째 줄도 함께.');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Ctrl+S saves: the post is clean and the text survives a reload', async () => {
  const { page, context, errors, cdp, original } = await openEditor(env);
  await imeType(page, cdp, '저장');
  let s = await waitForState(page, (x) => x.editor.text === original + '저장' && x.editor.dirty);
  await page.keyboard.press('Control+S');
  s = await waitForState(page, (x) => !x.editor.dirty && x.editor.saving === 0);
  await reload(page);
  await waitForState(page, loaded);
  await select(page, WELCOME);
  s = await waitForState(page, (x) => x.selected === WELCOME && x.editor.text === original + '저장');
  assert.equal(s.editor.dirty, false);
  assert.deepEqual(errors, []);
  await context.close();
});

test('side by side: scrolling one pane brings the same source position into the other', async () => {
  const { page, context, errors } = await openPage(env, { height: 600 });
  await waitForState(page, loaded);
  await select(page, TOUR);
  await page.keyboard.press('Control+E');
  await page.keyboard.press('Control+E');
  let s = await waitForState(page, (x) => x.selected === TOUR && x.editor.mode === 'split' && x.editor.preview_rect[2] > 0);
  const text = s.editor.text;
  // Wheel over the preview: the editor follows.
  const pr = s.editor.preview_rect;
  const box = await page.locator('#canvas').boundingBox();
  await page.mouse.move(box.x + pr[0] + pr[2] / 2, box.y + pr[1] + pr[3] / 2);
  for (let i = 0; i < 6; i++) await page.mouse.wheel(0, 200);
  s = await waitForState(page, (x) => x.editor.preview_scroll_y > 300 && x.editor.top_offset > 0);
  await waitFrames(page, 4);
  s = await waitForState(page, (x) => x.editor);
  const top = s.editor.top_offset;  // a byte offset into the UTF-8 source
  const bytes = Buffer.from(text, 'utf8');
  assert.ok(top > bytes.indexOf('\n---\n'), `past the front matter (top ${top}, preview y ${s.editor.preview_scroll_y})`);
  assert.ok(top < bytes.length, `inside the text (top ${top} of ${bytes.length})`);
  assert.ok(top === 0 || bytes[top - 1] === 0x0a, 'the top is a line start');
  await screenshot(page, 'editor-scroll-sync');

  // Wheel over the source: the preview follows back up.
  const er = s.editor.rect;
  const before = s.editor.preview_scroll_y;
  await page.mouse.move(box.x + er[0] + er[2] / 2, box.y + er[1] + er[3] / 2);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
  s = await waitForState(page, (x) => x.editor.preview_scroll_y < before - 50);
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

test('a dropped post with broken front matter shows where, opens the source there on a click, and is never rewritten', async () => {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, loaded);
  const text = '---\ntitle: "닫히지 않은 제목\ntags: [회고]\n---\n# 본문은 그대로 보입니다\n\n머리말이 깨져도 글은 읽을 수 있습니다.\n';
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], '2024-07-01-broken.md', { type: 'text/markdown' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  const id = '2024-07-01-broken';
  await waitForState(page, (x) => x.posts.some((p) => p.id.endsWith(id)));
  const post = (await settledState(page)).posts.find((p) => p.id.endsWith(id));
  await select(page, post.id);
  let s = await settledState(page, (x) => x.selected === post.id && x.view && x.view.diagnostics.length > 0 &&
                                         x.view.diagnostics[0].y1 > 0);
  const d = s.view.diagnostics[0];
  assert.equal(d.severity, 'error');
  assert.equal(d.line, 2);
  assert.equal(d.column, 8);
  assert.match(d.message, /quoted string is never closed/);
  assert.equal(s.selected_title, '본문은 그대로 보입니다', 'the body still gives the title');
  assert.equal(s.posts.find((p) => p.id === post.id).problem, 2, 'the list marks the post as broken');
  assert.equal(s.posts.find((p) => p.id === TOUR).problem, 0);
  await screenshot(page, 'viewer-diagnostic');
  await clickCanvas(page, (d.x0 + d.x1) / 2, (d.y0 + d.y1) / 2);
  s = await waitForState(page, (x) => x.editor.mode === 'split' && x.editor.active);
  assert.equal(s.editor.caret_offset, text.indexOf('"'), 'caret on the opening quote');
  assert.match(s.editor.form_locked, /line 2 .*never closed.*fix it first/, 'the form says why it takes no edits');
  await screenshot(page, 'editor-at-diagnostic');
  // Looking is not editing: the stored bytes are the dropped bytes.
  assert.equal(s.editor.text, text);
  assert.equal(s.editor.dirty, false);
  assert.deepEqual(errors, []);
  await context.close();
});
