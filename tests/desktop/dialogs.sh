#!/usr/bin/env bash
# Desktop test: the real app's open and save dialogs under Xvfb. A fake
# `zenity` first on PATH records the arguments it gets and answers with a
# chosen path (or exit status 1, Cancel). Checks: the arguments (a Korean
# file name with a space among them), picked files and a picked folder
# (recursively) are imported, Cancel changes nothing and says nothing, an
# export is written byte for byte where the dialog said, atomically, and
# without zenity or kdialog the app falls back to ~/Downloads and says why.
# Usage: dialogs.sh SHEAF_BINARY POSTS_DIR SCREENSHOT_DIR
set -euo pipefail
app=$1 posts=$2 shots=$3

# One X server for every run below.
if [[ -z "${SHEAF_DIALOGS_IN_XVFB:-}" ]]; then
  SHEAF_DIALOGS_IN_XVFB=1 exec xvfb-run -a -s "-screen 0 1280x800x24" bash "$0" "$@"
fi

source "$(dirname "$0")/lib/frames.sh"
mkdir -p "$shots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "desktop.dialogs: $*" >&2; exit 1; }

korean="2024-05-01-한글 제목"
mkdir -p "$work/base" "$work/home/Downloads" "$work/nobin"
cp "$posts"/* "$work/base/"
printf -- '---\ntitle: "한글 제목 글"\ntags: [한글]\n---\n\n본문 첫 줄.  \r\n둘째 줄 — 바이트 그대로.\n' > "$work/base/$korean.md"
# Posts in the notebook before any import, and after the two accepted ones.
base=$(find "$work/base" -maxdepth 1 -type f | wc -l)
(( base >= 2 )) || fail "no posts in $posts"
picked=$((base + 2))

# Files to pick: one with a Korean name and a space, one English, one refused.
mkdir -p "$work/pick" "$work/pickdir/sub/deep" "$work/pickdir/.hidden"
printf -- '---\ntitle: 골라 온 글 하나\n---\n본문\n' > "$work/pick/골라 온 글.md"
printf '# Second picked note\n\ntext\n' > "$work/pick/second note.markdown"
printf 'PNG' > "$work/pick/cover.png"
printf -- '---\ntitle: 깊은 폴더의 글\n---\n깊다\n' > "$work/pickdir/sub/deep/깊은 글.md"
printf 'Top level text note\n' > "$work/pickdir/top.txt"
printf '# hidden\n' > "$work/pickdir/.hidden/secret.md"
printf 'x' > "$work/pickdir/photo.jpg"

# The fake dialog program.
mkdir -p "$work/bin"
cat > "$work/bin/zenity" <<'FAKE'
#!/usr/bin/env bash
printf '%s\0' "$@" > "$FAKE_DIALOG_DIR/argv"
[[ -f "$FAKE_DIALOG_DIR/answer" ]] && cat "$FAKE_DIALOG_DIR/answer"
exit "$(cat "$FAKE_DIALOG_DIR/rc" 2>/dev/null || echo 0)"
FAKE
chmod +x "$work/bin/zenity"

# run NAME CALL WAIT_JS [PATH] [SHOT]: a fresh copy of the notebook, the app
# with --call, until the report satisfies WAIT_JS (s = the state) or 30 s
# pass; SHOT names a screenshot taken then. The final report is left in
# $work/NAME/state.json.
run() {
  local name=$1 call=$2 wait_js=$3 path=${4:-"$work/bin:$PATH"} shot=${5:-}
  local dir="$work/$name"
  mkdir -p "$dir/fake"
  rm -rf "$dir/nb" && cp -r "$work/base" "$dir/nb"
  [[ -f "$dir/answer" ]] && mv "$dir/answer" "$dir/fake/answer"
  [[ -f "$dir/rc" ]] && mv "$dir/rc" "$dir/fake/rc"
  HOME="$work/home" PATH="$path" FAKE_DIALOG_DIR="$dir/fake" \
    "$app" "$dir/nb" --report "$dir/state.json" --call "$call" 2> "$dir/stderr" &
  local pid=$! ok=""
  for _ in $(seq 1 300); do
    if [[ -f "$dir/state.json" ]] && node -e "
      const fs = require('fs'); const s = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
      const argv = fs.existsSync(process.argv[2]) ? fs.readFileSync(process.argv[2], 'utf8').split('\0') : null;
      process.exit((${wait_js}) ? 0 : 1);" "$dir/state.json" "$dir/fake/argv" 2>/dev/null; then
      ok=1; break
    fi
    sleep 0.1
  done
  [[ -z "$ok" ]] || wait_more_frames "$dir/state.json"  # anything that would still happen (a late notice) happens now
  [[ -z "$shot" ]] || import -window root "$shots/$shot"
  kill -TERM $pid 2>/dev/null || true
  wait $pid || fail "$name: the app did not exit cleanly"
  [[ -n "$ok" ]] || { cat "$dir/stderr" >&2; [[ -f "$dir/state.json" ]] && head -c 3000 "$dir/state.json" >&2; fail "$name: timed out"; }
}

# check NAME JS: asserts on the final state (s) and the recorded argv.
check() {
  node -e "
    const fs = require('fs'); const assert = require('assert');
    const s = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
    const argv = fs.existsSync(process.argv[2]) ? fs.readFileSync(process.argv[2], 'utf8').split('\0').slice(0, -1) : null;
    const titles = s.posts.map(p => p.title), ids = s.posts.map(p => p.id);
    const notices = s.storage.notices.map(n => n.text);
    const work = process.argv[3];
    ${2}" "$work/$1/state.json" "$work/$1/fake/argv" "$work" || fail "$1: check failed"
  echo "desktop.dialogs: $1 ok"
}

# --- import files ----------------------------------------------------------------
printf '%s\n%s\n%s\n' "$work/pick/골라 온 글.md" "$work/pick/second note.markdown" "$work/pick/cover.png" \
  > "$work/answer.tmp"
mkdir -p "$work/files" && mv "$work/answer.tmp" "$work/files/answer"
run files "menu importFiles" "s.posts.length >= $picked && !s.storage.import.active"
check files "
  assert.deepStrictEqual(argv.slice(0, 4), ['--file-selection', '--multiple', '--separator=\n', '--title=Import Markdown files']);
  assert.ok(argv.some(a => a.startsWith('--file-filter=') && a.endsWith('| *.md *.markdown *.txt')), argv.join(' | '));
  assert.ok(titles.includes('골라 온 글 하나'), titles);
  assert.ok(titles.includes('Second picked note'), titles);
  assert.ok(ids.includes('골라 온 글'), ids);
  assert.strictEqual(s.posts.length, $picked);
  assert.deepStrictEqual(s.storage.import.rejected, ['cover.png: an image; open a post in Edit or Side by side and drop it there to add it to the post']);
  assert.ok(notices.some(t => t.includes('cover.png')), notices);"
cmp "$work/pick/골라 온 글.md" "$work/files/nb/골라 온 글.md" || fail "files: the imported file is not byte-identical"

# --- import a folder, recursively --------------------------------------------------
mkdir -p "$work/folder" && printf '%s\n' "$work/pickdir" > "$work/folder/answer"
run folder "menu importFolder" "s.posts.length >= $picked && !s.storage.import.active && s.storage.import.rejected.length"
check folder "
  assert.deepStrictEqual(argv, ['--file-selection', '--directory', '--title=Import a folder']);
  assert.ok(ids.includes('pickdir/sub/deep/깊은 글'), ids);
  assert.ok(ids.includes('pickdir/top'), ids);
  assert.ok(titles.includes('깊은 폴더의 글'), titles);
  assert.ok(!ids.some(i => i.includes('secret')), 'hidden folders are left out');
  assert.strictEqual(s.posts.length, $picked);
  assert.deepStrictEqual(s.storage.import.rejected, ['pickdir/photo.jpg: not a PNG, JPEG, GIF or WebP image']);"

# --- cancel: nothing changes, nothing is said --------------------------------------
mkdir -p "$work/cancel" && echo 1 > "$work/cancel/rc"
run cancel "menu importFiles" "argv !== null"
check cancel "
  assert.strictEqual(argv[0], '--file-selection');
  assert.strictEqual(s.posts.length, $base);
  assert.deepStrictEqual(notices, []);
  assert.strictEqual(s.storage.import.active, false);
  assert.strictEqual(s.storage.import.total, 0);"
[[ "$(cd "$work/base" && sha256sum -- *)" == "$(cd "$work/cancel/nb" && sha256sum -- *)" ]] || fail "cancel: files changed"

# --- save: byte-identical .md where the dialog said, over an older file ------------
mkdir -p "$work/out"
printf 'an older file that the dialog agreed to overwrite\n' > "$work/out/내 보낸 글.md"
mkdir -p "$work/save" && printf '%s\n' "$work/out/내 보낸 글.md" > "$work/save/answer"
run save "exportPost $korean" "s.storage.notices.some(n => n.text.startsWith('Exported'))"
check save "
  assert.deepStrictEqual(argv.slice(0, 4), ['--file-selection', '--save', '--confirm-overwrite', '--title=Export']);
  assert.strictEqual(argv[4], '--filename=' + work + '/home/Downloads/$korean.md');
  assert.ok(notices.includes('Exported: ' + work + '/out/내 보낸 글.md'), notices);"
cmp "$work/base/$korean.md" "$work/out/내 보낸 글.md" || fail "save: the export is not byte-identical"
[[ "$(ls -A "$work/out")" == "내 보낸 글.md" ]] || fail "save: stray files: $(ls -A "$work/out")"

# --- save cancelled: no file, no notice ---------------------------------------------
mkdir -p "$work/savecancel" && echo 1 > "$work/savecancel/rc"
run savecancel "exportZip" "argv !== null"
check savecancel "
  assert.ok(/--filename=.*\/sheaf-notebook-\d{4}-\d\d-\d\d\.zip$/.test(argv[4]), argv[4]);
  assert.deepStrictEqual(notices, []);"
[[ -z "$(ls -A "$work/home/Downloads")" ]] || fail "savecancel: something was written"

# --- no dialog program: ~/Downloads, and the notice says why -------------------------
run fallback "exportPost $korean" "s.storage.notices.length > 0" "$work/nobin"
check fallback "
  assert.ok(argv === null);
  assert.ok(notices.includes('Exported: ' + work + '/home/Downloads/$korean.md (no save dialog: install zenity or kdialog to choose where)'), notices);"
cmp "$work/base/$korean.md" "$work/home/Downloads/$korean.md" || fail "fallback: the export is not byte-identical"
run fallback_import "menu importFiles" "s.storage.notices.length > 0" "$work/nobin"
check fallback_import "
  assert.ok(notices[0].startsWith('No file dialog (install zenity or kdialog): drop Markdown files'), notices);
  assert.strictEqual(s.posts.length, $base);"
# --- the app's own dialogs in the light theme: the field and the box have a frame ---
run newpost "menu newPost" "s.storage.dialog && s.storage.dialog.kind === 'new'" "$work/bin:$PATH" desktop-dialog-new-post.png
mkdir -p "$work/clash" && printf '%s\n' "$work/base/$korean.md" > "$work/clash/answer"
run clash "menu importFiles" "s.storage.dialog && s.storage.dialog.kind === 'clash'" "$work/bin:$PATH" desktop-dialog-clash.png
check clash "assert.deepStrictEqual(s.storage.dialog.buttons, ['Replace', 'Keep both', 'Skip']);"
# Real pictures, not empty frames (look at them: the field and the box need a visible frame).
for shot in desktop-dialog-new-post.png desktop-dialog-clash.png; do
  colors=$(convert "$shots/$shot" -format %k info:)
  (( colors > 50 )) || fail "$shot has only $colors colors"
done
echo "desktop.dialogs: screenshots in $shots (desktop-dialog-new-post.png, desktop-dialog-clash.png)"
echo "desktop.dialogs: all dialog checks passed"
