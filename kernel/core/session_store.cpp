#include "kernel/core/session_store.hpp"

#include <helpdesk/error.hpp>

#include "kernel/core/audit.hpp"
#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel {
namespace {

constexpr std::int64_t kTouchEverySeconds = 60;  // last use is written at most this often

const char* kind_text(Actor::Kind kind) { return kind == Actor::Kind::user ? "user" : "agent"; }

Actor principal_actor(const Principal& p) {
  return Actor{p.kind, std::to_string(p.id), p.name, {}};
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

SessionStore::SessionStore(Database& db, const CatalogHolder& catalog, Clock clock)
    : db_(db), catalog_(catalog), clock_(std::move(clock)) {}

std::string SessionStore::token_of(const http::Request& request) {
  const std::string header = request.header("cookie");
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    const std::string pair = trim(header.substr(pos, end - pos));
    const auto eq = pair.find('=');
    if (eq != std::string::npos && pair.substr(0, eq) == session_cookie) return pair.substr(eq + 1);
    pos = end + 1;
  }
  return {};
}

std::string SessionStore::cookie(const http::Request& request, const std::string& value, std::int64_t max_age) const {
  const std::string mode = catalog_.get()->auth().cookie_secure;
  // Any hop saying https makes the cookie Secure: a client cannot remove what its proxy appends,
  // and claiming https itself only keeps its own cookie off plain HTTP.
  const bool tls = request.header("x-forwarded-proto").find("https") != std::string::npos;
  const bool secure = mode == "always" || (mode == "auto" && tls);
  return std::string(session_cookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(max_age) + (secure ? "; Secure" : "");
}

std::vector<std::string> SessionStore::enrolled_factors(const Principal& who) {
  std::vector<std::shared_ptr<SecondFactorProvider>> providers;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [owner, p] : providers_) providers.push_back(p);
  }
  std::vector<std::string> out;
  for (const auto& p : providers)
    if (p->enrolled(who)) out.push_back(p->name());
  return out;
}

SessionStart SessionStore::begin(const Principal& who, const http::Request& request, const std::string& method) {
  if (who.kind != Actor::Kind::agent && who.kind != Actor::Kind::user)
    throw bad_request("sessions are for agents and users", "invalid_principal");
  const auto& auth = catalog_.get()->auth();
  SessionStart start;
  start.factors = enrolled_factors(who);
  const bool policy = who.kind == Actor::Kind::agent && auth.agents_require_mfa;
  start.second_factor_required = who.only_ticket.empty() && (!start.factors.empty() || policy);
  start.enrolment_required = policy && start.factors.empty();
  const std::string token = random_hex(32);
  start.csrf_token = random_hex(32);
  const std::int64_t now = clock_();
  db_.write([&](Sql& sql) {
    sql.exec(
        "INSERT INTO sessions (token_sha256, csrf_sha256, principal_kind, principal_id, only_ticket, method, "
        "second_factor_pending, ip, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {sha256_hex(token), sha256_hex(start.csrf_token), std::string(kind_text(who.kind)), who.id,
         who.only_ticket.empty() ? SqlValue(nullptr) : SqlValue(who.only_ticket), method,
         std::int64_t{start.second_factor_required ? 1 : 0}, request.remote_address, now, now});
    write_audit(sql, now, principal_actor(who),
                {"session", sql.last_insert_id(), "sign_in", nullptr,
                 {{"method", method}, {"ip", request.remote_address},
                  {"second_factor_required", start.second_factor_required}}});
  });
  start.headers.emplace_back("Set-Cookie", cookie(request, token, std::int64_t{auth.session_absolute_hours} * 3600));
  return start;
}

SessionStore::Lookup SessionStore::find(const std::string& token, Session& out) {
  if (token.empty() || token.size() > 128) return Lookup::none;
  const auto& auth = catalog_.get()->auth();
  const std::int64_t now = clock_();
  std::optional<SqlRow> row;
  db_.read([&](Sql& sql) {
    row = sql.query_one(
        "SELECT id, principal_kind, principal_id, only_ticket, second_factor_pending, csrf_sha256, created_at, "
        "last_seen_at FROM sessions WHERE token_sha256 = ? AND ended_at IS NULL",
        {sha256_hex(token)});
  });
  if (!row) return Lookup::none;
  const bool idle = now - row->integer(7) > std::int64_t{auth.session_idle_minutes} * 60;
  const bool old = now - row->integer(6) > std::int64_t{auth.session_absolute_hours} * 3600;
  if (idle || old) {
    db_.write([&](Sql& sql) { sql.exec("UPDATE sessions SET ended_at = ? WHERE id = ?", {now, row->integer(0)}); });
    return Lookup::expired;
  }
  if (now - row->integer(7) >= kTouchEverySeconds)
    db_.write([&](Sql& sql) { sql.exec("UPDATE sessions SET last_seen_at = ? WHERE id = ?", {now, row->integer(0)}); });
  out.id = row->integer(0);
  out.kind = row->text(1) == "user" ? Actor::Kind::user : Actor::Kind::agent;
  out.principal_id = row->integer(2);
  out.only_ticket = row->text(3);
  out.second_factor_pending = row->integer(4) != 0;
  out.csrf_sha256 = row->text(5);
  return Lookup::ok;
}

void SessionStore::complete_second_factor(const http::Request& request, const std::string& provider) {
  const std::string token = token_of(request);
  const std::int64_t now = clock_();
  bool done = false;
  db_.write([&](Sql& sql) {
    auto row = sql.query_one("SELECT id FROM sessions WHERE token_sha256 = ? AND ended_at IS NULL", {sha256_hex(token)});
    if (!row) return;
    sql.exec("UPDATE sessions SET second_factor_pending = 0, second_factor = ?, last_seen_at = ? WHERE id = ?",
             {provider, now, row->integer(0)});
    write_audit(sql, now, request.actor, {"session", row->integer(0), "second_factor", nullptr, {{"provider", provider}}});
    done = true;
  });
  if (!done) throw unauthorized("no session to complete: sign in first");
}

std::vector<std::pair<std::string, std::string>> SessionStore::end(const http::Request& request) {
  const std::string token = token_of(request);
  const std::int64_t now = clock_();
  if (!token.empty())
    db_.write([&](Sql& sql) {
      auto row = sql.query_one("SELECT id FROM sessions WHERE token_sha256 = ? AND ended_at IS NULL", {sha256_hex(token)});
      if (!row) return;
      sql.exec("UPDATE sessions SET ended_at = ? WHERE id = ?", {now, row->integer(0)});
      write_audit(sql, now, request.actor, {"session", row->integer(0), "sign_out", nullptr, nullptr});
    });
  return {{"Set-Cookie", cookie(request, "", 0)}};
}

int SessionStore::end_all(const Principal& who) {
  const std::int64_t now = clock_();
  std::int64_t ended = 0;
  db_.write([&](Sql& sql) {
    ended = sql.exec(
        "UPDATE sessions SET ended_at = ? WHERE principal_kind = ? AND principal_id = ? AND ended_at IS NULL",
        {now, std::string(kind_text(who.kind)), who.id});
    write_audit(sql, now, principal_actor(who), {"session", 0, "sign_out_everywhere", nullptr, {{"sessions", ended}}});
  });
  return static_cast<int>(ended);
}

std::optional<Principal> SessionStore::principal(const Actor& actor) {
  if (actor.kind != Actor::Kind::agent && actor.kind != Actor::Kind::user) return std::nullopt;
  std::int64_t id = 0;
  try {
    id = std::stoll(actor.id);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::optional<Principal> out;
  db_.read([&](Sql& sql) {
    const bool agent = actor.kind == Actor::Kind::agent;
    auto row = sql.query_one(agent ? "SELECT id, email, name FROM agents WHERE id = ? AND active = 1"
                                   : "SELECT id, email, name FROM users WHERE id = ?",
                             {id});
    if (row) out = Principal{actor.kind, row->integer(0), row->text(1), row->text(2), {}};
  });
  if (out)
    for (const auto& scope : actor.scopes)
      if (scope.rfind("ticket:", 0) == 0) out->only_ticket = scope.substr(7);
  return out;
}

void SessionStore::add_second_factor(std::shared_ptr<SecondFactorProvider> provider) {
  add_second_factor(std::move(provider), "kernel");
}

void SessionStore::add_second_factor(std::shared_ptr<SecondFactorProvider> provider, const std::string& owner) {
  if (!provider) throw bad_request("no second-factor provider given", "invalid_provider");
  std::lock_guard lock(mutex_);
  for (const auto& [o, p] : providers_)
    if (p->name() == provider->name()) throw conflict("second factor '" + provider->name() + "' is already registered");
  providers_.emplace_back(owner, std::move(provider));
}

void SessionStore::remove_owner(const std::string& owner) {
  std::lock_guard lock(mutex_);
  std::erase_if(providers_, [&](const auto& e) { return e.first == owner; });
}

}  // namespace helpdesk::kernel
