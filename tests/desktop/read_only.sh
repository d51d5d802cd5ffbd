#!/usr/bin/env bash
# Desktop test: a post that cannot be written. Its file and its folder are
# made unwritable (chmod a-w; as root, where mode bits do not stop a write,
# chattr +i). The real app under Xvfb edits it and saves: a clear message
# names the file, the post stays in the unsaved list with its edit in memory,
# the file keeps its bytes, and the app keeps running. When this machine has
# no way to make a file unwritable (root on a filesystem without chattr) the
# test says so and is skipped (exit 77), which ctest reports as skipped.
# Usage: read_only.sh SHEAF_BINARY POSTS_DIR SCREENSHOT_DIR (the posts are unused)
set -euo pipefail
app=$1 shots=$3
mkdir -p "$shots"
work=$(mktemp -d)
nb="$work/notebook"
locked="$nb/_posts/잠긴"
unlock() { chattr -i "$locked/2026-05-05-잠긴-글.md" "$locked" 2>/dev/null || true; chmod -R u+w "$nb" 2>/dev/null || true; }
trap 'unlock; rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
mkdir -p "$locked"
post="$locked/2026-05-05-잠긴-글.md"
printf -- '---\ntitle: 잠긴 글\ndate: 2026-05-05\n---\n이 파일은 쓸 수 없습니다.\n' > "$post"
printf -- '---\ntitle: 다른 글\ndate: 2026-05-06\n---\n평범한 글입니다.\n' > "$nb/_posts/2026-05-06-다른-글.md"
before=$(sha256sum < "$post")

chmod a-w "$post" "$locked"
how="chmod a-w"
if [[ $(id -u) == 0 ]]; then
  chmod u+w "$post" "$locked"
  if chattr +i "$post" "$locked" 2>/dev/null; then
    how="chattr +i (running as root)"
  else
    echo "desktop read_only: SKIPPED: running as root and chattr +i does not work on $(df -T "$work" | awk 'NR==2{print $2}'): no way to make a file unwritable here"
    exit 77
  fi
fi
# The lock must really hold, or the test proves nothing.
if ( printf x >> "$post" ) 2>/dev/null || ( : > "$locked/probe" ) 2>/dev/null; then
  echo "desktop read_only: the file or folder is still writable after $how" >&2
  exit 1
fi

lib="$(dirname "$(realpath "$0")")/lib"
id=_posts/잠긴/2026-05-05-잠긴-글
export app nb shots lib work id
export EDIT=$'---\ntitle: 잠긴 글\ndate: 2026-05-05\n---\n고쳐 보았지만 저장할 수 없는 문장.\n'
cat > "$work/run.sh" <<'RUN'
#!/usr/bin/env bash
set -euo pipefail
source "$lib/frames.sh"
source "$lib/report.sh"
report="$work/state.json"
fail() { echo "desktop read_only: $*" >&2; [[ -f $report ]] && head -c 3000 "$report" >&2; kill $pid 2>/dev/null; exit 1; }
"$app" "$nb" --report "$report" --call "autosaveDelay 600000" --call "select $id" \
  --call "setText $id"$'\t'"$EDIT" --call "save $id" 2>"$work/run.log" &
pid=$!
wait_report "$report" "s.storage.saving === 0 && s.storage.unsaved.some(u => u.path === '$id.md' && u.error !== '')" \
  || fail "the failed save was not reported on the post"
report_eval "$report" "s.storage.last_error.includes('$id.md')" || fail "the message does not name the file"
report_eval "$report" "s.storage.notices.some(n => n.error && n.text.includes('$id.md'))" \
  || fail "no error notice on screen"
report_eval "$report" "s.selected === '$id' && s.editor.dirty && s.editor.text === process.env.EDIT" || fail "the edit is not in memory"
echo "desktop read_only: message: $(report_value "$report" s.storage.last_error)"
echo "desktop read_only: notice: $(report_value "$report" "s.storage.notices.map(n => n.text).join(' | ')")"
wait_more_frames "$report" || fail "the app stopped drawing"
kill -0 $pid || fail "the app is gone"
import -window root "$shots/desktop-read-only.png"
kill -TERM $pid
wait $pid
RUN
chmod +x "$work/run.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh"
[[ $(sha256sum < "$post") == "$before" ]] || { echo "desktop read_only: the locked file changed" >&2; exit 1; }
left=$(find "$nb" -name '.*.sheaf-*' | wc -l)
[[ $left == 0 ]] || { echo "desktop read_only: $left temporary files left" >&2; exit 1; }
echo "desktop read_only: locked with $how; the save failed with a message, the edit stayed unsaved in memory, the file kept its bytes"
