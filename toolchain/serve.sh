#!/usr/bin/env bash
# Sets up the machine, builds the web app and serves it on 127.0.0.1.
# Usage: toolchain/serve.sh [PORT]   (default 8080)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
port=${1:-8080}
"$top/toolchain/setup.sh"
"$top/toolchain/build.sh" web
exec node "$top/tests/e2e/static-server.mjs" "$top/build/web/dist" "$port"
