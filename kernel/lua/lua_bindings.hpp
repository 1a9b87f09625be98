#pragma once
// Internal to the sandbox: the C functions that replace or extend stock Lua, grouped by file.
// Each install_* function sets fields of the table at absolute stack index `table`.
#include <lua.hpp>

namespace helpdesk::kernel::lua {

// lua_base_binding.cpp: pcall, xpcall (abort-aware), setmetatable (refuses __gc), getmetatable
// (tables only), tostring (no addresses), log (replaces print).
void install_base_bindings(lua_State* L, int table);
// Pushes what our tostring returns for the value at `index`.
void push_safe_string(lua_State* L, int index);

// lua_require_binding.cpp: require over the state's ModuleLibrary.
void install_require(lua_State* L, int table);

// lua_pattern_binding.cpp: find, match, gmatch, gsub over our budgeted matcher.
void install_pattern_bindings(lua_State* L, int string_table);

// lua_charged_binding.cpp: string.rep with a size check, and a budget charge in front of the
// library functions whose C work grows with their input (sub, upper, format, concat, sort, …).
void install_charged_string_bindings(lua_State* L, int string_table);
void install_charged_table_bindings(lua_State* L, int table_table);
void install_charged_utf8_bindings(lua_State* L, int utf8_table);

// sandbox_env.cpp: the allow-listed environment.
void build_environment(lua_State* L);
// Pushes a fresh, empty _ENV table for one chunk (reads fall through to the frozen base).
void push_script_env(lua_State* L);
// Pops the value on top into the base environment as global `name`.
void define_base_global(lua_State* L, const char* name);
// Pushes an empty table that reads through to the table at `real` and refuses writes with
// "<name> is read-only"; pairs and # see the real table.
void push_read_only_view(lua_State* L, int real, const char* name);

}  // namespace helpdesk::kernel::lua
