// Recovery codes: format, normalisation, digests and single use.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

#include "recovery_codes.hpp"

namespace mfa_totp {
namespace {

TEST(RecoveryCodes, AreTenDistinctReadableCodes) {
  const auto codes = generate_recovery_codes();
  ASSERT_EQ(codes.size(), 10u);
  for (const auto& code : codes) {
    ASSERT_EQ(code.size(), 11u) << code;
    EXPECT_EQ(code[5], '-') << code;
    const std::string symbols = code.substr(0, 5) + code.substr(6);
    EXPECT_EQ(symbols.find_first_not_of("23456789abcdefghjkmnpqrstuvwxyz"), std::string::npos) << code;
    EXPECT_EQ(code.find_first_of("01oOIl"), std::string::npos) << code;
  }
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), 10u);
  EXPECT_NE(codes, generate_recovery_codes());
}

TEST(RecoveryCodes, UseEverySymbolOfTheAlphabet) {
  std::set<char> used;
  for (const auto& code : generate_recovery_codes(200)) used.insert(code.begin(), code.end());
  used.erase('-');
  EXPECT_EQ(used.size(), kRecoveryAlphabet.size());
}

TEST(RecoveryCodes, NormaliseCaseSpacesAndDashes) {
  EXPECT_EQ(normalise_recovery_code("k7m2p-x9qrt"), "k7m2px9qrt");
  EXPECT_EQ(normalise_recovery_code(" K7M2P x9qrt "), "k7m2px9qrt");
  EXPECT_EQ(normalise_recovery_code("k7-m2-px-9q-rt"), "k7m2px9qrt");
  EXPECT_EQ(normalise_recovery_code("k7m2p-x9qr"), std::nullopt);     // too short
  EXPECT_EQ(normalise_recovery_code("k7m2p-x9qrtt"), std::nullopt);   // too long
  EXPECT_EQ(normalise_recovery_code("k7m2p-x9qr0"), std::nullopt);    // '0' is not in the alphabet
  EXPECT_EQ(normalise_recovery_code(""), std::nullopt);
}

TEST(RecoveryCodes, DigestIsOfTheNormalisedCode) {
  const std::string digest = recovery_code_digest("k7m2p-x9qrt");
  EXPECT_EQ(digest.size(), 64u);
  EXPECT_EQ(digest.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(recovery_code_digest("K7M2P X9QRT"), digest);
  EXPECT_NE(recovery_code_digest("k7m2p-x9qrv"), digest);
  EXPECT_THROW(recovery_code_digest("nope"), std::invalid_argument);
}

TEST(RecoveryCodes, EachCodeWorksOnceAtTheApiLevel) {
  const auto codes = generate_recovery_codes();
  std::vector<std::string> stored;
  for (const auto& code : codes) stored.push_back(recovery_code_digest(code));

  // Typed differently from how it was shown, the fourth code still matches its own slot.
  std::string typed = codes[3];
  for (char& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto index = match_recovery_code(stored, typed);
  ASSERT_EQ(index, 3u);
  stored[*index].clear();  // burnt
  EXPECT_EQ(match_recovery_code(stored, codes[3]), std::nullopt);
  EXPECT_EQ(match_recovery_code(stored, codes[4]), 4u);  // the others still work

  stored.erase(stored.begin() + 4);  // a caller may delete rows instead of blanking them
  EXPECT_EQ(match_recovery_code(stored, codes[4]), std::nullopt);
  EXPECT_EQ(match_recovery_code(stored, codes[9]), 8u);
}

TEST(RecoveryCodes, NonCodesAndUnknownCodesMatchNothing) {
  const auto codes = generate_recovery_codes(3);
  const std::vector<std::string> stored = {recovery_code_digest(codes[0]), "", recovery_code_digest(codes[2])};
  EXPECT_EQ(match_recovery_code(stored, ""), std::nullopt);
  EXPECT_EQ(match_recovery_code(stored, "123456"), std::nullopt);  // a TOTP code typed in the wrong box
  EXPECT_EQ(match_recovery_code(stored, codes[1]), std::nullopt);
  EXPECT_EQ(match_recovery_code({}, codes[0]), std::nullopt);
}

}  // namespace
}  // namespace mfa_totp
