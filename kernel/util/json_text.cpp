#include "kernel/util/json_text.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

namespace helpdesk::kernel {

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80) {  // non-ASCII: let nlohmann check the UTF-8 (rare on these paths)
      out.resize(out.rfind('"'));
      out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xf];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void append_json_key(std::string& out, std::string_view key) {
  append_json_string(out, key);
  out += ':';
}

void append_json_number(std::string& out, std::int64_t value) {
  char buffer[24];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  out.append(buffer, end);
}

void append_json_number(std::string& out, double value) {
  out += nlohmann::json(value).dump();  // nlohmann's shortest round-trip form, as it parses back
}

namespace {
void begin_member(std::string& out, std::string_view key) {
  if (!out.empty() && out.back() != '{') out += ',';
  append_json_key(out, key);
}
}  // namespace

void append_json_member(std::string& out, std::string_view key, std::string_view text) {
  begin_member(out, key);
  append_json_string(out, text);
}

void append_json_member(std::string& out, std::string_view key, std::int64_t value) {
  begin_member(out, key);
  append_json_number(out, value);
}

void append_json_member(std::string& out, std::string_view key, double value) {
  begin_member(out, key);
  append_json_number(out, value);
}

}  // namespace helpdesk::kernel
