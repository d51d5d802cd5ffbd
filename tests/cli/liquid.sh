#!/usr/bin/env bash
# sheaf-cli html on the sample notebook's Liquid and footnote posts: chips as
# <code class="liquid">, the highlight block as code in its language, the
# excerpt marker kept, footnotes as kramdown writes them. Liquid never runs.
# Usage: liquid.sh SHEAF_CLI POSTS_DIR SOURCE_DIR
set -uo pipefail
cli=$1 src=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
posts="$src/assets/notebook/_posts"

if "$cli" html "$posts/2024-07-04-liquid-tags.md" >"$work/liquid.html" 2>"$work/err"; then
  h="$work/liquid.html"
  grep -qF '<code class="liquid">{{ page.title }}</code>' "$h" && ok "html: an output is a chip" || fail "output chip"
  grep -qF '<code class="liquid">{% include note.html content=&quot;참고&quot; %}</code>' "$h" && ok "html: a tag is an escaped chip" || fail "tag chip"
  grep -qF '<pre><code class="language-ruby"># 이 줄은 제목이 아니라 루비 주석이다' "$h" && ok "html: highlight is code in its language" || fail "highlight block"
  ! grep -q '<h1>이 줄은' "$h" && ok "html: a # line in highlight is no heading" || fail "heading inside highlight"
  grep -qF '<!--more-->' "$h" && ok "html: the excerpt marker is kept" || fail "excerpt marker"
  grep -qF '<a href="%7B%%20post_url%202022-02-23-weekly-retrospective%20%%7D">' "$h" && ok "html: a post_url link keeps the tag" || fail "post_url link"
  grep -qF '<p>{{ 이것은 칩이 아니다 }} and {% neither is this %}</p>' "$h" && ok "html: raw content as written, raw tags gone" || fail "raw"
else
  fail "html on the Liquid post: $(cat "$work/err")"
fi

if "$cli" html "$posts/2024-07-05-footnotes.md" >"$work/notes.html" 2>"$work/err"; then
  h="$work/notes.html"
  grep -qF '<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup>' "$h" && ok "html: a reference" || fail "reference"
  grep -qF '<sup id="fnref:1:1"' "$h" && ok "html: a repeated reference has its own id" || fail "repeated reference"
  grep -qF '[^missing]' "$h" && ok "html: a reference without a note stays text" || fail "missing note"
  grep -qF '<div class="footnotes" role="doc-endnotes">' "$h" && [[ $(grep -c '<li id="fn:' "$h") == 5 ]] && ok "html: five notes at the end" || fail "notes list"
  grep -qF '<a href="#fnref:2" class="reversefootnote" role="doc-backlink">↩</a>' "$h" && ok "html: back links" || fail "back link"
else
  fail "html on the footnote post: $(cat "$work/err")"
fi

if (( fails )); then echo "cli liquid: $fails checks failed"; exit 1; fi
echo "cli liquid: all checks passed"
