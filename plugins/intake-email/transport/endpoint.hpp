#pragma once
// Where a mailbox or mail relay lives and how to log in: shared by IMAP, POP3 and SMTP.
#include <cstddef>
#include <stdexcept>
#include <string>

namespace helpdesk::mail {

struct Endpoint {
  // imap://host:port/INBOX, imaps://host/Folder, pop3://host:port, pop3s://…, smtp://…, smtps://…
  // The IMAP path names the mailbox (percent-encoded as in RFC 5092); INBOX when empty.
  std::string url;
  std::string username, password;
  // When set, SASL XOAUTH2 with this bearer replaces the password.
  std::string oauth2_bearer;
  // Require STARTTLS on a plain URL (imap://, pop3://, smtp://); the transfer fails without it.
  bool starttls = false;
  // Peer and host name verification. Turn it off only for a lab; prefer ca_file.
  bool verify_tls = true;
  // PEM bundle of trusted CAs; empty means the system store.
  std::string ca_file;
  long connect_timeout_seconds = 15, timeout_seconds = 120;
  // Larger messages are refused (not temporary) instead of being read into memory.
  std::size_t max_message_bytes = 64 * 1024 * 1024;
};

// what() names the server (scheme://host:port, never credentials), the operation and the reason
// from libcurl and, when there is one, the server's last response line.
class TransportError : public std::runtime_error {
 public:
  TransportError(const std::string& message, bool temporary, int curl_code = 0)
      : std::runtime_error(message), temporary_(temporary), curl_code_(curl_code) {}
  // True for network failures, timeouts and SMTP 4xx: try again later. False for failed logins,
  // TLS verification, SMTP 5xx and anything that will fail the same way next time.
  bool temporary() const { return temporary_; }
  // The CURLcode behind the error; 0 when the failure was found by our own checks.
  int curl_code() const { return curl_code_; }
  // The endpoint's own setup is wrong (login, TLS, URL): nothing gets through until an admin
  // fixes it (curl_session.cpp).
  bool misconfigured() const;

 private:
  bool temporary_;
  int curl_code_;
};

}  // namespace helpdesk::mail
