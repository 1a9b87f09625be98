#pragma once
// The libFuzzer entry for the MIME parser: LLVMFuzzerTestOneInput calls this, and the corpus
// test replays every .eml through it too.
#include <cstddef>
#include <cstdint>

namespace helpdesk::mail {

// Parses `data` with default limits; MailParseError (a quarantined message) is an expected
// outcome and swallowed. Anything else escapes, so the fuzzer reports it. Always returns 0.
int mail_fuzz_one(const std::uint8_t* data, std::size_t size);

}  // namespace helpdesk::mail
