#pragma once
// The few OpenSSL primitives the TOTP core needs, with errors turned into exceptions.
#include <cstddef>
#include <string>
#include <string_view>

namespace mfa_totp {

// `count` bytes from OpenSSL's CSPRNG. Throws std::runtime_error if it cannot deliver.
std::string random_bytes(std::size_t count);

// SHA-256 of `data` as 64 lower-case hex characters.
std::string sha256_hex(std::string_view data);

// Constant-time equality (only the lengths may leak; they are public).
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace mfa_totp
