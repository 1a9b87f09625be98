#pragma once
// Pattern matching for C bindings outside the string library (e.g. the rules' `matches` helper),
// charged to the running call's budget like string.find.
#include <string_view>

struct lua_State;

namespace helpdesk::kernel::lua {

// Whether `pattern` (a Lua pattern, '^' anchors) occurs in `subject`. Raises the budget abort when
// the budget runs out and an ordinary Lua error with Lua's message for a malformed pattern.
// Call it holding no C++ object with a destructor (it may longjmp).
bool pattern_found(lua_State* L, std::string_view subject, std::string_view pattern);

}  // namespace helpdesk::kernel::lua
