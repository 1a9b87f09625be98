#include "password_reset.hpp"

#include "address_key.hpp"
#include "json_fields.hpp"
#include "tokens.hpp"

namespace auth_local {

using helpdesk::http::Request;
using helpdesk::http::Response;

ThrottleSettings link_request_limits() {
  ThrottleSettings s;
  s.max_failures_per_account = 5;   // links per email …
  s.max_failures_per_address = 20;  // … and per client address …
  s.window_seconds = 60 * 60;       // … per hour,
  s.lockout_seconds = 60 * 60;      // then none for an hour
  return s;
}

PasswordResets::PasswordResets(helpdesk::Host& host, helpdesk::Database& db, Accounts& accounts)
    : host_(host), db_(db), accounts_(accounts), requests_(link_request_limits(), [&host] { return host.scheduler().now(); }) {}

ResetLink PasswordResets::make_link(const helpdesk::Principal& who) {
  const std::string token = random_token();
  const helpdesk::Timestamp now = host_.scheduler().now();
  ResetLink link;
  link.expires_at = now + accounts_.settings().reset_minutes * 60;
  db_.write([&](helpdesk::Sql& sql) {
    sql.exec(
        "INSERT INTO auth_local_reset_tokens (token_sha256, kind, person_id, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {token_digest(token), std::string(kind_name(who.kind)), who.id, now, link.expires_at});
  });
  link.url = accounts_.settings().reset_url;
  link.url.replace(link.url.find("{token}"), 7, token);
  return link;
}

// Always 202 with the same body, whether or not the email has an account (no enumeration).
Response PasswordResets::request_link(const Request& request) {
  const auto body = request.json_body();
  const std::string email = lower(text_field(body, "email"));
  const std::string as = text_field(body, "as", false);
  const std::string address = address_key(request.remote_address);
  const bool limited = std::holds_alternative<Locked>(requests_.check(email, address));
  if (!limited) requests_.record_failure(email, address);  // every request counts, not only failures
  if (limited) {
    host_.logger()->info("password reset requests from {} or for this email are over the limit; nothing sent", address);
  } else if (auto who = accounts_.find(email, as)) {
    const ResetLink link = make_link(*who);
    helpdesk::Event event;
    event.name = password_reset_event;
    event.data = {{"email", who->email}, {"name", who->name}, {"kind", kind_name(who->kind)},
                  {"url", link.url}, {"expires_at", link.expires_at}};
    event.actor = helpdesk::Actor::system("auth-local");
    event.at = host_.scheduler().now();
    host_.events().publish(std::move(event));
    host_.logger()->info("password reset link made for {} {} (handed to the mail plugin as the {} event)", kind_name(who->kind),
                         who->id, password_reset_event);
  }
  return Response::json(202, {{"accepted", true},
                              {"message", "if an account has this email, a reset link is on its way"}});
}

Response PasswordResets::confirm(const Request& request) {
  const auto body = request.json_body();
  const std::string token = text_field(body, "token");
  const std::string password = text_field(body, "password");
  const helpdesk::Timestamp now = host_.scheduler().now();
  std::optional<helpdesk::SqlRow> row;
  db_.read([&](helpdesk::Sql& sql) {
    row = sql.query_one(
        "SELECT kind, person_id, expires_at, used_at FROM auth_local_reset_tokens WHERE token_sha256 = ?",
        {token_digest(token)});
  });
  const auto invalid = helpdesk::Error(400, "invalid_token", "this reset link is not valid, used or expired; ask for a new one");
  if (!row || !row->is_null(3) || row->integer(2) <= now) throw invalid;
  const auto kind = row->text(0) == "user" ? helpdesk::Actor::Kind::user : helpdesk::Actor::Kind::agent;
  const auto who = accounts_.by_id(kind, row->integer(1));
  if (!who) throw invalid;
  accounts_.check_policy(password, who->email);  // a weak choice does not burn the link
  const std::string hash = hash_password(password, accounts_.settings().argon2);
  bool used = false;
  db_.write([&](helpdesk::Sql& sql) {
    // Marked used in the same transaction as the new hash; a concurrent second use changes nothing.
    if (sql.exec("UPDATE auth_local_reset_tokens SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL",
                 {now, token_digest(token)}) == 0)
      return;
    accounts_.store_hash(sql, *who, hash);
    used = true;
  });
  if (!used) throw invalid;
  const int ended = host_.sessions().end_all(*who);
  host_.logger()->info("{} {} set a new password by reset link; {} sessions ended", kind_name(who->kind), who->id, ended);
  return Response::json(200, {{"password_changed", true}, {"sessions_ended", ended}});
}

void PasswordResets::add_routes() {
  using helpdesk::http::Access;
  using helpdesk::http::Method;
  host_.router().add({Method::post, "/api/v1/auth/password-reset", Access::anyone(),
                      [this](const Request& r) { return request_link(r); }, 16 * 1024});
  host_.router().add({Method::post, "/api/v1/auth/password-reset/confirm", Access::anyone(),
                      [this](const Request& r) { return confirm(r); }, 64 * 1024});
}

}  // namespace auth_local
