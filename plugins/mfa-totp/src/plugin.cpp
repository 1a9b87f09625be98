// The mfa-totp plugin: the "totp" second factor (RFC 6238) with QR enrolment and recovery codes.
// The kernel decides when a session needs it (enrolled, or auth.agents_require_mfa); this plugin
// verifies it and completes the session's second-factor step.
#include <memory>

#include <helpdesk/plugin.hpp>

#include "admin_reset.hpp"
#include "routes.hpp"
#include "settings.hpp"
#include "totp_store.hpp"

std::vector<helpdesk::Migration> mfa_totp_migrations();

namespace mfa_totp {
namespace {

class TotpProvider : public helpdesk::SecondFactorProvider {
 public:
  explicit TotpProvider(TotpStore& store) : store_(store) {}
  std::string name() const override { return "totp"; }
  bool enrolled(const helpdesk::Principal& who) override { return store_.enrolled(who); }

 private:
  TotpStore& store_;
};

class MfaTotpPlugin : public helpdesk::Plugin {
 public:
  void start(helpdesk::Host& host) override {
    settings_ = Settings::from_json(host.settings());
    auto& db = host.database(mfa_totp_migrations());
    store_ = std::make_unique<TotpStore>(db, settings_, [&host] { return host.scheduler().now(); });
    if (settings_.encryption_key.empty()) {
      host.logger()->warn("TOTP secrets are stored unencrypted: set mfa-totp's encryption_key (64 hex characters, "
                          "e.g. `openssl rand -hex 32`, kept outside the database)");
    } else if (const int sealed = store_->seal_plain_secrets(); sealed > 0) {
      host.logger()->info("encrypted {} TOTP secrets stored before encryption_key was set", sealed);
    }
    host.sessions().add_second_factor(std::make_shared<TotpProvider>(*store_));
    add_reset_command(host, *store_);
    if (!host.serving()) return;
    add_routes(host, *store_, settings_);
    add_reset_route(host, *store_);
    host.logger()->info("TOTP second factor at /api/v1/auth/totp (issuer '{}', window ±{})", settings_.issuer,
                        settings_.window);
  }

 private:
  Settings settings_;
  std::unique_ptr<TotpStore> store_;
};

}  // namespace
}  // namespace mfa_totp

HELPDESK_PLUGIN(mfa_totp::MfaTotpPlugin)
