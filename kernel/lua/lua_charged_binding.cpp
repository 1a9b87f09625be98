// Library functions whose C work grows with their input run where the count hook never fires, so
// a charge in front of each keeps "instructions" meaning "work" (a loop of s:upper() over a
// megabyte string would otherwise cost one instruction per megabyte). Also string.rep, which
// checks the result size before allocating, and string.format, which must not print addresses.
#include <cstdio>
#include <cstring>

#include "kernel/lua/lua_bindings.hpp"
#include "kernel/lua/sandbox_state.hpp"

namespace helpdesk::kernel::lua {
namespace {

// How much a call will cost, read from its arguments before the stock function runs. Never
// raises: the stock function reports bad arguments itself.
enum class Cost {
  string_args,  // the bytes of every string argument (sub, upper, byte, utf8.len, …)
  table_shift,  // #t/16 of the first argument (insert, remove move elements up or down)
  table_sort,   // #t·log2(#t) comparisons (those calling a Lua comparator are counted again)
  range_2_3,    // the count of the integer range given by arguments 2..3 (move, unpack)
  range_3_4,    // … by arguments 3..4 (concat)
};

std::uint64_t string_args_cost(lua_State* L) {
  std::size_t bytes = 0;
  const int n = lua_gettop(L);
  for (int i = 1; i <= n; ++i)
    if (lua_type(L, i) == LUA_TSTRING) bytes += lua_rawlen(L, i);
  return bytes_cost(bytes + static_cast<std::size_t>(n));
}

// The number of elements in the range given by arguments `i` and `i + 1`; the second defaults to
// #t of the first argument, the first to 1 (as in unpack, move and concat).
std::uint64_t range_cost(lua_State* L, int i) {
  int ok = 1;
  const lua_Integer first = lua_isnoneornil(L, i) ? 1 : lua_tointegerx(L, i, &ok);
  if (!ok) return 1;
  lua_Integer last = 0;
  if (lua_isnoneornil(L, i + 1))
    last = lua_type(L, 1) == LUA_TTABLE ? static_cast<lua_Integer>(lua_rawlen(L, 1)) : 0;
  else
    last = lua_tointegerx(L, i + 1, &ok);
  if (!ok || last < first) return 1;
  // Clipped, so a range of 2^63 cannot overflow: anything this big exhausts any budget anyway.
  const auto span = static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(first);
  return span > (1ull << 40) ? (1ull << 40) : span + 1;
}

std::uint64_t sort_cost(lua_State* L) {
  if (lua_type(L, 1) != LUA_TTABLE) return 1;
  const std::uint64_t n = lua_rawlen(L, 1);
  std::uint64_t log2 = 1;
  while ((1ull << log2) < n && log2 < 63) ++log2;
  return n * log2 / 4 + 1;
}

std::uint64_t cost_of(lua_State* L, Cost cost) {
  switch (cost) {
    case Cost::string_args:
      return string_args_cost(L);
    case Cost::table_shift:
      return lua_type(L, 1) == LUA_TTABLE ? bytes_cost(lua_rawlen(L, 1)) : 1;
    case Cost::table_sort:
      return sort_cost(L);
    case Cost::range_2_3:
      return range_cost(L, 2);
    case Cost::range_3_4:
      return range_cost(L, 3);
  }
  return 1;
}

// The stock function runs in our frame (called as a plain C function, not through lua_call), so
// its argument errors read exactly as stock Lua's: "t.lua:3: bad argument #1 to 'sub' (…)".
lua_CFunction stock_function(lua_State* L) {
  return reinterpret_cast<lua_CFunction>(lua_touserdata(L, lua_upvalueindex(1)));
}

// Upvalues: 1 the stock function, 2 the Cost, 3 whether a string result is charged too.
int charged_call(lua_State* L) {
  charge(L, cost_of(L, static_cast<Cost>(lua_tointeger(L, lua_upvalueindex(2)))));
  const int results = stock_function(L)(L);
  if (results == 1 && lua_toboolean(L, lua_upvalueindex(3)) && lua_type(L, -1) == LUA_TSTRING)
    charge(L, bytes_cost(lua_rawlen(L, -1)));
  return results;
}

void push_stock(lua_State* L, int table, const char* name) {
  lua_getfield(L, table, name);
  lua_CFunction fn = lua_tocfunction(L, -1);
  lua_pop(L, 1);
  lua_pushlightuserdata(L, reinterpret_cast<void*>(fn));
}

void wrap(lua_State* L, int table, const char* name, Cost cost, bool charge_result = false) {
  push_stock(L, table, name);
  lua_pushinteger(L, static_cast<lua_Integer>(cost));
  lua_pushboolean(L, charge_result);
  lua_pushcclosure(L, charged_call, 3);
  lua_setfield(L, table, name);
}

// string.rep sizes its result before allocating: stock Lua would try to allocate whatever fits in
// size_t (the allocator would refuse, but only after the request), and loops n times when both
// strings are empty, so rep("", 1e18) spins for ages in one C call.
int str_rep(lua_State* L) {
  std::size_t l = 0, lsep = 0;
  const char* s = luaL_checklstring(L, 1, &l);
  const lua_Integer n = luaL_checkinteger(L, 2);
  const char* sep = luaL_optlstring(L, 3, "", &lsep);
  if (n <= 0 || (l == 0 && (lsep == 0 || n == 1))) {
    lua_pushliteral(L, "");
    return 1;
  }
  const auto count = static_cast<unsigned __int128>(n);
  const unsigned __int128 total = count * l + (count - 1) * lsep;
  const std::size_t limit = state_of(L).limits.max_string_bytes;
  if (total > limit) {
    char detail[128];
    std::snprintf(detail, sizeof detail, "string.rep: the result would be %.0f bytes, over the limit of %zu",
                  static_cast<double>(total), limit);
    raise_abort(L, Abort::memory, 1, detail);
  }
  const auto size = static_cast<std::size_t>(total);
  charge(L, bytes_cost(size));
  luaL_Buffer b;
  char* p = luaL_buffinitsize(L, &b, size);
  for (lua_Integer i = 0; i < n; ++i) {
    std::memcpy(p, s, l);
    p += l;
    if (lsep > 0 && i + 1 < n) {
      std::memcpy(p, sep, lsep);
      p += lsep;
    }
  }
  luaL_pushresultsize(&b, size);
  return 1;
}

// string.format before the stock one: '%p' prints an address, and '%s' of a table or function
// would too ("table: 0x55d0…"), so those arguments go through our tostring first.
void make_format_arguments_safe(lua_State* L) {
  std::size_t len = 0;
  const char* fmt = luaL_checklstring(L, 1, &len);
  const char* end = fmt + len;
  int arg = 1;
  for (const char* c = fmt; c < end; ++c) {
    if (*c != '%') continue;
    if (++c >= end) break;  // the stock function reports the dangling '%'
    if (*c == '%') continue;
    ++arg;
    while (c < end && std::strchr("-+ #0", *c) != nullptr && *c != '\0') ++c;
    while (c < end && ((*c >= '0' && *c <= '9') || *c == '.')) ++c;
    if (c >= end) break;
    if (*c == 'p') luaL_error(L, "string.format: '%%p' is not allowed in scripts");
    if (*c == 's' && arg <= lua_gettop(L)) {
      const int t = lua_type(L, arg);
      if (t != LUA_TSTRING && t != LUA_TNUMBER) {
        push_safe_string(L, arg);
        lua_replace(L, arg);
      }
    }
  }
}

// Upvalue 1: the stock string.format.
int format_entry(lua_State* L) {
  charge(L, string_args_cost(L));
  make_format_arguments_safe(L);
  const int results = stock_function(L)(L);
  if (lua_type(L, -1) == LUA_TSTRING) charge(L, bytes_cost(lua_rawlen(L, -1)));
  return results;
}

}  // namespace

void install_charged_string_bindings(lua_State* L, int string_table) {
  for (const char* name : {"byte", "char", "lower", "upper", "reverse", "sub"})
    wrap(L, string_table, name, Cost::string_args);
  lua_pushcfunction(L, str_rep);
  lua_setfield(L, string_table, "rep");
  push_stock(L, string_table, "format");
  lua_pushcclosure(L, format_entry, 1);
  lua_setfield(L, string_table, "format");
}

void install_charged_table_bindings(lua_State* L, int table_table) {
  wrap(L, table_table, "concat", Cost::range_3_4, true);
  wrap(L, table_table, "sort", Cost::table_sort);
  wrap(L, table_table, "insert", Cost::table_shift);
  wrap(L, table_table, "remove", Cost::table_shift);
  wrap(L, table_table, "move", Cost::range_2_3);
  wrap(L, table_table, "unpack", Cost::range_2_3);
}

void install_charged_utf8_bindings(lua_State* L, int utf8_table) {
  for (const char* name : {"len", "codepoint", "offset", "char"}) wrap(L, utf8_table, name, Cost::string_args);
}

}  // namespace helpdesk::kernel::lua
