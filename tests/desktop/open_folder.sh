#!/usr/bin/env bash
# Desktop test: the real app under Xvfb opens a folder of posts, lists every
# post with the title the titles file names, is captured in a screenshot, and
# exits cleanly on SIGTERM without touching a file. ctest runs it on the test
# posts (desktop.open_folder) and on the seed corpus (seeds.desktop).
# Usage: open_folder.sh SHEAF_BINARY POSTS_DIR SCREENSHOT_DIR [TITLES_FILE]
# TITLES_FILE: one expected title per line, one line per post (default:
# tests/data/titles.txt, the titles of tests/data/posts).
set -euo pipefail
app=$1 posts=$2 shots=$3
titles=${4:-"$(dirname "$(realpath "$0")")/../data/titles.txt"}
mkdir -p "$shots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report="$work/state.json"
export XDG_CONFIG_HOME="$work/config"  # the app keeps its theme and zoom here, not in the real home

# Copy the posts: the app must not change them, and we check that afterwards.
cp -r "$posts" "$work/posts"
before=$(cd "$work/posts" && sha256sum -- *)

frames_sh="$(dirname "$(realpath "$0")")/lib/frames.sh"
cat > "$work/run.sh" <<RUN
#!/usr/bin/env bash
source "$frames_sh"
"$app" "$work/posts" --report "$report" &
pid=\$!
for i in \$(seq 1 200); do [[ -f "$report" ]] && break; sleep 0.1; done
[[ -f "$report" ]] || { echo "desktop: the app never reported ready" >&2; kill \$pid; exit 1; }
wait_more_frames "$report" || { kill \$pid; exit 1; }
import -window root "$shots/desktop-open-folder.png"
kill -TERM \$pid
wait \$pid
RUN
chmod +x "$work/run.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh"
echo "desktop: app exited cleanly"

# Every post is listed with its title (the one without front matter takes its first heading).
node -e '
const fs = require("fs");
const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const want = fs.readFileSync(process.argv[2], "utf8").split("\n").filter((t) => t !== "");
const files = Number(process.argv[3]);
const titles = s.posts.map(p => p.title);
if (want.length !== files) { console.error(`the titles file names ${want.length} posts, the folder has ${files}`); process.exit(1); }
for (const t of want) if (!titles.includes(t)) { console.error("missing title:", t, "\nlisted:", titles); process.exit(1); }
if (s.posts.length !== files) { console.error("expected", files, "posts, got", s.posts.length); process.exit(1); }
if (!s.ready || !s.selected) { console.error("no post selected:", s); process.exit(1); }
if (!(s.blocks > 0)) { console.error("selected post rendered no blocks:", s); process.exit(1); }
console.log("desktop: listed", titles.length, "posts; selected", s.selected, "with", s.blocks, "blocks");
' "$report" "$titles" "$(find "$work/posts" -maxdepth 1 -type f | wc -l)"

after=$(cd "$work/posts" && sha256sum -- *)
[[ "$before" == "$after" ]] || { echo "desktop: the app modified the posts" >&2; exit 1; }
# The screenshot is a real picture, not an empty frame.
colors=$(convert "$shots/desktop-open-folder.png" -format %k info:)
(( colors > 50 )) || { echo "desktop: screenshot has only $colors colors" >&2; exit 1; }
echo "desktop: screenshot $shots/desktop-open-folder.png ($colors colors)"
