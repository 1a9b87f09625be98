#pragma once
// People who can sign in with a password: the kernel's agents and users (found through the
// Directory) and the argon2id hashes this plugin keeps for them in auth_local_passwords.
#include <optional>
#include <string>

#include <helpdesk/plugin.hpp>
#include <helpdesk/text.hpp>

#include "settings.hpp"

namespace auth_local {

// "agent" or "user", as stored in auth_local_passwords.kind.
const char* kind_name(helpdesk::Actor::Kind kind);
// The person as the API shows it: {kind, id, name, email}.
nlohmann::json person_json(const helpdesk::Principal& who);
using helpdesk::lower;

class Accounts {
 public:
  Accounts(helpdesk::Host& host, helpdesk::Database& db, const Settings& settings);

  // The person with `email`. `as` is "agent", "user" or "" (an agent when one has the email,
  // else a user). Throws Error 400 for any other `as`.
  std::optional<helpdesk::Principal> find(const std::string& email, const std::string& as);
  // The person behind a kind and id (e.g. from a reset token), or nullopt when gone.
  std::optional<helpdesk::Principal> by_id(helpdesk::Actor::Kind kind, std::int64_t id);
  std::optional<std::string> hash_of(const helpdesk::Principal& who);
  // Hashes and stores `password` (no policy check: callers decide whether one applies).
  void set_password(const helpdesk::Principal& who, const std::string& password);
  // The same inside a caller's transaction, with a hash made beforehand.
  void store_hash(helpdesk::Sql& sql, const helpdesk::Principal& who, const std::string& hash);
  // The policy's complaint about `password` for `who`, thrown as Error 400 "weak_password".
  void check_policy(const std::string& password, const std::string& email) const;

  const Settings& settings() const { return settings_; }

 private:
  helpdesk::Host& host_;
  helpdesk::Database& db_;
  const Settings& settings_;
};

}  // namespace auth_local
