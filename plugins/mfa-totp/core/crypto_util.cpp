#include "crypto_util.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
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
  return to_hex(std::string_view(reinterpret_cast<const char*>(hash), sizeof hash));
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string from_hex(std::string_view hex) {
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument("not hex");
  };
  if (hex.size() % 2) throw std::invalid_argument("hex of odd length");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) out += static_cast<char>(nibble(hex[i]) * 16 + nibble(hex[i + 1]));
  return out;
}

namespace {

constexpr int kNonce = 12, kTag = 16;

struct CipherContext {
  CipherContext() : ctx(EVP_CIPHER_CTX_new()) {
    if (!ctx) throw std::runtime_error("OpenSSL: no cipher context");
  }
  ~CipherContext() { EVP_CIPHER_CTX_free(ctx); }
  EVP_CIPHER_CTX* ctx;
};

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

}  // namespace

std::string seal(std::string_view key, std::string_view plaintext, std::string_view aad) {
  if (key.size() != 32) throw std::invalid_argument("seal: the key must be 32 bytes");
  const std::string nonce = random_bytes(kNonce);
  std::string out = nonce;
  out.resize(kNonce + plaintext.size() + kTag);
  auto* body = reinterpret_cast<unsigned char*>(out.data()) + kNonce;
  CipherContext c;
  int n = 0, tail = 0;
  if (EVP_EncryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(c.ctx, nullptr, &n, bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(c.ctx, body, &n, bytes(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(c.ctx, body + n, &tail) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_GET_TAG, kTag, body + plaintext.size()) != 1)
    throw std::runtime_error("OpenSSL: AES-256-GCM sealing failed");
  return out;
}

std::optional<std::string> open_sealed(std::string_view key, std::string_view sealed, std::string_view aad) {
  if (key.size() != 32 || sealed.size() < kNonce + kTag) return std::nullopt;
  const std::string_view nonce = sealed.substr(0, kNonce), body = sealed.substr(kNonce, sealed.size() - kNonce - kTag),
                         tag = sealed.substr(sealed.size() - kTag);
  std::string out(body.size(), '\0');
  CipherContext c;
  int n = 0, tail = 0;
  std::string tag_copy(tag);
  if (EVP_DecryptInit_ex(c.ctx, EVP_aes_256_gcm(), nullptr, bytes(key), bytes(nonce)) != 1 ||
      EVP_DecryptUpdate(c.ctx, nullptr, &n, bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(c.ctx, reinterpret_cast<unsigned char*>(out.data()), &n, bytes(body),
                        static_cast<int>(body.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.ctx, EVP_CTRL_GCM_SET_TAG, kTag, tag_copy.data()) != 1 ||
      EVP_DecryptFinal_ex(c.ctx, reinterpret_cast<unsigned char*>(out.data()) + n, &tail) != 1)
    return std::nullopt;
  return out;
}

}  // namespace mfa_totp
