#include "mime_walk.hpp"

#include <algorithm>
#include <cctype>

#include <helpdesk/text.hpp>

#include "charset.hpp"
#include "filename.hpp"
#include "flowed.hpp"
#include "gmime_support.hpp"

namespace helpdesk::mail {

namespace {

using detail::str_or_empty;

using helpdesk::lower;

std::string mime_type(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (!ct) return "application/octet-stream";
  return lower(str_or_empty(g_mime_content_type_get_media_type(ct)) + "/" +
               str_or_empty(g_mime_content_type_get_media_subtype(ct)));
}

std::string type_param(GMimeObject* object, const char* name) {
  return str_or_empty(g_mime_object_get_content_type_parameter(object, name));
}

std::string to_lf(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
  return s;
}

// <meta charset="x"> or <meta http-equiv=Content-Type content="text/html; charset=x"> near the top.
std::string sniff_html_charset(std::string_view html) {
  std::string head = lower(html.substr(0, 2048));
  std::size_t pos = head.find("charset=");
  if (pos == std::string::npos) return "";
  pos += 8;
  while (pos < head.size() && (head[pos] == '"' || head[pos] == '\'' || head[pos] == ' ')) ++pos;
  std::size_t end = head.find_first_of("\"'; />", pos);
  return head.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

bool is_signature_type(const std::string& type) {
  return type == "application/pgp-signature" || type == "application/pkcs7-signature" ||
         type == "application/x-pkcs7-signature";
}

class Walker {
 public:
  void walk(GMimeObject* object, MimeContent& out, int depth, bool related_resource = false) {
    if (depth > max_mime_depth)
      throw MailParseError("MIME structure nested deeper than " + std::to_string(max_mime_depth) + " levels");
    if (GMIME_IS_MESSAGE_PART(object)) return message_part(GMIME_MESSAGE_PART(object), out);
    if (GMIME_IS_MULTIPART(object)) return multipart(GMIME_MULTIPART(object), out, depth);
    if (GMIME_IS_PART(object)) return leaf(GMIME_PART(object), out, related_resource);
    // message/partial and other kinds we cannot reassemble.
    out.warnings.push_back("skipped a " + mime_type(object) + " part that cannot be read");
  }

 private:
  void message_part(GMimeMessagePart* part, MimeContent& out) {
    GMimeMessage* inner = g_mime_message_part_get_message(part);
    if (!inner) {
      out.warnings.push_back("skipped an empty message/rfc822 part");
      return;
    }
    if (in_report_) {  // the returned original of a bounce: only its id matters
      if (out.returned_message_id.empty()) out.returned_message_id = str_or_empty(g_mime_message_get_message_id(inner));
      return;
    }
    // A forwarded message is kept whole, as the .eml a mail client would offer.
    MailAttachment a;
    std::string subject = str_or_empty(g_mime_message_get_subject(inner));
    a.filename = sanitize_filename(subject.empty() ? "" : subject + ".eml");
    a.content_type = "message/rfc822";
    a.data = detail::object_text(GMIME_OBJECT(inner));
    out.attachments.push_back(std::move(a));
  }

  void multipart(GMimeMultipart* mp, MimeContent& out, int depth) {
    GMimeObject* object = GMIME_OBJECT(mp);
    std::string type = mime_type(object);
    int count = g_mime_multipart_get_count(mp);
    if (type == "multipart/alternative") return alternative(mp, out, depth);
    if (type == "multipart/related" && count > 0) return related(mp, out, depth);
    if (type == "multipart/report") {
      bool was = in_report_;
      in_report_ = true;
      for (int i = 0; i < count; ++i) walk(g_mime_multipart_get_part(mp, i), out, depth + 1);
      in_report_ = was;
      return;
    }
    // mixed, signed, digest, and unknown subtypes (RFC 2046 says: treat as mixed).
    for (int i = 0; i < count; ++i) walk(g_mime_multipart_get_part(mp, i), out, depth + 1);
  }

  // Every version is read, then the richest text and HTML are kept (RFC 2046: last is best).
  void alternative(GMimeMultipart* mp, MimeContent& out, int depth) {
    int count = g_mime_multipart_get_count(mp);
    std::vector<MimeContent> versions(static_cast<std::size_t>(std::max(count, 0)));
    for (int i = 0; i < count; ++i) walk(g_mime_multipart_get_part(mp, i), versions[i], depth + 1);
    const MimeContent* text = nullptr;
    const MimeContent* html = nullptr;
    for (const MimeContent& v : versions) {
      if (!v.texts.empty()) text = &v;
      if (!v.htmls.empty()) html = &v;
    }
    for (const MimeContent& v : versions) {
      // Alternatives nobody reads (text/watch-html, text/enriched) would only be clutter.
      if (&v != text && &v != html) continue;
      if (&v == text) out.texts.insert(out.texts.end(), v.texts.begin(), v.texts.end());
      if (&v == html) out.htmls.insert(out.htmls.end(), v.htmls.begin(), v.htmls.end());
      out.attachments.insert(out.attachments.end(), v.attachments.begin(), v.attachments.end());
    }
    for (const MimeContent& v : versions) {
      out.warnings.insert(out.warnings.end(), v.warnings.begin(), v.warnings.end());
      if (out.delivery_status.empty()) out.delivery_status = v.delivery_status;
    }
  }

  // The root (the "start" parameter, else the first part) is the body; the rest are resources
  // it refers to by cid:, i.e. inline images.
  void related(GMimeMultipart* mp, MimeContent& out, int depth) {
    int count = g_mime_multipart_get_count(mp);
    int root = 0;
    std::string start = type_param(GMIME_OBJECT(mp), "start");
    if (start.size() > 2 && start.front() == '<' && start.back() == '>') start = start.substr(1, start.size() - 2);
    for (int i = 0; i < count && !start.empty(); ++i)
      if (str_or_empty(g_mime_object_get_content_id(g_mime_multipart_get_part(mp, i))) == start) root = i;
    walk(g_mime_multipart_get_part(mp, root), out, depth + 1);
    for (int i = 0; i < count; ++i)
      if (i != root) walk(g_mime_multipart_get_part(mp, i), out, depth + 1, true);
  }

  void leaf(GMimePart* part, MimeContent& out, bool related_resource) {
    GMimeObject* object = GMIME_OBJECT(part);
    std::string type = mime_type(object);
    if (is_signature_type(type)) return;
    std::string disposition = lower(str_or_empty(g_mime_object_get_disposition(object)));
    std::string filename = str_or_empty(g_mime_part_get_filename(part));

    if (type == "message/delivery-status" || type == "message/global-delivery-status") {
      out.delivery_status = to_utf8(detail::part_bytes(part), "utf-8");
      return;
    }
    if (in_report_ && (type == "text/rfc822-headers" || type == "message/rfc822-headers")) {
      returned_headers_id(detail::part_bytes(part), out);
      return;
    }

    bool body_type = type == "text/plain" || type == "text/html";
    if (body_type && disposition != "attachment" && filename.empty() && !related_resource) {
      body_text(part, type, out);
      return;
    }
    MailAttachment a;
    a.filename = sanitize_filename(filename);
    a.content_type = type;
    a.inline_part = related_resource || (disposition == "inline" && type.rfind("image/", 0) == 0);
    if (a.inline_part) a.content_id = str_or_empty(g_mime_object_get_content_id(object));
    a.data = detail::part_bytes(part);
    out.attachments.push_back(std::move(a));
  }

  void body_text(GMimePart* part, const std::string& type, MimeContent& out) {
    GMimeObject* object = GMIME_OBJECT(part);
    std::string bytes = detail::part_bytes(part);
    std::string charset = type_param(object, "charset");
    if (charset.empty() && type == "text/html") charset = sniff_html_charset(bytes);
    bool lossy = false;
    std::string text = to_lf(to_utf8(bytes, charset, &lossy));
    if (lossy)
      out.warnings.push_back(type + " part: bytes not valid in charset \"" + (charset.empty() ? "(none)" : charset) +
                             "\" replaced with U+FFFD");
    if (type == "text/html") {
      out.htmls.push_back(std::move(text));
      return;
    }
    if (lower(type_param(object, "format")) == "flowed")
      text = decode_flowed(text, lower(type_param(object, "delsp")) == "yes");
    out.texts.push_back(std::move(text));
  }

  static void returned_headers_id(const std::string& headers, MimeContent& out) {
    std::string l = lower(headers);
    std::size_t pos = l.rfind("message-id:", 0) == 0 ? 0 : l.find("\nmessage-id:");
    if (pos == std::string::npos) return;
    std::size_t lt = headers.find('<', pos);
    std::size_t gt = lt == std::string::npos ? lt : headers.find('>', lt);
    if (gt == std::string::npos || gt - lt > 998) return;
    out.returned_message_id = headers.substr(lt + 1, gt - lt - 1);
  }

  bool in_report_ = false;
};

// Names every attachment and drops those over the size and count limits.
void apply_limits(MimeContent& content, const ParseLimits& limits) {
  std::vector<MailAttachment> kept;
  std::size_t n = 0;
  for (MailAttachment& a : content.attachments) {
    ++n;
    if (a.filename.empty()) a.filename = fallback_filename(n, a.content_type);
    if (a.data.size() > limits.max_attachment_bytes) {
      content.dropped.push_back(a.filename + ": " + std::to_string(a.data.size()) + " bytes, over the " +
                                std::to_string(limits.max_attachment_bytes) + "-byte attachment limit");
    } else if (kept.size() >= limits.max_attachments) {
      content.dropped.push_back(a.filename + ": over the limit of " + std::to_string(limits.max_attachments) +
                                " attachments per message");
    } else {
      kept.push_back(std::move(a));
    }
  }
  content.attachments = std::move(kept);
}

}  // namespace

MimeContent walk_mime(GMimeObject* root, const ParseLimits& limits) {
  MimeContent content;
  if (root) Walker().walk(root, content, 0);
  apply_limits(content, limits);
  return content;
}

}  // namespace helpdesk::mail
