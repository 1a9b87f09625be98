#pragma once
// Command-line subcommands a plugin adds to helpdeskd, e.g. `helpdeskd pipe --config FILE` for
// an MTA's `|command` delivery. A command runs in a process of its own beside the server: the
// kernel opens the same database, starts the configured plugins with Host::serving() false (no
// HTTP listener, no timers firing; events are still delivered to subscribers before exit), runs
// the command, then stops everything and exits with the command's code.
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace helpdesk {

struct CommandContext {
  std::vector<std::string> args;  // what followed the command name, minus the kernel's own options
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string name;     // e.g. "pipe"; not a kernel command (serve, config, rules, token, agent, help, version)
  std::string summary;  // one line, shown when `helpdeskd <unknown command>` lists the plugin commands
  std::function<int(CommandContext&)> run;  // the process exit code
};

// The usual shape of a command about one person: `ACTION EMAIL [--user]` (an agent's email
// unless --user). Anything else writes `usage` (after what was wrong) to ctx.err and returns
// nullopt: exit 64 (EX_USAGE) then.
struct PersonArgs {
  std::string action, email;
  bool user = false;
};
inline std::optional<PersonArgs> person_args(CommandContext& ctx, const std::string& command, const char* usage) {
  PersonArgs out;
  for (const auto& arg : ctx.args) {
    if (arg == "--user") out.user = true;
    else if (out.action.empty()) out.action = arg;
    else if (out.email.empty()) out.email = arg;
    else {
      ctx.err << command << ": unexpected argument '" << arg << "'\n" << usage;
      return std::nullopt;
    }
  }
  if (out.email.empty()) {
    ctx.err << usage;
    return std::nullopt;
  }
  return out;
}

class Commands {
 public:
  virtual ~Commands() = default;
  // Adds a command (only while the plugin starts). Throws Error when the name is taken.
  virtual void add(Command command) = 0;
};

}  // namespace helpdesk
