#!/usr/bin/env bash
# sheaf-cli as a user runs it: inspect, html, lint, set, unset, tag, on the
# test posts (tests/data/posts) and on bad input.
# Usage: core.sh SHEAF_CLI POSTS_DIR SOURCE_DIR
set -uo pipefail
cli=$1 posts=$2 src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
expect_rc() { local want=$1; shift; "$@" >"$work/out" 2>"$work/err"; local rc=$?; [[ $rc == "$want" ]] || { fail "exit $rc, want $want: $*"; cat "$work/err"; return 1; }; }

# --- inspect: exact metadata for every test post ---------------------------------
expect_rc 0 "$cli" inspect "$posts"/*.md && node -e '
const a = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const by = Object.fromEntries(a.map(d => [d.path.split("/").pop().slice(0, 2), d]));
const eq = (x, y, what) => { if (JSON.stringify(x) !== JSON.stringify(y)) { console.error(what, JSON.stringify(x), "!=", JSON.stringify(y)); process.exitCode = 1; } };
eq(a.length, 7, "count");
eq(by["01"].title, "[회고] 2024-03-09 봄맞이 주간 돌아보기", "01 title"); eq(by["01"].tags, [], "01 tags");
eq(by["01"].categories, ["일상", "회고"], "01 categories"); eq(by["01"].date, null, "01 date");
eq(by["02"].tags, ["스터디", "ML", "Recommender System", "Docker", "데이터 시각화", "Linux"], "02 tags");
eq(by["02"].categories, ["Study"], "02 categories");
eq(by["03"].format, "none", "03 format"); eq(by["03"].title, "이번 주 안에 끝낼 일", "03 title"); eq(by["03"].title_source, "heading", "03 source");
eq(by["04"].tags, ["opensource", "스터디", "review"], "04 tags"); eq(by["04"].date, "2024-02-25T21:30:00+09:00", "04 date");
eq(by["05"].tags, [], "05 tags"); eq(by["05"].categories, ["daily"], "05 categories");
eq(by["05"].properties.defaults[0].values.layout, "single", "05 nested defaults");
eq(by["06"].title, "이모지와 따옴표 키 시험 🔬", "06 title from a quoted key");
eq(by["06"].properties["summary key"], "가족 👨‍👩‍👧‍👦 과 국기 🇰🇷 를 한 줄에 쓴다", "06 quoted key, emoji kept");
eq(by["06"].properties["숫자 키"], 42, "06 number under a quoted Korean key");
eq(by["06"].date, "2023-07-14T09:05:00+09:00", "06 date");
eq(by["07"].tags, ["산책", "기록", "겨울"], "07 tags split on spaces"); eq(by["07"].date, "2020-01-01T07:30:00", "07 date");
for (const d of a) if (d.diagnostics.length) { console.error("unexpected diagnostics in", d.path, JSON.stringify(d.diagnostics)); process.exitCode = 1; }
' "$work/out" && ok "inspect: seven test posts with exact metadata" || fail "inspect metadata"

# --- html: safe by default, raw HTML with --unsafe, stdin ------------------------
printf '# 제목\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) **굵게**\n' > "$work/xss.md"
expect_rc 0 "$cli" html "$work/xss.md" && ! grep -q '<script' "$work/out" && ! grep -q 'javascript:' "$work/out" \
  && grep -q '<h1>제목</h1>' "$work/out" && grep -q '<strong>굵게</strong>' "$work/out" && ok "html: safe mode" || fail "html safe mode"
expect_rc 0 "$cli" html --unsafe "$work/xss.md" && grep -q '<script>alert(1)</script>' "$work/out" && ok "html --unsafe keeps raw HTML" || fail "html --unsafe"
echo '*a*' | "$cli" html - | grep -q '<p><em>a</em></p>' && ok "html reads stdin" || fail "html stdin"
expect_rc 3 "$cli" html "$work/missing.md" && grep -q 'missing.md' "$work/err" && ok "html: missing file exit 3 names it" || fail "html missing"

# --- lint: diagnostics with file:line:col, exit 1 on errors ------------------------
mkdir -p "$work/blog/_posts"
cp "$posts"/*.md "$work/blog/_posts/"
expect_rc 0 "$cli" lint "$work/blog" && grep -q '7 files, 0 errors, 0 warnings' "$work/err" && ok "lint: the test posts are clean" \
  || { fail "lint test posts"; cat "$work/out" "$work/err"; }
printf -- '---\ntitle: [broken\ntags: a\n---\nbody\n' > "$work/blog/_posts/broken.md"
expect_rc 1 "$cli" lint "$work/blog" && grep -qE 'broken\.md:[0-9]+:[0-9]+: error: ' "$work/out" && ok "lint: broken YAML is a located error, exit 1" || { fail "lint broken"; cat "$work/out"; }
rm "$work/blog/_posts/broken.md"

# --- lossless edits -------------------------------------------------------------
f="$work/blog/_posts/02-experiment-notes.md"
cp "$f" "$work/orig"
expect_rc 0 "$cli" set "$f" title "새 제목: 콜론 포함" && "$cli" inspect "$f" | grep -q '"title": "새 제목: 콜론 포함"' && ok "set title (quoted as needed)" || fail "set title"
diff <(sed -n '4,$p' "$work/orig") <(sed -n '4,$p' "$f") >/dev/null && diff <(sed -n '1,2p' "$work/orig") <(sed -n '1,2p' "$f") >/dev/null && ok "set: only the title line changed" || { fail "set changed other lines"; diff "$work/orig" "$f"; }
expect_rc 0 "$cli" tag "$f" +Kubernetes -Docker && "$cli" inspect "$f" | node -e '
const d = JSON.parse(require("fs").readFileSync(0, "utf8"))[0];
const want = ["스터디","ML","Recommender System","데이터 시각화","Linux","Kubernetes"];
if (JSON.stringify(d.tags) !== JSON.stringify(want)) { console.error(d.tags); process.exit(1); }' && ok "tag +x -y" || fail "tag"
tail -n +20 "$work/orig" | cmp -s - <(tail -n +20 "$f") && ok "tag: body untouched" || fail "tag touched the body"
expect_rc 0 "$cli" tag "$f" +품질 --cat && "$cli" inspect "$f" | grep -q '"품질"' && ok "tag --cat edits categories" || fail "tag --cat"
expect_rc 0 "$cli" unset "$f" layout && ! grep -q '^layout:' "$f" && ok "unset" || fail "unset"
n="$work/blog/_posts/03-todo-memo.md"; cp "$n" "$work/orig2"
expect_rc 0 "$cli" set "$n" title "메모" && head -3 "$n" | grep -q '^title: 메모$' && tail -n +4 "$n" | cmp -s - "$work/orig2" && ok "set on a file without front matter adds a minimal block" || { fail "set adds block"; head -5 "$n"; }
expect_rc 2 "$cli" tag "$f" Docker && ok "tag without +/- is a usage error" || fail "tag usage"

# --- bad input: located diagnostics, no crash, bytes untouched --------------------
head -c 20000 /dev/urandom > "$work/blog/binary.md"
printf -- '---\ntitle: ok\n---\nvalid\n\xff\xfe broken utf-8\n' > "$work/blog/badutf8.md"
printf -- '---\ntitle: nul\n---\na\0b\n' > "$work/blog/nul.md"
python3 -c 'import sys; sys.stdout.write("---\ntitle: big\n---\n" + ("한글 문단입니다. " * 20 + "\n\n") * 130000)' > "$work/blog/huge.md"
sums=$(sha256sum "$work"/blog/*.md)
"$cli" lint "$work/blog" > "$work/out" 2>"$work/err"; rc=$?
[[ $rc == 1 ]] && grep -q 'binary.md:.*error' "$work/out" && grep -qE 'badutf8.md:5:[0-9]+: (error|warning): .*UTF-8' "$work/out" \
  && ok "lint: binary and invalid UTF-8 are located diagnostics" || { fail "bad input diagnostics (rc $rc)"; cat "$work/out" "$work/err"; }
[[ "$sums" == "$(sha256sum "$work"/blog/*.md)" ]] && ok "lint never rewrites files" || fail "lint changed bytes"
start=$(date +%s%N); "$cli" inspect "$work/blog/huge.md" > /dev/null; rc=$?; ms=$(( ($(date +%s%N) - start) / 1000000 ))
[[ $rc == 0 ]] && ok "inspect: $(du -m "$work/blog/huge.md" | cut -f1) MB file in ${ms} ms" || fail "huge file"

if (( fails )); then echo "cli core: $fails checks failed"; exit 1; fi
echo "cli core: all checks passed"
