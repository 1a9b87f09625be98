#pragma once
// Random bearer tokens (sessions, password-reset links), the digests the database stores in
// their place, and CSRF tokens bound to a session.
#include <cstddef>
#include <string>
#include <string_view>

namespace auth_local {

// `bytes` random bytes from libsodium's CSPRNG as base64url without padding (43 characters for
// the default 32 bytes). Throws std::invalid_argument below 16 bytes (guessable) or over 1024.
std::string random_token(std::size_t bytes = 32);

// SHA-256 of the token as 64 lower-case hex characters: what the database stores, so a leaked
// table holds no usable session or reset link. Tokens are high-entropy random, so a fast hash
// is right here (a password needs argon2id; a 256-bit random token cannot be brute-forced).
std::string token_digest(std::string_view token);

// Constant-time equality for digests and tokens. Only the lengths may leak (they are public).
bool digest_equals(std::string_view a, std::string_view b);

// CSRF tokens: HMAC-SHA256(server_secret, "helpdesk-csrf-v1" || session_digest), base64url.
// Chosen over a per-session random token because it needs no storage or lookup (the form page
// and the POST check derive it from the session the request already carries), it dies with
// the session, a token from one session is useless in another, and rotating the server secret
// revokes all of them at once. It is derived from the session's digest, never from the raw
// session token, so the page embeds nothing from which the session cookie could be recovered.
//
// `server_secret` must be at least 32 bytes (throws std::invalid_argument otherwise; load it
// from config via ${ENV}, or keep random_token() output in the data dir).
std::string csrf_token_for(std::string_view session_digest, std::string_view server_secret);

// Whether `candidate` is the CSRF token of that session, compared in constant time. False for
// an empty session digest or candidate; throws like csrf_token_for for a short secret (a
// configuration error, not a bad request).
bool csrf_valid(std::string_view candidate, std::string_view session_digest, std::string_view server_secret);

}  // namespace auth_local
