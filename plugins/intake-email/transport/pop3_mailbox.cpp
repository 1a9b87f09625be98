#include "transport/pop3_mailbox.hpp"

#include <charconv>
#include <map>
#include <string_view>
#include <utility>

#include "transport/curl_session.hpp"

namespace helpdesk::mail {
namespace {

// Lines "n value" of a UIDL or LIST listing (libcurl drops the status line and final dot).
std::map<int, std::string> numbered_lines(std::string_view text) {
  std::map<int, std::string> out;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    int number = 0;
    auto [rest, ec] = std::from_chars(line.data(), line.data() + line.size(), number);
    if (ec == std::errc() && rest < line.data() + line.size() && *rest == ' ') {
      out[number] = std::string(rest + 1, line.data() + line.size());
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

void check_number(int number) {
  if (number < 1) throw std::invalid_argument("POP3 message numbers start at 1");
}

}  // namespace

Pop3Mailbox::Pop3Mailbox(Endpoint endpoint) {
  detail::ParsedUrl url = detail::parse_url(endpoint.url, "pop3,pop3s");
  base_url_ = url.base();
  session_ = std::make_unique<detail::CurlSession>(std::move(endpoint), "pop3,pop3s", base_url_);
}

Pop3Mailbox::~Pop3Mailbox() = default;  // the session's handle cleanup sends QUIT
Pop3Mailbox::Pop3Mailbox(Pop3Mailbox&&) noexcept = default;
Pop3Mailbox& Pop3Mailbox::operator=(Pop3Mailbox&&) noexcept = default;

std::vector<Pop3Entry> Pop3Mailbox::list() {
  CURL* curl = session_->begin(base_url_ + "/");
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "UIDL");
  auto uidls = numbered_lines(session_->perform("POP3 UIDL"));
  session_->begin(base_url_ + "/");  // no message number and no custom request: LIST
  auto sizes = numbered_lines(session_->perform("POP3 LIST"));
  std::vector<Pop3Entry> entries;
  for (auto& [number, uidl] : uidls) {
    Pop3Entry entry{number, std::move(uidl), 0};
    if (auto it = sizes.find(number); it != sizes.end()) {
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), entry.size);
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::string Pop3Mailbox::retrieve(int number) {
  check_number(number);
  session_->begin(base_url_ + "/" + std::to_string(number));
  return session_->perform("POP3 RETR " + std::to_string(number));
}

void Pop3Mailbox::remove(int number) {
  check_number(number);
  CURL* curl = session_->begin(base_url_ + "/" + std::to_string(number));
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "DELE");
  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);  // DELE answers one line, not a listing
  session_->perform("POP3 DELE " + std::to_string(number));
}

void Pop3Mailbox::close() {
  if (session_) session_->disconnect();
}

}  // namespace helpdesk::mail
