#!/usr/bin/env bash
# sheaf-cli query / tags over the seed corpus, run as a user would.
# usage: query.sh SHEAF_CLI SEEDS_DIR SOURCE_DIR
set -u
CLI="$1"; SEEDS="$2"; SRC="$3"
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi; }

out=$("$CLI" query "$SEEDS" 'tag:Docker'); rc=$?
check "tag:Docker exits 0" '[ $rc -eq 0 ]'
check "tag:Docker finds exactly 001" '[ "$(printf "%s\n" "$out" | cut -f1)" = "001_d1fe5a56455ad83e.txt" ]'

out=$("$CLI" query "$SEEDS" 'tag:docker' --json); rc=$?
check "--json exits 0" '[ $rc -eq 0 ]'
check "--json names the one post" 'printf "%s" "$out" | grep -q "\"path\": \"001_d1fe5a56455ad83e.txt\"" && printf "%s" "$out" | grep -q "\"count\": 1"'

out=$("$CLI" query "$SEEDS" '회고 -tag:docker' | cut -f1 | sort | tr '\n' ' ')
check "Hangul word with a negated tag" '[ "$out" = "000_8b22ae64a6274972.txt 002_8b0d8305dd27a83b.txt 004_8723becc0a4425b7.txt " ]'

out=$("$CLI" query "$SEEDS" 'cat:boostcamp' --sort title | cut -f1 | tr '\n' ' ')
check "category, case-insensitive, sorted by title" '[ "$out" = "003_66ff2883a83e6e1d.txt 001_d1fe5a56455ad83e.txt " ]'

err=$("$CLI" query "$SEEDS" 'tag:ai (docker' 2>&1 >/dev/null); rc=$?
check "malformed query exits 2" '[ $rc -eq 2 ]'
check "message names the token and column" 'printf "%s" "$err" | grep -q "'"'"'('"'"' at column 8"'

err=$("$CLI" query "$SEEDS" 'after:2022-13' 2>&1 >/dev/null); rc=$?
check "bad date exits 2 naming it" '[ $rc -eq 2 ] && printf "%s" "$err" | grep -q "after:2022-13"'

"$CLI" query "$SEEDS" 'x' --sort nonsense >/dev/null 2>&1; rc=$?
check "bad --sort exits 2" '[ $rc -eq 2 ]'
"$CLI" query "$SEEDS/does-not-exist" 'x' >/dev/null 2>&1; rc=$?
check "missing folder exits 3" '[ $rc -eq 3 ]'

out=$("$CLI" tags "$SEEDS" --json); rc=$?
check "tags --json exits 0" '[ $rc -eq 0 ]'
check "tags groups BoostCamp/boostcamp categories" 'printf "%s" "$out" | tr -d " \n" | grep -q "{\"name\":\"BoostCamp\",\"count\":2}"'
out=$("$CLI" tags "$SEEDS")
check "tags text lists years" 'printf "%s\n" "$out" | grep -q "^ *1  2024$"'
exit $fail
