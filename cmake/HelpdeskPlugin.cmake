# helpdesk_embed_migrations(<target> <c++ function name> <dir>)
#   Compiles every <dir>/NNN_name.sql into <target> as
#   `std::vector<helpdesk::Migration> <function>()` (declared by the caller).
function(helpdesk_embed_migrations target function dir)
  file(GLOB sql_files CONFIGURE_DEPENDS ${dir}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${function}.cpp)
  set(body "// Generated from ${dir} by helpdesk_embed_migrations; do not edit.\n#include <helpdesk/storage.hpp>\n#include <vector>\n")
  string(APPEND body "std::vector<helpdesk::Migration> ${function}() {\n  return {\n")
  foreach(f ${sql_files})
    get_filename_component(name ${f} NAME_WE)
    string(REGEX MATCH "^[0-9]+" version ${name})
    string(REGEX REPLACE "^[0-9]+_?" "" label ${name})
    if(NOT version)
      message(FATAL_ERROR "migration ${f}: the file name must start with its number (001_name.sql)")
    endif()
    math(EXPR version "${version}")
    file(READ ${f} sql)
    string(APPEND body "    {${version}, \"${label}\", R\"__sql__(${sql})__sql__\"},\n")
  endforeach()
  string(APPEND body "  };\n}\n")
  # Written only when changed (no rebuild otherwise); file(WRITE) keeps ${…} in SQL literal.
  set(current "")
  if(EXISTS ${out})
    file(READ ${out} current)
  endif()
  if(NOT current STREQUAL body)
    file(WRITE ${out} "${body}")
  endif()
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${sql_files})
  target_sources(${target} PRIVATE ${out})
endfunction()

# helpdesk_plugin_static_library(<target>)
#   A static library that a plugin module links: position-independent, exporting nothing
#   (RTLD_LOCAL modules must not clash on each other's symbols).
function(helpdesk_plugin_static_library target)
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()

# helpdesk_add_plugin(<name> SOURCES … [LIBS …])
#   Builds lib<name>.so into <build>/plugins/<name>/ with its plugin.yaml beside it.
function(helpdesk_add_plugin name)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${name} MODULE ${P_SOURCES})
  target_link_libraries(${name} PRIVATE helpdesk::sdk ${P_LIBS})
  set_target_properties(${name} PROPERTIES
    PREFIX "lib"
    LIBRARY_OUTPUT_DIRECTORY ${HELPDESK_PLUGIN_OUTPUT_DIR}/${name}
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/plugin.yaml)
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/plugin.yaml ${HELPDESK_PLUGIN_OUTPUT_DIR}/${name}/plugin.yaml COPYONLY)
  endif()
endfunction()
