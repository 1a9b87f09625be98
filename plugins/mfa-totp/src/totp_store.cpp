#include "totp_store.hpp"

#include <helpdesk/error.hpp>

#include "crypto_util.hpp"
#include "recovery_codes.hpp"
#include "totp.hpp"

namespace mfa_totp {
namespace {

const char* kind_of(const helpdesk::Principal& who) { return who.kind == helpdesk::Actor::Kind::user ? "user" : "agent"; }

// Binds a sealed secret to its row: a value copied onto another person's row does not open.
std::string row_label(const helpdesk::Principal& who) { return std::string(kind_of(who)) + ":" + std::to_string(who.id); }

constexpr std::string_view kSealedPrefix = "v1:";

void remove_enrolment(helpdesk::Sql& sql, const helpdesk::Principal& who) {
  const std::string kind = kind_of(who);
  sql.exec("DELETE FROM mfa_totp_secrets WHERE kind = ? AND person_id = ?", {kind, who.id});
  sql.exec("DELETE FROM mfa_totp_recovery_codes WHERE kind = ? AND person_id = ?", {kind, who.id});
}

std::vector<std::string> digests_of(helpdesk::Sql& sql, const helpdesk::Principal& who) {
  std::vector<std::string> out;
  for (const auto& row : sql.query(
           "SELECT digest FROM mfa_totp_recovery_codes WHERE kind = ? AND person_id = ? ORDER BY slot",
           {std::string(kind_of(who)), who.id}))
    out.push_back(row.text(0));
  return out;
}

}  // namespace

struct TotpStore::Row {
  std::string secret;
  bool active = false;
  std::optional<std::int64_t> last_used_step;
};

TotpStore::TotpStore(helpdesk::Database& db, const Settings& settings, Clock clock)
    : db_(db), settings_(settings), clock_(std::move(clock)) {}

std::string TotpStore::stored_form(const helpdesk::Principal& who, const std::string& secret) const {
  if (settings_.encryption_key.empty()) return to_hex(secret);
  return std::string(kSealedPrefix) + to_hex(seal(settings_.encryption_key, secret, row_label(who)));
}

std::string TotpStore::secret_of(const helpdesk::Principal& who, const std::string& stored) const {
  if (!stored.starts_with(kSealedPrefix)) return from_hex(stored);
  std::optional<std::string> secret;
  if (!settings_.encryption_key.empty())
    secret = open_sealed(settings_.encryption_key, from_hex(std::string_view(stored).substr(kSealedPrefix.size())),
                         row_label(who));
  if (!secret)
    throw helpdesk::Error(500, "mfa_key_mismatch",
                          "this TOTP secret was encrypted with another encryption_key (or one that is not set now); "
                          "restore mfa-totp's encryption_key");
  return *secret;
}

int TotpStore::seal_plain_secrets() {
  if (settings_.encryption_key.empty()) return 0;
  int sealed = 0;
  db_.write([&](helpdesk::Sql& sql) {
    for (const auto& row : sql.query("SELECT kind, person_id, secret_hex FROM mfa_totp_secrets WHERE secret_hex NOT LIKE 'v1:%'")) {
      const helpdesk::Principal who{row.text(0) == "user" ? helpdesk::Actor::Kind::user : helpdesk::Actor::Kind::agent,
                                    row.integer(1), "", "", ""};
      sql.exec("UPDATE mfa_totp_secrets SET secret_hex = ? WHERE kind = ? AND person_id = ?",
               {stored_form(who, from_hex(row.text(2))), row.text(0), row.integer(1)});
      ++sealed;
    }
  });
  return sealed;
}

bool TotpStore::enrolled(const helpdesk::Principal& who) {
  bool active = false;
  db_.read([&](helpdesk::Sql& sql) {
    active = sql.query_one("SELECT 1 FROM mfa_totp_secrets WHERE kind = ? AND person_id = ? AND active = 1",
                           {std::string(kind_of(who)), who.id})
                 .has_value();
  });
  return active;
}

std::optional<std::string> TotpStore::begin_enrolment(const helpdesk::Principal& who) {
  std::optional<std::string> secret = new_totp_secret();
  const std::string kind = kind_of(who);
  db_.write([&](helpdesk::Sql& sql) {
    if (sql.query_one("SELECT 1 FROM mfa_totp_secrets WHERE kind = ? AND person_id = ? AND active = 1", {kind, who.id})) {
      secret.reset();
      return;
    }
    sql.exec("DELETE FROM mfa_totp_secrets WHERE kind = ? AND person_id = ?", {kind, who.id});
    sql.exec("INSERT INTO mfa_totp_secrets (kind, person_id, secret_hex, created_at) VALUES (?, ?, ?, ?)",
             {kind, who.id, stored_form(who, *secret), clock_()});
  });
  return secret;
}

Outcome TotpStore::attempt(const helpdesk::Principal& who, bool want_active,
                           const std::function<bool(helpdesk::Sql&, const Row&, Outcome&)>& check) {
  const std::string kind = kind_of(who);
  const std::int64_t now = clock_();
  Outcome out;
  db_.write([&](helpdesk::Sql& sql) {
    auto row = sql.query_one(
        "SELECT secret_hex, active, last_used_step, failures, locked_until FROM mfa_totp_secrets "
        "WHERE kind = ? AND person_id = ?",
        {kind, who.id});
    if (!row || (row->integer(1) != 0) != want_active) {
      out.result = Outcome::not_enrolled;
      return;
    }
    if (row->integer(4) > now) {
      out.result = Outcome::locked;
      out.retry_after = row->integer(4) - now;
      return;
    }
    Row r{secret_of(who, row->text(0)), row->integer(1) != 0,
          row->is_null(2) ? std::nullopt : std::optional<std::int64_t>(row->integer(2))};
    if (check(sql, r, out)) {
      out.result = Outcome::ok;
      sql.exec("UPDATE mfa_totp_secrets SET failures = 0, locked_until = 0 WHERE kind = ? AND person_id = ?",
               {kind, who.id});
      return;
    }
    const std::int64_t failures = row->integer(3) + 1;
    const bool lock = failures >= settings_.max_failures;
    sql.exec("UPDATE mfa_totp_secrets SET failures = ?, locked_until = ? WHERE kind = ? AND person_id = ?",
             {lock ? std::int64_t{0} : failures, lock ? now + settings_.lockout_seconds : std::int64_t{0}, kind, who.id});
    out.result = lock ? Outcome::locked : Outcome::wrong;
    out.retry_after = lock ? settings_.lockout_seconds : 0;
  });
  return out;
}

Outcome TotpStore::activate(const helpdesk::Principal& who, const std::string& code) {
  const TotpSettings totp{6, 30, Algorithm::sha1, settings_.window};
  const std::int64_t now = clock_();
  return attempt(who, false, [&](helpdesk::Sql& sql, const Row& row, Outcome& out) {
    const auto step = verify_totp(row.secret, code, now, std::nullopt, totp);
    if (!step) return false;
    const std::string kind = kind_of(who);
    sql.exec("UPDATE mfa_totp_secrets SET active = 1, last_used_step = ?, activated_at = ? WHERE kind = ? AND person_id = ?",
             {*step, now, kind, who.id});
    sql.exec("DELETE FROM mfa_totp_recovery_codes WHERE kind = ? AND person_id = ?", {kind, who.id});
    out.recovery_codes = generate_recovery_codes();
    for (std::size_t i = 0; i < out.recovery_codes.size(); ++i)
      sql.exec("INSERT INTO mfa_totp_recovery_codes (kind, person_id, slot, digest) VALUES (?, ?, ?, ?)",
               {kind, who.id, static_cast<std::int64_t>(i), recovery_code_digest(out.recovery_codes[i])});
    return true;
  });
}

Outcome TotpStore::verify(const helpdesk::Principal& who, const std::string& code) {
  const TotpSettings totp{6, 30, Algorithm::sha1, settings_.window};
  const std::int64_t now = clock_();
  return attempt(who, true, [&](helpdesk::Sql& sql, const Row& row, Outcome&) {
    const auto step = verify_totp(row.secret, code, now, row.last_used_step, totp);
    if (!step) return false;
    // Stored in the same transaction that accepts it: a second request with the code is refused.
    sql.exec("UPDATE mfa_totp_secrets SET last_used_step = ? WHERE kind = ? AND person_id = ?",
             {*step, std::string(kind_of(who)), who.id});
    return true;
  });
}

Outcome TotpStore::recover(const helpdesk::Principal& who, const std::string& code) {
  const std::int64_t now = clock_();
  return attempt(who, true, [&](helpdesk::Sql& sql, const Row&, Outcome& out) {
    const auto digests = digests_of(sql, who);
    const auto index = match_recovery_code(digests, code);
    if (!index) return false;
    sql.exec("UPDATE mfa_totp_recovery_codes SET digest = '', used_at = ? WHERE kind = ? AND person_id = ? AND slot = ?",
             {now, std::string(kind_of(who)), who.id, static_cast<std::int64_t>(*index)});
    for (std::size_t i = 0; i < digests.size(); ++i)
      if (i != *index && !digests[i].empty()) ++out.recovery_codes_left;
    return true;
  });
}

bool TotpStore::reset(const helpdesk::Principal& who) {
  bool had = false;
  db_.write([&](helpdesk::Sql& sql) {
    had = sql.query_one("SELECT 1 FROM mfa_totp_secrets WHERE kind = ? AND person_id = ?",
                        {std::string(kind_of(who)), who.id})
              .has_value();
    remove_enrolment(sql, who);
  });
  return had;
}

Outcome TotpStore::disable(const helpdesk::Principal& who, const std::string& code) {
  const TotpSettings totp{6, 30, Algorithm::sha1, settings_.window};
  const std::int64_t now = clock_();
  return attempt(who, true, [&](helpdesk::Sql& sql, const Row& row, Outcome&) {
    const bool valid = verify_totp(row.secret, code, now, row.last_used_step, totp).has_value() ||
                       match_recovery_code(digests_of(sql, who), code).has_value();
    if (!valid) return false;
    remove_enrolment(sql, who);
    return true;
  });
}

}  // namespace mfa_totp
