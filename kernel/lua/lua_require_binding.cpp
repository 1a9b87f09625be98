// require(name): our own loader instead of `package`, which would reach the file system, C
// modules and LUA_PATH. Only modules of the state's ModuleLibrary, text only, each with its own
// _ENV like a script, loaded once per state; a table a module returns is handed out read-only so
// one script cannot change what the next one sees.
#include "kernel/lua/lua_bindings.hpp"
#include "kernel/lua/sandbox_modules.hpp"
#include "kernel/lua/sandbox_state.hpp"

namespace helpdesk::kernel::lua {
namespace {

char loading_marker;  // cache value while a module's chunk runs, to report cycles

int sandbox_require(lua_State* L) {
  std::size_t len = 0;
  const char* name = luaL_checklstring(L, 1, &len);
  lua_settop(L, 1);
  const int cache = lua_upvalueindex(1);
  lua_pushvalue(L, 1);
  const int cached = lua_rawget(L, cache);
  if (cached == LUA_TLIGHTUSERDATA) return luaL_error(L, "require: module '%s' requires itself (a cycle)", name);
  if (cached != LUA_TNIL) return 1;
  lua_pop(L, 1);

  if (!valid_module_name({name, len}))
    return luaL_error(L, "require: invalid module name '%s' (a file scripts/lib/<name>.lua; name of a-z, 0-9, _)",
                      name);
  const auto& modules = state_of(L).modules;
  const std::string* source = modules ? modules->find({name, len}) : nullptr;
  if (source == nullptr) return luaL_error(L, "require: no module '%s' in the script library", name);

  lua_pushfstring(L, "@lib/%s.lua", name);
  if (luaL_loadbufferx(L, source->data(), source->size(), lua_tostring(L, -1), "t") != LUA_OK) return lua_error(L);
  push_script_env(L);
  lua_setupvalue(L, -2, 1);

  lua_pushvalue(L, 1);
  lua_pushlightuserdata(L, &loading_marker);
  lua_rawset(L, cache);
  const int status = lua_pcall(L, 0, 1, 0);
  if (status != LUA_OK) {
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    lua_rawset(L, cache);  // a module that failed may be retried by the next script
    auto& st = state_of(L);
    if (status == LUA_ERRMEM && st.abort == Abort::none) st.abort = Abort::memory;
    if (st.abort != Abort::none) rethrow_abort(L);
    return lua_error(L);
  }
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushboolean(L, 1);
  } else if (lua_istable(L, -1)) {
    lua_pushfstring(L, "module '%s'", name);
    push_read_only_view(L, -2, lua_tostring(L, -1));
  }
  lua_pushvalue(L, 1);
  lua_pushvalue(L, -2);
  lua_rawset(L, cache);
  return 1;
}

}  // namespace

void install_require(lua_State* L, int table) {
  lua_newtable(L);  // this state's module cache
  lua_pushcclosure(L, sandbox_require, 1);
  lua_setfield(L, table, "require");
}

}  // namespace helpdesk::kernel::lua
