#pragma once
// The command-line subcommands plugins add (helpdesk/commands.hpp), tagged by owner so a failed
// plugin's commands are removed with the rest of what it registered.
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <helpdesk/commands.hpp>

namespace helpdesk::kernel {

class CommandTable {
 public:
  // Throws Error 409 when the name is taken (by a plugin or the kernel).
  void add(Command command, const std::string& owner);
  void remove_owner(const std::string& owner);
  std::optional<Command> find(const std::string& name) const;
  // "name: summary (plugin)" lines for --help.
  std::vector<std::string> describe() const;

 private:
  struct Entry {
    Command command;
    std::string owner;
  };
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

// Names the kernel's own CLI uses; a plugin cannot take them.
bool is_kernel_command(const std::string& name);

}  // namespace helpdesk::kernel
