#include "kernel/rules/filter_text.hpp"

#include <cstdint>
#include <cstring>

namespace helpdesk::kernel {
namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

}  // namespace

// Whether needle[1..m-2] matches at text[i+1..] (first and last bytes already matched).
bool middle_matches(const char* text, std::string_view needle) {
  for (std::size_t k = 1; k + 1 < needle.size(); ++k)
    if (fold(text[k]) != fold(needle[k])) return false;
  return true;
}

std::size_t find_nocase(std::string_view text, std::string_view needle, std::size_t from) {
  if (needle.empty()) return from <= text.size() ? from : std::string_view::npos;
  if (from > text.size() || needle.size() > text.size() - from) return std::string_view::npos;
  const std::size_t m = needle.size();
  const char* p = text.data();
  // A letter matches in either case when bit 0x20 is forced on; any other byte must be equal.
  const char first = fold(needle.front());
  const char last = fold(needle.back());
  const char first_mask = (first >= 'a' && first <= 'z') ? 0x20 : 0;
  const char last_mask = (last >= 'a' && last <= 'z') ? 0x20 : 0;
  std::size_t i = from;
  // A ticket body is scanned by many filters: test 16 candidate positions at once on the needle's
  // first and last bytes (GCC vector extensions: SSE2 on x86-64, NEON on ARM), then verify.
  using Bytes = char __attribute__((vector_size(16)));
  const Bytes vf = first - Bytes{}, vl = last - Bytes{}, mf = first_mask - Bytes{}, ml = last_mask - Bytes{};
  for (; i + (m - 1) + 16 <= text.size(); i += 16) {
    Bytes a, b;
    std::memcpy(&a, p + i, 16);
    std::memcpy(&b, p + i + m - 1, 16);
    const auto hits = ((a | mf) == vf) & ((b | ml) == vl);
    std::uint64_t lo = 0, hi = 0;
    std::memcpy(&lo, &hits, 8);
    std::memcpy(&hi, reinterpret_cast<const char*>(&hits) + 8, 8);
    if ((lo | hi) == 0) continue;
    for (int j = 0; j < 16; ++j)
      if (hits[j] && middle_matches(p + i + j, needle)) return i + j;
  }
  for (; i + m <= text.size(); ++i)
    if (fold(p[i]) == first && fold(p[i + m - 1]) == last && middle_matches(p + i, needle)) return i;
  return std::string_view::npos;
}

bool equals_nocase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i]) != fold(b[i])) return false;
  return true;
}

bool contains_word(std::string_view text, std::string_view key) {
  if (key.empty()) return false;
  for (std::size_t at = find_nocase(text, key); at != std::string_view::npos; at = find_nocase(text, key, at + 1)) {
    const std::size_t end = at + key.size();
    const bool starts = at == 0 || !is_word_byte(text[at - 1]) || !is_word_byte(key.front());
    const bool ends = end == text.size() || !is_word_byte(text[end]) || !is_word_byte(key.back());
    if (starts && ends) return true;
  }
  return false;
}

std::string_view domain_of(std::string_view email_or_domain) {
  const auto at = email_or_domain.rfind('@');
  return at == std::string_view::npos ? email_or_domain : email_or_domain.substr(at + 1);
}

bool domain_matches(std::string_view domain, std::string_view entry) {
  while (!entry.empty() && (entry.front() == '@' || entry.front() == '.')) entry.remove_prefix(1);
  if (entry.empty() || domain.size() < entry.size()) return false;
  if (!equals_nocase(domain.substr(domain.size() - entry.size()), entry)) return false;
  return domain.size() == entry.size() || domain[domain.size() - entry.size() - 1] == '.';
}

bool valid_tag(std::string_view tag) {
  if (tag.empty() || tag.size() > 64) return false;
  for (const char c : tag)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '-'))
      return false;
  return true;
}

bool valid_field_key(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (const char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
          c == '-'))
      return false;
  return true;
}

bool plausible_agent_email(std::string_view email) {
  if (email.size() < 3 || email.size() > 254) return false;
  const auto at = email.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == email.size() ||
      email.find('@', at + 1) != std::string_view::npos)
    return false;
  for (const char c : email)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  return true;
}

}  // namespace helpdesk::kernel
