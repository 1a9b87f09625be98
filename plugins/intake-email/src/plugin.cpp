// The intake-email plugin: shared settings and the Message-ID secret, then the two directions.
#include <memory>

#include <helpdesk/plugin.hpp>

#include "common_settings.hpp"
#include "inbound.hpp"
#include "message_ids.hpp"
#include "outbound.hpp"

std::vector<helpdesk::Migration> intake_email_migrations();

namespace intake_email {
namespace {

// The configured secret, else the one generated at first start (kept in intake_email_state).
std::string resolve_secret(const CommonSettings& common, helpdesk::Database& db) {
  if (!common.secret.empty()) return common.secret;
  std::string secret;
  db.write([&](helpdesk::Sql& sql) {
    if (auto row = sql.query_one("SELECT value FROM intake_email_state WHERE key = 'message_id_secret'")) {
      secret = row->text(0);
      return;
    }
    secret = random_hex(32);
    sql.exec("INSERT INTO intake_email_state (key, value) VALUES ('message_id_secret', ?)", {secret});
  });
  return secret;
}

class IntakeEmailPlugin : public helpdesk::Plugin {
 public:
  void start(helpdesk::Host& host) override {
    helpdesk::Database* db = nullptr;
    try {  // settings errors name the plugin and the key
      common_ = CommonSettings::from_json(host.settings());
      db = &host.database(intake_email_migrations());
      ids_ = std::make_unique<MessageIds>(resolve_secret(common_, *db), common_.message_id_domain);
      outbound_ = std::make_unique<Outbound>(host, common_, *db, *ids_);
      inbound_ = std::make_unique<Inbound>(host, common_, *db, *ids_);
    } catch (const std::invalid_argument& e) {
      throw helpdesk::Error(400, "invalid_settings", std::string("intake-email: ") + e.what());
    }
    outbound_->start();
    inbound_->start();
  }

  void stop() override {
    if (inbound_) inbound_->stop();
    if (outbound_) outbound_->stop();
  }

  nlohmann::json health() const override {
    nlohmann::json h = nlohmann::json::object();
    if (inbound_) h["incoming"] = inbound_->health();
    if (outbound_) h["outgoing"] = outbound_->health();
    return h;
  }

 private:
  CommonSettings common_;
  std::unique_ptr<MessageIds> ids_;
  std::unique_ptr<Outbound> outbound_;
  std::unique_ptr<Inbound> inbound_;
};

}  // namespace
}  // namespace intake_email

HELPDESK_PLUGIN(intake_email::IntakeEmailPlugin)
