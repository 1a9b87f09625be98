#include "kernel/rules/filter_runtime.hpp"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <lua.hpp>

#include "kernel/rules/filter_call.hpp"
#include "kernel/rules/filter_helpers.hpp"

namespace helpdesk::kernel {
namespace {

std::shared_ptr<spdlog::logger> rules_logger() {
  auto logger = spdlog::get("rules");
  return logger ? logger : spdlog::default_logger();
}

struct CallContext {
  int function_ref;
  TicketBinding* binding;
};

// Runs in protected mode: the filter function with a fresh ticket handle.
int call_filter(lua_State* L) {
  const auto* ctx = static_cast<const CallContext*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->function_ref);
  ctx->binding->push_ticket(L);
  lua_call(L, 1, 0);
  return 0;
}

}  // namespace

FilterScriptSource read_filter_script(FilterScriptConfig config) {
  FilterScriptSource script;
  script.chunk = config.file.filename().string();
  std::ifstream in(config.file, std::ios::binary);
  if (!in) {
    const std::string reason = std::strerror(errno);
    script.read_error =
        ScriptFailure{config.name, 0, "error", script.chunk + ": cannot read " + config.file.string() + ": " + reason};
  } else {
    std::ostringstream text;
    text << in.rdbuf();
    script.source = text.str();
  }
  script.config = std::move(config);
  return script;
}

ScriptFailure to_failure(const lua::ScriptError& error, const std::string& script) {
  return ScriptFailure{script, error.line, lua::kind_name(error.kind), error.message};
}

CompiledFilter compile_filter(lua::Sandbox& sandbox, const FilterScriptSource& script) {
  if (script.read_error) return {-2, script.read_error};
  const auto loaded = sandbox.load(script.chunk, script.source);
  if (loaded.error) return {-2, to_failure(*loaded.error, script.config.name)};
  lua_State* L = sandbox.state();
  lua_rawgeti(L, LUA_REGISTRYINDEX, loaded.value_ref);
  const bool is_function = lua_type(L, -1) == LUA_TFUNCTION;
  lua_pop(L, 1);
  if (is_function) return {loaded.value_ref, std::nullopt};
  sandbox.release(loaded.value_ref);
  return {-2, ScriptFailure{script.config.name, 0, "error",
                            script.chunk + ": the script must return a function (return function(ticket) … end)"}};
}

lua::SandboxLimits to_sandbox_limits(const LuaLimits& limits) {
  lua::SandboxLimits out;
  out.instructions = limits.instructions;
  out.memory_bytes = limits.memory_bytes;
  return out;
}

std::vector<ScriptFailure> check_chain(const FilterChain& chain) {
  std::vector<ScriptFailure> failures;
  auto sandbox = make_filter_sandbox(chain);
  for (const auto& script : chain.scripts)
    if (auto compiled = compile_filter(*sandbox, script); compiled.failure) failures.push_back(*compiled.failure);
  for (const auto& [name, source] : chain.modules->modules()) {
    const std::string chunk = "lib/" + name + ".lua";
    if (auto loaded = sandbox->load(chunk, source); loaded.error)
      failures.push_back(to_failure(*loaded.error, chunk));
    else
      sandbox->release(loaded.value_ref);
  }
  return failures;
}

std::unique_ptr<lua::Sandbox> make_filter_sandbox(const FilterChain& chain) {
  auto sandbox = std::make_unique<lua::Sandbox>(chain.limits, chain.modules, "rules");
  install_filter_helpers(*sandbox);
  return sandbox;
}

FilterRuntime::FilterRuntime(const FilterChain& chain) : sandbox_(make_filter_sandbox(chain)), binding_(*sandbox_) {
  scripts_.reserve(chain.scripts.size());
  for (const auto& script : chain.scripts) {
    scripts_.push_back(compile_filter(*sandbox_, script));
    if (const auto& failure = scripts_.back().failure)
      rules_logger()->error("filter '{}' cannot run ({}): {}", failure->script, failure->kind, failure->message);
  }
}

FilterResult FilterRuntime::run(const FilterChain& chain, FilterTicket ticket) {
  FilterResult result;
  result.ticket = std::move(ticket);
  binding_.begin_run();
  for (std::size_t i = 0; i < scripts_.size(); ++i) {
    const FilterScriptSource& script = chain.scripts[i];
    const CompiledFilter& compiled = scripts_[i];
    if (compiled.failure) {
      // Every ticket that passes a broken filter says so in its audit trail.
      result.failures.push_back(*compiled.failure);
      continue;
    }
    FilterCall call(chain.vocabulary, result, script.config.name);
    binding_.begin_call(call);
    CallContext context{compiled.function_ref, &binding_};
    const auto error = sandbox_->call(script.chunk, call_filter, &context);
    binding_.end_call();
    if (error) {
      call.roll_back();
      result.failures.push_back(to_failure(*error, script.config.name));
      const auto& failure = result.failures.back();
      rules_logger()->warn("filter '{}' failed ({}), its changes are discarded: {}", failure.script, failure.kind,
                           failure.message);
      continue;
    }
    if (call.rejected()) {
      result.rejected = true;
      result.reject_reason = call.reject_reason();
      result.rejected_by = script.config.name;
      break;
    }
    if (call.stopped()) {
      result.stopped_by = script.config.name;
      break;
    }
  }
  return result;
}

}  // namespace helpdesk::kernel
