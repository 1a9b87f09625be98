// The ticket's methods: actions checked against the vocabulary, so a bad value is the script's
// error ("set_department: unknown department 'sales'"), never the API client's.
//
// Each function validates first (validation raises Lua errors, which longjmp) and only then does
// its C++ work, so no C++ object with a destructor is alive when an error is raised.
#include <cmath>
#include <string>
#include <string_view>

#include "kernel/lua/sandbox_state.hpp"
#include "kernel/rules/filter_call.hpp"
#include "kernel/rules/filter_text.hpp"
#include "kernel/rules/filter_ticket_handle.hpp"

namespace helpdesk::kernel {
namespace {

// An action costs budget like a hundred instructions, so a loop of actions ends long before the
// steps (C++ memory, outside the Lua cap) grow large.
constexpr std::uint64_t kActionCost = 100;
constexpr std::size_t kMaxActionsPerCall = 1000;
constexpr std::size_t kMaxTextBytes = 64 * 1024;

FilterCall& action_call(lua_State* L, const char* action) {
  FilterCall& call = live_call(L, 1, HandleKind::ticket, action);
  lua::charge(L, kActionCost);
  if (call.actions() >= kMaxActionsPerCall)
    luaL_error(L, "%s: too many actions in one call (limit %d)", action, static_cast<int>(kMaxActionsPerCall));
  return call;
}

void lower_ascii(std::string& s) {
  for (auto& c : s) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
}

bool has(const std::set<std::string>& set, std::string_view value) { return set.count(std::string(value)) != 0; }

// A key of `set`, for a vocabulary entry set from Lua.
int set_from_vocabulary(lua_State* L, const char* action, const char* noun,
                        std::set<std::string> FilterVocabulary::*vocabulary, std::string& (*slot)(FilterTicket&)) {
  FilterCall& call = action_call(L, action);
  std::size_t len = 0;
  const char* key = luaL_checklstring(L, 2, &len);
  if (!has(call.vocabulary().*vocabulary, {key, len})) return luaL_error(L, "%s: unknown %s '%s'", action, noun, key);
  slot(call.change()).assign(key, len);
  call.record(action, std::string(key, len));
  return 0;
}

int set_department(lua_State* L) {
  return set_from_vocabulary(L, "set_department", "department", &FilterVocabulary::departments,
                             [](FilterTicket& t) -> std::string& { return t.ticket.department; });
}

int set_team(lua_State* L) {
  return set_from_vocabulary(L, "set_team", "team", &FilterVocabulary::teams,
                             [](FilterTicket& t) -> std::string& { return t.team; });
}

int set_sla(lua_State* L) {
  return set_from_vocabulary(L, "set_sla", "SLA plan", &FilterVocabulary::sla_plans,
                             [](FilterTicket& t) -> std::string& { return t.sla_plan; });
}

int set_topic(lua_State* L) {
  FilterCall& call = action_call(L, "set_topic");
  std::size_t len = 0;
  const char* key = luaL_checklstring(L, 2, &len);
  if (!has(call.vocabulary().topics, {key, len})) return luaL_error(L, "set_topic: unknown topic '%s'", key);
  FilterTicket& t = call.change();
  t.ticket.topic.assign(key, len);
  t.ticket.topic_id.reset();  // the key now decides
  call.record("set_topic", std::string(key, len));
  return 0;
}

int set_priority(lua_State* L) {
  FilterCall& call = action_call(L, "set_priority");
  std::size_t len = 0;
  const char* given = luaL_checklstring(L, 2, &len);
  const std::string* key = resolve_priority(call.vocabulary(), {given, len});
  if (key == nullptr) return luaL_error(L, "set_priority: unknown priority '%s'", given);
  FilterTicket& t = call.change();
  t.ticket.priority = *key;
  t.ticket.priority_id.reset();
  call.record("set_priority", *key);
  return 0;
}

int set_agent(lua_State* L) {
  FilterCall& call = action_call(L, "set_agent");
  std::string& agent = call.change().agent;
  agent = check_agent_email(L);
  call.record("set_agent", agent);
  return 0;
}

void store_field(FilterCall& call, std::string key, nlohmann::json value) {
  auto& fields = call.change().ticket.fields;
  if (!fields.is_object()) fields = nlohmann::json::object();
  if (value.is_null())
    fields.erase(key);
  else
    fields[key] = value;
  call.record("set_field", nlohmann::json{{"key", std::move(key)}, {"value", std::move(value)}});
}

int set_field(lua_State* L) {
  FilterCall& call = action_call(L, "set_field");
  std::size_t len = 0;
  const char* key = luaL_checklstring(L, 2, &len);
  if (!valid_field_key({key, len}))
    return luaL_error(L, "set_field: invalid field key '%s' (letters, digits, _ . -; at most 64)", key);
  switch (lua_type(L, 3)) {
    case LUA_TNIL:
      store_field(call, std::string(key, len), nullptr);
      return 0;
    case LUA_TBOOLEAN:
      store_field(call, std::string(key, len), lua_toboolean(L, 3) != 0);
      return 0;
    case LUA_TNUMBER:
      if (lua_isinteger(L, 3)) {
        store_field(call, std::string(key, len), static_cast<std::int64_t>(lua_tointeger(L, 3)));
        return 0;
      }
      if (!std::isfinite(lua_tonumber(L, 3))) return luaL_error(L, "set_field: value for '%s' is not finite", key);
      store_field(call, std::string(key, len), lua_tonumber(L, 3));
      return 0;
    case LUA_TSTRING: {
      std::size_t vlen = 0;
      const char* value = lua_tolstring(L, 3, &vlen);
      if (vlen > kMaxTextBytes) return luaL_error(L, "set_field: value for '%s' is over 64 KiB", key);
      lua::charge(L, lua::bytes_cost(vlen));
      store_field(call, std::string(key, len), std::string(value, vlen));
      return 0;
    }
    default:
      return luaL_error(L, "set_field: value for '%s' must be a string, number, boolean or nil (got %s)", key,
                        luaL_typename(L, 3));
  }
}

int add_tag(lua_State* L) {
  FilterCall& call = action_call(L, "add_tag");
  char buffer[kMaxTagBytes + 1];
  const std::string_view tag = check_tag(L, "add_tag", buffer);
  call.change().tags.emplace(tag);
  call.record("add_tag", std::string(tag));
  return 0;
}

int remove_tag(lua_State* L) {
  FilterCall& call = action_call(L, "remove_tag");
  char buffer[kMaxTagBytes + 1];
  const std::string_view tag = check_tag(L, "remove_tag", buffer);
  call.change().tags.erase(std::string(tag));
  call.record("remove_tag", std::string(tag));
  return 0;
}

int has_tag(lua_State* L) {
  FilterCall& call = live_call(L, 1, HandleKind::ticket, "has_tag");
  char buffer[kMaxTagBytes + 1];
  std::size_t len = 0;
  const char* tag = luaL_checklstring(L, 2, &len);
  bool found = false;
  if (len <= kMaxTagBytes) {
    for (std::size_t i = 0; i < len; ++i)
      buffer[i] = (tag[i] >= 'A' && tag[i] <= 'Z') ? static_cast<char>(tag[i] - 'A' + 'a') : tag[i];
    found = has(call.ticket().tags, {buffer, len});
  }
  lua_pushboolean(L, found);
  return 1;
}

int reject(lua_State* L) {
  FilterCall& call = action_call(L, "reject");
  std::size_t len = 0;
  const char* reason = luaL_optlstring(L, 2, "rejected by a filter", &len);
  if (len > kMaxTextBytes) return luaL_error(L, "reject: the reason is over 64 KiB");
  call.reject(std::string(reason, len));
  return 0;
}

int auto_reply(lua_State* L) {
  FilterCall& call = action_call(L, "auto_reply");
  std::size_t len = 0;
  const char* text = luaL_checklstring(L, 2, &len);
  if (len == 0) return luaL_error(L, "auto_reply: the text is empty");
  if (len > kMaxTextBytes) return luaL_error(L, "auto_reply: the text is over 64 KiB");
  lua::charge(L, lua::bytes_cost(len));
  call.add_auto_reply(std::string(text, len));
  return 0;
}

int stop(lua_State* L) {
  action_call(L, "stop").stop();
  return 0;
}

}  // namespace

// A key given exactly, else a name or key in any case ("Critical", "HIGH"); nullptr if none.
const std::string* resolve_priority(const FilterVocabulary& vocabulary, std::string_view given) {
  std::string key(given);
  if (const auto it = vocabulary.priorities.find(key); it != vocabulary.priorities.end()) return &*it;
  lower_ascii(key);
  if (const auto it = vocabulary.priority_names.find(key); it != vocabulary.priority_names.end()) return &it->second;
  if (const auto it = vocabulary.priorities.find(key); it != vocabulary.priorities.end()) return &*it;
  return nullptr;
}

void add_ticket_methods(lua_State* L, int keys) {
  static const luaL_Reg methods[] = {
      {"set_department", set_department},
      {"set_team", set_team},
      {"set_agent", set_agent},
      {"set_topic", set_topic},
      {"set_priority", set_priority},
      {"set_sla", set_sla},
      {"set_field", set_field},
      {"add_tag", add_tag},
      {"remove_tag", remove_tag},
      {"has_tag", has_tag},
      {"reject", reject},
      {"auto_reply", auto_reply},
      {"stop", stop},
      {nullptr, nullptr},
  };
  lua_pushvalue(L, keys);
  luaL_setfuncs(L, methods, 0);
  lua_pop(L, 1);
}

std::string_view check_tag(lua_State* L, const char* action, char* out) {
  std::size_t len = 0;
  const char* tag = luaL_checklstring(L, 2, &len);
  if (len <= kMaxTagBytes) {
    for (std::size_t i = 0; i < len; ++i)
      out[i] = (tag[i] >= 'A' && tag[i] <= 'Z') ? static_cast<char>(tag[i] - 'A' + 'a') : tag[i];
    if (valid_tag({out, len})) return {out, len};
  }
  luaL_error(L, "%s: invalid tag '%s' (a-z, 0-9 and _ . : -; at most 64 characters)", action, tag);
  return {};
}

std::string check_agent_email(lua_State* L) {
  std::size_t len = 0;
  const char* email = luaL_checklstring(L, 2, &len);
  if (!plausible_agent_email({email, len})) luaL_error(L, "set_agent: invalid agent email '%s'", email);
  std::string agent(email, len);
  lower_ascii(agent);
  return agent;
}

}  // namespace helpdesk::kernel
