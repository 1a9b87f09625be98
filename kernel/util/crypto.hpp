#pragma once
// Hashing and randomness used across the kernel (OpenSSL for SHA-256/HMAC, libsodium for
// random bytes and constant-time comparison).
#include <cstdint>
#include <string>
#include <string_view>

namespace helpdesk::kernel {

std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// `bytes` random bytes as lower-case hex (2*bytes characters).
std::string random_hex(std::size_t bytes);
// Constant-time equality for secrets of equal length; false when lengths differ.
bool secure_equals(std::string_view a, std::string_view b);

}  // namespace helpdesk::kernel
