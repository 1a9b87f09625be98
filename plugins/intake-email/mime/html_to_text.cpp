#include "html_to_text.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "html_entities.hpp"
#include "html_tokenizer.hpp"

namespace helpdesk::mail {

namespace {

constexpr std::array<std::string_view, 30> block_tags = {
    "address", "article", "aside",  "blockquote", "center", "dd",     "div",    "dl",    "dt",    "fieldset",
    "figure",  "footer",  "form",   "h1",         "h2",     "h3",     "h4",     "h5",    "h6",    "header",
    "hr",      "li",      "main",   "nav",        "ol",     "p",      "pre",    "section", "table", "tr"};

constexpr std::array<std::string_view, 13> hidden_tags = {"script", "style", "title",  "head",     "noscript",
                                                          "iframe", "object", "svg",   "template", "xml",
                                                          "select", "textarea", "math"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

class Renderer {
 public:
  std::string run(std::string_view html) {
    for (const HtmlToken& t : tokenize_html(html)) {
      if (hidden_depth_ > 0) {
        if (t.name == hidden_name_ && t.kind == HtmlToken::Kind::start_tag && !t.self_closing) ++hidden_depth_;
        if (t.name == hidden_name_ && t.kind == HtmlToken::Kind::end_tag) --hidden_depth_;
        continue;
      }
      switch (t.kind) {
        case HtmlToken::Kind::text: text(decode_entities(t.text)); break;
        case HtmlToken::Kind::start_tag: start(t); break;
        case HtmlToken::Kind::end_tag: end(t.name); break;
        case HtmlToken::Kind::comment: break;
      }
    }
    break_line();
    return finish();
  }

 private:
  struct Line {
    int depth = 0;
    std::string text;
  };

  void start(const HtmlToken& t) {
    if (in(hidden_tags, t.name)) {
      if (!t.self_closing) hidden_name_ = t.name, hidden_depth_ = 1;
      return;
    }
    if (t.name == "br") {
      break_line(true);
      return;
    }
    if (t.name == "hr") {
      break_line();
      current_.text = "----------";
      break_line();
      return;
    }
    if (t.name == "td" || t.name == "th") {
      if (!current_.text.empty()) current_.text += "  ";
      return;
    }
    if (t.name == "pre") ++pre_;
    if (t.name == "a") {
      const std::string* href = t.attribute("href");
      links_.push_back(href ? *href : std::string());
      link_text_start_.push_back(current_.text.size());
    }
    if (in(block_tags, t.name)) break_line();
    if (t.name == "blockquote") ++depth_;
    if (t.name == "li") {
      current_.depth = depth_;
      current_.text += "- ";
    }
    if (t.name == "p") {
      // Outlook writes every line as <p class=MsoNormal>; a gap after each would double-space it.
      const std::string* cls = t.attribute("class");
      bool outlook_line = cls && cls->find("MsoNormal") != std::string::npos;
      p_gaps_.push_back(!outlook_line);
      if (!outlook_line) paragraph_gap();
    }
  }

  void end(const std::string& name) {
    if (name == "pre" && pre_ > 0) --pre_;
    if (name == "a" && !links_.empty()) {
      std::string href = links_.back();
      std::size_t from = std::min(link_text_start_.back(), current_.text.size());
      links_.pop_back();
      link_text_start_.pop_back();
      std::string shown = current_.text.substr(from);
      bool web = href.rfind("http://", 0) == 0 || href.rfind("https://", 0) == 0;
      if (web && shown.find(href) == std::string::npos) current_.text += " <" + href + ">";
    }
    // Outlook's blank line is a paragraph holding only &nbsp;.
    bool blank = saw_nbsp_ && current_.text.find_first_not_of(' ') == std::string::npos;
    if (in(block_tags, name)) break_line(blank);
    if (name == "blockquote" && depth_ > 0) --depth_;
    if (name == "p" && !p_gaps_.empty()) {
      if (p_gaps_.back()) paragraph_gap();
      p_gaps_.pop_back();
    }
  }

  void text(const std::string& raw) {
    std::string s;
    // U+00A0 is a plain space in text; whitespace runs collapse unless inside <pre>.
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw.compare(i, 2, "\xC2\xA0") == 0) {
        s += ' ';
        ++i;
        saw_nbsp_ = true;
        continue;
      }
      char c = raw[i];
      if (pre_ > 0) {
        if (c == '\n') {
          current_.text += s;
          s.clear();
          break_line(true);
          continue;
        }
        if (c != '\r') s += c;
        continue;
      }
      bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (space) {
        bool at_start = current_.text.empty() && s.empty();
        bool after_space = (!s.empty() && s.back() == ' ') || (s.empty() && !current_.text.empty() && current_.text.back() == ' ');
        if (!at_start && !after_space) s += ' ';
      } else {
        s += c;
      }
    }
    if (!s.empty() && current_.text.empty()) current_.depth = depth_;
    current_.text += s;
  }

  // Ends the current line. A <br> always ends one (even empty); blocks only end non-empty ones.
  void break_line(bool forced = false) {
    while (!current_.text.empty() && current_.text.back() == ' ') current_.text.pop_back();
    if (current_.text.empty() && !forced) return;
    if (current_.text.empty()) current_.depth = depth_;
    saw_nbsp_ = false;
    lines_.push_back(std::move(current_));
    current_ = Line{};
  }

  void paragraph_gap() {
    if (!lines_.empty() && !lines_.back().text.empty()) lines_.push_back(Line{depth_, ""});
  }

  std::string finish() {
    std::string out;
    int blank_run = 0;
    for (const Line& line : lines_) {
      if (line.text.empty()) {
        if (out.empty() || ++blank_run > 1) continue;
      } else {
        blank_run = 0;
      }
      if (!line.text.empty()) {
        for (int d = 0; d < line.depth; ++d) out += '>';
        if (line.depth > 0) out += ' ';
        out += line.text;
      }
      out += '\n';
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
  }

  std::vector<Line> lines_;
  Line current_;
  int depth_ = 0;
  int pre_ = 0;
  std::string hidden_name_;
  int hidden_depth_ = 0;
  std::vector<std::string> links_;
  std::vector<std::size_t> link_text_start_;
  std::vector<bool> p_gaps_;
  bool saw_nbsp_ = false;  // the current line had only &nbsp; so far  // per open <p>: whether it is set off by blank lines
};

}  // namespace

std::string html_to_text(std::string_view html) { return Renderer().run(html); }

}  // namespace helpdesk::mail
