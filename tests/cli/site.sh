#!/usr/bin/env bash
# sheaf-cli inspect / query / tags on the fixture Jekyll site (tests/data/site):
# the rules of its _config.yml apply; a folder without one reads as before.
# usage: site.sh SHEAF_CLI POSTS_DIR SOURCE_DIR
set -u
CLI="$1"; POSTS="$2"; SRC="$3"
SITE="$SRC/tests/data/site"
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

out=$("$CLI" query "$SITE" 'is:draft' | cut -f1)
check "is:draft finds the post in _drafts" '[ "$out" = "_drafts/unfinished-idea.md" ]'
out=$("$CLI" query "$SITE" 'is:unpublished' | cut -f1)
check "is:unpublished finds published: false" '[ "$out" = "_posts/2023-5-7-hidden-notes.md" ]'
out=$("$CLI" query "$SITE" 'is:future' | cut -f1)
check "is:future finds the post dated 2099" '[ "$out" = "_posts/2099-01-01-letter-to-the-future.md" ]'
out=$("$CLI" query "$SITE" 'cat:blog' | cut -f1,2)
check "the folder above _posts is a category, the date in the site's zone" \
  '[ "$out" = "$(printf "blog/_posts/travel/2008-12-12-winter-trip.md\t2008-12-13T03:00:00+09:00")" ]'
out=$("$CLI" query "$SITE" 'cat:travel')
check "a folder below _posts is not a category" '[ -z "$out" ]'
out=$("$CLI" query "$SITE" 'author:홍길동' | cut -f1 | sort | tr '\n' ' ')
check "queries see values inherited from defaults" \
  '[ "$out" = "_drafts/unfinished-idea.md _posts/2024-03-10-spring-walk.md _posts/2099-01-01-letter-to-the-future.md " ]'
out=$("$CLI" query "$SITE" 'is:famous' 2>&1 >/dev/null); rc=$?
check "an unknown is: value exits 2 naming it" '[ $rc -eq 2 ] && printf "%s" "$out" | grep -q "is:famous"'

out=$("$CLI" inspect "$SITE/_posts/2024-03-10-spring-walk.md")
check "inspect: a zone-less time read in Asia/Seoul" 'printf "%s" "$out" | grep -q "\"date\": \"2024-03-10T09:30:00+09:00\""'
check "inspect: the file's own date is kept as written" 'printf "%s" "$out" | grep -q "\"date\": \"2024-03-10 09:30:00\""'
check "inspect: inherited author with where it comes from" \
  'printf "%s" "$out" | grep -A2 "\"author\": {" | grep -q "\"from\": \"_config.yml defaults (type: posts)\""'
check "inspect: inherited values are not among the properties" \
  '! printf "%s" "$out" | sed -n "/\"properties\"/,/\"site\"/p" | grep -q "author"'
out=$("$CLI" inspect "$SITE/_drafts/unfinished-idea.md")
check "inspect: a draft says so" 'printf "%s" "$out" | grep -q "\"state\": \"draft\""'

# The same files without _config.yml: nothing changes.
cp -r "$SITE/." "$tmp/plain"; rm "$tmp/plain/_config.yml"
out=$("$CLI" query "$tmp/plain" 'is:draft OR is:future OR is:unpublished')
check "no _config.yml: no publishing state" '[ -z "$out" ]'
out=$("$CLI" query "$tmp/plain" 'cat:photos' | cut -f2)
check "no _config.yml: the date as written, no folder category" \
  '[ "$out" = "2008-12-12T18:00:00+00:00" ] && [ -z "$("$CLI" query "$tmp/plain" cat:blog)" ]'
out=$("$CLI" inspect "$tmp/plain/_posts/2024-03-10-spring-walk.md")
check "no _config.yml: inspect has no site object" '! printf "%s" "$out" | grep -q "\"site\""'

# Broken YAML: a located message naming the file, and the posts read as without a site.
cp -r "$SITE/." "$tmp/broken"; printf 'timezone: [Asia/Seoul\n' > "$tmp/broken/_config.yml"
err=$("$CLI" query "$tmp/broken" 'is:draft' 2>&1 >/dev/null); rc=$?
out=$("$CLI" query "$tmp/broken" 'is:draft' 2>/dev/null)
check "broken _config.yml: still exits 0 with no site rules" '[ $rc -eq 0 ] && [ -z "$out" ]'
check "broken _config.yml: the message names the file and line" 'printf "%s" "$err" | grep -q "broken/_config.yml:[0-9]*:[0-9]*: _config.yml does not parse"'

exit $fail
