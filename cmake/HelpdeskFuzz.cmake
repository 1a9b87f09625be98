# Fuzz targets (docs/fuzzing.md). One entry source per target defines
#   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
# and is built two ways:
#   - HELPDESK_FUZZ=ON (the `fuzz` preset, clang-14): a libFuzzer executable `fuzz_<name>`, plus a
#     ctest `fuzz_<name>_replay` running it once over the committed corpus under ASan/UBSan;
#   - otherwise (g++, the default build, with BUILD_TESTING): an executable `fuzz_<name>_replay`
#     that feeds every file of the committed corpus to the same entry point, registered as the
#     ctest `fuzz_<name>_replay` (labels "unit" and "fuzz"). g++ 12 has no -fsanitize=fuzzer.
#
# helpdesk_add_fuzz_target(<name> ENTRY <source.cpp> CORPUS <dir> [LIBS <libs>…] [DICT <file>]
#                          [DEFINITIONS <NAME=value>…])
#   name         short name: the executable is fuzz_<name>; tools/fuzz.sh runs every target
#   ENTRY        the source defining LLVMFuzzerTestOneInput (it may define helpers too)
#   CORPUS       folder of seed inputs, committed; relative paths are taken from the caller's folder
#   LIBS         what the entry links (the code under test)
#   DICT         optional libFuzzer dictionary (tokens of the input language) for tools/fuzz.sh
#   DEFINITIONS  extra compile definitions for the entry, e.g. a source path it needs
#
# From a plugin folder (plugins/<name>/CMakeLists.txt), after its core library:
#   helpdesk_add_fuzz_target(mime ENTRY fuzz/mime_entry.cpp LIBS intake_email_core CORPUS fuzz/corpus/mime)
option(HELPDESK_FUZZ "Build libFuzzer targets (clang only; use the `fuzz` CMake preset)" OFF)

# replay_main.cpp (the g++ build's driver) and fuzz_check.hpp (FUZZ_CHECK, on every entry's
# include path as "fuzz_check.hpp").
get_filename_component(HELPDESK_FUZZ_SUPPORT_DIR ${CMAKE_CURRENT_LIST_DIR}/../tests/fuzz ABSOLUTE)
# tools/fuzz.sh reads one file per target from here: line 1 the executable, line 2 the corpus,
# line 3 the dictionary (may be empty). Cleared at each configure so removed targets disappear.
set(HELPDESK_FUZZ_MANIFEST_DIR ${CMAKE_BINARY_DIR}/fuzz-targets)
if(HELPDESK_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "HELPDESK_FUZZ=ON needs clang (libFuzzer); configure with `cmake --preset fuzz`")
  endif()
  file(REMOVE_RECURSE ${HELPDESK_FUZZ_MANIFEST_DIR})
  add_custom_target(fuzz_all)
endif()

function(helpdesk_add_fuzz_target name)
  cmake_parse_arguments(F "" "ENTRY;CORPUS;DICT" "LIBS;DEFINITIONS" ${ARGN})
  if(NOT F_ENTRY OR NOT F_CORPUS)
    message(FATAL_ERROR "helpdesk_add_fuzz_target(${name}): ENTRY and CORPUS are required")
  endif()
  get_filename_component(corpus ${F_CORPUS} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  if(NOT IS_DIRECTORY ${corpus})
    message(FATAL_ERROR "helpdesk_add_fuzz_target(${name}): corpus folder ${corpus} does not exist")
  endif()
  set(dict "")
  if(F_DICT)
    get_filename_component(dict ${F_DICT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  endif()

  if(HELPDESK_FUZZ)
    set(exe fuzz_${name})
    add_executable(${exe} ${F_ENTRY})
    # The code under test is instrumented by the preset's compile flags; only the fuzzer's own
    # main is linked here.
    target_link_options(${exe} PRIVATE -fsanitize=fuzzer)
    add_dependencies(fuzz_all ${exe})
    file(GENERATE OUTPUT ${HELPDESK_FUZZ_MANIFEST_DIR}/${name}
         CONTENT "$<TARGET_FILE:${exe}>\n${corpus}\n${dict}\n")
    set(replay_command ${exe} -runs=0 ${corpus})
    set(labels fuzz)
  elseif(BUILD_TESTING)
    if(NOT TARGET helpdesk_fuzz_replay_main)
      add_library(helpdesk_fuzz_replay_main STATIC ${HELPDESK_FUZZ_SUPPORT_DIR}/replay_main.cpp)
    endif()
    set(exe fuzz_${name}_replay)
    add_executable(${exe} ${F_ENTRY})
    target_link_libraries(${exe} PRIVATE helpdesk_fuzz_replay_main)
    set(replay_command ${exe} ${corpus})
    set(labels "unit;fuzz")
  else()
    return()
  endif()

  target_link_libraries(${exe} PRIVATE ${F_LIBS})
  target_compile_definitions(${exe} PRIVATE ${F_DEFINITIONS})
  target_include_directories(${exe} PRIVATE ${HELPDESK_FUZZ_SUPPORT_DIR})
  if(BUILD_TESTING)
    add_test(NAME fuzz_${name}_replay COMMAND ${replay_command})
    set_tests_properties(fuzz_${name}_replay PROPERTIES LABELS "${labels}" TIMEOUT 60)
  endif()
endfunction()
