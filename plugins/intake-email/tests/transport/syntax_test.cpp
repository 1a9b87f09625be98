// The pure pieces of the transport: IMAP syntax, CRLF normalisation, error classification and
// the OAuth2 expiry check. No peer needed.
#include <gtest/gtest.h>

#include <stdexcept>

#include "transport/curl_session.hpp"
#include "transport/imap_mailbox.hpp"
#include "transport/imap_syntax.hpp"
#include "transport/oauth2.hpp"
#include "transport/pop3_mailbox.hpp"
#include "transport/smtp_sender.hpp"

namespace helpdesk::mail {
namespace {

using detail::imap_quote;
using detail::parse_capabilities;
using detail::parse_number_after;
using detail::parse_search;

TEST(ImapSyntax, QuotesFolderNamesAndEscapesQuotesAndBackslashes) {
  EXPECT_EQ(imap_quote("Archive"), "\"Archive\"");
  EXPECT_EQ(imap_quote("Done Tickets"), "\"Done Tickets\"");
  EXPECT_EQ(imap_quote(R"(a"b\c)"), R"("a\"b\\c")");
}

TEST(ImapSyntax, RefusesFolderNamesThatCouldInjectCommands) {
  EXPECT_THROW(imap_quote(""), std::invalid_argument);
  EXPECT_THROW(imap_quote("Archive\r\nA1 DELETE INBOX"), std::invalid_argument);
  EXPECT_THROW(imap_quote("Bo\xc3\xaete"), std::invalid_argument);  // needs modified UTF-7
}

TEST(ImapSyntax, AcceptsSystemFlagsAndKeywordsOnly) {
  EXPECT_NO_THROW(detail::check_imap_flag("\\Seen"));
  EXPECT_NO_THROW(detail::check_imap_flag("$Processed"));
  EXPECT_THROW(detail::check_imap_flag(""), std::invalid_argument);
  EXPECT_THROW(detail::check_imap_flag("\\"), std::invalid_argument);
  EXPECT_THROW(detail::check_imap_flag("\\Seen) (\\Deleted"), std::invalid_argument);
  EXPECT_THROW(detail::check_imap_flag("a\r\nb"), std::invalid_argument);
}

TEST(ImapSyntax, ParsesSearchResultsSortedAndUnique) {
  EXPECT_EQ(parse_search("* SEARCH 7 3 12\r\n"), (std::vector<std::uint64_t>{3, 7, 12}));
  EXPECT_EQ(parse_search("* SEARCH\r\n"), std::vector<std::uint64_t>{});
  EXPECT_EQ(parse_search("* search 2\r\n* SEARCH 2 1\r\n"), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(parse_search("* OK noise\r\n* SEARCH 4294967296\r\n"),
            std::vector<std::uint64_t>{4294967296ULL});
}

TEST(ImapSyntax, FindsNumbersAfterAKeyAndCapabilities) {
  EXPECT_EQ(parse_number_after("* STATUS INBOX (UIDVALIDITY 1700000001)\r\n", "UIDVALIDITY"),
            1700000001u);
  EXPECT_FALSE(parse_number_after("* STATUS INBOX (MESSAGES 3)\r\n", "UIDVALIDITY"));
  auto caps = parse_capabilities("* CAPABILITY IMAP4rev1 move UIDPLUS\r\n");
  EXPECT_EQ(caps, (std::vector<std::string>{"IMAP4REV1", "MOVE", "UIDPLUS"}));
  EXPECT_EQ(detail::percent_decode("Done%20Tickets"), "Done Tickets");
  EXPECT_EQ(detail::percent_decode("100%"), "100%");
}

TEST(SmtpWire, NormalisesEveryLineEndingToCrlf) {
  EXPECT_EQ(to_crlf("a\nb\r\nc\rd"), "a\r\nb\r\nc\r\nd\r\n");
  EXPECT_EQ(to_crlf("a\r\n"), "a\r\n");
  EXPECT_EQ(to_crlf(""), "\r\n");
}

TEST(TransportErrors, NetworkAndSmtp4xxAreTemporaryLoginAndTlsAreNot) {
  EXPECT_TRUE(detail::is_temporary(CURLE_COULDNT_CONNECT, 0));
  EXPECT_TRUE(detail::is_temporary(CURLE_OPERATION_TIMEDOUT, 0));
  EXPECT_TRUE(detail::is_temporary(CURLE_SEND_ERROR, 451));
  EXPECT_FALSE(detail::is_temporary(CURLE_SEND_ERROR, 550));
  EXPECT_FALSE(detail::is_temporary(CURLE_LOGIN_DENIED, 0));
  EXPECT_FALSE(detail::is_temporary(CURLE_LOGIN_DENIED, 454));
  EXPECT_FALSE(detail::is_temporary(CURLE_PEER_FAILED_VERIFICATION, 0));
}

TEST(TransportErrors, WrongSchemeIsRefusedWithoutLeakingCredentials) {
  Endpoint e;
  e.url = "pop3://bob:hunter2@example.org/";
  try {
    ImapMailbox box(e);
    FAIL() << "pop3:// accepted as IMAP";
  } catch (const TransportError& error) {
    EXPECT_FALSE(error.temporary());
    EXPECT_NE(std::string(error.what()).find("pop3"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("hunter2"), std::string::npos) << error.what();
  }
  e.url = "imap://example.org/";
  EXPECT_THROW(Pop3Mailbox{e}, TransportError);
  EXPECT_THROW(SmtpSender{e}, TransportError);
  e.url = "not a url";
  EXPECT_THROW(ImapMailbox{e}, TransportError);
}

TEST(ImapMailboxUrl, DecodesTheMailboxAndDefaultsToInbox) {
  Endpoint e;
  e.url = "imap://127.0.0.1:1/Support%20Queue";
  EXPECT_EQ(ImapMailbox(e).mailbox(), "Support Queue");
  e.url = "imaps://127.0.0.1:1";
  EXPECT_EQ(ImapMailbox(e).mailbox(), "INBOX");
}

TEST(OAuth2Expiry, RefreshesWhenMissingOrAboutToExpire) {
  OAuth2Token token;
  EXPECT_TRUE(oauth2_needs_refresh(token, 1000));
  token.access_token = "t";
  token.expires_at = 0;  // unknown: use it until the server refuses it
  EXPECT_FALSE(oauth2_needs_refresh(token, 1000));
  token.expires_at = 1100;
  EXPECT_FALSE(oauth2_needs_refresh(token, 1000, 60));
  EXPECT_TRUE(oauth2_needs_refresh(token, 1041, 60));
}

}  // namespace
}  // namespace helpdesk::mail
