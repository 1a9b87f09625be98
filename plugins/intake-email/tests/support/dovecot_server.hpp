#pragma once
// A real Dovecot (IMAP + POP3) for tests, from a config of its own in a temp dir, listening on
// free loopback ports. Needs root: see peers.hpp for the skip check.
#include <map>
#include <memory>
#include <string>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace helpdesk::mail::test {

struct DovecotOptions {
  std::map<std::string, std::string> users{{"alice", "alice-secret"}};  // name -> password
  // Both set: ssl = yes, IMAPS/POP3S listeners and STARTTLS on the plain ones.
  std::string tls_cert_file, tls_key_file;
  // Set: XOAUTH2/OAUTHBEARER logins whose tokens Dovecot checks by POSTing token=… to this URL
  // (RFC 7662 style; the answer needs "active": true and "username").
  std::string oauth2_introspection_url;
  // Set: replaces the capability list advertised after login (e.g. "IMAP4rev1 UIDPLUS" hides
  // MOVE, to test the COPY fallback).
  std::string imap_capability;
};

class DovecotServer {
 public:
  explicit DovecotServer(DovecotOptions options = {});
  ~DovecotServer();  // stops it

  // Writes the config, starts `dovecot -F -c FILE` and waits until every port accepts. Retries
  // with fresh ports when one was taken meanwhile. Throws std::runtime_error with the log tail.
  void start();
  // Ends the master by the PID in base_dir/master.pid (and its process group).
  void stop();

  // Drops a raw message into the user's maildir/new, owned by dovecot, as a local MDA would.
  void deliver(const std::string& user, const std::string& raw_message);
  // Number of messages in the user's folder on disk ("" = INBOX), new and cur.
  std::size_t count_on_disk(const std::string& user, const std::string& folder = "") const;

  int imap_port() const { return imap_port_; }
  int pop3_port() const { return pop3_port_; }
  int imaps_port() const { return imaps_port_; }  // 0 without TLS
  int pop3s_port() const { return pop3s_port_; }  // 0 without TLS
  std::string log() const;

 private:
  void write_config();
  std::string maildir(const std::string& user, const std::string& folder = "") const;
  void make_maildir(const std::string& path) const;

  DovecotOptions options_;
  TempDir dir_{"helpdesk-dovecot"};
  ChildProcess process_;
  int imap_port_ = 0, pop3_port_ = 0, imaps_port_ = 0, pop3s_port_ = 0;
  unsigned deliveries_ = 0;
};

}  // namespace helpdesk::mail::test
