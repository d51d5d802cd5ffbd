# Desktop app: GLFW + OpenGL3, the same App as the web page.
#   sheaf_platform_native  this folder but main.cpp: dialogs, clipboard, shell, images, settings
#   sheaf                  main.cpp: the main loop, on top of it
# Object libraries, so every definition of app/host.h is linked in whatever order.
add_library(sheaf_imgui_glfw_gl3 OBJECT ${SHEAF_IMGUI_BACKENDS})
target_link_libraries(sheaf_imgui_glfw_gl3 PUBLIC sheaf_imgui glfw OpenGL::GL)
target_compile_options(sheaf_imgui_glfw_gl3 PRIVATE -w)  # third-party

file(GLOB SHEAF_NATIVE_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
list(FILTER SHEAF_NATIVE_SOURCES EXCLUDE REGEX "/main\\.cpp$")
add_library(sheaf_platform_native OBJECT ${SHEAF_NATIVE_SOURCES})
target_link_libraries(sheaf_platform_native PUBLIC sheaf_app sheaf_core sheaf_imgui glfw OpenGL::GL pthread)
sheaf_target(sheaf_platform_native)

add_executable(sheaf ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
target_link_libraries(sheaf PRIVATE sheaf_platform_native sheaf_imgui_glfw_gl3)
sheaf_target(sheaf)
# Assets: the program looks beside itself first (PREFIX/bin -> PREFIX/share/sheaf/assets),
# then under the configured prefix, then (a developer's build) in the source tree.
include(GNUInstallDirs)
option(SHEAF_SOURCE_ASSETS_FALLBACK "The desktop app may read the sample notebook from the source tree" ON)
get_filename_component(_sheaf_assets "${CMAKE_CURRENT_LIST_DIR}/../../../assets" ABSOLUTE)
target_compile_definitions(sheaf PRIVATE SHEAF_INSTALL_ASSETS_DIR="${CMAKE_INSTALL_FULL_DATADIR}/sheaf/assets")
if(SHEAF_SOURCE_ASSETS_FALLBACK)
  target_compile_definitions(sheaf PRIVATE SHEAF_SOURCE_ASSETS_DIR="${_sheaf_assets}")
endif()
install(TARGETS sheaf RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY "${_sheaf_assets}/notebook" DESTINATION "${CMAKE_INSTALL_DATADIR}/sheaf/assets")
# The desktop's menu entry and its icon (freedesktop.org: applications/ and the hicolor theme).
install(FILES "${_sheaf_assets}/sheaf.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${_sheaf_assets}/icons/sheaf.svg" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
foreach(_size 512 192)
  install(FILES "${_sheaf_assets}/icons/sheaf-${_size}.png" RENAME sheaf.png
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${_size}x${_size}/apps")
endforeach()
find_path(STB_INCLUDE stb/stb_image.h PATHS /usr/include)
if(STB_INCLUDE)
  target_include_directories(sheaf_platform_native SYSTEM PRIVATE ${STB_INCLUDE}/stb)
else()
  message(FATAL_ERROR "stb_image.h not found: install libstb-dev (toolchain/setup.sh does)")
endif()
