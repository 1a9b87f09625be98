// Filter helpers. A nil text (an unset field such as ticket.organization) never matches, so
// scripts need no `if x and …` guard. Case-insensitive means ASCII letters; other bytes compare
// as they are.
#include "kernel/rules/filter_helpers.hpp"

#include <cstring>
#include <string_view>

#include "kernel/lua/lua_pattern_binding.hpp"
#include "kernel/lua/sandbox.hpp"
#include "kernel/lua/sandbox_state.hpp"
#include "kernel/rules/filter_text.hpp"

namespace helpdesk::kernel {
namespace {

// The text at `index`, or false when it is nil (or absent).
bool optional_text(lua_State* L, int index, std::string_view& out) {
  const int type = lua_type(L, index);
  if (type == LUA_TNIL || type == LUA_TNONE) return false;
  if (type != LUA_TSTRING && type != LUA_TNUMBER) luaL_typeerror(L, index, "string or nil");
  std::size_t len = 0;
  const char* text = lua_tolstring(L, index, &len);
  out = {text, len};
  return true;
}

std::string_view check_text(lua_State* L, int index) {
  std::size_t len = 0;
  const char* text = luaL_checklstring(L, index, &len);
  return {text, len};
}

// contains(text, needle) -> boolean
int contains(lua_State* L) {
  std::string_view text;
  const bool has_text = optional_text(L, 1, text);
  const std::string_view needle = check_text(L, 2);
  if (has_text) lua::charge(L, lua::bytes_cost(text.size()));
  lua_pushboolean(L, has_text && find_nocase(text, needle) != std::string_view::npos);
  return 1;
}

// contains_any(text, {needle, …}) -> the first needle (in list order) found, or nil
int contains_any(lua_State* L) {
  std::string_view text;
  const bool has_text = optional_text(L, 1, text);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (has_text) {
    const auto n = static_cast<lua_Integer>(lua_rawlen(L, 2));
    for (lua_Integer i = 1; i <= n; ++i) {
      if (lua_rawgeti(L, 2, i) != LUA_TSTRING)
        return luaL_error(L, "contains_any: entry #%d of the list is not a string", static_cast<int>(i));
      lua::charge(L, lua::bytes_cost(text.size()));
      std::size_t len = 0;
      const char* needle = lua_tolstring(L, -1, &len);
      if (find_nocase(text, {needle, len}) != std::string_view::npos) return 1;
      lua_pop(L, 1);
    }
  }
  lua_pushnil(L);
  return 1;
}

// matches(text, pattern) -> boolean; a Lua pattern, matched by our budgeted matcher.
int matches(lua_State* L) {
  std::string_view text;
  const bool has_text = optional_text(L, 1, text);
  const std::string_view pattern = check_text(L, 2);
  lua_pushboolean(L, has_text && lua::pattern_found(L, text, pattern));
  return 1;
}

// domain_in(email_or_domain, {domain, …} or domain) -> boolean; subdomains match too.
int domain_in(lua_State* L) {
  std::string_view value;
  const bool has_value = optional_text(L, 1, value);
  const int list_type = lua_type(L, 2);
  if (list_type != LUA_TTABLE && list_type != LUA_TSTRING) luaL_typeerror(L, 2, "table or string");
  if (!has_value) {
    lua_pushboolean(L, 0);
    return 1;
  }
  const std::string_view domain = domain_of(value);
  if (list_type == LUA_TSTRING) {
    lua_pushboolean(L, domain_matches(domain, check_text(L, 2)));
    return 1;
  }
  const auto n = static_cast<lua_Integer>(lua_rawlen(L, 2));
  lua::charge(L, static_cast<std::uint64_t>(n) + 1);
  for (lua_Integer i = 1; i <= n; ++i) {
    if (lua_rawgeti(L, 2, i) != LUA_TSTRING)
      return luaL_error(L, "domain_in: entry #%d of the list is not a string", static_cast<int>(i));
    std::size_t len = 0;
    const char* entry = lua_tolstring(L, -1, &len);
    const bool found = domain_matches(domain, {entry, len});
    lua_pop(L, 1);
    if (found) {
      lua_pushboolean(L, 1);
      return 1;
    }
  }
  lua_pushboolean(L, 0);
  return 1;
}

// keywords(text, {["server down"] = "critical", vpn = "high"}) -> the value of the longest key
// found as a whole word or phrase (equal lengths: the alphabetically first key), or nil.
// The longest key wins so that "server down" beats "down" whatever the table's order.
int keywords(lua_State* L) {
  std::string_view text;
  const bool has_text = optional_text(L, 1, text);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lua_pushnil(L);  // 3: the best value so far
  if (!has_text) return 1;
  const char* best = nullptr;
  std::size_t best_len = 0;
  lua_pushnil(L);
  while (lua_next(L, 2) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING)
      return luaL_error(L, "keywords: every key must be a string (got %s)", luaL_typename(L, -2));
    std::size_t len = 0;
    const char* key = lua_tolstring(L, -2, &len);  // a string key: no conversion, safe during next
    const bool could_win = len > best_len || (len == best_len && best != nullptr && std::memcmp(key, best, len) < 0);
    if (could_win) {
      lua::charge(L, lua::bytes_cost(text.size()));
      if (contains_word(text, {key, len})) {
        best = key;
        best_len = len;
        lua_pushvalue(L, -1);
        lua_replace(L, 3);
      }
    }
    lua_pop(L, 1);
  }
  lua_settop(L, 3);
  return 1;
}

// lower(s) -> s with ASCII letters lower-cased; nil stays nil.
int lower(lua_State* L) {
  std::string_view text;
  if (!optional_text(L, 1, text)) {
    lua_pushnil(L);
    return 1;
  }
  lua::charge(L, lua::bytes_cost(text.size()));
  luaL_Buffer b;
  char* out = luaL_buffinitsize(L, &b, text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    out[i] = (text[i] >= 'A' && text[i] <= 'Z') ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
  luaL_pushresultsize(&b, text.size());
  return 1;
}

}  // namespace

void install_filter_helpers(lua::Sandbox& sandbox) {
  sandbox.define_global("contains", contains);
  sandbox.define_global("contains_any", contains_any);
  sandbox.define_global("matches", matches);
  sandbox.define_global("domain_in", domain_in);
  sandbox.define_global("keywords", keywords);
  sandbox.define_global("lower", lower);
}

}  // namespace helpdesk::kernel
