#pragma once
// Command-line parsing for helpdeskd: a small hand-written parser (the grammar is tiny and the
// messages should name exactly what was wrong).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace helpdesk::kernel {

struct CliOptions {
  std::string command = "serve";  // serve, config-check, rules-check, help, version, plugin
  std::string plugin_command;     // command "plugin": the name a plugin registered (e.g. "pipe")
  std::vector<std::string> plugin_args;  // its arguments (options the kernel does not know)
  std::filesystem::path config = "config/helpdesk.yaml";
  std::optional<std::string> listen;
  std::optional<std::filesystem::path> data;
  std::vector<std::filesystem::path> plugin_dirs;
  std::optional<std::filesystem::path> port_file;
  std::string log_level = "info";
};

// Throws std::invalid_argument with a message naming the bad argument.
CliOptions parse_cli(const std::vector<std::string>& args);
const char* cli_usage();

}  // namespace helpdesk::kernel
