#include "data_url.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>

#include <helpdesk/error.hpp>
#include <helpdesk/text.hpp>

namespace intake_api {

namespace {

using helpdesk::lower;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 2045 token characters, for the parts of a media type.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return c > 0x20 && c < 0x7f && !std::strchr("()<>@,;:\\\"/[]?=", c);
  });
}

std::string describe(unsigned char c) {
  char buf[16];
  if (c >= 0x21 && c < 0x7f) std::snprintf(buf, sizeof buf, "'%c'", c);
  else std::snprintf(buf, sizeof buf, "byte 0x%02X", c);
  return buf;
}

[[noreturn]] void bad_base64(const std::string& why) {
  throw helpdesk::bad_request("invalid base64: " + why, "invalid_base64");
}

[[noreturn]] void bad_url(const std::string& why) {
  throw helpdesk::bad_request("invalid data URL: " + why, "invalid_data_url");
}

constexpr std::array<signed char, 256> make_table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<signed char>(i);
  return t;
}
constexpr auto kBase64 = make_table();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::string DataUrl::content_type() const {
  return charset.empty() ? media_type : media_type + "; charset=" + charset;
}

bool is_data_url(std::string_view text) { return text.size() >= 5 && lower(text.substr(0, 5)) == "data:"; }

std::string decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  std::uint32_t acc = 0;
  int bits = 0;        // bits waiting in acc
  std::size_t n = 0;   // alphabet characters seen
  std::size_t pad = 0; // '=' seen
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_space(c)) continue;
    if (c == '=') {
      ++pad;
      if (pad > 2) bad_base64("too much padding at offset " + std::to_string(i));
      continue;
    }
    const int v = kBase64[static_cast<unsigned char>(c)];
    if (v < 0)
      bad_base64("unexpected character " + describe(static_cast<unsigned char>(c)) + " at offset " + std::to_string(i));
    if (pad) bad_base64("data after padding at offset " + std::to_string(i));
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    ++n;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (n % 4 == 1) bad_base64("the data ends in the middle of a byte (" + std::to_string(n) + " characters)");
  if (pad && (n + pad) % 4 != 0) bad_base64("padding does not complete the last group");
  return out;
}

std::string percent_decode(std::string_view text) {
  if (text.find('%') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

DataUrl parse_data_url(std::string_view url) {
  if (!is_data_url(url)) bad_url("it does not start with \"data:\"");
  const auto comma = url.find(',');
  if (comma == std::string_view::npos) bad_url("no ',' separates the header from the data");
  std::string_view header = url.substr(5, comma - 5);
  DataUrl out;

  // The header: [type/subtype] then ";"-separated parameters.
  std::size_t pos = 0;
  bool first = true;
  while (pos <= header.size()) {
    auto semi = header.find(';', pos);
    std::string_view part = trim(header.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
    pos = semi == std::string_view::npos ? header.size() + 1 : semi + 1;
    if (first) {
      first = false;
      if (part.empty()) continue;
      auto slash = part.find('/');
      if (slash == std::string_view::npos || !is_token(part.substr(0, slash)) || !is_token(part.substr(slash + 1)))
        bad_url("the media type '" + std::string(part) + "' is not type/subtype");
      out.media_type = lower(part);
      out.has_media_type = true;
      continue;
    }
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos) {
      if (lower(part) != "base64") bad_url("unknown parameter '" + std::string(part) + "'");
      out.base64 = true;
      continue;
    }
    std::string name = lower(trim(part.substr(0, eq)));
    std::string_view value = trim(part.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (name == "charset") {
      if (!is_token(value)) bad_url("the charset '" + std::string(value) + "' is not a name");
      out.charset = lower(value);
    }
  }

  std::string data = percent_decode(url.substr(comma + 1));
  out.data = out.base64 ? decode_base64(data) : std::move(data);
  return out;
}

}  // namespace intake_api
