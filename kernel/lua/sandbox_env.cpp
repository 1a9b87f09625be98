// The scripts' environment, built from an allow-list: everything a script can reach is named in
// this file, and every omission says why (Wikimedia LuaSandbox's library.c does the same).
//
// Shape: a base table holds the allowed globals; libraries in it are read-only views. Each chunk
// runs with its own empty _ENV whose reads fall through to the base (no C call on a hit) and
// whose writes are refused; the base itself refuses reads of unknown names, so a typo such as
// `prnit` is an error instead of a nil. Scripts never get a reference to the base table.
#include "kernel/lua/lua_bindings.hpp"
#include "kernel/lua/sandbox_state.hpp"

namespace helpdesk::kernel::lua {
namespace {

char base_key;      // registry: the base environment table
char env_meta_key;  // registry: the metatable shared by every chunk's _ENV

// Stock base functions kept as they are.
constexpr const char* kBaseAllowed[] = {
    "assert", "error",  "ipairs", "next",     "pairs", "rawequal",
    "rawget", "rawlen", "select", "tonumber", "type",  "_VERSION",
    // Replaced (lua_base_binding.cpp): pcall, xpcall (a budget or memory abort must pass through),
    // setmetatable (no __gc), getmetatable (tables only), tostring (no addresses), print -> log.
    // Omitted:
    //   load, loadstring, dofile, loadfile: code from strings or files bypasses text-only loading
    //     and our require; scripts are the files the admin configured, nothing else.
    //   rawset: would write into the read-only views of the libraries (shared by every script).
    //   collectgarbage: a full collection on demand is a cheap way to burn time outside the count
    //     hook, and "stop" would let memory grow until the cap hits someone else's call.
    //   _G: would be the shared base; each chunk has its own _ENV instead.
    //   print: writes to stdout (a daemon's stdout is nobody's); log() writes to the server log.
    //   warn: writes to stderr, same reason.
};

// string: the pattern functions are ours (lua_pattern_binding.cpp), the size-sensitive ones are
// charged (lua_charged_binding.cpp).
// Omitted: dump (bytecode is never loaded here and shows the function's internals), pack, unpack,
// packsize (binary packing has no use in ticket rules: less surface).
constexpr const char* kStringOmitted[] = {"dump", "pack", "unpack", "packsize"};

// os: only the clock. Omitted: execute, exit, getenv (secrets live in the environment), remove,
// rename, tmpname (the file system), setlocale (process-wide: would change every thread).
constexpr const char* kOsAllowed[] = {"time", "clock", "date", "difftime"};

// Whole libraries omitted:
//   io: files and processes (popen).
//   package: C modules, LUA_PATH and the loaders reach the file system; require is ours.
//   debug: reads and changes locals, upvalues, metatables and the hook that enforces the budget.
//   coroutine: a coroutine's hook and its C calls would need their own budget accounting; ticket
//     rules do not need it, so the budget story stays simple.

int undefined_global(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING) return luaL_error(L, "undefined global '%s'", lua_tostring(L, 2));
  return luaL_error(L, "undefined global (a %s key)", luaL_typename(L, 2));
}

int assign_global(lua_State* L) {
  if (lua_type(L, 2) != LUA_TSTRING) return luaL_error(L, "assignment to a global (a %s key)", luaL_typename(L, 2));
  lua_rawgetp(L, LUA_REGISTRYINDEX, &base_key);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, -2) != LUA_TNIL)
    return luaL_error(L, "cannot assign to global '%s': globals are read-only (use a local)", lua_tostring(L, 2));
  return luaL_error(L, "assignment to undefined global '%s' (declare it local)", lua_tostring(L, 2));
}

int refuse_write(lua_State* L) { return luaL_error(L, "%s is read-only", lua_tostring(L, lua_upvalueindex(1))); }

int view_next(lua_State* L) {
  lua_settop(L, 2);
  if (lua_next(L, 1)) return 2;
  lua_pushnil(L);
  return 1;
}

int view_pairs(lua_State* L) {
  lua_pushcfunction(L, view_next);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushnil(L);
  return 3;
}

int view_len(lua_State* L) {
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, lua_upvalueindex(1))));
  return 1;
}

// The stock library table `name` as luaL_requiref left it in the registry's _LOADED.
int push_stock_library(lua_State* L, const char* name, lua_CFunction open) {
  luaL_requiref(L, name, open, 0);
  return lua_gettop(L);
}

void set_view(lua_State* L, int base, int real, const char* name) {
  push_read_only_view(L, real, name);
  lua_setfield(L, base, name);
}

}  // namespace

void push_read_only_view(lua_State* L, int real, const char* name) {
  real = lua_absindex(L, real);
  lua_createtable(L, 0, 0);  // stays empty, so every write reaches __newindex
  lua_createtable(L, 0, 5);
  lua_pushvalue(L, real);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, name);
  lua_pushcclosure(L, refuse_write, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushvalue(L, real);
  lua_pushcclosure(L, view_pairs, 1);
  lua_setfield(L, -2, "__pairs");
  lua_pushvalue(L, real);
  lua_pushcclosure(L, view_len, 1);
  lua_setfield(L, -2, "__len");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");  // hidden from getmetatable, refused by setmetatable
  lua_setmetatable(L, -2);
}

void build_environment(lua_State* L) {
  const int top = lua_gettop(L);
  lua_createtable(L, 0, 32);
  const int base = lua_gettop(L);

  const int stock_base = push_stock_library(L, LUA_GNAME, luaopen_base);
  for (const char* name : kBaseAllowed) {
    lua_getfield(L, stock_base, name);
    lua_setfield(L, base, name);
  }
  install_base_bindings(L, base);
  install_require(L, base);

  // Changed in place: the shared string metatable's __index is this table, so s:find(...) and
  // string.find(...) reach the same (our) functions.
  const int string_lib = push_stock_library(L, LUA_STRLIBNAME, luaopen_string);
  for (const char* name : kStringOmitted) {
    lua_pushnil(L);
    lua_setfield(L, string_lib, name);
  }
  install_pattern_bindings(L, string_lib);
  install_charged_string_bindings(L, string_lib);
  set_view(L, base, string_lib, "string");

  const int table_lib = push_stock_library(L, LUA_TABLIBNAME, luaopen_table);
  install_charged_table_bindings(L, table_lib);
  set_view(L, base, table_lib, "table");

  // math: pure functions on numbers; random is per state and seeded by Lua.
  const int math_lib = push_stock_library(L, LUA_MATHLIBNAME, luaopen_math);
  set_view(L, base, math_lib, "math");

  const int utf8_lib = push_stock_library(L, LUA_UTF8LIBNAME, luaopen_utf8);
  install_charged_utf8_bindings(L, utf8_lib);
  set_view(L, base, utf8_lib, "utf8");

  const int os_lib = push_stock_library(L, LUA_OSLIBNAME, luaopen_os);
  lua_createtable(L, 0, 4);
  const int safe_os = lua_gettop(L);
  for (const char* name : kOsAllowed) {
    lua_getfield(L, os_lib, name);
    lua_setfield(L, safe_os, name);
  }
  set_view(L, base, safe_os, "os");

  // Freeze: unknown names read from the base are errors.
  lua_createtable(L, 0, 2);
  lua_pushcfunction(L, undefined_global);
  lua_setfield(L, -2, "__index");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, base);

  lua_createtable(L, 0, 3);
  lua_pushvalue(L, base);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, assign_global);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_rawsetp(L, LUA_REGISTRYINDEX, &env_meta_key);

  lua_pushvalue(L, base);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &base_key);
  lua_settop(L, top);
}

void push_script_env(lua_State* L) {
  lua_createtable(L, 0, 0);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &env_meta_key);
  lua_setmetatable(L, -2);
}

void define_base_global(lua_State* L, const char* name) {
  lua_rawgetp(L, LUA_REGISTRYINDEX, &base_key);
  lua_insert(L, -2);
  lua_setfield(L, -2, name);
  lua_pop(L, 1);
}

}  // namespace helpdesk::kernel::lua
