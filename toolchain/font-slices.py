#!/usr/bin/python3
"""Sheaf font slices: cuts Debian's TTF files into small unicode-range WOFF2
files for the web page, so a visitor downloads only the glyphs a post shows.

    font-slices.py [--first-screen NOTEBOOK_DIR] OUT_DIR FONT_DIR [FONT_DIR...]

Writes OUT_DIR/<face>-<n>.<hash>.woff2 (content-addressed, so a service
worker may cache them forever) and OUT_DIR/slices.json, which web/fonts.js
reads: one entry per CSS face (family, weight, style, size-adjust) with its
slices and their codepoint ranges, plus the vertical metrics the canvas
glyph loader needs to size text the way stb_truetype does on the desktop.

How a face is cut:
  - Hangul faces: the syllables in hangul-frequent.txt first (one slice),
    then the rest of the 2,350 KS X 1001 syllables in codepoint order, then
    the rare syllables, then everything else by Unicode block;
  - other faces: Basic Latin, Latin-1 and common punctuation first, then by block.
A face listed after another in a font stack leaves out what the earlier face
draws (NanumGothic's Latin letters are never shown under DejaVu Sans). The
symbol face keeps its emoji: it comes after the system's colour emoji fonts in
every stack, so its outlines show only where the system has none.

With --first-screen, slices.json also names the slices the built-in sample
notebook's first screen needs (its titles, in the bold list face), so the
page fetches them alongside the wasm on a first visit instead of after the
first layout.

Needs fontTools with brotli (Debian: python3-fonttools, python3-brotli).
"""
import concurrent.futures
import hashlib
import io
import json
import logging
import os
import re
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = os.path.dirname(os.path.abspath(__file__))

# (key, file, family, weight, style, stack parent keys whose glyphs are left out)
FACES = [
    ("sans-400", "DejaVuSans.ttf", "Sheaf Sans", "400", "normal", []),
    ("sans-700", "DejaVuSans-Bold.ttf", "Sheaf Sans", "700", "normal", []),
    ("sans-400i", "DejaVuSans-Oblique.ttf", "Sheaf Sans", "400", "italic", []),
    ("sans-700i", "DejaVuSans-BoldOblique.ttf", "Sheaf Sans", "700", "italic", []),
    ("hangul-400", "NanumGothic.ttf", "Sheaf Hangul", "400", "normal", ["sans"]),
    ("hangul-700", "NanumGothicBold.ttf", "Sheaf Hangul", "700", "normal", ["sans"]),
    ("mono-400", "DejaVuSansMono.ttf", "Sheaf Mono", "400", "normal", []),
    ("hangulmono-400", "NanumGothicCoding.ttf", "Sheaf Hangul Mono", "400", "normal", ["mono"]),
    ("symbols-400", "Symbola_hint.ttf", "Sheaf Symbols", "100 900", "normal", ["sans", "hangul"]),
]
# What "sans" etc. mean as parents: codepoints every face of that group draws.
GROUPS = {
    "sans": ["sans-400", "sans-700", "sans-400i", "sans-700i"],
    "hangul": ["hangul-400", "hangul-700"],
    "mono": ["mono-400"],
}
# Size of each face relative to the Latin face of its stack, as the desktop
# draws them: ImGui's stb_truetype loader scales every merged font so that
# ascent - descent equals the font size, so faces with different vertical
# metrics get different em sizes. CSS size-adjust reproduces that.
STACK_BASE = {"sans": "DejaVuSans.ttf", "hangul": "DejaVuSans.ttf", "symbols": "DejaVuSans.ttf",
              "mono": "DejaVuSansMono.ttf", "hangulmono": "DejaVuSansMono.ttf"}

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
SLICE_SMALL = 100  # common Hangul: a post touches many of these slices
SLICE_LARGE = 400  # rare syllables, Hanja, symbols: most posts touch none


def ks_x_1001_syllables():
    out = []
    for lead in range(0xB0, 0xC9):
        for trail in range(0xA1, 0xFF):
            try:
                ch = bytes([lead, trail]).decode("euc_kr")
            except UnicodeDecodeError:
                continue
            cp = ord(ch)
            if HANGUL_FIRST <= cp <= HANGUL_LAST:
                out.append(cp)
    return out


def frequent_syllables():
    seen, out = set(), []
    with open(os.path.join(HERE, "hangul-frequent.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            for ch in line:
                cp = ord(ch)
                if HANGUL_FIRST <= cp <= HANGUL_LAST and cp not in seen:
                    seen.add(cp)
                    out.append(cp)
    return out


def block_of(cp):
    """A coarse Unicode block key, so a slice holds related characters."""
    return cp >> 7  # 128-codepoint rows


def chunk_by_block(cps, size):
    out, cur, cur_block = [], [], None
    for cp in sorted(cps):
        b = block_of(cp)
        if cur and (len(cur) >= size or (b != cur_block and len(cur) >= size // 4)):
            out.append(cur)
            cur = []
        cur.append(cp)
        cur_block = b
    if cur:
        out.append(cur)
    return out


def plan_slices(key, cmap_cps):
    cps = set(cmap_cps)
    slices = []
    if key.startswith("hangul") and not key.startswith("hangulmono"):
        syllables = {cp for cp in cps if HANGUL_FIRST <= cp <= HANGUL_LAST}
        first = [cp for cp in frequent_syllables() if cp in syllables]
        ks = [cp for cp in ks_x_1001_syllables() if cp in syllables and cp not in set(first)]
        rare = sorted(syllables - set(first) - set(ks))
        slices.append(first)
        slices += [ks[i:i + SLICE_SMALL] for i in range(0, len(ks), SLICE_SMALL)]
        slices += [rare[i:i + SLICE_LARGE] for i in range(0, len(rare), SLICE_LARGE)]
        cps -= syllables
    elif key.startswith("hangulmono"):
        syllables = {cp for cp in cps if HANGUL_FIRST <= cp <= HANGUL_LAST}
        common = set(ks_x_1001_syllables())
        a = sorted(syllables & common)
        b = sorted(syllables - common)
        slices += [a[i:i + SLICE_LARGE] for i in range(0, len(a), SLICE_LARGE)]
        slices += [b[i:i + SLICE_LARGE] for i in range(0, len(b), SLICE_LARGE)]
        cps -= syllables
    else:
        basic = {cp for cp in cps if cp < 0x250 or 0x2000 <= cp <= 0x206F or cp in (0x20AC, 0x2122, 0xFFFD)}
        if basic:
            slices.append(sorted(basic))
        cps -= basic
    slices += chunk_by_block(cps, SLICE_LARGE)
    return [s for s in slices if s]


def ranges_of(cps):
    out = []
    for cp in sorted(cps):
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def pack_ranges(cps):
    """Ranges as text: each range is the gap from the previous range's end
    and, when longer than one codepoint, ':' and its extra length, in base 36,
    joined by ','. About 3 bytes a range, where JSON pairs take 14."""
    def b36(n):
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"
        out = ""
        while True:
            n, r = divmod(n, 36)
            out = digits[r] + out
            if n == 0:
                return out
    parts, prev = [], 0
    for a, b in ranges_of(cps):
        parts.append(b36(a - prev) + (":" + b36(b - a) if b > a else ""))
        prev = b
    return ",".join(parts)


def cut(job):
    path, cps, out_dir, stem = job
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # not "table X dropped" for every slice
    font = TTFont(path, recalcTimestamp=False)  # the same bytes, so the same name, on every build
    opts = subset.Options()
    opts.flavor = "woff2"
    opts.layout_features = ["*"]
    opts.hinting = False  # the canvas draws unhinted at device pixels
    opts.notdef_outline = False
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.drop_tables += ["DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=cps)
    sub.subset(font)
    buf = io.BytesIO()
    font.flavor = "woff2"
    font.save(buf)
    data = buf.getvalue()
    name = "%s.%s.woff2" % (stem, hashlib.sha256(data).hexdigest()[:10])
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)
    return name, len(data)


def find(name, dirs):
    for d in dirs:
        p = os.path.join(d, name)
        if os.path.isfile(p):
            return p
    sys.exit("font-slices: %s not found in %s (run toolchain/setup.sh)" % (name, ", ".join(dirs)))


def vmetrics(path):
    t = TTFont(path, lazy=True)
    return {"upem": t["head"].unitsPerEm, "ascent": t["hhea"].ascent, "descent": t["hhea"].descent}


TITLE_LINE = re.compile(r"""^\s*"?title"?\s*[:=]\s*["']?(.*?)["']?,?\s*$""", re.M)


def first_screen_text(notebook):
    """The titles of the sample notebook's posts: what the post list shows."""
    out = []
    for root, _, files in os.walk(notebook):
        for name in files:
            if name.endswith((".md", ".markdown")):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                    m = TITLE_LINE.search(f.read(4096))
                if m:
                    out.append(m.group(1))
    return "".join(out)


def main():
    args = sys.argv[1:]
    notebook = None
    if args[:1] == ["--first-screen"]:
        notebook, args = args[1], args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    out_dir, dirs = args[0], args[1:]
    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        if old.endswith(".woff2") or old == "slices.json":
            os.remove(os.path.join(out_dir, old))

    paths = {key: find(file, dirs) for key, file, *_ in FACES}
    cmaps = {key: set(TTFont(paths[key], lazy=True).getBestCmap()) for key in paths}
    group_cover = {g: set.intersection(*(cmaps[k] for k in keys)) for g, keys in GROUPS.items()}
    group_cover["hangul"] = cmaps["hangul-400"] | cmaps["hangul-700"]

    jobs, plan = [], []
    for key, file, family, weight, style, parents in FACES:
        cps = set(cmaps[key])
        for p in parents:
            cps -= group_cover[p]
        # Controls are never drawn; the space comes from the first face of a
        # stack only (a later face's space would win nowhere, and an emoji
        # font's wide one must never be picked for a font that lacks it).
        cps = {cp for cp in cps if cp > (0x20 if parents else 0x1F)}
        slices = plan_slices(key, cps)
        plan.append((key, file, family, weight, style, slices))
        for n, s in enumerate(slices):
            jobs.append((paths[key], s, out_dir, "%s-%d" % (key, n)))

    workers = max(1, min(os.cpu_count() or 1, 8))
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(cut, jobs, chunksize=4))

    faces, plans, at = [], [], 0
    for key, file, family, weight, style, slices in plan:
        stack = key.split("-")[0]
        base = vmetrics(find(STACK_BASE[stack], dirs))
        own = vmetrics(paths[key])
        # em size per pixel of font size, stb_truetype's way: upem / (ascent - descent)
        em = lambda m: m["upem"] / (m["ascent"] - m["descent"])
        face = {"key": key, "family": family, "weight": weight, "style": style, "source": file,
                "sizeAdjust": round(em(own) / em(base), 4), "slices": []}
        # A bold face cut exactly like its regular one shares its ranges.
        twin = next((f for f, sl in zip(faces, plans) if sl == slices), None)
        if twin:
            face["rangesOf"] = twin["key"]
        for s in slices:
            name, size = results[at]
            at += 1
            entry = {"file": name, "bytes": size}
            if not twin:
                entry["ranges"] = pack_ranges(s)
            face["slices"].append(entry)
        faces.append(face)
        plans.append(slices)

    # The first screen's slices: the bold list face (then the faces after it
    # in its stack) for every character of the sample notebook's titles.
    preload = []
    if notebook:
        wanted = {ord(c) for c in first_screen_text(notebook)}
        for key in ("sans-700", "hangul-700", "symbols-400"):
            face = next(f for f in faces if f["key"] == key)
            cut_plan = next(sl for (k, *_rest, sl) in plan if k == key)
            for cps, entry in zip(cut_plan, face["slices"]):
                if wanted & set(cps):
                    preload.append(entry["file"])
                    wanted -= set(cps)

    manifest = {
        "version": 1,
        "preload": preload,
        # The Latin face of each stack sets the line: ascent and descent as stb_truetype reads them.
        "metrics": {"sans": vmetrics(paths["sans-400"]), "mono": vmetrics(paths["mono-400"])},
        "faces": faces,
    }
    with open(os.path.join(out_dir, "slices.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, separators=(",", ":"))
    total = sum(size for _, size in results)
    print("font-slices: %d faces, %d slices, %.1f MB" % (len(faces), len(results), total / 1048576))


if __name__ == "__main__":
    main()
