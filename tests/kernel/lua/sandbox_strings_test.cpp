// The sandbox's string library (our pattern functions over lua_pattern.hpp, the charged
// wrappers, our string.rep) gives the same answers and the same errors as stock Lua 5.4.
#include <gtest/gtest.h>

#include <string>

#include <lua.hpp>

#include "kernel/lua/sandbox.hpp"

using namespace helpdesk::kernel::lua;

namespace {

// Each case is an expression; its results are printed as "type:value,…" in both states.
std::string wrap_case(const std::string& expression) {
  return "local function show(...)\n"
         "  local t = table.pack(...) local out = {}\n"
         "  for i = 1, t.n do out[i] = type(t[i]) .. ':' .. tostring(t[i]) end\n"
         "  return table.concat(out, ',')\n"
         "end\n"
         "local function each(f, s, v)\n"
         "  local out = {}\n"
         "  for a, b in f, s, v do out[#out + 1] = tostring(a) .. '|' .. tostring(b) end\n"
         "  return table.concat(out, ';')\n"
         "end\n"
         "return show(" +
         expression + ")";
}

std::string run_stock(const std::string& source) {
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  std::string result;
  if (luaL_loadbufferx(L, source.data(), source.size(), "@t.lua", "t") != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK)
    result = std::string("error: ") + lua_tostring(L, -1);
  else
    result = lua_tostring(L, -1);
  lua_close(L);
  return result;
}

std::string run_sandboxed(const std::string& source) {
  Sandbox sandbox(SandboxLimits{});
  auto loaded = sandbox.load("t.lua", source);
  if (loaded.error) return "error: " + loaded.error->message;
  lua_State* L = sandbox.state();
  lua_rawgeti(L, LUA_REGISTRYINDEX, loaded.value_ref);
  std::string result = lua_tostring(L, -1);
  lua_pop(L, 1);
  return result;
}

class StringLibraryLikeStock : public ::testing::TestWithParam<const char*> {};

TEST_P(StringLibraryLikeStock, SameResult) {
  const std::string source = wrap_case(GetParam());
  EXPECT_EQ(run_sandboxed(source), run_stock(source)) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    Sandbox, StringLibraryLikeStock,
    ::testing::Values(
        // find: init (positive, negative, clipped, past the end), plain, captures, specials
        "string.find('hello world', 'wor')", "string.find('hello world', 'o', 5)",
        "string.find('hello world', 'o', -3)", "string.find('hello world', 'o', -100)", "string.find('hello', 'l', 10)",
        "string.find('hello', '', 6)", "string.find('hello', '', 7)", "string.find('hello', '', 0)",
        "string.find('a.b', '.', 1, true)", "string.find('a+b', '+', 1, true)", "string.find('a.b', '.')",
        "string.find('abc', '(b)(c)')", "string.find('abc', '()b()')", "string.find('a)', ')')",
        "string.find(12345, 3)", "string.find('hello', 'l+')", "string.find('hello', '^h')",
        "string.find('hello', '^e')", "string.find('hello', 'o$')", "string.find('ab\\0cd', '\\0c')",
        "string.find('ab\\0cd', '%z', 1)", "('Subject: hi'):find(':%s*')", "string.find('hello', 'l', 1.0)",
        "string.find('hello', 'l', 1.5)", "string.find('a', '[a')", "string.find('a', 'a%')", "string.find()",
        "string.find('x', {})",
        // match
        "string.match('key=value', '(%w+)=(%w+)')", "string.match('  trim  ', '^%s*(.-)%s*$')",
        "string.match('hello', 'xyz')", "string.match('2024-01-15', '(%d+)-(%d+)-(%d+)')",
        "string.match('hello', '()ll()')", "string.match('hello', '.', -2)", "string.match('[[x]]', '%[%[(.*)%]%]')",
        "string.match('THE (quick) fox', '%((%a+)%)')", "string.match('f(a(b)c)', '%b()')",
        "string.match('THE quick', '%f[%a]%a+', 4)", "string.match('ticket #4521 opened', '#(%d+)')",
        "string.match('a,b,,c', '([^,]*),([^,]*)')", "string.match('hello', '(h)(e)(l)(l)(o)')",
        "string.match('abcabc', '(abc)%1')", "string.match('x', '(')", "string.match('x', '%1')",
        // gmatch: captures, empty matches, init, '^' is not an anchor
        "each(string.gmatch('one two  three', '%a+'))", "each(string.gmatch('k1=v1, k2=v2', '(%w+)=(%w+)'))",
        "each(string.gmatch('abc', ''))", "each(string.gmatch('hello world', 'o', 6))",
        "each(string.gmatch('^a^a', '^a'))", "each(string.gmatch('abc', 'x*'))", "each(string.gmatch('hello', '()l'))",
        "each(string.gmatch('abc', '.', -1))", "each(string.gmatch('abc', '.', 10))",
        // gsub: string, table and function replacements, %0-%9, anchors, max n
        "string.gsub('hello world', 'o', '0')", "string.gsub('hello world', '(o)', '[%1]')",
        "string.gsub('hello', '', '-')", "string.gsub('abc', '%w', '%0%0')",
        "string.gsub('hello world', '%w+', '<%0>', 1)", "string.gsub('$name is $age', '%$(%w+)', {name='Ann', age=3})",
        "string.gsub('abc', '%w', function(c) return c:upper() .. '.' end)",
        "string.gsub('abc', 'b', function() return nil end)", "string.gsub('abc', 'b', function() return false end)",
        "string.gsub('abc', '^a', 'x')", "string.gsub('aaa', '^a', 'x')", "string.gsub('hello', 'l+', '%%')",
        "string.gsub('abc', '()', '%1')", "string.gsub('abc', 'b', '%2')", "string.gsub('abc', '(b)', '%2')",
        "string.gsub('abc', 'b', '%x')", "string.gsub('abc', 'b', '%')", "string.gsub('abc', '(b)', {b=true})",
        "string.gsub('abc', 'b', {})", "string.gsub('hello world', 'o', '0', 0)", "string.gsub('x y', '%s', '_', -1)",
        "string.gsub('abc', '%w', 7)", "string.gsub('abc', 'b')", "string.gsub('hello world', '(%w+) (%w+)', '%2 %1')",
        "string.gsub('a,b', ',', '%%1')", "string.gsub('abc', '', '')", "string.gsub('', '', 'x')",
        "string.gsub('abc', '.', {a=1, b=2.5})", "string.gsub('abc', '(a)(b)', function(a, b) return b .. a end)",
        "('x'):gsub('x', '%0%0%0')",
        // the other string functions, through their charged wrappers and ours
        "string.rep('ab', 3)", "string.rep('ab', 3, '-')", "string.rep('', 5)", "string.rep('x', 0)",
        "string.rep('x', -1)", "string.rep('', 3, ',')", "string.rep('x', 1, ',')", "string.rep()",
        "string.format('%5.2f|%d|%s|%q|%x', 3.14159, 42, 'x', 'a\\nb', 255)", "string.format('%d', 1.5)",
        "string.format('%%')", "string.format('%s %s', 1)", "('Hello'):upper()", "('Hello'):lower()",
        "('hello'):sub(2, 3)", "('hello'):sub(-3)", "('hello'):byte(1, -1)", "string.char(72, 105)",
        "('abc'):reverse()", "('hello'):len()", "('x'):sub({})", "string.upper()", "table.concat({1, 2, 3}, ', ')",
        "table.concat({1, 2, 3}, '-', 2, 3)", "table.concat({1, {}, 3})", "table.unpack({1, 2, 3})",
        "table.unpack({1, 2, 3}, 2)", "utf8.len('héllo')", "utf8.char(72, 233)"));

}  // namespace
