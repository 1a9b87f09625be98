#pragma once
// The C++ side of one sandboxed lua_State, for the sandbox and its bindings: the memory account,
// the instruction budget of the running call, and the abort in progress. Reached through the
// state's extra space, so every C function finds it without an upvalue.
//
// Bindings raise Lua errors with longjmp (stock Lua is C), which skips C++ destructors: a binding
// must hold no object with a non-trivial destructor when it calls anything that can raise.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include <lua.hpp>

#include "kernel/lua/sandbox.hpp"

namespace spdlog {
class logger;
}

namespace helpdesk::kernel::lua {

class ModuleLibrary;

// An abort is a budget or memory breach: once set, every protected boundary inside the script
// (pcall, xpcall, require) rethrows, so only our outer lua_pcall ends it.
enum class Abort { none, instructions, time, memory };

struct SandboxState {
  SandboxLimits limits;
  std::size_t memory_used = 0;
  std::size_t memory_cap = std::numeric_limits<std::size_t>::max();  // set once the environment exists

  std::uint64_t remaining = 0;  // budget left in the running call
  // Bytes allocated since the last count hook: copying work the VM does in one instruction (`..`
  // on megabyte strings) is charged by its size at the next hook.
  std::size_t allocated_since_hook = 0;
  bool clock_started = false;  // the time limit starts at the first hook, saving a clock read per call
  std::chrono::steady_clock::time_point call_started;

  Abort abort = Abort::none;
  std::string abort_where;   // "file.lua:12:" of the breach, when known
  std::string abort_detail;  // e.g. what string.rep refused

  bool syntax_error = false;  // the failing call was a load whose text did not compile

  std::string_view chunk;  // the chunk whose call is running (for log()); the caller owns the text
  std::shared_ptr<const ModuleLibrary> modules;
  std::shared_ptr<spdlog::logger> logger;
};

inline SandboxState& state_of(lua_State* L) { return **static_cast<SandboxState**>(lua_getextraspace(L)); }

// How much budget C work on `n` bytes costs: a VM instruction does far more than a byte compare.
constexpr std::uint64_t bytes_cost(std::size_t n) { return n / 16 + 1; }

// Takes `units` from the running call's budget; on exhaustion raises the uncatchable abort,
// attributed to the Lua function at `level` (1: the caller of the C function).
void charge(lua_State* L, std::uint64_t units, int level = 1);
// `detail` is copied before the longjmp (a plain pointer: no destructor may be skipped).
[[noreturn]] void raise_abort(lua_State* L, Abort kind, int level, const char* detail = nullptr);
// Rethrows the abort in progress (from pcall/xpcall/require and the hook).
[[noreturn]] void rethrow_abort(lua_State* L);

void* counting_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize);
void count_hook(lua_State* L, lua_Debug* ar);
constexpr int kHookStride = 1000;  // instructions between two count hooks

}  // namespace helpdesk::kernel::lua
