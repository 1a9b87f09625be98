#include "message_ids.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace intake_email {
namespace {

constexpr std::size_t kSignatureHex = 16;

std::string hex(const unsigned char* data, std::size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(digits[data[i] >> 4]);
    out.push_back(digits[data[i] & 15]);
  }
  return out;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  std::string buffer(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buffer.data()), static_cast<int>(bytes)) != 1)
    throw std::runtime_error("no random bytes from OpenSSL");
  return hex(reinterpret_cast<const unsigned char*>(buffer.data()), bytes);
}

std::string content_message_id(std::string_view raw) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(raw.data(), raw.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed in OpenSSL");
  return hex(digest, size) + "@no-message-id.invalid";
}

MessageIds::MessageIds(std::string secret, std::string domain) : secret_(std::move(secret)), domain_(std::move(domain)) {
  if (secret_.empty()) throw std::invalid_argument("the Message-ID secret is empty");
}

std::string MessageIds::sign(std::string_view text) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()), reinterpret_cast<const unsigned char*>(text.data()),
       text.size(), mac, &len);
  return hex(mac, len).substr(0, kSignatureHex);
}

std::string MessageIds::make(const std::string& ticket_number, std::int64_t entry_id) const {
  const std::string body = ticket_number + "." + std::to_string(entry_id) + "." + random_hex(6);
  return body + "." + sign(body) + "@" + domain_;
}

std::optional<SignedId> MessageIds::verify(std::string_view id) const {
  if (!id.empty() && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  const auto at = id.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view local = id.substr(0, at);
  const auto last_dot = local.rfind('.');
  if (last_dot == std::string_view::npos) return std::nullopt;
  const std::string_view body = local.substr(0, last_dot), signature = local.substr(last_dot + 1);
  const std::string expected = sign(body);
  if (signature.size() != expected.size() || CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0)
    return std::nullopt;
  const auto first = body.find('.'), second = body.find('.', first + 1);
  if (first == std::string_view::npos || second == std::string_view::npos) return std::nullopt;
  SignedId out;
  out.ticket_number = std::string(body.substr(0, first));
  try {
    out.entry_id = std::stoll(std::string(body.substr(first + 1, second - first - 1)));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace intake_email
