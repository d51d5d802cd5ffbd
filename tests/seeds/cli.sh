#!/usr/bin/env bash
# sheaf-cli on the seed corpus of real posts (outside the repository): exact
# metadata of the five seeds, a clean lint, and queries over them. Run by the
# ctest entry seeds.cli through or_skip.sh, so it is skipped without the corpus.
# Usage: cli.sh SHEAF_CLI SEEDS_DIR
set -uo pipefail
cli=$1 seeds=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# --- inspect: exact metadata for every seed --------------------------------------
if "$cli" inspect "$seeds"/*.txt > "$work/out" 2> "$work/err" && node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const by = Object.fromEntries(a.map(d => [d.path.split("/").pop().slice(0, 3), d]));
const eq = (x, y, what) => { if (JSON.stringify(x) !== JSON.stringify(y)) { console.error(what, JSON.stringify(x), "!=", JSON.stringify(y)); process.exitCode = 1; } };
eq(a.length, 5, "count");
eq(by["000"].title, "[AITech] 20220223 - 회고", "000 title"); eq(by["000"].tags, [], "000 tags");
eq(by["000"].categories, ["AI", "AITech"], "000 categories");
eq(by["001"].tags, ["부스트캠프", "AI", "Deep Learning", "MLflow", "Docker", "Data Visualization", "Linux"], "001 tags");
eq(by["001"].categories, ["BoostCamp"], "001 categories");
eq(by["002"].format, "none", "002 format"); eq(by["002"].title, "오늘까지 마무리 할 일", "002 title"); eq(by["002"].title_source, "heading", "002 source");
eq(by["003"].tags, ["aitech", "naver", "boostcamp"], "003 tags"); eq(by["003"].date, "2024-02-25", "003 date");
eq(by["004"].tags, [], "004 tags"); eq(by["004"].categories, ["daily"], "004 categories");
eq(by["004"].properties.defaults[0].values.layout, "single", "004 nested defaults");
for (const d of a) if (d.diagnostics.some(g => g.severity === "error")) { console.error("unexpected error in", d.path); process.exitCode = 1; }
' "$work/out"; then ok "inspect: five seeds with exact metadata"; else fail "inspect metadata"; cat "$work/err"; fi

# --- lint: the seeds are clean ------------------------------------------------------
mkdir -p "$work/blog/_posts"
cp "$seeds"/*.txt "$work/blog/_posts/"
"$cli" lint "$work/blog" > "$work/out" 2>&1 && ok "lint: seeds are clean" || { fail "lint seeds"; cat "$work/out"; }

# --- query and tags ----------------------------------------------------------------
out=$("$cli" query "$seeds" 'tag:Docker' | cut -f1)
[[ "$out" == "001_d1fe5a56455ad83e.txt" ]] && ok "tag:Docker finds exactly 001" || fail "tag:Docker: $out"
out=$("$cli" query "$seeds" '회고 -tag:docker' | cut -f1 | sort | tr '\n' ' ')
[[ "$out" == "000_8b22ae64a6274972.txt 002_8b0d8305dd27a83b.txt 004_8723becc0a4425b7.txt " ]] \
  && ok "Hangul word with a negated tag" || fail "회고 -tag:docker: $out"
out=$("$cli" query "$seeds" 'cat:boostcamp' --sort title | cut -f1 | tr '\n' ' ')
[[ "$out" == "003_66ff2883a83e6e1d.txt 001_d1fe5a56455ad83e.txt " ]] && ok "category, case-insensitive, sorted by title" || fail "cat:boostcamp: $out"
out=$("$cli" tags "$seeds" --json)
printf '%s' "$out" | tr -d ' \n' | grep -q '{"name":"BoostCamp","count":2}' && ok "tags groups BoostCamp/boostcamp categories" || fail "tags grouping"
"$cli" tags "$seeds" | grep -q '^ *1  2024$' && ok "tags text lists years" || fail "tags years"

if (( fails )); then echo "seeds cli: $fails checks failed"; exit 1; fi
echo "seeds cli: all checks passed"
