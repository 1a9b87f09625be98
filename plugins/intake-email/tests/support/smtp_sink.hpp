#pragma once
// A real SMTP server for tests: aiosmtpd (python3-aiosmtpd) storing every message in a maildir.
// It can be stopped and started again on the same port ("relay down for a while").
#include <map>
#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace helpdesk::mail::test {

struct SmtpSinkOptions {
  // Both set: STARTTLS offered and required (aiosmtpd --tlscert/--tlskey).
  std::string starttls_cert_file, starttls_key_file;
  // Both set: implicit TLS (smtps) instead (aiosmtpd --smtpscert/--smtpskey).
  std::string smtps_cert_file, smtps_key_file;
  // Either set: AUTH is required (PLAIN/LOGIN against `users`, XOAUTH2 against `bearer_tokens`,
  // both name -> secret), served by smtp_auth_sink.py on plain text; the TLS options are ignored.
  std::map<std::string, std::string> users, bearer_tokens;
};

class SmtpSink {
 public:
  explicit SmtpSink(SmtpSinkOptions options = {});
  ~SmtpSink();

  // Starts on a free port the first time and on the same port afterwards; waits until it
  // accepts. Throws std::runtime_error with aiosmtpd's output when it does not come up.
  void start();
  void stop();
  int port() const { return port_; }
  // The raw messages received so far, oldest first, as aiosmtpd stored them: the original
  // headers and body with LF line endings, preceded by X-Peer, X-MailFrom and X-RcptTo.
  std::vector<std::string> messages() const;

 private:
  bool try_start();

  SmtpSinkOptions options_;
  TempDir dir_{"helpdesk-smtp"};
  ChildProcess process_;
  int port_ = 0;
};

}  // namespace helpdesk::mail::test
