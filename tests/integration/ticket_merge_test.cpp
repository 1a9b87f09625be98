// Merging tickets over real HTTP: the thread, attachments and search text move to the target,
// the merged ticket is closed and names it, a later message to the merged one lands on the
// target, and what cannot be merged is refused by name.
#include <gtest/gtest.h>

#include "harness.hpp"

using namespace helpdesk::test;
using nlohmann::json;

namespace {

std::map<std::string, std::string> bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

TEST(TicketMerge, MovesTheThreadClosesTheSourceAndForwardsItsMail) {
  TempDir dir;
  Server server(dir.path(), test_config("  - name: intake-api\n  - name: fixture-signin\n"));
  auto ticket = [&](const std::string& email, const std::string& subject, const std::string& message) {
    auto r = server.post_ticket({{"name", email.substr(0, email.find('@'))}, {"email", email}, {"subject", subject},
                                 {"message", message},
                                 {"attachments", json::array({{{"name", "log.txt"}, {"data", "bG9n"},
                                                               {"type", "text/plain"}, {"encoding", "base64"}}})}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body;
  };
  auto merge = [&](const std::string& from, const std::string& into, const std::string& token = admin_token) {
    return http_request(server.port(), "POST", "/api/v1/tickets/" + from + "/merge", json{{"into", into}}.dump(),
                        bearer(token));
  };
  const std::string source = ticket("ada@example.com", "Printer on floor 2", "The quokka printer jams.");
  const std::string target = ticket("ben@example.com", "Floor 2 printing", "Nothing prints.");
  ASSERT_EQ(http_request(server.port(), "POST", "/api/v1/tickets/" + source + "/reply", R"({"message": "Looking."})",
                         bearer(admin_token)).status, 201);

  // Refused by name, changing nothing.
  EXPECT_EQ(merge(source, source).status, 400);
  EXPECT_EQ(merge(source, "999999").status, 404);
  EXPECT_EQ(merge(source, target, read_token).status, 403);
  for (const std::string body : {"{}", R"({"into": 7})", R"({"into": ""})", R"(["000001"])", R"({"into": "x", "also": 1})",
                                  "not json"}) {
    auto bad = http_request(server.port(), "POST", "/api/v1/tickets/" + source + "/merge", body, bearer(admin_token));
    EXPECT_EQ(bad.status, 400) << body << " → " << bad.body;
    EXPECT_TRUE(bad.json()["error"].contains("code")) << bad.body;
  }

  auto merged = merge(source, target);
  ASSERT_EQ(merged.status, 200) << merged.body;
  EXPECT_EQ(merged.json()["number"], target);

  const json from = server.get("/api/v1/tickets/" + source).json();
  EXPECT_EQ(from["state"], "closed");
  EXPECT_EQ(from["merged_into"], target);
  ASSERT_EQ(from["thread"].size(), 1u) << from.dump();  // only the note that says where it went
  EXPECT_EQ(from["thread"][0]["body"], "Merged into ticket #" + target + ".");

  const json to = server.get("/api/v1/tickets/" + target).json();
  EXPECT_TRUE(to["merged_into"].is_null());
  std::vector<std::string> bodies;
  for (const auto& e : to["thread"]) bodies.push_back(e["body"]);
  ASSERT_EQ(bodies.size(), 4u) << to.dump();
  EXPECT_EQ(bodies[0], "The quokka printer jams.");  // ordered by when they were written
  EXPECT_EQ(bodies[1], "Nothing prints.");
  EXPECT_EQ(bodies[2], "Looking.");
  EXPECT_NE(bodies[3].find("#" + source), std::string::npos);
  EXPECT_EQ(to["thread"][0]["attachments"].size(), 1u);
  const auto attachment = to["thread"][0]["attachments"][0]["id"].get<int>();
  EXPECT_EQ(server.get("/api/v1/tickets/" + target + "/attachments/" + std::to_string(attachment)).body, "log");

  // The search finds the moved text on the target.
  const json found = server.get("/api/v1/tickets?q=quokka").json();
  ASSERT_EQ(found["tickets"].size(), 1u) << found.dump();
  EXPECT_EQ(found["tickets"][0]["number"], target);

  // Ada writes to her old ticket: the message lands on the target, where she is now copied.
  auto ada = http_request(server.port(), "POST", "/fixture/sign-in", json{{"kind", "user"}, {"email", "ada@example.com"}}.dump());
  ASSERT_EQ(ada.status, 200) << ada.body;
  const std::string cookie = ada.header("set-cookie").substr(0, ada.header("set-cookie").find(';'));
  auto wrote = http_request(server.port(), "POST", "/api/v1/tickets/" + source + "/messages", R"({"message": "Still jammed."})",
                            {{"Cookie", cookie}, {"X-CSRF-Token", ada.json()["csrf_token"]}, {"Content-Type", "application/json"}});
  ASSERT_EQ(wrote.status, 201) << wrote.body;
  EXPECT_EQ(server.get("/api/v1/tickets/" + target).json()["thread"].back()["body"], "Still jammed.");
  EXPECT_EQ(server.get("/api/v1/tickets/" + source).json()["thread"].size(), 1u);

  // Merged once is merged: again, or into the merged one, is a conflict.
  EXPECT_EQ(merge(source, target).status, 409);
  const std::string third = ticket("cy@example.com", "Floor 3", "Also printing?");
  auto into_merged = merge(third, source);
  EXPECT_EQ(into_merged.status, 409) << into_merged.body;
  EXPECT_NE(into_merged.body.find("merge into that one"), std::string::npos) << into_merged.body;

  // The target deleted since: a message to the merged ticket stays on it.
  ASSERT_EQ(http_request(server.port(), "DELETE", "/api/v1/tickets/" + target, "", bearer(admin_token)).status, 200);
  auto after = http_request(server.port(), "POST", "/api/v1/tickets/" + source + "/messages", R"({"message": "Anyone?"})",
                            {{"Cookie", cookie}, {"X-CSRF-Token", ada.json()["csrf_token"]}, {"Content-Type", "application/json"}});
  ASSERT_EQ(after.status, 201) << after.body;
  EXPECT_EQ(server.get("/api/v1/tickets/" + source).json()["thread"].back()["body"], "Anyone?");
}

}  // namespace
