#!/usr/bin/env python3
"""Sheaf layer check: every #include of every file under src/ must point down
the layers, never up or sideways. The build runs it before compiling anything
(the sheaf_layers target in CMakeLists.txt); a wrong-way include fails the
build with file:line, the include and the rule it breaks.

    core              -> core                       (+ md4c, yaml-cpp, toml++)
    ui                -> ui, core                   (+ imgui)
    app               -> app, ui, core              (+ imgui)
    platform/native   -> platform/native, core, app/app.h, app/host.h
                                                    (+ imgui and its backends, GLFW, GL, stb)
    platform/web      -> platform/web, core, app/app.h, app/host.h
                                                    (+ imgui and its backends, GLFW, Emscripten)
    cli               -> cli, core

Only the platforms may include windowing, GL or Emscripten headers, and only
ui, app and the platforms may include ImGui. A quoted include that is neither
one of ours nor a known third-party header is refused too, so a new library
has to be named here before a layer may use it.

Usage: check-layers.py SRC_DIR      (exit 0: clean, 1: wrong-way includes, 2: usage)
"""
import os
import re
import sys

# The layers, by folder under src/, and which layers each may include.
LAYERS = ["core", "ui", "app", "platform/native", "platform/web", "cli"]

# A platform sees only these headers of the app: the App class and the host
# services the platform defines for it.
APP_PUBLIC = {"app/app.h", "app/host.h"}

ALLOWED_LAYERS = {
    "core": {"core"},
    "ui": {"ui", "core"},
    "app": {"app", "ui", "core"},
    "platform/native": {"platform/native", "core", "app-public"},
    "platform/web": {"platform/web", "core", "app-public"},
    "cli": {"cli", "core"},
}

# Third-party headers (quoted or angled), by family.
THIRD_PARTY = [
    ("md4c", re.compile(r"^(md4c|md4c-html|entity)\.h$")),
    ("yaml-cpp", re.compile(r"^yaml-cpp/")),
    ("toml++", re.compile(r"^toml\+\+/")),
    ("imgui-backend", re.compile(r"^imgui_impl_[a-z0-9_]+\.h$")),
    ("imgui", re.compile(r"^(imgui|imgui_internal|imconfig|imstb_[a-z]+)\.h$|^(misc/cpp/)?imgui_stdlib\.h$")),
    ("stb", re.compile(r"^stb_[a-z_]+\.h$|^stb/")),
    ("glfw", re.compile(r"^GLFW/")),
    ("gl", re.compile(r"^(GL|GLES[0-9]*|EGL|KHR|OpenGL)/")),
    ("emscripten", re.compile(r"^emscripten(\.h|/)")),
]

ALLOWED_THIRD_PARTY = {
    "core": {"md4c", "yaml-cpp", "toml++"},
    "ui": {"imgui"},
    "app": {"imgui"},
    "platform/native": {"imgui", "imgui-backend", "glfw", "gl", "stb"},
    "platform/web": {"imgui", "imgui-backend", "glfw", "gl", "emscripten"},
    "cli": set(),
}

# Angled families that are checked (the rest of <...> is the system's and the
# standard library's, which every layer may use).
CHECKED_ANGLED = {"imgui", "imgui-backend", "glfw", "gl", "emscripten", "stb"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
SOURCE_EXT = (".h", ".hpp", ".c", ".cc", ".cpp", ".inl")


def layer_of_file(rel):
    """The layer a file under src/ belongs to ('platform/web/x.cpp' -> 'platform/web')."""
    for layer in sorted(LAYERS, key=len, reverse=True):
        if rel.startswith(layer + "/"):
            return layer
    return None


def third_party_family(path):
    for name, pattern in THIRD_PARTY:
        if pattern.search(path):
            return name
    return None


def describe(layer):
    parts = []
    for l in LAYERS:
        if l in ALLOWED_LAYERS[layer]:
            parts.append(l)
    if "app-public" in ALLOWED_LAYERS[layer]:
        parts.append(" and ".join(sorted(APP_PUBLIC)))
    extra = sorted(ALLOWED_THIRD_PARTY[layer])
    text = f"{layer} may include only {', '.join(parts)}"
    return text + (f" (and {', '.join(extra)})" if extra else " (and no third-party headers)")


def check_include(src, rel, layer, kind, target):
    """None when the include is allowed, else the rule it breaks."""
    family = third_party_family(target)
    if kind == "<":
        if family in CHECKED_ANGLED and family not in ALLOWED_THIRD_PARTY[layer]:
            return f"{family} headers are not for {layer}: {describe(layer)}"
        return None
    # Quoted: one of ours (by its path under src/, or beside the file), or third-party.
    normalized = os.path.normpath(target).replace(os.sep, "/")
    if normalized.startswith("../"):
        return f"includes climb out of their folder: {describe(layer)}"
    beside = os.path.normpath(os.path.join(os.path.dirname(rel), target)).replace(os.sep, "/")
    if "/" not in target and os.path.isfile(os.path.join(src, beside)):
        normalized = beside
    to_layer = layer_of_file(normalized)
    if to_layer is None and normalized.split("/")[0] in ("core", "ui", "app", "cli", "platform"):
        return f"{normalized} is in no layer: {describe(layer)}"
    if to_layer is not None:
        allowed = ALLOWED_LAYERS[layer]
        if to_layer in allowed:
            return None
        if "app-public" in allowed and normalized in APP_PUBLIC:
            return None
        if "app-public" in allowed and to_layer == "app":
            return f"{normalized} is inside the app; a platform sees only {' and '.join(sorted(APP_PUBLIC))}"
        return f"{layer} must not include {to_layer}: {describe(layer)}"
    if family is None:
        return (f"not one of ours and not a known third-party header "
                f"(name it in toolchain/check-layers.py): {describe(layer)}")
    if family not in ALLOWED_THIRD_PARTY[layer]:
        return f"{family} headers are not for {layer}: {describe(layer)}"
    return None


def check_tree(src):
    problems = []
    files = 0
    for root, dirs, names in os.walk(src):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(SOURCE_EXT):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src).replace(os.sep, "/")
            layer = layer_of_file(rel)
            if layer is None:
                problems.append(f"src/{rel}:1: this file is in no layer (put it under one of: {', '.join(LAYERS)})")
                continue
            files += 1
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    kind, target = m.group(1), m.group(2).strip()
                    why = check_include(src, rel, layer, kind, target)
                    if why:
                        shown = f'"{target}"' if kind == '"' else f"<{target}>"
                        problems.append(f"src/{rel}:{number}: #include {shown}: {why}")
    return files, problems


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.stderr.write("usage: check-layers.py SRC_DIR\n")
        return 2
    files, problems = check_tree(argv[1])
    for p in problems:
        sys.stderr.write(f"layers: {p}\n")
    if problems:
        sys.stderr.write(f"layers: {len(problems)} include(s) cross a layer the wrong way "
                         f"(rules: toolchain/check-layers.py)\n")
        return 1
    print(f"layers: {files} files follow the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
