#include "kernel/core/plugin_host.hpp"

#include <spdlog/spdlog.h>

namespace helpdesk::kernel {
namespace {

Error closed(const std::string& owner, const std::string& what) {
  return Error(500, "registration_closed", "plugin '" + owner + "' tried to " + what + " after start");
}

}  // namespace

PluginHost::PluginHost(KernelServices& services, std::string instance, std::string plugin, nlohmann::json settings)
    : services_(services),
      instance_(std::move(instance)),
      plugin_(std::move(plugin)),
      settings_(std::move(settings)),
      log_(spdlog::default_logger()->clone(instance_)),
      router_(services.routes, instance_, open_),
      events_(services.events, instance_, open_),
      scheduler_(services.scheduler, instance_, open_),
      commands_(services.commands, instance_, open_),
      sessions_(services.sessions, instance_, open_) {}

Database& PluginHost::database(const std::vector<Migration>& migrations) {
  if (!open_) throw closed(instance_, "open its database");
  services_.db.migrate(plugin_, migrations);
  return services_.db;
}

void PluginHost::rollback() {
  services_.routes.remove_owner(instance_);
  services_.events.remove_owner(instance_);
  services_.scheduler.remove_owner(instance_);
  services_.commands.remove_owner(instance_);
  services_.sessions.remove_owner(instance_);
}

void PluginHost::OwnedSessions::add_second_factor(std::shared_ptr<SecondFactorProvider> provider) {
  if (!open_) throw closed(owner_, "add a second factor");
  store_.add_second_factor(std::move(provider), owner_);
}

void PluginHost::OwnedCommands::add(Command command) {
  if (!open_) throw closed(owner_, "add command " + command.name);
  table_.add(std::move(command), owner_);
}

void PluginHost::OwnedRouter::add(http::Route route) {
  if (!open_) throw closed(owner_, "add route " + route.pattern);
  routes_.add(std::move(route), owner_);
}

void PluginHost::OwnedRouter::add_static(std::string url_prefix, std::filesystem::path dir) {
  if (!open_) throw closed(owner_, "add static folder " + url_prefix);
  routes_.add_static(std::move(url_prefix), std::move(dir), owner_);
}

}  // namespace helpdesk::kernel
