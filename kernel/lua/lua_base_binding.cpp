// Base functions that stock Lua gets wrong for a sandbox.
#include <spdlog/spdlog.h>

#include <string_view>

#include "kernel/lua/lua_bindings.hpp"
#include "kernel/lua/sandbox_state.hpp"

namespace helpdesk::kernel::lua {
namespace {

constexpr std::size_t kMaxLogBytes = 4000;

// A budget or memory abort passes through; any other error is the script's to catch.
int finish_protected(lua_State* L, int status, int extra) {
  if (status == LUA_OK) return lua_gettop(L) - extra;
  auto& st = state_of(L);
  if (status == LUA_ERRMEM && st.abort == Abort::none) st.abort = Abort::memory;
  if (st.abort != Abort::none) rethrow_abort(L);
  lua_pushboolean(L, 0);
  lua_pushvalue(L, -2);
  return 2;
}

int sandbox_pcall(lua_State* L) {
  luaL_checkany(L, 1);
  lua_pushboolean(L, 1);
  lua_insert(L, 1);
  return finish_protected(L, lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0), 0);
}

// Lua calls a message handler where the error is raised. Our aborts are raised from the count
// hook, where hooks are off: a handler that loops would never be stopped. So the script's
// handler is skipped while an abort is in progress.
int guarded_handler(lua_State* L) {
  if (state_of(L).abort != Abort::none) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int sandbox_xpcall(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guarded_handler, 1);
  lua_replace(L, 2);
  lua_pushboolean(L, 1);
  lua_pushvalue(L, 1);
  lua_rotate(L, 3, 2);
  return finish_protected(L, lua_pcall(L, n - 2, LUA_MULTRET, 2), 2);
}

// A finalizer runs whenever the collector decides, outside any budgeted call. Lua 5.4 marks an
// object for finalization only when setmetatable sees __gc, so adding __gc to the metatable
// afterwards never arms one: refusing it here is enough (and scripts get no debug.setmetatable).
int sandbox_setmetatable(lua_State* L) {
  const int t = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
  if (t == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    const bool has_gc = lua_rawget(L, 2) != LUA_TNIL;
    lua_pop(L, 1);
    if (has_gc) return luaL_error(L, "setmetatable: __gc metamethods are not allowed in scripts");
  }
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  lua_setmetatable(L, 1);
  return 1;
}

// Only tables: the shared string metatable and our userdata metatables would let one script change
// what every other script sees.
int sandbox_getmetatable(lua_State* L) {
  luaL_checkany(L, 1);
  if (lua_type(L, 1) != LUA_TTABLE || !lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  luaL_getmetafield(L, 1, "__metatable");
  return 1;
}

int sandbox_tostring(lua_State* L) {
  luaL_checkany(L, 1);
  push_safe_string(L, 1);
  return 1;
}

// Replaces print: a line in the server log under the script's name, never stdout.
int sandbox_log(lua_State* L) {
  const int n = lua_gettop(L);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (int i = 1; i <= n; ++i) {
    if (i > 1) luaL_addchar(&b, ' ');
    push_safe_string(L, i);
    luaL_addvalue(&b);
  }
  luaL_pushresult(&b);
  std::size_t len = 0;
  const char* text = lua_tolstring(L, -1, &len);
  charge(L, bytes_cost(len));
  auto& st = state_of(L);
  if (st.logger) {
    const bool cut = len > kMaxLogBytes;
    st.logger->info("{}: {}{}", st.chunk, std::string_view(text, cut ? kMaxLogBytes : len), cut ? " …" : "");
  }
  return 0;
}

}  // namespace

void push_safe_string(lua_State* L, int index) {
  index = lua_absindex(L, index);
  switch (lua_type(L, index)) {
    case LUA_TNIL:
    case LUA_TBOOLEAN:
    case LUA_TNUMBER:
    case LUA_TSTRING:
      luaL_tolstring(L, index, nullptr);
      return;
    default:
      break;
  }
  if (luaL_getmetafield(L, index, "__tostring") != LUA_TNIL) {
    lua_pop(L, 1);
    luaL_tolstring(L, index, nullptr);
    return;
  }
  // Stock Lua answers "table: 0x55d0…": an address helps no rule author and tells an attacker
  // where the heap is.
  const int name_type = luaL_getmetafield(L, index, "__name");
  if (name_type == LUA_TSTRING) return;
  if (name_type != LUA_TNIL) lua_pop(L, 1);
  lua_pushstring(L, luaL_typename(L, index));
}

void install_base_bindings(lua_State* L, int table) {
  static const luaL_Reg functions[] = {
      {"pcall", sandbox_pcall},
      {"xpcall", sandbox_xpcall},
      {"setmetatable", sandbox_setmetatable},
      {"getmetatable", sandbox_getmetatable},
      {"tostring", sandbox_tostring},
      {"log", sandbox_log},
      {nullptr, nullptr},
  };
  lua_pushvalue(L, table);
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}

}  // namespace helpdesk::kernel::lua
