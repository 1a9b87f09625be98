// The engine is immutable once built (a SIGHUP reload builds a new one); each thread that runs it
// lazily builds its own FilterRuntime (one Lua state per thread, no locks on the hot path).
#include "kernel/rules/filter_engine.hpp"

#include "kernel/rules/filter_runtime.hpp"

namespace helpdesk::kernel {

struct FilterEngine::Impl {
  FilterChain chain;
  std::vector<FilterScriptConfig> configs;
  std::vector<ScriptFailure> check_failures;
};

namespace {

lua::SandboxLimits sandbox_limits(const LuaLimits& limits) {
  lua::SandboxLimits out;
  out.instructions = limits.instructions;
  out.memory_bytes = limits.memory_bytes;
  return out;
}

// Compiles every script and library module in a fresh sandbox.
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

struct ThreadRuntime {
  std::weak_ptr<const void> owner;
  const void* key;
  std::unique_ptr<FilterRuntime> runtime;
};

// Keyed by the engine's Impl; entries of engines that no longer exist are dropped on the next
// run, so a reload's old Lua states are closed by the threads that own them.
thread_local std::vector<ThreadRuntime> thread_runtimes;

template <class Owner>
FilterRuntime& runtime_for(const std::shared_ptr<Owner>& owner, const FilterChain& chain) {
  std::erase_if(thread_runtimes, [](const ThreadRuntime& r) { return r.owner.expired(); });
  for (auto& r : thread_runtimes)
    if (r.key == owner.get()) return *r.runtime;
  thread_runtimes.push_back(
      ThreadRuntime{std::weak_ptr<const void>(owner), owner.get(), std::make_unique<FilterRuntime>(chain)});
  return *thread_runtimes.back().runtime;
}

}  // namespace

FilterEngine::FilterEngine(std::vector<FilterScriptConfig> scripts, LuaLimits limits, std::filesystem::path lib_dir,
                           FilterVocabulary vocabulary)
    : impl_(std::make_shared<Impl>()) {
  FilterChain& chain = impl_->chain;
  chain.limits = sandbox_limits(limits);
  chain.modules = std::make_shared<const lua::ModuleLibrary>(lib_dir);
  chain.vocabulary = std::move(vocabulary);
  impl_->configs = scripts;
  for (auto& config : scripts) chain.scripts.push_back(read_filter_script(std::move(config)));
  impl_->check_failures = check_chain(chain);
}

FilterEngine::~FilterEngine() = default;

std::vector<ScriptFailure> FilterEngine::check() const { return impl_->check_failures; }

FilterResult FilterEngine::run(FilterTicket ticket) const {
  return runtime_for(impl_, impl_->chain).run(impl_->chain, std::move(ticket));
}

const std::vector<FilterScriptConfig>& FilterEngine::scripts() const { return impl_->configs; }

}  // namespace helpdesk::kernel
