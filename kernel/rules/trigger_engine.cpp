// The trigger engine: the filters' script loading, sandbox and per-thread runtimes, with the
// trigger binding (kernel/rules/trigger_binding.cpp) instead of the filter one.
#include "kernel/rules/trigger_engine.hpp"

#include <spdlog/spdlog.h>

#include <lua.hpp>

#include "kernel/rules/filter_runtime.hpp"
#include "kernel/rules/filter_ticket_handle.hpp"
#include "kernel/rules/thread_runtime.hpp"
#include "kernel/rules/trigger_binding.hpp"

namespace helpdesk::kernel {
namespace {

std::shared_ptr<spdlog::logger> rules_logger() {
  auto logger = spdlog::get("rules");
  return logger ? logger : spdlog::default_logger();
}

struct TriggerChain {
  FilterChain chain;  // scripts, limits, modules, the filters' vocabulary
  TriggerVocabulary vocabulary;
  std::vector<TriggerScriptConfig> configs;
};

struct CallContext {
  int function_ref;
  TriggerBinding* binding;
  const TriggerEvent* event;
};

// Runs in protected mode: the trigger function with a fresh ticket handle and the event table.
int call_trigger(lua_State* L) {
  const auto* ctx = static_cast<const CallContext*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->function_ref);
  ctx->binding->push_ticket(L);
  const TriggerEvent& e = *ctx->event;
  lua_createtable(L, 0, 5);
  lua_pushlstring(L, e.name.data(), e.name.size());
  lua_setfield(L, -2, "name");
  lua_pushlstring(L, e.actor_kind.data(), e.actor_kind.size());
  lua_setfield(L, -2, "actor_kind");
  lua_pushlstring(L, e.actor_id.data(), e.actor_id.size());
  lua_setfield(L, -2, "actor_id");
  lua_pushlstring(L, e.actor_name.data(), e.actor_name.size());
  lua_setfield(L, -2, "actor_name");
  if (e.data.is_object() || e.data.is_array())
    push_json(L, e.data);
  else
    lua_createtable(L, 0, 0);
  lua_setfield(L, -2, "data");
  lua_call(L, 2, 0);
  return 0;
}

class TriggerRuntime {
 public:
  explicit TriggerRuntime(const TriggerChain& chain)
      : sandbox_(make_filter_sandbox(chain.chain)), binding_(*sandbox_) {
    for (const auto& script : chain.chain.scripts) {
      scripts_.push_back(compile_filter(*sandbox_, script));
      if (const auto& failure = scripts_.back().failure)
        rules_logger()->error("trigger '{}' cannot run ({}): {}", failure->script, failure->kind, failure->message);
    }
  }

  TriggerResult run(const TriggerChain& chain, const Ticket& ticket, const TriggerEvent& event) {
    TriggerResult result;
    for (std::size_t i = 0; i < scripts_.size(); ++i) {
      const TriggerScriptConfig& config = chain.configs[i];
      if (std::find(config.events.begin(), config.events.end(), event.name) == config.events.end()) continue;
      if (event.actor_id == trigger_actor_id(config.name)) continue;  // its own change
      const FilterScriptSource& script = chain.chain.scripts[i];
      result.ran.push_back(config.name);
      if (scripts_[i].failure) {
        result.failures.push_back(*scripts_[i].failure);
        continue;
      }
      TriggerCall call(chain.vocabulary, ticket, config.name, result.actions);
      binding_.begin_call(call);
      CallContext context{scripts_[i].function_ref, &binding_, &event};
      const auto error = sandbox_->call(script.chunk, call_trigger, &context);
      binding_.end_call();
      if (error) {
        call.roll_back();
        result.failures.push_back(to_failure(*error, config.name));
        const auto& f = result.failures.back();
        rules_logger()->warn("trigger '{}' failed on {} of ticket {} ({}, line {}), its actions are discarded: {}",
                             f.script, event.name, ticket.number, f.kind, f.line, f.message);
        continue;
      }
      if (call.stopped) {
        result.stopped_by = config.name;
        break;
      }
    }
    return result;
  }

 private:
  std::unique_ptr<lua::Sandbox> sandbox_;
  TriggerBinding binding_;
  std::vector<CompiledFilter> scripts_;
};

}  // namespace

std::string trigger_actor_id(const std::string& trigger) { return "trigger:" + trigger; }

struct TriggerEngine::Impl {
  TriggerChain chain;
  std::vector<ScriptFailure> check_failures;
  std::set<std::string> events;
};

TriggerEngine::TriggerEngine(std::vector<TriggerScriptConfig> scripts, LuaLimits limits, std::filesystem::path lib_dir,
                             TriggerVocabulary vocabulary)
    : impl_(std::make_shared<Impl>()) {
  TriggerChain& c = impl_->chain;
  c.chain.limits = to_sandbox_limits(limits);
  c.chain.modules = std::make_shared<const lua::ModuleLibrary>(lib_dir);
  c.chain.vocabulary = vocabulary.base;
  c.vocabulary = std::move(vocabulary);
  c.configs = scripts;
  for (auto& s : scripts) c.chain.scripts.push_back(read_filter_script(FilterScriptConfig{s.name, s.file}));
  impl_->check_failures = check_chain(c.chain);
  for (const auto& s : c.configs) impl_->events.insert(s.events.begin(), s.events.end());
}

TriggerEngine::~TriggerEngine() = default;

std::vector<ScriptFailure> TriggerEngine::check() const { return impl_->check_failures; }

const std::set<std::string>& TriggerEngine::events() const { return impl_->events; }

TriggerResult TriggerEngine::run(const Ticket& ticket, const TriggerEvent& event) const {
  return runtime_for<TriggerRuntime>(impl_, impl_->chain).run(impl_->chain, ticket, event);
}

const std::vector<TriggerScriptConfig>& TriggerEngine::scripts() const { return impl_->chain.configs; }

}  // namespace helpdesk::kernel
