#pragma once
// A person's TOTP secret, recovery codes and wrong-code throttle in mfa_totp_* tables. Every check
// reads and updates its row in one transaction, so a step or recovery code is accepted once even
// when two requests race.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <helpdesk/auth.hpp>
#include <helpdesk/storage.hpp>

#include "settings.hpp"

namespace mfa_totp {

struct Outcome {
  enum Result { ok, wrong, locked, not_enrolled } result = not_enrolled;
  std::int64_t retry_after = 0;              // locked: seconds until codes are taken again
  std::vector<std::string> recovery_codes;  // activate: the fresh codes, in clear, shown once
  std::int64_t recovery_codes_left = 0;      // recover: unused codes after this one
};

class TotpStore {
 public:
  using Clock = std::function<std::int64_t()>;
  TotpStore(helpdesk::Database& db, const Settings& settings, Clock clock);

  bool enrolled(const helpdesk::Principal& who);
  // A new pending secret (replacing an earlier pending one); nullopt when one is already active.
  std::optional<std::string> begin_enrolment(const helpdesk::Principal& who);
  // The pending secret becomes active on a valid code; returns ten new recovery codes.
  Outcome activate(const helpdesk::Principal& who, const std::string& code);
  // A TOTP code of the active secret (±window, never a step twice).
  Outcome verify(const helpdesk::Principal& who, const std::string& code);
  // One of the recovery codes, burnt on use.
  Outcome recover(const helpdesk::Principal& who, const std::string& code);
  // Removes the secret and recovery codes when `code` is a valid TOTP or recovery code.
  Outcome disable(const helpdesk::Principal& who, const std::string& code);
  // An admin's reset for someone who lost their authenticator and recovery codes: removes the
  // secret and codes without a code; false when there was nothing.
  bool reset(const helpdesk::Principal& who);
  // With an encryption_key: encrypts the secrets stored before there was one; returns how many.
  int seal_plain_secrets();

 private:
  struct Row;
  // A secret as stored: AES-256-GCM under encryption_key ("v1:" + hex), else plain hex.
  std::string stored_form(const helpdesk::Principal& who, const std::string& secret) const;
  // Throws Error 500 mfa_key_mismatch when a sealed secret does not open with the key.
  std::string secret_of(const helpdesk::Principal& who, const std::string& stored) const;
  // Runs `check` on the person's row inside one write; counts a false answer as a wrong code
  // and locks after max_failures; refuses while locked.
  Outcome attempt(const helpdesk::Principal& who, bool want_active,
                  const std::function<bool(helpdesk::Sql&, const Row&, Outcome&)>& check);

  helpdesk::Database& db_;
  const Settings& settings_;
  Clock clock_;
};

}  // namespace mfa_totp
