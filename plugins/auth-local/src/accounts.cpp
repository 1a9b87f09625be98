#include "accounts.hpp"

#include <algorithm>

#include <helpdesk/text.hpp>

namespace auth_local {

const char* kind_name(helpdesk::Actor::Kind kind) { return kind == helpdesk::Actor::Kind::user ? "user" : "agent"; }

nlohmann::json person_json(const helpdesk::Principal& who) {
  return {{"kind", kind_name(who.kind)}, {"id", who.id}, {"name", who.name}, {"email", who.email}};
}

Accounts::Accounts(helpdesk::Host& host, helpdesk::Database& db, const Settings& settings)
    : host_(host), db_(db), settings_(settings) {}

std::optional<helpdesk::Principal> Accounts::find(const std::string& email, const std::string& as) {
  if (!as.empty() && as != "agent" && as != "user")
    throw helpdesk::bad_request("'as' must be \"agent\" or \"user\"", "invalid_field");
  if (email.empty()) return std::nullopt;
  auto& directory = host_.directory();
  if (as != "user")
    if (auto agent = directory.find_agent(email))
      return helpdesk::Principal{helpdesk::Actor::Kind::agent, agent->id, agent->email, agent->name, {}};
  if (as != "agent")
    if (auto user = directory.find_user(email))
      return helpdesk::Principal{helpdesk::Actor::Kind::user, user->id, user->email, user->name, {}};
  return std::nullopt;
}

std::optional<helpdesk::Principal> Accounts::by_id(helpdesk::Actor::Kind kind, std::int64_t id) {
  return host_.sessions().principal(helpdesk::Actor{kind, std::to_string(id), "", {}});
}

std::optional<std::string> Accounts::hash_of(const helpdesk::Principal& who) {
  std::optional<std::string> hash;
  db_.read([&](helpdesk::Sql& sql) {
    if (auto row = sql.query_one("SELECT hash FROM auth_local_passwords WHERE kind = ? AND person_id = ?",
                                 {std::string(kind_name(who.kind)), who.id}))
      hash = row->text(0);
  });
  return hash;
}

void Accounts::store_hash(helpdesk::Sql& sql, const helpdesk::Principal& who, const std::string& hash) {
  const std::string kind = kind_name(who.kind);
  const helpdesk::SqlValue now = host_.scheduler().now();
  if (sql.exec("UPDATE auth_local_passwords SET hash = ?, updated_at = ? WHERE kind = ? AND person_id = ?",
               {hash, now, kind, who.id}) == 0)
    sql.exec("INSERT INTO auth_local_passwords (kind, person_id, hash, updated_at) VALUES (?, ?, ?, ?)",
             {kind, who.id, hash, now});
}

void Accounts::set_password(const helpdesk::Principal& who, const std::string& password) {
  const std::string hash = hash_password(password, settings_.argon2);
  db_.write([&](helpdesk::Sql& sql) { store_hash(sql, who, hash); });
}

void Accounts::check_policy(const std::string& password, const std::string& email) const {
  if (auto complaint = check_password_policy(password, email, settings_.policy))
    throw helpdesk::Error(400, "weak_password", *complaint);
}

}  // namespace auth_local
