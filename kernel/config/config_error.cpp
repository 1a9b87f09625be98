#include "kernel/config/config.hpp"

namespace helpdesk::kernel {
namespace {

std::string join_issues(const std::vector<ConfigIssue>& issues) {
  std::string text = issues.size() == 1 ? "invalid configuration (1 problem):"
                                        : "invalid configuration (" +
                                              std::to_string(issues.size()) + " problems):";
  for (const auto& issue : issues) text += "\n" + issue.to_string();
  return text;
}

}  // namespace

// "FILE:LINE: KEY: MESSAGE"; ":LINE" is left out when the line is unknown (0) and "KEY: " when
// the problem is not tied to a key (a YAML syntax error, an unreadable file).
std::string ConfigIssue::to_string() const {
  std::string text = file;
  if (line > 0) text += ":" + std::to_string(line);
  text += ": ";
  if (!key.empty()) text += key + ": ";
  text += message;
  return text;
}

ConfigError::ConfigError(std::vector<ConfigIssue> issues)
    : std::runtime_error(join_issues(issues)), issues_(std::move(issues)) {}

}  // namespace helpdesk::kernel
