#pragma once
// Triggers: Lua scripts subscribed (triggers: in the config) to ticket events such as
// ticket.replied, ticket.status_changed or sla.breached. A trigger has the form of a filter,
//
//   return function(ticket, event)
//     if event.name == "sla.breached" and not ticket:has_tag("sla:breached") then
//       ticket:add_tag("sla:breached")
//     end
//   end
//
// but acts on a stored ticket: its actions (set_status, close, reopen, set_priority,
// set_department, set_team, set_agent, add_note, reply, add_tag, remove_tag, stop) are only
// recorded here; the kernel applies them (kernel/core/trigger_dispatch.hpp). A script that fails
// has its recorded actions discarded and the failure reported. `event` is a table: name,
// actor_kind, actor_id, actor_name, data (a copy of the event's data).
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <helpdesk/tickets.hpp>

#include "kernel/rules/filter_engine.hpp"

namespace helpdesk::kernel {

struct TriggerScriptConfig {
  std::string name;
  std::filesystem::path file;
  std::vector<std::string> events;  // the event names it runs on
};

// The values triggers may set: the filters' vocabulary plus the status keys.
struct TriggerVocabulary {
  FilterVocabulary base;
  std::set<std::string> statuses;
};

struct TriggerEvent {
  std::string name;
  std::string actor_kind, actor_id, actor_name;
  nlohmann::json data = nlohmann::json::object();
};

struct TriggerAction {
  std::string script;
  std::string action;  // set_status, close, reopen, set_priority, set_department, set_team, set_agent,
                       // add_note, reply, add_tag, remove_tag, stop
  nlohmann::json value;
};

struct TriggerResult {
  std::vector<TriggerAction> actions;   // in order; a failed script's are removed
  std::vector<std::string> ran;         // the scripts that ran (failed ones included)
  std::vector<ScriptFailure> failures;
  std::string stopped_by;               // the script that called stop(), if any
};

// The actor id of a trigger's changes; its own events are not delivered back to it.
std::string trigger_actor_id(const std::string& trigger);

class TriggerEngine {
 public:
  TriggerEngine(std::vector<TriggerScriptConfig> scripts, LuaLimits limits, std::filesystem::path lib_dir,
                TriggerVocabulary vocabulary);
  ~TriggerEngine();

  std::vector<ScriptFailure> check() const;
  // Every event name some trigger runs on.
  const std::set<std::string>& events() const;
  // Runs, in config order, the triggers subscribed to `event.name`, except the one whose actor id
  // is `event.actor_id` (a trigger never sees its own changes). Thread-safe like FilterEngine::run.
  TriggerResult run(const Ticket& ticket, const TriggerEvent& event) const;
  const std::vector<TriggerScriptConfig>& scripts() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace helpdesk::kernel
