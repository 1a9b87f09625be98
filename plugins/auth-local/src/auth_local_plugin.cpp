// The auth-local plugin: password login, guest ticket links, password change and reset,
// self-registration, and the `password` command. Sessions and CSRF are the kernel's.
#include "auth_local_plugin.hpp"

#include "commands.hpp"
#include "demo_passwords.hpp"
#include "login_routes.hpp"
#include "session_routes.hpp"
#include "sodium_init.hpp"

std::vector<helpdesk::Migration> auth_local_migrations();

namespace auth_local {

void AuthLocalPlugin::start(helpdesk::Host& host) {
  ensure_sodium();
  settings_ = Settings::from_json(host.settings());
  auto& db = host.database(auth_local_migrations());
  accounts_ = std::make_unique<Accounts>(host, db, settings_);
  throttle_ = std::make_unique<PersistentThrottle>(db, settings_.throttle, [&host] { return host.scheduler().now(); });
  resets_ = std::make_unique<PasswordResets>(host, db, *accounts_);
  add_password_command(host, *accounts_, *resets_);
  if (!host.serving()) return;  // a command beside the server: no routes, no demo passwords
  if (settings_.demo_passwords) set_demo_passwords(host, *accounts_);
  dummy_verify("warm-up", settings_.argon2);  // the first unknown-account login costs no extra hash
  add_login_routes(host, *accounts_, *throttle_);
  add_session_routes(host, *accounts_, *throttle_);
  resets_->add_routes();
  registrations_ = std::make_unique<Registrations>(host, db, *accounts_);
  registrations_->add_routes();
  host.logger()->info("password sign-in at POST /api/v1/auth/login (argon2id, {} passes, {} KiB; self-registration {})",
                      settings_.argon2.ops_limit, settings_.argon2.mem_limit_bytes / 1024,
                      settings_.self_registration ? "on" : "off");
}

}  // namespace auth_local
