#pragma once
// Polling a POP3 maildrop over one connection. POP3 has no flags: the caller's record of UIDLs is
// the truth about what was processed, and DELE only takes effect when the session ends (QUIT).
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "transport/endpoint.hpp"

namespace helpdesk::mail {

namespace detail {
class CurlSession;
}

struct Pop3Entry {
  int number = 0;        // message number in this session only
  std::string uidl;      // stable across sessions
  std::size_t size = 0;  // octets as LIST reports them
};

class Pop3Mailbox {
 public:
  // Throws TransportError (not temporary) when the URL is not pop3:// or pop3s://.
  explicit Pop3Mailbox(Endpoint endpoint);
  // Ends the session like close(), so removals are applied.
  ~Pop3Mailbox();
  Pop3Mailbox(Pop3Mailbox&&) noexcept;
  Pop3Mailbox& operator=(Pop3Mailbox&&) noexcept;

  // Every message in the maildrop (UIDL + LIST), by number ascending.
  std::vector<Pop3Entry> list();
  // The raw message (RETR), dot-unstuffed.
  std::string retrieve(int number);
  // Marks for deletion (DELE); applied at close(). Numbers stay valid until then.
  void remove(int number);
  // QUIT: applies the removals and ends the session; the next call logs in again. libcurl does
  // not report a failed QUIT, so a removal may silently not happen: the UIDL record covers that.
  void close();

 private:
  std::unique_ptr<detail::CurlSession> session_;
  std::string base_url_;  // pop3://host:port
};

}  // namespace helpdesk::mail
