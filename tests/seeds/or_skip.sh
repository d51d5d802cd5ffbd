#!/usr/bin/env bash
# Runs a test of the seed corpus, or reports it skipped when there is none.
# ctest takes exit status 77 as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt).
# Usage: or_skip.sh SEEDS_DIR COMMAND [ARGS...]
seeds=$1
shift
if [[ ! -d "$seeds" ]] || ! compgen -G "$seeds/*" >/dev/null; then
  echo "SKIPPED: no seed corpus at $seeds (configure with -DSHEAF_SEEDS=DIR to run this test)"
  exit 77
fi
exec "$@"
