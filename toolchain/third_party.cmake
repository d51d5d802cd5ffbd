# Static libraries built straight from the unpacked upstream sources.
# Each is compiled without our warnings: it is not our code.

set(_tp "${SHEAF_THIRD_PARTY}")

# md4c: the Markdown parser (and its entity table, which we use to decode &name;).
add_library(sheaf_md4c STATIC "${_tp}/md4c/src/md4c.c" "${_tp}/md4c/src/entity.c")
target_include_directories(sheaf_md4c SYSTEM PUBLIC "${_tp}/md4c/src")
target_compile_definitions(sheaf_md4c PUBLIC MD4C_USE_UTF8)

# yaml-cpp: front matter.
file(GLOB _yaml_sources "${_tp}/yaml-cpp/src/*.cpp")
add_library(sheaf_yaml STATIC ${_yaml_sources})
target_include_directories(sheaf_yaml SYSTEM PUBLIC "${_tp}/yaml-cpp/include")
target_compile_definitions(sheaf_yaml PUBLIC YAML_CPP_STATIC_DEFINE)
target_compile_options(sheaf_yaml PRIVATE -w)

# Dear ImGui, core files plus std::string helpers; backends are added per platform.
# The fuzz tree needs them too: it fuzzes the layout engine (no backend).
add_library(sheaf_imgui STATIC
  "${_tp}/imgui/imgui.cpp" "${_tp}/imgui/imgui_draw.cpp" "${_tp}/imgui/imgui_tables.cpp"
  "${_tp}/imgui/imgui_widgets.cpp" "${_tp}/imgui/imgui_demo.cpp" "${_tp}/imgui/misc/cpp/imgui_stdlib.cpp")
target_include_directories(sheaf_imgui SYSTEM PUBLIC "${_tp}/imgui" "${_tp}/imgui/misc/cpp" "${_tp}/imgui/backends")
# Emoji live above U+FFFF; without 32-bit ImWchar they become U+FFFD.
target_compile_definitions(sheaf_imgui PUBLIC IMGUI_USE_WCHAR32 IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
target_compile_options(sheaf_imgui PRIVATE -w)

set(SHEAF_IMGUI_BACKENDS
  "${_tp}/imgui/backends/imgui_impl_glfw.cpp"
  "${_tp}/imgui/backends/imgui_impl_opengl3.cpp")
