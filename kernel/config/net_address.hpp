#pragma once
// Syntax checks for addresses in the config: "HOST:PORT" listeners and IP/CIDR allow-lists.
#include <optional>
#include <string>
#include <string_view>

namespace helpdesk::kernel::config_detail {

struct HostPort {
  std::string host;  // without brackets for IPv6
  int port = 0;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:0". nullopt and `error` set when malformed.
std::optional<HostPort> parse_host_port(std::string_view text, std::string& error);

// "10.0.0.1", "::1", "10.0.0.0/8", "fd00::/8". Returns "" when valid, else why not.
std::string check_ip_or_cidr(std::string_view text);

}  // namespace helpdesk::kernel::config_detail
