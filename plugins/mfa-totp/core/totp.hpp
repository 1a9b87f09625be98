#pragma once
// RFC 6238 time-based one-time passwords (on RFC 4226 HOTP), verification with a small window
// and replay protection, and the otpauth:// URI authenticator apps scan.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mfa_totp {

enum class Algorithm { sha1, sha256, sha512 };

// "SHA1", "SHA256", "SHA512": the names otpauth:// URIs use.
std::string_view algorithm_name(Algorithm algorithm);
// Parses those names (case-insensitive, "SHA-256" too); nullopt for anything else.
std::optional<Algorithm> parse_algorithm(std::string_view name);

// A new secret: 20 random bytes (160 bits, RFC 4226's recommendation and what every app takes).
std::string new_totp_secret();

// The RFC 4226 code for `counter`. Throws std::invalid_argument for an empty secret or digits
// outside 6..8.
std::string hotp_code(std::string_view secret_bytes, std::uint64_t counter, int digits, Algorithm algorithm);

// The time step (counter) of `unix_time`: floor(unix_time / step). Throws std::invalid_argument
// for a negative time or a step that is not positive.
std::int64_t time_step(std::int64_t unix_time, int step);

// The code at `unix_time`, zero-padded to `digits`. Throws what hotp_code and time_step throw.
std::string totp_code(std::string_view secret_bytes, std::int64_t unix_time, int digits = 6, int step = 30,
                      Algorithm algorithm = Algorithm::sha1);

struct TotpSettings {
  int digits = 6;
  int step = 30;
  Algorithm algorithm = Algorithm::sha1;
  int window = 1;  // steps accepted either side of now, for clock drift and slow typing
};

// Checks `code` against the steps now-window..now+window and returns the step it matched, which
// the caller stores as the new `last_used_step`. A step <= last_used_step is never accepted, so
// a code (or an older one) cannot be used twice. Spaces in `code` are ignored ("123 456", as
// apps display it); anything else that is not exactly `digits` ASCII digits is refused. Every
// candidate is compared in constant time and all of them are computed, so timing tells nothing.
std::optional<std::int64_t> verify_totp(std::string_view secret_bytes, std::string_view code, std::int64_t now,
                                        std::optional<std::int64_t> last_used_step,
                                        const TotpSettings& settings = {});

// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=…&algorithm=…&digits=…&period=… with issuer and
// account percent-encoded as UTF-8 (only RFC 3986 unreserved characters stay as they are).
// Throws std::invalid_argument for an empty account, a ':' in issuer or account (the label
// separator), or an empty secret.
std::string otpauth_uri(std::string_view issuer, std::string_view account, std::string_view secret_base32,
                        int digits = 6, int step = 30, Algorithm algorithm = Algorithm::sha1);

// RFC 3986 percent-encoding of everything but unreserved characters (A-Z a-z 0-9 - . _ ~).
std::string percent_encode(std::string_view text);

}  // namespace mfa_totp
