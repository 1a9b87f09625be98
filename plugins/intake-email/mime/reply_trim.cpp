#include "reply_trim.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include <helpdesk/text.hpp>

namespace helpdesk::mail {

namespace {

// Lines longer than this are prose, never an attribution or header line.
constexpr std::size_t max_marker_line = 400;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace((unsigned char)s.front())) s.remove_prefix(1);
  while (!s.empty() && std::isspace((unsigned char)s.back())) s.remove_suffix(1);
  return s;
}

using helpdesk::lower;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      if (pos < text.size()) lines.push_back(text.substr(pos));
      break;
    }
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

bool is_quoted(std::string_view line) { return !line.empty() && line.front() == '>'; }

// "On Tue, 24 Nov 2026 at 10:02, Ann <ann@example.com> wrote:" and its translations. Gmail
// wraps long ones, so the start and the end may be on two lines.
bool attribution_starts(std::string_view l) {
  static constexpr std::array<std::string_view, 8> openers = {"on ", "am ", "le ", "el ", "il ", "op ", "em ", "w dniu "};
  return std::any_of(openers.begin(), openers.end(), [&](std::string_view o) { return starts_with(l, o); });
}

// Ends in ':' and names the verb somewhere ("schrieb Anna <a@x.de>:" puts the name after it).
bool attribution_ends(std::string_view l) {
  static constexpr std::array<std::string_view, 8> verbs = {"wrote", "schrieb", "a écrit", "escribió",
                                                           "ha scritto", "schreef", "escreveu", "napisał"};
  if (l.empty() || l.back() != ':') return false;
  return std::any_of(verbs.begin(), verbs.end(), [&](std::string_view v) { return l.find(v) != std::string_view::npos; });
}

// Returns how many lines the attribution at i spans (1 or 2), 0 when there is none.
std::size_t attribution_at(const std::vector<std::string_view>& lines, std::size_t i) {
  std::string_view line = trim(lines[i]);
  if (line.size() > max_marker_line) return 0;
  std::string l = lower(line);
  if (!attribution_starts(l)) return 0;
  if (attribution_ends(l)) return 1;
  if (i + 1 < lines.size()) {
    std::string next = lower(trim(lines[i + 1]));
    if (next.size() <= max_marker_line && attribution_ends(l + " " + next)) return 2;
  }
  return 0;
}

bool is_original_message_separator(std::string_view line) {
  std::string l = lower(trim(line));
  if (l.size() > 80 || !starts_with(l, "--")) return false;
  static constexpr std::array<std::string_view, 7> names = {"original message", "ursprüngliche nachricht",
                                                           "message d'origine", "mensaje original",
                                                           "messaggio originale", "oorspronkelijk bericht",
                                                           "mensagem original"};
  return ends_with(l, "--") && std::any_of(names.begin(), names.end(), [&](std::string_view n) {
           return l.find(n) != std::string::npos;
         });
}

// Field names of a quoted header block, with the bold markers Gmail's plain text keeps ("*From:*").
bool header_field(std::string_view line, std::initializer_list<std::string_view> names) {
  std::string l = lower(trim(line).substr(0, 40));
  if (!l.empty() && l.front() == '*') l.erase(0, 1);
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return starts_with(l, n); });
}

// Outlook: "From: Ann" then "Sent: ..." (or "Date:") and "To:"/"Subject:" within a few lines.
bool outlook_header_at(const std::vector<std::string_view>& lines, std::size_t i) {
  if (!header_field(lines[i], {"from:", "von:", "de :", "de:", "da:", "van:"})) return false;
  bool sent = false, to = false;
  for (std::size_t k = i + 1; k < lines.size() && k <= i + 6; ++k) {
    if (header_field(lines[k], {"sent:", "date:", "gesendet:", "envoyé :", "envoyé:", "enviado el:", "enviado:", "inviato:", "verzonden:"}))
      sent = true;
    if (header_field(lines[k], {"to:", "subject:", "an:", "betreff:", "à :", "objet :", "para:", "asunto:", "a:", "oggetto:", "aan:", "onderwerp:"}))
      to = true;
  }
  return sent && to;
}

bool is_underscore_rule(std::string_view line) {
  std::string_view l = trim(line);
  return l.size() >= 20 && std::all_of(l.begin(), l.end(), [](char c) { return c == '_'; });
}

// Where the quoted history starts; lines.size() when there is none.
std::size_t quote_start(const std::vector<std::string_view>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (is_quoted(lines[i])) continue;
    if (attribution_at(lines, i) || is_original_message_separator(lines[i])) return i;
    if (outlook_header_at(lines, i)) {
      // Outlook puts a rule of underscores (and maybe a blank) right above the header block.
      std::size_t start = i;
      while (start > 0 && trim(lines[start - 1]).empty()) --start;
      if (start > 0 && is_underscore_rule(lines[start - 1])) return start - 1;
      return i;
    }
  }
  // No attribution: a block of ">" lines (with blanks) running to the end is the quote.
  std::size_t end = lines.size();
  std::size_t i = end;
  bool saw_quote = false;
  while (i > 0 && (is_quoted(lines[i - 1]) || trim(lines[i - 1]).empty())) {
    saw_quote = saw_quote || is_quoted(lines[i - 1]);
    --i;
  }
  return saw_quote ? i : end;
}

// A line of dashes or underscores (what <hr> and Outlook's separator become).
bool is_rule(std::string_view line) {
  std::string_view l = trim(line);
  return l.size() >= 3 && std::all_of(l.begin(), l.end(), [](char c) { return c == '-' || c == '_'; });
}

bool is_signature_separator(std::string_view line) { return line == "-- " || line == "--"; }

bool is_mobile_footer(std::string_view line) {
  std::string l = lower(trim(line));
  if (l.size() > 80) return false;
  return starts_with(l, "sent from my ") || starts_with(l, "get outlook for ") || starts_with(l, "sent from outlook") ||
         starts_with(l, "von meinem ") || starts_with(l, "envoyé de mon ") || starts_with(l, "enviado desde mi ") ||
         starts_with(l, "sent from mail for windows") || starts_with(l, "sent with proton mail");
}

}  // namespace

TrimmedReply trim_reply(std::string_view text) {
  std::vector<std::string_view> lines = split_lines(text);
  std::size_t end = quote_start(lines);
  bool trimmed = end < lines.size();

  for (std::size_t i = 0; i < end; ++i) {
    if (is_signature_separator(lines[i])) {
      end = i;
      trimmed = true;
      break;
    }
  }
  // Footers and separator rules left at the end once the quote is gone.
  while (true) {
    std::size_t last = end;
    while (last > 0 && trim(lines[last - 1]).empty()) --last;
    if (last == 0 || !(is_mobile_footer(lines[last - 1]) || is_rule(lines[last - 1]))) break;
    end = last - 1;
    trimmed = true;
  }

  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    out.append(lines[i]);
    out += '\n';
  }
  while (!out.empty() && std::isspace((unsigned char)out.back())) out.pop_back();
  // Leading blank lines are noise too.
  std::size_t first = out.find_first_not_of("\r\n");
  out.erase(0, first == std::string::npos ? out.size() : first);
  if (out.empty()) {
    // Nothing new above the quote (a bare forward, or a top-posted signature): keep it all.
    std::string all(text);
    while (!all.empty() && std::isspace((unsigned char)all.back())) all.pop_back();
    return {all, false};
  }
  return {out, trimmed};
}

}  // namespace helpdesk::mail
