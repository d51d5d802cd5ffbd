#!/usr/bin/env bash
# Fetches the pinned upstream sources (deps.lock) from Debian source packages,
# checks each tarball's SHA-256 and unpacks it into .cache/third_party/NAME.
#
# Usage: toolchain/fetch-sources.sh              fetch what is missing
#        toolchain/fetch-sources.sh --versions NAME...
#                                  list the versions Debian has (for a bump;
#                                  see the top of deps.lock)
#
# Where a pinned tarball is looked for, in order (the first file whose SHA-256
# is the pin wins; anything else is thrown away):
#   1. .cache/downloads (so a second run needs no network at all);
#   2. the pool of every Debian archive this machine's apt sources name
#      (pool/main/<prefix>/<name>/<tarball>): one request, no index needed;
#      a tarball stays there while any suite still ships that upstream version;
#   3. Debian's source indexes for several suites, one at a time (unstable,
#      testing, trixie, trixie-backports, bookworm-backports, bookworm,
#      experimental; SHEAF_DEBIAN_SUITES overrides), for a file with the
#      pinned hash under any version of the package;
#   4. snapshot-style archives (BASE/TIMESTAMP/pool/...): every
#      ".../archive/debian/TIMESTAMP" address the apt sources name (also in a
#      comment), at the pin's "seen" time, the sources' own time and now.
# SHEAF_DEBIAN_MIRRORS and SHEAF_DEBIAN_SNAPSHOTS (space-separated base
# addresses, a snapshot base without its timestamp) add places to both lists.
# Archive addresses are read from the machine at run time and are never
# written into the repository.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
lock="$here/deps.lock"
cache="$top/.cache"
dest="$cache/third_party"
downloads="$cache/downloads"
aptdir="$cache/apt"

# --- the lock -----------------------------------------------------------------
names=() versions=() tarballs=() shas=() seens=()
while read -r name ver tarball sha seen _; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  if [[ -z "${sha:-}" || ! "$sha" =~ ^[0-9a-f]{64}$ ]]; then
    echo "fetch-sources: bad line for $name in $lock (want: name version tarball sha256 [seen])" >&2; exit 1
  fi
  names+=("$name") versions+=("$ver") tarballs+=("$tarball") shas+=("$sha") seens+=("${seen:-}")
done < "$lock"

ready() {  # NAME SHA: unpacked from exactly that tarball?
  [[ -f "$dest/$1/.sheaf-sha256" && "$(cat "$dest/$1/.sheaf-sha256")" == "$2" ]]
}

mode=fetch
if [[ "${1:-}" == "--versions" ]]; then
  mode=versions; shift
  (( $# )) || { echo "usage: fetch-sources.sh --versions NAME..." >&2; exit 2; }
elif (( $# )); then
  echo "usage: fetch-sources.sh [--versions NAME...]" >&2; exit 2
fi

if [[ $mode == fetch ]]; then
  all_ready=1
  for i in "${!names[@]}"; do ready "${names[$i]}" "${shas[$i]}" || all_ready=0; done
  if [[ $all_ready == 1 ]]; then echo "fetch-sources: third-party sources are up to date"; exit 0; fi
fi
mkdir -p "$dest" "$downloads" "$aptdir"

# --- places named by this machine's apt configuration ---------------------------
# Every http(s) address in the apt sources, those of active lines first, then
# those in comments (a snapshot address is often kept there).
apt_source_files=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] && apt_source_files+=("$f")
done
apt_addresses() {
  (( ${#apt_source_files[@]} )) || return 0
  { grep -hvE '^[[:space:]]*#' "${apt_source_files[@]}" || true
    grep -hE '^[[:space:]]*#' "${apt_source_files[@]}" || true; } \
    | grep -oE 'https?://[^][[:space:]"'\'']+' | sed -E 's#/+$##' | awk '!seen[$0]++'
}
mirrors=() snapshots=() snapshot_times=()
while read -r addr; do
  [[ -z "$addr" ]] && continue
  if [[ "$addr" =~ ^(https?://.+/archive/debian)/([0-9]{8}T[0-9]{6}Z)$ ]]; then
    snapshots+=("${BASH_REMATCH[1]}"); snapshot_times+=("${BASH_REMATCH[2]}")
    mirrors+=("$addr")  # the snapshot itself is an archive too, frozen at its time
  elif [[ "$addr" =~ /debian$ ]]; then
    mirrors+=("$addr")
  fi
done < <(apt_addresses)
for addr in ${SHEAF_DEBIAN_MIRRORS:-}; do mirrors+=("${addr%/}"); done
for addr in ${SHEAF_DEBIAN_SNAPSHOTS:-}; do snapshots+=("${addr%/}"); done
dedupe() { printf '%s\n' "$@" | awk 'NF && !seen[$0]++'; }
mapfile -t mirrors < <(dedupe "${mirrors[@]}")
mapfile -t snapshots < <(dedupe "${snapshots[@]}")
read -r -a suites <<< "${SHEAF_DEBIAN_SUITES:-unstable testing trixie trixie-backports bookworm-backports bookworm experimental}"

# --- Debian's source indexes, one private apt state per suite --------------------
# An index is read with its signature checked against Debian's archive keyring
# when that works; if it does not (a keyring older than the suite's key), it is
# read unchecked ([trusted=yes]) and --versions says so. Either way an index only
# says where a file lives: what is used is checked against the pinned hash.
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
declare -A index_state=()  # suite -> signed | unsigned | missing (looked at once a run)
sopts=()
has_index() { ls "$1/lists" 2>/dev/null | grep -q '_Sources'; }
read_index() {  # DIR SUITE OPTION: (re)read the suite's index with this source option
  local d=$1 suite=$2 opt=$3 m
  : > "$d/sources.list"
  for m in "${mirrors[@]}"; do echo "deb-src [$opt] $m $suite main" >> "$d/sources.list"; done
  # An index read in the last day is reused (a bump runs --versions, then a fetch).
  if [[ -z "$(find "$d/updated" -mmin -1440 2>/dev/null)" ]] || ! cmp -s "$d/sources.list" "$d/updated"; then
    echo "fetch-sources: reading Debian's source index for $suite${opt:+ ($opt)}"
    rm -rf "$d/lists" && mkdir -p "$d/lists/partial"
    apt-get "${sopts[@]}" update -qq >"$d/update.log" 2>&1 || true
    cp "$d/sources.list" "$d/updated"
  fi
  has_index "$d"
}
suite_index() {  # SUITE: sets sopts; fails if that suite has no index anywhere
  local suite=$1 d="$aptdir/$1"
  sopts=(-o "Dir::Etc::SourceList=$d/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
         -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache" -o "Debug::NoLocking=1")
  if [[ -z "${index_state[$suite]:-}" ]]; then
    mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
    if [[ -f "$keyring" ]] && read_index "$d" "$suite" "signed-by=$keyring"; then
      index_state[$suite]=signed
    elif read_index "$d" "$suite" "trusted=yes"; then
      index_state[$suite]=unsigned
    else
      index_state[$suite]=missing
    fi
  fi
  [[ "${index_state[$suite]}" != missing ]]
}
# Lines "VERSION DIRECTORY SHA256 FILE" for every file of every version of a
# source package in the suite's index.
index_files() {  # NAME (after suite_index)
  apt-cache "${sopts[@]}" showsrc "$1" 2>/dev/null | awk '
    function flush() { for (k = 1; k <= n; k++) print ver, dir, sum[k], file[k]; n = 0; ver = dir = "" }
    /^$/ { flush(); next }
    /^Version:/ { ver = $2 } /^Directory:/ { dir = $2 }
    /^Checksums-Sha256:/ { insum = 1; next }
    /^[^ ]/ { insum = 0 }
    insum && NF == 3 { n++; sum[n] = $1; file[n] = $3 }
    END { flush() }' | awk '!seen[$0]++'
}

if [[ $mode == versions ]]; then
  (( ${#mirrors[@]} )) || { echo "fetch-sources: no Debian archive in the apt sources (set SHEAF_DEBIAN_MIRRORS)" >&2; exit 1; }
  for name in "$@"; do
    for suite in "${suites[@]}"; do
      suite_index "$suite" || continue
      index_files "$name" | awk -v s="$suite" -v t="${index_state[$suite]}" \
        '$4 ~ /\.orig\.tar\./ { printf "%-20s %-24s %s %s%s\n", s, $1, $4, $3, t == "signed" ? "" : "  (index not signature-checked)" }'
    done
  done
  exit 0
fi

# --- fetching one file -------------------------------------------------------------
tried=()
download() {  # URL OUT: 0 when OUT has the body; else says why on stdout
  local code rc
  if command -v curl >/dev/null; then
    rc=0
    code=$(curl -fsSL --connect-timeout 15 --max-time 900 --retry 2 -w '%{http_code}' -o "$2" "$1" 2>/dev/null) || rc=$?
    (( rc == 0 )) && return 0
    case $rc in 6|7|28|35) echo "unreachable" ;; 22) echo "HTTP $code" ;; *) echo "curl error $rc" ;; esac
  else
    /usr/lib/apt/apt-helper download-file "$1" "$2" >/dev/null 2>&1 && return 0
    echo "not fetched (apt-helper)"
  fi
  return 1
}
try_url() {  # URL FILE SHA: 0 once FILE holds the pinned tarball
  local url=$1 file=$2 sha=$3 why got
  rm -f "$file.part"
  if why=$(download "$url" "$file.part"); then
    got=$(sha256sum "$file.part" | awk '{print $1}')
    if [[ "$got" == "$sha" ]]; then mv "$file.part" "$file"; return 0; fi
    why="SHA-256 $got, not the pin"
  fi
  rm -f "$file.part"
  tried+=("$url: $why")
  return 1
}
pool_dir() {  # NAME: Debian's pool folder for a source package
  if [[ "$1" == lib?* ]]; then echo "pool/main/${1:0:4}/$1"; else echo "pool/main/${1:0:1}/$1"; fi
}

fetch_one() {  # I: index into the lock; 0 when the tarball is in .cache/downloads
  local name=${names[$1]} ver=${versions[$1]} tarball=${tarballs[$1]} sha=${shas[$1]} seen=${seens[$1]}
  local file="$downloads/$tarball" pool m suite s t line
  tried=()
  if [[ -f "$file" ]] && echo "$sha  $file" | sha256sum -c --status; then return 0; fi
  rm -f "$file"
  pool=$(pool_dir "$name")
  echo "fetch-sources: downloading $tarball ($name $ver)"

  for m in "${mirrors[@]}"; do try_url "$m/$pool/$tarball" "$file" "$sha" && return 0; done

  for suite in "${suites[@]}"; do
    if ! suite_index "$suite"; then tried+=("Debian source index of $suite: not found on any archive"); continue; fi
    local hits=0
    while read -r line; do
      set -- $line  # VERSION DIRECTORY SHA256 FILE
      [[ "$3" == "$sha" || "$4" == "$tarball" ]] || continue
      hits=1
      for m in "${mirrors[@]}"; do
        [[ "$m/$2/$4" == "$m/$pool/$tarball" ]] && continue  # asked already
        try_url "$m/$2/$4" "$file" "$sha" && return 0
      done
    done < <(index_files "$name")
    (( hits )) || tried+=("Debian source index of $suite: no file with the pinned hash or name")
  done

  for s in "${snapshots[@]}"; do
    for t in $(dedupe "$seen" "${snapshot_times[@]}" "$(date -u +%Y%m%dT%H%M%SZ)"); do
      try_url "$s/$t/$pool/$tarball" "$file" "$sha" && return 0
    done
  done
  return 1
}

failed=0
for i in "${!names[@]}"; do
  name=${names[$i]} sha=${shas[$i]} tarball=${tarballs[$i]}
  ready "$name" "$sha" && continue
  if ! fetch_one "$i"; then
    failed=1
    {
      echo "fetch-sources: no source has $name ${versions[$i]} ($tarball, SHA-256 $sha)."
      (( ${#mirrors[@]} + ${#snapshots[@]} )) || echo "  The apt sources name no Debian archive; set SHEAF_DEBIAN_MIRRORS or SHEAF_DEBIAN_SNAPSHOTS."
      echo "  Places tried:"
      for t in "${tried[@]}"; do echo "    $t"; done
      echo "  If the pin has left Debian, bump it (see the top of toolchain/deps.lock):"
      echo "    toolchain/fetch-sources.sh --versions $name"
    } >&2
    continue
  fi
  rm -rf "$dest/$name.tmp" "$dest/$name"
  mkdir -p "$dest/$name.tmp"
  tar -xf "$downloads/$tarball" -C "$dest/$name.tmp" --strip-components=1
  echo "$sha" > "$dest/$name.tmp/.sheaf-sha256"
  mv "$dest/$name.tmp" "$dest/$name"
  echo "fetch-sources: $name ${versions[$i]} ready"
done
exit $failed
