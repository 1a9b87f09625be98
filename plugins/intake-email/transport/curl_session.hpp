#pragma once
// One libcurl easy handle with the options every mail protocol shares. Internal to the transport.
// The handle keeps its connection between perform() calls, so an IMAP session logs in once.
#include <curl/curl.h>

#include <string>
#include <string_view>
#include <vector>

#include "transport/endpoint.hpp"

namespace helpdesk::mail::detail {

// curl_global_init exactly once per process, thread-safe.
void ensure_curl_initialized();

// scheme://host[:port] of a URL, for messages (no user info, no path). Throws TransportError
// (not temporary) when the URL does not parse or its scheme is not one of `schemes`.
struct ParsedUrl {
  std::string scheme, host, port, path;  // path still percent-encoded, with its leading '/'
  std::string base() const;              // scheme://host[:port]
};
ParsedUrl parse_url(const std::string& url, std::string_view schemes);

// The CURLcodes of TransportError::misconfigured().
bool endpoint_misconfigured(int curl_code);

// Whether a failed transfer is worth retrying later. `smtp_code` is the last SMTP reply code
// (0 for other protocols or when the server never answered).
bool is_temporary(CURLcode code, long smtp_code);

class CurlSession {
 public:
  // `protocols` is the CURLOPT_PROTOCOLS_STR list, e.g. "imap,imaps".
  CurlSession(Endpoint endpoint, std::string protocols, std::string server_label);
  ~CurlSession();
  CurlSession(const CurlSession&) = delete;
  CurlSession& operator=(const CurlSession&) = delete;

  // Starts a request: every option back to the shared ones (the connection stays), then `url`.
  CURL* begin(const std::string& url);
  // Runs the request and returns what the server sent as body. Throws TransportError whose
  // message starts with `operation`.
  std::string perform(std::string_view operation);
  // Closes the connection (QUIT/LOGOUT); the next begin() connects again.
  void disconnect();

  const Endpoint& endpoint() const { return endpoint_; }
  // The server's most recent failure reply (IMAP NO/BAD, POP3 -ERR, SMTP 4xx/5xx) of this
  // request, else its last reply line; one line, printable, shortened.
  std::string server_reply() const;
  long response_code() const;

 private:
  static size_t on_write(char* data, size_t size, size_t count, void* self);
  static int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* self);
  void open();

  Endpoint endpoint_;
  std::string protocols_;
  std::string server_label_;
  CURL* curl_ = nullptr;
  std::string body_;
  bool body_too_large_ = false;
  std::vector<std::string> server_lines_;  // the last few reply lines of this request
  char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace helpdesk::mail::detail
