#!/usr/bin/env bash
# layers.wrong_way: each case copies src/, adds one include that crosses a
# layer the wrong way to one file, and expects the checker to fail, naming
# that file and line, the include and the rule. A last case adds an allowed
# include and expects it to pass.
# Usage: wrong_way.sh PYTHON CHECKER SRC WORKDIR
set -u
python=$1 checker=$2 src=$3 work=$4
fails=0

# case FILE INCLUDE-LINE EXPECTED-RULE-TEXT
case_wrong() {
  local file=$1 include=$2 rule=$3
  rm -rf "$work" && mkdir -p "$work" && cp -r "$src" "$work/src"
  [ -f "$work/src/$file" ] || { echo "FAIL: no $file in the copy"; fails=$((fails + 1)); return; }
  local line=$(($(wc -l < "$work/src/$file") + 1))
  printf '%s\n' "$include" >> "$work/src/$file"
  local out rc
  out=$("$python" "$checker" "$work/src" 2>&1); rc=$?
  local want="src/$file:$line: $include: $rule"
  if [ "$rc" -ne 1 ]; then
    echo "FAIL: $file + $include: exit $rc, want 1"; echo "$out"; fails=$((fails + 1))
  elif ! grep -qF -- "$want" <<<"$out"; then
    echo "FAIL: $file + $include: no line containing"; echo "  $want"; echo "got:"; echo "$out"; fails=$((fails + 1))
  elif [ "$(grep -c '^layers: src/' <<<"$out")" -ne 1 ]; then
    echo "FAIL: $file + $include: more than the one problem reported"; echo "$out"; fails=$((fails + 1))
  else
    echo "ok: $want"
  fi
}

case_wrong core/text.h '#include "ui/theme.h"' 'core must not include ui'
case_wrong core/document.cpp '#include "app/app.h"' 'core must not include app'
case_wrong core/markdown.cpp '#include "imgui.h"' 'imgui headers are not for core'
case_wrong core/library.cpp '#include <emscripten.h>' 'emscripten headers are not for core'
case_wrong core/html.cpp '#include <GLFW/glfw3.h>' 'glfw headers are not for core'
case_wrong ui/doc_view.cpp '#include "app/app.h"' 'ui must not include app'
case_wrong ui/image_cache.cpp '#include "platform/native/native_state.h"' 'ui must not include platform/native'
case_wrong ui/theme.cpp '#include <GLFW/glfw3.h>' 'glfw headers are not for ui'
case_wrong app/app_bulk.cpp '#include "platform/web/web.h"' 'app must not include platform/web'
case_wrong app/app_bulk.cpp '#include <emscripten.h>' 'emscripten headers are not for app'
case_wrong platform/web/ime.cpp '#include "ui/fonts.h"' 'platform/web must not include ui'
case_wrong platform/native/files.cpp '#include "app/app_impl.h"' 'app/app_impl.h is inside the app'
case_wrong platform/native/shell.cpp '#include "platform/web/web.h"' 'platform/native must not include platform/web'
case_wrong cli/main.cpp '#include "ui/layout.h"' 'cli must not include ui'
case_wrong cli/main.cpp '#include "imgui.h"' 'imgui headers are not for cli'
case_wrong core/json.cpp '#include "somelib/thing.h"' 'not one of ours and not a known third-party header'

# An allowed include (a platform using the app's public header) still passes.
rm -rf "$work" && mkdir -p "$work" && cp -r "$src" "$work/src"
printf '#include "app/host.h"\n' >> "$work/src/platform/web/drop.cpp"
if out=$("$python" "$checker" "$work/src" 2>&1); then
  echo "ok: platform/web + app/host.h passes"
else
  echo "FAIL: an allowed include was refused:"; echo "$out"; fails=$((fails + 1))
fi
rm -rf "$work"

if [ "$fails" -ne 0 ]; then
  echo "$fails case(s) failed"
  exit 1
fi
echo "all cases passed"
