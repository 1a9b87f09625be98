#pragma once
// The key under which the login throttle counts a client address.
#include <string>
#include <string_view>

namespace auth_local {

// IPv4 stays as it is ("192.0.2.7"); an IPv4-mapped IPv6 address becomes its IPv4 form; any
// other IPv6 address becomes its /64 prefix ("2001:db8:1:2::/64"), because one subscriber
// usually holds a whole /64 and could otherwise rotate through 2^64 addresses. Text that is no
// IP address is returned unchanged (still a stable key).
std::string address_key(std::string_view address);

}  // namespace auth_local
