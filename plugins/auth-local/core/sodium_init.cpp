#include "sodium_init.hpp"

#include <sodium.h>

#include <stdexcept>

namespace auth_local {

void ensure_sodium() {
  // A function-local static runs sodium_init() exactly once, even under concurrent first calls.
  static const int result = sodium_init();  // 0 = done now, 1 = already done, -1 = failure
  if (result < 0) throw std::runtime_error("libsodium failed to initialise (no usable random source?)");
}

}  // namespace auth_local
