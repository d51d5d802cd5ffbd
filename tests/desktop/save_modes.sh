#!/usr/bin/env bash
# Desktop test: saves from the real app (under Xvfb) never weaken a file. A
# 0600 post stays 0600, a post that is a symbolic link inside the notebook is
# saved into its target and stays a link, and one linking out of the notebook
# is refused with a message while the app keeps running. Own posts only.
# Usage: save_modes.sh SHEAF_BINARY POSTS_DIR SCREENSHOT_DIR (the posts are unused)
set -euo pipefail
app=$1 shots=$3
mkdir -p "$shots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
nb="$work/notebook"
mkdir -p "$nb/_posts" "$nb/_drafts" "$work/outside"
printf -- '---\ntitle: 비공개 초안\n---\n본문\n' > "$nb/_posts/private.md"
chmod 600 "$nb/_posts/private.md"
printf -- '---\ntitle: 초안 원본\n---\n초안\n' > "$nb/_drafts/real.md"
ln -s ../_drafts/real.md "$nb/_posts/link.md"
printf -- '---\ntitle: 밖의 글\n---\n남의 글\n' > "$work/outside/theirs.md"
ln -s "$work/outside/theirs.md" "$nb/_posts/escape.md"
theirs=$(sha256sum < "$work/outside/theirs.md")

report="$work/state.json"
cat > "$work/run.sh" <<'RUN'
#!/usr/bin/env bash
app=$1 nb=$2 report=$3; shift 3
"$app" "$nb" --report "$report" "$@" 2>"$report.log" &
pid=$!
for i in $(seq 1 300); do
  [[ -f "$report" ]] && grep -q '"last_error":"_posts/escape.md: ' "$report" && grep -q '"saving":0' "$report" && break
  sleep 0.1
done
grep -q '"last_error":"_posts/escape.md: ' "$report" || { echo "desktop: no refusal reported" >&2; cat "$report" "$report.log" >&2; kill $pid; exit 1; }
kill -0 $pid || { echo "desktop: the app is gone" >&2; exit 1; }
kill -TERM $pid
wait $pid
RUN
chmod +x "$work/run.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh" "$app" "$nb" "$report" \
  --call $'setText _posts/private.md\t---\ntitle: 고친 비공개 초안\n---\n본문\n' --call "save _posts/private.md" \
  --call $'setText _posts/link.md\t---\ntitle: 링크로 고침\n---\n초안\n' --call "save _posts/link.md" \
  --call $'setText _posts/escape.md\t---\ntitle: 덮어쓰기\n---\n' --call "save _posts/escape.md"

fail() { echo "desktop: $*" >&2; exit 1; }
grep -q '고친 비공개 초안' "$nb/_posts/private.md" || fail "private.md not saved: $(cat "$nb/_posts/private.md")"
[[ $(stat -c %a "$nb/_posts/private.md") == 600 ]] || fail "private.md is now $(stat -c %a "$nb/_posts/private.md")"
[[ -L "$nb/_posts/link.md" ]] || fail "link.md is no longer a link"
grep -q '링크로 고침' "$nb/_drafts/real.md" || fail "the link's target did not get the edit"
[[ -L "$nb/_posts/escape.md" && $(sha256sum < "$work/outside/theirs.md") == "$theirs" ]] || fail "the outside file changed"
msg=$(grep -o '"last_error":"[^"]*"' "$report")
echo "$msg" | grep -q 'symbolic link to .*outside .*not written' || fail "unexpected message $msg"
echo "desktop: 0600 kept, inner link written through, outer link refused ($msg)"
