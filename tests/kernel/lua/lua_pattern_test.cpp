// Our pattern matcher against stock Lua 5.4's string library, run in a plain lua_State: the same
// answers (indices, captures, error messages) for a table of hand-picked cases and for thousands of
// generated ones; then the edge cases and the step budget on their own.
#include "kernel/lua/lua_pattern.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <lua.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace helpdesk::kernel::lua {
namespace {

constexpr std::uint64_t kPlentyOfSteps = 1'000'000'000;

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// A capture as the Lua helpers below print it: p<1-based position> or s<hex of the text>.
std::string describe_capture(std::string_view subject, const PatternCapture& cap) {
  if (cap.is_position) return "p" + std::to_string(cap.start + 1);
  return "s" + hex(subject.substr(cap.start, cap.length));
}

// What gmatch yields and gsub's function receives: the captures, or the whole match without any.
std::string describe_values(std::string_view subject, const PatternMatch& m) {
  if (m.captures.empty()) return "s" + hex(subject.substr(m.start, m.end - m.start));
  std::string out;
  for (std::size_t i = 0; i < m.captures.size(); ++i) {
    if (i > 0) out += ",";
    out += describe_capture(subject, m.captures[i]);
  }
  return out;
}

constexpr const char* kReferenceHelpers = R"LUA(
local function enc(v)
  if math.type(v) == "integer" then return "p" .. v end
  return "s" .. (v:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end
local function enc_all(t)
  local out = {}
  for i = 1, t.n do out[i] = enc(t[i]) end
  return table.concat(out, ",")
end

-- string.match decides errors (it always runs the matcher, unlike string.find's plain-search
-- shortcut for patterns without specials); string.find gives indices and captures.
function ref_find(s, p, init)
  local ok, err = pcall(string.match, s, p, init)
  if not ok then return "error: " .. err end
  local r = table.pack(string.find(s, p, init))
  if r[1] == nil then return "nil" end
  local out = { r[1] .. " " .. r[2] }
  for i = 3, r.n do out[#out + 1] = enc(r[i]) end
  return table.concat(out, " ")
end

function ref_gmatch(s, p)
  local ok, res = pcall(function()
    local out = {}
    local it = string.gmatch(s, p)
    while true do
      local r = table.pack(it())
      if r[1] == nil then break end
      out[#out + 1] = "<" .. enc_all(r) .. ">"
    end
    return table.concat(out)
  end)
  -- The iterator is called from this chunk, so Lua prefixes the caller's position; drop it.
  if not ok then return "error: " .. res:gsub('^%[string ".-"%]:%d+: ', "") end
  return res
end

function ref_gsub(s, p)
  local ok, res, n = pcall(string.gsub, s, p, function(...)
    return "<" .. enc_all(table.pack(...)) .. ">"
  end)
  if not ok then return "error: " .. res end
  return enc(res) .. " " .. n
end
)LUA";

class RealLua {
 public:
  RealLua() : state_(luaL_newstate()) {
    luaL_openlibs(state_);
    if (luaL_dostring(state_, kReferenceHelpers) != LUA_OK) {
      ADD_FAILURE() << lua_tostring(state_, -1);
    }
  }
  ~RealLua() { lua_close(state_); }
  RealLua(const RealLua&) = delete;
  RealLua& operator=(const RealLua&) = delete;

  // string.find(s, p, init0 + 1), described like ours_find below.
  std::string find(std::string_view s, std::string_view p, std::size_t init0) {
    lua_getglobal(state_, "ref_find");
    lua_pushlstring(state_, s.data(), s.size());
    lua_pushlstring(state_, p.data(), p.size());
    lua_pushinteger(state_, static_cast<lua_Integer>(init0 + 1));
    return call(3);
  }

  std::string gmatch(std::string_view s, std::string_view p) { return call_sp("ref_gmatch", s, p); }
  std::string gsub(std::string_view s, std::string_view p) { return call_sp("ref_gsub", s, p); }

  lua_State* state() { return state_; }

 private:
  std::string call_sp(const char* name, std::string_view s, std::string_view p) {
    lua_getglobal(state_, name);
    lua_pushlstring(state_, s.data(), s.size());
    lua_pushlstring(state_, p.data(), p.size());
    return call(2);
  }

  std::string call(int nargs) {
    if (lua_pcall(state_, nargs, 1, 0) != LUA_OK) {
      std::string err = lua_tostring(state_, -1);
      lua_pop(state_, 1);
      return "helper failed: " + err;
    }
    std::size_t len = 0;
    const char* text = lua_tolstring(state_, -1, &len);
    std::string out(text, len);
    lua_pop(state_, 1);
    return out;
  }

  lua_State* state_;
};

std::string ours_find(std::string_view s, std::string_view p, std::size_t init0) {
  PatternBudget budget{kPlentyOfSteps};
  try {
    auto m = pattern_find(s, p, init0, budget);
    if (!m) return "nil";
    std::string out = std::to_string(m->start + 1) + " " + std::to_string(m->end);
    for (const auto& cap : m->captures) out += " " + describe_capture(s, cap);
    return out;
  } catch (const PatternError& e) {
    return std::string("error: ") + e.what();
  }
}

// Lua 5.4's gmatch loop over pattern_match_at, as lua_pattern.cpp tells the binding to write it:
// '^' is not an anchor, a match ending where the previous one ended is skipped.
std::string ours_gmatch(std::string_view s, std::string_view p) {
  PatternBudget budget{kPlentyOfSteps};
  std::string out;
  try {
    std::size_t src = 0;
    std::optional<std::size_t> last_end;
    while (src <= s.size()) {
      auto m = pattern_match_at(s, p, src, budget);
      if (m && m->end != last_end) {
        out += "<" + describe_values(s, *m) + ">";
        src = m->end;
        last_end = m->end;
      } else {
        ++src;
      }
    }
  } catch (const PatternError& e) {
    return std::string("error: ") + e.what();
  }
  return out;
}

// Lua 5.4's gsub loop (with a function replacement) over pattern_match_at: '^' anchors.
std::string ours_gsub(std::string_view s, std::string_view p) {
  PatternBudget budget{kPlentyOfSteps};
  const bool anchored = !p.empty() && p.front() == '^';
  if (anchored) p.remove_prefix(1);
  std::string out;
  std::size_t count = 0;
  try {
    std::size_t src = 0;
    std::optional<std::size_t> last_end;
    while (count < s.size() + 1) {
      auto m = pattern_match_at(s, p, src, budget);
      if (m && m->end != last_end) {
        ++count;
        out += "<" + describe_values(s, *m) + ">";
        src = m->end;
        last_end = m->end;
      } else if (src < s.size()) {
        out += s[src++];
      } else {
        break;
      }
      if (anchored) break;
    }
    out += s.substr(src);
  } catch (const PatternError& e) {
    return std::string("error: ") + e.what();
  }
  return "s" + hex(out) + " " + std::to_string(count);
}

std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      out += "\\x" + hex(std::string_view(reinterpret_cast<const char*>(&c), 1));
    }
  }
  return out;
}

struct FindCase {
  std::string subject;
  std::string pattern;
  std::size_t init = 0;  // 0-based
};

std::vector<FindCase> hand_picked_cases() {
  using namespace std::string_literals;
  return {
      // plain text, empty things, init
      {"hello world", "o w"}, {"hello world", "o", 5}, {"hello", ""}, {"", ""}, {"", "a"}, {"", ".*"},
      {"abc", "", 3}, {"abc", "c", 3}, {"abc", "$", 3}, {"abc", "^", 3}, {"abc", "^$", 3},
      {"abc", "x*", 1}, {"abc", "%a*", 3},
      // classes
      {"a1 B2\t!", "%a"}, {"a1 B2\t!", "%A+"}, {"a1 B2\t!", "%d%d*"}, {"a1 B2\t!", "%D+"},
      {"a1 B2\t!", "%s"}, {"a1 B2\t!", "%S+"}, {"a1 B2\t!", "%p"}, {"a1 B2\t!", "%P+"},
      {"a1 B2\t!", "%u"}, {"a1 B2\t!", "%U+"}, {"a1 B2\t!", "%l"}, {"a1 B2\t!", "%L+"},
      {"a1 B2\t!", "%w+"}, {"a1 B2\t!", "%W"}, {"0x1F zz", "%x+"}, {"0x1F zz", "%X+"},
      {"a\tb", "%c"}, {"a\tb", "%C+"}, {" x ", "%g"}, {" x ", "%G"}, {"a\0b"s, "%z"}, {"a\0b"s, "%Z+"},
      {"a.b", "%."}, {"a%b", "%%"}, {"a(b", "%("}, {"a]b", "%]"}, {"a-b", "%-"}, {"a+b", "a%+b"},
      {"x\xff\x80y", "[\x80-\xff]+"}, {"x\xff\x80y", "%A+"},
      // sets
      {"hello", "[aeiou]"}, {"hello", "[^aeiou]+"}, {"a-z", "[a%-z]+"}, {"abc-", "[a-]+"},
      {"x]y", "[]]"}, {"x]y", "[^]]+"}, {"x^y", "[%^]"}, {"x^y", "[x^]+"}, {"a1_", "[%w_]+"},
      {"AbC", "[%u]+"}, {"A-Z", "[Z-A]"}, {"]", "[]-a]"}, {"b", "[]-a]"}, {"%", "[%%]"},
      {"abc", "[a-c-]+"}, {"abc", "[^%a]"}, {"a.b", "[.]"}, {"a", "[%a-z]"}, {"-", "[%a-z]"},
      // quantifiers
      {"aaa", "a*"}, {"aaa", "a+"}, {"aaa", "a-"}, {"aaa", "a-$"}, {"aaa", "a?a?a?a?"}, {"baaa", "ba-a"},
      {"<a><b>", "<.->"}, {"<a><b>", "<.*>"}, {"abc", ".?c"}, {"ab", "a+b+c*"}, {"a+", "a+%+"},
      {"*a", "*a"}, {"a?", "?"}, {"a-", "-"}, {"++", "+"},
      // anchors
      {"abc", "^abc$"}, {"abc", "^b"}, {"abc", "^b", 1}, {"a^b", "a^b"}, {"a$b", "a$b"}, {"ab$", "b$"},
      {"abc", "$"}, {"ab", "b$", 1}, {"^", "^^"}, {"$", "$$"}, {"x$", "%$$"},
      // captures
      {"key = value", "(%w+)%s*=%s*(%w+)"}, {"hello", "()ll()"}, {"hello", "(h)(e)(l)(l)(o)"},
      {"hello", "((l)(l))"}, {"hello", "(l*)"}, {"hello", "()"}, {"abc", "(a)()(b)"},
      {"abc", "(a(b(c)))"}, {"aXa", "(.)X%1"}, {"abab", "(ab)%1"}, {"abba", "(a)(b)%2%1"},
      {"x\"quoted\"y", "([\"'])(.-)%1"}, {"aaa", "(a-)%1$"}, {"()", "(%()"}, {"ab", "(a)(%1)"},
      {"aa", "()a%1"},
      // %b and %f
      {"f(a(b)c)d", "%b()"}, {"f(a(b)c d", "%b()"}, {"[[x]]", "%b[]"}, {"aXbXc", "%bXX"},
      {"no parens", "%b()"}, {"((", "%b()"}, {"THE (quick) fox", "%f[%a]%a+"},
      {"THE (quick) fox", "%f[%a]%a+", 4}, {"hello world", "%f[%w]%w+$"}, {"ab", "%f[%z]"},
      {"ab", "%f[^a]"}, {"\0ab"s, "%f[a]"}, {"", "%f[%z]"}, {"", "%f[^%z]"}, {"aa", "%f[a]"},
      {"the cat", "%f[%a]cat%f[%A]"}, {"the cats", "%f[%a]cat%f[%A]"},
      // malformed patterns (the errors are found lazily, as in Lua)
      {"abc", "%"}, {"abc", "a%"}, {"abc", "[a"}, {"abc", "[]"}, {"abc", "[^]"}, {"abc", "[%"},
      {"abc", "[%]"}, {"abc", "[a-"}, {"abc", "%f"}, {"abc", "%fa"}, {"abc", "%f[a"}, {"abc", "%1"},
      {"abc", "%0"}, {"abc", "(a)%2"}, {"abc", "(a%1)"}, {"abc", ")"}, {"abc", "a)"}, {"abc", "x)"},
      {"abc", "(a"}, {"abc", "(()"}, {"abc", "%b"}, {"abc", "%ba"}, {"abc", "x%b"}, {"abc", "(%b"},
      {"abc", "x["}, {"x", "x%"}, {"a)", ")"}, {"a", "()%1"},
      // embedded NULs in subject and pattern
      {"a\0b"s, "\0"s}, {"a\0b"s, "a%z"}, {"a\0b\0"s, "[\0]b"s}, {"a\0b"s, "%b\0b"s}, {"a\0b"s, "a.b"},
  };
}

TEST(LuaPatternDifferentialTest, HandPickedCasesMatchStockLua) {
  RealLua lua;
  for (const auto& c : hand_picked_cases()) {
    EXPECT_EQ(ours_find(c.subject, c.pattern, c.init), lua.find(c.subject, c.pattern, c.init))
        << "subject \"" << printable(c.subject) << "\" pattern \"" << printable(c.pattern) << "\" init "
        << c.init;
  }
}

TEST(LuaPatternDifferentialTest, EveryByteAgainstEveryClassMatchesStockLua) {
  RealLua lua;
  const std::string classes = "acdglpsuwxzACDGLPSUWXZ.%";
  for (int c = 0; c < 256; ++c) {
    const std::string subject(1, static_cast<char>(c));
    for (char cls : classes) {
      for (const std::string& pattern :
           {std::string("%") + cls, std::string("[%") + cls + "]", std::string("[^%") + cls + "]"}) {
        ASSERT_EQ(ours_find(subject, pattern, 0), lua.find(subject, pattern, 0))
            << "byte " << c << " pattern " << printable(pattern);
      }
    }
  }
}

// The nesting limit ("pattern too complex" after 200 nested matches) sits exactly where Lua's does,
// whichever construct nests.
TEST(LuaPatternDifferentialTest, NestingLimitMatchesStockLuaExactly) {
  RealLua lua;
  for (const std::string_view piece : {"a?", "a*", "a-", "(a)", "()", "(", "%a"}) {
    for (int n = 95; n <= 205; ++n) {
      std::string p;
      for (int i = 0; i < n; ++i) p += piece;
      if (piece == "(") p += std::string(1, 'a') + std::string(static_cast<std::size_t>(n), ')');
      const std::string s(static_cast<std::size_t>(n) + 1, 'a');
      ASSERT_EQ(ours_find(s, p, 0), lua.find(s, p, 0)) << n << " x " << piece;
    }
  }
}

// Random subjects over a small alphabet full of specials, and patterns assembled from pieces.
class CaseGenerator {
 public:
  explicit CaseGenerator(std::uint32_t seed) : rng_(seed) {}

  std::string subject() {
    static constexpr std::string_view kAlphabet = "aab(). %-[]^$";
    std::string out;
    const std::size_t length = pick(9);
    for (std::size_t i = 0; i < length; ++i) out.push_back(kAlphabet[pick(kAlphabet.size())]);
    return out;
  }

  std::string pattern() {
    static const std::vector<std::string> kRare = {"%", "[a", "%f", "%b", "[", "]", "*", "+", "?", "-"};
    std::string out;
    if (pick(4) == 0) out += "^";
    const std::size_t pieces = pick(6);
    for (std::size_t i = 0; i < pieces; ++i) {
      if (pick(25) == 0) {
        out += kRare[pick(kRare.size())];
      } else if (pick(5) == 0) {  // a balanced group, so that matches with captures are common
        out += "(";
        for (std::size_t j = pick(3); j > 0; --j) out += item();
        out += ")";
      } else {
        out += item();
      }
    }
    if (pick(5) == 0) out += "$";
    return out;
  }

  std::size_t pick(std::size_t n) { return rng_() % n; }

 private:
  std::string item() {
    static const std::vector<std::string> kItems = {
        "a", "a", "b", ".", " ", "%a", "%A", "%s", "%p", "%w", "%%", "%.", "%(", "%)", "%-", "%[", "%]",
        "[ab]", "[^a]", "[a-c]", "[%a%.]", "[]]", "[^]a]", "[(%)]", "[%-^]", "$", "^", "(", ")", "()",
        "%1", "%2", "%b()", "%b[]", "%ba.", "%f[a]", "%f[^a]", "%f[%w]", "%f[%z]"};
    static const std::vector<std::string> kQuantifiers = {"", "", "", "*", "+", "-", "?"};
    std::string out = kItems[pick(kItems.size())];  // two statements: a fixed order of draws
    out += kQuantifiers[pick(kQuantifiers.size())];
    return out;
  }

  std::mt19937 rng_;  // fully specified by the standard, so the cases are the same everywhere
};

TEST(LuaPatternDifferentialTest, GeneratedFindCasesMatchStockLua) {
  RealLua lua;
  CaseGenerator gen(20240611);
  int failures = 0;
  for (int i = 0; i < 50000 && failures < 20; ++i) {
    const std::string s = gen.subject();
    const std::string p = gen.pattern();
    const std::size_t init = gen.pick(s.size() + 1);
    const std::string expected = lua.find(s, p, init);
    const std::string actual = ours_find(s, p, init);
    if (actual != expected) {
      ++failures;
      ADD_FAILURE() << "subject \"" << printable(s) << "\" pattern \"" << printable(p) << "\" init " << init
                    << "\n  ours: " << actual << "\n  lua:  " << expected;
    }
  }
}

// The gmatch and gsub loops that lua_pattern.cpp documents for the bindings, against the real ones.
TEST(LuaPatternDifferentialTest, DocumentedGmatchAndGsubLoopsMatchStockLua) {
  RealLua lua;
  CaseGenerator gen(7);
  int failures = 0;
  for (int i = 0; i < 10000 && failures < 20; ++i) {
    const std::string s = gen.subject();
    const std::string p = gen.pattern();
    const std::string gm_expected = lua.gmatch(s, p);
    const std::string gm_actual = ours_gmatch(s, p);
    const std::string gs_expected = lua.gsub(s, p);
    const std::string gs_actual = ours_gsub(s, p);
    if (gm_actual != gm_expected || gs_actual != gs_expected) {
      ++failures;
      ADD_FAILURE() << "subject \"" << printable(s) << "\" pattern \"" << printable(p) << "\"\n  gmatch ours: "
                    << gm_actual << "\n  gmatch lua:  " << gm_expected << "\n  gsub ours: " << gs_actual
                    << "\n  gsub lua:  " << gs_expected;
    }
  }
}

TEST(LuaPatternDifferentialTest, GmatchAndGsubAnchorsAndEmptyMatches) {
  RealLua lua;
  for (const auto& [s, p] : std::vector<std::pair<std::string, std::string>>{
           {"^a^a", "^a"}, {"aaa", "^a"}, {"abc", "%w*"}, {"abc", "x*"}, {"a,b,,c", "[^,]*"}, {"", ""},
           {"abc", ""}, {"hello world", "%a+"}, {"k=v, x=y", "(%w+)=(%w+)"}, {"abc", "()"}, {"aa", "a-"},
           {"abc", "^"}, {"abc", "$"}, {"abc", "^$"}}) {
    EXPECT_EQ(ours_gmatch(s, p), lua.gmatch(s, p)) << s << " / " << p;
    EXPECT_EQ(ours_gsub(s, p), lua.gsub(s, p)) << s << " / " << p;
  }
}

// ---------------------------------------------------------------------------------------------
// Edge cases, spelled out.

PatternMatch find_ok(std::string_view s, std::string_view p, std::size_t init = 0) {
  PatternBudget budget{kPlentyOfSteps};
  auto m = pattern_find(s, p, init, budget);
  if (!m) {
    ADD_FAILURE() << "no match for " << p;
    return {};
  }
  return *m;
}

std::string error_of(std::string_view s, std::string_view p) {
  PatternBudget budget{kPlentyOfSteps};
  try {
    pattern_find(s, p, 0, budget);
  } catch (const PatternError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(LuaPatternTest, EmptyPatternMatchesEmptyAtInit) {
  auto m = find_ok("abc", "", 2);
  EXPECT_EQ(m.start, 2u);
  EXPECT_EQ(m.end, 2u);
  EXPECT_TRUE(m.captures.empty());
  m = find_ok("", "");
  EXPECT_EQ(m.start, 0u);
  EXPECT_EQ(m.end, 0u);
}

TEST(LuaPatternTest, InitAtAndPastSize) {
  PatternBudget budget{1000};
  auto m = pattern_find("abc", "$", 3, budget);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->start, 3u);
  EXPECT_FALSE(pattern_find("abc", "c", 3, budget));
  EXPECT_FALSE(pattern_find("abc", "", 4, budget));
  EXPECT_FALSE(pattern_match_at("abc", "", 4, budget));
}

TEST(LuaPatternTest, AnchorOnlyAtPatternStartForFind) {
  PatternBudget budget{1000};
  EXPECT_FALSE(pattern_find("abc", "^b", 0, budget));
  ASSERT_TRUE(pattern_find("abc", "^b", 1, budget));
  auto m = find_ok("a^b", "a^b");
  EXPECT_EQ(m.end, 3u);
}

TEST(LuaPatternTest, MatchAtDoesNotSearchAndTakesCaretLiterally) {
  PatternBudget budget{1000};
  EXPECT_FALSE(pattern_match_at("abc", "b", 0, budget));
  auto m = pattern_match_at("abc", "b", 1, budget);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->start, 1u);
  EXPECT_EQ(m->end, 2u);
  EXPECT_FALSE(pattern_match_at("abc", "^a", 0, budget));
  m = pattern_match_at("x^a", "^a", 1, budget);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->end, 3u);
  m = pattern_match_at("abc", "", 3, budget);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->start, 3u);
  EXPECT_EQ(m->end, 3u);
}

TEST(LuaPatternTest, CapturesAndPositionCaptures) {
  auto m = find_ok("key = value", "()(%w+)%s*=%s*(%w+)()");
  ASSERT_EQ(m.captures.size(), 4u);
  EXPECT_TRUE(m.captures[0].is_position);
  EXPECT_EQ(m.captures[0].start, 0u);
  EXPECT_EQ(m.captures[1].start, 0u);
  EXPECT_EQ(m.captures[1].length, 3u);
  EXPECT_FALSE(m.captures[1].is_position);
  EXPECT_EQ(m.captures[2].start, 6u);
  EXPECT_EQ(m.captures[2].length, 5u);
  EXPECT_TRUE(m.captures[3].is_position);
  EXPECT_EQ(m.captures[3].start, 11u);
}

TEST(LuaPatternTest, BackReferences) {
  auto m = find_ok("say \"hi\" or 'yo'", "([\"'])(.-)%1", 9);
  EXPECT_EQ(m.start, 12u);
  ASSERT_EQ(m.captures.size(), 2u);
  EXPECT_EQ(m.captures[1].start, 13u);
  EXPECT_EQ(m.captures[1].length, 2u);
  PatternBudget budget{1000};
  EXPECT_FALSE(pattern_find("aa", "()a%1", 0, budget));  // a position capture has no text
}

TEST(LuaPatternTest, BalanceAndFrontier) {
  auto m = find_ok("f(a(b)c)d", "%b()");
  EXPECT_EQ(m.start, 1u);
  EXPECT_EQ(m.end, 8u);
  m = find_ok("THE (quick) fox", "%f[%a]%a+", 4);
  EXPECT_EQ(m.start, 5u);
  m = find_ok("word", "%f[%W]");  // the end of the subject counts as '\0'
  EXPECT_EQ(m.start, 4u);
  m = find_ok("word", "%f[%w]");  // so does its start
  EXPECT_EQ(m.start, 0u);
}

TEST(LuaPatternTest, ThirtyTwoCapturesAreFineThirtyThreeAreNot) {
  std::string p32, p33;
  for (int i = 0; i < 32; ++i) p32 += "()";
  p33 = p32 + "()";
  EXPECT_EQ(find_ok("x", p32).captures.size(), 32u);
  EXPECT_EQ(error_of("x", p33), "too many captures");
  std::string text32;
  for (int i = 0; i < 32; ++i) text32 += "(.)";
  EXPECT_EQ(find_ok(std::string(40, 'z'), text32).captures.size(), 32u);
}

TEST(LuaPatternTest, EveryMalformedPatternMessage) {
  EXPECT_EQ(error_of("abc", "%"), "malformed pattern (ends with '%')");
  EXPECT_EQ(error_of("abc", "[a"), "malformed pattern (missing ']')");
  EXPECT_EQ(error_of("abc", "[]"), "malformed pattern (missing ']')");
  EXPECT_EQ(error_of("abc", "[%]"), "malformed pattern (missing ']')");
  EXPECT_EQ(error_of("abc", "%f"), "missing '[' after '%f' in pattern");
  EXPECT_EQ(error_of("abc", "%fa"), "missing '[' after '%f' in pattern");
  EXPECT_EQ(error_of("abc", "%b"), "malformed pattern (missing arguments to '%b')");
  EXPECT_EQ(error_of("abc", "%ba"), "malformed pattern (missing arguments to '%b')");
  // Lua 5.4.4 (Debian 12) and 5.4.6 word it without the " in pattern" later releases added.
  EXPECT_EQ(error_of("abc", "%1"), "invalid capture index %1");
  EXPECT_EQ(error_of("abc", "%0"), "invalid capture index %0");
  EXPECT_EQ(error_of("abc", "(a)%2"), "invalid capture index %2");
  EXPECT_EQ(error_of("abc", "(a%1)"), "invalid capture index %1");
  EXPECT_EQ(error_of("abc", "a)"), "invalid pattern capture");
  EXPECT_EQ(error_of("abc", "(a"), "unfinished capture");
  std::string too_deep;
  for (int i = 0; i < 300; ++i) too_deep += "a?";
  EXPECT_EQ(error_of(std::string(300, 'a'), too_deep), "pattern too complex");
  PatternBudget budget{kPlentyOfSteps};
  EXPECT_THROW(pattern_match_at("abc", "(a", 0, budget), PatternError);
}

TEST(LuaPatternTest, MalformedPartsAreOnlyReportedWhenReached) {
  PatternBudget budget{1000};
  EXPECT_FALSE(pattern_find("abc", "x%", 0, budget));  // as in Lua: 'x' never matches
  EXPECT_EQ(error_of("xbc", "x%"), "malformed pattern (ends with '%')");
}

TEST(LuaPatternTest, NestingJustUnderTheLimitWorks) {
  std::string p;
  for (int i = 0; i < 190; ++i) p += "a?";
  auto m = find_ok(std::string(190, 'a'), p);
  EXPECT_EQ(m.end, 190u);
}

// ---------------------------------------------------------------------------------------------
// The budget.

std::string pathological_pattern(int n) {
  std::string p;
  for (int i = 0; i < n; ++i) p += "a?";
  return p + std::string(n, 'a') + "b";
}

TEST(LuaPatternBudgetTest, PathologicalPatternRunsOutOfBudget) {
  PatternBudget budget{1'000'000};
  EXPECT_THROW(pattern_find(std::string(22, 'a'), pathological_pattern(22), 0, budget), PatternBudgetExceeded);
  EXPECT_EQ(budget.remaining, 0u);
}

TEST(LuaPatternBudgetTest, PathologicalPatternFinishesWithEnoughBudget) {
  PatternBudget budget{UINT64_MAX};
  EXPECT_FALSE(pattern_find(std::string(14, 'a'), pathological_pattern(14), 0, budget));
  EXPECT_LT(budget.remaining, UINT64_MAX - (1u << 14));  // exponential work, counted
}

TEST(LuaPatternBudgetTest, NormalMatchFitsASmallBudgetAndSpendsIt) {
  PatternBudget budget{200};
  auto m = pattern_find("hello world", "w%a+", 0, budget);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->start, 6u);
  EXPECT_EQ(m->end, 11u);
  EXPECT_LT(budget.remaining, 200u);
  EXPECT_GT(budget.remaining, 0u);
}

TEST(LuaPatternBudgetTest, ExactlyTheStepsUsedIsEnoughAndOneLessIsNot) {
  const std::string subject = "The (quick) brown fox = 42; jumps";
  const std::string pattern = "%f[%w](%w+)%s*=%s*(%d+)";
  PatternBudget plenty{1'000'000};
  ASSERT_TRUE(pattern_find(subject, pattern, 0, plenty));
  const std::uint64_t used = 1'000'000 - plenty.remaining;

  PatternBudget exact{used};
  EXPECT_TRUE(pattern_find(subject, pattern, 0, exact));
  EXPECT_EQ(exact.remaining, 0u);
  PatternBudget short_by_one{used - 1};
  EXPECT_THROW(pattern_find(subject, pattern, 0, short_by_one), PatternBudgetExceeded);
}

TEST(LuaPatternBudgetTest, SearchLoopCountsEveryStartPosition) {
  const std::string subject(10'000, 'a');
  PatternBudget budget{1'000'000};
  EXPECT_FALSE(pattern_find(subject, "b$", 0, budget));
  EXPECT_GE(1'000'000 - budget.remaining, subject.size());
  PatternBudget small{5'000};
  EXPECT_THROW(pattern_find(subject, "b$", 0, small), PatternBudgetExceeded);
}

TEST(LuaPatternBudgetTest, BalanceScansAndLongSetsAreCounted) {
  // Each start position scans to the end looking for ')': quadratic work.
  PatternBudget budget{1'000'000};
  EXPECT_THROW(pattern_find(std::string(20'000, '('), "%b()", 0, budget), PatternBudgetExceeded);
  // A long set is examined element by element for every subject byte.
  std::string set = "[";
  for (int i = 0; i < 5000; ++i) set += "b";
  set += "]";
  PatternBudget budget2{1'000'000};
  EXPECT_THROW(pattern_find(std::string(2000, 'a'), set, 0, budget2), PatternBudgetExceeded);
}

TEST(LuaPatternBudgetTest, BackReferencesAreCountedByLength) {
  const std::string subject(4000, 'a');
  PatternBudget budget{1'000'000};
  // (a*) takes everything, then backs off one byte at a time; each time %1 compares up to 2000
  // bytes, about 2,000,000 byte comparisons in all against some 16,000 other steps.
  EXPECT_THROW(pattern_find(subject, "^(a*)%1b", 0, budget), PatternBudgetExceeded);
  PatternBudget enough{10'000'000};
  EXPECT_FALSE(pattern_find(subject, "^(a*)%1b", 0, enough));
}

}  // namespace
}  // namespace helpdesk::kernel::lua
