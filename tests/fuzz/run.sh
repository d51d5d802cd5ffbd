#!/usr/bin/env bash
# Runs the libFuzzer target for a bounded time; fails on any crash, leak,
# sanitizer report, timeout or out-of-memory, and then prints the report and
# the reproducer. The target parses, exports and lays out every input.
# Usage: run.sh FUZZ_BINARY SECONDS WORK_DIR SOURCE_DIR [SEEDS_DIR]
set -euo pipefail
bin=$1 seconds=$2 work=$3 src=$4 seeds=${5:-}
if [[ ! -x "$bin" ]]; then
  echo "fuzz: $bin is missing; build it with: toolchain/build.sh fuzz" >&2
  exit 1
fi
# The run happens inside $work, so a relative path would stop resolving.
bin=$(realpath "$bin")
src=$(realpath "$src")
mkdir -p "$work/corpus" "$work/seed-corpus" "$work/artifacts"
work=$(realpath "$work")
rm -f "$work/artifacts"/*  # only this run's findings count

# Prints a libFuzzer log from its first report line (sanitizer, libFuzzer's
# own deadly signal, timeout, OOM, leak) on, then the reproducers named in it.
report() {
  local log=$1 from
  from=$(awk '/==[0-9]+==|ERROR: |deadly signal|ALARM:|out-of-memory|Timeout/ {print NR; exit}' "$log")
  if [[ -n $from ]]; then sed -n "${from},$((from + 150))p" "$log"; else tail -n 80 "$log"; fi
  grep -E 'Test unit written to' "$log" || true
}

# Starting inputs: the sample notebook, the test posts in tests/data/posts,
# the hostile shapes in tests/fuzz/corpus, the known crash inputs, and the
# seed corpus of real posts when it is there.
find "$src/assets/notebook" -type f \( -name '*.md' -o -name '*.markdown' \) -exec cp {} "$work/seed-corpus/" \;
cp "$src"/tests/data/posts/* "$work/seed-corpus/"
cp "$src"/tests/fuzz/corpus/* "$work/seed-corpus/"
if [[ -n "$seeds" && -d "$seeds" ]] && compgen -G "$seeds/*" >/dev/null; then
  cp "$seeds"/* "$work/seed-corpus/"
  echo "fuzz: starting from the sample notebook, tests/data/posts, tests/fuzz/corpus, tests/fuzz/regressions and the seed corpus at $seeds"
else
  echo "fuzz: no seed corpus at ${seeds:-(none given)}; starting from the sample notebook, tests/data/posts, tests/fuzz/corpus and tests/fuzz/regressions"
fi
echo "fuzz: $(find "$work/seed-corpus" -type f | wc -l) starting inputs"

# Inputs that once crashed: replayed first (through the same parse, export
# and layout as the fuzzing), then kept as seeds.
regressions=("$src"/tests/fuzz/regressions/*)
if [[ -e "${regressions[0]}" ]]; then
  status=0
  "$bin" -runs=1 "${regressions[@]}" > "$work/regressions.log" 2>&1 || status=$?
  if [[ $status != 0 ]]; then
    echo "fuzz: a known crash input fails again (exit $status):" >&2
    grep 'Running: ' "$work/regressions.log" | tail -n 1 >&2 || true
    report "$work/regressions.log" >&2
    exit 1
  fi
  echo "fuzz: ${#regressions[@]} known crash inputs replayed"
  cp "${regressions[@]}" "$work/seed-corpus/"
fi

cd "$work"
# The log goes to a file and the status is taken by hand: with set -e and a
# pipe the script used to stop before the report was printed.
# -entropic=0: with ~50,000 coverage features per input, libFuzzer's
# entropic bookkeeping took most of the time (2.5x fewer runs per second).
# -timeout: a 16 KB padded table is linear but takes ~6 s under ASan on a
# busy machine; a real blow-up goes far past 25 s.
status=0
"$bin" -max_total_time="$seconds" -max_len=16384 -timeout=25 -entropic=0 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/" corpus seed-corpus > "$work/fuzz.log" 2>&1 || status=$?
if [[ $status != 0 ]] || compgen -G "$work/artifacts/*" >/dev/null; then
  echo "fuzz: FAILED (exit $status). The report ($work/fuzz.log):" >&2
  report "$work/fuzz.log" >&2
  echo "fuzz: reproducers (replay one with: $bin FILE; shrink with: $bin -minimize_crash=1 -runs=10000 FILE):" >&2
  ls -la "$work"/artifacts/* >&2 || true
  exit 1
fi
tail -n 25 "$work/fuzz.log"
echo "fuzz: no crash in ${seconds}s"
