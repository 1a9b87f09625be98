// The limits of a sandboxed state: counting allocator, count hook, budget charges, aborts.
#include <algorithm>
#include <cstdlib>

#include "kernel/lua/sandbox_state.hpp"

namespace helpdesk::kernel::lua {
namespace {

// The error object of every abort. A light userdata needs no allocation, so raising it works even
// when memory is exhausted; the message is composed by the sandbox after the outer pcall.
char abort_marker;

}  // namespace

void* counting_alloc(void* ud, void* ptr, std::size_t osize, std::size_t nsize) {
  auto* st = static_cast<SandboxState*>(ud);
  const std::size_t old = ptr ? osize : 0;  // without ptr, osize tells the object's type
  if (nsize == 0) {
    std::free(ptr);
    st->memory_used -= old;
    return nullptr;
  }
  // Only growth may fail: Lua assumes that shrinking a block always succeeds.
  if (nsize > old && nsize - old > st->memory_cap - std::min(st->memory_cap, st->memory_used)) return nullptr;
  void* p = std::realloc(ptr, nsize);
  if (p == nullptr) return nullptr;
  st->memory_used = st->memory_used - old + nsize;
  if (nsize > old) st->allocated_since_hook += nsize - old;
  return p;
}

void raise_abort(lua_State* L, Abort kind, int level, const char* detail) {
  auto& st = state_of(L);
  if (st.abort == Abort::none) {
    st.abort = kind;
    st.abort_where.clear();
    lua_Debug ar;
    // getinfo "Sl" fills fixed buffers in `ar`: no allocation, safe at the memory cap.
    if (lua_getstack(L, level, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
      st.abort_where = std::string(ar.short_src) + ":" + std::to_string(ar.currentline) + ":";
    st.abort_detail = detail ? detail : "";
  }
  rethrow_abort(L);
}

void rethrow_abort(lua_State* L) {
  lua_pushlightuserdata(L, &abort_marker);
  lua_error(L);
  std::abort();  // lua_error does not return
}

void charge(lua_State* L, std::uint64_t units, int level) {
  auto& st = state_of(L);
  if (units >= st.remaining) {
    st.remaining = 0;
    raise_abort(L, Abort::instructions, level);
  }
  st.remaining -= units;
}

void count_hook(lua_State* L, lua_Debug*) {
  auto& st = state_of(L);
  // An abort in progress keeps firing, so __close handlers or a message handler that loop
  // cannot outlive it.
  if (st.abort != Abort::none) rethrow_abort(L);
  // Level 0 inside a hook is the interrupted Lua function: the line the loop is on.
  const std::uint64_t allocation_cost = st.allocated_since_hook ? bytes_cost(st.allocated_since_hook) : 0;
  st.allocated_since_hook = 0;
  charge(L, kHookStride + allocation_cost, 0);
  const auto now = std::chrono::steady_clock::now();
  if (!st.clock_started) {
    st.clock_started = true;
    st.call_started = now;
  } else if (now - st.call_started > st.limits.time_limit) {
    raise_abort(L, Abort::time, 0);
  }
}

}  // namespace helpdesk::kernel::lua
