#!/usr/bin/env bash
# Desktop test: the theme persists. The real app under Xvfb switches to the
# dark theme (View > Dark theme, through the test call), writes it to its
# settings file, and the next start on the test posts is dark from the first frame.
# Usage: settings.sh SHEAF_BINARY POSTS_DIR SCREENSHOT_DIR
set -euo pipefail
app=$1 posts=$2 shots=$3
mkdir -p "$shots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
cp -r "$posts" "$work/posts"

# Runs the app until its report matches $2, then takes a screenshot to $3 (if given).
frames_sh="$(dirname "$(realpath "$0")")/lib/frames.sh"
cat > "$work/run.sh" <<'RUN'
#!/usr/bin/env bash
app=$1 folder=$2 report=$3 want=$4 shot=$5 frames_sh=$6; shift 6
source "$frames_sh"
rm -f "$report"
"$app" "$folder" --report "$report" "$@" &
pid=$!
for i in $(seq 1 300); do
  [[ -f "$report" ]] && grep -q "$want" "$report" && break
  sleep 0.1
done
grep -q "$want" "$report" 2>/dev/null || { echo "desktop: the app never reported $want" >&2; cat "$report" >&2 || true; kill $pid; exit 1; }
wait_more_frames "$report" || { kill $pid; exit 1; }
[[ -n "$shot" ]] && import -window root "$shot"
kill -TERM $pid
wait $pid
RUN
chmod +x "$work/run.sh"

# First start: light (no settings yet, no dark GTK theme), then switched to dark.
unset GTK_THEME
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh" "$app" "$work/posts" "$work/state1.json" '"dark":true' "" "$frames_sh" \
  --call "theme dark"
grep -q '"dark":false' "$work/state1.json" && { echo "desktop: report still says light" >&2; exit 1; }
grep -qx 'theme=dark' "$XDG_CONFIG_HOME/sheaf/settings" || { echo "desktop: settings file lacks theme=dark:" >&2; cat "$XDG_CONFIG_HOME/sheaf/settings" >&2; exit 1; }

# Second start: dark straight away, and the picture is dark.
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh" "$app" "$work/posts" "$work/state2.json" '"ready":true' \
  "$shots/desktop-dark.png" "$frames_sh"
grep -q '"dark":true' "$work/state2.json" || { echo "desktop: the second start is not dark" >&2; exit 1; }
mean=$(convert "$shots/desktop-dark.png" -colorspace Gray -format '%[fx:mean]' info:)
awk -v m="$mean" 'BEGIN { exit !(m < 0.35) }' || { echo "desktop: dark screenshot has mean brightness $mean" >&2; exit 1; }
echo "desktop: theme kept across starts (mean brightness $mean); screenshot $shots/desktop-dark.png"
