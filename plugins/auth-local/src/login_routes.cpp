#include "login_routes.hpp"

#include <algorithm>

#include "json_fields.hpp"

namespace auth_local {
namespace {

using helpdesk::http::Request;
using helpdesk::http::Response;

// One message for an unknown account and a wrong password, so answers do not reveal accounts.
const char* kInvalid = "wrong email or password";

helpdesk::Error invalid_credentials(const char* message) { return helpdesk::Error(401, "invalid_credentials", message); }

Response login(helpdesk::Host& host, Accounts& accounts, PersistentThrottle& throttle, const Request& request) {
  const auto body = request.json_body();
  const std::string email = lower(text_field(body, "email"));
  const std::string password = text_field(body, "password");
  const std::string as = text_field(body, "as", false);
  throttle.check(email, request.remote_address);
  const auto who = accounts.find(email, as);
  const auto hash = who ? accounts.hash_of(*who) : std::nullopt;
  const auto& params = accounts.settings().argon2;
  // Unknown accounts (and accounts without a password) cost one argon2 run too.
  const bool ok = hash ? verify_password(*hash, password) : dummy_verify(password, params);
  if (!ok || !who) {
    throttle.failure(email, request.remote_address);
    throw invalid_credentials(kInvalid);
  }
  throttle.success(email, request.remote_address);
  if (needs_rehash(*hash, params)) accounts.set_password(*who, password);
  const auto start = host.sessions().begin(*who, request, "password");
  return session_response(200, start, person_json(*who));
}

bool on_ticket(helpdesk::Host& host, const std::string& number, const std::string& email) {
  const auto detail = host.tickets().get(number);
  if (!detail) return false;
  if (lower(detail->ticket.requester.email) == email) return true;
  const auto people = host.tickets().collaborators(number);
  return std::any_of(people.begin(), people.end(), [&](const helpdesk::Person& p) { return lower(p.email) == email; });
}

// osTicket's "check ticket status": the email of the ticket's requester or a collaborator and
// the ticket number sign in to that one ticket.
Response guest(helpdesk::Host& host, PersistentThrottle& throttle, const Request& request) {
  const auto body = request.json_body();
  const std::string email = lower(text_field(body, "email"));
  const std::string number = text_field(body, "number");
  throttle.check(email, request.remote_address);
  std::optional<helpdesk::Person> user;
  if (on_ticket(host, number, email)) user = host.directory().find_user(email);
  if (!user) {
    throttle.failure(email, request.remote_address);
    throw invalid_credentials("no ticket with that number for that email address");
  }
  throttle.success(email, request.remote_address);
  const helpdesk::Principal who{helpdesk::Actor::Kind::user, user->id, user->email, user->name, number};
  auto person = person_json(who);
  person["ticket"] = number;
  return session_response(200, host.sessions().begin(who, request, "ticket_link"), person);
}

}  // namespace

void add_login_routes(helpdesk::Host& host, Accounts& accounts, PersistentThrottle& throttle) {
  using helpdesk::http::Access;
  using helpdesk::http::Method;
  auto& router = host.router();
  router.add({Method::post, "/api/v1/auth/login", Access::anyone(),
              with_retry_after([&](const Request& r) { return login(host, accounts, throttle, r); }), 64 * 1024});
  router.add({Method::post, "/api/v1/auth/guest", Access::anyone(),
              with_retry_after([&](const Request& r) { return guest(host, throttle, r); }), 64 * 1024});
}

}  // namespace auth_local
