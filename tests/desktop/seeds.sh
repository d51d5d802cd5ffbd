#!/usr/bin/env bash
# Desktop test: the real app under Xvfb opens the seed corpus, shows every
# seed's title, is captured in a screenshot, and exits cleanly on SIGTERM.
# Usage: seeds.sh SHEAF_BINARY SEEDS_DIR SCREENSHOT_DIR
set -euo pipefail
app=$1 seeds=$2 shots=$3
mkdir -p "$shots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report="$work/state.json"
export XDG_CONFIG_HOME="$work/config"  # the app keeps its theme and zoom here, not in the real home

# Copy the seeds: the app must not change them, and we check that afterwards.
cp -r "$seeds" "$work/seeds"
before=$(cd "$work/seeds" && sha256sum * )

cat > "$work/run.sh" <<RUN
#!/usr/bin/env bash
"$app" "$work/seeds" --report "$report" &
pid=\$!
for i in \$(seq 1 200); do [[ -f "$report" ]] && break; sleep 0.1; done
[[ -f "$report" ]] || { echo "desktop: the app never reported ready" >&2; kill \$pid; exit 1; }
sleep 0.5
import -window root "$shots/desktop-seeds.png"
kill -TERM \$pid
wait \$pid
RUN
chmod +x "$work/run.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh"
echo "desktop: app exited cleanly"

# Every seed is listed with its title (the one without front matter takes its first heading).
node -e '
const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const titles = s.posts.map(p => p.title);
const want = ["[AITech] 20220223 - 회고", "[부스트캠프 AI Tech 3기] 5주차 정리 & 회고", "오늘까지 마무리 할 일",
              "[AI Tech] 부스트캠프 AI Tech 6기 두런두런 후기", "[boostcourse] Day5 학습기록_minibatch28"];
for (const t of want) if (!titles.includes(t)) { console.error("missing title:", t, "\nlisted:", titles); process.exit(1); }
if (s.posts.length !== 5) { console.error("expected 5 posts, got", s.posts.length); process.exit(1); }
if (!s.ready || !s.selected) { console.error("no post selected:", s); process.exit(1); }
if (!(s.blocks > 0)) { console.error("selected post rendered no blocks:", s); process.exit(1); }
console.log("desktop: listed", titles.length, "posts; selected", s.selected, "with", s.blocks, "blocks");
' "$report"

after=$(cd "$work/seeds" && sha256sum *)
[[ "$before" == "$after" ]] || { echo "desktop: the app modified seed files" >&2; exit 1; }
# The screenshot is a real picture, not an empty frame.
colors=$(convert "$shots/desktop-seeds.png" -format %k info:)
(( colors > 50 )) || { echo "desktop: screenshot has only $colors colors" >&2; exit 1; }
echo "desktop: screenshot $shots/desktop-seeds.png ($colors colors)"
