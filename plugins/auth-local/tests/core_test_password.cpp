// argon2id hashing, rehash decisions, the overlong guard and the password policy.
#include <gtest/gtest.h>

#include <sodium.h>

#include <string>

#include "password_hash.hpp"
#include "password_policy.hpp"

namespace auth_local {
namespace {

// Small parameters keep each hash in the low milliseconds (production uses interactive()).
constexpr Argon2Params kFast{1, 8u * 1024 * 1024};
constexpr Argon2Params kFastTwoPasses{2, 8u * 1024 * 1024};

TEST(PasswordHash, RoundTripsAndRefusesAWrongPassword) {
  const std::string encoded = hash_password("correct horse battery", kFast);
  EXPECT_TRUE(encoded.starts_with("$argon2id$v=19$m=8192,t=1,p=1$")) << encoded;
  EXPECT_TRUE(verify_password(encoded, "correct horse battery"));
  EXPECT_FALSE(verify_password(encoded, "correct horse batterY"));
  EXPECT_FALSE(verify_password(encoded, ""));
}

TEST(PasswordHash, SaltsEveryHash) {
  EXPECT_NE(hash_password("same password", kFast), hash_password("same password", kFast));
}

TEST(PasswordHash, EmptyAndBinaryPasswordsRoundTrip) {
  const std::string with_nul("a\0b", 3);
  const std::string encoded = hash_password(with_nul, kFast);
  EXPECT_TRUE(verify_password(encoded, with_nul));
  EXPECT_FALSE(verify_password(encoded, "a"));  // the NUL and what follows count
  EXPECT_TRUE(verify_password(hash_password("", kFast), ""));
}

TEST(PasswordHash, NeedsRehashWhenParametersChange) {
  const std::string encoded = hash_password("pw-for-rehash", kFast);
  EXPECT_FALSE(needs_rehash(encoded, kFast));
  EXPECT_TRUE(needs_rehash(encoded, kFastTwoPasses));
  EXPECT_TRUE(needs_rehash(encoded, Argon2Params{1, 16u * 1024 * 1024}));
  EXPECT_TRUE(needs_rehash(encoded, Argon2Params::interactive()));
}

TEST(PasswordHash, HashWithOtherParametersStillVerifies) {
  const std::string old_hash = hash_password("kept password", kFastTwoPasses);
  EXPECT_TRUE(verify_password(old_hash, "kept password"));
  EXPECT_TRUE(needs_rehash(old_hash, kFast));
}

TEST(PasswordHash, NonArgon2idStringsNeedRehashAndNeverVerify) {
  EXPECT_TRUE(needs_rehash("", kFast));
  EXPECT_TRUE(needs_rehash("not a hash", kFast));
  EXPECT_FALSE(verify_password("not a hash", "not a hash"));
  EXPECT_FALSE(verify_password("", ""));
  EXPECT_FALSE(verify_password(std::string(500, '$'), "x"));  // over libsodium's buffer
}

TEST(PasswordHash, LegacyArgon2iVerifiesButNeedsRehash) {
  // argon2i needs at least 3 passes; with the same parameters it still has to move to argon2id.
  ASSERT_GE(sodium_init(), 0);
  const Argon2Params legacy_params{3, 8u * 1024 * 1024};
  char legacy[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(legacy, "legacy", 6, legacy_params.ops_limit, legacy_params.mem_limit_bytes,
                                  crypto_pwhash_ALG_ARGON2I13),
            0);
  ASSERT_TRUE(std::string(legacy).starts_with("$argon2i$"));
  EXPECT_TRUE(verify_password(legacy, "legacy"));
  EXPECT_TRUE(needs_rehash(legacy, legacy_params));
}

TEST(PasswordHash, OverlongPasswordIsRefusedBeforeHashing) {
  const std::string longest(kMaxPasswordBytes, 'x');
  const std::string overlong(kMaxPasswordBytes + 1, 'x');
  const std::string encoded = hash_password(longest, kFast);
  EXPECT_TRUE(verify_password(encoded, longest));
  EXPECT_THROW(hash_password(overlong, kFast), PasswordTooLong);
  try {
    hash_password(overlong, kFast);
  } catch (const PasswordTooLong& e) {
    EXPECT_NE(std::string(e.what()).find("1025 bytes; at most 1024"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(verify_password(encoded, overlong));
}

TEST(PasswordHash, ParametersOutsideLibsodiumBoundsAreNamed) {
  try {
    validate_argon2_params({0, 8u * 1024 * 1024});
    FAIL() << "ops_limit 0 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("ops_limit 0"), std::string::npos) << e.what();
  }
  EXPECT_THROW(validate_argon2_params({1, 1024}), std::invalid_argument);
  EXPECT_THROW(hash_password("x", Argon2Params{1, 1024}), std::invalid_argument);
  EXPECT_NO_THROW(validate_argon2_params(Argon2Params::interactive()));
  EXPECT_NO_THROW(validate_argon2_params(Argon2Params::moderate()));
}

TEST(PasswordHash, DummyVerifyNeverSucceeds) {
  EXPECT_FALSE(dummy_verify("", kFast));
  EXPECT_FALSE(dummy_verify("any password at all", kFast));
  EXPECT_FALSE(dummy_verify(std::string(kMaxPasswordBytes + 1, 'x'), kFast));
  EXPECT_FALSE(dummy_verify("other params", kFastTwoPasses));
}

TEST(PasswordPolicy, AcceptsALongUncommonPassword) {
  EXPECT_EQ(check_password_policy("tulip ladder seventeen", "jane@example.com"), std::nullopt);
}

TEST(PasswordPolicy, RefusesShortPasswordsCountingCharactersNotBytes) {
  const auto message = check_password_policy("short", "jane@example.com");
  ASSERT_TRUE(message);
  EXPECT_NE(message->find("at least 12 characters"), std::string::npos) << *message;
  // 12 two-byte characters are 12 characters (24 bytes) and pass; 11 do not.
  std::string umlauts;
  for (int i = 0; i < 11; ++i) umlauts += "\xC3\xA4\xC3\xB6";  // "äö", 22 characters
  EXPECT_EQ(check_password_policy(umlauts.substr(0, 24), "jane@example.com"), std::nullopt);
  EXPECT_TRUE(check_password_policy(umlauts.substr(0, 22), "jane@example.com"));
  EXPECT_EQ(check_password_policy("tulipxyz", "", PasswordPolicy{8}), std::nullopt);
}

TEST(PasswordPolicy, RefusesTheEmailAndItsLocalPart) {
  const auto message = check_password_policy("Jane.Doe.Long@Example.com", "jane.doe.long@example.com");
  ASSERT_TRUE(message);
  EXPECT_NE(message->find("not your email"), std::string::npos) << *message;
  EXPECT_TRUE(check_password_policy("jane.doe.longname", "jane.doe.longname@example.com"));
}

TEST(PasswordPolicy, RefusesCommonAndRepeatedPasswords) {
  const auto common = check_password_policy("Password1234", "jane@example.com");
  ASSERT_TRUE(common);
  EXPECT_NE(common->find("less common"), std::string::npos) << *common;
  EXPECT_TRUE(is_common_password("QWERTYUIOP"));
  EXPECT_FALSE(is_common_password("tulip ladder seventeen"));
  EXPECT_TRUE(check_password_policy("aaaaaaaaaaaaaaaa", "jane@example.com"));
}

TEST(PasswordPolicy, RefusesOverlongPasswords) {
  const auto message = check_password_policy(std::string(kMaxPasswordBytes + 1, 'q'), "jane@example.com");
  ASSERT_TRUE(message);
  EXPECT_NE(message->find("shorter"), std::string::npos) << *message;
}

}  // namespace
}  // namespace auth_local
