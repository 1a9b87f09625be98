// Deleting a ticket over real HTTP: everything of it goes (thread, search text, attachment files
// no other ticket uses), the audit log keeps what it was, and only ticket.delete or an admin
// token may do it.
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::size_t files_under(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

TEST(TicketDelete, RemovesTheTicketItsTextAndItsOwnFilesAndIsAudited) {
  TempDir dir;
  Server server(dir.path(), test_config());
  auto ticket = [&](const std::string& subject, const std::string& file_text) {
    const std::string b64 = file_text == "shared" ? "c2hhcmVk" : "b3du";  // "shared", "own"
    auto r = server.post_ticket({{"name", "Ada"}, {"email", "ada@example.com"}, {"subject", subject},
                                 {"message", "The zeppelin is grounded."},
                                 {"attachments", json::array({{{"name", file_text + ".txt"}, {"data", b64},
                                                               {"type", "text/plain"}, {"encoding", "base64"}}})}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body;
  };
  const std::string doomed = ticket("Zeppelin grounded", "shared");
  const std::string kept = ticket("Other zeppelin", "shared");
  const std::string doomed_own = ticket("Zeppelin hangar", "own");
  const fs::path files = dir.path() / "data" / "attachments";
  ASSERT_EQ(files_under(files), 2u);  // "shared" is stored once
  ASSERT_EQ(http_request(server.port(), "POST", "/api/v1/tickets/" + doomed + "/reply", R"({"message": "On it."})",
                         bearer(admin_token)).status, 201);

  // A write token may not delete (admin tokens only); an unknown ticket is 404.
  EXPECT_EQ(http_request(server.port(), "DELETE", "/api/v1/tickets/" + doomed, "", bearer(read_token)).status, 403);
  EXPECT_EQ(http_request(server.port(), "DELETE", "/api/v1/tickets/999999", "", bearer(admin_token)).status, 404);

  for (const auto& number : {doomed, doomed_own}) {
    auto r = http_request(server.port(), "DELETE", "/api/v1/tickets/" + number, "", bearer(admin_token));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.json()["deleted"], number);
  }
  EXPECT_EQ(server.get("/api/v1/tickets/" + doomed).status, 404);
  EXPECT_EQ(http_request(server.port(), "DELETE", "/api/v1/tickets/" + doomed, "", bearer(admin_token)).status, 404);
  const json list = server.get("/api/v1/tickets").json();
  ASSERT_EQ(list["tickets"].size(), 1u) << list.dump();
  EXPECT_EQ(list["tickets"][0]["number"], kept);
  const json found = server.get("/api/v1/tickets?q=zeppelin").json();
  ASSERT_EQ(found["tickets"].size(), 1u) << "the search index forgot the deleted tickets: " << found.dump();
  EXPECT_EQ(found["tickets"][0]["number"], kept);

  // The shared file stays for the ticket that still has it; the deleted ticket's own file is gone.
  EXPECT_EQ(files_under(files), 1u);
  const json other = server.get("/api/v1/tickets/" + kept).json();
  const auto id = other["thread"][0]["attachments"][0]["id"].get<int>();
  auto download = server.get("/api/v1/tickets/" + kept + "/attachments/" + std::to_string(id));
  EXPECT_EQ(download.status, 200);
  EXPECT_EQ(download.body, "shared");

  // A new ticket with the deleted file's content stores it again.
  const std::string again = ticket("Hangar again", "own");
  EXPECT_EQ(files_under(files), 2u);
  (void)again;

  // The audit log keeps who deleted what (read with sqlite3 after the server stopped).
  ASSERT_EQ(server.terminate(), 0);
  std::string out;
  ASSERT_EQ(run_command({"/usr/bin/sqlite3", (dir.path() / "data" / "helpdesk.db").string(),
                         "SELECT actor_kind || ' ' || json_extract(before_json, '$.number') FROM audit_log "
                         "WHERE action = 'delete' ORDER BY id"},
                        out),
            0)
      << out;
  EXPECT_EQ(out, "token " + doomed + "\ntoken " + doomed_own + "\n");
}

}  // namespace
