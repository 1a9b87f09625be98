// RFC 6238 TOTP: the appendix B vectors, the verification window, replay refusal, input
// checks and the otpauth:// URI.
#include <gtest/gtest.h>

#include <string>

#include "base32.hpp"
#include "totp.hpp"

namespace mfa_totp {
namespace {

// RFC 6238 appendix B: the seed is ASCII "1234567890" repeated to the hash's block-ish size.
const std::string kSeed20 = "12345678901234567890";
const std::string kSeed32 = "12345678901234567890123456789012";
const std::string kSeed64 = "1234567890123456789012345678901234567890123456789012345678901234";

struct Rfc6238Vector {
  std::int64_t time;
  const char* sha1;
  const char* sha256;
  const char* sha512;
};
constexpr Rfc6238Vector kVectors[] = {
    {59, "94287082", "46119246", "90693936"},
    {1111111109, "07081804", "68084774", "25091201"},
    {1111111111, "14050471", "67062674", "99943326"},
    {1234567890, "89005924", "91819424", "93441116"},
    {2000000000, "69279037", "90698825", "38618901"},
    {20000000000, "65353130", "77737706", "47863826"},
};

TEST(Totp, MatchesRfc6238AppendixB) {
  for (const auto& v : kVectors) {
    EXPECT_EQ(totp_code(kSeed20, v.time, 8, 30, Algorithm::sha1), v.sha1) << v.time;
    EXPECT_EQ(totp_code(kSeed32, v.time, 8, 30, Algorithm::sha256), v.sha256) << v.time;
    EXPECT_EQ(totp_code(kSeed64, v.time, 8, 30, Algorithm::sha512), v.sha512) << v.time;
  }
}

TEST(Totp, SixDigitsAreTheLastSixOfTheDynamicTruncation) {
  EXPECT_EQ(totp_code(kSeed20, 59), "287082");
  EXPECT_EQ(totp_code(kSeed20, 1111111109), "081804");  // leading zero kept
}

TEST(Totp, HotpMatchesRfc4226AppendixD) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(hotp_code(kSeed20, counter, 6, Algorithm::sha1), expected[counter]) << counter;
  }
}

TEST(Totp, RefusesBadParameters) {
  EXPECT_THROW(totp_code(kSeed20, 59, 5), std::invalid_argument);
  EXPECT_THROW(totp_code(kSeed20, 59, 9), std::invalid_argument);
  EXPECT_THROW(totp_code(kSeed20, 59, 6, 0), std::invalid_argument);
  EXPECT_THROW(totp_code(kSeed20, -1), std::invalid_argument);
  EXPECT_THROW(totp_code("", 59), std::invalid_argument);
}

class Verify : public ::testing::Test {
 protected:
  const std::string secret_ = new_totp_secret();
  const std::int64_t now_ = 1'700'000'015;  // mid-step
  const std::int64_t step_ = now_ / 30;
  std::string code_at(std::int64_t offset_steps) const { return totp_code(secret_, now_ + 30 * offset_steps); }
};

TEST_F(Verify, AcceptsTheCurrentCodeAndReturnsItsStep) {
  EXPECT_EQ(verify_totp(secret_, code_at(0), now_, std::nullopt), step_);
}

TEST_F(Verify, AcceptsOneStepEitherSideAndRefusesTwo) {
  EXPECT_EQ(verify_totp(secret_, code_at(-1), now_, std::nullopt), step_ - 1);
  EXPECT_EQ(verify_totp(secret_, code_at(1), now_, std::nullopt), step_ + 1);
  EXPECT_EQ(verify_totp(secret_, code_at(-2), now_, std::nullopt), std::nullopt);
  EXPECT_EQ(verify_totp(secret_, code_at(2), now_, std::nullopt), std::nullopt);
  TotpSettings wide;
  wide.window = 2;
  EXPECT_EQ(verify_totp(secret_, code_at(2), now_, std::nullopt, wide), step_ + 2);
  TotpSettings exact;
  exact.window = 0;
  EXPECT_EQ(verify_totp(secret_, code_at(1), now_, std::nullopt, exact), std::nullopt);
}

TEST_F(Verify, RefusesAReusedOrOlderStep) {
  const auto used = verify_totp(secret_, code_at(0), now_, std::nullopt);
  ASSERT_EQ(used, step_);
  EXPECT_EQ(verify_totp(secret_, code_at(0), now_, used), std::nullopt);       // the same code again
  EXPECT_EQ(verify_totp(secret_, code_at(-1), now_, used), std::nullopt);      // an older one
  EXPECT_EQ(verify_totp(secret_, code_at(0), now_ + 30, used), std::nullopt);  // still in the window later
  EXPECT_EQ(verify_totp(secret_, code_at(1), now_, used), step_ + 1);          // the next one is fine
}

TEST_F(Verify, RefusesWrongCodesAndMalformedInput) {
  std::string wrong = code_at(0);
  wrong[0] = wrong[0] == '9' ? '0' : static_cast<char>(wrong[0] + 1);
  EXPECT_EQ(verify_totp(secret_, wrong, now_, std::nullopt), std::nullopt);
  EXPECT_EQ(verify_totp(secret_, "", now_, std::nullopt), std::nullopt);
  EXPECT_EQ(verify_totp(secret_, code_at(0).substr(0, 5), now_, std::nullopt), std::nullopt);
  EXPECT_EQ(verify_totp(secret_, code_at(0) + "0", now_, std::nullopt), std::nullopt);
  EXPECT_EQ(verify_totp(secret_, "12a456", now_, std::nullopt), std::nullopt);
  EXPECT_EQ(verify_totp(secret_, "-12345", now_, std::nullopt), std::nullopt);
  EXPECT_EQ(verify_totp(secret_, "\xEF\xBC\x91" "23456", now_, std::nullopt), std::nullopt);  // fullwidth 1
}

TEST_F(Verify, IgnoresSpacesAsAppsDisplayThem) {
  const std::string code = code_at(0);
  EXPECT_EQ(verify_totp(secret_, code.substr(0, 3) + " " + code.substr(3), now_, std::nullopt), step_);
  EXPECT_EQ(verify_totp(secret_, " " + code + " ", now_, std::nullopt), step_);
}

TEST_F(Verify, UsesTheConfiguredDigitsStepAndAlgorithm) {
  TotpSettings s;
  s.digits = 8;
  s.step = 60;
  s.algorithm = Algorithm::sha256;
  const std::string code = totp_code(secret_, now_, 8, 60, Algorithm::sha256);
  EXPECT_EQ(verify_totp(secret_, code, now_, std::nullopt, s), now_ / 60);
  EXPECT_EQ(verify_totp(secret_, code, now_, std::nullopt), std::nullopt);  // 6-digit SHA1 settings
}

TEST(Secret, IsTwentyFreshRandomBytes) {
  const std::string a = new_totp_secret();
  EXPECT_EQ(a.size(), 20u);
  EXPECT_NE(a, new_totp_secret());
  EXPECT_EQ(base32_encode(a).size(), 32u);  // what the person may type by hand
}

TEST(Algorithm, NamesRoundTrip) {
  for (Algorithm a : {Algorithm::sha1, Algorithm::sha256, Algorithm::sha512}) {
    EXPECT_EQ(parse_algorithm(algorithm_name(a)), a);
  }
  EXPECT_EQ(parse_algorithm("sha-256"), Algorithm::sha256);
  EXPECT_EQ(parse_algorithm("md5"), std::nullopt);
}

TEST(OtpauthUri, PercentEncodesIssuerAndAccount) {
  EXPECT_EQ(otpauth_uri("ACME Co", "jane.doe+help@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/ACME%20Co:jane.doe%2Bhelp%40example.com?secret=JBSWY3DPEHPK3PXP"
            "&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("Caf\xC3\xA9 & Co", "r\xC3\xA9mi", "JBSWY3DP", 8, 60, Algorithm::sha512),
            "otpauth://totp/Caf%C3%A9%20%26%20Co:r%C3%A9mi?secret=JBSWY3DP"
            "&issuer=Caf%C3%A9%20%26%20Co&algorithm=SHA512&digits=8&period=60");
  EXPECT_EQ(otpauth_uri("", "jane", "JBSWY3DP"), "otpauth://totp/jane?secret=JBSWY3DP&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, RefusesColonsAndEmptyParts) {
  EXPECT_THROW(otpauth_uri("A:B", "jane", "JBSWY3DP"), std::invalid_argument);
  EXPECT_THROW(otpauth_uri("ACME", "ja:ne", "JBSWY3DP"), std::invalid_argument);
  EXPECT_THROW(otpauth_uri("ACME", "", "JBSWY3DP"), std::invalid_argument);
  EXPECT_THROW(otpauth_uri("ACME", "jane", ""), std::invalid_argument);
}

}  // namespace
}  // namespace mfa_totp
