// Fuzz target lua_pattern: the input's first line is a Lua pattern, the rest the subject.
//
// Checks, each under a step budget (running out is an expected outcome, not a finding):
//   - pattern_find agrees with stock Lua 5.4's string.find (the oracle our matcher copies) on the
//     match, its captures and the error message; the oracle only runs when our matcher finished
//     within the budget, so a pathological pattern cannot hang it;
//   - pattern_find equals its own definition in pattern_match_at: the first start position where
//     pattern_match_at matches (or raises), honouring a leading '^' anchor;
//   - every match and capture lies inside the subject.
#include <lua.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/lua/lua_pattern.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace helpdesk::kernel::lua;

constexpr std::uint64_t kBudget = 50'000;

// What one search produced, in string.find's terms: nothing, an error message, or the 1-based
// start, end and the captures (position captures as their number in decimal).
struct Outcome {
  bool budget_exhausted = false;
  std::optional<std::string> error;
  bool matched = false;
  std::size_t first = 0, last = 0;
  std::vector<std::string> captures;

  bool operator==(const Outcome&) const = default;
};

Outcome exhausted() {
  Outcome out;
  out.budget_exhausted = true;
  return out;
}

Outcome failed(const char* message) {
  Outcome out;
  out.error = message;
  return out;
}

Outcome from_match(std::string_view subject, const std::optional<PatternMatch>& m) {
  Outcome out;
  if (!m) return out;
  FUZZ_CHECK(m->start <= m->end && m->end <= subject.size(), "a match outside the subject");
  out.matched = true;
  out.first = m->start + 1;
  out.last = m->end;
  for (const auto& c : m->captures) {
    if (c.is_position) {
      FUZZ_CHECK(c.start <= subject.size(), "a position capture outside the subject");
      out.captures.push_back(std::to_string(c.start + 1));
    } else {
      FUZZ_CHECK(c.start <= subject.size() && c.length <= subject.size() - c.start, "a capture outside the subject");
      out.captures.emplace_back(subject.substr(c.start, c.length));
    }
  }
  return out;
}

Outcome ours_find(std::string_view subject, std::string_view pattern) {
  PatternBudget budget{kBudget};
  try {
    return from_match(subject, pattern_find(subject, pattern, 0, budget));
  } catch (const PatternBudgetExceeded&) {
    FUZZ_CHECK(budget.remaining == 0, "budget left after PatternBudgetExceeded");
    return exhausted();
  } catch (const PatternError& e) {
    return failed(e.what());
  }
}

// pattern_find by its definition: the first position where pattern_match_at matches or raises.
Outcome ours_scan(std::string_view subject, std::string_view pattern) {
  const bool anchored = !pattern.empty() && pattern.front() == '^';
  if (anchored) pattern.remove_prefix(1);
  PatternBudget budget{kBudget};
  try {
    for (std::size_t pos = 0; pos <= subject.size(); ++pos) {
      auto m = pattern_match_at(subject, pattern, pos, budget);
      if (m || anchored) return from_match(subject, m);
    }
    return {};
  } catch (const PatternBudgetExceeded&) {
    return exhausted();
  } catch (const PatternError& e) {
    return failed(e.what());
  }
}

lua_State* oracle_state() {
  static lua_State* L = [] {
    lua_State* s = luaL_newstate();
    luaL_requiref(s, "string", luaopen_string, 1);
    lua_pop(s, 1);
    return s;
  }();
  return L;
}

// Stock string.find(subject, pattern).
Outcome lua_find(std::string_view subject, std::string_view pattern) {
  lua_State* L = oracle_state();
  lua_getglobal(L, "string");
  lua_getfield(L, -1, "find");
  lua_remove(L, -2);
  lua_pushlstring(L, subject.data(), subject.size());
  lua_pushlstring(L, pattern.data(), pattern.size());
  Outcome out;
  if (lua_pcall(L, 2, LUA_MULTRET, 0) != LUA_OK) {
    out.error = lua_tostring(L, -1);
  } else if (!lua_isnil(L, 1)) {
    out.matched = true;
    out.first = static_cast<std::size_t>(lua_tointeger(L, 1));
    out.last = static_cast<std::size_t>(lua_tointeger(L, 2));
    for (int i = 3; i <= lua_gettop(L); ++i) {
      std::size_t len = 0;
      const char* s = lua_tolstring(L, i, &len);  // a position capture turns into its decimal text
      out.captures.emplace_back(s, len);
    }
  }
  lua_settop(L, 0);
  lua_gc(L, LUA_GCSTEP, 0);
  return out;
}

// string.find skips the matcher for patterns without these (a plain substring search).
bool has_specials(std::string_view pattern) { return pattern.find_first_of("^$*+?.([%-") != std::string_view::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view subject = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

  const Outcome found = ours_find(subject, pattern);
  const Outcome scanned = ours_scan(subject, pattern);
  if (!found.budget_exhausted && !scanned.budget_exhausted)
    FUZZ_CHECK(found == scanned, "pattern_find differs from the first pattern_match_at that matches");
  if (found.budget_exhausted) return 0;

  if (has_specials(pattern)) {
    FUZZ_CHECK(found == lua_find(subject, pattern), "pattern_find differs from stock Lua's string.find");
  } else if (pattern.find(')') == std::string_view::npos) {
    // No special and no ')': the matcher must agree with the plain search Lua would do.
    const std::size_t at = subject.find(pattern);
    FUZZ_CHECK(found.matched == (at != std::string_view::npos), "plain pattern: match differs from a substring search");
    if (found.matched)
      FUZZ_CHECK(found.first == at + 1 && found.last == at + pattern.size(), "plain pattern: wrong position");
  }
  return 0;
}
