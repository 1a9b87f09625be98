#pragma once
// Polling one IMAP mailbox over one connection (one libcurl easy handle, logged in once).
//
// libcurl 7.88 sets \Seen when it fetches and cannot PEEK a whole message, so the caller's
// database record of (UIDVALIDITY, UID) is the truth about what was processed; flag, move or
// remove a message only after that record is committed.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transport/endpoint.hpp"

namespace helpdesk::mail {

namespace detail {
class CurlSession;
}

class ImapMailbox {
 public:
  // Throws TransportError (not temporary) when the URL is not imap:// or imaps://. Connects lazily.
  explicit ImapMailbox(Endpoint endpoint);
  ~ImapMailbox();
  ImapMailbox(ImapMailbox&&) noexcept;
  ImapMailbox& operator=(ImapMailbox&&) noexcept;

  // The mailbox name from the URL, percent-decoded ("INBOX" when the URL has no path).
  const std::string& mailbox() const { return mailbox_; }
  // UIDVALIDITY of the mailbox (STATUS … (UIDVALIDITY)). When it changes, every recorded UID of
  // this mailbox is void.
  std::uint64_t uidvalidity();
  // UIDs of the messages not flagged \Deleted, ascending (UID SEARCH UNDELETED).
  std::vector<std::uint64_t> uids();
  // The whole raw message (RFC 5322 bytes as stored). Sets \Seen (see above). Throws
  // TransportError (not temporary) when no message has this UID.
  std::string fetch(std::uint64_t uid);
  // UID STORE +FLAGS. `flag` is a system flag (\Seen, \Flagged…) or a keyword atom.
  // Throws std::invalid_argument for anything else.
  void add_flag(std::uint64_t uid, std::string_view flag);
  // UID MOVE, or COPY + \Deleted + expunge when the server lacks MOVE. Creates the folder once
  // when the server answers TRYCREATE. `folder` must be printable ASCII (modified UTF-7 is the
  // caller's job). Throws std::invalid_argument otherwise.
  void move(std::uint64_t uid, std::string_view folder);
  // \Deleted + UID EXPUNGE of this message only (plain EXPUNGE without UIDPLUS).
  void remove(std::uint64_t uid);

 private:
  struct Capabilities {
    bool move = false, uidplus = false;
  };
  std::string command(std::string_view operation, const std::string& url, const std::string& cmd);
  const Capabilities& capabilities();
  void expunge(std::uint64_t uid);

  std::unique_ptr<detail::CurlSession> session_;
  std::string base_url_;     // imap://host:port/
  std::string mailbox_url_;  // imap://host:port/INBOX (the caller's encoding)
  std::string mailbox_;
  std::optional<Capabilities> capabilities_;
};

}  // namespace helpdesk::mail
