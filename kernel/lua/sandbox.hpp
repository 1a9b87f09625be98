#pragma once
// One sandboxed Lua 5.4 state: a counting allocator with a hard cap, an instruction budget per
// call that the script's own pcall cannot swallow, text-only loading, frozen globals built from an
// allow-list (sandbox_env.cpp). Not thread-safe: one Sandbox per worker thread.
//
// Script form: every script is a chunk run once at load under the budget, with its own _ENV whose
// reads fall through to the read-only base environment. Reading an unknown global and assigning
// any global are errors, so typos show and scripts cannot leak state into each other.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct lua_State;
using lua_CFunction = int (*)(lua_State*);

namespace helpdesk::kernel::lua {

struct SandboxLimits {
  std::uint64_t instructions = 200'000;        // per call: VM instructions plus charged C work
  std::size_t memory_bytes = 8 * 1024 * 1024;  // per state
  std::size_t max_string_bytes = 1024 * 1024;  // string.rep refuses larger results before allocating
  // Wall-clock backstop for work the counters cannot see (e.g. `..` on megabyte strings).
  std::chrono::milliseconds time_limit{1000};
};

enum class FailureKind { syntax, error, budget, memory };
const char* kind_name(FailureKind kind);

struct ScriptError {
  std::string script;  // the chunk's file name, e.g. "keyword_triage.lua"
  int line = 0;        // 0 when unknown
  FailureKind kind = FailureKind::error;
  std::string message;  // "keyword_triage.lua:12: attempt to index a nil value"
};

class ModuleLibrary;
struct SandboxState;

class Sandbox {
 public:
  // `log_name` is the spdlog logger that the scripts' log() writes to.
  explicit Sandbox(SandboxLimits limits, std::shared_ptr<const ModuleLibrary> modules = nullptr,
                   std::string log_name = "rules");
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return L_; }
  const SandboxLimits& limits() const;
  std::size_t memory_used() const;

  // Adds a global every script sees (C functions only: scripts cannot add globals).
  void define_global(const char* name, lua_CFunction fn);

  struct Loaded {
    int value_ref = -2;  // LUA_NOREF; else a registry reference to the chunk's first result
    std::optional<ScriptError> error;
  };
  // Compiles `source` (text only) as "@<chunk_name>" and runs the chunk once under the budget.
  Loaded load(std::string_view chunk_name, std::string_view source);
  void release(int ref);

  // Runs fn in protected mode under a fresh budget; fn receives `context` as a light userdata at
  // stack index 1. Errors are attributed to `chunk_name`. The state stays usable after any abort.
  std::optional<ScriptError> call(std::string_view chunk_name, lua_CFunction fn, void* context);

 private:
  std::unique_ptr<SandboxState> state_;
  lua_State* L_ = nullptr;
};

}  // namespace helpdesk::kernel::lua
