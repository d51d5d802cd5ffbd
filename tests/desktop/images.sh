#!/usr/bin/env bash
# Desktop test: images belong to the folder. A post's "/assets/..." image and
# a relative one are read from the folder through its storage and drawn; a
# missing one fails; an image file dropped on the open editor (the bridge's
# pasteImageFile does what a drop does) is copied to assets/img/<slug>/, its
# Markdown lands at the caret and is saved into the post's file.
# Usage: images.sh SHEAF_BINARY POSTS_DIR SCREENSHOT_DIR
set -euo pipefail
app=$1 shots=$3
mkdir -p "$shots"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
report="$work/state.json"
export XDG_CONFIG_HOME="$work/config"

site="$work/site"
mkdir -p "$site/_posts" "$site/assets/img/spring"
convert -size 90x60 xc:'#ff0000' "$site/assets/img/spring/old.png"
convert -size 80x40 xc:'#0000ff' "$site/_posts/beside.png"
convert -size 70x50 xc:'#00c000' "$work/new photo.png"
post='---
title: 봄 나들이
---

첫 문단입니다.

![](/assets/img/spring/old.png)

![](beside.png)

![](/assets/img/spring/missing.png)
'
printf '%s' "$post" > "$site/_posts/2024-04-01-spring.md"
old_sum=$(sha256sum < "$site/assets/img/spring/old.png")
caret=$(printf '%s' "${post%%첫 문단입니다.*}첫 문단입니다." | wc -c)

frames_sh="$(dirname "$(realpath "$0")")/lib/frames.sh"
cat > "$work/run.sh" <<RUN
#!/usr/bin/env bash
source "$frames_sh"
"$app" "$site" --report "$report" --call "select _posts/2024-04-01-spring" --call "editor_mode split" \
  --call "editor_select $caret" --call "pasteImageFile $work/new photo.png" --call "save" &
pid=\$!
ok=0
for i in \$(seq 1 300); do
  if [[ -f "$report" ]] && node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const imgs = (s.view && s.view.images) || [];
    const st = (u) => (imgs.find((i) => i.url === u) || {}).state;
    process.exit(s.storage.paste.last_path && !s.storage.unsaved.length && st("/assets/img/spring/old.png") === "ready" &&
      st("beside.png") === "ready" && st("/assets/img/spring/new%20photo.png") === "ready" ? 0 : 1);' "$report" 2>/dev/null; then
    ok=1; break
  fi
  sleep 0.1
done
if (( ok )); then wait_more_frames "$report" || ok=0; fi
(( ok )) && import -window root "$shots/desktop-images.png"
kill -TERM \$pid
wait \$pid || true
(( ok )) || { echo "desktop: the images never showed; last state:" >&2; head -c 3000 "$report" >&2; exit 1; }
RUN
chmod +x "$work/run.sh"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh"

node -e '
const fs = require("fs");
const s = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const imgs = s.view.images;
const missing = imgs.find((i) => i.url === "/assets/img/spring/missing.png");
if (!missing || missing.state !== "failed") { console.error("the missing image should fail:", imgs); process.exit(1); }
if (s.storage.paste.last_path !== "assets/img/spring/new photo.png") { console.error("pasted to", s.storage.paste.last_path); process.exit(1); }
console.log("desktop: images", imgs.map((i) => i.url + " " + i.state).join(", "));
' "$report"
cmp "$work/new photo.png" "$site/assets/img/spring/new photo.png"
grep -q '^첫 문단입니다.!\[\](/assets/img/spring/new%20photo.png)$' "$site/_posts/2024-04-01-spring.md" ||
  { echo "desktop: the Markdown is not at the caret in the saved file:" >&2; cat "$site/_posts/2024-04-01-spring.md" >&2; exit 1; }
[[ "$(sha256sum < "$site/assets/img/spring/old.png")" == "$old_sum" ]] || { echo "desktop: old.png was changed" >&2; exit 1; }
echo "desktop: pasted image saved beside the post; screenshot $shots/desktop-images.png"
