// The filter chain: every ticket field, action and helper; validation; reject and stop; failing
// scripts discarded while the chain goes on; stale handles; threads; check().
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kernel/rules/filter_engine.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;

namespace {

const std::filesystem::path kScripts = std::filesystem::path(HELPDESK_SOURCE_DIR) / "tests/kernel/rules/scripts";

FilterVocabulary vocabulary() {
  FilterVocabulary v;
  v.departments = {"support", "billing", "it"};
  v.teams = {"tier1", "tier2"};
  v.topics = {"general", "vpn"};
  v.priorities = {"low", "normal", "high", "critical"};
  v.priority_names = {
      {"low", "low"}, {"normal", "normal"}, {"medium", "normal"}, {"high", "high"}, {"critical", "critical"}};
  v.sla_plans = {"standard", "premium"};
  return v;
}

FilterTicket sample_ticket() {
  FilterTicket t;
  t.ticket.requester = Person{0, "Ann Example", "Ann@Mail.Acme.com", "+1 555 0100"};
  t.ticket.subject = "VPN is down again";
  t.ticket.body = "Since this morning the server down message shows for everyone.";
  t.ticket.source = "Email";
  t.ticket.ip = "192.0.2.7";
  t.ticket.topic = "general";
  t.ticket.topic_id = 7;
  t.ticket.priority = "Normal";
  t.ticket.department = "support";
  t.ticket.fields = {{"asset", "LT-42"}, {"floor", 3}, {"remote", true}};
  t.channel = "email";
  t.headers = {{"subject", "VPN is down again"}, {"x-priority", "1"}};
  t.organization = "Acme";
  t.tags = {"inbound"};
  return t;
}

class FilterEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("filter_test_" + std::to_string(::getpid()) + "_" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A script written to a temp file; `name` is also its file name.
  FilterScriptConfig script(const std::string& name, const std::string& source) {
    const auto file = dir_ / (name + ".lua");
    std::ofstream(file) << source;
    return FilterScriptConfig{name, file};
  }

  static FilterScriptConfig fixture(const std::string& name) { return {name, kScripts / (name + ".lua")}; }

  FilterEngine engine(std::vector<FilterScriptConfig> scripts, LuaLimits limits = {}) {
    return FilterEngine(std::move(scripts), limits, kScripts / "lib", vocabulary());
  }

  // Runs one filter whose body is `body` (the function's body, `ticket` in scope).
  FilterResult run_body(const std::string& body, FilterTicket ticket = sample_ticket()) {
    return engine({script("f", "return function(ticket)\n" + body + "\nend\n")}).run(std::move(ticket));
  }

  // The value a filter body computes in `expression`, through set_field("out", tostring(…)).
  std::string eval(const std::string& expression) {
    const auto result = run_body("ticket:set_field('out', tostring(" + expression + "))");
    if (!result.failures.empty()) return "failure: " + result.failures[0].message;
    return result.ticket.ticket.fields.value("out", std::string("(unset)"));
  }

  // The first failure's message of a filter body.
  std::string failure_of(const std::string& body) {
    const auto result = run_body(body);
    return result.failures.empty() ? "(no failure)" : result.failures[0].message;
  }

  std::filesystem::path dir_;
};

// ---- reading the ticket ----

TEST_F(FilterEngineTest, ReadsTextFields) {
  EXPECT_EQ(eval("ticket.subject"), "VPN is down again");
  EXPECT_EQ(eval("ticket.body"), "Since this morning the server down message shows for everyone.");
  EXPECT_EQ(eval("ticket.body_format"), "text");
  EXPECT_EQ(eval("ticket.channel"), "email");
  EXPECT_EQ(eval("ticket.source"), "Email");
  EXPECT_EQ(eval("ticket.ip"), "192.0.2.7");
  EXPECT_EQ(eval("ticket.organization"), "Acme");
}

TEST_F(FilterEngineTest, ReadsAssignmentFields) {
  EXPECT_EQ(eval("ticket.topic"), "general");
  EXPECT_EQ(eval("ticket.topic_id"), "7");
  EXPECT_EQ(eval("ticket.department"), "support");
  EXPECT_EQ(eval("ticket.team"), "nil");
  EXPECT_EQ(eval("ticket.agent"), "nil");
  EXPECT_EQ(eval("ticket.sla_plan"), "nil");
}

TEST_F(FilterEngineTest, ReadsPriorityAsItsKey) {
  EXPECT_EQ(eval("ticket.priority"), "normal");  // stored as the name "Normal"
}

TEST_F(FilterEngineTest, ReadsTheRequester) {
  EXPECT_EQ(eval("ticket.requester.name"), "Ann Example");
  EXPECT_EQ(eval("ticket.requester.email"), "Ann@Mail.Acme.com");
  EXPECT_EQ(eval("ticket.requester.domain"), "mail.acme.com");
  EXPECT_EQ(eval("ticket.requester.phone"), "+1 555 0100");
}

TEST_F(FilterEngineTest, ReadsHeadersByLowerCaseName) {
  EXPECT_EQ(eval("ticket.headers['X-Priority']"), "1");
  EXPECT_EQ(eval("ticket.headers.subject"), "VPN is down again");
  EXPECT_EQ(eval("ticket.headers['received']"), "nil");
}

TEST_F(FilterEngineTest, ReadsFieldsAsATableCopy) {
  EXPECT_EQ(eval("ticket.fields.asset .. ticket.fields.floor .. tostring(ticket.fields.remote)"), "LT-423true");
  EXPECT_EQ(eval("(function() local f = ticket.fields f.asset = 'x' return ticket.fields.asset end)()"), "LT-42");
}

TEST_F(FilterEngineTest, ReadsTagsAsAListCopy) {
  EXPECT_EQ(eval("#ticket.tags .. ticket.tags[1]"), "1inbound");
  EXPECT_EQ(eval("(function() table.insert(ticket.tags, 'x') return #ticket.tags end)()"), "1");
}

TEST_F(FilterEngineTest, UnknownFieldIsAnError) {
  EXPECT_EQ(failure_of("local s = ticket.subjcet"), "f.lua:2: ticket has no field 'subjcet'");
}

TEST_F(FilterEngineTest, FieldsAreReadOnly) {
  EXPECT_EQ(failure_of("ticket.department = 'it'"),
            "f.lua:2: ticket fields are read-only: change them with the ticket:set_…() methods");
}

TEST_F(FilterEngineTest, TicketPrintsAsTicket) { EXPECT_EQ(eval("ticket"), "ticket"); }

// ---- actions ----

TEST_F(FilterEngineTest, SetDepartment) {
  const auto result = run_body("ticket:set_department('billing')");
  EXPECT_EQ(result.ticket.ticket.department, "billing");
  ASSERT_EQ(result.steps.size(), 1u);
  EXPECT_EQ(result.steps[0].script, "f");
  EXPECT_EQ(result.steps[0].action, "set_department");
  EXPECT_EQ(result.steps[0].value, "billing");
}

TEST_F(FilterEngineTest, SetDepartmentRefusesAnUnknownOne) {
  EXPECT_EQ(failure_of("ticket:set_department('sales')"), "f.lua:2: set_department: unknown department 'sales'");
}

TEST_F(FilterEngineTest, SetTeam) {
  EXPECT_EQ(run_body("ticket:set_team('tier2')").ticket.team, "tier2");
  EXPECT_EQ(failure_of("ticket:set_team('tier9')"), "f.lua:2: set_team: unknown team 'tier9'");
}

TEST_F(FilterEngineTest, SetAgentLowerCasesTheEmail) {
  EXPECT_EQ(run_body("ticket:set_agent('Bob@Example.com')").ticket.agent, "bob@example.com");
  EXPECT_EQ(failure_of("ticket:set_agent('bob')"), "f.lua:2: set_agent: invalid agent email 'bob'");
}

TEST_F(FilterEngineTest, SetTopicReplacesTheTopicId) {
  const auto result = run_body("ticket:set_topic('vpn')");
  EXPECT_EQ(result.ticket.ticket.topic, "vpn");
  EXPECT_FALSE(result.ticket.ticket.topic_id);
  EXPECT_EQ(failure_of("ticket:set_topic('printers')"), "f.lua:2: set_topic: unknown topic 'printers'");
}

TEST_F(FilterEngineTest, SetPriorityTakesAKeyOrANameInAnyCase) {
  EXPECT_EQ(run_body("ticket:set_priority('high')").ticket.ticket.priority, "high");
  EXPECT_EQ(run_body("ticket:set_priority('Critical')").ticket.ticket.priority, "critical");
  EXPECT_EQ(run_body("ticket:set_priority('MEDIUM')").ticket.ticket.priority, "normal");
  EXPECT_EQ(failure_of("ticket:set_priority('urgent')"), "f.lua:2: set_priority: unknown priority 'urgent'");
}

TEST_F(FilterEngineTest, SetSla) {
  EXPECT_EQ(run_body("ticket:set_sla('premium')").ticket.sla_plan, "premium");
  EXPECT_EQ(failure_of("ticket:set_sla('gold')"), "f.lua:2: set_sla: unknown SLA plan 'gold'");
}

TEST_F(FilterEngineTest, SetFieldTakesStringsNumbersBooleansAndNil) {
  const auto result = run_body(
      "ticket:set_field('a', 'text') ticket:set_field('b', 42) ticket:set_field('c', 1.5)\n"
      "ticket:set_field('d', false) ticket:set_field('asset', nil)");
  const auto& fields = result.ticket.ticket.fields;
  EXPECT_EQ(fields["a"], "text");
  EXPECT_EQ(fields["b"], 42);
  EXPECT_EQ(fields["c"], 1.5);
  EXPECT_EQ(fields["d"], false);
  EXPECT_FALSE(fields.contains("asset"));
  EXPECT_EQ(result.steps[1].value, (nlohmann::json{{"key", "b"}, {"value", 42}}));
}

TEST_F(FilterEngineTest, SetFieldRefusesTablesAndBadKeys) {
  EXPECT_EQ(failure_of("ticket:set_field('a', {})"),
            "f.lua:2: set_field: value for 'a' must be a string, number, boolean or nil (got table)");
  EXPECT_EQ(failure_of("ticket:set_field('a b', 1)"),
            "f.lua:2: set_field: invalid field key 'a b' (letters, digits, _ . -; at most 64)");
}

TEST_F(FilterEngineTest, AddTagLowerCases) {
  const auto result = run_body("ticket:add_tag('VIP') ticket:add_tag('sla:breach-risk')");
  EXPECT_EQ(result.ticket.tags, (std::set<std::string>{"inbound", "vip", "sla:breach-risk"}));
}

TEST_F(FilterEngineTest, AddTagRefusesBadTags) {
  EXPECT_EQ(failure_of("ticket:add_tag('two words')"),
            "f.lua:2: add_tag: invalid tag 'two words' (a-z, 0-9 and _ . : -; at most 64 characters)");
  EXPECT_NE(failure_of("ticket:add_tag(string.rep('a', 65))").find("add_tag: invalid tag"), std::string::npos);
}

TEST_F(FilterEngineTest, RemoveTag) { EXPECT_TRUE(run_body("ticket:remove_tag('Inbound')").ticket.tags.empty()); }

TEST_F(FilterEngineTest, HasTag) {
  EXPECT_EQ(eval("ticket:has_tag('INBOUND')"), "true");
  EXPECT_EQ(eval("ticket:has_tag('vip')"), "false");
  EXPECT_EQ(eval("(function() ticket:add_tag('vip') return ticket:has_tag('vip') end)()"), "true");
}

TEST_F(FilterEngineTest, AutoReply) {
  const auto result = run_body("ticket:auto_reply('Thanks, we are on it.')");
  EXPECT_EQ(result.auto_replies, (std::vector<std::string>{"Thanks, we are on it."}));
  EXPECT_EQ(failure_of("ticket:auto_reply('')"), "f.lua:2: auto_reply: the text is empty");
}

TEST_F(FilterEngineTest, MethodsMustBeCalledWithAColon) {
  EXPECT_EQ(failure_of("ticket.add_tag('x')"), "f.lua:2: add_tag: call it as ticket:add_tag(…)");
}

TEST_F(FilterEngineTest, ALoopOfActionsEnds) {
  const auto result = run_body("for i = 1, 1e6 do ticket:add_tag('x') end");
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_TRUE(result.steps.empty());
}

// ---- chain semantics ----

TEST_F(FilterEngineTest, RejectEndsTheChain) {
  auto e = engine({script("a", "return function(t) t:add_tag('seen') t:reject('spam') end"),
                   script("b", "return function(t) t:add_tag('late') end")});
  const auto result = e.run(sample_ticket());
  EXPECT_TRUE(result.rejected);
  EXPECT_EQ(result.reject_reason, "spam");
  EXPECT_EQ(result.rejected_by, "a");
  EXPECT_EQ(result.ticket.tags.count("late"), 0u);
  EXPECT_EQ(result.steps.back().action, "reject");
}

TEST_F(FilterEngineTest, StopEndsTheChainAndKeepsTheChanges) {
  auto e = engine({script("a", "return function(t) t:set_team('tier1') t:stop() end"),
                   script("b", "return function(t) t:set_team('tier2') end")});
  const auto result = e.run(sample_ticket());
  EXPECT_FALSE(result.rejected);
  EXPECT_EQ(result.stopped_by, "a");
  EXPECT_EQ(result.ticket.team, "tier1");
}

TEST_F(FilterEngineTest, LaterScriptsSeeEarlierChanges) {
  auto e = engine({script("a", "return function(t) t:set_department('it') end"),
                   script("b", "return function(t) if t.department == 'it' then t:add_tag('routed') end end")});
  EXPECT_EQ(e.run(sample_ticket()).ticket.tags.count("routed"), 1u);
}

TEST_F(FilterEngineTest, AFailingScriptsChangesAreDiscardedAndTheChainGoesOn) {
  auto e = engine({fixture("raises"), script("after", "return function(t) t:add_tag('after') end")});
  const auto result = e.run(sample_ticket());
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].script, "raises");
  EXPECT_EQ(result.failures[0].kind, "error");
  EXPECT_EQ(result.failures[0].line, 5);
  EXPECT_EQ(result.failures[0].message, "raises.lua:5: lookup failed");
  EXPECT_EQ(result.ticket.team, "");
  EXPECT_TRUE(result.auto_replies.empty());
  ASSERT_EQ(result.steps.size(), 1u);
  EXPECT_EQ(result.steps[0].script, "after");
  EXPECT_EQ(result.ticket.tags.count("after"), 1u);
}

TEST_F(FilterEngineTest, AFailureIsLoggedWithFileAndLine) {
  auto e = engine({fixture("raises")});
  e.run(sample_ticket());  // the "rules" logger exists from here on
  std::ostringstream out;
  auto logger = spdlog::get("rules");
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out);
  sink->set_pattern("%n %l %v");
  logger->sinks().push_back(sink);
  e.run(sample_ticket());
  logger->sinks().pop_back();
  EXPECT_EQ(out.str(),
            "rules warning filter 'raises' failed (error), its changes are discarded: raises.lua:5: lookup failed\n");
}

TEST_F(FilterEngineTest, ABudgetExhaustingScriptIsReportedAndTheChainGoesOn) {
  auto e = engine({fixture("runaway"), script("after", "return function(t) t:add_tag('after') end")});
  const auto result = e.run(sample_ticket());
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].kind, "budget");
  EXPECT_EQ(result.failures[0].line, 4);
  EXPECT_EQ(result.ticket.ticket.department, "support");
  EXPECT_EQ(result.ticket.tags.count("after"), 1u);
}

TEST_F(FilterEngineTest, AMemoryExhaustingScriptIsReportedAndTheChainGoesOn) {
  auto e = engine({fixture("memory_hog"), script("after", "return function(t) t:add_tag('after') end")});
  const auto result = e.run(sample_ticket());
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].kind, "memory");
  EXPECT_EQ(result.ticket.tags.count("hog"), 0u);
  EXPECT_EQ(result.ticket.tags.count("after"), 1u);
}

TEST_F(FilterEngineTest, ABrokenScriptIsReportedOnEveryRunAndTheOthersRun) {
  auto e = engine({fixture("syntax_error"), script("after", "return function(t) t:add_tag('after') end")});
  for (int i = 0; i < 2; ++i) {
    const auto result = e.run(sample_ticket());
    ASSERT_EQ(result.failures.size(), 1u);
    EXPECT_EQ(result.failures[0].kind, "syntax");
    EXPECT_EQ(result.ticket.tags.count("after"), 1u);
  }
}

TEST_F(FilterEngineTest, AStaleHandleIsAnError) {
  auto e = engine({script("keeper",
                          "local saved\n"
                          "return function(ticket)\n"
                          "  if saved then saved:add_tag('again') end\n"
                          "  saved = ticket\n"
                          "end\n")});
  EXPECT_TRUE(e.run(sample_ticket()).failures.empty());
  const auto second = e.run(sample_ticket());
  ASSERT_EQ(second.failures.size(), 1u);
  EXPECT_EQ(second.failures[0].message, "keeper.lua:3: ticket handle used after the filter returned");
}

TEST_F(FilterEngineTest, AStaleHandleCannotBeReadEither) {
  auto e = engine({script("keeper",
                          "local saved\n"
                          "return function(ticket)\n"
                          "  if saved then return saved.requester.email end\n"
                          "  saved = ticket\n"
                          "end\n")});
  e.run(sample_ticket());
  const auto second = e.run(sample_ticket());
  ASSERT_EQ(second.failures.size(), 1u);
  EXPECT_EQ(second.failures[0].message, "keeper.lua:3: ticket handle used after the filter returned");
}

TEST_F(FilterEngineTest, AScriptCannotReachAnotherScriptsTicket) {
  // `a` hides its handle in a table that `b` can reach through a shared module's nested table;
  // the handle is dead once `a` returns.
  auto e =
      engine({script("a", "local w = require('triage_words') return function(t) w.priorities.saved = t end"),
              script("b", "local w = require('triage_words') return function(t) w.priorities.saved:add_tag('x') end")});
  const auto result = e.run(sample_ticket());
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].message, "b.lua:1: ticket handle used after the filter returned");
}

TEST_F(FilterEngineTest, AShippedStyleChain) {
  auto e = engine({fixture("spam_guard"), fixture("keyword_triage"), fixture("vip_requesters")});
  const auto result = e.run(sample_ticket());
  EXPECT_TRUE(result.failures.empty()) << result.failures[0].message;
  EXPECT_FALSE(result.rejected);
  EXPECT_EQ(result.ticket.ticket.priority, "critical");  // "server down" beats "vpn"
  EXPECT_EQ(result.ticket.ticket.department, "it");
  EXPECT_EQ(result.ticket.ticket.topic, "vpn");
  EXPECT_EQ(result.ticket.sla_plan, "premium");
  EXPECT_EQ(result.ticket.team, "tier2");
  EXPECT_EQ(result.ticket.tags, (std::set<std::string>{"inbound", "auto-priority", "vip"}));

  FilterTicket spam = sample_ticket();
  spam.ticket.subject = "You are a LOTTERY WINNER";
  const auto rejected = e.run(spam);
  EXPECT_TRUE(rejected.rejected);
  EXPECT_EQ(rejected.reject_reason, "spam: lottery winner");
  EXPECT_EQ(rejected.rejected_by, "spam_guard");
}

// ---- helpers ----

TEST_F(FilterEngineTest, ContainsIgnoresCase) {
  EXPECT_EQ(eval("contains('VPN is down', 'vpn')"), "true");
  EXPECT_EQ(eval("contains('VPN is down', 'up')"), "false");
  EXPECT_EQ(eval("contains(nil, 'x')"), "false");
  EXPECT_EQ(eval("contains('a.b', '.')"), "true");  // plain, not a pattern
}

TEST_F(FilterEngineTest, ContainsAnyReturnsTheFirstNeedleFound) {
  EXPECT_EQ(eval("contains_any('Printer on fire', {'toner', 'FIRE', 'printer'})"), "FIRE");
  EXPECT_EQ(eval("contains_any('all good', {'toner', 'fire'})"), "nil");
  EXPECT_EQ(failure_of("contains_any('x', {'a', 2})"), "f.lua:2: contains_any: entry #2 of the list is not a string");
}

TEST_F(FilterEngineTest, MatchesUsesLuaPatterns) {
  EXPECT_EQ(eval("matches('Order #4521', '#%d+')"), "true");
  EXPECT_EQ(eval("matches('Order 4521', '^#')"), "false");
  EXPECT_EQ(failure_of("matches('x', '[a')"), "f.lua:2: malformed pattern (missing ']')");
}

TEST_F(FilterEngineTest, DomainInMatchesSubdomainsOnly) {
  EXPECT_EQ(eval("domain_in('ann@mail.ACME.com', {'acme.com'})"), "true");
  EXPECT_EQ(eval("domain_in('ann@acme.com', {'@acme.com'})"), "true");
  EXPECT_EQ(eval("domain_in('acme.com', 'acme.com')"), "true");
  EXPECT_EQ(eval("domain_in('ann@notacme.com', {'acme.com'})"), "false");
  EXPECT_EQ(eval("domain_in('ann@acme.com.evil.io', {'acme.com'})"), "false");
  EXPECT_EQ(eval("domain_in(nil, {'acme.com'})"), "false");
}

TEST_F(FilterEngineTest, KeywordsPrefersTheLongestKey) {
  EXPECT_EQ(eval("keywords('The SERVER DOWN again', {down = 'low', ['server down'] = 'critical'})"), "critical");
  EXPECT_EQ(eval("keywords('vpn broken', {vpn = 'high', broken = 'normal'})"), "normal");  // longer key wins
  EXPECT_EQ(eval("keywords('abc xyz', {abc = 'first', xyz = 'second'})"), "first");        // tie: alphabetical
}

TEST_F(FilterEngineTest, KeywordsMatchesWholeWords) {
  EXPECT_EQ(eval("keywords('my vpnclient crashed', {vpn = 'high'})"), "nil");
  EXPECT_EQ(eval("keywords('vpn.', {vpn = 'high'})"), "high");
  EXPECT_EQ(eval("keywords(nil, {vpn = 'high'})"), "nil");
}

TEST_F(FilterEngineTest, LowerLowerCases) { EXPECT_EQ(eval("lower('MiXeD Case')"), "mixed case"); }

TEST_F(FilterEngineTest, LogDoesNotFail) { EXPECT_TRUE(run_body("log('seen', ticket.subject)").failures.empty()); }

TEST_F(FilterEngineTest, SandboxRulesHoldInFilters) {
  EXPECT_EQ(failure_of("prnit(ticket.subject)"), "f.lua:2: undefined global 'prnit'");
  EXPECT_EQ(failure_of("io.open('/etc/passwd')"), "f.lua:2: undefined global 'io'");
}

// ---- threads ----

TEST_F(FilterEngineTest, ThreadsGetConsistentResults) {
  auto e = engine({fixture("spam_guard"), fixture("keyword_triage"), fixture("vip_requesters"), fixture("raises")});
  const FilterResult expected = e.run(sample_ticket());
  auto logger = spdlog::get("rules");
  const auto level = logger->level();
  logger->set_level(spdlog::level::err);  // 1600 copies of the same warning help nobody
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        const FilterResult r = e.run(sample_ticket());
        const bool same = r.ticket.ticket.priority == expected.ticket.ticket.priority &&
                          r.ticket.ticket.department == expected.ticket.ticket.department &&
                          r.ticket.sla_plan == expected.ticket.sla_plan && r.ticket.tags == expected.ticket.tags &&
                          r.steps.size() == expected.steps.size() && r.failures.size() == 1 &&
                          r.failures[0].message == expected.failures[0].message;
        if (!same) ++mismatches;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  logger->set_level(level);
  EXPECT_EQ(mismatches.load(), 0);
}

// ---- check() ----

TEST_F(FilterEngineTest, CheckIsEmptyWhenAllCompile) {
  EXPECT_TRUE(engine({fixture("keyword_triage"), fixture("spam_guard")}).check().empty());
}

TEST_F(FilterEngineTest, CheckReportsSyntaxErrorsWithTheirLine) {
  const auto failures = engine({fixture("keyword_triage"), fixture("syntax_error")}).check();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].script, "syntax_error");
  EXPECT_EQ(failures[0].kind, "syntax");
  EXPECT_EQ(failures[0].line, 3);
  EXPECT_EQ(failures[0].message, "syntax_error.lua:3: unexpected symbol near '='");
}

TEST_F(FilterEngineTest, CheckReportsAScriptThatReturnsNoFunction) {
  const auto failures = engine({fixture("not_a_function")}).check();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].message,
            "not_a_function.lua: the script must return a function (return function(ticket) … end)");
}

TEST_F(FilterEngineTest, CheckReportsAMissingFile) {
  const auto failures = engine({FilterScriptConfig{"ghost", dir_ / "ghost.lua"}}).check();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].kind, "error");
  EXPECT_NE(failures[0].message.find("ghost.lua: cannot read"), std::string::npos) << failures[0].message;
}

TEST_F(FilterEngineTest, CheckRunsTheChunkUnderTheBudget) {
  const auto failures = engine({script("spin", "while true do end return function() end")}).check();
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].kind, "budget");
}

TEST_F(FilterEngineTest, ScriptsListsTheConfiguration) {
  auto e = engine({fixture("keyword_triage"), fixture("spam_guard")});
  ASSERT_EQ(e.scripts().size(), 2u);
  EXPECT_EQ(e.scripts()[1].name, "spam_guard");
}

}  // namespace
