#!/usr/bin/env bash
# sheaf-cli html on code blocks: hl-* spans by default, md4c's plain output
# with --no-highlight, unknown languages plain, the text itself unchanged.
# Usage: highlight.sh SHEAF_CLI POSTS_DIR SOURCE_DIR
set -uo pipefail
cli=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok()   { echo "ok   $*"; }
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

cat > "$work/code.md" <<'MD'
---
title: 코드 강조 Code
---

파이썬 Python:

```python
def 인사(name):  # 주석
    return "안녕 " + name
```

```cobol
DISPLAY 'def'.
```
MD

"$cli" html "$work/code.md" > "$work/out" 2> "$work/err" || fail "html exit $?"
grep -qF '<pre><code class="language-python"><span class="hl-kw">def</span> <span class="hl-fn">인사</span>(name):' "$work/out" \
  && grep -qF '<span class="hl-com"># 주석</span>' "$work/out" && grep -qF '<span class="hl-str">&quot;안녕 &quot;</span>' "$work/out" \
  && ok "html: python tokens in hl-* spans" || { fail "html highlight"; cat "$work/out"; }
grep -qF "<pre><code class=\"language-cobol\">DISPLAY 'def'." "$work/out" && ok "html: an unknown language stays plain" || fail "unknown language"
"$cli" html --no-highlight "$work/code.md" > "$work/plain" || fail "--no-highlight exit $?"
! grep -q 'hl-' "$work/plain" && grep -qF '<pre><code class="language-python">def 인사(name):  # 주석' "$work/plain" \
  && ok "html --no-highlight: md4c's plain code" || fail "--no-highlight"
# The same text once the tags are stripped.
diff <(sed -e 's/<[^>]*>//g' "$work/out") <(sed -e 's/<[^>]*>//g' "$work/plain") > /dev/null \
  && ok "html: highlighting changes no text" || fail "text differs"

if (( fails )); then echo "cli highlight: $fails checks failed"; exit 1; fi
echo "cli highlight: all checks passed"
