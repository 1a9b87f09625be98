#pragma once
// Ticket filters: Lua scripts run in configured order on every new ticket, before it is stored.
// A script may change the ticket (department, team, agent, topic, priority, SLA plan, custom
// fields, tags), reject it, queue an auto-reply, or stop the chain. A script that fails (error,
// budget, memory) has its changes discarded and the chain goes on; the failure is reported.
//
// A filter script is a file whose chunk returns the filter function, and nothing else:
//
//   local words = require("triage_words")   -- scripts/lib/triage_words.lua
//   return function(ticket)
//     if contains(ticket.subject, "vpn") then ticket:set_department("it") end
//   end
//
// The chunk runs once per worker thread; the function runs once per ticket, with a `ticket`
// handle that is dead once it returns. The Lua API (fields, methods, helpers, errors) is in
// docs/lua.md; the sandbox's rules are in kernel/lua/sandbox.hpp.
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include <helpdesk/tickets.hpp>

namespace helpdesk::kernel {

struct LuaLimits {
  std::uint64_t instructions = 200'000;      // per script call (VM instructions + pattern steps)
  std::size_t memory_bytes = 8 * 1024 * 1024; // per Lua state
};

struct FilterScriptConfig {
  std::string name;            // for logs, audit and dry-run
  std::filesystem::path file;  // the .lua file (absolute or relative to the working directory)
};

// The valid values filters may set, so a bad value is the script's error, not the API client's.
struct FilterVocabulary {
  std::set<std::string> departments, teams, topics, priorities, sla_plans;
  std::map<std::string, std::string> priority_names;  // lower-cased name -> key ("Critical" -> critical)
};

// What a filter sees and may change.
struct FilterTicket {
  NewTicket ticket;                  // subject, body, requester, topic, priority, department, fields
  std::string channel;               // "api", "email", "web", …
  std::map<std::string, std::string> headers;  // email headers, lower-case names; empty otherwise
  std::string organization;          // requester's organization name, if known
  std::string team;
  std::string agent;                 // agent email; the kernel resolves it when storing
  std::string sla_plan;
  std::set<std::string> tags;
};

struct FilterStep {
  std::string script;
  std::string action;  // set_department, set_priority, add_tag, reject, auto_reply, stop, …
  nlohmann::json value;
};

struct ScriptFailure {
  std::string script;
  int line = 0;          // 0 when unknown
  std::string kind;      // syntax, error, budget, memory
  std::string message;   // "file.lua:12: attempt to index a nil value"
};

struct FilterResult {
  FilterTicket ticket;   // after every filter that succeeded
  bool rejected = false;
  std::string reject_reason;
  std::string rejected_by;
  std::vector<std::string> auto_replies;  // texts queued by auto_reply
  std::string stopped_by;                 // the script that called stop(), if any
  std::vector<FilterStep> steps;          // every action taken, in order (failed scripts' removed)
  std::vector<ScriptFailure> failures;
};

class FilterEngine {
 public:
  // Reads and compiles every script once (so check() can report); `lib_dir` serves require().
  FilterEngine(std::vector<FilterScriptConfig> scripts, LuaLimits limits, std::filesystem::path lib_dir,
               FilterVocabulary vocabulary);
  ~FilterEngine();

  // Syntax and load errors of every script (empty when all compile).
  std::vector<ScriptFailure> check() const;
  // Runs the chain. Thread-safe: each thread uses its own Lua state (created on first use).
  FilterResult run(FilterTicket ticket) const;
  const std::vector<FilterScriptConfig>& scripts() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace helpdesk::kernel
