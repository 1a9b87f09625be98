#pragma once
// IP address lists with CIDR ranges ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8").
#include <array>
#include <optional>
#include <string>
#include <vector>

namespace helpdesk::kernel {

struct AddressRange {
  std::array<unsigned char, 16> bytes{};  // IPv4 stored as IPv4-mapped IPv6
  int prefix = 128;
};

// Parses an address or CIDR; nullopt when malformed.
std::optional<AddressRange> parse_address_range(const std::string& text);

class AddressList {
 public:
  AddressList() = default;
  // Throws std::invalid_argument naming the bad entry.
  explicit AddressList(const std::vector<std::string>& entries);
  bool contains(const std::string& address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  std::vector<AddressRange> ranges_;
};

}  // namespace helpdesk::kernel
