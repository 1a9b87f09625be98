#pragma once
// The auth-local plugin object (plugin.cpp exports it; unit tests start it on the FakeHost).
#include <memory>

#include <helpdesk/plugin.hpp>

#include "accounts.hpp"
#include "password_reset.hpp"
#include "persistent_throttle.hpp"
#include "registration.hpp"
#include "settings.hpp"

namespace auth_local {

class AuthLocalPlugin : public helpdesk::Plugin {
 public:
  void start(helpdesk::Host& host) override;

 private:
  Settings settings_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<PersistentThrottle> throttle_;
  std::unique_ptr<PasswordResets> resets_;
  std::unique_ptr<Registrations> registrations_;
};

}  // namespace auth_local
