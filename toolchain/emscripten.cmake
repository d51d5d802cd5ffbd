# CMake toolchain file for the web build: finds the Emscripten installation
# and includes its own toolchain file, so no install path is written down.
# Used by the "web" preset; also usable as -DCMAKE_TOOLCHAIN_FILE=<this file>.
#
# Where it looks, in order:
#   1. the EMSCRIPTEN_ROOT or EMSCRIPTEN environment variable (emsdk sets the latter);
#   2. `em-config EMSCRIPTEN_ROOT`;
#   3. the folder of `emcc` on PATH, symbolic links resolved (Debian's
#      /usr/bin/emcc leads into the emscripten folder; emsdk's emcc lives in it).
# CMake reads a toolchain file again for every try_compile; the answer is kept
# in the environment of this CMake run so the search happens once.

set(_sheaf_em_module "cmake/Modules/Platform/Emscripten.cmake")

if(NOT "$ENV{SHEAF_EMSCRIPTEN_ROOT}" STREQUAL "" AND EXISTS "$ENV{SHEAF_EMSCRIPTEN_ROOT}/${_sheaf_em_module}")
  set(_sheaf_em_root "$ENV{SHEAF_EMSCRIPTEN_ROOT}")
else()
  set(_sheaf_em_root "")
  set(_sheaf_em_tried "")
  foreach(_var EMSCRIPTEN_ROOT EMSCRIPTEN)
    if(NOT _sheaf_em_root AND NOT "$ENV{${_var}}" STREQUAL "")
      list(APPEND _sheaf_em_tried "$ENV{${_var}} (\$${_var})")
      if(EXISTS "$ENV{${_var}}/${_sheaf_em_module}")
        set(_sheaf_em_root "$ENV{${_var}}")
      endif()
    endif()
  endforeach()
  if(NOT _sheaf_em_root)
    find_program(_sheaf_em_config em-config NO_CACHE)
    if(_sheaf_em_config)
      execute_process(COMMAND "${_sheaf_em_config}" EMSCRIPTEN_ROOT
                      OUTPUT_VARIABLE _sheaf_em_out OUTPUT_STRIP_TRAILING_WHITESPACE
                      ERROR_QUIET RESULT_VARIABLE _sheaf_em_rc)
      if(_sheaf_em_rc EQUAL 0 AND _sheaf_em_out)
        list(APPEND _sheaf_em_tried "${_sheaf_em_out} (em-config)")
        if(EXISTS "${_sheaf_em_out}/${_sheaf_em_module}")
          set(_sheaf_em_root "${_sheaf_em_out}")
        endif()
      endif()
    endif()
  endif()
  if(NOT _sheaf_em_root)
    find_program(_sheaf_emcc emcc NO_CACHE)
    if(_sheaf_emcc)
      file(REAL_PATH "${_sheaf_emcc}" _sheaf_emcc_real)
      get_filename_component(_sheaf_em_dir "${_sheaf_emcc_real}" DIRECTORY)
      list(APPEND _sheaf_em_tried "${_sheaf_em_dir} (emcc)")
      if(EXISTS "${_sheaf_em_dir}/${_sheaf_em_module}")
        set(_sheaf_em_root "${_sheaf_em_dir}")
      endif()
    endif()
  endif()
  if(NOT _sheaf_em_root)
    list(JOIN _sheaf_em_tried ", " _sheaf_em_tried)
    if(NOT _sheaf_em_tried)
      set(_sheaf_em_tried "nothing: no EMSCRIPTEN_ROOT, em-config or emcc")
    endif()
    message(FATAL_ERROR "Emscripten not found (looked at ${_sheaf_em_tried}). "
                        "Install it (toolchain/setup.sh does), put emcc on PATH or set EMSCRIPTEN_ROOT.")
  endif()
  set(ENV{SHEAF_EMSCRIPTEN_ROOT} "${_sheaf_em_root}")
endif()

include("${_sheaf_em_root}/${_sheaf_em_module}")
