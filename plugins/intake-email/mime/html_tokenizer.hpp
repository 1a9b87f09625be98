#pragma once
// A forgiving HTML tokenizer for mail bodies: text, start/end tags with attributes, comments.
// It builds no tree; the sanitizer and the text renderer walk the tokens with their own stacks.
// Anything that is not a well-formed tag is text, so no input can make it fail.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace helpdesk::mail {

struct HtmlToken {
  enum class Kind { text, start_tag, end_tag, comment };
  Kind kind = Kind::text;
  std::string name;  // tag name, lower-case (start/end tags)
  std::vector<std::pair<std::string, std::string>> attributes;  // names lower-case, values entity-decoded
  bool self_closing = false;
  std::string text;  // text tokens: the raw text (entities not decoded); raw-text elements' content too

  const std::string* attribute(std::string_view name) const;
};

// Elements whose content is not markup (script, style, textarea, title, ...): their content comes
// back as one text token so "<script>a</b>c</script>" cannot hide a tag.
bool is_raw_text_element(std::string_view name);

std::vector<HtmlToken> tokenize_html(std::string_view html);

}  // namespace helpdesk::mail
