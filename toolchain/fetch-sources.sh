#!/usr/bin/env bash
# Fetches the pinned upstream sources (deps.lock) from Debian source packages,
# checks each tarball's SHA-256 and unpacks it into .cache/third_party/NAME.
# The archive's address is read from this machine's apt configuration; it is
# never written into the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
cache="$top/.cache"
dest="$cache/third_party"
aptdir="$cache/apt"
mkdir -p "$dest" "$aptdir/lists/partial" "$cache/downloads"

need_fetch=0
while read -r name ver tarball sha; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  [[ -f "$dest/$name/.sheaf-sha256" && "$(cat "$dest/$name/.sheaf-sha256")" == "$sha" ]] || need_fetch=1
done < "$here/deps.lock"
if [[ $need_fetch == 0 ]]; then echo "fetch-sources: third-party sources are up to date"; exit 0; fi

# The Debian archive URI configured on this machine (deb822 or one-line format).
uri=$( { grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}';
         grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{for(i=2;i<=NF;i++) if($i ~ /^https?:/){print $i; break}}'; } \
       | grep -E '/debian/?$' | head -n 1 || true)
if [[ -z "$uri" ]]; then
  echo "fetch-sources: no Debian archive found in /etc/apt sources; cannot fetch third-party sources" >&2
  exit 1
fi
srclist="$aptdir/sources.list"
: > "$srclist"
for suite in trixie testing unstable; do echo "deb-src [trusted=yes] $uri $suite main" >> "$srclist"; done
opts=(-o "Dir::Etc::SourceList=$srclist" -o "Dir::Etc::SourceParts=/dev/null" -o "Dir::State::Lists=$aptdir/lists" -o "Debug::NoLocking=1")
if ! ls "$aptdir/lists" | grep -q Sources; then
  echo "fetch-sources: reading Debian source indexes"
  apt-get "${opts[@]}" update -qq >/dev/null 2>"$aptdir/update.err" || { echo "fetch-sources: could not read the Debian source indexes:" >&2; cat "$aptdir/update.err" >&2; exit 1; }
fi

while read -r name ver tarball sha; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ -f "$dest/$name/.sheaf-sha256" && "$(cat "$dest/$name/.sheaf-sha256")" == "$sha" ]]; then continue; fi
  file="$cache/downloads/$tarball"
  if [[ ! -f "$file" ]] || ! echo "$sha  $file" | sha256sum -c --status; then
    url=$(apt-get "${opts[@]}" source --print-uris --download-only "$name=$ver" 2>/dev/null \
          | awk -v t="$tarball" '$2==t {gsub(/\x27/,"",$1); print $1}')
    if [[ -z "$url" ]]; then
      echo "fetch-sources: $name $ver is no longer in the Debian archive (tarball $tarball)." >&2
      echo "  See which versions exist: apt-cache ${opts[*]} showsrc $name" >&2
      echo "  Then update the version, tarball name and SHA-256 for $name in toolchain/deps.lock." >&2
      exit 1
    fi
    echo "fetch-sources: downloading $tarball"
    if ! curl -fsSL --retry 3 -o "$file.part" "$url"; then
      echo "fetch-sources: download of $tarball failed ($name $ver)" >&2; rm -f "$file.part"; exit 1
    fi
    mv "$file.part" "$file"
  fi
  got=$(sha256sum "$file" | awk '{print $1}')
  if [[ "$got" != "$sha" ]]; then
    echo "fetch-sources: SHA-256 mismatch for $tarball: expected $sha, got $got. Refusing to use it." >&2
    rm -f "$file"; exit 1
  fi
  rm -rf "$dest/$name.tmp" "$dest/$name"
  mkdir -p "$dest/$name.tmp"
  tar -xf "$file" -C "$dest/$name.tmp" --strip-components=1
  echo "$sha" > "$dest/$name.tmp/.sheaf-sha256"
  mv "$dest/$name.tmp" "$dest/$name"
  echo "fetch-sources: $name $ver ready"
done < "$here/deps.lock"
