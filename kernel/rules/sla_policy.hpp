#pragma once
// SLA policy scripts (sla_plans[].policy): a Lua function that, for one ticket, sets the plan's
// targets in business minutes, may pick another calendar, and declares escalation steps:
//
//   local minutes = { critical = 60, high = 240, normal = 480, low = 1440 }
//   return function(sla, ticket)
//     sla:first_response(minutes[ticket.priority] or 480)
//     sla:resolution(3 * (minutes[ticket.priority] or 480))
//     sla:escalate{ target = "resolution", at = 0.75, notify = { "assignee" } }
//     sla:escalate{ target = "resolution", at = 1.0, overdue = true, notify = { "manager" },
//                   assign_team = "level-2" }
//   end
//
// The kernel turns targets into due times on the calendar (kernel/rules/sla_clock.hpp) and the
// steps into durable timers (kernel/core/sla_timers.hpp). A policy that fails (error, budget,
// memory) leaves the plan's own minutes and default steps in force; the failure is reported.
// The full API is in docs/lua.md.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <helpdesk/tickets.hpp>

#include "kernel/rules/filter_engine.hpp"

namespace helpdesk::kernel {

// What a policy reads about the ticket.
struct SlaPolicyTicket {
  std::string number, subject, priority, department, topic, team, source, status, state;
  std::string requester_email, organization;
  std::vector<std::string> tags;
  nlohmann::json fields = nlohmann::json::object();
  Timestamp created_at = 0;
};

// One escalation step: at `at` (a fraction of the target: 0.75 is 75% of the business time),
// the kernel publishes sla.warning (at < 1) or sla.breached (at >= 1) and applies the actions.
struct SlaEscalation {
  std::string target = "resolution";  // first_response or resolution
  double at = 1.0;                    // 0 < at <= 10
  std::vector<std::string> notify;    // "assignee", "manager", "team", or an email address
  bool overdue = false;               // mark the ticket overdue
  std::string assign_team;            // team key
  std::string assign_agent;           // agent email
  std::string set_priority;           // priority key
  std::string note;                   // internal note text
  void append_json(std::string& out) const;  // as JSON text (the SLA timer's payload)
  nlohmann::json to_json() const;            // the same, parsed
  static SlaEscalation from_json(const nlohmann::json& j);
  std::string id() const;  // "resolution@0.75": stable, so a fired step is not fired again
};

// A plan's targets for one ticket: the plan's YAML values, then whatever the policy set.
struct SlaTargets {
  std::string calendar;                      // calendar key; "" = 24x7
  std::int64_t first_response_minutes = 0;  // 0 = no target
  std::int64_t resolution_minutes = 0;
  std::vector<SlaEscalation> escalations;    // empty = the default steps
  bool policy_ran = false;
  std::optional<ScriptFailure> failure;
};

struct SlaPolicyScript {
  std::string plan;            // the plan key; also the name failures carry
  std::filesystem::path file;
};

// The values a policy may name, checked when it names them.
struct SlaVocabulary {
  std::set<std::string> calendars;  // "24x7" is always valid
  std::set<std::string> teams, priorities;
};

class SlaPolicyEngine {
 public:
  SlaPolicyEngine(std::vector<SlaPolicyScript> scripts, LuaLimits limits, std::filesystem::path lib_dir,
                  SlaVocabulary vocabulary);
  ~SlaPolicyEngine();

  std::vector<ScriptFailure> check() const;
  bool has_policy(const std::string& plan) const;
  // Runs `plan`'s policy on `ticket`, starting from `targets` (the plan's own values). Thread-safe:
  // one Lua state per thread. On failure `targets` keeps its input values and carries the failure.
  void apply(const std::string& plan, const SlaPolicyTicket& ticket, SlaTargets& targets) const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace helpdesk::kernel
