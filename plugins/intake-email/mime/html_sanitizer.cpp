#include "html_sanitizer.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include <helpdesk/text.hpp>

#include "html_entities.hpp"
#include "html_tokenizer.hpp"

namespace helpdesk::mail {

namespace {

template <std::size_t N>
bool in(const std::array<std::string_view, N>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

constexpr std::array<std::string_view, 52> allowed_tags = {
    "a",      "abbr",  "address", "b",     "bdi",    "bdo",     "big",    "blockquote", "br",    "caption", "center",
    "cite",   "code",  "col",     "colgroup", "dd",  "del",     "dfn",    "div",        "dl",    "dt",      "em",
    "font",   "h1",    "h2",      "h3",    "h4",     "h5",      "h6",     "hr",         "i",     "img",     "ins",
    "kbd",    "li",    "ol",      "p",     "pre",    "q",       "s",      "small",      "span",  "strike",  "strong",
    "sub",    "sup",   "table",   "tbody", "td",     "tfoot",   "th",     "thead"};
constexpr std::array<std::string_view, 5> more_allowed_tags = {"tr", "tt", "u", "ul", "wbr"};

// Dropped together with everything inside them.
constexpr std::array<std::string_view, 22> dropped_with_content = {
    "script", "style",   "title",    "iframe", "object", "embed",   "applet", "noscript",
    "noembed", "noframes", "template", "svg",  "math",   "textarea", "select", "button",
    "frameset", "frame",  "canvas",   "audio",  "video",  "xmp"};

constexpr std::size_t max_open = 256;

constexpr std::array<std::string_view, 5> void_tags = {"br", "hr", "img", "col", "wbr"};

constexpr std::array<std::string_view, 24> allowed_attributes = {
    "align",   "alt",    "bgcolor", "border", "cellpadding", "cellspacing", "color", "colspan",
    "dir",     "face",   "height",  "lang",   "nowrap",      "rowspan",     "scope", "size",
    "span",    "start",  "style",   "summary", "title",      "type",        "valign", "width"};

using helpdesk::lower;

// The URL as a browser would read its scheme: no whitespace or control characters, lower-case.
std::string normalized_url(std::string_view url) {
  std::string out;
  for (unsigned char c : url)
    if (c > 0x20 && c != 0x7F) out += static_cast<char>(std::tolower(c));
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool has_class(const HtmlToken& t, std::string_view cls) {
  const std::string* v = t.attribute("class");
  if (!v) return false;
  std::string classes = lower(*v);
  std::size_t pos = 0;
  while ((pos = classes.find(cls, pos)) != std::string::npos) {
    bool left = pos == 0 || std::isspace((unsigned char)classes[pos - 1]);
    std::size_t end = pos + cls.size();
    bool right = end == classes.size() || std::isspace((unsigned char)classes[end]);
    if (left && right) return true;
    pos = end;
  }
  return false;
}

enum class QuoteAction { none, drop_element, drop_rest };

QuoteAction quote_action(const HtmlToken& t) {
  if (has_class(t, "gmail_quote") || has_class(t, "gmail_quote_container") || has_class(t, "gmail_signature") ||
      has_class(t, "moz-cite-prefix") || has_class(t, "moz-signature") || has_class(t, "gmail_extra"))
    return QuoteAction::drop_element;
  if (t.name == "blockquote") {
    const std::string* type = t.attribute("type");
    if (type && lower(*type) == "cite") return QuoteAction::drop_element;
  }
  if (const std::string* id = t.attribute("id")) {
    std::string v = lower(*id);
    if (v == "divrplyfwdmsg" || v == "appendonsend" || v == "olk_src_body_section") return QuoteAction::drop_rest;
  }
  return QuoteAction::none;
}

class Sanitizer {
 public:
  explicit Sanitizer(const SanitizeOptions& options) : options_(options) {}

  std::string run(std::string_view html) {
    std::vector<HtmlToken> tokens = tokenize_html(html);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const HtmlToken& t = tokens[i];
      if (skip_depth_ > 0) {
        track_skip(t);
        continue;
      }
      switch (t.kind) {
        case HtmlToken::Kind::text: out_ += escape_html(decode_entities(t.text)); break;
        case HtmlToken::Kind::comment: break;  // includes Outlook's conditional comments
        case HtmlToken::Kind::start_tag:
          if (options_.strip_quotes) {
            QuoteAction action = quote_action(t);
            if (action == QuoteAction::drop_rest) {
              i = tokens.size();
              break;
            }
            if (action == QuoteAction::drop_element) {
              start_skip(t);
              break;
            }
          }
          start_tag(t);
          break;
        case HtmlToken::Kind::end_tag: end_tag(t.name); break;
      }
    }
    while (!open_.empty()) {
      out_ += "</" + open_.back() + ">";
      open_.pop_back();
    }
    return std::move(out_);
  }

 private:
  void start_skip(const HtmlToken& t) {
    if (t.self_closing || in(void_tags, t.name)) return;
    skip_name_ = t.name;
    skip_depth_ = 1;
  }

  void track_skip(const HtmlToken& t) {
    if (t.name != skip_name_ || t.self_closing) return;
    if (t.kind == HtmlToken::Kind::start_tag) ++skip_depth_;
    if (t.kind == HtmlToken::Kind::end_tag) --skip_depth_;
  }

  void start_tag(const HtmlToken& t) {
    if (in(dropped_with_content, t.name)) {
      start_skip(t);
      return;
    }
    if (!in(allowed_tags, t.name) && !in(more_allowed_tags, t.name)) return;  // e.g. html, body, form, o:p
    // Deeper nesting is dropped: it keeps end-tag matching linear on hostile input.
    if (open_.size() >= max_open && !in(void_tags, t.name)) return;
    std::string tag = "<" + t.name;
    bool has_href = false;
    for (const auto& [name, value] : t.attributes) {
      bool keep = false;
      if (name == "href" && t.name == "a") keep = is_safe_link_url(value);
      else if (name == "src" && t.name == "img") keep = is_safe_image_url(value);
      else if (name == "style") keep = is_safe_style(value);
      else keep = in(allowed_attributes, name);
      if (keep) tag += " " + name + "=\"" + escape_html(value) + "\"";
      has_href = has_href || (keep && name == "href");
    }
    // Links open outside our page and tell the target nothing about where they came from.
    if (has_href) tag += " rel=\"noopener noreferrer nofollow\" target=\"_blank\"";
    tag += ">";
    out_ += tag;
    if (!in(void_tags, t.name)) open_.push_back(t.name);
  }

  void end_tag(const std::string& name) {
    auto it = std::find(open_.rbegin(), open_.rend(), name);
    if (it == open_.rend()) return;  // never opened (or not allowed): drop it
    // Close everything opened inside it, as a browser would.
    std::size_t keep = static_cast<std::size_t>(open_.rend() - it) - 1;
    while (open_.size() > keep) {
      out_ += "</" + open_.back() + ">";
      open_.pop_back();
    }
  }

  SanitizeOptions options_;
  std::string out_;
  std::vector<std::string> open_;
  std::string skip_name_;
  int skip_depth_ = 0;
};

}  // namespace

bool is_safe_link_url(std::string_view url) {
  std::string u = normalized_url(url);
  return starts_with(u, "http://") || starts_with(u, "https://") || starts_with(u, "mailto:") ||
         starts_with(u, "tel:") || starts_with(u, "cid:") || starts_with(u, "#");
}

bool is_safe_image_url(std::string_view url) {
  std::string u = normalized_url(url);
  if (starts_with(u, "cid:") || starts_with(u, "http://") || starts_with(u, "https://")) return true;
  // Raster images only: an SVG data URL can carry script.
  for (std::string_view type : {"png", "gif", "jpeg", "jpg", "webp", "bmp"})
    if (starts_with(u, "data:image/" + std::string(type) + ";base64,")) return true;
  return false;
}

bool is_safe_style(std::string_view style) {
  std::string s;
  // Comments and escapes are how filters get bypassed ("exp/**/ression", "\65xpression").
  if (style.find("/*") != std::string_view::npos || style.find('\\') != std::string_view::npos) return false;
  for (unsigned char c : style)
    if (!std::isspace(c)) s += static_cast<char>(std::tolower(c));
  for (std::string_view bad : {"expression", "url(", "javascript:", "vbscript:", "behavior", "-moz-binding", "@import",
                               "position:fixed", "position:absolute", "<", ">"})
    if (s.find(bad) != std::string::npos) return false;
  return true;
}

std::string sanitize_html(std::string_view html, const SanitizeOptions& options) { return Sanitizer(options).run(html); }

}  // namespace helpdesk::mail
