#pragma once
// RFC 4648 base32 (alphabet A–Z, 2–7), the encoding authenticator apps use for TOTP secrets.
#include <stdexcept>
#include <string>
#include <string_view>

namespace mfa_totp {

struct Base32Error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// Upper case, without '=' padding (what otpauth:// URIs and apps expect).
std::string base32_encode(std::string_view bytes);

// Tolerant of what people copy and type: lower case, spaces/tabs/newlines and hyphens between
// groups, and trailing '=' padding. Throws Base32Error naming the character and its offset for
// anything else (e.g. '0', '1', '8'), for '=' followed by data, and for a length no encoder can
// produce (1, 3 or 6 characters past a multiple of 8).
std::string base32_decode(std::string_view text);

}  // namespace mfa_totp
