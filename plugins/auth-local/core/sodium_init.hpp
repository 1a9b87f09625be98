#pragma once
// libsodium must be initialised once before any of its functions is used (it picks the fastest
// implementations and seeds its random generator).

namespace auth_local {

// Calls sodium_init() once per process; safe from any thread. Throws std::runtime_error when
// libsodium cannot initialise (no usable random source), since nothing secure can follow.
void ensure_sodium();

}  // namespace auth_local
