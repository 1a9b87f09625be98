// Fuzz entry for the message-to-ticket decisions: parse, classify, ban check, thread match, Cc and
// body choices (intake_email::inbound_fuzz_one), on any bytes. The seeds are tests/corpus/*.eml.
#include <cstddef>
#include <cstdint>

#include "inbound_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return intake_email::inbound_fuzz_one(data, size);
}
