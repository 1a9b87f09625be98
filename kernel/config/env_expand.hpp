#pragma once
// ${NAME} and ${NAME:-default} in config values, replaced from the environment.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace helpdesk::kernel::config_detail {

// Returns the value of a variable, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

struct Expanded {
  std::string value;
  std::vector<std::string> errors;  // one message per problem; value is best effort then
};

// Replaces ${NAME} (the variable must be set; an empty value is kept) and ${NAME:-default}
// (default when unset or empty, as in POSIX sh). "$${" stands for a literal "${"; any other '$'
// is kept as written. NAME is [A-Za-z_][A-Za-z0-9_]*.
Expanded expand_env(std::string_view text, const EnvLookup& lookup);

// The process environment.
std::optional<std::string> process_env(const std::string& name);

}  // namespace helpdesk::kernel::config_detail
