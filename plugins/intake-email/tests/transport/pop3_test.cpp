// Pop3Mailbox against a real Dovecot.
#include <gtest/gtest.h>

#include <set>

#include "mail_fixtures.hpp"
#include "transport/pop3_mailbox.hpp"

namespace helpdesk::mail {
namespace {

using testing::sample_message;

class Pop3Test : public testing::DovecotTest {};

TEST_F(Pop3Test, ListsUidlsAndSizesAndRetrievesRawMessages) {
  // A line with a leading dot is dot-stuffed by the server and must come back unstuffed.
  const std::string first = sample_message("pop-first", "Body.\r\n.\r\n..two dots\r\nEnd.\r\n");
  dovecot().deliver("alice", first);
  dovecot().deliver("alice", sample_message("pop-second"));
  Pop3Mailbox box(pop3());
  auto entries = box.list();
  ASSERT_EQ(entries.size(), 2u) << log();
  EXPECT_EQ(entries[0].number, 1);
  EXPECT_EQ(entries[1].number, 2);
  EXPECT_FALSE(entries[0].uidl.empty());
  EXPECT_NE(entries[0].uidl, entries[1].uidl);
  EXPECT_EQ(entries[0].size, first.size());
  std::set<std::string> subjects;
  for (const auto& e : entries) {
    std::string raw = box.retrieve(e.number);
    if (raw == first) subjects.insert("pop-first");
    if (raw.find("Subject: pop-second\r\n") != std::string::npos) subjects.insert("pop-second");
  }
  EXPECT_EQ(subjects, (std::set<std::string>{"pop-first", "pop-second"}));
}

TEST_F(Pop3Test, UidlsAreStableAcrossSessions) {
  dovecot().deliver("alice", sample_message("stable"));
  std::string uidl;
  {
    Pop3Mailbox box(pop3());
    uidl = box.list().at(0).uidl;
  }
  dovecot().deliver("alice", sample_message("later"));
  Pop3Mailbox again(pop3());
  auto entries = again.list();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_TRUE(entries[0].uidl == uidl || entries[1].uidl == uidl);
}

TEST_F(Pop3Test, RemoveTakesEffectWhenTheSessionCloses) {
  dovecot().deliver("alice", sample_message("delete-me"));
  dovecot().deliver("alice", sample_message("keep-me"));
  Pop3Mailbox box(pop3());
  auto entries = box.list();
  ASSERT_EQ(entries.size(), 2u);
  box.remove(entries[0].number);
  EXPECT_EQ(dovecot().count_on_disk("alice"), 2u);  // DELE is only a mark until QUIT
  box.close();
  EXPECT_EQ(dovecot().count_on_disk("alice"), 1u);
  auto left = box.list();  // a new session after close()
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].uidl, entries[1].uidl);
}

TEST_F(Pop3Test, WrongPasswordIsPermanentAndNamesTheOperation) {
  Endpoint e = pop3();
  e.password = "wrong-pop-password";
  Pop3Mailbox box(e);
  try {
    box.list();
    FAIL() << "login with a wrong password succeeded";
  } catch (const TransportError& error) {
    std::string what = error.what();
    EXPECT_FALSE(error.temporary()) << what;
    EXPECT_NE(what.find("POP3 UIDL"), std::string::npos) << what;
    EXPECT_NE(what.find("Login denied"), std::string::npos) << what;
    EXPECT_EQ(what.find("wrong-pop-password"), std::string::npos) << what;
  }
}

TEST_F(Pop3Test, RetrievingAMissingMessageFails) {
  dovecot().deliver("alice", sample_message("one"));
  Pop3Mailbox box(pop3());
  ASSERT_EQ(box.list().size(), 1u);
  try {
    box.retrieve(5);
    FAIL() << "RETR of a missing message succeeded";
  } catch (const TransportError& error) {
    EXPECT_NE(std::string(error.what()).find("POP3 RETR 5"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("-ERR"), std::string::npos) << error.what();
  }
  EXPECT_THROW(box.retrieve(0), std::invalid_argument);
}

}  // namespace
}  // namespace helpdesk::mail
