#include "filename.hpp"

#include <utility>

#include "charset.hpp"

namespace helpdesk::mail {

std::string sanitize_filename(std::string_view name) {
  std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (unsigned char c : repair_utf8(name)) {
    if (c < 0x20 || c == 0x7F) continue;
    if (c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') out += '_';
    else out += static_cast<char>(c);
  }
  // Leading dots would hide the file or make "..", trailing dots and blanks Windows drops.
  std::size_t first = out.find_first_not_of(". ");
  out.erase(0, first == std::string::npos ? out.size() : first);
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  if (out.size() > 200) {
    std::size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // whole characters only
    out.resize(cut);
  }
  return out;
}

std::string fallback_filename(std::size_t n, std::string_view content_type) {
  static constexpr std::pair<std::string_view, std::string_view> extensions[] = {
      {"application/pdf", "pdf"},        {"image/png", "png"},           {"image/jpeg", "jpg"},
      {"image/jpg", "jpg"},              {"image/gif", "gif"},           {"image/webp", "webp"},
      {"image/bmp", "bmp"},              {"image/tiff", "tif"},          {"text/plain", "txt"},
      {"text/html", "html"},             {"text/calendar", "ics"},       {"text/csv", "csv"},
      {"text/vcard", "vcf"},             {"text/x-vcard", "vcf"},        {"message/rfc822", "eml"},
      {"application/zip", "zip"},        {"application/json", "json"},   {"application/ms-tnef", "dat"},
      {"application/msword", "doc"},     {"application/vnd.ms-excel", "xls"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
      {"text/rfc822-headers", "txt"},    {"message/delivery-status", "txt"}};
  std::string_view ext = "bin";
  for (const auto& [type, e] : extensions)
    if (type == content_type) ext = e;
  return "attachment-" + std::to_string(n) + "." + std::string(ext);
}

}  // namespace helpdesk::mail
