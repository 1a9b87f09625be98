#pragma once
// The new part of a reply: quoted history and signatures cut from plain text. Recognises
// "On ... wrote:" attribution lines (also German, French, Spanish, Italian, Dutch, Portuguese),
// Outlook's "-----Original Message-----" and "From: / Sent: / To:" header blocks, a trailing block
// of ">" quotes, the "-- " signature separator and "Sent from my iPhone"-style footers.
// The full text is always kept elsewhere (ParsedMail::text_body).
#include <string>
#include <string_view>

namespace helpdesk::mail {

struct TrimmedReply {
  std::string text;      // the new text; the whole input (trailing blanks removed) when nothing was found
  bool trimmed = false;  // something was cut
};

TrimmedReply trim_reply(std::string_view text);

}  // namespace helpdesk::mail
