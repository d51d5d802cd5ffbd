#!/usr/bin/env bash
# Desktop test: recent folders, switching notebooks and the window's place.
# The real app under Xvfb, with its settings in a temporary XDG_CONFIG_HOME:
#  1. starts on folder A (블로그) with an off-screen place saved from before:
#     the window opens inside the screen; with no dialog program File > Open
#     folder… says to start `sheaf FOLDER`; the window is moved and resized
#     (xdotool, when installed), the new place reaches the settings, and it
#     is quit with SIGTERM: A is the most recent folder;
#     then File > Open folder… with a stand-in zenity that picks B: B is shown;
#  2. starts on folder B, edits a post (autosave held off: the text is only in
#     memory) and switches to A through the bridge (switchNotebook, what File >
#     Notebooks does): B's edit is on disk, the report shows A's posts, the
#     Notebooks menu lists both with A current, the title names A. A
#     screenshot shows File > Notebooks open;
#  3. starts with no folder, a gone folder first in the list: A is reopened,
#     the gone one is dropped, and the window is where it was at the last quit;
#     a Markdown file given instead opens its notebook (the folder above
#     _posts) with that post shown; with ten recent folders, an eleventh
#     opened is first and the oldest is dropped;
#  4. (with xrdb) on a display of 192 dpi and no settings: content scale 2,
#     ImGui's sizes and fonts scaled once, the window fits the screen.
# Usage: recent_folders.sh SHEAF_BINARY [POSTS_DIR] SCREENSHOT_DIR (POSTS_DIR is not used)
set -euo pipefail
app=$1 shots=${3:-}
fail() { echo "desktop recent folders: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config"
settings="$XDG_CONFIG_HOME/sheaf/settings"
here="$(dirname "$(realpath "$0")")"

# Two notebooks of our own: A has a Korean name and two posts, B one post.
a="$work/블로그" b="$work/notes"
mkdir -p "$a/_posts" "$b/_posts"
printf -- '---\ntitle: 첫 글\ndate: 2024-05-01\ntags: [일상]\n---\n\n블로그의 첫 글입니다.\n' >"$a/_posts/2024-05-01-first.md"
printf -- '---\ntitle: 두 번째 글\ndate: 2024-05-02\n---\n\n두 번째 이야기.\n' >"$a/_posts/2024-05-02-second.md"
printf -- '---\ntitle: Shopping list\ndate: 2024-06-01\n---\n\nmilk\n' >"$b/_posts/2024-06-01-list.md"
a=$(realpath "$a") b=$(realpath "$b")
edited=$'---\ntitle: Shopping list\ndate: 2024-06-01\n---\n\nmilk\n달걀 eggs\n'
# A stand-in for zenity that picks B, and a PATH with no dialog program at all.
mkdir -p "$work/fakebin" "$work/nobin"
printf '#!/bin/sh\ncase " $* " in *" --file-selection "*"--directory "*) printf "%%s\\n" "%s"; exit 0;; esac\nexit 5\n' "$b" >"$work/fakebin/zenity"
chmod +x "$work/fakebin/zenity"
# A place saved on a monitor that is gone: far right and below the 1400x900 screen.
mkdir -p "$(dirname "$settings")"
echo "window_geometry=5000,4000,1000,700" >"$settings"

shot=""
[[ -n "$shots" ]] && mkdir -p "$shots" && shot="$shots/desktop-notebooks-menu.png"
cat >"$work/run.sh" <<'RUN'
#!/usr/bin/env bash
set -uo pipefail
app=$1 a=$2 b=$3 work=$4 shot=$5 edited=$6 frames_sh=$7
source "$frames_sh"
pid=""
# Waits (at most 30 s) until the report holds every pattern given.
wait_report() {
  local report=$1; shift
  for _ in $(seq 1 300); do
    local ok=1
    for p in "$@"; do grep -qF -- "$p" "$report" 2>/dev/null || ok=0; done
    (( ok )) && return 0
    kill -0 "$pid" 2>/dev/null || { echo "desktop: the app died" >&2; return 1; }
    sleep 0.1
  done
  echo "desktop: $report never showed: $*" >&2
  cat "$report" >&2 2>/dev/null
  return 1
}
stop() { kill -TERM "$pid"; wait "$pid"; }
window_id() {
  for _ in $(seq 1 100); do
    local w; w=$(xdotool search --pid "$pid" 2>/dev/null | head -n 1) && [[ -n "$w" ]] && { echo "$w"; return 0; }
    sleep 0.1
  done
  return 1
}

# 1. Folder A, from an off-screen place, without a dialog program; then moved and resized.
PATH="$work/nobin" "$app" "$a" --report "$work/r1.json" --call "menu openFolder" 2>"$work/run1.log" & pid=$!
wait_report "$work/r1.json" '"ready":true' '"title":"첫 글"' 'start Sheaf with the folder, sheaf FOLDER' || exit 1
cp "$work/r1.json" "$work/r1-start.json"
if command -v xdotool >/dev/null; then
  wid=$(window_id) || { echo "desktop: no window for the app" >&2; exit 1; }
  xdotool windowmove "$wid" 120 70
  xdotool windowsize "$wid" 1000 680
  wait_report "$work/r1.json" '"x":120,"y":70,"width":1000,"height":680' || exit 1
  # Saved once the move settles, not only at exit.
  for _ in $(seq 1 100); do grep -qx 'window_geometry=120,70,1000,680' "$XDG_CONFIG_HOME/sheaf/settings" && break; sleep 0.1; done
  cp "$XDG_CONFIG_HOME/sheaf/settings" "$work/settings-while-1"
fi
stop || exit 1

# 1b. File > Open folder…: the (stand-in) dialog picks B, and B is shown.
PATH="$work/fakebin:$PATH" "$app" "$a" --report "$work/r1b.json" --call "menu openFolder" 2>"$work/run1b.log" & pid=$!
wait_report "$work/r1b.json" '"ready":true' '"title":"Shopping list"' || exit 1
stop || exit 1

# 2. Folder B with an edit only in memory, then File > Notebooks > A.
"$app" "$b" --report "$work/r2.json" --call "autosaveDelay 600000" \
  --call "setText _posts/2024-06-01-list	$edited" --call "text _posts/2024-06-01-list" \
  --call "switchNotebook $a" 2>"$work/run2.log" & pid=$!
wait_report "$work/r2.json" '"ready":true' '"title":"첫 글"' '"title":"두 번째 글"' || exit 1
if [[ -n "$shot" ]] && command -v xdotool >/dev/null; then
  # File at the menu bar's left, then hover Notebooks, the menu's second item.
  x=$(grep -o '"window":{"x":[0-9-]*' "$work/r2.json" | grep -o '[0-9-]*$')
  y=$(grep -o '"window":{"x":[0-9-]*,"y":[0-9-]*' "$work/r2.json" | grep -o '[0-9-]*$')
  xdotool mousemove $((x + 24)) $((y + 12)) click 1
  wait_more_frames "$work/r2.json" 5 || exit 1
  xdotool mousemove $((x + 60)) $((y + 64))
  wait_more_frames "$work/r2.json" 5 || exit 1
  xdotool mousemove $((x + 64)) $((y + 66))
  wait_more_frames "$work/r2.json" 15 || exit 1
  import -window root "$shot"
fi
stop || exit 1
cp "$XDG_CONFIG_HOME/sheaf/settings" "$work/settings-after-2"

# 3. No folder: the most recent that still exists (a gone one is put first).
gone="$work/gone"
{ grep -v '^recent_folder' "$XDG_CONFIG_HOME/sheaf/settings"
  printf 'recent_folder.0=%s\nrecent_folder.1=%s\nrecent_folder.2=%s\n' "$gone" "$a" "$b"; } >"$work/settings-3"
mv "$work/settings-3" "$XDG_CONFIG_HOME/sheaf/settings"
"$app" --report "$work/r3.json" 2>"$work/run3.log" & pid=$!
wait_report "$work/r3.json" '"ready":true' '"title":"첫 글"' || exit 1
stop || exit 1

# 3b. A Markdown file (the desktop entry's Exec=sheaf %f): its notebook, that post shown.
"$app" "$a/_posts/2024-05-01-first.md" --report "$work/r3b.json" 2>"$work/run3b.log" & pid=$!
wait_report "$work/r3b.json" '"ready":true' '"selected":"_posts/2024-05-01-first"' || exit 1
stop || exit 1

# 3c. Ten recent folders and an eleventh opened: it is first, the oldest goes.
mkdir -p "$work/config-ten/sheaf"
for i in $(seq 0 10); do mkdir -p "$work/ten/f$i"; done
for i in $(seq 0 9); do echo "recent_folder.$i=$work/ten/f$i"; done >"$work/config-ten/sheaf/settings"
XDG_CONFIG_HOME="$work/config-ten" "$app" "$work/ten/f10" --report "$work/r3c.json" 2>"$work/run3c.log" & pid=$!
wait_report "$work/r3c.json" '"ready":true' || exit 1
stop || exit 1

# 4. HiDPI: 192 dpi, as X11 desktops say it (Xft.dpi), and no saved place.
if command -v xrdb >/dev/null; then
  echo "Xft.dpi: 192" | xrdb -nocpp -merge  # kept: the server runs with -noreset
  XDG_CONFIG_HOME="$work/config-hidpi" "$app" "$a" --report "$work/r4.json" 2>"$work/run4.log" & pid=$!
  wait_report "$work/r4.json" '"ready":true' '"title":"첫 글"' || exit 1
  if [[ -n "$shot" ]]; then wait_more_frames "$work/r4.json" 10 && import -window root "${shot%/*}/desktop-hidpi.png"; fi
  stop || exit 1
fi
RUN
chmod +x "$work/run.sh"
xvfb-run -a -s "-screen 0 1400x900x24 -noreset" "$work/run.sh" "$app" "$a" "$b" "$work" "$shot" "$edited" "$here/lib/frames.sh" \
  || { cat "$work"/run*.log >&2 2>/dev/null || true; fail "the app did not run to the end"; }

# The first start came back on screen, with the saved size.
node -e '
const w = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).window;
if (!w) { console.error("no window in the report"); process.exit(1); }
if (w.width !== 1000 || w.height !== 700) { console.error("size not restored:", w); process.exit(1); }
if (w.x < 0 || w.y < 0 || w.x + w.width > 1400 || w.y + w.height > 900) { console.error("off screen:", w); process.exit(1); }
' "$work/r1-start.json" || fail "the saved off-screen place was not brought back on screen"

# Switching: B's edit is on disk, A is shown, the menu lists both, the title names A.
[[ "$(cat "$b/_posts/2024-06-01-list.md")" == "${edited%$'\n'}" ]] || { cat "$b/_posts/2024-06-01-list.md" >&2; fail "B's edit is not on disk after the switch"; }
grep -q '"dirty":true' "$work/run2.log" || { cat "$work/run2.log" >&2; fail "the edit was saved before the switch (autosave?): nothing tested"; }
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const [a, b] = [process.argv[2], process.argv[3]];
const titles = s.posts.map((p) => p.title).sort();
if (JSON.stringify(titles) !== JSON.stringify(["두 번째 글", "첫 글"])) { console.error("posts:", titles); process.exit(1); }
const ids = s.notebooks.map((n) => n.id);
if (ids[0] !== a || ids[1] !== b) { console.error("notebooks (A then B expected):", s.notebooks); process.exit(1); }
if (!s.notebooks[0].current || s.notebooks[1].current) { console.error("A should be current:", s.notebooks); process.exit(1); }
if (s.notebooks[0].name !== "블로그") { console.error("name:", s.notebooks[0]); process.exit(1); }
if (!s.window.title.endsWith("블로그 — Sheaf")) { console.error("title:", s.window.title); process.exit(1); }
if (s.storage.unsaved.length) { console.error("unsaved after the switch:", s.storage.unsaved); process.exit(1); }
' "$work/r2.json" "$a" "$b" || fail "after the switch the report is wrong"
grep -qxF "recent_folder.0=$a" "$work/settings-after-2" || { cat "$work/settings-after-2" >&2; fail "A is not the most recent folder"; }
grep -qxF "recent_folder.1=$b" "$work/settings-after-2" || { cat "$work/settings-after-2" >&2; fail "B is not the second folder"; }

# No folder: A again, the gone folder dropped, the window where the last quit left it.
geometry=$(sed -n 's/^window_geometry=//p' "$work/settings-after-2")
[[ -n "$geometry" ]] || fail "no window_geometry in the settings"
if command -v xdotool >/dev/null; then
  [[ "$geometry" == "120,70,1000,680" ]] || fail "the moved window was saved as $geometry"
fi
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const [a, gone, geometry] = [process.argv[2], process.argv[3], process.argv[4]];
const cur = s.notebooks.find((n) => n.current);
if (!cur || cur.id !== a) { console.error("reopened:", s.notebooks); process.exit(1); }
if (s.notebooks.some((n) => n.id === gone)) { console.error("a gone folder is listed:", s.notebooks); process.exit(1); }
const w = s.window, got = [w.x, w.y, w.width, w.height].join(",");
if (got !== geometry) { console.error("window", got, "saved", geometry); process.exit(1); }
' "$work/r3.json" "$a" "$work/gone" "$geometry" || fail "the start with no folder is wrong"
grep -q "^recent_folder.*=$work/gone\$" "$settings" && fail "the gone folder is still in the settings"

# Open folder…: the message without a dialog program, the folder a dialog picked.
grep -q '"ok":false' <(grep 'menu openFolder' "$work/run1.log") || { cat "$work/run1.log" >&2; fail "Open folder… without a dialog program did not refuse"; }
grep -qF '"title":"Shopping list"' "$work/r1b.json" || fail "the folder the dialog picked is not shown"
if [[ -f "$work/settings-while-1" ]]; then
  grep -qx 'window_geometry=120,70,1000,680' "$work/settings-while-1" || { cat "$work/settings-while-1" >&2; fail "the moved window was not saved until exit"; }
fi

node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
if (!s.notebooks.find((n) => n.current && n.id === process.argv[2])) { console.error(s.notebooks); process.exit(1); }
' "$work/r3b.json" "$a" || fail "a Markdown file did not open the notebook it is in"

node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const names = s.notebooks.map((n) => n.name).join(" ");
if (names !== "f10 f0 f1 f2 f3 f4 f5 f6 f7 f8") { console.error("recent:", names); process.exit(1); }
' "$work/r3c.json" || fail "the recent list does not keep the 10 newest"
grep -q "^recent_folder.*=$work/ten/f9\$" "$work/config-ten/sheaf/settings" && fail "the eleventh folder is still in the settings"

# HiDPI: scaled once (ImGui's FramePadding is 4,3 at scale 1), fitting the screen.
hidpi=""
if [[ -f "$work/r4.json" ]]; then
  node -e '
const w = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).window;
if (w.scale !== 2 || w.font_scale_dpi !== 2) { console.error("scale:", w); process.exit(1); }
if (w.frame_padding[0] !== 8 || w.frame_padding[1] !== 6) { console.error("sizes not scaled once:", w); process.exit(1); }
if (w.width > 1400 || w.height > 900) { console.error("larger than the screen:", w); process.exit(1); }
' "$work/r4.json" || fail "the 192 dpi start is wrong"
  hidpi="; 192 dpi: scale 2"
fi

echo "desktop recent folders: A kept, B's edit saved by the switch, A reopened with no folder, window at $geometry$hidpi${shot:+; screenshots in ${shot%/*}}"
