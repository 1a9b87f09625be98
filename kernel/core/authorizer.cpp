#include "kernel/core/authorizer.hpp"

#include <helpdesk/error.hpp>

#include "kernel/core/access_policy.hpp"
#include "kernel/core/audit.hpp"
#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel {
namespace {

constexpr const char* kPendingScope = "auth:second-factor-pending";

bool is_read(http::Method m) {
  return m == http::Method::get || m == http::Method::head || m == http::Method::options;
}

}  // namespace

Authorizer::Authorizer(Database& db, const Credentials& credentials, SessionStore& sessions,
                       const CatalogHolder& catalog, Clock clock)
    : db_(db), credentials_(credentials), sessions_(sessions), catalog_(catalog), clock_(std::move(clock)) {}

void Authorizer::authorize(http::Request& request, const http::Access& access) {
  try {
    check(request, access);
  } catch (const Error& e) {
    if (e.status() == 401 || e.status() == 403) audit_denial(request, e);
    throw;
  }
}

void Authorizer::audit_denial(const http::Request& request, const Error& error) {
  try {
    db_.write([&](Sql& sql) {
      write_audit(sql, clock_(), request.actor,
                  {"access", 0, "denied", nullptr,
                   {{"method", http::to_string(request.method)},
                    {"path", request.path},
                    {"status", error.status()},
                    {"code", error.code()},
                    {"reason", error.what()},
                    {"ip", request.remote_address},
                    {"request_id", request.request_id}}});
    });
  } catch (const std::exception&) {
    // The denial stands even when it cannot be written (e.g. storage unavailable).
  }
}

void Authorizer::check(http::Request& request, const http::Access& access) {
  using Who = http::Access::Who;
  if (access.who != Who::signed_in) {
    credentials_.authenticate(request, access);
    return;
  }
  if (!request.header("authorization").empty()) {
    if (access.scope.empty()) throw forbidden("tokens cannot use this endpoint; sign in instead");
    credentials_.authenticate(request, http::Access::token(access.scope));
    if (!access.ticket_param.empty()) {  // a token sees every ticket; an unknown one is still 404
      bool exists = false;
      db_.read([&](Sql& sql) { exists = load_ticket_facts(sql, request.path_param(access.ticket_param)).has_value(); });
      if (!exists) throw not_found("ticket " + request.path_param(access.ticket_param) + " does not exist");
    }
    return;
  }
  check_person(request, access);
}

void Authorizer::check_person(http::Request& request, const http::Access& access) {
  const std::string token = SessionStore::token_of(request);
  if (token.empty()) throw unauthorized("sign in first (or send a token: 'Authorization: Bearer <token>')");
  SessionStore::Session session;
  switch (sessions_.find(token, session)) {
    case SessionStore::Lookup::none: throw unauthorized("the session is not valid; sign in again");
    case SessionStore::Lookup::expired: throw Error(401, "session_expired", "the session has expired; sign in again");
    case SessionStore::Lookup::ok: break;
  }
  request.actor = Actor{session.kind, std::to_string(session.principal_id), "", {}};
  if (session.second_factor_pending) request.actor.scopes.push_back(kPendingScope);
  if (!session.only_ticket.empty()) request.actor.scopes.push_back("ticket:" + session.only_ticket);
  // Cookies ride along on cross-site requests; a write must prove it came from our page.
  if (!is_read(request.method)) {
    const std::string csrf = request.header("x-csrf-token");
    if (csrf.empty() || !secure_equals(sha256_hex(csrf), session.csrf_sha256))
      throw Error(403, "csrf_failed", "missing or wrong X-CSRF-Token header (it came with the sign-in answer)");
  }
  if (session.second_factor_pending && !access.second_factor_step)
    throw Error(401, "second_factor_required", "complete the second factor first");

  const auto catalog = catalog_.get();
  db_.read([&](Sql& sql) {
    std::optional<TicketFacts> ticket;
    if (!access.ticket_param.empty()) {
      const std::string& number = request.path_param(access.ticket_param);
      ticket = load_ticket_facts(sql, number);
      if (!ticket) throw not_found("ticket " + number + " does not exist");
    }
    if (session.kind == Actor::Kind::agent) {
      const auto agent = load_agent_access(sql, session.principal_id, *catalog);
      if (!agent) throw unauthorized("this agent account is not active");
      request.actor.name = agent->name;
      if (!access.agents) throw forbidden("this endpoint is not for agents");
      if (session.second_factor_pending) return;  // second-factor routes need nothing more
      if (ticket) {
        const auto perms = agent->on_ticket(ticket->department, ticket->assignee, ticket->team);
        if (!perms) throw forbidden("no access to the tickets of department '" + ticket->department + "'");
        if (!access.permission.empty() && !agent->admin && !perms->count(access.permission))
          throw forbidden("your role in department '" + ticket->department + "' lacks the permission '" +
                          access.permission + "'");
      } else if (!access.permission.empty() && !agent->holds_anywhere(access.permission)) {
        throw forbidden("none of your roles has the permission '" + access.permission + "'");
      }
      return;
    }
    auto user = load_user_access(sql, session.principal_id, *catalog);
    if (!user) throw unauthorized("this account no longer exists");
    user->only_ticket = session.only_ticket;
    request.actor.name = user->name;
    if (!access.users) throw forbidden("this endpoint is for agents");
    if (ticket && !user_can_see(sql, *user, *ticket)) throw forbidden("this ticket is not yours");
  });
}

}  // namespace helpdesk::kernel
