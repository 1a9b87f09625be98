#include "html_entities.hpp"

#include <cctype>
#include <utility>

namespace helpdesk::mail {

namespace {

// The named references mail actually uses (Outlook, Gmail, Apple Mail, newsletters); the full
// HTML table has 2,000+ names that appear in no real message we have seen.
constexpr std::pair<std::string_view, std::uint32_t> named[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},       {"apos", '\''},
    {"nbsp", 0xA0},     {"iexcl", 0xA1},     {"cent", 0xA2},      {"pound", 0xA3},     {"curren", 0xA4},
    {"yen", 0xA5},      {"brvbar", 0xA6},    {"sect", 0xA7},      {"uml", 0xA8},       {"copy", 0xA9},
    {"ordf", 0xAA},     {"laquo", 0xAB},     {"not", 0xAC},       {"shy", 0xAD},       {"reg", 0xAE},
    {"macr", 0xAF},     {"deg", 0xB0},       {"plusmn", 0xB1},    {"sup2", 0xB2},      {"sup3", 0xB3},
    {"acute", 0xB4},    {"micro", 0xB5},     {"para", 0xB6},      {"middot", 0xB7},    {"cedil", 0xB8},
    {"sup1", 0xB9},     {"ordm", 0xBA},      {"raquo", 0xBB},     {"frac14", 0xBC},    {"frac12", 0xBD},
    {"frac34", 0xBE},   {"iquest", 0xBF},    {"Agrave", 0xC0},    {"Aacute", 0xC1},    {"Acirc", 0xC2},
    {"Atilde", 0xC3},   {"Auml", 0xC4},      {"Aring", 0xC5},     {"AElig", 0xC6},     {"Ccedil", 0xC7},
    {"Egrave", 0xC8},   {"Eacute", 0xC9},    {"Ecirc", 0xCA},     {"Euml", 0xCB},      {"Igrave", 0xCC},
    {"Iacute", 0xCD},   {"Icirc", 0xCE},     {"Iuml", 0xCF},      {"ETH", 0xD0},       {"Ntilde", 0xD1},
    {"Ograve", 0xD2},   {"Oacute", 0xD3},    {"Ocirc", 0xD4},     {"Otilde", 0xD5},    {"Ouml", 0xD6},
    {"times", 0xD7},    {"Oslash", 0xD8},    {"Ugrave", 0xD9},    {"Uacute", 0xDA},    {"Ucirc", 0xDB},
    {"Uuml", 0xDC},     {"Yacute", 0xDD},    {"THORN", 0xDE},     {"szlig", 0xDF},     {"agrave", 0xE0},
    {"aacute", 0xE1},   {"acirc", 0xE2},     {"atilde", 0xE3},    {"auml", 0xE4},      {"aring", 0xE5},
    {"aelig", 0xE6},    {"ccedil", 0xE7},    {"egrave", 0xE8},    {"eacute", 0xE9},    {"ecirc", 0xEA},
    {"euml", 0xEB},     {"igrave", 0xEC},    {"iacute", 0xED},    {"icirc", 0xEE},     {"iuml", 0xEF},
    {"eth", 0xF0},      {"ntilde", 0xF1},    {"ograve", 0xF2},    {"oacute", 0xF3},    {"ocirc", 0xF4},
    {"otilde", 0xF5},   {"ouml", 0xF6},      {"divide", 0xF7},    {"oslash", 0xF8},    {"ugrave", 0xF9},
    {"uacute", 0xFA},   {"ucirc", 0xFB},     {"uuml", 0xFC},      {"yacute", 0xFD},    {"thorn", 0xFE},
    {"yuml", 0xFF},     {"OElig", 0x152},    {"oelig", 0x153},    {"Scaron", 0x160},   {"scaron", 0x161},
    {"Yuml", 0x178},    {"fnof", 0x192},     {"circ", 0x2C6},     {"tilde", 0x2DC},    {"ensp", 0x2002},
    {"emsp", 0x2003},   {"thinsp", 0x2009},  {"zwnj", 0x200C},    {"zwj", 0x200D},     {"lrm", 0x200E},
    {"rlm", 0x200F},    {"ndash", 0x2013},   {"mdash", 0x2014},   {"lsquo", 0x2018},   {"rsquo", 0x2019},
    {"sbquo", 0x201A},  {"ldquo", 0x201C},   {"rdquo", 0x201D},   {"bdquo", 0x201E},   {"dagger", 0x2020},
    {"Dagger", 0x2021}, {"bull", 0x2022},    {"hellip", 0x2026},  {"permil", 0x2030},  {"prime", 0x2032},
    {"lsaquo", 0x2039}, {"rsaquo", 0x203A},  {"euro", 0x20AC},    {"trade", 0x2122},   {"larr", 0x2190},
    {"rarr", 0x2192},   {"uarr", 0x2191},    {"darr", 0x2193},    {"hearts", 0x2665},  {"check", 0x2713}};

std::uint32_t checked(std::uint64_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0xFFFD;
  return static_cast<std::uint32_t>(cp);
}

}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string decode_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out += s[i++];
      continue;
    }
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') {
      ++j;
      bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
      if (hex) ++j;
      std::size_t start = j;
      std::uint64_t cp = 0;
      while (j < s.size() && (hex ? std::isxdigit((unsigned char)s[j]) : std::isdigit((unsigned char)s[j])) && j - start < 8) {
        cp = cp * (hex ? 16 : 10) + (std::isdigit((unsigned char)s[j]) ? s[j] - '0' : (std::tolower(s[j]) - 'a' + 10));
        ++j;
      }
      if (j == start) {
        out += s[i++];
        continue;
      }
      if (j < s.size() && s[j] == ';') ++j;
      append_utf8(out, checked(cp));
      i = j;
      continue;
    }
    std::size_t start = j;
    while (j < s.size() && std::isalnum((unsigned char)s[j]) && j - start < 10) ++j;
    std::string_view name = s.substr(start, j - start);
    bool semicolon = j < s.size() && s[j] == ';';
    bool found = false;
    for (const auto& [n, cp] : named) {
      // Without the ';' only the few legacy names browsers also accept bare.
      if (n == name && (semicolon || n == "amp" || n == "lt" || n == "gt" || n == "quot" || n == "nbsp")) {
        append_utf8(out, cp);
        i = j + (semicolon ? 1 : 0);
        found = true;
        break;
      }
    }
    if (!found) out += s[i++];
  }
  return out;
}

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace helpdesk::mail
