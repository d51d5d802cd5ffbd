// Sheaf IME text agent.
//
// The built-in GLFW reads keys from window events and never sees composed
// text, so Korean (or any IME) typing cannot reach ImGui through it. While an
// ImGui text field is active, a hidden <textarea> placed at the caret holds
// the keyboard focus instead of the canvas:
//   - committed text (compositionend, or an `insertText` input outside a
//     composition) is read from the textarea, cleared, and handed to ImGui
//     with io.AddInputCharactersUTF8 — the textarea's value is the one source
//     of text, so nothing is delivered twice;
//   - the composing syllable goes to ImGui's side only as a preedit string,
//     which src/platform/web/ime.cpp draws underlined at the caret;
//   - keys still reach ImGui through GLFW's window listener, except while a
//     composition runs (the IME owns them then), and GLFW's keypress (its
//     text path) is cut off so characters do not arrive twice; the textarea's
//     own reaction to editing keys is prevented so it stays empty;
//   - a click on the canvas during a composition commits it first (before
//     the click reaches ImGui), and so does a key the IME left alone (Enter,
//     Space, Tab, an arrow, a Ctrl shortcut); Escape drops it, and losing
//     text focus drops it.
// ime.cpp calls window.sheafImeAgent(Module) once, before GLFW registers its
// listeners, so ours run first.
'use strict';
window.sheafImeAgent = function (Module) {
  const ta = document.createElement('textarea');
  ta.id = 'ime-agent';
  ta.tabIndex = -1;
  ta.autocomplete = 'off';
  ta.spellcheck = false;
  ta.setAttribute('autocorrect', 'off');
  ta.setAttribute('autocapitalize', 'off');
  ta.setAttribute('aria-label', 'Text input');
  // Invisible but focusable and laid out (a display:none element cannot take focus).
  ta.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:16px;margin:0;padding:0;border:0;' +
    'outline:none;resize:none;overflow:hidden;white-space:pre;opacity:0;color:transparent;' +
    'background:transparent;caret-color:transparent;pointer-events:none;z-index:0;font-size:16px;';
  document.body.appendChild(ta);

  const st = {
    want: false, composing: false, dropping: false, ending: false, preedit: '',
    x: 0, y: 0, h: 16,
    commits: 0, committed: '', dropped: 0,  // counters for tests
  };

  const wake = () => { if (Module.sheafWake) Module.sheafWake(); };

  function toWasm(fn, text) {
    const n = Module.lengthBytesUTF8(text) + 1;
    const p = Module._malloc(n);
    Module.stringToUTF8(text, p, n);
    fn(p, n - 1);  // the callee frees p
  }

  function setPreedit(text) {
    if (text === st.preedit) return;
    st.preedit = text;
    toWasm(Module._sheaf_ime_preedit, text);
    wake();
  }

  function send(text) {
    if (!text) return;
    st.commits++;
    st.committed += text;
    toWasm(Module._sheaf_ime_commit, text);
    wake();
  }

  // Hands over whatever the textarea holds, then empties it.
  function flush(fallback) {
    const t = ta.value || fallback || '';
    ta.value = '';
    send(t);
  }

  // Ends a running composition now: `commit` sends the preedit as text,
  // otherwise it is dropped. Blurring makes the browser finish it (Chrome
  // fires compositionend right away); if it did not, finish it here and
  // ignore a late compositionend.
  function endComposition(commit) {
    if (!st.composing || st.ending) return;
    const pre = st.preedit;
    st.dropping = !commit;
    st.ending = true;
    ta.blur();
    st.ending = false;
    if (st.composing) {
      st.composing = false;
      st.dropping = true;
      ta.value = '';
      setPreedit('');
      if (commit) send(pre);
    }
    if (st.want) ta.focus({ preventScroll: true });
  }

  ta.addEventListener('compositionstart', () => {
    st.composing = true;
    st.dropping = false;
    ta.value = '';  // anything typed before belongs to ImGui already
    setPreedit('');
  });
  ta.addEventListener('compositionupdate', (e) => setPreedit(e.data || ''));
  ta.addEventListener('compositionend', (e) => {
    const wasComposing = st.composing;
    st.composing = false;
    setPreedit('');
    if (st.dropping || !wasComposing) {
      st.dropping = false;
      ta.value = '';
      st.dropped++;
      wake();
      return;
    }
    flush(e.data);
  });
  ta.addEventListener('input', (e) => {
    if (st.composing || e.isComposing) return;  // compositionend hands it over
    if (e.inputType === 'insertText' || e.inputType === 'insertReplacementText') flush(e.data);
    else ta.value = '';  // line breaks, deletions: ImGui did those from the key itself
  });
  // The agent's blur is caught on window, in the capture phase and ahead of
  // GLFW's own blur listener, which would otherwise take it for the page
  // losing focus and release every held key (Ctrl of a Ctrl+E that ends a
  // composition). Focus that left for good (another window, devtools) drops
  // the syllable rather than typing it somewhere the user no longer looks.
  window.addEventListener('blur', (e) => {
    if (e.target !== ta) return;
    e.stopImmediatePropagation();
    if (st.composing && !st.ending) endComposition(false);
  }, true);

  // Capture listeners on window, registered before GLFW's.
  const IME_KEYS = new Set(['Process', 'Unidentified']);
  const EDIT_KEYS = new Set(['Enter', 'Tab', 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'ArrowUp',
    'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown', 'Escape']);
  const COMMIT_KEYS = new Set([...EDIT_KEYS, ' '].filter((k) => k !== 'Escape' && k !== 'Backspace'));
  window.addEventListener('keydown', (e) => {
    // Shortcuts the app owns even without a text field: keep the browser's meaning away.
    const mod = e.ctrlKey || e.metaKey;
    if (mod && !e.altKey && ['s', 'S', 'e', 'E'].includes(e.key)) e.preventDefault();
    if (e.target !== ta) return;
    if (st.composing || e.isComposing || e.keyCode === 229 || IME_KEYS.has(e.key)) {
      if (e.key === 'Escape' && st.composing) {
        e.preventDefault();
        endComposition(false);
        e.stopImmediatePropagation();
        return;
      }
      const imeOwned = e.keyCode === 229 || IME_KEYS.has(e.key);
      const modifier = ['Control', 'Meta', 'Shift', 'Alt'].includes(e.key);
      // A bare modifier types nothing, and ImGui must know it is held for the
      // shortcut that may follow (Ctrl, then E).
      if (modifier && !imeOwned) return;
      const shortcut = mod && !modifier;
      if (imeOwned || !st.composing || !(COMMIT_KEYS.has(e.key) || shortcut)) {
        e.stopImmediatePropagation();  // the IME owns the key; ImGui must not act on it too
        return;
      }
      // A key the IME did not take (Enter, Space, Tab, an arrow, Ctrl+S, Ctrl+E):
      // the syllable is committed once, then the key does its usual work after it.
      const before = st.commits;
      endComposition(true);
      if (st.commits !== before) Module._sheaf_ime_barrier();
    }
    // ImGui acts on these keys; the textarea must not (its value would come back as text).
    if (mod ? !['v', 'V', 'c', 'C', 'x', 'X'].includes(e.key) : EDIT_KEYS.has(e.key)) e.preventDefault();
  }, true);
  window.addEventListener('keypress', (e) => {
    if (e.target === ta) e.stopImmediatePropagation();  // text comes from the textarea only
  }, true);
  window.addEventListener('mousedown', (e) => {
    if (e.target !== Module.canvas || document.activeElement !== ta) return;
    e.preventDefault();  // keep the focus in the agent while ImGui wants text
    if (!st.composing) return;
    const before = st.commits;
    endComposition(true);  // the syllable goes to the field it was typed in, before the click
    if (st.commits !== before) Module._sheaf_ime_barrier();
  }, true);

  Module.sheafIme = {
    // From ime.cpp whenever ImGui's text input state or caret changes (CSS px on the canvas).
    update(want, x, y, h) {
      st.want = !!want;
      st.x = x; st.y = y; st.h = h;
      if (want) {
        const r = Module.canvas.getBoundingClientRect();
        ta.style.left = Math.round(r.left + x) + 'px';
        ta.style.top = Math.round(r.top + y) + 'px';
        ta.style.height = Math.max(8, Math.round(h)) + 'px';
        ta.style.fontSize = Math.max(8, Math.round(h * 0.8)) + 'px';
        if (document.activeElement !== ta) ta.focus({ preventScroll: true });
      } else if (document.activeElement === ta) {
        endComposition(false);
        ta.blur();
      }
    },
    state() {
      return {
        want: st.want, focused: document.activeElement === ta, composing: st.composing, preedit: st.preedit,
        x: st.x, y: st.y, h: st.h, commits: st.commits, committed: st.committed, dropped: st.dropped,
        value: ta.value,
      };
    },
    element: ta,
  };
};
