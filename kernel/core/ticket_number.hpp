#pragma once
#include <cstdint>
#include <string>

namespace helpdesk::kernel {

// Renders sequence value `n` in `format`: the run of '#' becomes n zero-padded to its width (and
// grows beyond it), other characters are literal. "######", 42 -> "000042".
std::string format_ticket_number(const std::string& format, std::int64_t n);

}  // namespace helpdesk::kernel
