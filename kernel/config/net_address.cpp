#include "kernel/config/net_address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace helpdesk::kernel::config_detail {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_ipv4(const std::string& s) {
  in_addr addr{};
  return inet_pton(AF_INET, s.c_str(), &addr) == 1;
}

bool is_ipv6(const std::string& s) {
  in6_addr addr{};
  return inet_pton(AF_INET6, s.c_str(), &addr) == 1;
}

bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.front() == '-' || s.front() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
  });
}

}  // namespace

std::optional<HostPort> parse_host_port(std::string_view text, std::string& error) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    error = "expected HOST:PORT, e.g. 127.0.0.1:8080";
    return std::nullopt;
  }
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  HostPort out;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    out.host = std::string(host.substr(1, host.size() - 2));
    if (!is_ipv6(out.host)) {
      error = "'" + out.host + "' is not an IPv6 address";
      return std::nullopt;
    }
  } else if (host.find(':') != std::string_view::npos) {
    error = "an IPv6 host needs brackets, e.g. [::1]:8080";
    return std::nullopt;
  } else {
    out.host = std::string(host);
    if (!is_hostname(out.host)) {
      error = out.host.empty() ? "missing host in HOST:PORT (use 0.0.0.0 for all interfaces)"
                               : "'" + out.host + "' is not a valid host";
      return std::nullopt;
    }
  }
  if (!all_digits(port) || port.size() > 5 || std::stoi(std::string(port)) > 65535) {
    error = "port '" + std::string(port) + "' is not a number from 0 to 65535";
    return std::nullopt;
  }
  out.port = std::stoi(std::string(port));
  return out;
}

std::string check_ip_or_cidr(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::string address(text.substr(0, slash));
  const bool v4 = is_ipv4(address);
  if (!v4 && !is_ipv6(address)) {
    return "'" + std::string(text) + "' is not an IPv4/IPv6 address or CIDR";
  }
  if (slash == std::string_view::npos) return "";
  const std::string_view prefix = text.substr(slash + 1);
  const int max_prefix = v4 ? 32 : 128;
  if (!all_digits(prefix) || prefix.size() > 3 || std::stoi(std::string(prefix)) > max_prefix) {
    return "'" + std::string(text) + "' has an invalid prefix length (0 to " +
           std::to_string(max_prefix) + " for " + (v4 ? "IPv4" : "IPv6") + ")";
  }
  return "";
}

}  // namespace helpdesk::kernel::config_detail
