#include "html_tokenizer.hpp"

#include <algorithm>
#include <cctype>

#include <helpdesk/text.hpp>

#include "html_entities.hpp"

namespace helpdesk::mail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

using helpdesk::lower;

// Finds "</name" (case-insensitive) at or after `from`; npos when absent.
std::size_t find_end_tag(std::string_view html, std::size_t from, std::string_view name) {
  for (std::size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (i + 2 + name.size() > html.size()) return std::string_view::npos;
    bool match = true;
    for (std::size_t k = 0; k < name.size() && match; ++k)
      match = std::tolower((unsigned char)html[i + 2 + k]) == name[k];
    if (!match) continue;
    std::size_t after = i + 2 + name.size();
    if (after == html.size() || is_space(html[after]) || html[after] == '>' || html[after] == '/') return i;
  }
  return std::string_view::npos;
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view html) : s_(html) {}

  std::vector<HtmlToken> run() {
    std::size_t text_start = 0;
    while (i_ < s_.size()) {
      if (s_[i_] != '<') {
        ++i_;
        continue;
      }
      std::size_t lt = i_;
      HtmlToken token;
      if (!markup(token)) {
        i_ = lt + 1;
        continue;
      }
      flush_text(text_start, lt);
      bool raw = token.kind == HtmlToken::Kind::start_tag && !token.self_closing && is_raw_text_element(token.name);
      std::string name = token.name;
      tokens_.push_back(std::move(token));
      if (raw) raw_text(name);
      text_start = i_;
    }
    flush_text(text_start, s_.size());
    return std::move(tokens_);
  }

 private:
  void flush_text(std::size_t from, std::size_t to) {
    if (to <= from) return;
    HtmlToken t;
    t.text.assign(s_.substr(from, to - from));
    tokens_.push_back(std::move(t));
  }

  void raw_text(const std::string& name) {
    std::size_t end = find_end_tag(s_, i_, name);
    std::size_t stop = end == std::string_view::npos ? s_.size() : end;
    flush_text(i_, stop);
    i_ = stop;
    if (end != std::string_view::npos) {
      std::size_t gt = s_.find('>', end);
      i_ = gt == std::string_view::npos ? s_.size() : gt + 1;
      HtmlToken close;
      close.kind = HtmlToken::Kind::end_tag;
      close.name = name;
      tokens_.push_back(std::move(close));
    }
  }

  // Reads the markup at i_ ('<'). False when it is not markup, so the '<' is text.
  bool markup(HtmlToken& t) {
    std::size_t p = i_ + 1;
    if (p >= s_.size()) return false;
    if (s_.compare(p, 3, "!--") == 0) {
      std::size_t end = s_.find("-->", p + 3);
      t.kind = HtmlToken::Kind::comment;
      t.text.assign(s_.substr(p + 3, (end == std::string_view::npos ? s_.size() : end) - p - 3));
      i_ = end == std::string_view::npos ? s_.size() : end + 3;
      return true;
    }
    if (s_[p] == '!' || s_[p] == '?') {  // doctype, CDATA, processing instruction: dropped
      std::size_t end = s_.find('>', p);
      t.kind = HtmlToken::Kind::comment;
      i_ = end == std::string_view::npos ? s_.size() : end + 1;
      return true;
    }
    bool closing = s_[p] == '/';
    if (closing) ++p;
    if (p >= s_.size() || !std::isalpha((unsigned char)s_[p])) return false;
    std::size_t name_start = p;
    while (p < s_.size() && !is_space(s_[p]) && s_[p] != '>' && s_[p] != '/') ++p;
    t.kind = closing ? HtmlToken::Kind::end_tag : HtmlToken::Kind::start_tag;
    t.name = lower(s_.substr(name_start, p - name_start));
    p = attributes(p, t);
    i_ = p;
    // A tag cut off by the end of the input is dropped, as browsers do.
    if (p >= s_.size() && s_.back() != '>') {
      t = HtmlToken{};
      t.kind = HtmlToken::Kind::comment;
      return true;
    }
    if (closing) t.attributes.clear();
    return true;
  }

  // Parses attributes from p up to and including '>'; returns the position after it.
  std::size_t attributes(std::size_t p, HtmlToken& t) {
    while (p < s_.size()) {
      while (p < s_.size() && (is_space(s_[p]) || s_[p] == '/')) {
        if (s_[p] == '/' && p + 1 < s_.size() && s_[p + 1] == '>') t.self_closing = true;
        ++p;
      }
      if (p >= s_.size()) return p;
      if (s_[p] == '>') return p + 1;
      std::size_t name_start = p;
      while (p < s_.size() && !is_space(s_[p]) && s_[p] != '=' && s_[p] != '>' && s_[p] != '/') ++p;
      if (p == name_start) ++p;  // a lone '=' : skip it
      std::string name = lower(s_.substr(name_start, p - name_start));
      while (p < s_.size() && is_space(s_[p])) ++p;
      std::string value;
      if (p < s_.size() && s_[p] == '=') {
        ++p;
        while (p < s_.size() && is_space(s_[p])) ++p;
        if (p < s_.size() && (s_[p] == '"' || s_[p] == '\'')) {
          char q = s_[p++];
          std::size_t end = s_.find(q, p);
          if (end == std::string_view::npos) end = s_.size();
          value = decode_entities(s_.substr(p, end - p));
          p = end == s_.size() ? end : end + 1;
        } else {
          std::size_t start = p;
          while (p < s_.size() && !is_space(s_[p]) && s_[p] != '>') ++p;
          value = decode_entities(s_.substr(start, p - start));
        }
      }
      if (!name.empty() && name != "=" && !t.attribute(name)) t.attributes.emplace_back(std::move(name), std::move(value));
    }
    return p;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<HtmlToken> tokens_;
};

}  // namespace

const std::string* HtmlToken::attribute(std::string_view want) const {
  for (const auto& [n, v] : attributes)
    if (n == want) return &v;
  return nullptr;
}

bool is_raw_text_element(std::string_view name) {
  return name == "script" || name == "style" || name == "textarea" || name == "title" || name == "xmp" ||
         name == "iframe" || name == "noscript" || name == "noembed" || name == "noframes" || name == "plaintext";
}

std::vector<HtmlToken> tokenize_html(std::string_view html) { return Tokenizer(html).run(); }

}  // namespace helpdesk::mail
