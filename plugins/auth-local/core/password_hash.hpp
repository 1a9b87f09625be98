#pragma once
// Password hashing with argon2id (libsodium's crypto_pwhash_str_alg, ARGON2ID13). The encoded
// string ("$argon2id$v=19$m=…,t=…,p=1$salt$hash") carries its own parameters and salt, so a
// hash made with older parameters still verifies, and needs_rehash() says when to upgrade it
// (at the next successful login, the only time the plain password is at hand).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace auth_local {

// Passwords longer than this are refused before any hashing: argon2 itself has no practical
// limit, but accepting megabytes per login attempt would hand out free CPU and memory.
inline constexpr std::size_t kMaxPasswordBytes = 1024;

struct Argon2Params {
  // The defaults are libsodium's INTERACTIVE limits for argon2id (checked in the .cpp).
  std::uint64_t ops_limit = 2;
  std::size_t mem_limit_bytes = 64u * 1024 * 1024;

  static constexpr Argon2Params interactive() { return {}; }
  // libsodium's MODERATE limits (3 passes, 256 MiB): about 0.7 s per hash on a server core;
  // for deployments that can afford it per login.
  static constexpr Argon2Params moderate() { return {3, 256u * 1024 * 1024}; }

  bool operator==(const Argon2Params&) const = default;
};

// Throws std::invalid_argument naming the setting and libsodium's bound when ops_limit or
// mem_limit_bytes is outside what argon2id accepts (meant for validating the plugin's YAML).
void validate_argon2_params(const Argon2Params& params);

// Thrown for a password over kMaxPasswordBytes.
struct PasswordTooLong : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Hashes with a fresh random salt. Throws PasswordTooLong, std::invalid_argument for bad
// params, std::runtime_error when argon2 fails (out of memory for mem_limit_bytes).
std::string hash_password(std::string_view password, const Argon2Params& params);

// Whether `password` matches the encoded hash. False (never a throw) for a wrong password, an
// overlong password (refused unhashed) and for an encoded string that is not a libsodium hash.
bool verify_password(std::string_view encoded, std::string_view password);

// Whether a stored hash should be replaced: it is not argon2id (e.g. legacy argon2i or
// garbage), or its parameters differ from `params`.
bool needs_rehash(std::string_view encoded, const Argon2Params& params);

// For a login with an unknown account: costs the same as verify_password on a hash made with
// `params`, and always returns false, so response time does not tell which accounts exist.
// The hash it verifies against is made once per distinct params (the first call costs one
// extra hash; call it once at start to warm it) and cached, thread-safe.
bool dummy_verify(std::string_view password, const Argon2Params& params);

}  // namespace auth_local
