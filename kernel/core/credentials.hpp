#pragma once
// The one place a route's Access requirement is checked: osTicket-style API keys bound to source
// addresses, and scoped bearer tokens. Secrets are stored and compared as SHA-256 hashes in
// constant time (a password hash here would cost every request; see ANCHORS.md on RT).
#include <string>
#include <vector>

#include <helpdesk/http.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/config/config.hpp"
#include "kernel/util/address_match.hpp"

namespace helpdesk::kernel {

class Credentials {
 public:
  // With `db`, tokens created at run time (api_tokens) are accepted too.
  explicit Credentials(const Config& config, Database* db = nullptr);

  // Fills request.actor or throws Error 401 (no or unknown credentials) / 403 (not allowed).
  void authenticate(http::Request& request, const http::Access& access) const;
  // The client's address: the peer, or when the peer is a trusted proxy the nearest untrusted
  // address in X-Forwarded-For.
  std::string client_address(const http::Request& request) const;

 private:
  struct Key {
    ApiKey config;
    AddressList allowed;
  };
  std::vector<Key> keys_;
  std::vector<ApiToken> tokens_;
  Database* db_ = nullptr;
  AddressList trusted_proxies_;
};

}  // namespace helpdesk::kernel
