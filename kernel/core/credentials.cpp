#include "kernel/core/credentials.hpp"

#include <helpdesk/error.hpp>

#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel {
namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

Credentials::Credentials(const Config& config, Database* db)
    : tokens_(config.tokens), db_(db), trusted_proxies_(config.server.trusted_proxies) {
  for (const auto& k : config.api_keys) keys_.push_back({k, AddressList(k.allowed_ips)});
}

std::string Credentials::client_address(const http::Request& request) const {
  if (trusted_proxies_.empty() || !trusted_proxies_.contains(request.remote_address)) return request.remote_address;
  const auto xff = request.header("x-forwarded-for");
  std::string rest = xff;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    std::string hop = trim(comma == std::string::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string::npos ? std::string() : rest.substr(0, comma);
    if (!hop.empty() && !trusted_proxies_.contains(hop)) return hop;
  }
  return request.remote_address;
}

void Credentials::authenticate(http::Request& request, const http::Access& access) const {
  using Who = http::Access::Who;
  if (access.who == Who::anyone || access.who == Who::signed_in) return;  // signed_in: the Authorizer

  if (access.who == Who::api_key) {
    const auto presented = request.header("x-api-key");
    if (presented.empty()) throw unauthorized("this endpoint needs an API key in the X-API-Key header");
    const auto hash = sha256_hex(presented);
    const Key* match = nullptr;
    for (const auto& k : keys_)
      if (secure_equals(hash, k.config.key_sha256)) match = &k;
    if (!match) throw unauthorized("invalid API key");
    const auto client = client_address(request);
    if (!match->allowed.contains(client))
      throw Error(403, "address_not_allowed", "API key '" + match->config.name + "' is not allowed from " + client);
    const bool allowed = access.scope.empty() ||
                         (access.scope == "can_create_tickets" && match->config.can_create_tickets) ||
                         (access.scope == "can_exec_cron" && match->config.can_exec_cron);
    if (!allowed) throw forbidden("API key '" + match->config.name + "' lacks the right '" + access.scope + "'");
    request.actor = Actor{Actor::Kind::api_key, match->config.name, "API key " + match->config.name, {}};
    return;
  }

  const auto auth = request.header("authorization");
  constexpr std::string_view bearer = "Bearer ";
  auto is_bearer = [&] {  // the scheme is case-insensitive (RFC 9110)
    if (auth.size() <= bearer.size()) return false;
    for (std::size_t i = 0; i < bearer.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(auth[i])) != std::tolower(static_cast<unsigned char>(bearer[i])))
        return false;
    return true;
  };
  if (!is_bearer())
    throw unauthorized("this endpoint needs a token: send 'Authorization: Bearer <token>'");
  const auto hash = sha256_hex(trim(auth.substr(bearer.size())));
  const ApiToken* match = nullptr;
  for (const auto& t : tokens_)
    if (secure_equals(hash, t.key_sha256)) match = &t;
  ApiToken stored;
  if (!match && db_) {
    // Created at run time: looked up by its hash (an index lookup; the hash of a random token
    // gives a timing observer nothing to work with).
    db_->read([&](Sql& sql) {
      if (auto row = sql.query_one("SELECT name, scopes FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
                                   {hash})) {
        stored.name = row->text(0);
        stored.key_sha256 = hash;
        const auto scopes = nlohmann::json::parse(row->text(1), nullptr, false);
        if (scopes.is_array())
          for (const auto& s : scopes)
            if (s.is_string()) stored.scopes.push_back(s.get<std::string>());
        match = &stored;
      }
    });
  }
  if (!match) throw unauthorized("invalid token");
  Actor actor{Actor::Kind::token, match->name, "token " + match->name, match->scopes};
  if (!access.scope.empty() && !actor.has_scope(access.scope))
    throw forbidden("token '" + match->name + "' lacks scope '" + access.scope + "'");
  request.actor = std::move(actor);
}

}  // namespace helpdesk::kernel
