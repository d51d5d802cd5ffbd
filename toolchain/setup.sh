#!/usr/bin/env bash
# Installs everything Sheaf needs on Debian 12 and fetches the pinned
# third-party sources. Safe to run again: it only installs what is missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")

packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates xz-utils
  clang libclang-rt-14-dev                       # fuzzing and sanitizers
  emscripten node-acorn                          # web build (emcc needs acorn)
  libglfw3-dev libgl1-mesa-dev                   # desktop build
  doctest-dev libstb-dev libtomlplusplus-dev     # header-only libraries
  fonts-nanum fonts-dejavu-core fonts-dejavu-extra fonts-symbola  # Hangul, Latin (with italics), symbol fallback
  fonts-noto-color-emoji                         # the browser's colour emoji in the browser tests
  python3-fonttools python3-brotli               # cutting the fonts into WOFF2 slices for the page
  chromium xvfb xauth imagemagick                # browser and desktop tests, screenshots
  zenity                                         # desktop open and save dialogs
  e2fsprogs desktop-file-utils xdotool x11-xserver-utils   # chattr (desktop.read_only as root); desktop tests: the menu entry validates; moving the window, opening menus; xrdb (HiDPI)
  python3-brotli brotli                          # precompressed .br files for the web dist (toolchain/web-dist.py)
  unzip zip nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from another package source already; do not fight it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]:-}"
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""; [[ $(id -u) != 0 ]] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$here/fetch-sources.sh"

# Browser test driver (playwright-core only: it drives Debian's chromium, it never downloads a browser).
if [[ ! -d "$top/tests/e2e/node_modules/playwright-core" ]]; then
  echo "setup: installing browser test packages"
  (cd "$top/tests/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
