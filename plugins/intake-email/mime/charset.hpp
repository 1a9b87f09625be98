#pragma once
// Bytes in a declared charset to UTF-8. Mail lies about charsets all the time, so conversion
// never fails: unknown or missing charsets are guessed, undecodable bytes become U+FFFD and the
// caller is told (lossy) so it can add a warning.
#include <string>
#include <string_view>

namespace helpdesk::mail {

bool is_valid_utf8(std::string_view bytes);

// Valid UTF-8 stays as is; each invalid byte becomes U+FFFD.
std::string repair_utf8(std::string_view bytes);

// The iconv name we decode `declared` with, widened the way browsers do (ISO-8859-1 and
// US-ASCII read as Windows-1252, GB2312 as GB18030, Shift_JIS as CP932, EUC-KR as CP949).
// "" for "" (no charset given).
std::string decoding_charset(std::string_view declared);

// Converts to UTF-8. An empty or unknown charset keeps valid UTF-8 and reads anything else as
// Windows-1252. Sets *lossy when bytes had to be replaced or the charset was unknown.
std::string to_utf8(std::string_view bytes, std::string_view charset, bool* lossy = nullptr);

}  // namespace helpdesk::mail
