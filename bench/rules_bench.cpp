// The rules benchmark: what the Lua ticket filters and the SLA clock cost per new ticket, measured
// in-process on the real engines (no HTTP, no SQLite). Prints one JSON line; bench/rules.sh puts
// the figures into docs/PERFORMANCE.md.
//
//   rules_bench                         the full run (median of 7 repetitions of 20000 tickets)
//   rules_bench --smoke                 tiny counts: checks every case runs and the rules act
//   rules_bench --config FILE --reps N --tickets N
//
// Cases, each timed per ticket after a warm-up (every call copies the ticket in, as the server does):
//   shipped        the config's filter chain (FilterEngine::run)
//   shipped_sla    the same plus the SLA plan choice, its policy script and due times (SlaClock::plan_for + due)
//   chain50        50 generated filters: contains / contains_any / domain_in / keywords / matches and
//                  field reads, most not matching, a few setting the priority or tags
//   empty50        50 filters whose function does nothing: the per-filter overhead floor
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "kernel/config/config.hpp"
#include "kernel/core/catalog.hpp"
#include "kernel/core/rules_setup.hpp"
#include "kernel/rules/filter_engine.hpp"
#include "kernel/rules/sla_clock.hpp"

#ifndef HELPDESK_SOURCE_DIR
#define HELPDESK_SOURCE_DIR "."
#endif

using namespace helpdesk;
using namespace helpdesk::kernel;
namespace fs = std::filesystem;

namespace {

// A ticket as the API builds it for the filters (defaults resolved: priority and department set,
// no topic): a printer problem from a customer domain, with a ~300-byte body.
FilterTicket sample_ticket() {
  FilterTicket ft;
  auto& t = ft.ticket;
  t.requester = Person{0, "Maria Keller", "maria.keller@northwind-traders.com", ""};
  t.subject = "Printer on the 3rd floor keeps jamming";
  t.body =
      "Hello, since Monday the shared printer next to the kitchen on the 3rd floor jams on almost every "
      "job longer than two pages. We already replaced the paper tray and restarted it twice. Several "
      "colleagues need to print signed contracts today, so a quick look would be appreciated. "
      "Thanks, Maria (Sales, room 3.14)";
  t.source = "API";
  t.ip = "127.0.0.1";
  t.priority = "normal";
  t.department = "support";
  ft.channel = "api";
  return ft;
}

// One generated filter: template `i % 10`, variant `i / 10`. Variant 0 of templates 0, 2, 4 and 6
// matches the sample ticket; everything else does not.
std::string generated_filter(int i) {
  const int v = i / 10;
  const std::string tag = "g" + std::to_string(i);
  auto pick = [&](std::vector<std::string> options) { return options[static_cast<std::size_t>(v) % options.size()]; };
  switch (i % 10) {
    case 0:  // a word in the subject raises the priority
      return "return function(ticket)\n"
             "  if contains(ticket.subject, \"" + pick({"printer", "invoice", "refund", "laptop", "license"}) + "\") then\n"
             "    ticket:set_priority(\"high\")\n"
             "    ticket:add_tag(\"" + tag + "\")\n"
             "  end\n"
             "end\n";
    case 1:  // any of a few words in subject or body routes to a department
      return "local words = { " +
             pick({"\"outage\", \"breach\", \"ransomware\"", "\"payroll\", \"salary\", \"bonus\"",
                   "\"vpn\", \"tunnel\", \"remote access\"", "\"gdpr\", \"privacy\", \"delete my data\"",
                   "\"invoice\", \"refund\", \"chargeback\""}) +
             " }\n"
             "return function(ticket)\n"
             "  local word = contains_any(ticket.subject .. \" \" .. ticket.body, words)\n"
             "  if word then\n"
             "    ticket:set_department(\"" + pick({"it", "hr", "it", "support", "billing"}) + "\")\n"
             "    ticket:add_tag(\"word:\" .. word)\n"
             "  end\n"
             "end\n";
    case 2:  // the requester's domain tags the customer
      return "local domains = { " +
             pick({"\"northwind-traders.com\"", "\"contoso.com\", \"fabrikam.net\"", "\"adventure-works.com\"",
                   "\"tailspintoys.com\", \"wingtiptoys.com\"", "\"litwareinc.com\", \"proseware.com\""}) +
             " }\n"
             "return function(ticket)\n"
             "  if domain_in(ticket.requester.email, domains) then\n"
             "    ticket:add_tag(\"customer:" + tag + "\")\n"
             "  end\n"
             "end\n";
    case 3:  // whole-word keywords choose a priority
      return "local levels = { [\"data loss\"] = \"critical\", [\"cannot log in\"] = \"high\", [\"" +
             pick({"locked out", "phishing", "disk full", "overcharged", "new hire"}) + "\"] = \"" +
             pick({"high", "critical", "high", "normal", "low"}) + "\" }\n"
             "return function(ticket)\n"
             "  local level = keywords(ticket.subject .. \" \" .. ticket.body, levels)\n"
             "  if level then ticket:set_priority(level) end\n"
             "end\n";
    case 4:  // a pattern on the subject
      return "return function(ticket)\n"
             "  if matches(ticket.subject, \"" +
             pick({"%d+%a%a floor", "^%[URGENT%]", "INV%-%d%d%d%d%d", "[Rr]efund request", "order #%d+"}) +
             "\") then\n"
             "    ticket:add_tag(\"" + tag + "\")\n"
             "  end\n"
             "end\n";
    case 5:  // channel and an email header
      return "return function(ticket)\n"
             "  if ticket.channel == \"email\" and ticket.headers[\"" +
             pick({"x-priority", "importance", "x-mailer", "auto-submitted", "list-id"}) + "\"] == \"" +
             pick({"1", "high", "Outlook", "auto-replied", "alerts"}) + "\" then\n"
             "    ticket:set_priority(\"high\")\n"
             "  end\n"
             "end\n";
    case 6:  // the requester's domain as a field
      return "return function(ticket)\n"
             "  if ticket.requester.domain == \"" +
             pick({"northwind-traders.com", "contoso.com", "fabrikam.net", "example.org", "example.net"}) +
             "\" and ticket.priority ~= \"critical\" then\n"
             "    ticket:add_tag(\"" + tag + "\")\n"
             "  end\n"
             "end\n";
    case 7:  // topic to team
      return "return function(ticket)\n"
             "  if ticket.topic == \"" + pick({"network", "access", "hardware", "billing", "hr-request"}) + "\" then\n"
             "    ticket:set_team(\"" + pick({"level-2", "level-2", "level-2", "onboarding", "onboarding"}) + "\")\n"
             "  end\n"
             "end\n";
    case 8:  // lower-cased subject, one word without another
      return "return function(ticket)\n"
             "  local subject = lower(ticket.subject)\n"
             "  if subject:find(\"" + pick({"urgent", "asap", "escalate", "complaint", "cancel"}) +
             "\", 1, true) and not contains(ticket.body, \"test\") then\n"
             "    ticket:set_priority(\"high\")\n"
             "  end\n"
             "end\n";
    default:  // department and organization
      return "return function(ticket)\n"
             "  if ticket.department == \"" + pick({"billing", "hr", "it", "billing", "hr"}) +
             "\" and contains(ticket.organization, \"" + pick({"Gold", "Partner", "Reseller", "Enterprise", "Gov"}) +
             "\") then\n"
             "    ticket:set_priority(\"high\")\n"
             "    ticket:add_tag(\"" + tag + "\")\n"
             "  end\n"
             "end\n";
  }
}

std::vector<FilterScriptConfig> write_chain(const fs::path& dir, const std::string& prefix, int count,
                                            const std::function<std::string(int)>& source) {
  std::vector<FilterScriptConfig> scripts;
  for (int i = 0; i < count; ++i) {
    const auto name = prefix + "_" + std::to_string(i);
    const auto file = dir / (name + ".lua");
    std::ofstream(file) << source(i);
    scripts.push_back({name, file});
  }
  return scripts;
}

struct Stats {
  double median = 0, min = 0, max = 0;  // µs per ticket
};

// Runs `one(i)` for `warmup` tickets, then `reps` times for `tickets` tickets; µs per ticket.
Stats measure(int warmup, int reps, int tickets, const std::function<std::size_t(int)>& one) {
  std::size_t sink = 0;
  for (int i = 0; i < warmup; ++i) sink += one(i);
  std::vector<double> per_ticket;
  for (int r = 0; r < reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < tickets; ++i) sink += one(i);
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    per_ticket.push_back(elapsed.count() / tickets);
  }
  if (sink == 42) std::fprintf(stderr, " ");  // keeps the results observable
  std::sort(per_ticket.begin(), per_ticket.end());
  const auto n = per_ticket.size();
  Stats s;
  s.median = n % 2 ? per_ticket[n / 2] : (per_ticket[n / 2 - 1] + per_ticket[n / 2]) / 2;
  s.min = per_ticket.front();
  s.max = per_ticket.back();
  return s;
}

void require_clean(const char* what, const FilterResult& r, bool expect_steps) {
  if (!r.failures.empty()) {
    const auto& f = r.failures.front();
    throw std::runtime_error(std::string(what) + ": filter " + f.script + " failed (" + f.kind + "): " + f.message);
  }
  if (r.rejected) throw std::runtime_error(std::string(what) + ": the ticket was rejected by " + r.rejected_by);
  if (expect_steps && r.steps.empty()) throw std::runtime_error(std::string(what) + ": no filter acted on the ticket");
  if (!expect_steps && !r.steps.empty()) throw std::runtime_error(std::string(what) + ": a filter acted on the ticket");
}

std::string stats_json(const char* name, const Stats& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "\"%s_us\": %.3f, \"%s_us_min\": %.3f, \"%s_us_max\": %.3f", name, s.median, name,
                s.min, name, s.max);
  return buf;
}

int usage() {
  std::cerr << "usage: rules_bench [--smoke] [--config FILE] [--reps N] [--tickets N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path config_file = fs::path(HELPDESK_SOURCE_DIR) / "config/helpdesk.yaml";
  bool smoke = false;
  int reps = 7, tickets = 20000, warmup = 2000;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    try {
      if (arg == "--smoke") smoke = true;
      else if (arg == "--config") config_file = value();
      else if (arg == "--reps") reps = std::stoi(value());
      else if (arg == "--tickets") tickets = std::stoi(value());
      else return usage();
    } catch (const std::exception& e) {
      std::cerr << "rules_bench: " << e.what() << "\n";
      return usage();
    }
  }
  if (smoke) reps = 3, tickets = 50, warmup = 10;
  if (reps < 1 || tickets < 1) return usage();

  fs::path dir;
  try {
    const Config config = load_config(config_file);
    const Catalog catalog(config);
    const auto rules = build_rule_set(config, catalog);
    if (config.filters.empty()) throw std::runtime_error(config_file.string() + " configures no filters");
    if (auto failures = rules->filters->check(); !failures.empty())
      throw std::runtime_error("shipped filter " + failures.front().script + ": " + failures.front().message);

    LuaLimits limits;
    limits.instructions = config.rules.instruction_budget;
    limits.memory_bytes = static_cast<std::size_t>(config.rules.memory_limit_kb) * 1024;
    dir = fs::temp_directory_path() / ("rules_bench_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const FilterEngine chain50(write_chain(dir, "gen", 50, generated_filter), limits, config.rules.lib_dir,
                               catalog.filter_vocabulary());
    const FilterEngine empty50(write_chain(dir, "empty", 50, [](int) { return "return function(ticket) end\n"; }),
                               limits, config.rules.lib_dir, catalog.filter_vocabulary());
    for (const auto* engine : {&chain50, &empty50})
      if (auto failures = engine->check(); !failures.empty())
        throw std::runtime_error("generated filter " + failures.front().script + ": " + failures.front().message);

    const FilterTicket ticket = sample_ticket();
    const FilterEngine& shipped = *rules->filters;
    const SlaClock& sla = *rules->sla;

    // What each case does once, checked before timing: the rules must act and never fail.
    const FilterResult shipped_result = shipped.run(ticket);
    require_clean("shipped chain", shipped_result, /*expect_steps=*/true);
    const FilterResult chain50_result = chain50.run(ticket);
    require_clean("50-filter chain", chain50_result, /*expect_steps=*/true);
    require_clean("50 empty filters", empty50.run(ticket), /*expect_steps=*/false);
    const auto& after = shipped_result.ticket;
    const std::string plan = sla.plan_for(after.sla_plan, after.ticket.topic, after.ticket.department);
    // Tickets opened through a whole week (10-minute steps from Wednesday 2026-11-25 09:00 UTC),
    // so due times are computed from inside and outside business hours alike.
    constexpr std::int64_t kStart = 1'795'597'200;
    if (plan.empty() || !sla.due(plan, kStart).resolution)
      throw std::runtime_error("no SLA plan applies to the sample ticket");
    auto opened_at = [&](int i) { return kStart + std::int64_t{i % 1008} * 600; };
    // What the plan's policy script sees (the standard plan runs scripts/sla/standard.lua).
    SlaPolicyTicket policy_view;
    policy_view.subject = after.ticket.subject;
    policy_view.priority = after.ticket.priority.empty() ? "normal" : after.ticket.priority;
    policy_view.department = after.ticket.department;
    policy_view.topic = after.ticket.topic;
    policy_view.requester_email = after.ticket.requester.email;
    policy_view.tags.assign(after.tags.begin(), after.tags.end());
    if (const auto* policies = sla.policies(); policies && policies->has_policy(plan)) {
      SlaTargets probe;
      policies->apply(plan, policy_view, probe);
      if (probe.failure) throw std::runtime_error("SLA policy of plan " + plan + ": " + probe.failure->message);
    }

    const Stats shipped_stats = measure(warmup, reps, tickets, [&](int) { return shipped.run(ticket).steps.size(); });
    const Stats shipped_sla_stats = measure(warmup, reps, tickets, [&](int i) {
      const FilterResult r = shipped.run(ticket);
      const SlaDue due = sla.due(sla.plan_for(r.ticket.sla_plan, r.ticket.ticket.topic, r.ticket.ticket.department),
                                 opened_at(i), 0, &policy_view);
      return r.steps.size() + static_cast<std::size_t>(due.resolution.value_or(0) & 1);
    });
    const Stats sla_stats = measure(warmup, reps, tickets, [&](int i) {
      const SlaDue due = sla.due(sla.plan_for(after.sla_plan, after.ticket.topic, after.ticket.department), opened_at(i),
                                 0, &policy_view);
      return static_cast<std::size_t>(due.resolution.value_or(0) & 1);
    });
    const Stats chain50_stats = measure(warmup, reps, tickets, [&](int) { return chain50.run(ticket).steps.size(); });
    const Stats empty50_stats = measure(warmup, reps, tickets, [&](int) { return empty50.run(ticket).steps.size(); });

    fs::remove_all(dir);
    std::printf(
        "{\"smoke\": %s, \"config\": \"%s\", \"shipped_filters\": %zu, \"sla_plan\": \"%s\", "
        "\"shipped_steps\": %zu, \"chain50_steps\": %zu, \"reps\": %d, \"tickets_per_rep\": %d, \"warmup\": %d, "
        "%s, %s, %s, %s, %s, \"target_chain50_us\": 20}\n",
        smoke ? "true" : "false", config_file.string().c_str(), shipped.scripts().size(), plan.c_str(),
        shipped_result.steps.size(), chain50_result.steps.size(), reps, tickets, warmup,
        stats_json("shipped", shipped_stats).c_str(), stats_json("shipped_sla", shipped_sla_stats).c_str(),
        stats_json("sla", sla_stats).c_str(), stats_json("chain50", chain50_stats).c_str(),
        stats_json("empty50", empty50_stats).c_str());
    return 0;
  } catch (const std::exception& e) {
    if (!dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
    std::cerr << "rules_bench: " << e.what() << "\n";
    return 1;
  }
}
