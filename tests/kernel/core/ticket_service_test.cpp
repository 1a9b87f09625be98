#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include <helpdesk/error.hpp>

#include "core_fixture.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;
using namespace helpdesk::kernel::testing;

namespace {

const Actor agent{Actor::Kind::agent, "7", "Grace", {}};

int status_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.status();
  }
  return 0;
}

std::vector<std::pair<std::string, std::string>> audit_rows(SqliteDatabase& db, std::int64_t ticket_id) {
  std::vector<std::pair<std::string, std::string>> rows;
  db.read([&](Sql& sql) {
    for (const auto& r : sql.query("SELECT action, actor_name FROM audit_log WHERE entity = 'ticket' AND entity_id = ? "
                                   "ORDER BY id",
                                   {ticket_id}))
      rows.emplace_back(r.text(0), r.text(1));
  });
  return rows;
}

TEST(TicketService, CreateAssignsSequentialNumbersAndDefaults) {
  CoreFixture f;
  const auto a = f.tickets->create(f.ticket(), agent);
  const auto b = f.tickets->create(f.ticket(), agent);
  EXPECT_EQ(a.number, "000001");
  EXPECT_EQ(b.number, "000002");
  EXPECT_EQ(a.status, "open");
  EXPECT_EQ(a.state, "open");
  EXPECT_EQ(a.priority, "normal");
  EXPECT_EQ(a.department, "support");
  EXPECT_EQ(a.requester.email, "ada@example.com");
  EXPECT_EQ(a.requester.id, b.requester.id) << "the same email is the same user";

  auto detail = f.tickets->get(a.number);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->ticket.subject, "Printer jammed");
  ASSERT_EQ(detail->thread.size(), 1u);
  EXPECT_EQ(detail->thread[0].kind, "message");
  EXPECT_EQ(detail->thread[0].body, "It jams on page 2.");
  EXPECT_EQ(audit_rows(*f.db, a.id), (std::vector<std::pair<std::string, std::string>>{{"create", "Grace"}}));
}

TEST(TicketService, NumberFormatIsConfigurableAndGrowsPastItsWidth) {
  auto config = small_config();
  config.tickets.number_format = "HD-##";
  CoreFixture f(config);
  for (int i = 1; i <= 99; ++i) f.tickets->create(f.ticket(), agent);
  EXPECT_EQ(f.tickets->create(f.ticket(), agent).number, "HD-100");
  EXPECT_TRUE(f.tickets->get("HD-05"));
}

TEST(TicketService, TopicDecidesDepartmentPriorityAndForm) {
  CoreFixture f;
  auto in = f.ticket();
  in.topic_id = 12;  // child of access: inherits department, priority and form
  in.fields = {{"system", "vpn"}, {"count", 3}, {"unknown", "x"}};
  const auto t = f.tickets->create(in, agent);
  EXPECT_EQ(t.topic, "access.vpn");
  EXPECT_EQ(t.department, "it");
  EXPECT_EQ(t.priority, "high");
  EXPECT_EQ(t.fields["system"], "vpn");
  EXPECT_EQ(t.fields["count"], "3");
  EXPECT_FALSE(t.fields.contains("unknown"));

  in.fields = {{"count", 3}};
  EXPECT_EQ(status_of([&] { f.tickets->create(in, agent); }), 400) << "system is required";
  in.fields = {{"system", "fax"}};
  EXPECT_EQ(status_of([&] { f.tickets->create(in, agent); }), 400) << "not a choice";
  in.fields = {{"system", "vpn"}, {"count", "many"}};
  EXPECT_EQ(status_of([&] { f.tickets->create(in, agent); }), 400) << "not a number";
}

TEST(TicketService, InvalidInputIsRefusedAndStoresNothing) {
  CoreFixture f;
  auto no_subject = f.ticket("");
  EXPECT_EQ(status_of([&] { f.tickets->create(no_subject, agent); }), 400);
  auto bad_email = f.ticket();
  bad_email.requester.email = "nobody";
  EXPECT_EQ(status_of([&] { f.tickets->create(bad_email, agent); }), 400);
  auto bad_priority = f.ticket();
  bad_priority.priority = "urgent!!";
  EXPECT_EQ(status_of([&] { f.tickets->create(bad_priority, agent); }), 400);
  auto bad_topic = f.ticket();
  bad_topic.topic_id = 99;
  EXPECT_EQ(status_of([&] { f.tickets->create(bad_topic, agent); }), 400);
  EXPECT_TRUE(f.tickets->list({}).items.empty());
}

TEST(TicketService, AttachmentsAreContentAddressedAndReadBack) {
  CoreFixture f;
  auto in = f.ticket();
  const std::string bytes("\x00\x01\x02binary\xff", 10);
  in.attachments = {{"a.bin", "application/octet-stream", bytes}, {"b.bin", "", bytes}};
  const auto t = f.tickets->create(in, agent);
  auto d = f.tickets->get(t.number);
  ASSERT_EQ(d->thread[0].attachments.size(), 2u);
  const auto& a = d->thread[0].attachments[0];
  EXPECT_EQ(a.size, 10);
  EXPECT_EQ(a.sha256, d->thread[0].attachments[1].sha256);
  EXPECT_EQ(d->thread[0].attachments[1].content_type, "application/octet-stream");
  EXPECT_EQ(f.tickets->attachment_data(a.id), bytes);
  EXPECT_TRUE(std::filesystem::exists(f.dir() / "attachments" / a.sha256.substr(0, 2) / a.sha256.substr(2, 2) / a.sha256));
}

TEST(TicketService, LifecycleChangesAreAuditedAndPublished) {
  CoreFixture f;
  std::mutex m;
  std::vector<std::string> seen;
  f.bus->subscribe("*", [&](const Event& e) {
    std::lock_guard lock(m);
    seen.push_back(e.name);
  }, "test");
  std::int64_t agent_id = 0;
  f.db->write([&](Sql& sql) {
    sql.exec("INSERT INTO agents (email, name, department_key, created_at) VALUES ('g@example.com', 'Grace', 'it', 0)");
    agent_id = sql.last_insert_id();
  });
  const auto t = f.tickets->create(f.ticket(), agent);
  f.now += 60;
  auto assigned = f.tickets->assign(t.number, agent_id, "level-2", agent);
  EXPECT_EQ(assigned.assignee, "Grace");
  EXPECT_EQ(assigned.team, "level-2");
  EXPECT_EQ(assigned.updated_at, f.now);
  EXPECT_EQ(f.tickets->transfer(t.number, "it", agent).department, "it");
  f.tickets->reply(t.number, {"We are on it.", "text", {}}, agent);
  f.tickets->note(t.number, {"Probably the fuser.", "text", {}}, agent);
  EXPECT_EQ(f.tickets->set_status(t.number, "resolved", agent).state, "resolved");
  // The requester writes again: a finished ticket reopens.
  f.tickets->add_message(t.number, {"Still jams.", "text", {}}, Actor{Actor::Kind::user, "1", "Ada", {}});
  EXPECT_EQ(f.tickets->get(t.number)->ticket.status, "open");
  const auto closed = f.tickets->close(t.number, agent);
  EXPECT_EQ(closed.state, "closed");
  EXPECT_EQ(closed.closed_at, f.now);
  EXPECT_EQ(status_of([&] { f.tickets->close(t.number, agent); }), 409);
  EXPECT_EQ(f.tickets->reopen(t.number, agent).state, "open");
  EXPECT_EQ(status_of([&] { f.tickets->reopen(t.number, agent); }), 409);

  EXPECT_EQ(status_of([&] { f.tickets->assign(t.number, 999, "", agent); }), 400);
  EXPECT_EQ(status_of([&] { f.tickets->transfer(t.number, "mars", agent); }), 400);
  EXPECT_EQ(status_of([&] { f.tickets->set_status(t.number, "limbo", agent); }), 400);
  EXPECT_EQ(status_of([&] { f.tickets->reply("424242", {"x", "text", {}}, agent); }), 404);
  EXPECT_EQ(status_of([&] { f.tickets->reply(t.number, {"", "text", {}}, agent); }), 400);

  const auto detail = f.tickets->get(t.number);
  std::vector<std::string> kinds;
  for (const auto& e : detail->thread) kinds.push_back(e.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"message", "response", "note", "message"}));

  std::vector<std::string> actions;
  for (const auto& [action, who] : audit_rows(*f.db, t.id)) actions.push_back(action);
  EXPECT_EQ(actions, (std::vector<std::string>{"create", "assign", "transfer", "reply", "note", "status", "reply",
                                               "close", "reopen"}));

  f.bus->flush();
  std::lock_guard lock(m);
  auto count = [&](const std::string& n) { return std::count(seen.begin(), seen.end(), n); };
  EXPECT_EQ(count("ticket.created"), 1);
  EXPECT_EQ(count("ticket.assigned"), 1);
  EXPECT_EQ(count("ticket.transferred"), 1);
  EXPECT_EQ(count("ticket.replied"), 2);
  EXPECT_EQ(count("ticket.noted"), 1);
  EXPECT_EQ(count("ticket.closed"), 1);
  EXPECT_EQ(count("ticket.reopened"), 2);  // by the requester's message, then explicitly
}

TEST(TicketService, ListFiltersSortsAndPagesByKeyset) {
  CoreFixture f;
  for (int i = 0; i < 10; ++i) {
    auto in = f.ticket("t" + std::to_string(i));
    in.priority = i % 2 ? "high" : "low";
    if (i == 9) in.requester.email = "other@example.com";
    f.now += 1;
    f.tickets->create(in, agent);
  }
  TicketQuery q;
  q.limit = 4;
  std::vector<std::string> numbers;
  for (;;) {
    auto page = f.tickets->list(q);
    for (const auto& t : page.items) numbers.push_back(t.number);
    if (page.next_cursor.empty()) break;
    q.cursor = page.next_cursor;
  }
  ASSERT_EQ(numbers.size(), 10u);
  EXPECT_EQ(numbers.front(), "000010") << "newest first by default";
  EXPECT_EQ(numbers.back(), "000001");

  TicketQuery high;
  high.priority = "high";
  high.limit = 100;
  EXPECT_EQ(f.tickets->list(high).items.size(), 5u);
  TicketQuery by_priority;
  by_priority.sort = "priority";
  by_priority.limit = 100;
  EXPECT_EQ(f.tickets->list(by_priority).items.front().priority, "high");
  TicketQuery requester;
  requester.requester_email = "other@example.com";
  EXPECT_EQ(f.tickets->list(requester).items.size(), 1u);
  TicketQuery open;
  open.state = "open";
  open.limit = 100;
  EXPECT_EQ(f.tickets->list(open).items.size(), 10u);
  TicketQuery asc;
  asc.descending = false;
  asc.limit = 1;
  EXPECT_EQ(f.tickets->list(asc).items.front().number, "000001");

  TicketQuery bad;
  bad.cursor = "x.y";
  EXPECT_EQ(status_of([&] { f.tickets->list(bad); }), 400);
  bad = {};
  bad.limit = 101;
  EXPECT_EQ(status_of([&] { f.tickets->list(bad); }), 400);
}

TEST(TicketService, ConcurrentCreatesGetUniqueNumbers) {
  CoreFixture f;
  std::vector<std::thread> threads;
  std::mutex m;
  std::set<std::string> numbers;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto n = f.tickets->create(f.ticket(), agent).number;
        std::lock_guard lock(m);
        numbers.insert(n);
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(numbers.size(), 200u);
}

}  // namespace
