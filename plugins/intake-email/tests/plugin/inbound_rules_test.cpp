// The pure decisions of the inbound path: bans, subject tokens, which ticket a reply points at
// (signed ids are trusted, forged ones are not), the hourly rate window, Cc collaborators, bodies,
// and the fuzz entry replaying the corpus.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "inbound_fuzz.hpp"
#include "inbound_rules.hpp"

using namespace intake_email;
using helpdesk::mail::ParsedMail;

namespace {
std::optional<std::string> nothing_stored(const std::string&) { return std::nullopt; }
}  // namespace

TEST(InboundRules, BansByAddressOrDomain) {
  const std::vector<std::string> banned = {"spam@example.com", "@example.net"};
  EXPECT_TRUE(is_banned("spam@example.com", banned));
  EXPECT_TRUE(is_banned("anyone@example.net", banned));
  EXPECT_FALSE(is_banned("ham@example.com", banned));
  EXPECT_FALSE(is_banned("x@sub.example.net", banned)) << "a domain ban is exact, not a suffix";
  EXPECT_FALSE(is_banned("", banned));
}

TEST(InboundRules, SubjectToken) {
  EXPECT_EQ(subject_ticket("Re: [#000123] Printer broken", "[#{number}]"), "000123");
  EXPECT_EQ(subject_ticket("AW: Printer [#7] broken", "[#{number}]"), "7");
  EXPECT_EQ(subject_ticket("[#] [#abc] then [#42]", "[#{number}]"), "42");
  EXPECT_FALSE(subject_ticket("Printer #123 broken", "[#{number}]"));
  EXPECT_FALSE(subject_ticket("[#123", "[#{number}]"));
  EXPECT_EQ(subject_ticket("Re: Ticket 555: x", "Ticket {number}:"), "555");
  EXPECT_FALSE(subject_ticket("[#123456789012345678901]", "[#{number}]")) << "too long to be a number of ours";
}

TEST(InboundRules, ThreadCandidatesInReplyToThenReferencesNewestFirst) {
  ParsedMail m;
  m.in_reply_to = {"c@x"};
  m.references = {"a@x", "b@x", "c@x"};
  EXPECT_EQ(thread_candidates(m), (std::vector<std::string>{"c@x", "b@x", "a@x"}));
}

TEST(InboundRules, FindThreadTrustsSignedAndStoredIdsOnly) {
  const MessageIds ids("0123456789abcdef-secret", "help.example.com");
  ParsedMail m;
  m.subject = "Re: [#000200] hello";
  m.in_reply_to = {ids.make("000123", 5)};
  auto match = find_thread(m, ids, nothing_stored, "[#{number}]");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->ticket_number, "000123");
  EXPECT_EQ(match->how.rfind("signed id", 0), 0u);

  // A forged id naming another ticket is not trusted; the subject token decides.
  std::string forged = ids.make("000123", 5);
  forged.replace(0, 6, "000999");
  m.in_reply_to = {forged};
  match = find_thread(m, ids, nothing_stored, "[#{number}]");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->ticket_number, "000200");
  EXPECT_EQ(match->how, "subject token");

  // A stored id (a user's earlier message) found through References.
  m.subject = "Re: hello";
  m.in_reply_to.clear();
  m.references = {"old@client", "first@client"};
  match = find_thread(m, ids, [](const std::string& id) -> std::optional<std::string> {
    if (id == "first@client") return "000321";
    return std::nullopt;
  }, "[#{number}]");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->ticket_number, "000321");
  m.references.clear();
  EXPECT_FALSE(find_thread(m, ids, nothing_stored, "[#{number}]"));
}

TEST(InboundRules, RateWindow) {
  auto w = count_message(std::nullopt, 1000);
  EXPECT_EQ(w.start, 1000);
  EXPECT_EQ(w.count, 1);
  for (int i = 0; i < 2; ++i) w = count_message(w, 1000 + i);
  EXPECT_EQ(w.count, 3);
  EXPECT_FALSE(over_rate_limit(w, 3));
  EXPECT_TRUE(over_rate_limit(count_message(w, 2000), 3));
  EXPECT_FALSE(over_rate_limit(count_message(w, 2000), 0)) << "0 means no limit";
  const auto next_hour = count_message(w, 1000 + 3600);
  EXPECT_EQ(next_hour.count, 1) << "a new hour starts a new window";
  EXPECT_EQ(next_hour.start, 4600);
}

TEST(InboundRules, CcCollaboratorsSkipSenderOursAndRepeats) {
  ParsedMail m;
  m.from = {"Ann", "ann@example.org"};
  m.cc = {{"Bob", "bob@example.org"}, {"", "ann@example.org"}, {"Desk", "support@example.com"},
          {"Bob again", "bob@example.org"}, {"", "broken"}};
  const auto cc = cc_collaborators(m, {"support@example.com"});
  ASSERT_EQ(cc.size(), 1u);
  EXPECT_EQ(cc[0].email, "bob@example.org");
}

TEST(InboundRules, BodiesListDroppedAttachments) {
  ParsedMail m;
  m.text_body = "Hello\n\n> quoted";
  m.reply_text = "Hello";
  m.dropped = {"huge.iso: larger than 10485760 bytes"};
  std::string format;
  EXPECT_EQ(ticket_body(m, format), "Hello\n\n> quoted\n\nAttachments left out:\n- huge.iso: larger than 10485760 bytes\n");
  EXPECT_EQ(format, "text");
  EXPECT_EQ(reply_body(m, format).rfind("Hello\n\nAttachments left out:", 0), 0u);
  m.text_body = m.reply_text = "";
  m.html_body = "<p>Hi</p>";
  m.dropped.clear();
  EXPECT_EQ(ticket_body(m, format), "<p>Hi</p>");
  EXPECT_EQ(format, "html");
  m.html_body.clear();
  EXPECT_EQ(reply_body(m, format), "(no message text)");
}

TEST(InboundFuzz, ReplaysTheCorpus) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(MAIL_CORPUS_DIR)) {
    if (entry.path().extension() != ".eml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream data;
    data << in.rdbuf();
    const auto bytes = data.str();
    EXPECT_EQ(inbound_fuzz_one(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), 0) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 30);
}
