// The trigger engine: actions recorded (not applied), read fields and the event table, only the
// triggers subscribed to the event run, a trigger skips its own changes, failures discard.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kernel/rules/trigger_engine.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;

namespace {

class TriggerEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("trigger_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "lib");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  TriggerScriptConfig script(const std::string& name, const std::string& source, std::vector<std::string> events) {
    const auto file = dir_ / (name + ".lua");
    std::ofstream(file) << source;
    return {name, file, std::move(events)};
  }

  TriggerEngine engine(std::vector<TriggerScriptConfig> scripts) {
    TriggerVocabulary v;
    v.base.departments = {"support", "it"};
    v.base.teams = {"level-2"};
    v.base.priorities = {"low", "normal", "high"};
    v.base.priority_names = {{"low", "low"}, {"normal", "normal"}, {"high", "high"}};
    v.statuses = {"open", "resolved", "closed"};
    return TriggerEngine(std::move(scripts), LuaLimits{}, dir_ / "lib", v);
  }

  static Ticket ticket() {
    Ticket t;
    t.number = "100042";
    t.subject = "Printer jammed";
    t.status = "open";
    t.state = "open";
    t.priority = "normal";
    t.department = "support";
    t.requester = {0, "Ada", "Ada@Example.COM", ""};
    t.tags = {"printer"};
    t.sla_plan = "fast";
    return t;
  }

  static TriggerEvent event(const std::string& name = "ticket.replied") {
    return {name, "user", "12", "Ada", {{"kind", "message"}, {"body", "still broken"}}};
  }

  std::filesystem::path dir_;
};

TEST_F(TriggerEngineTest, RecordsActionsInOrder) {
  auto e = engine({script("all", R"(
    return function(ticket, event)
      ticket:set_status("resolved")
      ticket:set_priority("High")
      ticket:set_department("it")
      ticket:set_team("level-2")
      ticket:set_agent("Grace@Example.com")
      ticket:add_note("noted")
      ticket:reply("hello")
      ticket:add_tag("VIP")
      ticket:remove_tag("printer")
      ticket:close()
      ticket:reopen()
    end)", {"ticket.replied"})});
  EXPECT_TRUE(e.check().empty());
  const auto r = e.run(ticket(), event());
  EXPECT_TRUE(r.failures.empty());
  std::vector<std::string> got;
  for (const auto& a : r.actions) got.push_back(a.action + "=" + (a.value.is_string() ? a.value.get<std::string>() : ""));
  EXPECT_EQ(got, (std::vector<std::string>{"set_status=resolved", "set_priority=high", "set_department=it",
                                           "set_team=level-2", "set_agent=grace@example.com", "add_note=noted",
                                           "reply=hello", "add_tag=vip", "remove_tag=printer", "close=", "reopen="}));
  EXPECT_EQ(r.actions[0].script, "all");
}

TEST_F(TriggerEngineTest, ReadsTicketFieldsAndEvent) {
  auto e = engine({script("read", R"(
    return function(ticket, event)
      local parts = { ticket.number, ticket.subject, ticket.status, ticket.state, ticket.priority,
                      ticket.department, ticket.requester.email, ticket.requester.domain, ticket.sla_plan,
                      ticket.tags[1], tostring(ticket:has_tag("PRINTER")), tostring(ticket.team),
                      event.name, event.actor_kind, event.actor_id, event.data.body }
      ticket:add_note(table.concat(parts, "|"))
    end)", {"ticket.replied"})});
  const auto r = e.run(ticket(), event());
  ASSERT_EQ(r.actions.size(), 1u) << (r.failures.empty() ? "" : r.failures[0].message);
  EXPECT_EQ(r.actions[0].value, "100042|Printer jammed|open|open|normal|support|Ada@Example.COM|example.com|fast|"
                                "printer|true|nil|ticket.replied|user|12|still broken");
}

TEST_F(TriggerEngineTest, OnlySubscribedTriggersRunAndNeverOnTheirOwnChanges) {
  auto e = engine({script("a", "return function(t) t:add_note('a') end", {"ticket.replied"}),
                   script("b", "return function(t) t:add_note('b') end", {"ticket.updated", "ticket.replied"})});
  EXPECT_EQ(e.events(), (std::set<std::string>{"ticket.replied", "ticket.updated"}));
  EXPECT_EQ(e.run(ticket(), event("ticket.updated")).ran, (std::vector<std::string>{"b"}));
  auto own = event("ticket.replied");
  own.actor_id = trigger_actor_id("a");
  EXPECT_EQ(e.run(ticket(), own).ran, (std::vector<std::string>{"b"}));
  EXPECT_EQ(e.run(ticket(), event("sla.breached")).ran.size(), 0u);
}

TEST_F(TriggerEngineTest, AFailingScriptHasItsActionsDiscarded) {
  auto e = engine({script("bad", R"(
    return function(ticket)
      ticket:add_note("before the error")
      ticket:set_status("nonsense")
    end)", {"ticket.replied"}),
                   script("good", "return function(t) t:add_tag('ok') end", {"ticket.replied"})});
  const auto r = e.run(ticket(), event());
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].script, "bad");
  EXPECT_EQ(r.failures[0].line, 4);
  EXPECT_NE(r.failures[0].message.find("unknown status 'nonsense'"), std::string::npos) << r.failures[0].message;
  ASSERT_EQ(r.actions.size(), 1u);
  EXPECT_EQ(r.actions[0].action, "add_tag");
}

TEST_F(TriggerEngineTest, StopEndsTheChainAndFieldsAreReadOnly) {
  auto e = engine({script("first", "return function(t) t:add_tag('x'); t:stop() end", {"ticket.replied"}),
                   script("second", "return function(t) t:add_tag('y') end", {"ticket.replied"}),
                   script("writer", "return function(t) t.status = 'closed' end", {"ticket.updated"}),
                   script("syntax", "return function(t", {"ticket.updated"})});
  const auto r = e.run(ticket(), event());
  EXPECT_EQ(r.stopped_by, "first");
  EXPECT_EQ(r.actions.size(), 2u);
  const auto w = e.run(ticket(), event("ticket.updated"));
  EXPECT_EQ(w.failures.size(), 2u);
  EXPECT_TRUE(w.actions.empty());
  EXPECT_EQ(e.check().size(), 1u);
}

TEST_F(TriggerEngineTest, AfterRecordsADeferredActionAndRefusesBadOnes) {
  const auto e = engine({script("later", R"(
    return function(t)
      t:after(7 * 86400, "close")
      t:after(3600, "set_status", "resolved")
      t:after(3600, "set_priority", "HIGH")
      t:after(600, "add_note", "Still waiting?")
    end)", {"ticket.status_changed"})});
  Ticket t;
  t.number = "000001";
  const auto r = e.run(t, TriggerEvent{"ticket.status_changed", "agent", "7", "Grace", {}});
  ASSERT_TRUE(r.failures.empty()) << r.failures[0].message;
  ASSERT_EQ(r.actions.size(), 4u);
  EXPECT_EQ(r.actions[0].action, "after");
  EXPECT_EQ(r.actions[0].value, (nlohmann::json{{"seconds", 604800}, {"action", "close"}}));
  EXPECT_EQ(r.actions[1].value["value"], "resolved");
  EXPECT_EQ(r.actions[2].value["value"], "high");
  EXPECT_EQ(r.actions[3].value["value"], "Still waiting?");
  for (const auto& [call, expected] : std::vector<std::pair<std::string, std::string>>{
           {"t:after(5, 'close')", "between 60 seconds and 366 days"},
           {"t:after('soon', 'close')", "must be a number of seconds"},
           {"t:after(3600, 'delete')", "cannot defer 'delete'"},
           {"t:after(3600, 'set_status', 'limbo')", "unknown status 'limbo'"},
           {"t:after(3600, 'set_priority', 'urgent')", "unknown priority 'urgent'"},
           {"t:after(3600, 'add_note', '')", "1 byte to 64 KiB"}}) {
    const auto bad = engine({script("bad", "return function(t)\n" + call + "\nend", {"ticket.updated"})});
    const auto br = bad.run(t, TriggerEvent{"ticket.updated", "agent", "7", "Grace", {}});
    ASSERT_EQ(br.failures.size(), 1u) << call;
    EXPECT_EQ(br.failures[0].line, 2) << call;
    EXPECT_NE(br.failures[0].message.find(expected), std::string::npos) << call << ": " << br.failures[0].message;
    EXPECT_TRUE(br.actions.empty());
  }
}

}  // namespace
