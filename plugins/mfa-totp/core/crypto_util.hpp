#pragma once
// The few OpenSSL primitives the TOTP core needs, with errors turned into exceptions.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mfa_totp {

// `count` bytes from OpenSSL's CSPRNG. Throws std::runtime_error if it cannot deliver.
std::string random_bytes(std::size_t count);

// SHA-256 of `data` as 64 lower-case hex characters.
std::string sha256_hex(std::string_view data);

// Constant-time equality (only the lengths may leak; they are public).
bool constant_time_equals(std::string_view a, std::string_view b);

// Lower-case hex of bytes, and back (from_hex: std::invalid_argument unless even-length hex).
std::string to_hex(std::string_view bytes);
std::string from_hex(std::string_view hex);

// AES-256-GCM with a 32-byte `key`: a fresh random 12-byte nonce, then the ciphertext, then the
// 16-byte tag; `aad` is authenticated, not stored (it binds the text to where it is kept).
std::string seal(std::string_view key, std::string_view plaintext, std::string_view aad);
// nullopt when the key, the aad or the bytes are not the ones sealed.
std::optional<std::string> open_sealed(std::string_view key, std::string_view sealed, std::string_view aad);

}  // namespace mfa_totp
