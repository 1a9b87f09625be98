// TotpStore on an in-memory SQLite database: enrolment states, one use per step even under
// concurrent requests, recovery codes burnt, the wrong-code lock, and the settings' errors.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <helpdesk/error.hpp>

#include "crypto_util.hpp"
#include "sqlite_database.hpp"
#include "totp.hpp"
#include "totp_store.hpp"

std::vector<helpdesk::Migration> mfa_totp_migrations();

namespace {

using mfa_totp::Outcome;
using mfa_totp::TotpStore;

struct Fixture {
  Fixture() : store(db, settings, [this] { return now.load(); }) { db.apply(mfa_totp_migrations()); }
  std::string enrol_and_activate() {
    auto secret = store.begin_enrolment(who);
    EXPECT_TRUE(secret.has_value());
    auto outcome = store.activate(who, mfa_totp::totp_code(*secret, now));
    EXPECT_EQ(outcome.result, Outcome::ok);
    recovery = outcome.recovery_codes;
    return *secret;
  }

  auth_test::SqliteDatabase db;
  mfa_totp::Settings settings;
  std::atomic<std::int64_t> now{1'800'000'010};
  TotpStore store;
  helpdesk::Principal who{helpdesk::Actor::Kind::agent, 7, "ann@example.com", "Ann", {}};
  std::vector<std::string> recovery;
};

TEST(TotpStore, EnrolmentIsPendingUntilActivatedAndCannotBeReplacedOnceActive) {
  Fixture f;
  auto secret = f.store.begin_enrolment(f.who);
  ASSERT_TRUE(secret);
  EXPECT_EQ(secret->size(), 20u);
  EXPECT_FALSE(f.store.enrolled(f.who));
  EXPECT_EQ(f.store.verify(f.who, mfa_totp::totp_code(*secret, f.now)).result, Outcome::not_enrolled);
  auto active = f.store.activate(f.who, mfa_totp::totp_code(*secret, f.now));
  ASSERT_EQ(active.result, Outcome::ok);
  EXPECT_EQ(active.recovery_codes.size(), 10u);
  EXPECT_TRUE(f.store.enrolled(f.who));
  EXPECT_FALSE(f.store.begin_enrolment(f.who).has_value());
  // Another person is not enrolled by it.
  helpdesk::Principal user{helpdesk::Actor::Kind::user, 7, "u@example.com", "U", {}};
  EXPECT_FALSE(f.store.enrolled(user));
  // Recovery codes are stored as digests only.
  f.db.read([&](helpdesk::Sql& sql) {
    for (const auto& row : sql.query("SELECT digest FROM mfa_totp_recovery_codes"))
      for (const auto& code : active.recovery_codes) EXPECT_EQ(row.text(0).find(code), std::string::npos);
  });
}

TEST(TotpStore, TwoRequestsWithTheSameCodeSucceedOnce) {
  Fixture f;
  const auto secret = f.enrol_and_activate();
  f.now += 30;
  const std::string code = mfa_totp::totp_code(secret, f.now);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] { ok += f.store.verify(f.who, code).result == Outcome::ok; });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
}

TEST(TotpStore, RecoveryCodesBurnAndDisableNeedsACode) {
  Fixture f;
  const auto secret = f.enrol_and_activate();
  auto first = f.store.recover(f.who, f.recovery[3]);
  ASSERT_EQ(first.result, Outcome::ok);
  EXPECT_EQ(first.recovery_codes_left, 9);
  EXPECT_EQ(f.store.recover(f.who, f.recovery[3]).result, Outcome::wrong);
  EXPECT_EQ(f.store.disable(f.who, "000000").result, Outcome::wrong);
  EXPECT_EQ(f.store.disable(f.who, f.recovery[4]).result, Outcome::ok);
  EXPECT_FALSE(f.store.enrolled(f.who));
  f.db.read([&](helpdesk::Sql& sql) {
    EXPECT_FALSE(sql.query_one("SELECT 1 FROM mfa_totp_recovery_codes").has_value());
  });
}

TEST(TotpStore, WrongCodesLockUntilTheLockoutEnds) {
  Fixture f;
  f.settings.max_failures = 3;
  f.settings.lockout_seconds = 600;
  const auto secret = f.enrol_and_activate();
  EXPECT_EQ(f.store.verify(f.who, "000000").result, Outcome::wrong);
  EXPECT_EQ(f.store.verify(f.who, "000001").result, Outcome::wrong);
  auto locked = f.store.verify(f.who, "000002");
  EXPECT_EQ(locked.result, Outcome::locked);
  EXPECT_EQ(locked.retry_after, 600);
  f.now += 60;
  auto still = f.store.verify(f.who, mfa_totp::totp_code(secret, f.now));
  EXPECT_EQ(still.result, Outcome::locked);
  EXPECT_EQ(still.retry_after, 540);
  f.now += 541;
  EXPECT_EQ(f.store.verify(f.who, mfa_totp::totp_code(secret, f.now)).result, Outcome::ok);
}

TEST(MfaTotpSettings, ErrorsNameTheSetting) {
  auto error_of = [](const nlohmann::json& settings) {
    try {
      mfa_totp::Settings::from_json(settings);
    } catch (const helpdesk::Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of({{"issuer", "A:B"}}).find("issuer must not contain ':'"), std::string::npos);
  EXPECT_NE(error_of({{"window", 9}}).find("window must be an integer from 0 to 3"), std::string::npos);
  EXPECT_NE(error_of({{"max_failures", 0}}).find("max_failures"), std::string::npos);
  EXPECT_EQ(mfa_totp::Settings::from_json(nlohmann::json::object()).issuer, "Helpdesk");
  EXPECT_NE(error_of({{"encryption_key", "abc"}}).find("encryption_key must be 64 hex characters"), std::string::npos);
  EXPECT_NE(error_of({{"encryption_key", std::string(64, 'x')}}).find("encryption_key"), std::string::npos);
  EXPECT_TRUE(mfa_totp::Settings::from_json({{"encryption_key", ""}}).encryption_key.empty());  // an unset variable
  EXPECT_EQ(mfa_totp::Settings::from_json({{"encryption_key", std::string(64, 'a')}}).encryption_key.size(), 32u);
}

std::string stored_secret(auth_test::SqliteDatabase& db) {
  std::string out;
  db.read([&](helpdesk::Sql& sql) {
    if (auto row = sql.query_one("SELECT secret_hex FROM mfa_totp_secrets")) out = row->text(0);
  });
  return out;
}

TEST(TotpStore, WithAnEncryptionKeyTheSecretIsStoredSealedAndBoundToItsPerson) {
  Fixture f;
  f.settings.encryption_key = std::string(32, '\x42');
  const std::string secret = f.enrol_and_activate();
  const std::string stored = stored_secret(f.db);
  EXPECT_EQ(stored.rfind("v1:", 0), 0u) << stored;
  EXPECT_EQ(stored.find(mfa_totp::to_hex(secret)), std::string::npos) << "the secret is not in the database";
  f.now += 60;
  EXPECT_EQ(f.store.verify(f.who, mfa_totp::totp_code(secret, f.now)).result, Outcome::ok);
  // Another key (or none) cannot open it: the error names the setting.
  f.settings.encryption_key = std::string(32, '\x43');
  f.now += 60;
  try {
    f.store.verify(f.who, mfa_totp::totp_code(secret, f.now));
    ADD_FAILURE() << "a wrong key opened the secret";
  } catch (const helpdesk::Error& e) {
    EXPECT_EQ(e.code(), "mfa_key_mismatch");
  }
  // Copied onto another person's row, it does not open either.
  f.settings.encryption_key = std::string(32, '\x42');
  helpdesk::Principal other{helpdesk::Actor::Kind::agent, 8, "bo@example.com", "Bo", {}};
  f.db.write([&](helpdesk::Sql& sql) {
    sql.exec("INSERT INTO mfa_totp_secrets (kind, person_id, secret_hex, active, created_at) VALUES ('agent', 8, ?, 1, 0)",
             {stored});
  });
  EXPECT_THROW(f.store.verify(other, mfa_totp::totp_code(secret, f.now)), helpdesk::Error);
}

TEST(TotpStore, SecretsStoredBeforeTheKeyAreSealedWhenItIsSet) {
  Fixture f;
  const std::string secret = f.enrol_and_activate();
  EXPECT_EQ(stored_secret(f.db), mfa_totp::to_hex(secret));  // no key: plain
  EXPECT_EQ(f.store.seal_plain_secrets(), 0);
  f.settings.encryption_key = std::string(32, '\x42');
  EXPECT_EQ(f.store.seal_plain_secrets(), 1);
  EXPECT_EQ(stored_secret(f.db).rfind("v1:", 0), 0u);
  EXPECT_EQ(f.store.seal_plain_secrets(), 0);
  f.now += 60;
  EXPECT_EQ(f.store.verify(f.who, mfa_totp::totp_code(secret, f.now)).result, Outcome::ok);
}

}  // namespace
