#include "transport/imap_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>

namespace helpdesk::mail::detail {
namespace {

// RFC 3501 atom-specials plus the list wildcards and the resp-specials.
bool is_atom_char(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return std::string_view("(){%*\"\\]").find(c) == std::string_view::npos;
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(text[i])) !=
        std::toupper(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string imap_quote(std::string_view mailbox) {
  if (mailbox.empty()) throw std::invalid_argument("IMAP folder name is empty");
  std::string quoted = "\"";
  for (char c : mailbox) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f) {
      throw std::invalid_argument(
          "IMAP folder name must be printable ASCII (encode other names in modified UTF-7)");
    }
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

void check_imap_flag(std::string_view flag) {
  std::string_view word = flag;
  if (!word.empty() && word.front() == '\\') word.remove_prefix(1);
  if (word.empty() || !std::all_of(word.begin(), word.end(), is_atom_char)) {
    throw std::invalid_argument("IMAP flag '" + std::string(flag) +
                                "' is not a \\SystemFlag or keyword atom");
  }
}

std::vector<std::uint64_t> parse_search(std::string_view response) {
  std::vector<std::uint64_t> numbers;
  for (std::string_view line : lines_of(response)) {
    if (!starts_with_nocase(line, "* SEARCH")) continue;
    line.remove_prefix(8);
    while (!line.empty()) {
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      std::uint64_t n = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), n);
      if (ec != std::errc()) break;  // e.g. a trailing (MODSEQ …)
      numbers.push_back(n);
      line.remove_prefix(static_cast<std::size_t>(end - line.data()));
    }
  }
  std::sort(numbers.begin(), numbers.end());
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return numbers;
}

std::optional<std::uint64_t> parse_number_after(std::string_view response, std::string_view key) {
  for (std::size_t at = 0; at < response.size(); ++at) {
    if (!starts_with_nocase(response.substr(at), key)) continue;
    std::string_view rest = response.substr(at + key.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    std::uint64_t n = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
    if (ec == std::errc()) return n;
  }
  return std::nullopt;
}

std::vector<std::string> parse_capabilities(std::string_view response) {
  std::vector<std::string> words;
  for (std::string_view line : lines_of(response)) {
    if (!starts_with_nocase(line, "* CAPABILITY ")) continue;
    line.remove_prefix(13);
    while (!line.empty()) {
      auto space = line.find(' ');
      std::string word(line.substr(0, space));
      for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (!word.empty()) words.push_back(std::move(word));
      if (space == std::string_view::npos) break;
      line.remove_prefix(space + 1);
    }
  }
  return words;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() &&
        std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace helpdesk::mail::detail
