// Random tokens, their stored digests, constant-time comparison and session-bound CSRF tokens.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tokens.hpp"

namespace auth_local {
namespace {

bool is_base64url(const std::string& s) {
  return s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos;
}

TEST(Tokens, AreUniqueBase64urlOfTheRightLength) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = random_token();
    EXPECT_EQ(token.size(), 43u);  // 32 bytes, no padding
    EXPECT_TRUE(is_base64url(token)) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(random_token(16).size(), 22u);
  EXPECT_EQ(random_token(48).size(), 64u);
}

TEST(Tokens, RefuseGuessableOrAbsurdSizes) {
  EXPECT_THROW(random_token(0), std::invalid_argument);
  EXPECT_THROW(random_token(15), std::invalid_argument);
  EXPECT_THROW(random_token(1025), std::invalid_argument);
}

TEST(TokenDigest, IsSha256Hex) {
  // FIPS 180-2 test vector for "abc".
  EXPECT_EQ(token_digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(token_digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string token = random_token();
  EXPECT_EQ(token_digest(token), token_digest(token));
  EXPECT_NE(token_digest(token), token_digest(random_token()));
}

TEST(DigestEquals, ComparesContentAndLength) {
  const std::string d = token_digest("session");
  EXPECT_TRUE(digest_equals(d, token_digest("session")));
  EXPECT_FALSE(digest_equals(d, token_digest("session2")));
  EXPECT_FALSE(digest_equals(d, d.substr(0, 63)));
  EXPECT_FALSE(digest_equals(d, ""));
  EXPECT_TRUE(digest_equals("", ""));
}

class Csrf : public ::testing::Test {
 protected:
  const std::string secret_ = random_token(32);
  const std::string session_ = token_digest(random_token());
};

TEST_F(Csrf, TokenIsValidForItsSession) {
  const std::string token = csrf_token_for(session_, secret_);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_TRUE(is_base64url(token));
  EXPECT_EQ(token, csrf_token_for(session_, secret_));  // stable for the session's lifetime
  EXPECT_TRUE(csrf_valid(token, session_, secret_));
}

TEST_F(Csrf, TokenIsInvalidForAnotherSessionOrSecret) {
  const std::string token = csrf_token_for(session_, secret_);
  EXPECT_FALSE(csrf_valid(token, token_digest(random_token()), secret_));
  EXPECT_FALSE(csrf_valid(token, session_, random_token(32)));
}

TEST_F(Csrf, TamperedOrMissingTokensAreInvalid) {
  std::string token = csrf_token_for(session_, secret_);
  EXPECT_FALSE(csrf_valid("", session_, secret_));
  EXPECT_FALSE(csrf_valid(token.substr(1), session_, secret_));
  token[5] = token[5] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(csrf_valid(token, session_, secret_));
  EXPECT_FALSE(csrf_valid(csrf_token_for(session_, secret_), "", secret_));
}

TEST_F(Csrf, RefusesAShortSecretWithAClearMessage) {
  try {
    csrf_token_for(session_, "too short");
    FAIL() << "a 9-byte secret was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("at least 32"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace auth_local
