#include "tokens.hpp"

#include <sodium.h>

#include <stdexcept>
#include <vector>

#include "sodium_init.hpp"

namespace auth_local {

namespace {

constexpr std::size_t kMinTokenBytes = 16;
constexpr std::size_t kMaxTokenBytes = 1024;
constexpr std::size_t kMinSecretBytes = 32;
constexpr std::string_view kCsrfContext = "helpdesk-csrf-v1";

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

std::string base64url(const unsigned char* data, std::size_t size) {
  constexpr int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(size, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, variant);
  out.resize(out.size() - 1);  // the encoded length counts the terminating NUL
  return out;
}

}  // namespace

std::string random_token(std::size_t bytes) {
  if (bytes < kMinTokenBytes || bytes > kMaxTokenBytes) {
    throw std::invalid_argument("random_token: " + std::to_string(bytes) + " bytes requested; allowed " +
                                std::to_string(kMinTokenBytes) + ".." + std::to_string(kMaxTokenBytes));
  }
  ensure_sodium();
  std::vector<unsigned char> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  std::string token = base64url(buffer.data(), buffer.size());
  sodium_memzero(buffer.data(), buffer.size());
  return token;
}

std::string token_digest(std::string_view token) {
  ensure_sodium();
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, bytes_of(token), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

bool digest_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string csrf_token_for(std::string_view session_digest, std::string_view server_secret) {
  if (server_secret.size() < kMinSecretBytes) {
    throw std::invalid_argument("CSRF server secret is " + std::to_string(server_secret.size()) +
                                " bytes; at least " + std::to_string(kMinSecretBytes) + " are required");
  }
  if (session_digest.empty()) throw std::invalid_argument("CSRF token requested for an empty session digest");
  ensure_sodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, bytes_of(server_secret), server_secret.size());
  crypto_auth_hmacsha256_update(&state, bytes_of(kCsrfContext), kCsrfContext.size());
  crypto_auth_hmacsha256_update(&state, bytes_of(session_digest), session_digest.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return base64url(mac, sizeof mac);
}

bool csrf_valid(std::string_view candidate, std::string_view session_digest, std::string_view server_secret) {
  if (candidate.empty() || session_digest.empty()) return false;
  return digest_equals(candidate, csrf_token_for(session_digest, server_secret));
}

}  // namespace auth_local
