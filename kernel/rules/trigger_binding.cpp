// The `ticket` a trigger receives: read fields of the stored ticket and actions that are recorded
// for the kernel to apply. Every function here may raise (longjmp): each validates first and only
// then does its C++ work, so no C++ object with a destructor is alive when an error is raised.
#include "kernel/rules/trigger_binding.hpp"

#include <stdexcept>
#include <string_view>

#include <lua.hpp>

#include "kernel/lua/sandbox_state.hpp"
#include "kernel/rules/filter_text.hpp"
#include "kernel/rules/filter_ticket_handle.hpp"

namespace helpdesk::kernel {
namespace {

constexpr std::uint32_t kTriggerMagic = 0x74726967;  // "trig"
constexpr std::uint64_t kActionCost = 100;
constexpr std::size_t kMaxActionsPerCall = 1000;
constexpr std::size_t kMaxTextBytes = 64 * 1024;

struct TriggerHandle {
  std::uint32_t magic;
  TriggerBinding* binding;
  std::uint64_t serial;
};
static_assert(std::is_trivially_copyable_v<TriggerHandle>);

enum Field : int {
  kNumber, kSubject, kStatus, kState, kPriority, kDepartment, kTopic, kTeam, kAssignee, kSource,
  kSlaPlan, kTags, kFields, kRequester, kCreatedAt, kUpdatedAt, kDueAt, kClosedAt,
};

constexpr struct {
  const char* name;
  Field field;
} kFieldNames[] = {
    {"number", kNumber},         {"subject", kSubject},       {"status", kStatus},     {"state", kState},
    {"priority", kPriority},     {"department", kDepartment}, {"topic", kTopic},       {"team", kTeam},
    {"agent", kAssignee},        {"source", kSource},         {"sla_plan", kSlaPlan},  {"tags", kTags},
    {"fields", kFields},         {"requester", kRequester},   {"created_at", kCreatedAt},
    {"updated_at", kUpdatedAt},  {"due_at", kDueAt},          {"closed_at", kClosedAt},
};

TriggerCall& live_trigger_call(lua_State* L, const char* method) {
  const auto* handle = static_cast<const TriggerHandle*>(lua_touserdata(L, 1));
  if (handle == nullptr || lua_type(L, 1) != LUA_TUSERDATA || lua_rawlen(L, 1) != sizeof(TriggerHandle) ||
      handle->magic != kTriggerMagic)
    luaL_error(L, "%s: call it as ticket:%s(…)", method, method);
  TriggerCall* call = handle->binding->live(handle->serial);
  if (call == nullptr) luaL_error(L, "ticket handle used after the trigger returned");
  return *call;
}

TriggerCall& action_call(lua_State* L, const char* action) {
  TriggerCall& call = live_trigger_call(L, action);
  lua::charge(L, kActionCost);
  if (call.count() >= kMaxActionsPerCall)
    luaL_error(L, "%s: too many actions in one call (limit %d)", action, static_cast<int>(kMaxActionsPerCall));
  return call;
}

void push_text(lua_State* L, std::string_view text) {
  if (text.empty())
    lua_pushnil(L);
  else
    lua_pushlstring(L, text.data(), text.size());
}

void push_time(lua_State* L, const std::optional<Timestamp>& t) {
  if (t)
    lua_pushinteger(L, static_cast<lua_Integer>(*t));
  else
    lua_pushnil(L);
}

void push_requester(lua_State* L, const Person& p) {
  lua_createtable(L, 0, 4);
  push_text(L, p.name);
  lua_setfield(L, -2, "name");
  push_text(L, p.email);
  lua_setfield(L, -2, "email");
  push_text(L, p.phone);
  lua_setfield(L, -2, "phone");
  const auto at = p.email.find('@');
  if (at != std::string::npos) {
    const char* d = p.email.data() + at + 1;
    const std::size_t len = p.email.size() - at - 1;
    luaL_Buffer b;
    char* out = luaL_buffinitsize(L, &b, len);
    for (std::size_t i = 0; i < len; ++i) out[i] = (d[i] >= 'A' && d[i] <= 'Z') ? static_cast<char>(d[i] - 'A' + 'a') : d[i];
    luaL_pushresultsize(&b, len);
    lua_setfield(L, -2, "domain");
  }
}

// __index. Upvalue 1: the key table (name -> Field or method).
int ticket_index(lua_State* L) {
  TriggerCall& call = live_trigger_call(L, "ticket");
  lua_pushvalue(L, 2);
  const int type = lua_rawget(L, lua_upvalueindex(1));
  if (type == LUA_TFUNCTION) return 1;
  if (type != LUA_TNUMBER) {
    if (lua_type(L, 2) == LUA_TSTRING) return luaL_error(L, "ticket has no field '%s'", lua_tostring(L, 2));
    return luaL_error(L, "ticket has no field of type %s", luaL_typename(L, 2));
  }
  const Ticket& t = call.ticket;
  switch (static_cast<Field>(lua_tointeger(L, -1))) {
    case kNumber: push_text(L, t.number); break;
    case kSubject: push_text(L, t.subject); break;
    case kStatus: push_text(L, t.status); break;
    case kState: push_text(L, t.state); break;
    case kPriority: push_text(L, t.priority); break;
    case kDepartment: push_text(L, t.department); break;
    case kTopic: push_text(L, t.topic); break;
    case kTeam: push_text(L, t.team); break;
    case kAssignee: push_text(L, t.assignee); break;
    case kSource: push_text(L, t.source); break;
    case kSlaPlan: push_text(L, t.sla_plan); break;
    case kTags: {
      lua_createtable(L, static_cast<int>(call.tags.size()), 0);
      lua_Integer i = 0;
      for (const auto& tag : call.tags) {
        lua_pushlstring(L, tag.data(), tag.size());
        lua_rawseti(L, -2, ++i);
      }
      break;
    }
    case kFields:
      if (t.fields.is_object())
        push_json(L, t.fields);
      else
        lua_createtable(L, 0, 0);
      break;
    case kRequester: push_requester(L, t.requester); break;
    case kCreatedAt: lua_pushinteger(L, static_cast<lua_Integer>(t.created_at)); break;
    case kUpdatedAt: lua_pushinteger(L, static_cast<lua_Integer>(t.updated_at)); break;
    case kDueAt: push_time(L, t.due_at); break;
    case kClosedAt: push_time(L, t.closed_at); break;
  }
  return 1;
}

int refuse_assignment(lua_State* L) {
  return luaL_error(L, "ticket fields are read-only: change them with the ticket:set_…() methods");
}

int set_in(lua_State* L, const char* action, const char* noun, const std::set<std::string>& (*vocab)(const TriggerCall&)) {
  TriggerCall& call = action_call(L, action);
  std::size_t len = 0;
  const char* key = luaL_checklstring(L, 2, &len);
  if (vocab(call).count(std::string(key, len)) == 0) return luaL_error(L, "%s: unknown %s '%s'", action, noun, key);
  call.record(action, std::string(key, len));
  return 0;
}

int set_status(lua_State* L) {
  return set_in(L, "set_status", "status", [](const TriggerCall& c) -> const std::set<std::string>& { return c.vocabulary.statuses; });
}
int set_department(lua_State* L) {
  return set_in(L, "set_department", "department",
                [](const TriggerCall& c) -> const std::set<std::string>& { return c.vocabulary.base.departments; });
}
int set_team(lua_State* L) {
  return set_in(L, "set_team", "team", [](const TriggerCall& c) -> const std::set<std::string>& { return c.vocabulary.base.teams; });
}

int set_priority(lua_State* L) {
  TriggerCall& call = action_call(L, "set_priority");
  std::size_t len = 0;
  const char* given = luaL_checklstring(L, 2, &len);
  const std::string* key = resolve_priority(call.vocabulary.base, {given, len});
  if (key == nullptr) return luaL_error(L, "set_priority: unknown priority '%s'", given);
  call.record("set_priority", *key);
  return 0;
}

int set_agent(lua_State* L) {
  TriggerCall& call = action_call(L, "set_agent");
  call.record("set_agent", check_agent_email(L));
  return 0;
}

int no_argument(lua_State* L, const char* action) {
  action_call(L, action).record(action, nullptr);
  return 0;
}
int close_ticket(lua_State* L) { return no_argument(L, "close"); }
int reopen(lua_State* L) { return no_argument(L, "reopen"); }
int stop(lua_State* L) {
  TriggerCall& call = action_call(L, "stop");
  call.record("stop", nullptr);
  call.stopped = true;
  return 0;
}

int text_action(lua_State* L, const char* action) {
  TriggerCall& call = action_call(L, action);
  std::size_t len = 0;
  const char* text = luaL_checklstring(L, 2, &len);
  if (len == 0) return luaL_error(L, "%s: the text is empty", action);
  if (len > kMaxTextBytes) return luaL_error(L, "%s: the text is over 64 KiB", action);
  lua::charge(L, lua::bytes_cost(len));
  call.record(action, std::string(text, len));
  return 0;
}
int add_note(lua_State* L) { return text_action(L, "add_note"); }
int reply(lua_State* L) { return text_action(L, "reply"); }

// ticket:after(seconds, action[, value]): the action later, unless the ticket's status changed
// meanwhile (the kernel schedules it as a durable timer; trigger_dispatch.cpp).
int after(lua_State* L) {
  TriggerCall& call = action_call(L, "after");
  if (lua_type(L, 2) != LUA_TNUMBER) return luaL_error(L, "after: the delay must be a number of seconds");
  const lua_Number seconds = lua_tonumber(L, 2);
  if (!(seconds >= 60 && seconds <= 366.0 * 86400))
    return luaL_error(L, "after: the delay must be between 60 seconds and 366 days");
  std::size_t len = 0;
  const char* action = luaL_checklstring(L, 3, &len);
  const std::string_view a(action, len);
  const bool no_value = a == "close" || a == "reopen";
  const bool status = a == "set_status", priority = a == "set_priority", text = a == "add_note" || a == "reply";
  if (!no_value && !status && !priority && !text)
    return luaL_error(L, "after: cannot defer '%s' (close, reopen, set_status, set_priority, add_note or reply)",
                      action);
  const std::string* priority_key = nullptr;
  std::size_t value_len = 0;
  const char* value = no_value ? nullptr : luaL_checklstring(L, 4, &value_len);
  if (status && call.vocabulary.statuses.count(std::string(value, value_len)) == 0)
    return luaL_error(L, "after: unknown status '%s'", value);
  if (priority && (priority_key = resolve_priority(call.vocabulary.base, {value, value_len})) == nullptr)
    return luaL_error(L, "after: unknown priority '%s'", value);
  if (text && (value_len == 0 || value_len > kMaxTextBytes))
    return luaL_error(L, "after: the text must be 1 byte to 64 KiB");
  nlohmann::json deferred = {{"seconds", static_cast<std::int64_t>(seconds)}, {"action", std::string(a)}};
  if (priority_key)
    deferred["value"] = *priority_key;
  else if (value)
    deferred["value"] = std::string(value, value_len);
  call.record("after", std::move(deferred));
  return 0;
}

int add_tag(lua_State* L) {
  TriggerCall& call = action_call(L, "add_tag");
  char buffer[kMaxTagBytes + 1];
  const std::string_view tag = check_tag(L, "add_tag", buffer);
  call.tags.emplace(tag);
  call.record("add_tag", std::string(tag));
  return 0;
}

int remove_tag(lua_State* L) {
  TriggerCall& call = action_call(L, "remove_tag");
  char buffer[kMaxTagBytes + 1];
  const std::string_view tag = check_tag(L, "remove_tag", buffer);
  call.tags.erase(std::string(tag));
  call.record("remove_tag", std::string(tag));
  return 0;
}

int has_tag(lua_State* L) {
  TriggerCall& call = live_trigger_call(L, "has_tag");
  char buffer[kMaxTagBytes + 1];
  std::size_t len = 0;
  const char* tag = luaL_checklstring(L, 2, &len);
  bool found = false;
  if (len <= kMaxTagBytes) {
    for (std::size_t i = 0; i < len; ++i)
      buffer[i] = (tag[i] >= 'A' && tag[i] <= 'Z') ? static_cast<char>(tag[i] - 'A' + 'a') : tag[i];
    found = call.tags.count(std::string(buffer, len)) != 0;
  }
  lua_pushboolean(L, found);
  return 1;
}

int handle_tostring(lua_State* L) {
  lua_pushliteral(L, "ticket");
  return 1;
}

}  // namespace

int install_trigger_binding(lua_State* L) {
  auto* binding = static_cast<TriggerBinding*>(lua_touserdata(L, 1));
  lua_createtable(L, 0, 32);
  const int keys = lua_gettop(L);
  for (const auto& [name, field] : kFieldNames) {
    lua_pushinteger(L, field);
    lua_setfield(L, keys, name);
  }
  static const luaL_Reg methods[] = {
      {"set_status", set_status}, {"close", close_ticket},   {"reopen", reopen},
      {"set_priority", set_priority}, {"set_department", set_department}, {"set_team", set_team},
      {"set_agent", set_agent},   {"add_note", add_note},   {"reply", reply},
      {"add_tag", add_tag},       {"remove_tag", remove_tag}, {"has_tag", has_tag},
      {"stop", stop},             {"after", after},         {nullptr, nullptr},
  };
  luaL_setfuncs(L, methods, 0);

  lua_createtable(L, 0, 4);
  lua_pushvalue(L, keys);
  lua_pushcclosure(L, ticket_index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, refuse_assignment);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, handle_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  binding->ticket_mt_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

TriggerBinding::TriggerBinding(lua::Sandbox& sandbox) {
  if (auto error = sandbox.call("<trigger binding>", install_trigger_binding, this))
    throw std::runtime_error("cannot install the trigger binding: " + error->message);
}

void TriggerBinding::begin_call(TriggerCall& call) {
  current_ = &call;
  live_serial_ = ++next_serial_;
}

void TriggerBinding::end_call() {
  current_ = nullptr;
  live_serial_ = 0;
}

void TriggerBinding::push_ticket(lua_State* L) {
  auto* handle = static_cast<TriggerHandle*>(lua_newuserdatauv(L, sizeof(TriggerHandle), 0));
  *handle = TriggerHandle{kTriggerMagic, this, live_serial_};
  lua_rawgeti(L, LUA_REGISTRYINDEX, ticket_mt_ref_);
  lua_setmetatable(L, -2);
}

}  // namespace helpdesk::kernel
