// ImapMailbox against a real Dovecot.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "mail_fixtures.hpp"
#include "transport/imap_mailbox.hpp"

namespace helpdesk::mail {
namespace {

using testing::sample_message;

class ImapTest : public testing::DovecotTest {};

TEST_F(ImapTest, ListsAndFetchesTheWholeRawMessageByUid) {
  const std::string first = sample_message("first", "Line one.\r\n.leading dot\r\n\r\nLast.\r\n");
  dovecot().deliver("alice", first);
  dovecot().deliver("alice", sample_message("second"));
  ImapMailbox box(imap());
  auto uids = box.uids();
  ASSERT_EQ(uids.size(), 2u) << log();
  EXPECT_LT(uids[0], uids[1]);
  EXPECT_EQ(box.fetch(uids[0]), first);  // every line, not only the first (no BODY.PEEK)
  EXPECT_NE(box.fetch(uids[1]).find("Subject: second\r\n"), std::string::npos);
}

TEST_F(ImapTest, EmptyMailboxHasNoUids) {
  dovecot().deliver("alice", sample_message("make-the-maildir"));
  ImapMailbox box(imap());
  box.remove(box.uids().at(0));
  EXPECT_TRUE(box.uids().empty());
}

TEST_F(ImapTest, UidValidityIsStableAndNewDeliveriesGetHigherUids) {
  dovecot().deliver("alice", sample_message("one"));
  ImapMailbox box(imap());
  std::uint64_t validity = box.uidvalidity();
  EXPECT_GT(validity, 0u);
  auto before = box.uids();
  ASSERT_EQ(before.size(), 1u);
  dovecot().deliver("alice", sample_message("two"));
  auto after = box.uids();  // same connection: the selected mailbox sees the new mail
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0], before[0]);
  EXPECT_GT(after[1], before[0]);
  EXPECT_EQ(box.uidvalidity(), validity);
  ImapMailbox reconnected(imap());
  EXPECT_EQ(reconnected.uidvalidity(), validity);
  EXPECT_EQ(reconnected.uids(), after);
}

TEST_F(ImapTest, FetchingAMissingUidIsAClearPermanentError) {
  dovecot().deliver("alice", sample_message("only"));
  ImapMailbox box(imap());
  std::uint64_t missing = box.uids().back() + 100;
  try {
    box.fetch(missing);
    FAIL() << "fetch of a missing UID succeeded";
  } catch (const TransportError& e) {
    EXPECT_FALSE(e.temporary());
    EXPECT_NE(std::string(e.what()).find("UID FETCH " + std::to_string(missing)), std::string::npos)
        << e.what();
  }
}

TEST_F(ImapTest, AMessageOverTheSizeCapIsRefusedAndTheSessionGoesOn) {
  dovecot().deliver("alice", sample_message("huge", std::string(4000, 'x') + "\r\n"));
  dovecot().deliver("alice", sample_message("small"));
  Endpoint e = imap();
  e.max_message_bytes = 1000;
  ImapMailbox box(e);
  auto uids = box.uids();
  ASSERT_EQ(uids.size(), 2u);
  try {
    box.fetch(uids[0]);
    FAIL() << "a message over the cap was read";
  } catch (const TransportError& error) {
    EXPECT_FALSE(error.temporary()) << error.what();
    EXPECT_NE(std::string(error.what()).find("message larger than 1000 bytes"), std::string::npos)
        << error.what();
  }
  EXPECT_NE(box.fetch(uids[1]).find("Subject: small"), std::string::npos);
}

TEST_F(ImapTest, AddsFlagsThatAnotherSessionSees) {
  dovecot().deliver("alice", sample_message("flag-me"));
  ImapMailbox box(imap());
  std::uint64_t uid = box.uids().at(0);
  box.add_flag(uid, "\\Flagged");
  box.add_flag(uid, "$HelpdeskProcessed");
  // A \Deleted flag from another client hides the message from uids() (UID SEARCH UNDELETED).
  ImapMailbox other(imap());
  other.add_flag(uid, "\\Deleted");
  EXPECT_TRUE(box.uids().empty());
  EXPECT_THROW(box.add_flag(uid, "\\Seen) (\\Deleted"), std::invalid_argument);
}

TEST_F(ImapTest, MovesToAnExistingOrNewFolder) {
  dovecot().deliver("alice", sample_message("a"));
  dovecot().deliver("alice", sample_message("b"));
  ImapMailbox box(imap());
  auto uids = box.uids();
  ASSERT_EQ(uids.size(), 2u);
  box.move(uids[0], "Processed");  // does not exist yet: created on TRYCREATE
  box.move(uids[1], "Processed");
  EXPECT_TRUE(box.uids().empty());
  EXPECT_EQ(dovecot().count_on_disk("alice", "Processed"), 2u);
  ImapMailbox processed(imap("Processed"));
  auto moved = processed.uids();
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_NE(processed.fetch(moved[0]).find("Subject: a\r\n"), std::string::npos);
}

TEST_F(ImapTest, RemoveExpungesOnlyThatMessage) {
  dovecot().deliver("alice", sample_message("keep"));
  dovecot().deliver("alice", sample_message("drop"));
  ImapMailbox box(imap());
  auto uids = box.uids();
  ASSERT_EQ(uids.size(), 2u);
  box.remove(uids[1]);
  EXPECT_EQ(box.uids(), std::vector<std::uint64_t>{uids[0]});
  EXPECT_EQ(dovecot().count_on_disk("alice"), 1u);
}

TEST_F(ImapTest, WrongPasswordIsPermanentAndNamesTheOperation) {
  dovecot().deliver("alice", sample_message("x"));
  Endpoint e = imap();
  e.password = "not-the-password";
  ImapMailbox box(e);
  try {
    box.uids();
    FAIL() << "login with a wrong password succeeded";
  } catch (const TransportError& error) {
    std::string what = error.what();
    EXPECT_FALSE(error.temporary()) << what;
    EXPECT_NE(what.find("IMAP UID SEARCH"), std::string::npos) << what;  // what the caller called
    EXPECT_NE(what.find("127.0.0.1:" + std::to_string(dovecot().imap_port())), std::string::npos)
        << what;
    EXPECT_NE(what.find("Login denied"), std::string::npos) << what;
    EXPECT_EQ(what.find("not-the-password"), std::string::npos) << what;
  }
}

TEST_F(ImapTest, ServerDownIsTemporary) {
  Endpoint e = imap();
  dovecot().stop();
  ImapMailbox box(e);
  try {
    box.uidvalidity();
    FAIL() << "no error from a stopped server";
  } catch (const TransportError& error) {
    EXPECT_TRUE(error.temporary()) << error.what();
  }
}

TEST_F(ImapTest, RequiredStarttlsThatTheServerLacksIsRefusedBeforeLogin) {
  Endpoint e = imap();  // this Dovecot runs with ssl = no
  e.starttls = true;
  ImapMailbox box(e);
  try {
    box.uidvalidity();
    FAIL() << "logged in without the required STARTTLS";
  } catch (const TransportError& error) {
    EXPECT_FALSE(error.temporary()) << error.what();
    EXPECT_EQ(error.curl_code(), CURLE_USE_SSL_FAILED) << error.what();
  }
}

// Servers without MOVE (and without UIDPLUS): COPY, \Deleted, then EXPUNGE.
class ImapWithoutMoveTest : public testing::DovecotTest {
 protected:
  void SetUp() override {
    test::DovecotOptions options;
    options.imap_capability = "IMAP4rev1 LITERAL+ IDLE";
    start_dovecot(options);
  }
};

TEST_F(ImapWithoutMoveTest, MovesByCopyDeleteExpunge) {
  dovecot().deliver("alice", sample_message("old-server"));
  ImapMailbox box(imap());
  std::uint64_t uid = box.uids().at(0);
  box.move(uid, "Archive");
  EXPECT_TRUE(box.uids().empty());
  EXPECT_EQ(dovecot().count_on_disk("alice"), 0u);
  EXPECT_EQ(dovecot().count_on_disk("alice", "Archive"), 1u);
}

}  // namespace
}  // namespace helpdesk::mail
