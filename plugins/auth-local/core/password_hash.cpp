#include "password_hash.hpp"

#include <sodium.h>

#include <map>
#include <mutex>
#include <utility>

#include "sodium_init.hpp"

namespace auth_local {

static_assert(Argon2Params{}.ops_limit == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
static_assert(Argon2Params{}.mem_limit_bytes == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);
static_assert(Argon2Params::moderate().ops_limit == crypto_pwhash_argon2id_OPSLIMIT_MODERATE);
static_assert(Argon2Params::moderate().mem_limit_bytes == crypto_pwhash_argon2id_MEMLIMIT_MODERATE);

namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// libsodium wants the encoded hash NUL-terminated inside a crypto_pwhash_STRBYTES buffer.
bool fits_encoded(std::string_view encoded) { return encoded.size() < crypto_pwhash_STRBYTES; }

}  // namespace

void validate_argon2_params(const Argon2Params& p) {
  if (p.ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN || p.ops_limit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    throw std::invalid_argument("argon2 ops_limit " + std::to_string(p.ops_limit) + " is outside " +
                                std::to_string(crypto_pwhash_argon2id_OPSLIMIT_MIN) + ".." +
                                std::to_string(crypto_pwhash_argon2id_OPSLIMIT_MAX));
  }
  if (p.mem_limit_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      p.mem_limit_bytes > crypto_pwhash_argon2id_MEMLIMIT_MAX) {
    throw std::invalid_argument("argon2 mem_limit_bytes " + std::to_string(p.mem_limit_bytes) +
                                " is outside " + std::to_string(crypto_pwhash_argon2id_MEMLIMIT_MIN) + ".." +
                                std::to_string(crypto_pwhash_argon2id_MEMLIMIT_MAX));
  }
}

std::string hash_password(std::string_view password, const Argon2Params& params) {
  if (password.size() > kMaxPasswordBytes) {
    throw PasswordTooLong("password is " + std::to_string(password.size()) + " bytes; at most " +
                          std::to_string(kMaxPasswordBytes) + " are accepted");
  }
  validate_argon2_params(params);
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), params.ops_limit, params.mem_limit_bytes,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw std::runtime_error("argon2id hashing failed: could not allocate mem_limit_bytes=" +
                             std::to_string(params.mem_limit_bytes));
  }
  return out;
}

bool verify_password(std::string_view encoded, std::string_view password) {
  if (password.size() > kMaxPasswordBytes || !fits_encoded(encoded)) return false;
  ensure_sodium();
  const std::string terminated(encoded);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(std::string_view encoded, const Argon2Params& params) {
  // The generic crypto_pwhash_str_needs_rehash accepts argon2i strings as current; we want
  // every hash moved to argon2id, so anything else needs a rehash.
  if (!fits_encoded(encoded) || encoded.substr(0, kArgon2idPrefix.size()) != kArgon2idPrefix) return true;
  ensure_sodium();
  const std::string terminated(encoded);
  return crypto_pwhash_argon2id_str_needs_rehash(terminated.c_str(), params.ops_limit, params.mem_limit_bytes) != 0;
}

bool dummy_verify(std::string_view password, const Argon2Params& params) {
  static std::mutex mutex;
  static std::map<std::pair<std::uint64_t, std::size_t>, std::string> hashes;
  std::string target;
  {
    std::lock_guard lock(mutex);
    auto& slot = hashes[{params.ops_limit, params.mem_limit_bytes}];
    if (slot.empty()) {
      // A random password nobody knows: the verify below can never succeed.
      unsigned char secret[32];
      ensure_sodium();
      randombytes_buf(secret, sizeof secret);
      slot = hash_password(std::string_view(reinterpret_cast<const char*>(secret), sizeof secret), params);
    }
    target = slot;
  }
  // The real path refuses overlong passwords unhashed too, so this stays equally cheap for them.
  (void)verify_password(target, password);
  return false;
}

}  // namespace auth_local
