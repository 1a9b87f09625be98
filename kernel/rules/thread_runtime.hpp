#pragma once
// One runtime (Lua state and compiled scripts) per thread and per engine, built on first use.
// Keyed by the engine's Impl; entries of engines that no longer exist are dropped on the next
// run, so a reload's old Lua states are closed by the threads that own them.
#include <memory>
#include <vector>

namespace helpdesk::kernel {

template <class Runtime>
struct ThreadRuntime {
  std::weak_ptr<const void> owner;
  const void* key;
  std::unique_ptr<Runtime> runtime;
};

template <class Runtime, class Owner, class Chain>
Runtime& runtime_for(const std::shared_ptr<Owner>& owner, const Chain& chain) {
  thread_local std::vector<ThreadRuntime<Runtime>> runtimes;
  std::erase_if(runtimes, [](const ThreadRuntime<Runtime>& r) { return r.owner.expired(); });
  for (auto& r : runtimes)
    if (r.key == owner.get()) return *r.runtime;
  runtimes.push_back(
      ThreadRuntime<Runtime>{std::weak_ptr<const void>(owner), owner.get(), std::make_unique<Runtime>(chain)});
  return *runtimes.back().runtime;
}

}  // namespace helpdesk::kernel
