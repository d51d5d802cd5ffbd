#!/usr/bin/env bash
# Builds one or more trees: native (core, cli, desktop, tests), web (wasm), fuzz (clang + libFuzzer).
# Usage: toolchain/build.sh [native] [web] [fuzz]     (default: native web)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
export NODE_PATH=/usr/share/nodejs   # emcc's JS optimizer needs Debian's acorn
unset EM_CACHE                       # Debian's emscripten ships a frozen cache
jobs=$(nproc)
targets=("$@"); (( ${#targets[@]} )) || targets=(native web)
for t in "${targets[@]}"; do
  case "$t" in
    native)
      [[ -f build/native/build.ninja ]] || cmake --preset native >/dev/null
      cmake --build build/native -j "$jobs" ;;
    web)
      [[ -f build/web/build.ninja ]] || cmake --preset web >/dev/null
      cmake --build build/web -j "$jobs" ;;
    fuzz)
      [[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz >/dev/null
      cmake --build build/fuzz -j "$jobs" ;;
    *) echo "build: unknown target '$t' (native, web, fuzz)" >&2; exit 2 ;;
  esac
done
