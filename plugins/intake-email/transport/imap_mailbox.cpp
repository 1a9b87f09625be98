#include "transport/imap_mailbox.hpp"

#include <algorithm>
#include <utility>

#include "transport/curl_session.hpp"
#include "transport/imap_syntax.hpp"

namespace helpdesk::mail {

ImapMailbox::ImapMailbox(Endpoint endpoint) {
  detail::ParsedUrl url = detail::parse_url(endpoint.url, "imap,imaps");
  std::string path = url.path;
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.empty()) path = "INBOX";
  base_url_ = url.base() + "/";
  mailbox_url_ = base_url_ + path;
  mailbox_ = detail::percent_decode(path);
  session_ = std::make_unique<detail::CurlSession>(std::move(endpoint), "imap,imaps",
                                                   url.base() + "/" + mailbox_);
}

ImapMailbox::~ImapMailbox() = default;
ImapMailbox::ImapMailbox(ImapMailbox&&) noexcept = default;
ImapMailbox& ImapMailbox::operator=(ImapMailbox&&) noexcept = default;

std::string ImapMailbox::command(std::string_view operation, const std::string& url,
                                 const std::string& cmd) {
  CURL* curl = session_->begin(url);
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, cmd.c_str());
  return session_->perform(operation);
}

std::uint64_t ImapMailbox::uidvalidity() {
  // STATUS rather than EXAMINE: EXAMINE would leave the connection read-only behind libcurl's
  // back, and libcurl would then skip its own SELECT before a STORE.
  std::string response = command("IMAP STATUS (UIDVALIDITY)", base_url_,
                                 "STATUS " + detail::imap_quote(mailbox_) + " (UIDVALIDITY)");
  auto value = detail::parse_number_after(response, "UIDVALIDITY");
  if (!value) {
    throw TransportError("IMAP STATUS on " + mailbox_url_ + " returned no UIDVALIDITY", false);
  }
  return *value;
}

std::vector<std::uint64_t> ImapMailbox::uids() {
  // Dovecot notices new mail (and other clients' flags) when it syncs after a command, not before
  // a SEARCH; NOOP is the IMAP way to poll, so the SEARCH below sees the current mailbox.
  command("IMAP UID SEARCH (NOOP)", mailbox_url_, "NOOP");
  return detail::parse_search(command("IMAP UID SEARCH", mailbox_url_, "UID SEARCH UNDELETED"));
}

std::string ImapMailbox::fetch(std::uint64_t uid) {
  session_->begin(mailbox_url_ + "/;UID=" + std::to_string(uid));
  std::string message = session_->perform("IMAP UID FETCH " + std::to_string(uid));
  if (message.empty()) {
    throw TransportError(
        "IMAP UID FETCH " + std::to_string(uid) + " on " + mailbox_url_ + ": no such message",
        false);
  }
  return message;
}

void ImapMailbox::add_flag(std::uint64_t uid, std::string_view flag) {
  detail::check_imap_flag(flag);
  std::string id = std::to_string(uid);
  command("IMAP UID STORE " + id, mailbox_url_,
          "UID STORE " + id + " +FLAGS.SILENT (" + std::string(flag) + ")");
}

const ImapMailbox::Capabilities& ImapMailbox::capabilities() {
  if (!capabilities_) {
    auto words = detail::parse_capabilities(command("IMAP CAPABILITY", base_url_, "CAPABILITY"));
    auto has = [&](std::string_view w) {
      return std::find(words.begin(), words.end(), w) != words.end();
    };
    capabilities_ = Capabilities{has("MOVE"), has("UIDPLUS")};
  }
  return *capabilities_;
}

void ImapMailbox::move(std::uint64_t uid, std::string_view folder) {
  std::string target = detail::imap_quote(folder);
  std::string id = std::to_string(uid);
  bool native = capabilities().move;
  std::string verb = native ? "UID MOVE " : "UID COPY ";
  auto transfer = [&] { command("IMAP " + verb + id, mailbox_url_, verb + id + " " + target); };
  try {
    transfer();
  } catch (const TransportError&) {
    // RFC 3501: [TRYCREATE] says the target folder does not exist yet.
    if (session_->server_reply().find("TRYCREATE") == std::string::npos) throw;
    command("IMAP CREATE " + std::string(folder), base_url_, "CREATE " + target);
    transfer();
  }
  if (!native) {
    add_flag(uid, "\\Deleted");
    expunge(uid);
  }
}

void ImapMailbox::remove(std::uint64_t uid) {
  add_flag(uid, "\\Deleted");
  expunge(uid);
}

void ImapMailbox::expunge(std::uint64_t uid) {
  // UID EXPUNGE touches only this message; a plain EXPUNGE would also remove whatever another
  // client flagged \Deleted, which is what the server's owner asked for anyway.
  std::string id = std::to_string(uid);
  if (capabilities().uidplus) {
    command("IMAP UID EXPUNGE " + id, mailbox_url_, "UID EXPUNGE " + id);
  } else {
    command("IMAP EXPUNGE", mailbox_url_, "EXPUNGE");
  }
}

}  // namespace helpdesk::mail
