#pragma once
// One-time recovery codes for when the authenticator is lost: shown once at enrolment, stored
// only as digests, each burnt when used.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mfa_totp {

inline constexpr std::size_t kRecoveryCodeCount = 10;
// Lower-case letters and digits without the look-alikes 0/o, 1/i/l: 31 symbols, so a
// 10-symbol code carries 49.5 bits, beyond guessing at any rate a login throttle allows.
inline constexpr std::string_view kRecoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
inline constexpr std::size_t kRecoveryCodeSymbols = 10;

// `count` fresh codes like "k7m2p-x9qrt" (5 + 5 symbols, uniformly random, no duplicates).
std::vector<std::string> generate_recovery_codes(std::size_t count = kRecoveryCodeCount);

// What the person typed, reduced to the 10 symbols: lower-cased, with spaces, tabs and dashes
// removed. nullopt when what remains is not 10 symbols of the alphabet.
std::optional<std::string> normalise_recovery_code(std::string_view input);

// The digest to store: SHA-256 hex of the normalised code. SHA-256 is right here although a
// password needs argon2id: these codes are ~50 bits of randomness chosen by us, not a human's
// guessable choice, so a fast hash leaves nothing to brute-force from a leaked table at any
// feasible cost, and verifying needs no tuning. Throws std::invalid_argument for input that
// does not normalise to a code.
std::string recovery_code_digest(std::string_view code);

// The index in `stored_digests` of the code the person typed, which the caller burns (deletes
// or blanks) in the same transaction that accepts the login; nullopt when nothing matches or
// the input is no code. Empty entries (already burnt) never match. Every entry is compared, in
// constant time, so timing does not tell which (or whether one) matched.
std::optional<std::size_t> match_recovery_code(const std::vector<std::string>& stored_digests,
                                               std::string_view input);

}  // namespace mfa_totp
