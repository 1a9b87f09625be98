#pragma once
// Attachment file names that are safe to store and offer for download.
#include <cstddef>
#include <string>
#include <string_view>

namespace helpdesk::mail {

// The last path component of `name` (senders leak "C:\Users\ann\report.pdf"), without control
// characters or the reserved characters of common file systems, at most 200 bytes of UTF-8.
// "" when nothing usable is left.
std::string sanitize_filename(std::string_view name);

// "attachment-N.ext" with the extension usual for `content_type` ("bin" when unknown).
std::string fallback_filename(std::size_t n, std::string_view content_type);

}  // namespace helpdesk::mail
