#pragma once
// The libFuzzer entry for the message-to-ticket decisions: parse, classify, ban check, thread
// match (signed ids, subject token), Cc collaborators and the ticket/reply bodies, all without a
// host. The plugin tests replay the corpus through it.
#include <cstddef>
#include <cstdint>

namespace intake_email {

// MailParseError (a quarantined message) is an expected outcome and swallowed; anything else
// escapes so the fuzzer reports it. Always returns 0.
int inbound_fuzz_one(const std::uint8_t* data, std::size_t size);

}  // namespace intake_email
