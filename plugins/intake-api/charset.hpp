#pragma once
// Turning the bytes of a decoded message into UTF-8 text, which is what tickets store.
#include <string>
#include <string_view>

namespace intake_api {

bool is_valid_utf8(std::string_view bytes);

// Converts `bytes` declared in `charset` (case-insensitive) to UTF-8:
//   utf-8 / utf8        must already be valid UTF-8;
//   iso-8859-1, latin1  mapped byte for byte;
//   windows-1252, cp1252;
//   "" or us-ascii      kept when valid UTF-8 (senders often omit or misdeclare it), else read as
//                       windows-1252 (which the web's "latin1" really is).
// Throws helpdesk::Error 400 "unsupported_charset" for any other charset and "invalid_encoding"
// for bytes that are not valid in the declared charset.
std::string to_utf8(std::string_view bytes, std::string_view charset);

}  // namespace intake_api
