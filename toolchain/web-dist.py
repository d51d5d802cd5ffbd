#!/usr/bin/python3
"""Sheaf web dist post-processing: makes build/web/dist ready for any static host.

    web-dist.py DIST SW_TEMPLATE ICON_DIR

  1. copies ICON_DIR/*.png, *.svg into DIST/icons/;
  2. writes DIST/sw.js from SW_TEMPLATE (web/sw.js) with the list of files the
     service worker precaches, each with its SHA-256, the font slices under
     DIST/fonts/ (cached when first used), and a version made from all of
     these and the template;
  3. writes X.gz (gzip -9) and X.br (brotli) beside every file over 1 KB that
     is not compressed already, for hosts that serve such files, and removes
     .gz/.br files whose X is gone.

Run on every build: it rewrites a file only when its content changes and
compresses only files newer than their .gz/.br, so a build that changed
nothing touches nothing.

The precached shell is: the top-level .html, .css, .js, .wasm, .data, .json and
.webmanifest files, icons/*, and fonts/slices.json (the font slices' index is
not content-addressed, so it must move with the build). sw.js itself is left
out of the shell and is not precompressed: the browser fetches it on every
update check and it is small.

Needs /usr/bin/python3 with the brotli module (Debian: python3-brotli).
"""
import gzip
import hashlib
import json
import os
import shutil
import sys

try:
    import brotli
except ImportError:
    sys.exit("web-dist: the python3 brotli module is missing (Debian: apt-get install python3-brotli)")

SHELL_EXTS = {".html", ".css", ".js", ".wasm", ".data", ".json", ".webmanifest"}
# Already compressed, or pointless to compress again.
NO_COMPRESS_EXTS = {".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".gz", ".br", ".zip"}
MIN_COMPRESS = 1024
PLACEHOLDER = "/*SHEAF_BUILD*/ null"


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_if_changed(path, data):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return False
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return True


def copy_icons(dist, icon_dir):
    out = os.path.join(dist, "icons")
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(icon_dir)):
        if os.path.splitext(name)[1].lower() in (".png", ".svg"):
            with open(os.path.join(icon_dir, name), "rb") as f:
                write_if_changed(os.path.join(out, name), f.read())


def rel(dist, path):
    return os.path.relpath(path, dist).replace(os.sep, "/")


def shell_files(dist):
    files = []
    for name in sorted(os.listdir(dist)):
        path = os.path.join(dist, name)
        if os.path.isfile(path) and name != "sw.js" and os.path.splitext(name)[1] in SHELL_EXTS:
            files.append(path)
    icons = os.path.join(dist, "icons")
    if os.path.isdir(icons):
        files += [os.path.join(icons, n) for n in sorted(os.listdir(icons))
                  if os.path.isfile(os.path.join(icons, n)) and os.path.splitext(n)[1] in (".png", ".svg")]
    slices = os.path.join(dist, "fonts", "slices.json")
    if os.path.isfile(slices):
        files.append(slices)
    return files


def font_files(dist):
    fonts = os.path.join(dist, "fonts")
    if not os.path.isdir(fonts):
        return []
    return sorted("fonts/" + n for n in os.listdir(fonts) if n.endswith(".woff2"))


def write_sw(dist, template):
    files = [{"url": rel(dist, p), "sha256": sha256(p)} for p in shell_files(dist)]
    fonts = font_files(dist)
    with open(template, encoding="utf-8") as f:
        text = f.read()
    # The fonts' names are their hashes, so listing them versions them too. The
    # worker's own code counts as well: a new sw.js always gets its own caches.
    h = hashlib.sha256(text.encode("utf-8"))
    for f in files:
        h.update(("%s\0%s\n" % (f["url"], f["sha256"])).encode())
    for name in fonts:
        h.update(("%s\n" % name).encode())
    build = {"version": h.hexdigest()[:16], "files": files, "fonts": fonts}
    if text.count(PLACEHOLDER) != 1:
        sys.exit("web-dist: %s must hold the placeholder %s exactly once" % (template, PLACEHOLDER))
    text = text.replace(PLACEHOLDER, json.dumps(build, indent=1))
    write_if_changed(os.path.join(dist, "sw.js"), text.encode("utf-8"))
    return build


def newer(src, dst):
    try:
        return os.stat(src).st_mtime_ns > os.stat(dst).st_mtime_ns
    except FileNotFoundError:
        return True


def compress_all(dist):
    for top, _dirs, names in os.walk(dist):
        for name in names:
            path = os.path.join(top, name)
            ext = os.path.splitext(name)[1].lower()
            if ext in (".gz", ".br"):
                if not os.path.exists(path[:-len(ext)]):
                    os.remove(path)  # its file is gone: a host must not serve it
                continue
            if ext in NO_COMPRESS_EXTS or name == "sw.js" or name.endswith(".tmp"):
                continue
            if os.path.getsize(path) <= MIN_COMPRESS:
                for old in (path + ".gz", path + ".br"):
                    if os.path.exists(old):
                        os.remove(old)
                continue
            data = None
            if newer(path, path + ".gz"):
                with open(path, "rb") as f:
                    data = f.read()
                # mtime=0: the same input gives the same bytes.
                write_if_changed(path + ".gz", gzip.compress(data, compresslevel=9, mtime=0))
            if newer(path, path + ".br"):
                if data is None:
                    with open(path, "rb") as f:
                        data = f.read()
                write_if_changed(path + ".br", brotli.compress(data, quality=11))
            # Touch them even when the bytes were the same, so the check above holds next time.
            for out in (path + ".gz", path + ".br"):
                if newer(path, out):
                    os.utime(out)


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    dist, template, icon_dir = argv[1:]
    if not os.path.isfile(os.path.join(dist, "index.html")):
        sys.exit("web-dist: %s has no index.html" % dist)
    copy_icons(dist, icon_dir)
    build = write_sw(dist, template)
    compress_all(dist)
    print("web-dist: sw.js version %s, %d precached files, %d font slices"
          % (build["version"], len(build["files"]), len(build["fonts"])))


if __name__ == "__main__":
    main(sys.argv)
