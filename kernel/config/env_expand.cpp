#include "kernel/config/env_expand.hpp"

#include <cstdlib>

namespace helpdesk::kernel::config_detail {
namespace {

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }

bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Expanded expand_env(std::string_view text, const EnvLookup& lookup) {
  Expanded out;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '$') {
      out.value += c;
      ++i;
      continue;
    }
    if (text.substr(i, 3) == "$${") {  // escaped: a literal "${"
      out.value += "${";
      i += 3;
      continue;
    }
    if (i + 1 >= text.size() || text[i + 1] != '{') {  // a lone '$' stays
      out.value += c;
      ++i;
      continue;
    }
    const std::size_t close = text.find('}', i + 2);
    if (close == std::string_view::npos) {
      out.errors.push_back("unterminated '${' (write '$${' for a literal '${')");
      out.value += text.substr(i);
      break;
    }
    const std::string_view inner = text.substr(i + 2, close - i - 2);
    const std::size_t sep = inner.find(":-");
    const std::string name(inner.substr(0, sep));
    bool valid = !name.empty() && is_name_start(name[0]);
    for (char n : name) valid = valid && is_name_char(n);
    if (!valid) {
      out.errors.push_back("invalid variable name in '${" + std::string(inner) + "}'");
    } else {
      const std::optional<std::string> value = lookup(name);
      if (sep != std::string_view::npos) {
        out.value += (value && !value->empty()) ? *value : std::string(inner.substr(sep + 2));
      } else if (value) {
        out.value += *value;
      } else {
        out.errors.push_back("environment variable '" + name + "' is not set (use ${" + name +
                             ":-default} for a default)");
      }
    }
    i = close + 1;
  }
  return out;
}

}  // namespace helpdesk::kernel::config_detail
