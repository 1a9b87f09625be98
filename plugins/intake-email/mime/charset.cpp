#include "charset.hpp"

#include <cerrno>
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <utility>

#include <helpdesk/text.hpp>

#include "gmime_support.hpp"

namespace helpdesk::mail {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

using helpdesk::lower;

// Length of the valid UTF-8 sequence at s[i], 0 when invalid.
std::size_t utf8_seq_len(std::string_view s, std::size_t i) {
  unsigned char c = s[i];
  if (c < 0x80) return 1;
  std::size_t len;
  std::uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) len = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, cp = c & 0x07;
  else return 0;
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

// RAII for a plain iconv descriptor: each conversion opens its own, so threads share nothing.
class Iconv {
 public:
  explicit Iconv(const std::string& from) : cd_(iconv_open("UTF-8", from.c_str())) {}
  ~Iconv() {
    if (ok()) iconv_close(cd_);
  }
  Iconv(const Iconv&) = delete;
  Iconv& operator=(const Iconv&) = delete;
  bool ok() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

// Converts with iconv, replacing each undecodable byte with U+FFFD and going on.
std::string convert(const Iconv& cd, std::string_view bytes, bool& lossy) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2 + 16);
  char buffer[4096];
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  while (true) {
    char* o = buffer;
    std::size_t o_left = sizeof buffer;
    // A null input flushes the shift state (ISO-2022-JP ends in ASCII mode).
    std::size_t rc = in_left ? iconv(cd.get(), &in, &in_left, &o, &o_left) : iconv(cd.get(), nullptr, nullptr, &o, &o_left);
    int err = errno;
    out.append(buffer, static_cast<std::size_t>(o - buffer));
    if (rc != static_cast<std::size_t>(-1)) {
      if (in_left == 0 && o == buffer) break;  // flushed and nothing more came out
      if (in_left == 0) continue;
      continue;
    }
    if (err == E2BIG) continue;
    lossy = true;
    out += replacement;
    if (err == EINVAL || in_left == 0) break;  // truncated sequence at the end
    ++in;
    --in_left;
  }
  return out;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_seq_len(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = utf8_seq_len(s, i);
    if (n == 0) {
      out += replacement;
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string decoding_charset(std::string_view declared) {
  std::string cs = lower(declared);
  // Trim quotes and blanks some mailers leave in the parameter.
  cs.erase(std::remove_if(cs.begin(), cs.end(), [](char c) { return c == '"' || c == '\'' || std::isspace((unsigned char)c); }),
           cs.end());
  if (cs.empty()) return "";
  static const std::pair<std::string_view, std::string_view> widen[] = {
      {"us-ascii", "WINDOWS-1252"},   {"ascii", "WINDOWS-1252"},      {"iso-8859-1", "WINDOWS-1252"},
      {"iso8859-1", "WINDOWS-1252"},  {"latin1", "WINDOWS-1252"},     {"l1", "WINDOWS-1252"},
      {"cp1252", "WINDOWS-1252"},     {"windows-1252", "WINDOWS-1252"}, {"x-user-defined", "WINDOWS-1252"},
      {"gb2312", "GB18030"},          {"gbk", "GB18030"},             {"x-gbk", "GB18030"},
      {"cp936", "GB18030"},           {"euc-cn", "GB18030"},          {"gb18030", "GB18030"},
      {"shift_jis", "CP932"},         {"shift-jis", "CP932"},         {"sjis", "CP932"},
      {"x-sjis", "CP932"},            {"ms_kanji", "CP932"},          {"windows-31j", "CP932"},
      {"iso-2022-jp", "ISO-2022-JP-2"}, {"euc-kr", "CP949"},          {"ks_c_5601-1987", "CP949"},
      {"iso-8859-8-i", "ISO-8859-8"}, {"utf8", "UTF-8"},              {"utf-8", "UTF-8"},
      {"unicode-1-1-utf-7", "UTF-7"}, {"x-unicode20utf8", "UTF-8"},  {"big5", "BIG5-HKSCS"}};
  for (const auto& [from, to] : widen)
    if (cs == from) return std::string(to);
  // GMime knows the remaining aliases (e.g. "latin2", "cp1251", "koi8-r"). It caches every name
  // it is asked about for good, so names no charset has are not passed on.
  bool plausible = cs.size() <= 40 && std::all_of(cs.begin(), cs.end(), [](unsigned char c) {
                     return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
                   });
  if (!plausible) return "x-invalid-charset";
  detail::ensure_gmime();
  const char* name = g_mime_charset_iconv_name(cs.c_str());
  return name ? std::string(name) : cs;
}

std::string to_utf8(std::string_view bytes, std::string_view charset, bool* lossy) {
  bool lost = false;
  std::string cs = decoding_charset(charset);
  std::string out;
  if (cs == "UTF-8" || cs.empty() || cs == "WINDOWS-1252") {
    // Mislabelled UTF-8 is far more common than real Latin-1 that happens to be valid UTF-8.
    if (is_valid_utf8(bytes)) {
      out.assign(bytes);
    } else if (cs == "UTF-8") {
      out = repair_utf8(bytes);
      lost = true;
    }
  }
  if (out.empty() && !bytes.empty()) {
    Iconv cd(cs.empty() || cs == "UTF-8" ? std::string("WINDOWS-1252") : cs);
    if (!cd.ok()) {
      lost = true;  // unknown charset
      Iconv fallback("WINDOWS-1252");
      out = is_valid_utf8(bytes) ? std::string(bytes) : convert(fallback, bytes, lost);
    } else {
      out = convert(cd, bytes, lost);
    }
  }
  if (out.size() >= 3 && out.compare(0, 3, "\xEF\xBB\xBF") == 0) out.erase(0, 3);  // BOM
  if (lossy && lost) *lossy = true;
  return out;
}

}  // namespace helpdesk::mail
