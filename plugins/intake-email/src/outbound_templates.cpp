#include "outbound_templates.hpp"

#include <dlfcn.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace intake_email {
namespace {

bool placeholder_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

}  // namespace

std::filesystem::path template_dir() {
  // dladdr on a function of ours names the object it lives in: the plugin's .so when loaded by
  // the kernel, the test executable otherwise (then the source tree's folder is used).
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&template_dir), &info) != 0 && info.dli_fname != nullptr) {
    const auto beside = std::filesystem::path(info.dli_fname).parent_path() / "templates";
    std::error_code ec;
    if (std::filesystem::exists(beside / "auto_response.txt", ec)) return beside;
  }
  return INTAKE_EMAIL_TEMPLATE_DIR;
}

MailTemplate parse_template(std::string_view text) {
  const auto eol = text.find('\n');
  std::string_view first = text.substr(0, eol);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (first.rfind("Subject:", 0) != 0) throw std::invalid_argument("the first line must be \"Subject: …\"");
  MailTemplate t;
  t.subject = std::string(first.substr(8));
  t.subject.erase(0, t.subject.find_first_not_of(" \t"));
  if (eol == std::string_view::npos) throw std::invalid_argument("a blank line and the body must follow the subject");
  std::string_view rest = text.substr(eol + 1);
  if (rest.rfind("\r\n", 0) == 0)
    rest.remove_prefix(2);
  else if (rest.rfind('\n', 0) == 0)
    rest.remove_prefix(1);
  else
    throw std::invalid_argument("the line after the subject must be blank");
  t.body = std::string(rest);
  return t;
}

std::map<std::string, MailTemplate> load_templates(const std::filesystem::path& dir, const OutboundSettings& settings) {
  std::map<std::string, MailTemplate> out;
  for (auto n : kTemplates) {
    const std::string name(n);
    const auto file = dir / (name + ".txt");
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::invalid_argument("template " + file.string() + " cannot be read");
    std::stringstream ss;
    ss << in.rdbuf();
    try {
      out[name] = parse_template(ss.str());
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("template " + file.string() + ": " + e.what());
    }
    if (auto it = settings.template_subjects.find(name); it != settings.template_subjects.end() && it->second)
      out[name].subject = *it->second;
    if (auto it = settings.template_bodies.find(name); it != settings.template_bodies.end() && it->second)
      out[name].body = *it->second;
  }
  return out;
}

std::string render(std::string_view text, const std::map<std::string, std::string>& values,
                   std::vector<std::string>& unknown) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '{') {
      out += text[i++];
      continue;
    }
    std::size_t j = i + 1;
    while (j < text.size() && placeholder_char(text[j])) ++j;
    if (j == i + 1 || j >= text.size() || text[j] != '}') {  // not {name}: plain text
      out += text[i++];
      continue;
    }
    const std::string name(text.substr(i + 1, j - i - 1));
    if (auto it = values.find(name); it != values.end()) {
      out += it->second;
    } else {
      out.append(text.substr(i, j - i + 1));  // left visible so the admin sees the typo
      if (std::find(unknown.begin(), unknown.end(), name) == unknown.end()) unknown.push_back(name);
    }
    i = j + 1;
  }
  return out;
}

}  // namespace intake_email
