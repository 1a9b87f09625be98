// Triggers on a real service and bus: a trigger fires once per event, a trigger never loops on
// its own changes, a chain between triggers stops at the depth limit, and the shipped
// escalate_breach.lua raises an SLA-breached ticket's priority.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

#include "core_fixture.hpp"
#include "kernel/core/scheduler.hpp"
#include "kernel/core/sla_timers.hpp"
#include "kernel/core/trigger_dispatch.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;
using namespace helpdesk::kernel::testing;

namespace {

const Actor agent{Actor::Kind::agent, "7", "Grace", {}};

struct TriggerFixture : CoreFixture {
  // Each trigger: {name, lua source or a path under the source tree, events}.
  void use(std::vector<TriggerScriptConfig> scripts, std::vector<SlaPlan> plans = {},
           DurableScheduler* scheduler = nullptr) {
    for (auto& s : scripts)
      if (s.file.extension() != ".lua") {
        const auto file = dir() / (s.name + ".lua");
        std::ofstream(file) << s.file.string();
        s.file = file;
      }
    TriggerVocabulary v{catalog->get()->filter_vocabulary(), {"open", "in_progress", "resolved", "closed"}};
    auto set = std::make_shared<RuleSet>();
    set->sla = std::make_shared<const SlaClock>(std::vector<CalendarConfig>{}, plans);
    set->triggers = std::make_shared<const TriggerEngine>(std::move(scripts), LuaLimits{}, dir() / "lib", v);
    rules = std::make_unique<RulesHolder>(set);
    tickets = std::make_unique<KernelTicketService>(*db, *catalog, *files, *publisher, quiet_logger(),
                                                    [this] { return now; }, rules.get());
    dispatch = std::make_unique<TriggerDispatch>(*bus, *tickets, *rules, quiet_logger(), scheduler);
  }
  // Waits until the bus is idle and stays idle (trigger changes publish more events).
  void settle() {
    for (int i = 0; i < 20; ++i) {
      const auto before = bus->delivered();
      bus->flush();
      if (bus->delivered() == before) return;
    }
  }
  std::vector<ThreadEntry> notes(const std::string& number) {
    std::vector<ThreadEntry> out;
    const auto detail = tickets->get(number);
    for (const auto& e : detail->thread)
      if (e.kind == "note") out.push_back(e);
    return out;
  }
  ~TriggerFixture() { bus->stop(); }
  std::unique_ptr<RulesHolder> rules;
  std::unique_ptr<TriggerDispatch> dispatch;
};

TEST(TriggerDispatch, AStatusChangeTriggerAddsOneNote) {
  TriggerFixture f;
  f.use({{"note-status", "return function(t, e) t:add_note('now ' .. e.data.after.status) end",
          {"ticket.status_changed"}}});
  const auto t = f.tickets->create(f.ticket(), agent);
  f.tickets->set_status(t.number, "in_progress", agent);
  f.settle();
  const auto notes = f.notes(t.number);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].body, "now in_progress");
  EXPECT_EQ(notes[0].author, "trigger note-status");
}

TEST(TriggerDispatch, ATriggerDoesNotLoopOnItsOwnChange) {
  TriggerFixture f;
  // Every update adds a tag and a note, which are updates themselves.
  f.use({{"busy", "return function(t) t:add_tag('touched'); t:add_note('again') end",
          {"ticket.updated", "ticket.noted"}}});
  const auto t = f.tickets->create(f.ticket(), agent);
  f.tickets->transfer(t.number, "it", agent);
  f.settle();
  EXPECT_EQ(f.notes(t.number).size(), 1u);
  EXPECT_EQ(f.tickets->get(t.number)->ticket.tags, (std::vector<std::string>{"touched"}));
}

TEST(TriggerDispatch, AChainBetweenTriggersStopsAtTheDepthLimit) {
  TriggerFixture f;
  // Two triggers answering each other's notes: without the depth limit this never ends.
  f.use({{"ping", "return function(t) t:add_note('ping') end", {"ticket.noted"}},
         {"pong", "return function(t) t:add_note('pong') end", {"ticket.noted"}}});
  const auto t = f.tickets->create(f.ticket(), agent);
  f.tickets->note(t.number, {"start", "text", {}}, agent);
  f.settle();
  // depth 1: ping + pong; depth 2: pong (on ping), ping (on pong); depth 3: 2 more; then dropped.
  EXPECT_EQ(f.notes(t.number).size(), 1u + 2 + 2 + 2);
}

TEST(TriggerDispatch, EscalateBreachRaisesPriority) {
  TriggerFixture f;
  SlaPlan plan;
  plan.key = "fast";
  plan.first_response_minutes = 60;
  plan.resolution_minutes = 120;
  plan.departments = {"support", "it"};
  f.use({{"escalate-breach", std::filesystem::path(HELPDESK_SOURCE_DIR) / "scripts/triggers/escalate_breach.lua",
          {"sla.breached"}}},
        {plan});
  DurableScheduler scheduler(*f.db, [&f] { return f.now; }, quiet_logger());
  register_sla_timers(scheduler, *f.db, *f.catalog, *f.publisher, *f.tickets);
  const auto start = f.now;
  auto input = f.ticket();
  input.priority = "low";
  const auto t = f.tickets->create(input, agent);
  f.now = start + 60 * 60;
  EXPECT_EQ(scheduler.run_due(), 2);  // first-response warning and breach
  f.settle();
  const auto after = f.tickets->get(t.number)->ticket;
  EXPECT_EQ(after.priority, "high");
  EXPECT_EQ(after.tags, (std::vector<std::string>{"sla:breached"}));
  ASSERT_EQ(f.notes(t.number).size(), 1u);
  EXPECT_NE(f.notes(t.number)[0].body.find("first_response"), std::string::npos);
}

TEST(TriggerDispatch, TheShippedAutoCloseClosesAResolvedTicketAfterSevenDays) {
  TriggerFixture f;
  DurableScheduler scheduler(*f.db, [&f] { return f.now; }, quiet_logger());
  f.use({{"auto-close", fs::path(HELPDESK_SOURCE_DIR) / "scripts/triggers/auto_close_resolved.lua",
          {"ticket.status_changed"}}},
        {}, &scheduler);
  const auto start = f.now;
  const auto kept = f.tickets->create(f.ticket("Printer"), agent);
  const auto closed = f.tickets->create(f.ticket("Scanner"), agent);
  f.tickets->set_status(kept.number, "resolved", agent);
  f.tickets->set_status(closed.number, "resolved", agent);
  f.settle();
  // The user answers on one ticket: it reopens, and its pending close no longer applies.
  f.now = start + 3 * 86400;
  f.tickets->add_message(kept.number, {"Still broken.", "text", {}}, Actor{Actor::Kind::user, "1", "Ada", {}});
  f.settle();
  f.now = start + 7 * 86400 - 1;
  EXPECT_EQ(scheduler.run_due(), 0);
  f.now = start + 7 * 86400;
  EXPECT_EQ(scheduler.run_due(), 2);
  f.settle();
  EXPECT_EQ(f.tickets->get(closed.number)->ticket.state, "closed");
  EXPECT_EQ(f.tickets->get(kept.number)->ticket.state, "open");
}

}  // namespace
