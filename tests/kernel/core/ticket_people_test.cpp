// Collaborators and the directory: adding people copied on a ticket (users created as needed,
// twice is a no-op, bad emails refused), and looking agents and users up by email.
#include <gtest/gtest.h>

#include <helpdesk/error.hpp>

#include "core_fixture.hpp"
#include "kernel/core/directory.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;
using namespace helpdesk::kernel::testing;

namespace {

const Actor agent{Actor::Kind::agent, "7", "Grace", {}};

TEST(Collaborators, AddListAndRefuse) {
  CoreFixture f;
  const auto t = f.tickets->create(f.ticket(), agent);
  EXPECT_TRUE(f.tickets->add_collaborator(t.number, {0, "Bob", "Bob@Example.com", ""}, agent));
  EXPECT_FALSE(f.tickets->add_collaborator(t.number, {0, "Bob again", "bob@example.com", ""}, agent));
  EXPECT_TRUE(f.tickets->add_collaborator(t.number, {0, "", "carol@example.com", ""}, agent));
  const auto people = f.tickets->collaborators(t.number);
  ASSERT_EQ(people.size(), 2u);
  EXPECT_EQ(people[0].email, "bob@example.com");
  EXPECT_EQ(people[0].name, "Bob");
  EXPECT_EQ(people[1].name, "carol");
  EXPECT_THROW(f.tickets->add_collaborator(t.number, {0, "X", "not-an-email", ""}, agent), Error);
  EXPECT_THROW(f.tickets->add_collaborator("999999", {0, "X", "x@example.com", ""}, agent), Error);
  EXPECT_THROW(f.tickets->collaborators("999999"), Error);
  KernelDirectory directory(*f.db);
  ASSERT_TRUE(directory.find_user("CAROL@example.com"));
  EXPECT_EQ(directory.find_user("carol@example.com")->id, people[1].id);
}

TEST(Directory, FindsActiveAgentsByEmailDepartmentAndTeam) {
  CoreFixture f;
  f.db->write([](Sql& sql) {
    sql.exec("INSERT INTO agents (id, email, name, department_key, created_at) VALUES "
             "(1, 'grace@example.com', 'Grace', 'support', 0), (2, 'linus@example.com', 'Linus', 'it', 0)");
    sql.exec("INSERT INTO agents (id, email, name, department_key, active, created_at) VALUES "
             "(3, 'gone@example.com', 'Gone', 'support', 0, 0)");
    sql.exec("INSERT INTO team_members (team_key, agent_id) VALUES ('level-2', 2), ('level-2', 3)");
  });
  KernelDirectory d(*f.db);
  ASSERT_TRUE(d.find_agent("Grace@Example.com"));
  EXPECT_EQ(d.find_agent("grace@example.com")->id, 1);
  EXPECT_FALSE(d.find_agent("gone@example.com")) << "inactive agents are not found";
  EXPECT_EQ(d.agent(2)->name, "Linus");
  EXPECT_EQ(d.department_agents("support").size(), 1u);
  const auto team = d.team_agents("level-2");
  ASSERT_EQ(team.size(), 1u);
  EXPECT_EQ(team[0].email, "linus@example.com");
  EXPECT_FALSE(d.find_user("nobody@example.com"));
}

TEST(Search, FindsWordsInSubjectsAndThreadsAndUsersSkipNotes) {
  CoreFixture f;
  const auto printer = f.tickets->create(f.ticket("Printer jammed on floor 2"), agent);
  auto vpn_input = f.ticket("VPN drops");
  vpn_input.body = "The tunnel to Zürich drops every hour.";
  const auto vpn = f.tickets->create(vpn_input, agent);
  f.tickets->note(printer.number, {"Vendor case ACME-4711, toner recall", "text", {}}, agent);
  auto numbers = [&](const std::string& text, Actor viewer = {}) {
    TicketQuery q;
    q.text = text;
    q.viewer = viewer;
    std::vector<std::string> out;
    for (const auto& t : f.tickets->list(q).items) out.push_back(t.number);
    return out;
  };
  EXPECT_EQ(numbers("printer"), std::vector<std::string>{printer.number});
  EXPECT_EQ(numbers("zurich"), std::vector<std::string>{vpn.number}) << "diacritics fold";
  EXPECT_EQ(numbers("tunnel hour"), std::vector<std::string>{vpn.number});
  EXPECT_TRUE(numbers("tunnel printer").empty()) << "every word must match";
  EXPECT_EQ(numbers("toner"), std::vector<std::string>{printer.number}) << "agents find notes";
  EXPECT_TRUE(numbers("\"OR\" NEAR( * toner").empty()) << "FTS syntax is quoted, never run";
  // The requester searches their own tickets, but never inside internal notes.
  const auto ada = f.tickets->get(printer.number)->ticket.requester;
  const Actor user{Actor::Kind::user, std::to_string(ada.id), "Ada", {}};
  EXPECT_TRUE(numbers("toner", user).empty());
  EXPECT_EQ(numbers("jammed", user), std::vector<std::string>{printer.number});
}

}  // namespace
