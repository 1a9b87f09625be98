#pragma once
// The `ticket` a filter receives: a typed userdata that is valid only while that script's call
// runs (Envoy's LuaDeathRef), so a handle kept in an upvalue or a module table and used later is
// an error instead of a write into another ticket. Fields are served lazily through __index;
// actions are methods checked against the vocabulary (filter_ticket_actions.cpp).
#include <array>
#include <cstdint>

#include "kernel/lua/sandbox.hpp"

struct lua_State;

namespace helpdesk::kernel {

class FilterCall;

class TicketBinding {
 public:
  // Registers the metatables in the sandbox's state.
  explicit TicketBinding(lua::Sandbox& sandbox);

  // A new ticket: strings cached for the previous one are stale.
  void begin_run() { ++run_serial_; }
  void begin_call(FilterCall& call);
  // Every handle given out since begin_call is dead from now on.
  void end_call();

  // Pushes a fresh handle on the running call's ticket (inside a protected call).
  void push_ticket(lua_State* L);

  // The call a handle with `serial` belongs to, or nullptr when that call has returned.
  FilterCall* live(std::uint64_t serial) const { return serial != 0 && serial == live_serial_ ? current_ : nullptr; }
  std::uint64_t live_serial() const { return live_serial_; }

  int requester_metatable() const { return requester_mt_ref_; }
  int headers_metatable() const { return headers_mt_ref_; }

  // Subject and body never change in the chain: each is pushed once per ticket, not per script.
  static constexpr int kCachedFields = 4;
  bool cached(int slot) const { return cached_run_[slot] == run_serial_; }
  void mark_cached(int slot) { cached_run_[slot] = run_serial_; }

 private:
  friend int install_ticket_binding(lua_State* L);

  FilterCall* current_ = nullptr;
  std::uint64_t live_serial_ = 0;
  std::uint64_t next_serial_ = 0;
  std::uint64_t run_serial_ = 1;
  std::array<std::uint64_t, kCachedFields> cached_run_{};
  int ticket_mt_ref_ = -1;
  int requester_mt_ref_ = -1;
  int headers_mt_ref_ = -1;
};

}  // namespace helpdesk::kernel
