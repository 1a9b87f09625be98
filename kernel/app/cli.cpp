#include "kernel/app/cli.hpp"

#include <algorithm>
#include <stdexcept>

namespace helpdesk::kernel {

const char* cli_usage() {
  return "usage: helpdeskd [serve] [options]      run the server\n"
         "       helpdeskd config check [options] validate the config and exit (0 valid, 1 invalid)\n"
         "       helpdeskd rules check [options]  compile every filter, trigger and module (0 clean, 1 errors)\n"
         "       helpdeskd token create NAME --scope SCOPE… | token revoke NAME | token list\n"
         "                                        API tokens (shown once; stored as SHA-256)\n"
         "       helpdeskd agent add EMAIL --name NAME --department KEY --role KEY [--admin] | agent list\n"
         "       helpdeskd COMMAND [options] [args]  a command a plugin adds, e.g. pipe (intake-email)\n"
         "       helpdeskd --help | --version\n"
         "\n"
         "options:\n"
         "  --config FILE       the YAML config (default config/helpdesk.yaml)\n"
         "  --listen HOST:PORT  overrides server.listen; port 0 picks a free port\n"
         "  --data DIR          overrides storage.data_dir\n"
         "  --plugin-dir DIR    also look for plugins here (repeatable)\n"
         "  --port-file FILE    write the bound port here once serving\n"
         "  --log-level LEVEL   trace, debug, info, warn, error (default info)\n";
}

CliOptions parse_cli(const std::vector<std::string>& args) {
  CliOptions o;
  std::size_t i = 0;
  if (i < args.size() && args[i] == "serve") {
    ++i;
  } else if (i + 1 < args.size() && args[i] == "config" && args[i + 1] == "check") {
    o.command = "config-check";
    i += 2;
  } else if (i + 1 < args.size() && args[i] == "rules" && args[i + 1] == "check") {
    o.command = "rules-check";
    i += 2;
  } else if (i < args.size() && args[i] == "rules") {
    throw std::invalid_argument("'rules' needs a subcommand: helpdeskd rules check --config FILE");
  } else if (i < args.size() && args[i] == "config") {
    throw std::invalid_argument("'config' needs a subcommand: helpdeskd config check --config FILE");
  } else if (i < args.size() && (args[i] == "token" || args[i] == "agent")) {
    o.command = args[i++];  // token create|revoke|list, agent add|list: the rest are its arguments
  } else if (i < args.size() && !args[i].empty() && args[i][0] != '-') {
    o.command = "plugin";
    o.plugin_command = args[i++];
  }
  auto value = [&](const std::string& flag) -> std::string {
    if (i + 1 >= args.size() || args[i + 1].empty()) throw std::invalid_argument(flag + " needs a value");
    return args[++i];
  };
  bool level_given = false;
  for (; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--help" || a == "-h")
      o.command = "help";
    else if (a == "--version")
      o.command = "version";
    else if (a == "--config")
      o.config = value(a);
    else if (a == "--listen")
      o.listen = value(a);
    else if (a == "--data")
      o.data = value(a);
    else if (a == "--plugin-dir")
      o.plugin_dirs.emplace_back(value(a));
    else if (a == "--port-file")
      o.port_file = value(a);
    else if (a == "--log-level")
      o.log_level = value(a), level_given = true;
    else if (o.command == "plugin" || o.command == "token" || o.command == "agent")
      o.plugin_args.push_back(a);  // the plugin's own options and arguments
    else
      throw std::invalid_argument("unknown argument '" + a + "' (see helpdeskd --help)");
  }
  // A plugin command's stderr often ends up in a bounce or a cron mail: only what matters.
  if (o.command == "plugin" && !level_given) o.log_level = "warn";
  static const std::vector<std::string> levels = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (std::find(levels.begin(), levels.end(), o.log_level) == levels.end())
    throw std::invalid_argument("--log-level must be one of trace, debug, info, warn, error, critical, off");
  if (o.listen) {
    const auto colon = o.listen->rfind(':');
    const auto port = colon == std::string::npos ? std::string() : o.listen->substr(colon + 1);
    if (colon == 0 || port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) > 65535)
      throw std::invalid_argument("--listen must be HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080");
  }
  return o;
}

}  // namespace helpdesk::kernel
