// The engine is immutable once built (a SIGHUP reload builds a new one); each thread that runs it
// lazily builds its own FilterRuntime (one Lua state per thread, no locks on the hot path).
#include "kernel/rules/filter_engine.hpp"

#include "kernel/rules/filter_runtime.hpp"
#include "kernel/rules/thread_runtime.hpp"

namespace helpdesk::kernel {

struct FilterEngine::Impl {
  FilterChain chain;
  std::vector<FilterScriptConfig> configs;
  std::vector<ScriptFailure> check_failures;
};

FilterEngine::FilterEngine(std::vector<FilterScriptConfig> scripts, LuaLimits limits, std::filesystem::path lib_dir,
                           FilterVocabulary vocabulary)
    : impl_(std::make_shared<Impl>()) {
  FilterChain& chain = impl_->chain;
  chain.limits = to_sandbox_limits(limits);
  chain.modules = std::make_shared<const lua::ModuleLibrary>(lib_dir);
  chain.vocabulary = std::move(vocabulary);
  impl_->configs = scripts;
  for (auto& config : scripts) chain.scripts.push_back(read_filter_script(std::move(config)));
  impl_->check_failures = check_chain(chain);
}

FilterEngine::~FilterEngine() = default;

std::vector<ScriptFailure> FilterEngine::check() const { return impl_->check_failures; }

FilterResult FilterEngine::run(FilterTicket ticket) const {
  return runtime_for<FilterRuntime>(impl_, impl_->chain).run(impl_->chain, std::move(ticket));
}

const std::vector<FilterScriptConfig>& FilterEngine::scripts() const { return impl_->configs; }

}  // namespace helpdesk::kernel
