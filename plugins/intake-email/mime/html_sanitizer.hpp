#pragma once
// Mail HTML made safe to show inside our pages: an allow-list of formatting tags and attributes;
// script, style, forms, frames, event handlers and javascript:/data: links dropped; only
// http(s)/mailto/tel links and http(s)/cid:/raster data: images kept; tags balanced so a stray
// </div> cannot close the page around it.
#include <string>
#include <string_view>

namespace helpdesk::mail {

struct SanitizeOptions {
  // Also drop quoted replies and signatures: Gmail's gmail_quote and gmail_signature, Apple and
  // Thunderbird's <blockquote type="cite"> and moz-cite-prefix/moz-signature, and everything from
  // Outlook's divRplyFwdMsg on. Used to derive reply_text from HTML-only mail.
  bool strip_quotes = false;
};

std::string sanitize_html(std::string_view html, const SanitizeOptions& options = {});

// True when a URL with this value may be a link target (href).
bool is_safe_link_url(std::string_view url);
// True when a URL with this value may be an image source (img src).
bool is_safe_image_url(std::string_view url);
// True when a style attribute carries no script, external resource or overlay.
bool is_safe_style(std::string_view style);

}  // namespace helpdesk::mail
