// Helpers for driving the source editor and a simulated Korean IME (CDP
// Input.imeSetComposition / Input.insertText) in end-to-end tests.
import assert from 'node:assert/strict';
import { openPage, waitForState, select, waitFrames } from './harness.mjs';

const POST = '_posts/2024-03-02-welcome-to-sheaf';
const loaded = (s) => s.ready && s.total >= 8;

// Compatibility jamo for the 19 initial consonants, in Unicode syllable order.
const INITIALS = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
// What a 2-set Korean keyboard shows while composing one syllable:
// '한' → ['ㅎ', '하', '한'].
export function compositionSteps(syllable) {
  const code = syllable.codePointAt(0) - 0xac00;
  if (code < 0 || code > 11171) return [syllable];
  const l = Math.floor(code / 588), v = Math.floor((code % 588) / 28), t = code % 28;
  const steps = [INITIALS[l], String.fromCodePoint(0xac00 + (l * 21 + v) * 28)];
  if (t) steps.push(syllable);
  return steps;
}

// Types `text`: Hangul syllables through IME composition (each committed with
// insertText), everything else as real key presses.
export async function imeType(page, cdp, text) {
  for (const ch of text) {
    const steps = compositionSteps(ch);
    if (steps.length === 1) {
      await page.keyboard.type(ch);
      continue;
    }
    for (const s of steps)
      await cdp.send('Input.imeSetComposition', { text: s, selectionStart: s.length, selectionEnd: s.length });
    await cdp.send('Input.insertText', { text: ch });
  }
  await waitFrames(page, 3);
}

const sourceText = async (page) => (await waitForState(page, (s) => s.editor)).editor.text;

// Opens the welcome post in the editor with the caret at the end of the text.
export async function openEditor(env, { mode = 'edit', post = POST } = {}) {
  const { page, context, errors } = await openPage(env);
  await waitForState(page, loaded);
  assert.equal(await select(page, post), true);
  await waitForState(page, (s) => s.selected === post);
  await page.keyboard.press('Control+E');
  if (mode === 'split') await page.keyboard.press('Control+E');
  await waitForState(page, (s) => s.editor.mode === mode && s.editor.active);
  await page.waitForFunction(() => Module.sheaf.imeAgent() && Module.sheaf.imeAgent().focused);
  await page.keyboard.press('Control+End');
  await waitFrames(page, 3);
  const cdp = await context.newCDPSession(page);
  const original = await sourceText(page);
  return { page, context, errors, cdp, original };
}

