#!/usr/bin/env bash
# Runs the libFuzzer target for a bounded time; fails on any crash, leak,
# sanitizer report, timeout or out-of-memory.
# Usage: run.sh FUZZ_BINARY SECONDS WORK_DIR SOURCE_DIR SEEDS_DIR
set -euo pipefail
bin=$1 seconds=$2 work=$3 src=$4 seeds=$5
if [[ ! -x "$bin" ]]; then
  echo "fuzz: $bin is missing; build it with: toolchain/build.sh fuzz" >&2
  exit 1
fi
mkdir -p "$work/corpus" "$work/seed-corpus" "$work/artifacts"
# Seed corpus: the sample notebook, the hostile shapes in tests/fuzz/corpus,
# and the real posts when they are there.
find "$src/assets/notebook" -type f \( -name '*.md' -o -name '*.markdown' \) -exec cp {} "$work/seed-corpus/" \;
if [[ -d "$seeds" ]]; then cp "$seeds"/* "$work/seed-corpus/"; else echo "fuzz: no seed corpus at $seeds; starting from the sample notebook and tests/fuzz/corpus"; fi
cp "$src"/tests/fuzz/corpus/* "$work/seed-corpus/" 2>/dev/null || true
# Inputs that once crashed: replayed first, and kept as seeds.
regressions=("$src"/tests/fuzz/regressions/*)
if [[ -e "${regressions[0]}" ]]; then
  "$bin" -runs=1 "${regressions[@]}" > "$work/regressions.log" 2>&1 || {
    echo "fuzz: a known crash input fails again:" >&2
    tail -n 30 "$work/regressions.log" >&2
    exit 1
  }
  cp "${regressions[@]}" "$work/seed-corpus/"
fi
cd "$work"
# The whole log is kept: on a crash its sanitizer report is what to read, so
# the script must not stop before printing it (set -e would, on the pipe).
status=0
"$bin" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" corpus seed-corpus > "$work/fuzz.log" 2>&1 || status=$?
if [[ $status != 0 ]] || ls "$work/artifacts"/* >/dev/null 2>&1; then
  echo "fuzz: FAILED (exit $status). The report:" >&2
  grep -n -m1 -A60 -E 'ERROR: |==[0-9]+==|deadly signal|Timeout|out-of-memory' "$work/fuzz.log" >&2 || tail -n 80 "$work/fuzz.log" >&2
  echo "fuzz: reproducers in $work/artifacts (replay: $bin FILE):" >&2
  ls -la "$work/artifacts" >&2
  exit 1
fi
tail -n 25 "$work/fuzz.log"
echo "fuzz: no crash in ${seconds}s"
