#!/usr/bin/env bash
# Desktop test: no crash loop. The real app under Xvfb is told (test hook)
# to abort while laying out one post, then opens it and dies. The next start
# finds the "opening" marker in its settings file: nothing is selected, and a
# notice names the post with "Show source" and "Move to trash". Until the post
# is dealt with, every start recovers the same way; a click on it shows its
# source only.
# Usage: recovery.sh SHEAF_BINARY [POSTS_DIR SCREENSHOT_DIR] (only the binary is used)
set -euo pipefail
app=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
settings="$XDG_CONFIG_HOME/sheaf/settings"
ulimit -c 0  # the abort is expected: no core file

# A notebook of our own: three posts, the middle one is the "bad" one.
mkdir -p "$work/notes/_posts"
printf -- '---\ntitle: Alpha\ndate: 2024-01-01\n---\nFirst post.\n' > "$work/notes/_posts/2024-01-01-alpha.md"
printf -- '---\ntitle: Boom\ndate: 2024-01-02\n---\nThis one crashes the layout (test hook).\n' > "$work/notes/_posts/2024-01-02-boom.md"
printf -- '---\ntitle: Gamma\ndate: 2024-01-03\n---\nThird post.\n' > "$work/notes/_posts/2024-01-03-gamma.md"
bad_id=_posts/2024-01-02-boom
bad_path=$bad_id.md

fail() { echo "desktop recovery: $*" >&2; exit 1; }

# Runs the app until its report contains $3 (a fixed string), then stops it with SIGTERM.
cat > "$work/run.sh" <<'RUN'
#!/usr/bin/env bash
app=$1 report=$2 want=$3; shift 3
rm -f "$report"
"$app" "$@" --report "$report" &
pid=$!
for i in $(seq 1 300); do
  [[ -f "$report" ]] && grep -qF -- "$want" "$report" && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
grep -qF -- "$want" "$report" 2>/dev/null || { echo "desktop recovery: the app never reported $want" >&2; cat "$report" >&2 || true; kill $pid 2>/dev/null; exit 1; }
kill -TERM $pid
wait $pid
RUN
chmod +x "$work/run.sh"
xvfb() { xvfb-run -a -s "-screen 0 1280x800x24" "$@"; }

# 1. Arm the hook, open the post: the process aborts (SIGABRT: 134) while laying it out.
set +e
xvfb timeout 60 "$app" "$work/notes" --call "crash_on_open $bad_id" --call "select $bad_id" 2> "$work/run1.err"
rc=$?
set -e
[[ $rc -eq 134 ]] || { cat "$work/run1.err" >&2; fail "the first run should abort (exit 134), got $rc"; }
grep -q "crash_on_open test hook" "$work/run1.err" || fail "the abort did not come from the test hook"
grep -qxF "opening=$bad_path" "$settings" || { cat "$settings" >&2; fail "the settings file does not name the post being opened"; }

# 2. Start again: recovery state. Nothing selected, the notice names the post, both actions.
xvfb "$work/run.sh" "$app" "$work/state2.json" '"crashed":"'"$bad_path"'"' "$work/notes"
s2=$(cat "$work/state2.json")
grep -qF '"selected":""' <<<"$s2" || fail "the recovery start selected a post: $(grep -o '"selected":"[^"]*"' <<<"$s2")"
grep -qF '"text":"Sheaf closed while opening ‘Boom’. It was not opened again."' <<<"$s2" || fail "no recovery notice naming Boom"
grep -qF '"action":"Show source"' <<<"$s2" || fail "the notice lacks Show source"
grep -qF '"action2":"Move to trash"' <<<"$s2" || fail "the notice lacks Move to trash"
grep -qF '"quarantined":["'"$bad_path"'"]' <<<"$s2" || fail "the post is not kept closed for the session"

# 3. Nothing was done about the post, so a clean exit keeps it marked and the
#    next start recovers again. Opening it now (a click) shows its source only.
grep -qxF "opening=$bad_path" "$settings" || { cat "$settings" >&2; fail "a clean exit forgot the crashed post"; }
xvfb "$work/run.sh" "$app" "$work/state3.json" '"selected":"'"$bad_id"'"' "$work/notes" --call "select $bad_id"
s3=$(cat "$work/state3.json")
grep -qF '"crashed":"'"$bad_path"'"' <<<"$s3" || fail "the third start did not recover again"
grep -qF '"mode":"edit"' <<<"$s3" || fail "the crashed post did not open as source only"
grep -qF '"preview_rect":[0,0,0,0]' <<<"$s3" || fail "a preview was drawn for the crashed post: $(grep -o '"preview_rect":[^]]*]' <<<"$s3")"
echo "desktop recovery: aborted on $bad_path; restarts keep it closed with the notice up; a click shows its source only"
