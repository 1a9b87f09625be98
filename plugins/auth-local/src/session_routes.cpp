#include "session_routes.hpp"

#include <algorithm>

#include "json_fields.hpp"

namespace auth_local {
namespace {

using helpdesk::http::Access;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;

bool pending(const Request& request) {
  const auto& s = request.actor.scopes;
  return std::find(s.begin(), s.end(), "auth:second-factor-pending") != s.end();
}

helpdesk::Principal signed_in(helpdesk::Host& host, const Request& request) {
  auto who = host.sessions().principal(request.actor);
  if (!who) throw helpdesk::unauthorized("sign in first");
  return *who;
}

Response with_headers(Response response, const std::vector<std::pair<std::string, std::string>>& headers) {
  for (const auto& [name, value] : headers) response.set_header(name, value);
  return response;
}

Response me(helpdesk::Host& host, const Request& request) {
  const auto who = signed_in(host, request);
  auto person = person_json(who);
  if (!who.only_ticket.empty()) person["ticket"] = who.only_ticket;
  return Response::json(200, {{"person", person}, {"second_factor_pending", pending(request)}});
}

// Every session of the account: not from a ticket link, which proves less than the account's
// password (whoever has the email and a ticket number could sign the person out again and again).
Response logout_all(helpdesk::Host& host, const Request& request) {
  const auto who = signed_in(host, request);
  if (!who.only_ticket.empty())
    throw helpdesk::forbidden("a ticket link cannot end the account's other sessions; use /api/v1/auth/logout");
  const auto headers = host.sessions().end(request);
  const int others = host.sessions().end_all(who);
  return with_headers(Response::json(200, {{"signed_out", true}, {"other_sessions_ended", others}}), headers);
}

// A new password for the signed-in person. Every session ends, this one included, and this
// request gets a fresh session in the answer, as a login would give: the session token is
// rotated with the password (OWASP's advice), rather than the old one kept.
Response change_password(helpdesk::Host& host, Accounts& accounts, PersistentThrottle& throttle,
                         const Request& request) {
  const auto who = signed_in(host, request);
  if (!who.only_ticket.empty()) throw helpdesk::forbidden("a ticket link has no password; sign in with one");
  const auto body = request.json_body();
  const std::string current = text_field(body, "current");
  const std::string fresh = text_field(body, "new");
  throttle.check(who.email, request.remote_address);
  const auto hash = accounts.hash_of(who);
  if (!hash || !verify_password(*hash, current)) {
    throttle.failure(who.email, request.remote_address);
    throw helpdesk::Error(403, "wrong_password", "the current password is wrong");
  }
  accounts.check_policy(fresh, who.email);
  accounts.set_password(who, fresh);
  host.sessions().end_all(who);
  host.logger()->info("{} {} changed their password; all their sessions ended", kind_name(who.kind), who.id);
  return session_response(200, host.sessions().begin(who, request, "password"), person_json(who));
}


}  // namespace

void add_session_routes(helpdesk::Host& host, Accounts& accounts, PersistentThrottle& throttle) {
  auto& router = host.router();
  router.add({Method::post, "/api/v1/auth/logout", Access::person("").during_second_factor(),
              [&](const Request& r) { return with_headers(Response::json(200, {{"signed_out", true}}), host.sessions().end(r)); }});
  router.add({Method::post, "/api/v1/auth/logout-all", Access::person(""),
              [&](const Request& r) { return logout_all(host, r); }});
  router.add({Method::get, "/api/v1/auth/me", Access::person("").during_second_factor(),
              [&](const Request& r) { return me(host, r); }});
  router.add({Method::post, "/api/v1/auth/password", Access::person(""),
              with_retry_after([&](const Request& r) { return change_password(host, accounts, throttle, r); }),
              64 * 1024});
}

}  // namespace auth_local
