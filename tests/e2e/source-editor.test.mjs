// The source editor's writing surface in the browser: the Korean IME failure
// matrix (a syllable in composition is committed exactly once by every key
// and action that can end it), list continuation, soft wrap following a
// window resize, a click in the preview moving the caret, and find/replace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, waitForState, clickCanvas, screenshot, waitFrames, state } from './harness.mjs';
import { openEditor, imeType } from './ime-helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const count = (s, sub) => s.split(sub).length - 1;

// Starts "한" (ㅎ, 하, 한) and waits until the editor shows it as a preedit.
async function compose(page, cdp) {
  for (const t of ['ㅎ', '하', '한']) await cdp.send('Input.imeSetComposition', { text: t, selectionStart: 1, selectionEnd: 1 });
  await waitForState(page, (x) => x.ime.preedit === '한');
}

// A fresh paragraph at the end of the post, so Enter is a plain line break.
async function freshLine(page, cdp) {
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await imeType(page, cdp, '줄');
  await waitFrames(page, 3);
  return (await state(page)).editor.text;
}

test('IME matrix: Enter, Space, Tab, an arrow, Shift+Enter, Backspace, Ctrl+S and a mode change each commit the syllable once', async () => {
  const { page, context, errors, cdp } = await openEditor(env);
  const cases = [
    { key: 'Enter', after: '\n' },
    { key: 'Shift+Enter', after: '\n' },
    { key: ' ', after: ' ' },
    { key: 'Tab', after: '\t' },
    { key: 'ArrowLeft', after: '', caretBack: 3 },
  ];
  for (const c of cases) {
    const before = await freshLine(page, cdp);
    await compose(page, cdp);
    await page.keyboard.press(c.key);
    const s = await waitForState(page, (x) => x.ime.preedit === '' && x.editor.text !== before);
    await waitFrames(page, 4);
    const t = (await state(page)).editor;
    assert.equal(t.text, before + '한' + c.after, `${c.key} during a composition`);
    assert.equal(count(t.text, '한'), count(before, '한') + 1, `${c.key}: the syllable once`);
    const expectCaret = Buffer.byteLength(before + '한' + c.after) - (c.caretBack || 0);
    assert.equal(t.caret_offset, expectCaret, `${c.key}: the caret after the key's own action`);
    assert.equal(s.editor.active, true);
  }

  // Backspace is the IME's: it takes the final consonant off (한 -> 하), and
  // the syllable left is committed once.
  let before = await freshLine(page, cdp);
  await compose(page, cdp);
  await cdp.send('Input.imeSetComposition', { text: '하', selectionStart: 1, selectionEnd: 1 });
  await waitForState(page, (x) => x.ime.preedit === '하');
  await cdp.send('Input.insertText', { text: '하' });
  let s = await waitForState(page, (x) => x.ime.preedit === '' && x.editor.text !== before);
  await waitFrames(page, 3);
  assert.equal((await state(page)).editor.text, before + '하');

  // Ctrl+S during a composition: the syllable is in the saved text.
  before = await freshLine(page, cdp);
  await compose(page, cdp);
  await page.keyboard.press('Control+S');
  s = await waitForState(page, (x) => x.ime.preedit === '' && x.editor.text === before + '한' && !x.editor.dirty);
  assert.equal(count(s.editor.text, '한'), count(before, '한') + 1);

  // A change of mode (Ctrl+E) during a composition.
  before = await freshLine(page, cdp);
  await compose(page, cdp);
  await page.keyboard.press('Control+E');
  s = await waitForState(page, (x) => x.editor.mode === 'split' && x.ime.preedit === '');
  await waitFrames(page, 4);
  assert.equal((await state(page)).editor.text, before + '한');
  await screenshot(page, 'source-editor-ime-matrix');
  assert.deepEqual(errors, []);
  await context.close();
});

test('mid-composition the syllable is drawn inline at the caret, inside the wrapped line', async () => {
  const { page, context, errors, cdp } = await openEditor(env);
  await freshLine(page, cdp);
  await compose(page, cdp);
  await waitFrames(page, 3);
  const s = await state(page);
  // The agent sits at the caret, which is after the preedit on the last visual line.
  const last = s.editor.lines[s.editor.lines.length - 1];
  assert.ok(s.ime.caret[1] >= last.rect[1] - 1 && s.ime.caret[1] <= last.rect[1] + last.rect[3], 'the candidate window opens at the line');
  assert.ok(s.editor.caret[0] > last.rect[0], 'the caret moved past the preedit');
  await screenshot(page, 'source-editor-mid-composition');
  await cdp.send('Input.insertText', { text: '한' });
  await waitForState(page, (x) => x.ime.preedit === '');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Enter continues a Korean list item and ends the list on an empty one; Tab nests it', async () => {
  const { page, context, errors, cdp } = await openEditor(env);
  const before = await freshLine(page, cdp);
  await page.keyboard.press('Enter');
  await page.keyboard.type('- ');
  await imeType(page, cdp, '사과');
  await page.keyboard.press('Enter');
  await imeType(page, cdp, '배');
  await page.keyboard.press('Tab');
  let s = await waitForState(page, (x) => x.editor.text === before + '\n- 사과\n  - 배');
  await page.keyboard.press('Enter');
  s = await waitForState(page, (x) => x.editor.text === before + '\n- 사과\n  - 배\n  - ');
  await page.keyboard.press('Enter');  // on the empty item: it goes, the list ends
  s = await waitForState(page, (x) => x.editor.text === before + '\n- 사과\n  - 배\n  ');
  // Each aid is one undo step.
  await page.keyboard.press('Control+Z');
  s = await waitForState(page, (x) => x.editor.text === before + '\n- 사과\n  - 배\n  - ');
  assert.deepEqual(errors, []);
  await context.close();
});

test('soft wrap follows the window: a narrower window wraps the same paragraph into more visual lines', async () => {
  const { page, context, errors, cdp } = await openEditor(env);
  const long = '한국어 문장은 띄어쓰기에서 줄이 바뀌어야 한다 '.repeat(12);
  await page.keyboard.press('Enter');
  await imeType(page, cdp, long.slice(0, 60));
  await page.keyboard.type(' ');
  await waitFrames(page, 3);
  const linesOf = (s) => {
    const caret = s.editor.caret_offset;
    const start = Buffer.byteLength(s.editor.text.slice(0, s.editor.text.lastIndexOf('\n') + 1));
    return s.editor.lines.filter((l) => l.begin >= start && l.end <= caret + 1);
  };
  let s = await state(page);
  const wide = linesOf(s).length;
  await page.setViewportSize({ width: 700, height: 800 });
  s = await waitForState(page, (x) => x.editor.rect[2] < 500 && linesOf(x).length > wide);
  for (const l of s.editor.lines) assert.ok(l.rect[0] + l.rect[2] <= s.editor.rect[0] + s.editor.rect[2] + 1, 'no line past the pane');
  await screenshot(page, 'source-editor-narrow');
  // View > Wrap off: one visual line per source line.
  await page.evaluate(() => Module.sheaf.call('editor_wrap', 'off'));
  s = await waitForState(page, (x) => !x.editor.wrap && linesOf(x).length === 1);
  await page.evaluate(() => Module.sheaf.call('editor_wrap', 'on'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('side by side, a click in the preview puts the source caret at that spot', async () => {
  const { page, context, errors } = await openEditor(env, { mode: 'split' });
  await page.keyboard.press('Control+Home');
  let s = await waitForState(page, (x) => x.editor.caret_offset === 0);
  const p = s.editor.preview_rect;
  const click = async (fy) => {
    const prev = (await state(page)).editor.caret_offset;
    await clickCanvas(page, p[0] + p[2] * 0.4, p[1] + p[3] * fy);
    return (await waitForState(page, (x) => x.editor.caret_offset !== prev && x.editor.active)).editor.caret_offset;
  };
  const upper = await click(0.45);
  const lower = await click(0.8);
  assert.ok(upper > 0 && lower > upper, `lower in the preview is later in the source (${upper} < ${lower})`);
  const again = await click(0.45);
  assert.equal(again, upper, 'the same spot gives the same place');
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

test('find and replace in the source: Ctrl+F counts, regex replace-all is one undo step', async () => {
  const { page, context, errors, cdp } = await openEditor(env);
  const before = await freshLine(page, cdp);
  await page.keyboard.press('Enter');
  await page.keyboard.type('item 1, item 2, item 3');
  // Every typed character in the text before Ctrl+F (on a loaded machine the
  // last ones could still be on their way, and the count would stop short).
  const typed = (await waitForState(page, (x) => x.editor.text.endsWith('item 1, item 2, item 3'))).editor.text;
  await page.keyboard.press('Control+F');
  await page.evaluate(() => Module.sheaf.call('editor_find', 'item (\\d)', 'r'));
  let s = await waitForState(page, (x) => x.editor.find.open && x.editor.find.count === 3);
  await screenshot(page, 'source-editor-find');
  await page.evaluate(() => Module.sheaf.call('editor_replace_all', '항목 $1'));
  s = await waitForState(page, (x) => x.editor.text.endsWith('항목 1, 항목 2, 항목 3'));
  assert.equal(s.editor.text, before + '\n항목 1, 항목 2, 항목 3');
  await page.evaluate(() => Module.sheaf.call('editor_select', '0', '0'));
  await waitFrames(page, 3);
  await page.keyboard.press('Control+Z');
  s = await waitForState(page, (x) => x.editor.text === typed);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a key held down while frames go by types once, and each of the browser\'s repeats types once', async () => {
  const { page, context, errors, cdp } = await openEditor(env);
  const before = await freshLine(page, cdp);
  // Held past ImGui's own repeat delay (0.275 s): a keyup that arrives late
  // (a loaded page) must not become extra newlines.
  await page.keyboard.down('Enter');
  await waitForState(page, (x) => x.editor.text === before + '\n');
  const t0 = Date.now();
  await waitFrames(page, 20);
  await waitForState(page, () => Date.now() - t0 >= 600);
  await page.keyboard.up('Enter');
  await waitFrames(page, 4);
  let s = await state(page);
  assert.equal(s.editor.text, before + '\n', 'one newline for one press held 0.6 s');
  // Keydowns with the key already down are the browser's repeats: a press and
  // two repeats, frames apart as the browser's repeat rate is (a repeat that
  // comes before the last one was taken is dropped, not piled up).
  const expected = (before + '\n').slice(0, -3);
  await page.keyboard.down('Backspace');
  await waitFrames(page, 3);
  await page.keyboard.down('Backspace');
  await waitFrames(page, 3);
  await page.keyboard.down('Backspace');
  await waitFrames(page, 3);
  await page.keyboard.up('Backspace');
  await waitForState(page, (x) => x.editor.text.length <= expected.length);
  await waitFrames(page, 4);
  s = await state(page);
  assert.equal(s.editor.text, expected, 'a press and two repeats delete three characters');
  assert.deepEqual(errors, []);
  await context.close();
});
