#include "kernel/util/address_match.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>
#include <stdexcept>

namespace helpdesk::kernel {
namespace {

std::optional<std::array<unsigned char, 16>> parse_ip(const std::string& text, bool& v4) {
  std::array<unsigned char, 16> out{};
  in_addr a4{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) {
    v4 = true;
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &a4, 4);
    return out;
  }
  in6_addr a6{};
  if (inet_pton(AF_INET6, text.c_str(), &a6) == 1) {
    v4 = false;
    std::memcpy(out.data(), &a6, 16);
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::optional<AddressRange> parse_address_range(const std::string& text) {
  const auto slash = text.find('/');
  bool v4 = false;
  auto ip = parse_ip(text.substr(0, slash), v4);
  if (!ip) return std::nullopt;
  AddressRange r{*ip, 128};
  if (slash != std::string::npos) {
    int prefix = -1;
    const auto s = std::string_view(text).substr(slash + 1);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), prefix);
    if (ec != std::errc() || p != s.data() + s.size() || prefix < 0 || prefix > (v4 ? 32 : 128)) return std::nullopt;
    r.prefix = v4 ? prefix + 96 : prefix;
  }
  return r;
}

AddressList::AddressList(const std::vector<std::string>& entries) {
  for (const auto& e : entries) {
    auto r = parse_address_range(e);
    if (!r) throw std::invalid_argument("not an IP address or CIDR range: '" + e + "'");
    ranges_.push_back(*r);
  }
}

bool AddressList::contains(const std::string& address) const {
  bool v4 = false;
  auto ip = parse_ip(address, v4);
  if (!ip) return false;
  for (const auto& r : ranges_) {
    int bits = r.prefix;
    bool match = true;
    for (int i = 0; i < 16 && bits > 0 && match; ++i, bits -= 8) {
      const unsigned char mask = bits >= 8 ? 0xff : static_cast<unsigned char>(0xff << (8 - bits));
      match = ((*ip)[i] & mask) == (r.bytes[i] & mask);
    }
    if (match) return true;
  }
  return false;
}

}  // namespace helpdesk::kernel
