#!/usr/bin/env bash
# Desktop test: the open folder is live. With the real app under Xvfb, other
# programs change the notebook and nobody asks for a rescan (no --call
# rescan): `sed -i` on the selected post brings its new title, tags and text
# to the list, the facets and the open post; a new file in a new folder is
# listed; a deleted one leaves the list. Then the post gets unsaved edits in
# the app and sed changes its file again: the app asks ("Changed outside
# Sheaf", a dialog of kind conflict), the file keeps sed's bytes and the edit
# stays in memory. Screenshots of the refreshed post and of the dialog.
# Usage: live_folder.sh SHEAF_BINARY POSTS_DIR SCREENSHOT_DIR (the posts are unused)
set -euo pipefail
app=$1 shots=$3
mkdir -p "$shots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
nb="$work/notebook"
mkdir -p "$nb/_posts"
printf -- '---\ntitle: 봄 편지\ndate: 2026-03-01\ntags: [계절, 편지]\n---\n벚꽃이 피었습니다.\n' > "$nb/_posts/2026-03-01-봄.md"
printf -- '---\ntitle: 여름 이야기\ndate: 2026-07-01\ntags: [계절]\n---\n바다에 갔습니다.\n\n파도가 높았습니다.\n' > "$nb/_posts/2026-07-01-여름.md"
printf -- '---\ntitle: 가을 산책\ndate: 2026-10-01\ntags: [산책]\n---\n낙엽을 밟았습니다.\n' > "$nb/_posts/2026-10-01-가을.md"

lib="$(dirname "$(realpath "$0")")/lib"
export app nb shots lib work
cat > "$work/run.sh" <<'RUN'
#!/usr/bin/env bash
set -euo pipefail
source "$lib/frames.sh"
source "$lib/report.sh"
id=_posts/2026-07-01-여름
file="$nb/$id.md"
pid=
fail() { echo "desktop live: $*" >&2; [[ -f ${report:-} ]] && cat "$report" | head -c 3000 >&2; [[ -n $pid ]] && kill $pid 2>/dev/null; exit 1; }
stop() { kill -TERM $pid; wait $pid || fail "the app exited with $?"; pid=; }

# 1. Clean post: it follows its file.
report="$work/state1.json"
"$app" "$nb" --report "$report" --call "select $id" 2>"$work/run1.log" &
pid=$!
wait_report "$report" "s.ready && s.selected === '$id' && s.posts.length === 3" || fail "the notebook did not open on $id"

sed -i -e 's/^title: 여름 이야기$/title: 한여름 밤의 이야기/' -e 's/^tags: \[계절\]$/tags: [계절, 바다]/' \
  -e 's/바다에 갔습니다/밤바다를 걸었습니다/' "$file"
export FILE="$file"
wait_report "$report" "s.selected_title === '한여름 밤의 이야기' && s.editor.text === require('fs').readFileSync(process.env.FILE, 'utf8')" \
  || fail "the selected post did not follow sed"
wait_report "$report" "s.posts.find(p => p.id === '$id').tags.includes('바다') && s.view && s.blocks > 0" \
  || fail "the list did not get the new tag"
wait_report "$report" "s.controls.some(c => c.name === 'tag:바다' && c.count === 1)" 5 || fail "no facet for the new tag"
report_eval "$report" "!s.editor.dirty && s.storage.dialog === null && s.storage.unsaved.length === 0" \
  || fail "following the file left the post dirty or asked"
(( $(report_value "$report" s.storage.rescans) >= 1 )) || fail "no rescan counted"
wait_more_frames "$report"
import -window root "$shots/desktop-live-followed.png"

mkdir -p "$nb/_posts/2026/12"
printf -- '---\ntitle: 겨울 준비\ndate: 2026-12-01\ntags: [계절]\n---\n김장을 했습니다.\n' > "$nb/_posts/2026/12/2026-12-01-겨울.md"
wait_report "$report" "s.posts.some(p => p.title === '겨울 준비') && s.posts.length === 4" || fail "the new file was not listed"
# A second file in the folder made while the app watched: its watch works too.
printf -- '---\ntitle: 눈 오는 날\ndate: 2026-12-02\n---\n첫눈.\n' > "$nb/_posts/2026/12/2026-12-02-눈.md"
wait_report "$report" "s.posts.some(p => p.title === '눈 오는 날') && s.posts.length === 5" || fail "a file in the new folder was not listed"
rm "$nb/_posts/2026-10-01-가을.md"
wait_report "$report" "!s.posts.some(p => p.title === '가을 산책') && s.posts.length === 4" || fail "the deleted file is still listed"
# The facets count what is on disk now: 산책 went with its only post, 계절 has 겨울 준비.
wait_report "$report" "!s.controls.some(c => c.name === 'tag:산책') && s.controls.some(c => c.name === 'tag:계절' && c.count === 3)" 5 \
  || fail "the tag facets do not match the folder"
report_eval "$report" "s.selected === '$id' && s.storage.dialog === null" || fail "the selection moved or a dialog came up"
# One rescan per change (four), perhaps one for the window's focus: the
# app's own reading of the folder does not set off more.
rescans=$(report_value "$report" s.storage.rescans)
(( rescans >= 4 && rescans <= 6 )) || fail "$rescans rescans for 4 changes"
echo "desktop live: followed sed (title, tag, text), listed 2 new files, dropped 1 deleted; $rescans rescans"
stop

# 2. Post with unsaved edits: the app asks, nothing is overwritten.
report="$work/state2.json"
export EDIT=$'---\ntitle: 한여름 밤의 이야기\ndate: 2026-07-01\ntags: [계절, 바다]\n---\n내가 고친 문장입니다.\n'
"$app" "$nb" --report "$report" --call "autosaveDelay 600000" --call "select $id" --call "setText $id"$'\t'"$EDIT" 2>"$work/run2.log" &
pid=$!
wait_report "$report" "s.selected === '$id' && s.editor.dirty && s.storage.unsaved.some(u => u.path === '$id.md')" \
  || fail "the edit did not make the post unsaved"
sed -i 's/^title: 한여름 밤의 이야기$/title: 다른 편집기가 고친 제목/' "$file"
sed_sum=$(sha256sum < "$file")
wait_report "$report" "s.storage.dialog && s.storage.dialog.kind === 'conflict' && s.storage.dialog.title === 'Changed outside Sheaf'" \
  || fail "no conflict dialog"
report_eval "$report" "s.editor.text === process.env.EDIT && s.editor.dirty" || fail "the edit in memory was lost"
report_eval "$report" "s.storage.unsaved.some(u => u.path === '$id.md' && u.conflict)" || fail "the unsaved post is not marked as in conflict"
[[ $(sha256sum < "$file") == "$sed_sum" ]] || fail "the file on disk is not sed's any more"
echo "desktop live: conflict dialog: $(report_value "$report" s.storage.dialog.message)"
wait_more_frames "$report"
import -window root "$shots/desktop-live-conflict.png"
stop
[[ $(sha256sum < "$file") == "$sed_sum" ]] || fail "quitting wrote over sed's bytes"
grep -q '다른 편집기가 고친 제목' "$file" || fail "sed's title is gone from the file"
RUN
chmod +x "$work/run.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh"
for png in desktop-live-followed desktop-live-conflict; do
  colors=$(convert "$shots/$png.png" -format %k info:)
  (( colors > 50 )) || { echo "desktop live: $png.png has only $colors colors" >&2; exit 1; }
done
echo "desktop live: screenshots $shots/desktop-live-followed.png, $shots/desktop-live-conflict.png"
