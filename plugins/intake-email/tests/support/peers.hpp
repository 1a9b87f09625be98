#pragma once
// Whether the real mail peers can run here. Each returns an empty string when they can, else the
// reason, for GTEST_SKIP() << reason.
#include <string>

namespace helpdesk::mail::test {

// Dovecot needs root (it drops to the dovecot/dovenull users) and the Debian packages
// dovecot-imapd and dovecot-pop3d.
std::string dovecot_unavailable();
// aiosmtpd under the system Python (python3-aiosmtpd).
std::string aiosmtpd_unavailable();
// The system Python for the token endpoint script.
std::string python_unavailable();

}  // namespace helpdesk::mail::test
