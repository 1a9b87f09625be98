#include "transport/smtp_sender.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "transport/curl_session.hpp"

namespace helpdesk::mail {
namespace {

void check_address(const std::string& address, const char* role) {
  if (address.find_first_of("\r\n<>") != std::string::npos) {
    throw std::invalid_argument(std::string("SMTP ") + role +
                                " address contains CR, LF, '<' or '>'");
  }
}

struct Upload {
  std::string_view data;
  static size_t read(char* buffer, size_t size, size_t count, void* self_ptr) {
    auto* self = static_cast<Upload*>(self_ptr);
    size_t n = std::min(size * count, self->data.size());
    std::memcpy(buffer, self->data.data(), n);
    self->data.remove_prefix(n);
    return n;
  }
};

}  // namespace

std::string to_crlf(std::string_view message) {
  std::string out;
  out.reserve(message.size() + message.size() / 16 + 2);
  for (std::size_t i = 0; i < message.size(); ++i) {
    char c = message[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < message.size() && message[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  if (out.size() < 2 || out.compare(out.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  return out;
}

SmtpSender::SmtpSender(Endpoint endpoint) {
  detail::ParsedUrl url = detail::parse_url(endpoint.url, "smtp,smtps");
  session_ = std::make_unique<detail::CurlSession>(std::move(endpoint), "smtp,smtps", url.base());
}

SmtpSender::~SmtpSender() = default;
SmtpSender::SmtpSender(SmtpSender&&) noexcept = default;
SmtpSender& SmtpSender::operator=(SmtpSender&&) noexcept = default;

void SmtpSender::send(const std::string& envelope_from, const std::vector<std::string>& recipients,
                      std::string_view raw_message) {
  if (recipients.empty()) throw std::invalid_argument("SMTP send needs at least one recipient");
  check_address(envelope_from, "sender");
  for (const auto& r : recipients) {
    check_address(r, "recipient");
    if (r.empty()) throw std::invalid_argument("SMTP recipient address is empty");
  }
  // libcurl dot-stuffs only after CRLF, so bare-LF input would let a "." line end the DATA.
  std::string wire = to_crlf(raw_message);
  Upload upload{wire};
  std::string from = "<" + envelope_from + ">";
  curl_slist* rcpt = nullptr;
  for (const auto& r : recipients) {
    curl_slist* next = curl_slist_append(rcpt, ("<" + r + ">").c_str());
    if (next == nullptr) {
      curl_slist_free_all(rcpt);
      throw std::bad_alloc();
    }
    rcpt = next;
  }
  CURL* curl = session_->begin(session_->endpoint().url);
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &Upload::read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(wire.size()));
  try {
    session_->perform("SMTP send to " + std::to_string(recipients.size()) + " recipient(s)");
  } catch (...) {
    curl_slist_free_all(rcpt);
    throw;
  }
  curl_slist_free_all(rcpt);
}

}  // namespace helpdesk::mail
