#pragma once
// Internal to the ticket binding: the userdata behind `ticket`, `ticket.requester` and
// `ticket.headers`. Scripts cannot create userdata, so any full userdata of this size that a
// script passes is one of ours; the kind tells which.
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include <lua.hpp>

namespace helpdesk::kernel {

class FilterCall;
class TicketBinding;

enum class HandleKind : std::uint32_t { ticket = 0x7469636b, requester, headers };

struct TicketHandle {
  HandleKind kind;
  TicketBinding* binding;
  std::uint64_t serial;  // the call it was made for
};
// A userdata has no __gc here (finalizers would run outside a budgeted call), so nothing to destroy.
static_assert(std::is_trivially_copyable_v<TicketHandle>);

// The call behind the live handle at `index`; raises a Lua error when it is not a handle of
// `kind` ("<method>: call it as ticket:<method>(…)") or its call has returned.
FilterCall& live_call(lua_State* L, int index, HandleKind kind, const char* method);

// Pushes a copy of `value` (objects and arrays as tables, null members left out, nil past depth 16).
void push_json(lua_State* L, const nlohmann::json& value, int depth = 0);

// Tags (filters and triggers): at argument 2, lower-cased into `out` (kMaxTagBytes + 1 bytes);
// raises a Lua error naming `action` when it is not a valid tag.
inline constexpr std::size_t kMaxTagBytes = 64;
std::string_view check_tag(lua_State* L, const char* action, char* out);
// set_agent's argument 2, lower-cased; raises a Lua error when it is not a plausible email.
std::string check_agent_email(lua_State* L);

struct FilterVocabulary;
// A priority key given exactly, else a name or key in any case ("Critical", "HIGH"); nullptr if none.
const std::string* resolve_priority(const FilterVocabulary& vocabulary, std::string_view given);

// Adds the action and query methods to the table at `keys` (filter_ticket_actions.cpp).
void add_ticket_methods(lua_State* L, int keys);

}  // namespace helpdesk::kernel
