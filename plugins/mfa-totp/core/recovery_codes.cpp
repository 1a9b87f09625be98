#include "recovery_codes.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "crypto_util.hpp"

namespace mfa_totp {

namespace {

constexpr std::size_t kGroup = 5;

// A uniform symbol: bytes >= 248 (the largest multiple of 31 that fits a byte) are redrawn,
// so no symbol is more likely than another.
char random_symbol() {
  constexpr unsigned limit = 256 - 256 % kRecoveryAlphabet.size();
  for (;;) {
    const auto byte = static_cast<unsigned char>(random_bytes(1)[0]);
    if (byte < limit) return kRecoveryAlphabet[byte % kRecoveryAlphabet.size()];
  }
}

}  // namespace

std::vector<std::string> generate_recovery_codes(std::size_t count) {
  std::vector<std::string> codes;
  std::set<std::string> seen;
  while (codes.size() < count) {
    std::string code;
    for (std::size_t i = 0; i < kRecoveryCodeSymbols; ++i) {
      if (i == kGroup) code += '-';
      code += random_symbol();
    }
    if (seen.insert(code).second) codes.push_back(std::move(code));
  }
  return codes;
}

std::optional<std::string> normalise_recovery_code(std::string_view input) {
  std::string out;
  for (char c : input) {
    if (c == ' ' || c == '\t' || c == '-') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (kRecoveryAlphabet.find(c) == std::string_view::npos) return std::nullopt;
    if (out.size() == kRecoveryCodeSymbols) return std::nullopt;
    out += c;
  }
  if (out.size() != kRecoveryCodeSymbols) return std::nullopt;
  return out;
}

std::string recovery_code_digest(std::string_view code) {
  const auto normal = normalise_recovery_code(code);
  if (!normal) {
    throw std::invalid_argument("not a recovery code: expected 10 characters from \"" +
                                std::string(kRecoveryAlphabet) + "\" (dashes and spaces ignored)");
  }
  return sha256_hex(*normal);
}

std::optional<std::size_t> match_recovery_code(const std::vector<std::string>& stored_digests,
                                               std::string_view input) {
  const auto normal = normalise_recovery_code(input);
  if (!normal) return std::nullopt;
  const std::string digest = sha256_hex(*normal);
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < stored_digests.size(); ++i) {
    const bool equal = constant_time_equals(stored_digests[i], digest);  // "" never equals 64 hex chars
    if (equal && !found) found = i;
  }
  return found;
}

}  // namespace mfa_totp
