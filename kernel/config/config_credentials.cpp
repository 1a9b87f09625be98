// api_keys: (osTicket-style X-API-Key, bound to source addresses) and tokens: (scoped bearer
// tokens for /api/v1). Secrets are kept only as SHA-256: `key:` is hashed here at load.
#include <algorithm>
#include <cctype>

#include "kernel/config/config_sections.hpp"
#include "kernel/config/net_address.hpp"
#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel::config_detail {
namespace {

constexpr std::size_t kMinKeyLength = 16;
const std::vector<std::string> kScopes = {"tickets:read", "tickets:write", "users:read", "kb:write",
                                          "admin"};

// Exactly one of `key` (hashed) or `key_sha256` (64 hex digits, stored lower-case).
void read_secret(const MapView& map, std::string& key_sha256) {
  Walk& walk = map.walk();
  const MapEntry* plain = map.find("key");
  const MapEntry* hashed = map.find("key_sha256");
  if (plain == nullptr && hashed == nullptr) {
    walk.issue(map.line(), map.path_of("key"), "missing 'key' or 'key_sha256'");
    return;
  }
  if (plain != nullptr && hashed != nullptr) {
    const MapEntry* later = plain->line > hashed->line ? plain : hashed;
    walk.issue(later->line, map.path_of(later->key), "give either 'key' or 'key_sha256', not both");
    return;
  }
  if (plain != nullptr) {
    std::string key;
    if (!map.get("key", key)) return;
    if (key.size() < kMinKeyLength) {
      // The secret itself stays out of the message.
      walk.issue(plain->line, map.path_of("key"),
                 "must be at least " + std::to_string(kMinKeyLength) + " characters, got " +
                     std::to_string(key.size()));
      return;
    }
    key_sha256 = sha256_hex(key);
    return;
  }
  std::string hex;
  if (!map.get("key_sha256", hex)) return;
  const bool is_hex = hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
                        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                      });
  if (!is_hex) {
    walk.issue(hashed->line, map.path_of("key_sha256"),
               "expected 64 hexadecimal digits (a SHA-256), got " + std::to_string(hex.size()) +
                   " characters");
    return;
  }
  std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  key_sha256 = hex;
}

void read_api_key(const MapView& map, Config& out) {
  Walk& walk = map.walk();
  ApiKey key;
  map.get("name", key.name, /*required=*/true);
  read_secret(map, key.key_sha256);
  map.each("allowed_ips", [&](const YAML::Node& item, const std::string& path, int line) {
    const auto ip = read_string(walk, item, path, line);
    if (!ip) return;
    if (const std::string error = check_ip_or_cidr(*ip); !error.empty()) {
      walk.issue(line, path, error);
      return;
    }
    key.allowed_ips.push_back(*ip);
  });
  map.get("can_create_tickets", key.can_create_tickets);
  map.get("can_exec_cron", key.can_exec_cron);
  out.api_keys.push_back(std::move(key));
}

void read_token(const MapView& map, Config& out) {
  Walk& walk = map.walk();
  ApiToken token;
  map.get("name", token.name, /*required=*/true);
  read_secret(map, token.key_sha256);
  if (!map.has("scopes")) {
    map.missing("scopes");
  } else if (map.get("scopes", token.scopes)) {
    if (token.scopes.empty()) {
      walk.issue(walk.line_for(map.path_of("scopes")), map.path_of("scopes"),
                 "a token needs at least one scope");
    }
    for (std::size_t i = 0; i < token.scopes.size(); ++i) {
      const std::string path = index_path(map.path_of("scopes"), i);
      check_one_of(walk, path, walk.line_for(path), token.scopes[i], kScopes);
    }
  }
  out.tokens.push_back(std::move(token));
}

void read_list(const MapView& root, std::string_view key, std::vector<std::string> known,
               void (*read)(const MapView&, Config&), Config& out) {
  root.each(key, [&](const YAML::Node& item, const std::string& path, int line) {
    const MapView map = item_map(root.walk(), item, path, line, known);
    if (map.valid()) read(map, out);
  });
}

}  // namespace

void read_credentials(const MapView& root, Config& out) {
  read_list(root, "api_keys",
            {"name", "key", "key_sha256", "allowed_ips", "can_create_tickets", "can_exec_cron"},
            read_api_key, out);
  read_list(root, "tokens", {"name", "key", "key_sha256", "scopes"}, read_token, out);
}

}  // namespace helpdesk::kernel::config_detail
