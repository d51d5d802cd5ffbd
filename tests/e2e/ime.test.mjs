// Korean IME typing on the web: the built-in GLFW never sees composed text,
// so a hidden textarea (web/ime.js) takes the keyboard while the source
// editor is active. Chromium's DevTools protocol plays the IME here:
// Input.imeSetComposition shows the syllable being composed ('ㅎ' → '하' →
// '한') and Input.insertText commits it, exactly what a Korean keyboard does.
// The post's source must end up byte-exact, with nothing delivered twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, waitForState, clickCanvas, screenshot, waitFrames } from './harness.mjs';
import { openEditor, imeType } from './ime-helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

const POST = '_posts/2024-03-02-welcome-to-sheaf';
const agent = (page) => page.evaluate(() => Module.sheaf.imeAgent());

test('"한글 입력 테스트" typed through the IME lands in the source exactly once', async () => {
  const { page, context, errors, cdp, original } = await openEditor(env);
  assert.equal((await agent(page)).focused, true, 'the text agent has the keyboard');

  // Mid-composition: the syllable is a preedit, drawn by us, not yet in the source.
  await cdp.send('Input.imeSetComposition', { text: 'ㅎ', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: '하', selectionStart: 1, selectionEnd: 1 });
  let s = await waitForState(page, (x) => x.ime.preedit === '하');
  assert.equal(s.editor.text, original, 'a preedit is not text yet');
  assert.ok(s.ime.caret[2] > 0, 'the caret position reached the agent');
  await waitFrames(page, 3);
  await screenshot(page, 'ime-composing-ha');
  await cdp.send('Input.imeSetComposition', { text: '한', selectionStart: 1, selectionEnd: 1 });
  await waitForState(page, (x) => x.ime.preedit === '한');
  await cdp.send('Input.insertText', { text: '한' });
  s = await waitForState(page, (x) => x.editor.text === original + '한');
  assert.equal(s.ime.preedit, '');

  await imeType(page, cdp, '글 입력 테스트');
  s = await waitForState(page, (x) => x.editor.text.endsWith('테스트'));
  assert.equal(s.editor.text, original + '한글 입력 테스트');
  assert.equal(s.editor.dirty, true);
  const a = await agent(page);
  assert.equal(a.committed, '한글 입력 테스트', 'every character came through the agent once');
  assert.equal(a.value, '', 'the agent keeps nothing back');

  // One more composition left open, for a look at the underlined preedit.
  await cdp.send('Input.imeSetComposition', { text: 'ㄱ', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: '구', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: '굿', selectionStart: 1, selectionEnd: 1 });
  await waitForState(page, (x) => x.ime.preedit === '굿');
  await waitFrames(page, 3);
  await screenshot(page, 'ime-composing-after-text');
  await cdp.send('Input.insertText', { text: '굿' });
  await waitForState(page, (x) => x.editor.text === original + '한글 입력 테스트굿');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a mixed sentence: Latin keys, Hangul compositions, spaces and digits', async () => {
  const { page, context, errors, cdp, original } = await openEditor(env);
  const sentence = 'Sheaf로 Markdown 글을 씁니다 2024';
  await imeType(page, cdp, sentence);
  const s = await waitForState(page, (x) => x.editor.text.endsWith('2024'));
  assert.equal(s.editor.text, original + sentence);
  await screenshot(page, 'ime-mixed-sentence');
  assert.deepEqual(errors, []);
  await context.close();
});

test('editing keys reach the editor exactly once while the agent has focus', async () => {
  const { page, context, errors, cdp, original } = await openEditor(env);
  await page.keyboard.type('abc');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Enter');
  await page.keyboard.type('xy');
  await page.keyboard.press('ArrowLeft');
  await imeType(page, cdp, '가');
  await page.keyboard.press('Tab');
  const s = await waitForState(page, (x) => x.editor.text.length > original.length + 5);
  await waitFrames(page, 3);
  const t = (await waitForState(page, (x) => x.editor)).editor.text;
  assert.equal(t, original + 'ab\nx가\ty');
  assert.equal(s.editor.active, true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Escape drops the composing syllable; a click commits it once; leaving the field drops it', async () => {
  const { page, context, errors, cdp, original } = await openEditor(env);
  await imeType(page, cdp, '가');
  // Escape during a composition: the preedit goes, the editor keeps focus.
  await cdp.send('Input.imeSetComposition', { text: 'ㄴ', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: '나', selectionStart: 1, selectionEnd: 1 });
  await waitForState(page, (x) => x.ime.preedit === '나');
  await page.keyboard.press('Escape');
  let s = await waitForState(page, (x) => x.ime.preedit === '');
  await waitFrames(page, 3);
  s = await waitForState(page, (x) => x.editor);
  assert.equal(s.editor.text, original + '가', 'the cancelled syllable is not typed');
  assert.equal(s.editor.active, true, 'Escape during a composition only cancels the composition');
  await imeType(page, cdp, '다');
  s = await waitForState(page, (x) => x.editor.text === original + '가다');

  // A click inside the editor while composing: the syllable is committed
  // where it was typed, once.
  await cdp.send('Input.imeSetComposition', { text: 'ㄹ', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: '라', selectionStart: 1, selectionEnd: 1 });
  await waitForState(page, (x) => x.ime.preedit === '라');
  const r = s.editor.rect;
  await clickCanvas(page, r[0] + 40, r[1] + 12);  // the first line of the source
  s = await waitForState(page, (x) => x.ime.preedit === '' && x.editor.text.includes('가다라'));
  await waitFrames(page, 5);
  s = await waitForState(page, (x) => x.editor);
  assert.equal(s.editor.text, original + '가다라');
  assert.equal((await agent(page)).committed, '가다라');

  // Escape outside a composition leaves the editor: the agent lets go, and a
  // composition started elsewhere never reaches the post.
  await page.keyboard.press('Escape');
  s = await waitForState(page, (x) => !x.editor.active);
  await page.waitForFunction(() => !Module.sheaf.imeAgent().focused);
  await cdp.send('Input.imeSetComposition', { text: '마', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.insertText', { text: '마' });
  await waitFrames(page, 5);
  s = await waitForState(page, (x) => x.editor);
  assert.equal(s.editor.text, original + '가다라', 'typing with no field focused changes nothing');
  assert.deepEqual(errors, []);
  await context.close();
});
