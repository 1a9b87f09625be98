#include "outbound_mime.hpp"

#include <ctime>
#include <stdexcept>

namespace intake_email {
namespace {

bool printable_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// The length of the UTF-8 sequence starting with `lead` (1 for stray bytes, so we never loop).
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xf0 && lead < 0xf8) return 4;
  if (lead >= 0xe0) return lead < 0xf0 ? 3 : 1;
  if (lead >= 0xc0) return 2;
  return 1;
}

// A message id we put between angle brackets: printable ASCII, one '@', no brackets or spaces.
std::string checked_id(const std::string& id, const char* header) {
  if (id.empty() || !plausible_address(id))
    throw std::invalid_argument(std::string(header) + ": '" + header_text(id) + "' is not a usable message id");
  return "<" + id + ">";
}

void header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

}  // namespace

std::string header_text(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool space = false;
  for (unsigned char c : value) {
    if (c < 0x20 || c == 0x7f) c = ' ';
    if (c == ' ') {
      if (!space && !out.empty()) out += ' ';
      space = true;
      continue;
    }
    space = false;
    out += static_cast<char>(c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Printable ASCII folded at spaces so lines stay within 78 characters where the words allow;
// capped well below the 998 a line may hold.
std::string fold_ascii(std::string_view text, std::size_t used) {
  text = text.substr(0, 900);
  std::string out;
  std::size_t line = used;
  while (!text.empty()) {
    const auto space = text.find(' ', 1);
    const std::string_view word = text.substr(0, space);
    if (!out.empty() && word.front() == ' ' && line + word.size() > 78) {
      out += "\r\n";
      line = 0;
    }
    out.append(word);
    line += word.size();
    text.remove_prefix(word.size());
  }
  return out;
}

std::string encode_words(std::string_view text, std::size_t used) {
  if (printable_ascii(text)) return fold_ascii(text, used);
  // "Q" words: readable, and unlike padded "B" words they survive decoders (GMime among them)
  // that join adjacent words before decoding. Only the characters RFC 2047 allows in a phrase
  // stay literal, so the same words serve display names. Words hold whole UTF-8 characters and
  // every line stays within 76 characters.
  static const char hex[] = "0123456789ABCDEF";
  const auto encode = [](unsigned char c) -> std::string {
    if (c == ' ') return "_";
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '!' || c == '*' ||
        c == '+' || c == '-' || c == '/')
      return std::string(1, static_cast<char>(c));
    return {'=', hex[c >> 4], hex[c & 15]};
  };
  constexpr std::size_t kFrame = 12;  // "=?utf-8?Q?" and "?="
  std::string out, word;
  std::size_t limit = used + kFrame + 24 <= 76 ? 76 - used - kFrame : 75 - kFrame;
  if (used + kFrame + 24 > 76) out = "\r\n ";  // no room on the first line: start on the next
  const auto flush = [&] {
    out += "=?utf-8?Q?" + word + "?=";
    word.clear();
    limit = 75 - kFrame;  // later lines start with one space
  };
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t len = std::min(utf8_length(static_cast<unsigned char>(text[i])), text.size() - i);
    std::string piece;
    for (std::size_t k = 0; k < len; ++k) piece += encode(static_cast<unsigned char>(text[i + k]));
    if (!word.empty() && word.size() + piece.size() > limit) {
      flush();
      out += "\r\n ";
    }
    word += piece;
    i += len;
  }
  if (!word.empty()) flush();
  return out;
}

std::string format_mailbox(const Mailbox& m, std::size_t used) {
  if (!plausible_address(m.email))
    throw std::invalid_argument("'" + header_text(m.email) + "' is not a usable address");
  const std::string name = header_text(m.name);
  if (name.empty()) return m.email;
  if (!printable_ascii(name)) return encode_words(name, used) + "\r\n <" + m.email + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + m.email + ">";
}

std::string quoted_printable(std::string_view text) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out, line;
  auto flush_line = [&](bool hard) {
    // White space before a hard break would be lost in transit: encode it (on a line of its
    // own when the line has no room left for the three characters).
    if (hard && !line.empty() && (line.back() == ' ' || line.back() == '\t')) {
      const char c = line.back();
      line.pop_back();
      if (line.size() + 3 > 76) {
        out += line + "=\r\n";
        line.clear();
      }
      line += '=';
      line += hex[(c >> 4) & 15];
      line += hex[c & 15];
    }
    out += line;
    out += hard ? "\r\n" : "=\r\n";
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n' || c == '\r') {
      flush_line(true);
      continue;
    }
    std::string piece;
    if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      piece = static_cast<char>(c);
    } else {
      piece = {'=', hex[c >> 4], hex[c & 15]};
    }
    if (line.size() + piece.size() > 75) flush_line(false);  // 75 + the soft-break '=' = 76
    line += piece;
  }
  if (!line.empty()) flush_line(true);
  return out;
}

std::string rfc5322_date(std::int64_t unix_seconds) {
  static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string build_message(const OutgoingMail& m) {
  std::string out;
  std::string from, to;
  try {
    from = format_mailbox(m.from, 10);  // after "Reply-To: ", the longer of the two
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("From: ") + e.what());
  }
  try {
    to = format_mailbox(m.to, 4);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("To: ") + e.what());
  }
  header(out, "Date", rfc5322_date(m.date));
  header(out, "From", from);
  header(out, "Reply-To", from);
  header(out, "To", to);
  header(out, "Subject", encode_words(header_text(m.subject), 9));
  header(out, "Message-ID", checked_id(m.message_id, "Message-ID"));
  if (!m.in_reply_to.empty()) header(out, "In-Reply-To", checked_id(m.in_reply_to, "In-Reply-To"));
  if (!m.references.empty()) {
    std::string refs;
    for (const auto& r : m.references) refs += (refs.empty() ? "" : "\r\n ") + checked_id(r, "References");
    header(out, "References", refs);
  }
  header(out, "Auto-Submitted", m.auto_reply ? "auto-replied" : "auto-generated");
  // Asks Exchange and Outlook not to answer with out-of-office notices (they would only be
  // recognised and dropped by intake).
  header(out, "X-Auto-Response-Suppress", "All");
  header(out, "X-Helpdesk-Loop", header_text(m.loop_id));
  header(out, "MIME-Version", "1.0");
  header(out, "Content-Type", "text/plain; charset=utf-8");
  header(out, "Content-Transfer-Encoding", "quoted-printable");
  out += "\r\n";
  out += quoted_printable(m.body);
  return out;
}

}  // namespace intake_email
