#pragma once
// RFC 2397 data URLs, the way osTicket clients send a message or an attachment:
//   data:[<mediatype>][;charset=<charset>][;<attribute>=<value>…][;base64],<data>
// and the strict base64 they carry.
#include <string>
#include <string_view>

namespace intake_api {

struct DataUrl {
  std::string media_type = "text/plain";  // lower-case "type/subtype"; RFC 2397's default when absent
  bool has_media_type = false;            // whether the URL named one
  std::string charset;                    // lower-case, quotes removed; "" when absent
  bool base64 = false;
  std::string data;  // the decoded bytes

  // media_type plus "; charset=…" when one was given, e.g. "text/plain; charset=utf-8".
  std::string content_type() const;
};

// Whether `text` is a data URL ("data:" prefix, case-insensitive).
bool is_data_url(std::string_view text);

// Parses and decodes a data URL. The data part is percent-decoded (leniently: a '%' not followed
// by two hex digits stays as it is, so "100% sure" survives), then base64-decoded when the header
// ends in ";base64". Other parameters (e.g. "name=…") are accepted and ignored.
// Throws helpdesk::Error 400 "invalid_data_url" for a malformed header (no ',' or a media type
// that is not type/subtype) and "invalid_base64" (see decode_base64) for broken base64.
DataUrl parse_data_url(std::string_view url);

// Strict base64 (RFC 4648 alphabet "A-Za-z0-9+/"). Whitespace (space, tab, CR, LF) anywhere is
// skipped, so line-wrapped base64 (MIME, PEM) decodes. Padding is optional, but when present
// it must come last and complete a 4-character group. Anything else is refused with
// helpdesk::Error 400 "invalid_base64" whose message says what is wrong and at which offset.
std::string decode_base64(std::string_view text);

// Lenient percent-decoding: "%41" becomes "A"; '%' not followed by two hex digits is kept; '+'
// is kept (data URLs are not form-encoded).
std::string percent_decode(std::string_view text);

}  // namespace intake_api
