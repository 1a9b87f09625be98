#pragma once
// A throw-away CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI at
// test time, so TLS tests verify the peer for real (against ca_file) instead of turning checks off.
#include <string>

namespace helpdesk::mail::test {

struct TestCertificates {
  std::string ca_file;        // PEM: the CA certificate clients trust
  std::string cert_file;      // PEM: server certificate signed by the CA (SAN 127.0.0.1, localhost)
  std::string key_file;       // PEM: the server's private key (readable by the peer's user)
  std::string other_ca_file;  // PEM: a second CA that did not sign the server (negative tests)

  // Writes the files into `dir`. Throws std::runtime_error with openssl's log when a step fails.
  static TestCertificates generate(const std::string& dir);
};

}  // namespace helpdesk::mail::test
