#!/usr/bin/env bash
# Desktop test: an installed app stands on its own. The build tree is
# installed into a temporary prefix (cmake --install): bin/sheaf and
# bin/sheaf-cli (which must run), the sample notebook, the menu entry
# share/applications/sheaf.desktop (checked with desktop-file-validate when
# desktop-file-utils is installed) and the icon in the hicolor theme
# (scalable SVG, 512 and 192 pixel PNGs). Then the prefix is moved
# somewhere else and the source tree's assets are ruled out
# (SHEAF_NO_SOURCE_ASSETS=1). Started with no folder, PREFIX/bin/sheaf must
# find PREFIX/share/sheaf/assets from its own location and show the sample
# notebook under Xvfb: every post listed, one selected, no glyph missing
# (the Hangul and emoji fonts were loaded).
# Usage: install.sh SHEAF_BINARY [POSTS_DIR SCREENSHOT_DIR] (POSTS_DIR is not used)
set -euo pipefail
app=$1 shots=${3:-}
fail() { echo "desktop install: $*" >&2; exit 1; }

# The build tree is the nearest folder above the binary with a CMakeCache.txt.
build=$(dirname "$(readlink -f "$app")")
until [[ -f "$build/CMakeCache.txt" ]]; do
  [[ "$build" == / ]] && fail "no CMake build tree above $app"
  build=$(dirname "$build")
done
src=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/data"
export SHEAF_NO_SOURCE_ASSETS=1
unset SHEAF_ASSETS_DIR

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "cmake --install failed"; }
[[ -x "$work/prefix/bin/sheaf" ]] || fail "no bin/sheaf in the prefix"
[[ -d "$work/prefix/share/sheaf/assets/notebook/_posts" ]] || fail "no share/sheaf/assets/notebook in the prefix"

# The command-line tool runs from the prefix, on a post of the sample notebook.
[[ -x "$work/prefix/bin/sheaf-cli" ]] || fail "no bin/sheaf-cli in the prefix"
"$work/prefix/bin/sheaf-cli" --help >"$work/cli-help.txt" 2>&1 || { cat "$work/cli-help.txt" >&2; fail "sheaf-cli --help failed"; }
grep -q '^usage: sheaf-cli' "$work/cli-help.txt" || fail "sheaf-cli --help printed no usage"
sample_post=$(find "$work/prefix/share/sheaf/assets/notebook/_posts" -name '*.md' | sort | head -n 1)
"$work/prefix/bin/sheaf-cli" inspect "$sample_post" >"$work/inspect.json" || fail "sheaf-cli inspect $sample_post failed"
node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const d = Array.isArray(j) ? j[0] : j;
  if (!d || !d.title) { console.error("no title in", JSON.stringify(j).slice(0, 300)); process.exit(1); }' "$work/inspect.json" \
  || fail "sheaf-cli inspect gave no title for $sample_post"

# The menu entry: what a desktop needs to list Sheaf and open Markdown files with it.
entry="$work/prefix/share/applications/sheaf.desktop"
[[ -f "$entry" ]] || fail "no share/applications/sheaf.desktop in the prefix"
for line in 'Type=Application' 'Name=Sheaf' 'Exec=sheaf %f' 'Icon=sheaf' 'Categories=Office;TextEditor;' 'MimeType=text/markdown;'; do
  grep -qxF "$line" "$entry" || fail "sheaf.desktop lacks the line $line"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$entry" >"$work/validate.txt" 2>&1 || { cat "$work/validate.txt" >&2; fail "sheaf.desktop does not validate"; }
  if grep -q 'error:' "$work/validate.txt"; then cat "$work/validate.txt" >&2; fail "sheaf.desktop has errors"; fi
  validated=", sheaf.desktop validates"
else
  validated=" (desktop-file-validate not installed: sheaf.desktop checked by its lines only)"
fi
# The icon, as the hicolor theme looks it up by the entry's Icon=sheaf.
icons="$work/prefix/share/icons/hicolor"
grep -q '<svg' "$icons/scalable/apps/sheaf.svg" 2>/dev/null || fail "no scalable/apps/sheaf.svg icon"
for size in 512 192; do
  png="$icons/${size}x${size}/apps/sheaf.png"
  [[ -f "$png" ]] || fail "no ${size}x${size}/apps/sheaf.png icon"
  got=$(identify -format '%wx%h' "$png") || fail "$png is not an image"
  [[ "$got" == "${size}x${size}" ]] || fail "$png is $got, not ${size}x${size}"
done
echo "desktop install: bin/sheaf-cli runs, menu entry and icons in place$validated"
# Moved after installing: nothing may depend on the prefix's first place.
mv "$work/prefix" "$work/moved"
installed="$work/moved"

where=$("$installed/bin/sheaf" --assets-dir) || fail "the installed app finds no assets"
[[ "$where" == "$installed/share/sheaf/assets" ]] || fail "the installed app reads its assets from $where"
if [[ -n "$src" && "$where" == "$src"* ]]; then fail "the installed app reads the source tree ($where)"; fi

# The same binary alone in a folder finds nothing (the source tree is ruled
# out), unless the configured install prefix really has the assets.
prefix_assets=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build/CMakeCache.txt")/share/sheaf/assets
if [[ ! -d "$prefix_assets/notebook" ]]; then
  mkdir -p "$work/lonely" && cp "$installed/bin/sheaf" "$work/lonely/sheaf"
  if out=$("$work/lonely/sheaf" --assets-dir); then fail "a lone binary still found assets at $out"; fi
  "$work/lonely/sheaf" >/dev/null 2>"$work/lonely.err" && fail "a lone binary started without a notebook"
  grep -q "sample notebook was not found" "$work/lonely.err" || { cat "$work/lonely.err" >&2; fail "a lone binary gave no clear message"; }
fi

# Runs the installed app (no folder) until its report says ready, then stops it.
cat > "$work/run.sh" <<'RUN'
#!/usr/bin/env bash
app=$1 report=$2 shot=$3 frames_sh=$4
source "$frames_sh"
"$app" --report "$report" &
pid=$!
for i in $(seq 1 300); do
  [[ -f "$report" ]] && grep -q '"ready":true' "$report" && grep -q '"selected":"[^"]' "$report" && break
  kill -0 $pid 2>/dev/null || break
  sleep 0.1
done
wait_more_frames "$report" || true  # a missing report fails below, with its own message
[[ -n "$shot" ]] && import -window root "$shot"
kill -TERM $pid 2>/dev/null
wait $pid
RUN
chmod +x "$work/run.sh"
shot=""
[[ -n "$shots" ]] && mkdir -p "$shots" && shot="$shots/desktop-installed.png"
report="$work/state.json"
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh" "$installed/bin/sheaf" "$report" "$shot" \
  "$(dirname "$(realpath "$0")")/lib/frames.sh" \
  || { cat "$report" >&2 2>/dev/null || true; fail "the installed app did not run to the end"; }

[[ -f "$report" ]] || fail "the installed app wrote no report"
grep -q '"ready":true' "$report" || { cat "$report" >&2; fail "the sample notebook never loaded"; }
posts=$(find "$installed/share/sheaf/assets/notebook" -name '*.md' | wc -l)
total=$(grep -o '"total":[0-9]*' "$report" | head -n 1 | cut -d: -f2)
[[ "$total" == "$posts" ]] || { cat "$report" >&2; fail "the report lists ${total:-no} posts, the installed notebook has $posts"; }
grep -q '"selected":"[^"]' "$report" || { cat "$report" >&2; fail "no post is shown"; }
grep -q '"missing_glyphs":0[,}]' "$report" || { cat "$report" >&2; fail "glyphs are missing: fonts not loaded"; }
echo "desktop install: $installed/bin/sheaf read $where: $total posts, none missing a glyph${shot:+; screenshot $shot}"
