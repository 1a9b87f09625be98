// Reading a ticket from Lua: ticket.subject, ticket.requester.domain, ticket.headers["x"], …
// Every function here may raise (longjmp): no C++ object with a destructor may be alive then.
#include "kernel/rules/filter_ticket_binding.hpp"

#include <stdexcept>
#include <string>
#include <string_view>

#include "kernel/rules/filter_call.hpp"
#include "kernel/rules/filter_text.hpp"
#include "kernel/rules/filter_ticket_handle.hpp"

namespace helpdesk::kernel {
namespace {

enum Field : int {
  // the first TicketBinding::kCachedFields are pushed once per ticket
  kSubject = 0,
  kBody,
  kBodyFormat,
  kChannel,
  kSource,
  kIp,
  kRequester,
  kOrganization,
  kTopic,
  kTopicId,
  kPriority,
  kDepartment,
  kTeam,
  kAgent,
  kSlaPlan,
  kFields,
  kTags,
  kHeaders,
};

struct FieldName {
  const char* name;
  Field field;
};

constexpr FieldName kFieldNames[] = {
    {"subject", kSubject},
    {"body", kBody},
    {"body_format", kBodyFormat},
    {"channel", kChannel},
    {"source", kSource},
    {"ip", kIp},
    {"requester", kRequester},
    {"organization", kOrganization},
    {"topic", kTopic},
    {"topic_id", kTopicId},
    {"priority", kPriority},
    {"department", kDepartment},
    {"team", kTeam},
    {"agent", kAgent},
    {"sla_plan", kSlaPlan},
    {"fields", kFields},
    {"tags", kTags},
    {"headers", kHeaders},
};

// Unset text is nil, so `if ticket.team then` means "has a team".
void push_text(lua_State* L, std::string_view text) {
  if (text.empty())
    lua_pushnil(L);
  else
    lua_pushlstring(L, text.data(), text.size());
}

// Subject and body: one Lua string per ticket, kept in the binding's cache table (upvalue 2).
void push_cached(lua_State* L, TicketBinding& binding, Field field, const std::string& text) {
  const int cache = lua_upvalueindex(2);
  if (binding.cached(field)) {
    lua_rawgeti(L, cache, field);
    return;
  }
  push_text(L, text);
  lua_pushvalue(L, -1);
  lua_rawseti(L, cache, field);
  binding.mark_cached(field);
}

// The priority's key when the stored value is a key or a name, else the stored value.
const std::string* priority_key(const FilterVocabulary& vocabulary, const std::string& stored) {
  if (vocabulary.priorities.count(stored) != 0) return &stored;
  std::string lowered = stored;
  for (auto& c : lowered) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  const auto it = vocabulary.priority_names.find(lowered);
  return it == vocabulary.priority_names.end() ? &stored : &it->second;
}

void push_tags(lua_State* L, const std::set<std::string>& tags) {
  lua_createtable(L, static_cast<int>(tags.size()), 0);
  lua_Integer i = 0;
  for (const auto& tag : tags) {
    lua_pushlstring(L, tag.data(), tag.size());
    lua_rawseti(L, -2, ++i);
  }
}

// ticket.requester / ticket.headers: a handle of the same call, made once per ticket handle and
// kept in the ticket's user value `slot`.
void push_sub_handle(lua_State* L, const TicketHandle& ticket, int slot, HandleKind kind, int metatable_ref) {
  if (lua_getiuservalue(L, 1, slot) != LUA_TNIL) return;
  lua_pop(L, 1);
  auto* handle = static_cast<TicketHandle*>(lua_newuserdatauv(L, sizeof(TicketHandle), 0));
  *handle = TicketHandle{kind, ticket.binding, ticket.serial};
  lua_rawgeti(L, LUA_REGISTRYINDEX, metatable_ref);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_setiuservalue(L, 1, slot);
}

// __index of the ticket. Upvalues: 1 the key table (name -> Field or method), 2 the string cache.
int ticket_index(lua_State* L) {
  FilterCall& call = live_call(L, 1, HandleKind::ticket, "ticket");
  const auto* handle = static_cast<const TicketHandle*>(lua_touserdata(L, 1));
  lua_pushvalue(L, 2);
  const int type = lua_rawget(L, lua_upvalueindex(1));
  if (type == LUA_TFUNCTION) return 1;
  if (type != LUA_TNUMBER) {
    if (lua_type(L, 2) == LUA_TSTRING) return luaL_error(L, "ticket has no field '%s'", lua_tostring(L, 2));
    return luaL_error(L, "ticket has no field of type %s", luaL_typename(L, 2));
  }
  const FilterTicket& t = call.ticket();
  switch (static_cast<Field>(lua_tointeger(L, -1))) {
    case kSubject:
      push_cached(L, *handle->binding, kSubject, t.ticket.subject);
      break;
    case kBody:
      push_cached(L, *handle->binding, kBody, t.ticket.body);
      break;
    case kBodyFormat:
      push_text(L, t.ticket.body_format);
      break;
    case kChannel:
      push_text(L, t.channel);
      break;
    case kSource:
      push_text(L, t.ticket.source);
      break;
    case kIp:
      push_text(L, t.ticket.ip);
      break;
    case kRequester:
      push_sub_handle(L, *handle, 1, HandleKind::requester, handle->binding->requester_metatable());
      break;
    case kOrganization:
      push_text(L, t.organization);
      break;
    case kTopic:
      push_text(L, t.ticket.topic);
      break;
    case kTopicId:
      if (t.ticket.topic_id)
        lua_pushinteger(L, *t.ticket.topic_id);
      else
        lua_pushnil(L);
      break;
    case kPriority:
      push_text(L, *priority_key(call.vocabulary(), t.ticket.priority));
      break;
    case kDepartment:
      push_text(L, t.ticket.department);
      break;
    case kTeam:
      push_text(L, t.team);
      break;
    case kAgent:
      push_text(L, t.agent);
      break;
    case kSlaPlan:
      push_text(L, t.sla_plan);
      break;
    case kFields:
      if (t.ticket.fields.is_object())
        push_json(L, t.ticket.fields, 0);
      else
        lua_createtable(L, 0, 0);
      break;
    case kTags:
      push_tags(L, t.tags);
      break;
    case kHeaders:
      push_sub_handle(L, *handle, 2, HandleKind::headers, handle->binding->headers_metatable());
      break;
  }
  return 1;
}

int requester_index(lua_State* L) {
  FilterCall& call = live_call(L, 1, HandleKind::requester, "requester");
  const Person& person = call.ticket().ticket.requester;
  std::size_t len = 0;
  const char* key = lua_tolstring(L, 2, &len);
  const std::string_view name = key ? std::string_view(key, len) : std::string_view();
  if (name == "name") {
    push_text(L, person.name);
  } else if (name == "email") {
    push_text(L, person.email);
  } else if (name == "phone") {
    push_text(L, person.phone);
  } else if (name == "domain") {
    const std::string_view domain = person.email.find('@') == std::string::npos ? "" : domain_of(person.email);
    luaL_Buffer b;
    char* out = luaL_buffinitsize(L, &b, domain.size());
    for (std::size_t i = 0; i < domain.size(); ++i)
      out[i] = (domain[i] >= 'A' && domain[i] <= 'Z') ? static_cast<char>(domain[i] - 'A' + 'a') : domain[i];
    luaL_pushresultsize(&b, domain.size());
    if (domain.empty()) {
      lua_pop(L, 1);
      lua_pushnil(L);
    }
  } else {
    return luaL_error(L, "requester has no field '%s'", key ? key : luaL_typename(L, 2));
  }
  return 1;
}

// The header's value, or nullptr. Lower-cases the name the way the headers were stored.
const std::string* find_header(const FilterTicket& ticket, std::string_view name) {
  std::string key(name);
  for (auto& c : key) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  const auto it = ticket.headers.find(key);
  return it == ticket.headers.end() ? nullptr : &it->second;
}

int headers_index(lua_State* L) {
  FilterCall& call = live_call(L, 1, HandleKind::headers, "headers");
  std::size_t len = 0;
  const char* name = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &len) : nullptr;
  const std::string* value = name ? find_header(call.ticket(), {name, len}) : nullptr;
  if (value == nullptr)
    lua_pushnil(L);
  else
    lua_pushlstring(L, value->data(), value->size());
  return 1;
}

int refuse_assignment(lua_State* L) {
  return luaL_error(L, "ticket fields are read-only: change them with the ticket:set_…() methods");
}

int handle_tostring(lua_State* L) {
  lua_pushvalue(L, lua_upvalueindex(1));
  return 1;
}

}  // namespace

constexpr int kMaxJsonDepth = 16;

void push_json(lua_State* L, const nlohmann::json& value, int depth) {
  luaL_checkstack(L, 3, "ticket.fields nests too deep");
  switch (value.type()) {
    case nlohmann::json::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      lua_pushlstring(L, s.data(), s.size());
      return;
    }
    case nlohmann::json::value_t::boolean:
      lua_pushboolean(L, value.get<bool>());
      return;
    case nlohmann::json::value_t::number_integer:
      lua_pushinteger(L, value.get<std::int64_t>());
      return;
    case nlohmann::json::value_t::number_unsigned:
      lua_pushinteger(L, static_cast<lua_Integer>(value.get<std::uint64_t>()));
      return;
    case nlohmann::json::value_t::number_float:
      lua_pushnumber(L, value.get<double>());
      return;
    case nlohmann::json::value_t::array: {
      if (depth >= kMaxJsonDepth) break;
      const auto& items = value.get_ref<const nlohmann::json::array_t&>();
      lua_createtable(L, static_cast<int>(items.size()), 0);
      lua_Integer i = 0;
      for (const auto& item : items) {
        push_json(L, item, depth + 1);
        lua_rawseti(L, -2, ++i);
      }
      return;
    }
    case nlohmann::json::value_t::object: {
      if (depth >= kMaxJsonDepth) break;
      const auto& members = value.get_ref<const nlohmann::json::object_t&>();
      lua_createtable(L, 0, static_cast<int>(members.size()));
      for (const auto& [key, member] : members) {
        if (member.is_null()) continue;
        lua_pushlstring(L, key.data(), key.size());
        push_json(L, member, depth + 1);
        lua_rawset(L, -3);
      }
      return;
    }
    default:
      break;
  }
  lua_pushnil(L);
}

FilterCall& live_call(lua_State* L, int index, HandleKind kind, const char* method) {
  const auto* handle = static_cast<const TicketHandle*>(lua_touserdata(L, index));
  if (handle == nullptr || lua_type(L, index) != LUA_TUSERDATA || lua_rawlen(L, index) != sizeof(TicketHandle) ||
      handle->kind != kind) {
    luaL_error(L, "%s: call it as ticket:%s(…)", method, method);
  }
  FilterCall* call = handle->binding->live(handle->serial);
  if (call == nullptr) luaL_error(L, "ticket handle used after the filter returned");
  return *call;
}

int install_ticket_binding(lua_State* L) {
  auto* binding = static_cast<TicketBinding*>(lua_touserdata(L, 1));

  lua_createtable(L, 0, 32);  // field names and methods
  const int keys = lua_gettop(L);
  for (const auto& [name, field] : kFieldNames) {
    lua_pushinteger(L, field);
    lua_setfield(L, keys, name);
  }
  add_ticket_methods(L, keys);

  // Common to the three metatables; __metatable hides each from scripts.
  const auto finish = [L](const char* name, int* ref) {
    lua_pushcfunction(L, refuse_assignment);
    lua_setfield(L, -2, "__newindex");
    lua_pushstring(L, name);
    lua_pushcclosure(L, handle_tostring, 1);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    *ref = luaL_ref(L, LUA_REGISTRYINDEX);
  };

  lua_createtable(L, 0, 4);
  lua_pushvalue(L, keys);
  lua_createtable(L, TicketBinding::kCachedFields, 0);
  lua_pushcclosure(L, ticket_index, 2);
  lua_setfield(L, -2, "__index");
  finish("ticket", &binding->ticket_mt_ref_);

  lua_createtable(L, 0, 4);
  lua_pushcfunction(L, requester_index);
  lua_setfield(L, -2, "__index");
  finish("requester", &binding->requester_mt_ref_);

  lua_createtable(L, 0, 4);
  lua_pushcfunction(L, headers_index);
  lua_setfield(L, -2, "__index");
  finish("headers", &binding->headers_mt_ref_);
  return 0;
}

TicketBinding::TicketBinding(lua::Sandbox& sandbox) {
  if (auto error = sandbox.call("<ticket binding>", install_ticket_binding, this))
    throw std::runtime_error("cannot install the ticket binding: " + error->message);
}

void TicketBinding::begin_call(FilterCall& call) {
  current_ = &call;
  live_serial_ = ++next_serial_;
}

void TicketBinding::end_call() {
  current_ = nullptr;
  live_serial_ = 0;
}

void TicketBinding::push_ticket(lua_State* L) {
  auto* handle = static_cast<TicketHandle*>(lua_newuserdatauv(L, sizeof(TicketHandle), 2));
  *handle = TicketHandle{HandleKind::ticket, this, live_serial_};
  lua_rawgeti(L, LUA_REGISTRYINDEX, ticket_mt_ref_);
  lua_setmetatable(L, -2);
}

}  // namespace helpdesk::kernel
