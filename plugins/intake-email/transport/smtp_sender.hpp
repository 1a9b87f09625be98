#pragma once
// Outbound mail through an SMTP relay (smtp:// with optional STARTTLS, or smtps://).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "transport/endpoint.hpp"

namespace helpdesk::mail {

namespace detail {
class CurlSession;
}

class SmtpSender {
 public:
  // Throws TransportError (not temporary) when the URL is not smtp:// or smtps://.
  explicit SmtpSender(Endpoint endpoint);
  ~SmtpSender();
  SmtpSender(SmtpSender&&) noexcept;
  SmtpSender& operator=(SmtpSender&&) noexcept;

  // Sends one message. `envelope_from` may be empty (the null sender, for bounces). Line endings
  // are normalised to CRLF and lines starting with '.' are dot-stuffed on the wire, so the
  // message arrives byte for byte (modulo CRLF). Throws std::invalid_argument for no recipients or
  // an address containing CR, LF, '<' or '>'; TransportError when the relay refuses or is down
  // (temporary() for 4xx replies and network failures).
  void send(const std::string& envelope_from, const std::vector<std::string>& recipients,
            std::string_view raw_message);

 private:
  std::unique_ptr<detail::CurlSession> session_;
};

// The message with every line ending as CRLF (bare LF or CR become CRLF) and a final CRLF.
std::string to_crlf(std::string_view message);

}  // namespace helpdesk::mail
