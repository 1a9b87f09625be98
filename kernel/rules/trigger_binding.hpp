#pragma once
// Internal to the trigger engine: one script's call (what it records) and the `ticket` userdata a
// trigger receives, valid only while that call runs (like the filters' TicketBinding).
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "kernel/lua/sandbox.hpp"
#include "kernel/rules/trigger_engine.hpp"

struct lua_State;

namespace helpdesk::kernel {

struct TriggerCall {
  TriggerCall(const TriggerVocabulary& vocabulary, const Ticket& ticket, const std::string& script,
              std::vector<TriggerAction>& actions)
      : vocabulary(vocabulary), ticket(ticket), script(script), actions(actions), actions_before(actions.size()),
        tags(ticket.tags.begin(), ticket.tags.end()) {}

  void record(const char* action, nlohmann::json value) { actions.push_back({script, action, std::move(value)}); }
  std::size_t count() const { return actions.size() - actions_before; }
  // The script failed: what it recorded is dropped.
  void roll_back() { actions.resize(actions_before); stopped = false; }

  const TriggerVocabulary& vocabulary;
  const Ticket& ticket;
  const std::string& script;
  std::vector<TriggerAction>& actions;
  std::size_t actions_before;
  std::set<std::string> tags;  // the ticket's tags as this call's add_tag/remove_tag leave them
  bool stopped = false;
};

class TriggerBinding {
 public:
  explicit TriggerBinding(lua::Sandbox& sandbox);
  void begin_call(TriggerCall& call);
  void end_call();
  // Pushes a fresh handle on the running call's ticket (inside a protected call).
  void push_ticket(lua_State* L);
  TriggerCall* live(std::uint64_t serial) const { return serial != 0 && serial == live_serial_ ? current_ : nullptr; }

 private:
  friend int install_trigger_binding(lua_State* L);
  TriggerCall* current_ = nullptr;
  std::uint64_t live_serial_ = 0;
  std::uint64_t next_serial_ = 0;
  int ticket_mt_ref_ = -1;
};

}  // namespace helpdesk::kernel
