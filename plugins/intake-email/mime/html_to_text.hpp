#pragma once
// HTML to readable plain text, for text_body when a message has only HTML and for reply_text:
// blocks and <br> become line breaks, list items "- ", blockquotes "> " prefixes (so the reply
// trimmer sees them as quotes), links keep their target as " <url>" when it is not the text.
#include <string>
#include <string_view>

namespace helpdesk::mail {

std::string html_to_text(std::string_view html);

}  // namespace helpdesk::mail
