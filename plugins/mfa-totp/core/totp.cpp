#include "totp.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <stdexcept>

#include "crypto_util.hpp"

namespace mfa_totp {

namespace {

constexpr int kMinDigits = 6;  // RFC 4226 section 5.3
constexpr int kMaxDigits = 8;
constexpr int kMaxWindow = 10;

const EVP_MD* digest_of(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::sha1: return EVP_sha1();
    case Algorithm::sha256: return EVP_sha256();
    case Algorithm::sha512: return EVP_sha512();
  }
  throw std::invalid_argument("unknown TOTP algorithm");
}

void check_digits(int digits) {
  if (digits < kMinDigits || digits > kMaxDigits) {
    throw std::invalid_argument("TOTP digits must be 6..8, not " + std::to_string(digits));
  }
}

std::string upper_without_dashes(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string_view algorithm_name(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::sha1: return "SHA1";
    case Algorithm::sha256: return "SHA256";
    case Algorithm::sha512: return "SHA512";
  }
  return "?";
}

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  const std::string n = upper_without_dashes(name);
  if (n == "SHA1") return Algorithm::sha1;
  if (n == "SHA256") return Algorithm::sha256;
  if (n == "SHA512") return Algorithm::sha512;
  return std::nullopt;
}

std::string new_totp_secret() { return random_bytes(20); }

std::string hotp_code(std::string_view secret, std::uint64_t counter, int digits, Algorithm algorithm) {
  check_digits(digits);
  if (secret.empty()) throw std::invalid_argument("TOTP secret is empty");
  if (secret.size() > INT_MAX) throw std::invalid_argument("TOTP secret is too long");
  unsigned char message[8];
  for (int i = 7; i >= 0; --i) {
    message[i] = static_cast<unsigned char>(counter & 0xFF);
    counter >>= 8;
  }
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  if (HMAC(digest_of(algorithm), secret.data(), static_cast<int>(secret.size()), message, sizeof message, mac,
           &mac_size) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC failed for " + std::string(algorithm_name(algorithm)));
  }
  // RFC 4226 section 5.3 dynamic truncation.
  const unsigned offset = mac[mac_size - 1] & 0x0F;
  const std::uint32_t binary = (static_cast<std::uint32_t>(mac[offset] & 0x7F) << 24) |
                               (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | mac[offset + 3];
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  code.insert(0, static_cast<std::size_t>(digits) - code.size(), '0');
  return code;
}

std::int64_t time_step(std::int64_t unix_time, int step) {
  if (step <= 0) throw std::invalid_argument("TOTP step must be positive, not " + std::to_string(step));
  if (unix_time < 0) throw std::invalid_argument("TOTP time before 1970 is not supported");
  return unix_time / step;
}

std::string totp_code(std::string_view secret, std::int64_t unix_time, int digits, int step, Algorithm algorithm) {
  return hotp_code(secret, static_cast<std::uint64_t>(time_step(unix_time, step)), digits, algorithm);
}

std::optional<std::int64_t> verify_totp(std::string_view secret, std::string_view code, std::int64_t now,
                                        std::optional<std::int64_t> last_used_step, const TotpSettings& settings) {
  check_digits(settings.digits);
  if (settings.window < 0 || settings.window > kMaxWindow) {
    throw std::invalid_argument("TOTP window must be 0.." + std::to_string(kMaxWindow) + ", not " +
                                std::to_string(settings.window));
  }
  std::string typed;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    typed += c;
  }
  if (typed.size() != static_cast<std::size_t>(settings.digits)) return std::nullopt;

  const std::int64_t current = time_step(now, settings.step);
  std::optional<std::int64_t> matched;
  for (std::int64_t s = current - settings.window; s <= current + settings.window; ++s) {
    if (s < 0) continue;
    const std::string expected = hotp_code(secret, static_cast<std::uint64_t>(s), settings.digits, settings.algorithm);
    const bool usable = !last_used_step || s > *last_used_step;
    // The earliest usable match: storing a later step would needlessly burn the codes between.
    if (constant_time_equals(expected, typed) && usable && !matched) matched = s;
  }
  return matched;
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
  return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32,
                        int digits, int step, Algorithm algorithm) {
  check_digits(digits);
  if (step <= 0) throw std::invalid_argument("TOTP step must be positive, not " + std::to_string(step));
  if (account.empty()) throw std::invalid_argument("otpauth URI: the account name is empty");
  if (secret_base32.empty()) throw std::invalid_argument("otpauth URI: the secret is empty");
  // Key URI format: "Neither issuer nor account name may themselves contain a colon".
  if (issuer.find(':') != std::string_view::npos) throw std::invalid_argument("otpauth URI: issuer contains ':'");
  if (account.find(':') != std::string_view::npos) throw std::invalid_argument("otpauth URI: account contains ':'");

  std::string uri = "otpauth://totp/";
  if (!issuer.empty()) uri += percent_encode(issuer) + ":";
  uri += percent_encode(account);
  uri += "?secret=" + percent_encode(secret_base32);
  if (!issuer.empty()) uri += "&issuer=" + percent_encode(issuer);
  uri += "&algorithm=" + std::string(algorithm_name(algorithm));
  uri += "&digits=" + std::to_string(digits);
  uri += "&period=" + std::to_string(step);
  return uri;
}

}  // namespace mfa_totp
