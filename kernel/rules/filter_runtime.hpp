#pragma once
// One thread's filter chain: its own Sandbox, the scripts compiled in it, the ticket binding.
// The chain's description (FilterChain) is immutable and shared by every thread's runtime.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kernel/lua/sandbox.hpp"
#include "kernel/lua/sandbox_modules.hpp"
#include "kernel/rules/filter_engine.hpp"
#include "kernel/rules/filter_ticket_binding.hpp"

namespace helpdesk::kernel {

struct FilterScriptSource {
  FilterScriptConfig config;
  std::string chunk;   // the file name that messages show: "keyword_triage.lua:12: …"
  std::string source;  // read once, so every thread compiles the same text
  std::optional<ScriptFailure> read_error;
};

struct FilterChain {
  std::vector<FilterScriptSource> scripts;
  lua::SandboxLimits limits;
  std::shared_ptr<const lua::ModuleLibrary> modules;
  FilterVocabulary vocabulary;
};

FilterScriptSource read_filter_script(FilterScriptConfig config);
ScriptFailure to_failure(const lua::ScriptError& error, const std::string& script);

struct CompiledFilter {
  int function_ref = -2;  // LUA_NOREF
  std::optional<ScriptFailure> failure;
};

// Runs the script's chunk once (under the budget); it must return the filter function.
CompiledFilter compile_filter(lua::Sandbox& sandbox, const FilterScriptSource& script);

lua::SandboxLimits to_sandbox_limits(const LuaLimits& limits);

// Compiles every script and library module of `chain` in a fresh sandbox (check()).
std::vector<ScriptFailure> check_chain(const FilterChain& chain);

// A sandbox with the filter helpers installed (filters and triggers share it).
std::unique_ptr<lua::Sandbox> make_filter_sandbox(const FilterChain& chain);

class FilterRuntime {
 public:
  explicit FilterRuntime(const FilterChain& chain);
  FilterResult run(const FilterChain& chain, FilterTicket ticket);

 private:
  std::unique_ptr<lua::Sandbox> sandbox_;
  TicketBinding binding_;
  std::vector<CompiledFilter> scripts_;
};

}  // namespace helpdesk::kernel
