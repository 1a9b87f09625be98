#include "support/peers.hpp"

#include <unistd.h>

#include "support/process.hpp"

namespace helpdesk::mail::test {
namespace {

bool executable(const char* path) { return access(path, X_OK) == 0; }

}  // namespace

std::string dovecot_unavailable() {
  if (geteuid() != 0) return "Dovecot tests need root (it drops privileges to dovecot/dovenull)";
  if (!executable("/usr/sbin/dovecot")) return "dovecot is not installed (dovecot-core)";
  if (!executable("/usr/lib/dovecot/imap")) return "dovecot-imapd is not installed";
  if (!executable("/usr/lib/dovecot/pop3")) return "dovecot-pop3d is not installed";
  return {};
}

std::string python_unavailable() {
  if (!executable("/usr/bin/python3")) return "/usr/bin/python3 is not installed";
  return {};
}

std::string aiosmtpd_unavailable() {
  if (auto reason = python_unavailable(); !reason.empty()) return reason;
  // Cached: the import check costs a Python start.
  static const bool present =
      run_program({"/usr/bin/python3", "-c", "import aiosmtpd"}, "/dev/null") == 0;
  return present ? "" : "aiosmtpd is not installed for /usr/bin/python3 (python3-aiosmtpd)";
}

}  // namespace helpdesk::mail::test
