#include "crypto_util.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <climits>
#include <stdexcept>

namespace mfa_totp {

std::string random_bytes(std::size_t count) {
  if (count > INT_MAX) throw std::invalid_argument("random_bytes: count too large");
  std::string out(count, '\0');
  if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no random bytes available");
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char hash[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), hash);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(sizeof hash * 2);
  for (unsigned char b : hash) {
    out += hex[b >> 4];
    out += hex[b & 0xF];
  }
  return out;
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace mfa_totp
