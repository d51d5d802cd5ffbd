#!/usr/bin/env bash
# sheaf-cli edits never weaken a file: a 0600 post stays 0600, a symbolic
# link inside the folder is written through (and stays a link), one leading
# out of it is refused with the bytes untouched, a hard-linked post is
# refused, and kill -9 in the middle of a large save leaves the old bytes or
# the new ones, nothing else. Makes its own posts.
# Usage: write_modes.sh SHEAF_CLI POSTS_DIR SOURCE_DIR (the last two unused)
set -uo pipefail
cli=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
mode() { stat -c %a "$1"; }

# --- mode bits ---------------------------------------------------------------
mkdir -p "$work/site/_posts" "$work/site/_drafts" "$work/elsewhere"
post="$work/site/_posts/2024-01-01-private.md"
printf -- '---\ntitle: 비공개 초안\ntags: [일기]\n---\n본문\n' > "$post"
chmod 600 "$post"
"$cli" set "$post" title "고친 제목" 2>"$work/err" || { fail "set on a 0600 post: $(cat "$work/err")"; }
grep -q '^title: 고친 제목$' "$post" && [[ $(mode "$post") == 600 ]] \
  && ok "set keeps mode 0600" || fail "set: mode $(mode "$post"), text: $(head -3 "$post")"
chmod 640 "$post"
"$cli" tag "$post" +비밀 && [[ $(mode "$post") == 640 ]] && ok "tag keeps mode 0640" || fail "tag: mode $(mode "$post")"

# --- a link inside the folder: written through, still a link ---------------------
printf -- '---\ntitle: 링크 대상\n---\n' > "$work/site/_posts/target.md"
ln -s target.md "$work/site/_posts/link.md"
"$cli" set "$work/site/_posts/link.md" layout post 2>"$work/err" \
  && [[ -L "$work/site/_posts/link.md" ]] && grep -q '^layout: post$' "$work/site/_posts/target.md" \
  && ok "set through a link in the same folder edits the target, the link stays" \
  || fail "link inside: $(cat "$work/err"); $(ls -l "$work/site/_posts")"

# --- a link leading out of the folder: refused, nothing written --------------------
printf -- '---\ntitle: 남의 글\n---\n' > "$work/elsewhere/theirs.md"
before=$(sha256sum < "$work/elsewhere/theirs.md")
ln -s "$work/elsewhere/theirs.md" "$work/site/_posts/escape.md"
"$cli" set "$work/site/_posts/escape.md" title "덮어쓰기" >"$work/out" 2>"$work/err"; rc=$?
[[ $rc != 0 ]] && grep -q 'escape.md.*symbolic link to .*outside .*not written' "$work/err" \
  && [[ $(sha256sum < "$work/elsewhere/theirs.md") == "$before" ]] && [[ -L "$work/site/_posts/escape.md" ]] \
  && ok "a link out of the folder is refused (exit $rc): $(cat "$work/err")" \
  || fail "link outside: exit $rc, stderr: $(cat "$work/err")"

# --- a hard-linked post: refused, both names unchanged -------------------------------
printf -- '---\ntitle: 두 이름\n---\n' > "$work/site/_posts/a.md"
ln "$work/site/_posts/a.md" "$work/site/_drafts/a.md"
"$cli" set "$work/site/_posts/a.md" title x 2>"$work/err"; rc=$?
[[ $rc != 0 ]] && grep -q 'has 2 hard links' "$work/err" && grep -q '두 이름' "$work/site/_drafts/a.md" \
  && [[ $(stat -c %h "$work/site/_posts/a.md") == 2 ]] \
  && ok "a hard-linked post is refused: $(cat "$work/err")" || fail "hard link: exit $rc, $(cat "$work/err")"

# --- kill -9 in the middle of a large save --------------------------------------------
big="$work/site/_posts/big.md"
{ printf -- '---\ntitle: 큰 글\n---\n'; head -c $((48 << 20)) /dev/zero | tr '\0' 'a' | fold -w 99; } > "$big"
old_sum=$(sha256sum < "$big")
# The new bytes are the old ones with the title changed; compute them once without killing.
cp "$big" "$work/expected.md"
"$cli" set "$work/expected.md" title "바뀐 큰 글" || fail "set on the copy"
new_sum=$(sha256sum < "$work/expected.md")
[[ $old_sum != "$new_sum" ]] || fail "old and new bytes should differ"
kills=0 olds=0 news=0
for delay in 0.02 0.05 0.1 0.15 0.2 0.3 0.4 0.6; do
  cp "$work/site/_posts/big.md" "$work/before.md"
  "$cli" set "$big" title "바뀐 큰 글" 2>/dev/null &
  pid=$!
  sleep "$delay"  # varies where the kill lands (reading, writing, renaming); not a wait for a result
  kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
  wait "$pid" 2>/dev/null
  now=$(sha256sum < "$big")
  if [[ $now == "$old_sum" ]]; then olds=$((olds + 1))
  elif [[ $now == "$new_sum" ]]; then news=$((news + 1)); cp "$work/before.md" "$big"  # back to old for the next round
  else fail "after kill -9 at ${delay}s the post is neither the old nor the new bytes"; fi
  # The post is never a torn mix, and what a kill leaves behind is a hidden
  # temporary file that no listing takes for a post.
  "$cli" query "$work/site" 'title:"큰"' > "$work/list" 2>&1 || true
  if grep -q 'sheaf-' "$work/list"; then fail "a temporary file was listed: $(cat "$work/list")"; fi
  find "$work/site/_posts" -name '.big.md.sheaf-*' -delete
done
ok "kill -9 during a 48 MB save: $kills kills, old bytes $olds times, new bytes $news times, never anything else"

[[ $fails == 0 ]] && echo "write_modes: all passed" || { echo "write_modes: $fails failed"; exit 1; }
