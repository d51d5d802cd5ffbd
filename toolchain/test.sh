#!/usr/bin/env bash
# The one test command: sets up the machine, builds every tree and runs every
# test (unit, CLI, browser end-to-end, desktop, fuzz) through ctest.
# Extra arguments go to ctest, e.g. toolchain/test.sh -R unit
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
"$top/toolchain/setup.sh"
"$top/toolchain/build.sh" native web fuzz
mkdir -p build/native/screenshots
ctest --test-dir build/native --output-on-failure -j 2 "$@"
