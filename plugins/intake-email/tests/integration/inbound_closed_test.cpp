// A user's reply to a closed ticket: reopens it (reply_to_closed: reopen, the default), or opens
// a new ticket noting "Follow-up to ticket #N" (reply_to_closed: new_ticket). A trigger closes
// the first ticket, since mail alone never closes one.
#include <chrono>
#include <thread>

#include "inbound_support.hpp"

using namespace inbound_test;

namespace {

std::string closing_config(const fs::path& dir, const std::string& reply_to_closed) {
  std::ofstream(dir / "closer.lua") << "return function(ticket, event)\n"
                                       "  if ticket.subject:find('close me', 1, true) then ticket:close() end\n"
                                       "end\n";
  return helpdesk::test::test_config(
      "  - name: intake-api\n  - name: intake-email\n    config:\n      reply_to_closed: " + reply_to_closed + "\n",
      "triggers:\n  - {name: closer, script: closer.lua, events: [ticket.created]}\n");
}

// Posts a mail, expects 201, returns the number.
std::string post(const Server& server, const std::string& raw) {
  const auto r = helpdesk::test::http_request(server.port(), "POST", "/api/tickets.email", raw,
                                              {{"X-API-Key", helpdesk::test::api_key}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.body;
}

nlohmann::json wait_closed(const Server& server, const std::string& number) {
  nlohmann::json t;
  for (int i = 0; i < 100; ++i) {
    t = ticket(server, number);
    if (t.is_object() && t["state"] == "closed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return t;
}

}  // namespace

TEST(InboundClosed, ReplyReopensByDefault) {
  TempDir dir;
  Server server(dir.path(), closing_config(dir.path(), "reopen"));
  const auto number = post(server, message("ann@example.org", "Please close me", "c1@example.org"));
  ASSERT_EQ(wait_closed(server, number)["state"], "closed") << server.log();
  EXPECT_EQ(post(server, message("ann@example.org", "Re: [#" + number + "] Please close me", "c2@example.org")), number);
  const auto t = ticket(server, number);
  EXPECT_EQ(t["state"], "open");
  EXPECT_EQ(t["thread"].size(), 2u) << t.dump();
}

TEST(InboundClosed, ReplyOpensALinkedTicketWithNewTicket) {
  TempDir dir;
  Server server(dir.path(), closing_config(dir.path(), "new_ticket"));
  const auto number = post(server, message("ann@example.org", "Please close me", "c1@example.org"));
  ASSERT_EQ(wait_closed(server, number)["state"], "closed") << server.log();
  const auto follow_up = post(server, message("ann@example.org", "Re: [#" + number + "] Still broken", "c2@example.org",
                                              "In-Reply-To: <c1@example.org>\r\n"));
  ASSERT_NE(follow_up, number);
  EXPECT_EQ(ticket(server, number)["state"], "closed");
  EXPECT_EQ(ticket(server, number)["thread"].size(), 1u);
  const auto t = ticket(server, follow_up);
  ASSERT_EQ(t["thread"].size(), 2u) << t.dump();
  EXPECT_EQ(t["thread"][1]["kind"], "note");
  EXPECT_NE(t["thread"][1]["body"].get<std::string>().find("Follow-up to ticket #" + number), std::string::npos);
  // A further reply to the follow-up's own mail threads onto the follow-up.
  EXPECT_EQ(post(server, message("ann@example.org", "Re: Still broken", "c3@example.org", "In-Reply-To: <c2@example.org>\r\n")),
            follow_up);
}
