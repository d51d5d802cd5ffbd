// Bulk tag and category edits on the real page, driven with the mouse on the
// canvas: right-click a tag or category in the sidebar, pick Rename / Merge /
// Delete, type the name (Korean through the IME text agent), check the
// preview, apply. Only the edited key's lines may change in any post; one
// Undo puts every byte back; the result is saved to IndexedDB and survives a
// reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, reload, waitForState, settledState, clickCanvas, screenshot, waitFrames } from './harness.mjs';
import { imeType } from './ime-helpers.mjs';

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

// Tall enough for every tag row of the sample notebook's sidebar.
const TALL = 1000;
const loaded = (s) => s.ready && s.total === 14;
const control = (s, name) => s.controls.find((c) => c.name === name && c.rect[2] > 0);
const bulkControl = (s, name) => s.bulk.open && (s.bulk.controls || []).find((c) => c.name === name && c.rect[2] > 0);
const center = (c) => [c.rect[0] + c.rect[2] / 2, c.rect[1] + c.rect[3] / 2];
const saved = (s) => s.storage.unsaved.length === 0 && s.storage.saving === 0;

// Every post's text in memory, by path.
function texts(page) {
  return page.evaluate(() => {
    const out = {};
    for (const p of Module.sheaf.state().posts) {
      const r = Module.sheaf.call('text', p.id);
      out[r.path] = r.text;
    }
    return out;
  });
}

// The lines that differ between two texts: the common first and last lines
// are cut off; what is left on each side is returned with where it starts.
function changedLines(a, b) {
  const x = a.split('\n'), y = b.split('\n');
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  return { at: head, before: x.slice(head, x.length - tail), after: y.slice(head, y.length - tail) };
}

// Asserts that exactly the posts in `expected` changed, each only by the
// given lines (all inside its front matter), and nothing else moved a byte.
function assertOnlyLines(beforeTexts, afterTexts, expected) {
  assert.deepEqual(Object.keys(afterTexts).sort(), Object.keys(beforeTexts).sort());
  for (const [path, text] of Object.entries(beforeTexts)) {
    if (!(path in expected)) {
      assert.equal(afterTexts[path], text, `${path} is untouched`);
      continue;
    }
    const d = changedLines(text, afterTexts[path]);
    assert.deepEqual({ before: d.before, after: d.after }, expected[path], `${path}: only the key's lines change`);
    const fmEnd = text.split('\n').indexOf('---', 1);  // every post edited here has YAML front matter
    assert.ok(d.at > 0 && d.at + d.before.length <= fmEnd, `${path}: the change is inside the front matter`);
  }
}

// Right-clicks a facet row and picks a context menu item.
async function openFromMenu(page, row, item) {
  const s = await settledState(page, (x) => loaded(x) && control(x, row));
  await clickCanvas(page, ...center(control(s, row)), { button: 'right' });
  const m = await waitForState(page, (x) => control(x, 'menu:' + item));
  await clickCanvas(page, ...center(control(m, 'menu:' + item)));
  return waitForState(page, (x) => x.bulk.open && x.bulk.action === item && bulkControl(x, 'apply'));
}

async function waitAgentFocus(page) {
  await page.waitForFunction(() => Module.sheaf.imeAgent() && Module.sheaf.imeAgent().focused);
}

test('rename "markdown" to "마크다운" through the IME: preview, only the tags lines change, Undo restores every byte', async () => {
  const { page, context, errors } = await openPage(env, { height: TALL });
  await settledState(page, (x) => loaded(x) && control(x, 'tag:markdown'));
  const original = await texts(page);
  assert.equal(Object.keys(original).length, 14);

  let s = await openFromMenu(page, 'tag:markdown', 'rename');
  assert.equal(s.bulk.kind, 'tag');
  assert.equal(s.bulk.from, 'markdown');
  // The field starts with the current name, selected: typing replaces it.
  assert.match(s.bulk.problem, /current name/);
  await waitAgentFocus(page);
  const cdp = await context.newCDPSession(page);
  await imeType(page, cdp, '마크다운');
  s = await waitForState(page, (x) => x.bulk.to === '마크다운' && x.bulk.planned);
  assert.equal(s.bulk.problem, '');
  assert.equal(s.bulk.description, "rename tag 'markdown' to '마크다운' in 2 posts");
  assert.equal(s.bulk.count, 2);
  assert.deepEqual(s.bulk.paths.sort(), ['_posts/2024-02-20-markdown-tour.md', '_posts/2024-03-02-welcome-to-sheaf.md']);
  assert.deepEqual(s.bulk.errors, []);
  await waitFrames(page, 3);
  await screenshot(page, 'bulk-rename');

  await clickCanvas(page, ...center(bulkControl(s, 'apply')));
  s = await waitForState(page, (x) => !x.bulk.open && !x.bulk.running && x.bulk.written === 2);
  const renamed = await texts(page);
  assertOnlyLines(original, renamed, {
    '_posts/2024-02-20-markdown-tour.md': { before: ['  - markdown'], after: ['  - 마크다운'] },
    '_posts/2024-03-02-welcome-to-sheaf.md': {
      before: ['tags: [sheaf, 시작하기, markdown]'], after: ['tags: [sheaf, 시작하기, 마크다운]'],
    },
  });
  // The tag list follows: the new name with the old count, the old name gone.
  s = await settledState(page, (x) => control(x, 'tag:마크다운'));
  assert.equal(control(s, 'tag:마크다운').count, 2);
  assert.equal(control(s, 'tag:markdown'), undefined);
  const notice = s.storage.notices.find((n) => n.action === 'Undo');
  assert.equal(notice.text, "Renamed tag 'markdown' to '마크다운' in 2 posts.");
  await waitForState(page, saved);

  // One click on Undo: every post byte-identical to before, in memory and, after a reload, in IndexedDB.
  await clickCanvas(page, ...center({ rect: notice.action_rect }));
  s = await waitForState(page, (x) => !x.bulk.can_undo && !x.bulk.running && /^Undone/.test(x.bulk.result));
  assert.deepEqual(await texts(page), original);
  s = await settledState(page, (x) => control(x, 'tag:markdown'));
  assert.equal(control(s, 'tag:markdown').count, 2);
  await waitForState(page, saved);
  await reload(page);
  await settledState(page, (x) => loaded(x) && control(x, 'tag:markdown'));
  assert.deepEqual(await texts(page), original);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a rename is saved to IndexedDB and survives a reload', async () => {
  const { page, context, errors } = await openPage(env, { height: TALL });
  await settledState(page, loaded);
  const original = await texts(page);
  let s = await openFromMenu(page, 'tag:programming', 'rename');
  await waitAgentFocus(page);
  await page.keyboard.type('coding', { delay: 10 });
  s = await waitForState(page, (x) => x.bulk.to === 'coding' && x.bulk.planned);
  assert.equal(s.bulk.description, "rename tag 'programming' to 'coding' in 1 post");
  await page.keyboard.press('Enter');  // Enter applies
  await waitForState(page, (x) => !x.bulk.open && x.bulk.written === 1);
  const expected = {
    '_posts/2023-11-05-english-reading-notes.md': {
      before: ['tags: reading notes programming'], after: ['tags: reading notes coding'],
    },
  };
  assertOnlyLines(original, await texts(page), expected);
  await waitForState(page, saved);

  await reload(page);
  s = await settledState(page, (x) => loaded(x) && control(x, 'tag:coding'));
  assertOnlyLines(original, await texts(page), expected);
  assert.equal(control(s, 'tag:coding').count, 1);
  assert.equal(control(s, 'tag:programming'), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test('delete a tag: Escape cancels, Enter deletes, only its list line goes', async () => {
  const { page, context, errors } = await openPage(env, { height: TALL });
  await settledState(page, loaded);
  const original = await texts(page);

  let s = await openFromMenu(page, 'tag:emoji', 'delete');
  assert.equal(s.bulk.description, "delete tag 'emoji' in 1 post");
  await page.keyboard.press('Escape');
  await waitForState(page, (x) => !x.bulk.open);
  assert.deepEqual(await texts(page), original, 'cancel changes nothing');

  s = await openFromMenu(page, 'tag:emoji', 'delete');
  await waitFrames(page, 2);
  await page.keyboard.press('Enter');
  await waitForState(page, (x) => !x.bulk.open && x.bulk.written === 1);
  assertOnlyLines(original, await texts(page), {
    '_posts/2023-01-15-deep-nesting-and-emoji.md': { before: ['  - emoji'], after: [] },
  });
  s = await settledState(page, (x) => !control(x, 'tag:emoji'));
  assert.ok(s.storage.notices.some((n) => n.text === "Deleted tag 'emoji' from 1 post." && n.action === 'Undo'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('merge a category into another: completion; the TOML and JSON posts are reported and left alone', async () => {
  const { page, context, errors } = await openPage(env, { height: TALL });
  let s = await settledState(page, loaded);
  const original = await texts(page);
  // Fold the tags away so the category list is in view, then open it.
  await clickCanvas(page, ...center(control(s, 'header:tags')));
  s = await settledState(page, (x) => control(x, 'header:categories'));
  await clickCanvas(page, ...center(control(s, 'header:categories')));
  s = await settledState(page, (x) => control(x, 'cat:reference'));
  assert.equal(control(s, 'cat:reference').count, 3);

  s = await openFromMenu(page, 'cat:reference', 'merge');
  assert.equal(s.bulk.kind, 'category');
  assert.equal(s.bulk.problem, 'Type the new name.');
  await waitAgentFocus(page);
  await page.keyboard.type('gu', { delay: 10 });
  s = await waitForState(page, (x) => bulkControl(x, 'suggest:guide'));
  await screenshot(page, 'bulk-merge');
  await clickCanvas(page, ...center(bulkControl(s, 'suggest:guide')));
  s = await waitForState(page, (x) => x.bulk.to === 'guide' && x.bulk.planned);
  assert.equal(s.bulk.description, "merge category 'reference' into 'guide' in 1 post");
  assert.deepEqual(s.bulk.errors.map((e) => e.split(':')[0]).sort(),
    ['_posts/2024-05-10-hugo-toml-example.md', '_posts/2024-06-01-json-front-matter.md']);

  await clickCanvas(page, ...center(bulkControl(s, 'apply')));
  await waitForState(page, (x) => !x.bulk.open && x.bulk.written === 1);
  // The post that had both keeps one; the TOML and JSON posts are untouched.
  assertOnlyLines(original, await texts(page), {
    '_posts/2024-02-20-markdown-tour.md': { before: ['  - reference'], after: [] },
  });
  s = await settledState(page, (x) => control(x, 'cat:reference'));
  assert.equal(control(s, 'cat:reference').count, 2);
  assert.equal(control(s, 'cat:guide').count, 2);
  assert.deepEqual(errors, []);
  await context.close();
});
