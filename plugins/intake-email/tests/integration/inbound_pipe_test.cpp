// `helpdeskd pipe` as an MTA runs it: every corpus message becomes the expected ticket, is
// ignored (bounces, auto-replies, our own mail) or quarantined with its reason; banned senders
// exit 77, an unusable data dir 75, bad options 66.
#include <set>

#include "inbound_support.hpp"

using namespace inbound_test;

namespace {

const std::string settings =
    "      instance_id: helpdesk\n"
    "      rate_limit_per_hour: 0\n"
    "      banned_senders: [\"spammer@example.com\", \"@banned.example\"]\n"
    "      max_message_bytes: 300000\n";

}  // namespace

TEST(InboundPipe, CorpusBecomesTicketsOrIsIgnoredOrQuarantined) {
  TempDir dir;
  std::ofstream(dir.path() / "helpdesk.yaml") << email_config(settings);
  struct Expect {
    std::string file;
    nlohmann::json expected;
    std::string number;
  };
  std::vector<Expect> stored;
  int ignored = 0, quarantined = 0;
  for (const auto& entry : fs::directory_iterator(MAIL_CORPUS_DIR)) {
    if (entry.path().extension() != ".eml") continue;
    auto expected_path = entry.path();
    expected_path.replace_extension(".expected.json");
    const auto expected = nlohmann::json::parse(read_file(expected_path));
    const auto r = pipe_message(dir.path(), read_file(entry.path()));
    const std::string name = entry.path().filename().string();
    EXPECT_EQ(r.code, 0) << name << ": " << r.output;
    if (expected.contains("error")) {
      EXPECT_NE(r.output.find("quarantined"), std::string::npos) << name << ": " << r.output;
      ++quarantined;
    } else if (expected.value("kind", "normal") != "normal") {
      EXPECT_NE(r.output.find("ignored"), std::string::npos) << name << ": " << r.output;
      ++ignored;
    } else {
      stored.push_back({name, expected, first_line(r.output)});
    }
  }
  EXPECT_GE(stored.size(), 15u);
  EXPECT_GE(ignored, 8);
  EXPECT_GE(quarantined, 4);

  Server server(dir.path(), read_file(dir.path() / "helpdesk.yaml"));
  for (const auto& s : stored) {
    const auto t = ticket(server, s.number);
    ASSERT_TRUE(t.is_object()) << s.file << ": no ticket '" << s.number << "'";
    EXPECT_EQ(t["source"], "Email") << s.file;
    EXPECT_EQ(t["requester"]["email"], s.expected["from"]) << s.file;
    if (s.expected.contains("subject")) {
      const std::string subject = s.expected["subject"];
      EXPECT_EQ(t["subject"], subject.empty() ? "(no subject)" : subject) << s.file;
    }
    ASSERT_FALSE(t["thread"].empty()) << s.file;
    if (t["thread"][0]["format"] == "text") {
      for (const auto& piece : s.expected.value("text_contains", std::vector<std::string>{}))
        EXPECT_NE(t["thread"][0]["body"].get<std::string>().find(piece), std::string::npos) << s.file << ": " << piece;
    }
    EXPECT_EQ(t["thread"][0]["attachments"].size(), s.expected.value("attachments", nlohmann::json::array()).size())
        << s.file;
  }
  // Each quarantined message is listed for the admin with its reason.
  const auto q = server.get("/api/v1/email/quarantine?limit=100", helpdesk::test::admin_token);
  ASSERT_EQ(q.status, 200) << q.body;
  EXPECT_EQ(q.json()["items"].size(), static_cast<std::size_t>(quarantined));
  for (const auto& item : q.json()["items"]) {
    EXPECT_EQ(item["source"], "pipe");
    EXPECT_EQ(item["reason"].get<std::string>().rfind("unparseable: ", 0), 0u) << item.dump();
  }
  EXPECT_EQ(server.get("/api/v1/email/quarantine").status, 403) << "a read token is not an admin";
}

TEST(InboundPipe, ExitCodes) {
  TempDir dir;
  std::ofstream(dir.path() / "helpdesk.yaml") << email_config(settings);
  const auto ok = pipe_message(dir.path(), message("Ann <ann@example.org>", "Printer on fire", "p1@example.org"));
  ASSERT_EQ(ok.code, 0) << ok.output;
  const auto number = first_line(ok.output);
  EXPECT_FALSE(number.empty());

  // The MTA retries: the same message is answered with the same ticket, not stored twice.
  const auto again = pipe_message(dir.path(), message("Ann <ann@example.org>", "Printer on fire", "p1@example.org"));
  EXPECT_EQ(again.code, 0);
  EXPECT_EQ(first_line(again.output), number);

  const auto banned = pipe_message(dir.path(), message("spammer@example.com", "Buy now", "s1@example.com"));
  EXPECT_EQ(banned.code, 77) << banned.output;
  EXPECT_NE(banned.output.find("banned"), std::string::npos) << banned.output;
  EXPECT_EQ(pipe_message(dir.path(), message("x@banned.example", "Buy", "s2@banned.example")).code, 77);

  EXPECT_EQ(pipe_message(dir.path(), message("a@example.org", "x", "p2@example.org"), "--frobnicate").code, 66);
  EXPECT_EQ(pipe_message(dir.path(), message("a@example.org", "x", "p3@example.org"), "--account nowhere").code, 66);

  // Larger than max_message_bytes: kept in the quarantine, which is not the MTA's problem.
  const auto huge = pipe_message(dir.path(), message("big@example.org", "Huge", "h1@example.org", "",
                                                     std::string(400000, 'x') + "\r\n"));
  EXPECT_EQ(huge.code, 0) << huge.output;
  EXPECT_NE(huge.output.find("max_message_bytes"), std::string::npos) << huge.output;

  // A data dir that cannot be used: temporary failure, the MTA keeps the mail and retries.
  std::ofstream(dir.path() / "not-a-dir") << "x";
  const auto temp = pipe_message(dir.path(), message("b@example.org", "y", "p4@example.org"), "",
                                 (dir.path() / "not-a-dir").string());
  EXPECT_EQ(temp.code, 75) << temp.output;

  // Department from the options; the ticket number is printed.
  const auto it = pipe_message(dir.path(), message("c@example.org", "VPN down", "p5@example.org"), "--department it");
  ASSERT_EQ(it.code, 0) << it.output;
  Server server(dir.path(), read_file(dir.path() / "helpdesk.yaml"));
  EXPECT_EQ(ticket(server, first_line(it.output))["department"], "it");
  EXPECT_EQ(ticket(server, number)["department"], "support");
  EXPECT_EQ(all_tickets(server).size(), 2u);
}
