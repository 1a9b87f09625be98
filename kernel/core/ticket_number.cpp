#include "kernel/core/ticket_number.hpp"

namespace helpdesk::kernel {

std::string format_ticket_number(const std::string& format, std::int64_t n) {
  const auto first = format.find('#');
  if (first == std::string::npos) return format + std::to_string(n);
  auto last = format.find_first_not_of('#', first);
  if (last == std::string::npos) last = format.size();
  std::string digits = std::to_string(n);
  const auto width = last - first;
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return format.substr(0, first) + digits + format.substr(last);
}

}  // namespace helpdesk::kernel
