#include "transport/curl_session.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <utility>

namespace helpdesk::mail::detail {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw TransportError("libcurl global initialisation failed", false);
    }
  });
}

std::string ParsedUrl::base() const {
  return scheme + "://" + host + (port.empty() ? "" : ":" + port);
}

ParsedUrl parse_url(const std::string& url, std::string_view schemes) {
  ensure_curl_initialized();
  CURLU* u = curl_url();
  if (u == nullptr) throw TransportError("out of memory parsing a mail URL", false);
  ParsedUrl parsed;
  auto part = [&](CURLUPart which, std::string& out, bool required) {
    char* value = nullptr;
    CURLUcode rc = curl_url_get(u, which, &value, 0);
    if (rc == CURLUE_OK && value != nullptr) out = value;
    curl_free(value);
    return rc == CURLUE_OK || !required;
  };
  // Only the scheme goes into the message: the URL may carry user:password@.
  bool ok = curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
            part(CURLUPART_SCHEME, parsed.scheme, true) &&
            part(CURLUPART_HOST, parsed.host, true) && part(CURLUPART_PORT, parsed.port, false) &&
            part(CURLUPART_PATH, parsed.path, false);
  curl_url_cleanup(u);
  if (!ok) throw TransportError("mail URL does not parse (expected scheme://host[:port]/…)", false);
  std::string list = "," + std::string(schemes) + ",";
  if (list.find("," + parsed.scheme + ",") == std::string::npos) {
    throw TransportError(
        "mail URL scheme '" + parsed.scheme + "' is not one of " + std::string(schemes), false);
  }
  return parsed;
}

bool endpoint_misconfigured(int curl_code) {
  switch (curl_code) {
    case CURLE_LOGIN_DENIED:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_USE_SSL_FAILED:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return true;
    default:
      return false;
  }
}

bool is_temporary(CURLcode code, long smtp_code) {
  if (endpoint_misconfigured(code) || code == CURLE_FILESIZE_EXCEEDED || code == CURLE_WRITE_ERROR) return false;
  // SMTP says it outright: 4xx means "try again", 5xx means "this will not work".
  if (smtp_code >= 400 && smtp_code < 500) return true;
  if (smtp_code >= 500) return false;
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_AGAIN:
    case CURLE_WEIRD_SERVER_REPLY:
      return true;
    default:
      return false;
  }
}

CurlSession::CurlSession(Endpoint endpoint, std::string protocols, std::string server_label)
    : endpoint_(std::move(endpoint)),
      protocols_(std::move(protocols)),
      server_label_(std::move(server_label)) {
  ensure_curl_initialized();
}

CurlSession::~CurlSession() { disconnect(); }

void CurlSession::open() {
  if (curl_ != nullptr) return;
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw TransportError("libcurl could not create a handle", true);
}

void CurlSession::disconnect() {
  if (curl_ != nullptr) curl_easy_cleanup(curl_);
  curl_ = nullptr;
}

CURL* CurlSession::begin(const std::string& url) {
  open();
  // Reset keeps live connections, so a mailbox session survives between requests.
  curl_easy_reset(curl_);
  body_.clear();
  body_too_large_ = false;
  server_lines_.clear();
  error_buffer_[0] = '\0';
  const Endpoint& e = endpoint_;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, protocols_.c_str());
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM in a threaded server
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT, e.connect_timeout_seconds);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT, e.timeout_seconds);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_buffer_);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &CurlSession::on_write);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, this);
  // The debug callback is how we see the server's reply lines for error messages; it records
  // incoming lines only, since outgoing ones carry the credentials.
  curl_easy_setopt(curl_, CURLOPT_DEBUGFUNCTION, &CurlSession::on_debug);
  curl_easy_setopt(curl_, CURLOPT_DEBUGDATA, this);
  curl_easy_setopt(curl_, CURLOPT_VERBOSE, 1L);
  if (!e.username.empty()) curl_easy_setopt(curl_, CURLOPT_USERNAME, e.username.c_str());
  if (!e.oauth2_bearer.empty()) {
    curl_easy_setopt(curl_, CURLOPT_XOAUTH2_BEARER, e.oauth2_bearer.c_str());
    curl_easy_setopt(curl_, CURLOPT_LOGIN_OPTIONS, "AUTH=XOAUTH2");
  } else if (!e.password.empty()) {
    curl_easy_setopt(curl_, CURLOPT_PASSWORD, e.password.c_str());
  }
  if (e.starttls) curl_easy_setopt(curl_, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, e.verify_tls ? 1L : 0L);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, e.verify_tls ? 2L : 0L);
  if (!e.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, e.ca_file.c_str());
  return curl_;
}

std::string CurlSession::perform(std::string_view operation) {
  CURLcode rc = curl_easy_perform(curl_);
  if (rc == CURLE_OK) return std::move(body_);
  long code = response_code();
  bool smtp = protocols_.rfind("smtp", 0) == 0;
  std::string reason = body_too_large_ ? "message larger than " +
                                             std::to_string(endpoint_.max_message_bytes) + " bytes"
                                       : std::string(curl_easy_strerror(rc));
  if (!body_too_large_ && error_buffer_[0] != '\0' && reason != error_buffer_) {
    reason += " (" + std::string(error_buffer_) + ")";
  }
  std::string message = std::string(operation) + " on " + server_label_ + " failed: " + reason;
  if (std::string reply = server_reply(); !reply.empty()) message += "; server said: " + reply;
  throw TransportError(message, is_temporary(rc, smtp ? code : 0), static_cast<int>(rc));
}

long CurlSession::response_code() const {
  long code = 0;
  if (curl_ != nullptr) curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

size_t CurlSession::on_write(char* data, size_t size, size_t count, void* self_ptr) {
  auto* self = static_cast<CurlSession*>(self_ptr);
  size_t n = size * count;
  if (self->body_.size() + n > self->endpoint_.max_message_bytes) {
    self->body_too_large_ = true;
    return 0;  // libcurl aborts with CURLE_WRITE_ERROR
  }
  self->body_.append(data, n);
  return n;
}

int CurlSession::on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self_ptr) {
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* self = static_cast<CurlSession*>(self_ptr);
  std::string_view line(data, size);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.empty()) return 0;
  constexpr std::size_t kMax = 300;
  std::string kept(line.substr(0, kMax));
  // Keep the message one line and printable whatever the server sends.
  std::replace_if(
      kept.begin(), kept.end(), [](char c) { return c < 0x20 || c == 0x7f; }, ' ');
  // A few lines are enough: the failure reply is followed by at most the LOGOUT/QUIT exchange
  // libcurl runs when it drops a connection after an error.
  if (self->server_lines_.size() == 8) self->server_lines_.erase(self->server_lines_.begin());
  self->server_lines_.push_back(std::move(kept));
  return 0;
}

namespace {

bool is_failure_reply(std::string_view line) {
  if (line.rfind("-ERR", 0) == 0) return true;  // POP3
  if (line.size() >= 3 && (line[0] == '4' || line[0] == '5') &&
      std::isdigit(static_cast<unsigned char>(line[1])) &&
      std::isdigit(static_cast<unsigned char>(line[2]))) {
    return true;  // SMTP
  }
  // IMAP tagged completion: "<tag> NO …" or "<tag> BAD …" (untagged "* NO" is only a warning).
  auto space = line.find(' ');
  if (space == std::string_view::npos || line.substr(0, space) == "*") return false;
  std::string_view status = line.substr(space + 1);
  return status.rfind("NO", 0) == 0 || status.rfind("BAD", 0) == 0;
}

}  // namespace

std::string CurlSession::server_reply() const {
  for (auto it = server_lines_.rbegin(); it != server_lines_.rend(); ++it) {
    if (is_failure_reply(*it)) return *it;
  }
  return server_lines_.empty() ? std::string() : server_lines_.back();
}

}  // namespace helpdesk::mail::detail

namespace helpdesk::mail {

bool TransportError::misconfigured() const { return detail::endpoint_misconfigured(curl_code_); }

}  // namespace helpdesk::mail
