#!/usr/bin/env bash
# sheaf-cli query / tags over the test posts (tests/data/posts), run as a user would.
# usage: query.sh SHEAF_CLI POSTS_DIR SOURCE_DIR
set -u
CLI="$1"; POSTS="$2"; SRC="$3"
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi; }

out=$("$CLI" query "$POSTS" 'tag:Docker'); rc=$?
check "tag:Docker exits 0" '[ $rc -eq 0 ]'
check "tag:Docker finds exactly 02" '[ "$(printf "%s\n" "$out" | cut -f1)" = "02-experiment-notes.md" ]'

out=$("$CLI" query "$POSTS" 'tag:docker' --json); rc=$?
check "--json exits 0" '[ $rc -eq 0 ]'
check "--json names the one post" 'printf "%s" "$out" | grep -q "\"path\": \"02-experiment-notes.md\"" && printf "%s" "$out" | grep -q "\"count\": 1"'

out=$("$CLI" query "$POSTS" '회고 -tag:docker' | cut -f1 | sort | tr '\n' ' ')
check "Hangul word with a negated tag" '[ "$out" = "01-spring-retro.md 05-meetup-log.md " ]'

out=$("$CLI" query "$POSTS" '회고' | cut -f1 | sort | tr '\n' ' ')
check "the same word without the negation also finds 02" '[ "$out" = "01-spring-retro.md 02-experiment-notes.md 05-meetup-log.md " ]'

out=$("$CLI" query "$POSTS" 'cat:study' --sort title | cut -f1 | tr '\n' ' ')
check "category, case-insensitive, sorted by title" '[ "$out" = "02-experiment-notes.md 04-study-review.md " ]'

out=$("$CLI" query "$POSTS" 'tag:"한글 태그"' | cut -f1)
check "a quoted tag with a space" '[ "$out" = "06-emoji-and-keys.md" ]'

out=$("$CLI" query "$POSTS" 'after:2022-01-01' --sort date | cut -f1 | tr '\n' ' ')
check "after: a date, sorted by date, newest first" '[ "$out" = "04-study-review.md 06-emoji-and-keys.md " ]'

err=$("$CLI" query "$POSTS" 'tag:ai (docker' 2>&1 >/dev/null); rc=$?
check "malformed query exits 2" '[ $rc -eq 2 ]'
check "message names the token and column" 'printf "%s" "$err" | grep -q "'"'"'('"'"' at column 8"'

err=$("$CLI" query "$POSTS" 'after:2022-13' 2>&1 >/dev/null); rc=$?
check "bad date exits 2 naming it" '[ $rc -eq 2 ] && printf "%s" "$err" | grep -q "after:2022-13"'

"$CLI" query "$POSTS" 'x' --sort nonsense >/dev/null 2>&1; rc=$?
check "bad --sort exits 2" '[ $rc -eq 2 ]'
"$CLI" query "$POSTS/does-not-exist" 'x' >/dev/null 2>&1; rc=$?
check "missing folder exits 3" '[ $rc -eq 3 ]'

out=$("$CLI" tags "$POSTS" --json); rc=$?
check "tags --json exits 0" '[ $rc -eq 0 ]'
check "tags groups Study/study categories" 'printf "%s" "$out" | tr -d " \n" | grep -q "{\"name\":\"Study\",\"count\":2}"'
check "tags counts a tag two posts share" 'printf "%s" "$out" | tr -d " \n" | grep -q "{\"name\":\"스터디\",\"count\":2}"'
check "tags --json counts the posts" 'printf "%s" "$out" | tr -d " \n" | grep -q "\"posts\":7,"'
out=$("$CLI" tags "$POSTS")
check "tags text lists years" 'printf "%s\n" "$out" | grep -q "^ *1  2024$" && printf "%s\n" "$out" | grep -q "^ *1  2020$"'
exit $fail
