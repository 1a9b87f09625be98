#pragma once
// `helpdeskd token …` and `helpdeskd agent …`: administering credentials and agents from the
// shell (the first admin of a fresh install, scripts), on the same database as the server.
#include <string>
#include <vector>

#include "kernel/config/config.hpp"

namespace helpdesk::kernel {

// Returns the exit code: 0 done, 1 refused (the reason on stderr), 2 bad usage.
int run_admin_cli(const std::string& command, const std::vector<std::string>& args, const Config& config);

}  // namespace helpdesk::kernel
