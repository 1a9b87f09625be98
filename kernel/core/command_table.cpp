#include "kernel/core/command_table.hpp"

#include <algorithm>

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {

bool is_kernel_command(const std::string& name) {
  static const std::vector<std::string> names = {"serve", "config", "rules", "token", "agent", "help", "version"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

void CommandTable::add(Command command, const std::string& owner) {
  if (command.name.empty() || command.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
    throw Error(400, "invalid_command", "command name '" + command.name + "' must be lower-case letters, digits and dashes");
  if (!command.run) throw Error(400, "invalid_command", "command '" + command.name + "' has no function");
  std::lock_guard lock(mutex_);
  if (is_kernel_command(command.name)) throw conflict("command '" + command.name + "' belongs to the kernel");
  for (const auto& e : entries_)
    if (e.command.name == command.name)
      throw conflict("command '" + command.name + "' is already added by plugin '" + e.owner + "'");
  entries_.push_back({std::move(command), owner});
}

void CommandTable::remove_owner(const std::string& owner) {
  std::lock_guard lock(mutex_);
  std::erase_if(entries_, [&](const Entry& e) { return e.owner == owner; });
}

std::optional<Command> CommandTable::find(const std::string& name) const {
  std::lock_guard lock(mutex_);
  for (const auto& e : entries_)
    if (e.command.name == name) return e.command;
  return std::nullopt;
}

std::vector<std::string> CommandTable::describe() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.command.name + ": " + e.command.summary + " (" + e.owner + ")");
  return out;
}

}  // namespace helpdesk::kernel
