// SLA policy scripts: the filters' loading, sandbox and per-thread runtimes, with an `sla` object
// whose methods record targets and escalation steps. Every Lua-facing function here validates
// with Lua calls that cannot raise (lua_next, lua_type, lua_tolstring on strings, raw gets) into
// plain values, and raises only when no C++ object with a destructor is alive.
#include "kernel/rules/sla_policy.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdio>
#include <cstring>

#include <lua.hpp>

#include "kernel/lua/sandbox_state.hpp"
#include "kernel/rules/filter_runtime.hpp"
#include "kernel/rules/filter_ticket_handle.hpp"
#include "kernel/rules/thread_runtime.hpp"
#include "kernel/util/json_text.hpp"

namespace helpdesk::kernel {

void SlaEscalation::append_json(std::string& out) const {
  auto text = [&out](std::string_view key, const std::string& value) {
    if (!value.empty()) append_json_member(out, key, value);
  };
  out += '{';
  append_json_member(out, "target", target);
  append_json_member(out, "at", at);
  if (!notify.empty()) {
    out += ",\"notify\":[";
    for (std::size_t i = 0; i < notify.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, notify[i]);
    }
    out += ']';
  }
  if (overdue) out += ",\"overdue\":true";
  text("assign_team", assign_team);
  text("assign_agent", assign_agent);
  text("set_priority", set_priority);
  text("note", note);
  out += '}';
}

nlohmann::json SlaEscalation::to_json() const {
  std::string out;
  append_json(out);
  return nlohmann::json::parse(out);
}

SlaEscalation SlaEscalation::from_json(const nlohmann::json& j) {
  SlaEscalation e;
  e.target = j.value("target", "resolution");
  e.at = j.value("at", 1.0);
  e.notify = j.value("notify", std::vector<std::string>{});
  e.overdue = j.value("overdue", false);
  e.assign_team = j.value("assign_team", "");
  e.assign_agent = j.value("assign_agent", "");
  e.set_priority = j.value("set_priority", "");
  e.note = j.value("note", "");
  return e;
}

std::string SlaEscalation::id() const {
  char at_text[32];
  std::snprintf(at_text, sizeof at_text, "%g", at);
  return target + "@" + at_text;
}

namespace {

constexpr std::uint64_t kActionCost = 50;
constexpr std::size_t kMaxEscalations = 20;
constexpr std::size_t kMaxNotify = 10;
constexpr std::size_t kMaxNoteBytes = 16 * 1024;
constexpr double kMaxMinutes = 10.0 * 366 * 24 * 60;  // ten years

std::shared_ptr<spdlog::logger> rules_logger() {
  auto logger = spdlog::get("rules");
  return logger ? logger : spdlog::default_logger();
}

struct PolicyChain {
  FilterChain chain;  // scripts (one per plan with a policy), limits, modules
  SlaVocabulary vocabulary;
  std::vector<std::string> plans;  // plans[i] owns chain.scripts[i]
};

struct PolicyCall {
  const SlaVocabulary* vocabulary;
  SlaTargets* targets;
  lua_Integer serial;  // the `sla` table of this call carries it under the slot's address
};

// The running call, or a Lua error when the method is called wrongly or after the policy returned.
PolicyCall& live_call(lua_State* L, const char* method) {
  auto* slot = static_cast<PolicyCall**>(lua_touserdata(L, lua_upvalueindex(1)));
  if (lua_type(L, 1) != LUA_TTABLE) luaL_error(L, "%s: call it as sla:%s(…)", method, method);
  lua_rawgetp(L, 1, slot);
  const bool live = *slot != nullptr && lua_isinteger(L, -1) && lua_tointeger(L, -1) == (*slot)->serial;
  lua_pop(L, 1);
  if (!live) luaL_error(L, "sla:%s used after the policy returned (or on another table)", method);
  lua::charge(L, kActionCost);
  return **slot;
}

std::string_view string_at(lua_State* L, int index) {
  std::size_t n = 0;
  const char* s = lua_tolstring(L, index, &n);
  return {s, n};
}

bool known(const std::set<std::string>& keys, std::string_view key) {
  return keys.find(std::string(key)) != keys.end();
}

// Minutes at argument 2: a number within range, rounded to whole minutes.
std::int64_t check_minutes(lua_State* L, const char* method) {
  if (lua_type(L, 2) != LUA_TNUMBER) luaL_error(L, "%s: minutes must be a number", method);
  const double m = lua_tonumber(L, 2);
  if (!(m >= 0 && m <= kMaxMinutes)) luaL_error(L, "%s: minutes must be between 0 and %f", method, kMaxMinutes);
  return static_cast<std::int64_t>(std::llround(m));
}

int sla_first_response(lua_State* L) {
  PolicyCall& call = live_call(L, "first_response");
  call.targets->first_response_minutes = check_minutes(L, "first_response");
  return 0;
}

int sla_resolution(lua_State* L) {
  PolicyCall& call = live_call(L, "resolution");
  call.targets->resolution_minutes = check_minutes(L, "resolution");
  return 0;
}

int sla_use_calendar(lua_State* L) {
  PolicyCall& call = live_call(L, "use_calendar");
  if (lua_type(L, 2) != LUA_TSTRING) luaL_error(L, "use_calendar: the calendar key must be a string");
  const std::string_view key = string_at(L, 2);
  if (key != "24x7" && !known(call.vocabulary->calendars, key))
    luaL_error(L, "use_calendar: unknown calendar '%s'", lua_tostring(L, 2));
  call.targets->calendar = key == "24x7" ? std::string() : std::string(key);
  return 0;
}

// Reads the escalation table at argument 2 into `out`; on a problem writes it to `error` and
// returns false. Raises nothing (see the file comment).
bool read_escalation(lua_State* L, const SlaVocabulary& vocabulary, SlaEscalation& out, char* error,
                     std::size_t error_size) {
  auto fail = [&](const char* what, std::string_view detail = "") {
    std::snprintf(error, error_size, "escalate: %s%.*s", what, static_cast<int>(detail.size()),
                  detail.empty() ? "" : detail.data());
    return false;
  };
  lua_pushnil(L);
  while (lua_next(L, 2) != 0) {
    if (lua_type(L, -2) != LUA_TSTRING) {
      lua_pop(L, 2);
      return fail("keys must be names such as target, at, notify");
    }
    const std::string_view key = string_at(L, -2);
    const int type = lua_type(L, -1);
    bool ok = true;
    const char* problem = nullptr;
    if (key == "target") {
      ok = type == LUA_TSTRING && (string_at(L, -1) == "resolution" || string_at(L, -1) == "first_response");
      problem = "target must be \"first_response\" or \"resolution\"";
      if (ok) out.target = std::string(string_at(L, -1));
    } else if (key == "at") {
      ok = type == LUA_TNUMBER && lua_tonumber(L, -1) > 0 && lua_tonumber(L, -1) <= 10;
      problem = "at must be a fraction of the target above 0 and at most 10 (0.75 = 75%)";
      if (ok) out.at = lua_tonumber(L, -1);
    } else if (key == "overdue") {
      ok = type == LUA_TBOOLEAN;
      problem = "overdue must be true or false";
      if (ok) out.overdue = lua_toboolean(L, -1);
    } else if (key == "assign_team" || key == "assign_agent" || key == "set_priority" || key == "note") {
      const std::string_view value = type == LUA_TSTRING ? string_at(L, -1) : std::string_view{};
      if (type != LUA_TSTRING) {
        ok = false;
        problem = "assign_team, assign_agent, set_priority and note must be strings";
      } else if (key == "assign_team" && !known(vocabulary.teams, value)) {
        lua_pop(L, 2);
        return fail("unknown team ", value);
      } else if (key == "set_priority" && !known(vocabulary.priorities, value)) {
        lua_pop(L, 2);
        return fail("unknown priority ", value);
      } else if (key == "assign_agent" && value.find('@') == std::string_view::npos) {
        lua_pop(L, 2);
        return fail("assign_agent must be an agent's email, not ", value);
      } else if (key == "note" && value.size() > kMaxNoteBytes) {
        ok = false;
        problem = "note is longer than 16 KiB";
      } else {
        std::string& field = key == "assign_team"    ? out.assign_team
                             : key == "assign_agent" ? out.assign_agent
                             : key == "set_priority" ? out.set_priority
                                                     : out.note;
        field = std::string(value);
      }
    } else if (key == "notify") {
      // A string, or an array of strings: "assignee", "manager", "team" or an email address.
      if (type == LUA_TSTRING) {
        out.notify.emplace_back(string_at(L, -1));
      } else if (type == LUA_TTABLE) {
        for (lua_Integer i = 1;; ++i) {
          const int t = lua_rawgeti(L, -1, i);
          if (t == LUA_TNIL) {
            lua_pop(L, 1);
            break;
          }
          if (t != LUA_TSTRING || out.notify.size() >= kMaxNotify) {
            lua_pop(L, 3);
            return fail("notify must list at most 10 strings");
          }
          out.notify.emplace_back(string_at(L, -1));
          lua_pop(L, 1);
        }
      } else {
        ok = false;
        problem = "notify must be a string or a list of strings";
      }
      for (const auto& who : out.notify)
        if (who != "assignee" && who != "manager" && who != "team" && who.find('@') == std::string::npos) {
          lua_pop(L, 2);
          return fail("notify: say \"assignee\", \"manager\", \"team\" or an email address, not ", who);
        }
    } else {
      lua_pop(L, 2);
      return fail("unknown key ", key);
    }
    if (!ok) {
      lua_pop(L, 2);
      return fail(problem);
    }
    lua_pop(L, 1);
  }
  return true;
}

int sla_escalate(lua_State* L) {
  PolicyCall& call = live_call(L, "escalate");
  if (lua_type(L, 2) != LUA_TTABLE) luaL_error(L, "escalate: pass a table, e.g. sla:escalate{ at = 0.75 }");
  if (call.targets->escalations.size() >= kMaxEscalations) luaL_error(L, "escalate: at most 20 steps per plan");
  char error[256] = {0};
  {
    SlaEscalation step;
    if (read_escalation(L, *call.vocabulary, step, error, sizeof error)) {
      call.targets->escalations.push_back(std::move(step));
      return 0;
    }
  }
  return luaL_error(L, "%s", error);
}

// Unset text is left out (nil), as filters see it.
void set_string(lua_State* L, const char* key, const std::string& value) {
  if (value.empty()) return;
  lua_pushlstring(L, value.data(), value.size());
  lua_setfield(L, -2, key);
}

void push_ticket(lua_State* L, const SlaPolicyTicket& t) {
  lua_createtable(L, 0, 14);
  set_string(L, "number", t.number);
  set_string(L, "subject", t.subject);
  set_string(L, "priority", t.priority);
  set_string(L, "department", t.department);
  set_string(L, "topic", t.topic);
  set_string(L, "team", t.team);
  set_string(L, "source", t.source);
  set_string(L, "status", t.status);
  set_string(L, "state", t.state);
  set_string(L, "organization", t.organization);
  lua_createtable(L, 0, 1);
  set_string(L, "email", t.requester_email);
  lua_setfield(L, -2, "requester");
  lua_createtable(L, static_cast<int>(t.tags.size()), 0);
  for (std::size_t i = 0; i < t.tags.size(); ++i) {
    lua_pushlstring(L, t.tags[i].data(), t.tags[i].size());
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  lua_setfield(L, -2, "tags");
  push_json(L, t.fields.is_object() ? t.fields : nlohmann::json::object());
  lua_setfield(L, -2, "fields");
  lua_pushinteger(L, static_cast<lua_Integer>(t.created_at));
  lua_setfield(L, -2, "created_at");
}

struct CallContext {
  int function_ref;
  int methods_ref;
  const void* serial_key;
  lua_Integer serial;
  const std::string* plan;
  const SlaPolicyTicket* ticket;
  const SlaTargets* targets;
};

// Runs in protected mode: policy(sla, ticket).
int call_policy(lua_State* L) {
  const auto* ctx = static_cast<const CallContext*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->function_ref);
  lua_createtable(L, 0, 4);
  set_string(L, "plan", *ctx->plan);
  set_string(L, "calendar", ctx->targets->calendar.empty() ? std::string("24x7") : ctx->targets->calendar);
  lua_pushinteger(L, static_cast<lua_Integer>(ctx->targets->first_response_minutes));
  lua_setfield(L, -2, "first_response_minutes");
  lua_pushinteger(L, static_cast<lua_Integer>(ctx->targets->resolution_minutes));
  lua_setfield(L, -2, "resolution_minutes");
  lua_pushinteger(L, ctx->serial);
  lua_rawsetp(L, -2, ctx->serial_key);
  lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->methods_ref);
  lua_setmetatable(L, -2);
  push_ticket(L, *ctx->ticket);
  lua_call(L, 2, 0);
  return 0;
}

class PolicyRuntime {
 public:
  explicit PolicyRuntime(const PolicyChain& chain) : sandbox_(make_filter_sandbox(chain.chain)) {
    lua_State* L = sandbox_->state();
    // The metatable every `sla` object shares: methods bound to this runtime's call slot.
    lua_createtable(L, 0, 2);
    lua_createtable(L, 0, 4);
    const luaL_Reg methods[] = {{"first_response", sla_first_response},
                                {"resolution", sla_resolution},
                                {"use_calendar", sla_use_calendar},
                                {"escalate", sla_escalate},
                                {nullptr, nullptr}};
    for (const luaL_Reg* m = methods; m->name; ++m) {
      lua_pushlightuserdata(L, &current_);
      lua_pushcclosure(L, m->func, 1);
      lua_setfield(L, -2, m->name);
    }
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    methods_ref_ = luaL_ref(L, LUA_REGISTRYINDEX);
    for (const auto& script : chain.chain.scripts) {
      scripts_.push_back(compile_filter(*sandbox_, script));
      if (const auto& failure = scripts_.back().failure)
        rules_logger()->error("SLA policy of plan '{}' cannot run ({}): {}", failure->script, failure->kind,
                              failure->message);
    }
  }

  void run(const PolicyChain& chain, std::size_t index, const SlaPolicyTicket& ticket, SlaTargets& targets) {
    const std::string& plan = chain.plans[index];
    if (scripts_[index].failure) {
      targets.failure = scripts_[index].failure;
      return;
    }
    SlaTargets working = targets;
    working.escalations.clear();
    PolicyCall call{&chain.vocabulary, &working, ++serial_};
    current_ = &call;
    CallContext context{scripts_[index].function_ref, methods_ref_, &current_, call.serial, &plan, &ticket, &targets};
    const auto error = sandbox_->call(chain.chain.scripts[index].chunk, call_policy, &context);
    current_ = nullptr;
    if (error) {
      targets.failure = to_failure(*error, plan);
      rules_logger()->warn("SLA policy of plan '{}' failed on ticket {} ({}, line {}); the plan's own targets apply: {}",
                           plan, ticket.number.empty() ? "(new)" : ticket.number, targets.failure->kind, targets.failure->line, targets.failure->message);
      return;
    }
    working.policy_ran = true;
    targets = std::move(working);
  }

 private:
  std::unique_ptr<lua::Sandbox> sandbox_;
  PolicyCall* current_ = nullptr;
  lua_Integer serial_ = 0;
  int methods_ref_ = -2;
  std::vector<CompiledFilter> scripts_;
};

}  // namespace

struct SlaPolicyEngine::Impl {
  PolicyChain chain;
  std::vector<ScriptFailure> check_failures;
};

SlaPolicyEngine::SlaPolicyEngine(std::vector<SlaPolicyScript> scripts, LuaLimits limits,
                                 std::filesystem::path lib_dir, SlaVocabulary vocabulary)
    : impl_(std::make_shared<Impl>()) {
  PolicyChain& c = impl_->chain;
  c.chain.limits = to_sandbox_limits(limits);
  c.chain.modules = std::make_shared<const lua::ModuleLibrary>(lib_dir);
  c.vocabulary = std::move(vocabulary);
  for (auto& s : scripts) {
    c.plans.push_back(s.plan);
    c.chain.scripts.push_back(read_filter_script(FilterScriptConfig{s.plan, s.file}));
  }
  impl_->check_failures = check_chain(c.chain);
}

SlaPolicyEngine::~SlaPolicyEngine() = default;

std::vector<ScriptFailure> SlaPolicyEngine::check() const { return impl_->check_failures; }

bool SlaPolicyEngine::has_policy(const std::string& plan) const {
  const auto& plans = impl_->chain.plans;
  return std::find(plans.begin(), plans.end(), plan) != plans.end();
}

void SlaPolicyEngine::apply(const std::string& plan, const SlaPolicyTicket& ticket, SlaTargets& targets) const {
  const auto& plans = impl_->chain.plans;
  const auto it = std::find(plans.begin(), plans.end(), plan);
  if (it == plans.end()) return;
  runtime_for<PolicyRuntime>(impl_, impl_->chain)
      .run(impl_->chain, static_cast<std::size_t>(it - plans.begin()), ticket, targets);
}

}  // namespace helpdesk::kernel
