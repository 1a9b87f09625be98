#include "registration.hpp"

#include "address_key.hpp"
#include "json_fields.hpp"
#include "password_hash.hpp"
#include "password_reset.hpp"
#include "tokens.hpp"

namespace auth_local {

using helpdesk::http::Request;
using helpdesk::http::Response;

Registrations::Registrations(helpdesk::Host& host, helpdesk::Database& db, Accounts& accounts)
    : host_(host), db_(db), accounts_(accounts), requests_(link_request_limits(), [&host] { return host.scheduler().now(); }) {}

Response Registrations::request(const Request& request) {
  const auto& settings = accounts_.settings();
  if (!settings.self_registration)
    throw helpdesk::Error(403, "registration_closed", "self-registration is turned off; ask the helpdesk for an account");
  const auto body = request.json_body();
  const std::string email = lower(text_field(body, "email"));
  const std::string name = text_field(body, "name");
  const std::string password = text_field(body, "password");
  if (email.find('@') == std::string::npos || email.size() > 254)
    throw helpdesk::bad_request("'email' is not an e-mail address", "invalid_field");
  if (name.size() > 200) throw helpdesk::bad_request("'name' is longer than 200 bytes", "invalid_field");
  accounts_.check_policy(password, email);
  // A known user (with tickets, maybe without a password yet) proves the email by reset link.
  if (accounts_.find(email, "user"))
    throw helpdesk::Error(409, "already_registered",
                          "this email is known already; sign in, or ask for a password reset link to set a password");
  const std::string address = address_key(request.remote_address);
  if (std::holds_alternative<Locked>(requests_.check(email, address)))
    throw helpdesk::Error(429, "too_many_requests", "too many registrations for this email or from this address; try later");
  requests_.record_failure(email, address);  // every request counts

  const std::string token = random_token();
  const helpdesk::Timestamp now = host_.scheduler().now();
  const helpdesk::Timestamp expires_at = now + settings.registration_minutes * 60;
  const std::string hash = hash_password(password, settings.argon2);
  db_.write([&](helpdesk::Sql& sql) {
    sql.exec("INSERT INTO auth_local_registrations (token_sha256, email, name, hash, created_at, expires_at) "
             "VALUES (?, ?, ?, ?, ?, ?)",
             {token_digest(token), email, name, hash, now, expires_at});
  });
  std::string url = settings.registration_url;
  url.replace(url.find("{token}"), 7, token);
  helpdesk::Event event;
  event.name = registration_event;
  event.data = {{"email", email}, {"name", name}, {"url", url}, {"expires_at", expires_at}};
  event.actor = helpdesk::Actor::system("auth-local");
  event.at = now;
  host_.events().publish(std::move(event));
  host_.logger()->info("registration link made for a new user (handed to the mail plugin as the {} event)",
                       registration_event);
  return Response::json(202, {{"confirmation_sent", true},
                              {"message", "check your mail: the link in it finishes the registration"}});
}

Response Registrations::confirm(const Request& request) {
  const auto body = request.json_body();
  const std::string digest = token_digest(text_field(body, "token"));
  const helpdesk::Timestamp now = host_.scheduler().now();
  std::optional<helpdesk::SqlRow> row;
  db_.read([&](helpdesk::Sql& sql) {
    row = sql.query_one("SELECT email, name, hash, expires_at, used_at FROM auth_local_registrations WHERE token_sha256 = ?",
                        {digest});
  });
  const auto invalid =
      helpdesk::Error(400, "invalid_token", "this confirmation link is not valid, used or expired; register again");
  if (!row || !row->is_null(4) || row->integer(3) <= now) throw invalid;
  const std::string email = row->text(0);
  // Mail from the address may have made the user meanwhile: the link proves the mailbox, so the
  // account is theirs, unless it has a password already (registered and confirmed before).
  const auto person = host_.directory().ensure_user(email, row->text(1));
  const helpdesk::Principal who{helpdesk::Actor::Kind::user, person.id, person.email, person.name, {}};
  if (accounts_.hash_of(who))
    throw helpdesk::Error(409, "already_registered", "this account is confirmed already; sign in");
  bool used = false;
  db_.write([&](helpdesk::Sql& sql) {
    // Marked used in the same transaction as the password; a second use changes nothing.
    if (sql.exec("UPDATE auth_local_registrations SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL",
                 {now, digest}) == 0)
      return;
    accounts_.store_hash(sql, who, row->text(2));
    used = true;
  });
  if (!used) throw invalid;
  host_.logger()->info("user {} confirmed their registration", who.id);
  return session_response(201, host_.sessions().begin(who, request, "registration"), person_json(who));
}

void Registrations::add_routes() {
  using helpdesk::http::Access;
  using helpdesk::http::Method;
  host_.router().add({Method::post, "/api/v1/auth/register", Access::anyone(),
                      [this](const Request& r) { return request(r); }, 64 * 1024});
  host_.router().add({Method::post, "/api/v1/auth/register/confirm", Access::anyone(),
                      [this](const Request& r) { return confirm(r); }, 16 * 1024});
}

}  // namespace auth_local
