# Web program: sheaf-web -> build/web/dist/{sheaf.js, sheaf.wasm, sheaf.data, index.html, *.css, *.js, fonts/}
# Included by the top-level CMakeLists.txt when building with Emscripten.

set(SHEAF_WEB_DIR "${CMAKE_CURRENT_LIST_DIR}")
set(SHEAF_DIST "${CMAKE_BINARY_DIR}/dist")
file(MAKE_DIRECTORY "${SHEAF_DIST}")

# --- fonts: Debian's TTF files cut into unicode-range WOFF2 slices ----------
# The page draws glyphs with the browser's own text engine (web/fonts.js), from
# these slices, so a visitor downloads only the glyphs a post shows instead of
# 18 MB of whole fonts. toolchain/font-slices.py names the faces it cuts.
set(SHEAF_FONT_DIRS
  /usr/share/fonts/truetype/nanum
  /usr/share/fonts/truetype/dejavu
  /usr/share/fonts/truetype/ancient-scripts
  CACHE STRING "Folders searched for the fonts toolchain/font-slices.py cuts")
find_program(SHEAF_SYSTEM_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT SHEAF_SYSTEM_PYTHON3)
  message(FATAL_ERROR "/usr/bin/python3 not found: run toolchain/setup.sh")
endif()
set(_font_inputs "")
foreach(name DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSans-Oblique.ttf DejaVuSans-BoldOblique.ttf DejaVuSansMono.ttf
             NanumGothic.ttf NanumGothicBold.ttf NanumGothicCoding.ttf Symbola_hint.ttf)
  unset(_font_file CACHE)
  find_file(_font_file "${name}" PATHS ${SHEAF_FONT_DIRS} NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT _font_file)
    message(FATAL_ERROR "Font ${name} not found in ${SHEAF_FONT_DIRS}: run toolchain/setup.sh")
  endif()
  list(APPEND _font_inputs "${_font_file}")
endforeach()
unset(_font_file CACHE)
set(_font_slices "${SHEAF_DIST}/fonts/slices.json")
file(GLOB_RECURSE _sample_posts CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/assets/notebook/*.md")  # --first-screen reads their titles
add_custom_command(OUTPUT "${_font_slices}"
  COMMAND "${SHEAF_SYSTEM_PYTHON3}" "${CMAKE_SOURCE_DIR}/toolchain/font-slices.py"
          --first-screen "${CMAKE_SOURCE_DIR}/assets/notebook" "${SHEAF_DIST}/fonts" ${SHEAF_FONT_DIRS}
  DEPENDS "${CMAKE_SOURCE_DIR}/toolchain/font-slices.py" "${CMAKE_SOURCE_DIR}/toolchain/hangul-frequent.txt" ${_font_inputs}
          ${_sample_posts}
  COMMENT "Cutting the fonts into WOFF2 slices (toolchain/font-slices.py)"
  VERBATIM)
add_custom_target(sheaf-web-font-slices ALL DEPENDS "${_font_slices}")

# --- the built-in sample notebook, preloaded at /notebook ------------------------
set(_notebook "${CMAKE_SOURCE_DIR}/assets/notebook")
if(NOT IS_DIRECTORY "${_notebook}")
  # Nothing written yet: preload an empty folder so the path exists.
  set(_notebook "${CMAKE_BINARY_DIR}/stage/empty-notebook")
  file(MAKE_DIRECTORY "${_notebook}")
endif()
# Watch the folder itself so a first post added later re-runs the glob.
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/assets")
file(GLOB_RECURSE _notebook_files CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/assets/notebook/*")
# A list file that changes whenever files come or go, so a removal relinks too.
set(_notebook_list "${CMAKE_BINARY_DIR}/stage/notebook-files.txt")
string(REPLACE ";" "\n" _list_text "${_notebook_files}")
if(EXISTS "${_notebook_list}")
  file(READ "${_notebook_list}" _old_list_text)
else()
  set(_old_list_text "<none>")
endif()
if(NOT _old_list_text STREQUAL _list_text)
  file(WRITE "${_notebook_list}" "${_list_text}")
endif()

# --- size: what a visitor downloads before the first frame -------------------
# The libraries that are not on a hot path (ImGui's widgets, yaml-cpp for odd
# front matter, toml++ for Hugo's) are built for size; md4c, the core's
# parsing and the layout engine keep -O3. About a quarter off the wasm.
target_compile_options(sheaf_imgui PRIVATE -Os)
target_compile_options(sheaf_yaml PRIVATE -Os)
# Also for size: the site's _config.yml, the Jekyll passes (a few per cent of
# a parse), the code tokenizer (2 ms of a 1 MB code-heavy layout) and the HTML
# export, the notebook's bookkeeping, bulk and lossless edits, zip and JSON;
# the panels of the app layer draw a frame's worth of widgets.
foreach(src properties site jekyll_blocks liquid footnotes highlight html notebook bulk_edit edit writing_aids zip
            json assets scan)
  set_source_files_properties("${CMAKE_SOURCE_DIR}/src/core/${src}.cpp" TARGET_DIRECTORY sheaf_core
    PROPERTIES COMPILE_OPTIONS "-Os")
endforeach()
target_compile_options(sheaf_app PRIVATE -Os)

# --- the program -------------------------------------------------------------
#   sheaf_platform_web  this folder but main.cpp: IndexedDB storage, clipboard, IME, drop, images, shell
#   sheaf-web           main.cpp: the main loop, on top of it
# Object libraries, so every definition of app/host.h is linked in whatever order.
add_library(sheaf_imgui_glfw_gl3 OBJECT ${SHEAF_IMGUI_BACKENDS})
target_link_libraries(sheaf_imgui_glfw_gl3 PUBLIC sheaf_imgui)
target_compile_definitions(sheaf_imgui_glfw_gl3 PUBLIC IMGUI_IMPL_OPENGL_ES3)
target_compile_options(sheaf_imgui_glfw_gl3 PRIVATE -w)  # third-party

file(GLOB SHEAF_WEB_SOURCES CONFIGURE_DEPENDS "${SHEAF_WEB_DIR}/*.cpp")
list(FILTER SHEAF_WEB_SOURCES EXCLUDE REGEX "/main\\.cpp$")
add_library(sheaf_platform_web OBJECT ${SHEAF_WEB_SOURCES})
target_link_libraries(sheaf_platform_web PUBLIC sheaf_app sheaf_core sheaf_imgui)
target_compile_options(sheaf_platform_web PRIVATE -Os)  # glue between JavaScript and the app: no hot loop
sheaf_target(sheaf_platform_web)

add_executable(sheaf-web "${SHEAF_WEB_DIR}/main.cpp")
target_link_libraries(sheaf-web PRIVATE sheaf_platform_web sheaf_imgui_glfw_gl3)
sheaf_target(sheaf-web)
set_target_properties(sheaf-web PROPERTIES
  OUTPUT_NAME sheaf
  SUFFIX ".js"
  RUNTIME_OUTPUT_DIRECTORY "${SHEAF_DIST}"
  LINK_DEPENDS "${_notebook_files};${_notebook_list}")
target_link_options(sheaf-web PRIVATE
  -sUSE_GLFW=3
  -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=64MB
  -sENVIRONMENT=web
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString,stringToUTF8,lengthBytesUTF8,FS,HEAPU8
  "SHELL:--preload-file ${_notebook}@/notebook")

# --- the page: web/* copied next to sheaf.js ---------------------------------
file(GLOB _page_files CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/web/*")
set(_page_outputs "")
foreach(f ${_page_files})
  get_filename_component(name "${f}" NAME)
  add_custom_command(OUTPUT "${SHEAF_DIST}/${name}"
    COMMAND ${CMAKE_COMMAND} -E copy "${f}" "${SHEAF_DIST}/${name}"
    DEPENDS "${f}" VERBATIM)
  list(APPEND _page_outputs "${SHEAF_DIST}/${name}")
endforeach()
add_custom_target(sheaf-web-page ALL DEPENDS ${_page_outputs})

# --- ready for any static host: icons, sw.js with the build's hashes, .gz/.br ---
# Runs on every build, after everything that writes into dist; the script
# itself skips work whose inputs did not change (see toolchain/web-dist.py).
set(SHEAF_PYTHON /usr/bin/python3 CACHE FILEPATH "Python with the brotli module, for toolchain/web-dist.py")
add_custom_target(sheaf-web-dist ALL
  COMMAND "${SHEAF_PYTHON}" "${CMAKE_SOURCE_DIR}/toolchain/web-dist.py"
          "${SHEAF_DIST}" "${CMAKE_SOURCE_DIR}/web/sw.js" "${CMAKE_SOURCE_DIR}/assets/icons"
  COMMENT "Precache list, icons and precompressed files in ${SHEAF_DIST}"
  VERBATIM)
add_dependencies(sheaf-web-dist sheaf-web sheaf-web-page)
if(TARGET sheaf-web-font-slices)
  add_dependencies(sheaf-web-dist sheaf-web-font-slices)
endif()
