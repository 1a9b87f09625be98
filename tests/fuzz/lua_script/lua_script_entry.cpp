// Fuzz target lua_script: the input is a Lua chunk, loaded into a fresh kernel sandbox with small
// limits; when the chunk returns a function (a filter's shape), it is called with a ticket-like
// table as the rule engine would. Script errors, budget and memory aborts are expected outcomes;
// a crash, a hang past the time limit, memory over the cap or a state that is unusable after an
// abort is a bug.
#include <lua.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernel/lua/sandbox.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace helpdesk::kernel::lua;

constexpr std::string_view kChunk = "fuzz.lua";

SandboxLimits fuzz_limits() {
  SandboxLimits limits;
  limits.instructions = 100'000;
  limits.memory_bytes = 2 * 1024 * 1024;
  limits.max_string_bytes = 64 * 1024;
  limits.time_limit = std::chrono::milliseconds(250);
  return limits;
}

struct CallContext {
  int ref;
};

void set_string(lua_State* L, const char* key, const char* value) {
  lua_pushstring(L, value);
  lua_setfield(L, -2, key);
}

// Calls the chunk's result, if a function, with a table shaped like a filter's ticket.
int call_result(lua_State* L) {
  const auto* ctx = static_cast<const CallContext*>(lua_touserdata(L, 1));
  if (lua_rawgeti(L, LUA_REGISTRYINDEX, ctx->ref) != LUA_TFUNCTION) return 0;
  lua_createtable(L, 0, 5);
  set_string(L, "subject", "Printer down on floor 3");
  set_string(L, "body", "The VPN is down and the printer says PC LOAD LETTER.");
  set_string(L, "priority", "normal");
  set_string(L, "topic", "network");
  lua_createtable(L, 0, 1);
  set_string(L, "email", "alice@finance.example.com");
  lua_setfield(L, -2, "requester");
  lua_call(L, 1, 0);
  return 0;
}

void check_error(const ScriptError& error, std::size_t memory_used, const SandboxLimits& limits) {
  FUZZ_CHECK(error.script == kChunk, "a script error names another chunk");
  // The message may be empty: error("", 3) raises exactly that, as in stock Lua.
  FUZZ_CHECK(error.line >= 0, "a negative line number");
  FUZZ_CHECK(memory_used <= limits.memory_bytes, "memory over the cap after an abort");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = [] {
    spdlog::set_level(spdlog::level::off);  // the scripts' log() calls
    return true;
  }();
  (void)quiet;

  const SandboxLimits limits = fuzz_limits();
  Sandbox sandbox(limits);
  const std::string_view source(reinterpret_cast<const char*>(data), size);

  auto loaded = sandbox.load(kChunk, source);
  if (loaded.error) {
    check_error(*loaded.error, sandbox.memory_used(), limits);
  } else {
    CallContext ctx{loaded.value_ref};
    if (auto error = sandbox.call(kChunk, call_result, &ctx)) check_error(*error, sandbox.memory_used(), limits);
    // A second call: the state must survive whatever the first one did (and a budget is fresh).
    if (auto error = sandbox.call(kChunk, call_result, &ctx)) check_error(*error, sandbox.memory_used(), limits);
    sandbox.release(loaded.value_ref);
  }
  FUZZ_CHECK(sandbox.memory_used() <= limits.memory_bytes, "memory over the cap");

  // Whatever happened, the state still runs a plain script.
  auto probe = sandbox.load("probe.lua", "local t = {} for i = 1, 10 do t[i] = i end return #t");
  FUZZ_CHECK(!probe.error, "the sandbox is unusable after the input ran");
  lua_State* L = sandbox.state();
  lua_rawgeti(L, LUA_REGISTRYINDEX, probe.value_ref);
  FUZZ_CHECK(lua_tointeger(L, -1) == 10, "the probe script returned a wrong value");
  lua_pop(L, 1);
  sandbox.release(probe.value_ref);
  return 0;
}
