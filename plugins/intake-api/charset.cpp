#include "charset.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include <helpdesk/error.hpp>

namespace intake_api {

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 bytes 0x80..0x9F; 0 marks the five bytes it leaves undefined (kept as C1 controls).
constexpr std::uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

std::string from_single_byte(std::string_view bytes, bool cp1252) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  for (unsigned char c : bytes) {
    std::uint32_t cp = c;
    if (cp1252 && c >= 0x80 && c <= 0x9F && cp1252_high[c - 0x80]) cp = cp1252_high[c - 0x80];
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
    else return false;
    if (i + len > s.size()) return false;
    for (int k = 1; k < len; ++k) {
      unsigned char cc = s[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  std::string cs(charset);
  std::transform(cs.begin(), cs.end(), cs.begin(), [](unsigned char c) { return std::tolower(c); });
  if (cs == "utf-8" || cs == "utf8") {
    if (!is_valid_utf8(bytes)) throw helpdesk::bad_request("the text is not valid UTF-8", "invalid_encoding");
    return std::string(bytes);
  }
  if (cs.empty() || cs == "us-ascii" || cs == "ascii")
    return is_valid_utf8(bytes) ? std::string(bytes) : from_single_byte(bytes, true);
  if (cs == "iso-8859-1" || cs == "iso8859-1" || cs == "latin1" || cs == "latin-1" || cs == "l1")
    return from_single_byte(bytes, false);
  if (cs == "windows-1252" || cs == "cp1252") return from_single_byte(bytes, true);
  throw helpdesk::bad_request("unsupported charset '" + std::string(charset) +
                                  "'; use utf-8, iso-8859-1 or windows-1252",
                              "unsupported_charset");
}

}  // namespace intake_api
