// roles: and auth:.
#include "kernel/config/config_sections.hpp"

namespace helpdesk::kernel {

const std::vector<std::string>& known_permissions() {
  static const std::vector<std::string> permissions = {
      "ticket.view",  "ticket.create", "ticket.reply",  "ticket.note",  "ticket.assign", "ticket.transfer",
      "ticket.edit",  "ticket.close",  "ticket.delete", "ticket.merge", "kb.manage",     "reports.view", "admin"};
  return permissions;
}

namespace config_detail {

void read_access(const MapView& root, Config& out) {
  root.each("roles", [&](const YAML::Node& item, const std::string& path, int line) {
    const MapView map = item_map(root.walk(), item, path, line, {"key", "name", "permissions"});
    if (!map.valid()) return;
    Role role;
    read_key(map, role.key);
    map.get("name", role.name, /*required=*/true);
    map.get("permissions", role.permissions);
    for (std::size_t i = 0; i < role.permissions.size(); ++i) {
      const std::string p = map.path_of("permissions") + "[" + std::to_string(i) + "]";
      check_one_of(map.walk(), p, map.walk().line_for(p), role.permissions[i], known_permissions());
    }
    out.roles.push_back(std::move(role));
  });
  if (auto auth = section(root, "auth", {"session_idle_minutes", "session_absolute_hours", "agents_require_mfa",
                                          "cookie_secure", "share_organization_tickets"})) {
    auth->get("session_idle_minutes", out.auth.session_idle_minutes, 1);
    auth->get("session_absolute_hours", out.auth.session_absolute_hours, 1);
    auth->get("agents_require_mfa", out.auth.agents_require_mfa);
    if (auth->get("cookie_secure", out.auth.cookie_secure))
      check_one_of(auth->walk(), auth->path_of("cookie_secure"), auth->walk().line_for(auth->path_of("cookie_secure")),
                   out.auth.cookie_secure, {"auto", "always", "never"});
    auth->get("share_organization_tickets", out.auth.share_organization_tickets);
  }
}

}  // namespace config_detail
}  // namespace helpdesk::kernel
