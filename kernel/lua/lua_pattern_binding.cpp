// string.find, match, gmatch and gsub with Lua 5.4's exact semantics (lstrlib.c), over our own
// matcher (lua_pattern.hpp) so that every matching step is charged to the call's budget: stock
// Lua's matcher runs inside one C call where the count hook never fires.
#include "kernel/lua/lua_pattern_binding.hpp"

#include <cstdio>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "kernel/lua/lua_bindings.hpp"
#include "kernel/lua/lua_pattern.hpp"
#include "kernel/lua/sandbox_state.hpp"

namespace helpdesk::kernel::lua {
namespace {

constexpr int kMaxCaptures = 32;  // LUA_MAXCAPTURES

// A match copied out of PatternMatch (which owns a vector) so that nothing with a destructor is
// alive when we push results, since a push may raise a memory error (longjmp).
struct MatchPod {
  std::size_t start = 0;
  std::size_t end = 0;
  int count = 0;
  PatternCapture captures[kMaxCaptures];
};

static_assert(std::is_trivially_destructible_v<MatchPod>, "alive across longjmp");

enum class Outcome { found, not_found, budget, error };

struct MatchOutcome {
  Outcome outcome = Outcome::not_found;
  MatchPod match;
  char error[160] = {};
};

// The only place that calls the matcher: C++ exceptions stop here.
MatchOutcome run_matcher(bool search, std::string_view subject, std::string_view pattern, std::size_t pos,
                         std::uint64_t& remaining) noexcept {
  MatchOutcome out;
  PatternBudget budget{remaining};
  try {
    const auto found =
        search ? pattern_find(subject, pattern, pos, budget) : pattern_match_at(subject, pattern, pos, budget);
    remaining = budget.remaining;
    if (!found) return out;
    if (found->captures.size() > kMaxCaptures) {
      out.outcome = Outcome::error;
      std::snprintf(out.error, sizeof out.error, "too many captures");
      return out;
    }
    out.outcome = Outcome::found;
    out.match.start = found->start;
    out.match.end = found->end;
    out.match.count = static_cast<int>(found->captures.size());
    for (int i = 0; i < out.match.count; ++i) out.match.captures[i] = found->captures[i];
  } catch (const PatternBudgetExceeded&) {
    remaining = 0;
    out.outcome = Outcome::budget;
  } catch (const std::exception& e) {  // PatternError: Lua's own message
    remaining = budget.remaining;
    out.outcome = Outcome::error;
    std::snprintf(out.error, sizeof out.error, "%s", e.what());
  }
  return out;
}

// Runs the matcher for the C function running now; raises on budget or pattern errors.
bool match_or_raise(lua_State* L, bool search, std::string_view subject, std::string_view pattern, std::size_t pos,
                    MatchPod& out) {
  auto& st = state_of(L);
  const MatchOutcome result = run_matcher(search, subject, pattern, pos, st.remaining);
  switch (result.outcome) {
    case Outcome::found:
      out = result.match;
      return true;
    case Outcome::not_found:
      return false;
    case Outcome::budget:
      raise_abort(L, Abort::instructions, 1);
    case Outcome::error:
      break;
  }
  luaL_error(L, "%s", result.error);
  return false;
}

void push_capture(lua_State* L, const char* s, const MatchPod& m, int i) {
  const PatternCapture& cap = m.captures[i];
  if (cap.is_position)
    lua_pushinteger(L, static_cast<lua_Integer>(cap.start) + 1);
  else
    lua_pushlstring(L, s + cap.start, cap.length);
}

// Lua's push_onecapture: capture i, or the whole match when the pattern has no captures.
void push_one_capture(lua_State* L, const char* s, const MatchPod& m, int i) {
  if (i >= m.count) {
    if (i != 0) luaL_error(L, "invalid capture index %%%d", i + 1);
    lua_pushlstring(L, s + m.start, m.end - m.start);
  } else {
    push_capture(L, s, m, i);
  }
}

int push_captures(lua_State* L, const char* s, const MatchPod& m, bool whole_if_none) {
  const int n = (m.count == 0 && whole_if_none) ? 1 : m.count;
  luaL_checkstack(L, n, "too many captures");
  for (int i = 0; i < n; ++i) push_one_capture(L, s, m, i);
  return n;
}

// Lua's posrelatI: a 1-based, possibly negative position clipped to [1, ∞).
std::size_t relative_position(lua_Integer pos, std::size_t len) {
  if (pos > 0) return static_cast<std::size_t>(pos);
  if (pos == 0) return 1;
  if (pos < -static_cast<lua_Integer>(len)) return 1;
  return len + static_cast<std::size_t>(pos) + 1;
}

bool has_specials(std::string_view pattern) { return pattern.find_first_of("^$*+?.([%-") != std::string_view::npos; }

int find_aux(lua_State* L, bool find) {
  std::size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const std::size_t init = relative_position(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !has_specials({p, lp}))) {
    charge(L, bytes_cost(ls - init));
    const std::size_t at = std::string_view(s, ls).find(std::string_view(p, lp), init);
    if (at == std::string_view::npos) {
      luaL_pushfail(L);
      return 1;
    }
    lua_pushinteger(L, static_cast<lua_Integer>(at) + 1);
    lua_pushinteger(L, static_cast<lua_Integer>(at + lp));
    return 2;
  }
  MatchPod m;
  if (!match_or_raise(L, true, {s, ls}, {p, lp}, init, m)) {
    luaL_pushfail(L);
    return 1;
  }
  if (!find) return push_captures(L, s, m, true);
  lua_pushinteger(L, static_cast<lua_Integer>(m.start) + 1);
  lua_pushinteger(L, static_cast<lua_Integer>(m.end));
  return push_captures(L, s, m, false) + 2;
}

int str_find(lua_State* L) { return find_aux(L, true); }
int str_match(lua_State* L) { return find_aux(L, false); }

struct GmatchState {
  std::size_t src = 0;
  std::size_t last_match = 0;
  bool has_last = false;
};

static_assert(std::is_trivially_copyable_v<GmatchState>, "lives in a userdata without __gc");

int gmatch_next(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
  const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
  auto* gm = static_cast<GmatchState*>(lua_touserdata(L, lua_upvalueindex(3)));
  for (std::size_t src = gm->src; src <= ls; ++src) {
    MatchPod m;
    if (match_or_raise(L, false, {s, ls}, {p, lp}, src, m) && !(gm->has_last && m.end == gm->last_match)) {
      gm->src = gm->last_match = m.end;
      gm->has_last = true;
      return push_captures(L, s, m, true);
    }
  }
  gm->src = ls + 1;
  return 0;
}

int str_gmatch(lua_State* L) {
  std::size_t ls = 0;
  luaL_checklstring(L, 1, &ls);
  luaL_checkstring(L, 2);
  std::size_t init = relative_position(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) init = ls + 1;
  lua_settop(L, 2);  // subject and pattern become upvalues, so they outlive the loop
  auto* gm = static_cast<GmatchState*>(lua_newuserdatauv(L, sizeof(GmatchState), 0));
  *gm = GmatchState{init, 0, false};
  lua_pushcclosure(L, gmatch_next, 3);
  return 1;
}

// Lua's add_s: the replacement string with %0-%9 and %%.
void add_replacement_string(lua_State* L, luaL_Buffer* b, const char* s, const MatchPod& m) {
  std::size_t l = 0;
  const char* news = lua_tolstring(L, 3, &l);
  const char* end = news + l;
  const char* p = nullptr;
  while ((p = static_cast<const char*>(std::memchr(news, '%', static_cast<std::size_t>(end - news)))) != nullptr) {
    luaL_addlstring(b, news, static_cast<std::size_t>(p - news));
    ++p;  // past the '%'
    const char c = p < end ? *p : '\0';
    if (c == '%') {
      luaL_addchar(b, '%');
    } else if (c == '0') {
      luaL_addlstring(b, s + m.start, m.end - m.start);
    } else if (c >= '1' && c <= '9') {
      push_one_capture(L, s, m, c - '1');
      luaL_addvalue(b);  // a position capture is an integer: addvalue converts it
    } else {
      luaL_error(L, "invalid use of '%c' in replacement string", '%');
    }
    news = p + 1;
  }
  luaL_addlstring(b, news, static_cast<std::size_t>(end - news));
}

// Lua's add_value: whether the match was replaced (false keeps the original text).
bool add_value(lua_State* L, luaL_Buffer* b, const char* s, const MatchPod& m, int replacement_type) {
  switch (replacement_type) {
    case LUA_TFUNCTION: {
      lua_pushvalue(L, 3);
      const int n = push_captures(L, s, m, true);
      lua_call(L, n, 1);
      break;
    }
    case LUA_TTABLE:
      push_one_capture(L, s, m, 0);
      lua_gettable(L, 3);
      break;
    default:
      add_replacement_string(L, b, s, m);
      return true;
  }
  if (!lua_toboolean(L, -1)) {
    lua_pop(L, 1);
    luaL_addlstring(b, s + m.start, m.end - m.start);
    return false;
  }
  if (!lua_isstring(L, -1)) luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
  luaL_addvalue(b);
  return true;
}

int str_gsub(lua_State* L) {
  std::size_t ls = 0, lp = 0;
  const char* s = luaL_checklstring(L, 1, &ls);
  const char* p = luaL_checklstring(L, 2, &lp);
  const int tr = lua_type(L, 3);
  const lua_Integer max_n = luaL_optinteger(L, 4, static_cast<lua_Integer>(ls) + 1);
  luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE, 3,
                   "string/function/table");
  const bool anchor = lp > 0 && *p == '^';
  const std::string_view pattern = anchor ? std::string_view(p + 1, lp - 1) : std::string_view(p, lp);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  std::size_t src = 0;
  std::size_t last_match = 0;
  bool has_last = false;
  bool changed = false;
  lua_Integer n = 0;
  while (n < max_n) {
    MatchPod m;
    if (match_or_raise(L, false, {s, ls}, pattern, src, m) && !(has_last && m.end == last_match)) {
      ++n;
      changed = add_value(L, &b, s, m, tr) || changed;
      src = last_match = m.end;
      has_last = true;
    } else if (src < ls) {
      luaL_addchar(&b, s[src++]);
    } else {
      break;
    }
    if (anchor) break;
  }
  if (!changed) {
    lua_pushvalue(L, 1);
  } else {
    luaL_addlstring(&b, s + src, ls - src);
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}

}  // namespace

bool pattern_found(lua_State* L, std::string_view subject, std::string_view pattern) {
  MatchPod m;
  return match_or_raise(L, true, subject, pattern, 0, m);
}

void install_pattern_bindings(lua_State* L, int string_table) {
  static const luaL_Reg functions[] = {
      {"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub}, {nullptr, nullptr},
  };
  lua_pushvalue(L, string_table);
  luaL_setfuncs(L, functions, 0);
  lua_pop(L, 1);
}

}  // namespace helpdesk::kernel::lua
