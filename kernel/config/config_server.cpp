// server:, storage: and tickets:.
#include "kernel/config/config_sections.hpp"
#include "kernel/config/net_address.hpp"

namespace helpdesk::kernel::config_detail {

void read_server(const MapView& root, ServerConfig& out) {
  const auto server =
      section(root, "server",
              {"listen", "io_threads", "handler_threads", "max_body_bytes", "max_header_bytes",
               "read_timeout_seconds", "idle_timeout_seconds", "access_log", "trusted_proxies"});
  if (!server) return;
  Walk& walk = server->walk();
  std::string listen;
  if (server->get("listen", listen)) {
    std::string error;
    if (parse_host_port(listen, error)) {
      out.listen = listen;
    } else {
      walk.issue(walk.line_for(server->path_of("listen")), server->path_of("listen"), error);
    }
  }
  server->get("io_threads", out.io_threads, 1);
  server->get("handler_threads", out.handler_threads, 1);
  server->get("max_body_bytes", out.max_body_bytes, 1);
  server->get("max_header_bytes", out.max_header_bytes, 1);
  server->get("read_timeout_seconds", out.read_timeout_seconds, 1);
  server->get("idle_timeout_seconds", out.idle_timeout_seconds, 1);
  server->get("access_log", out.access_log);
  server->each("trusted_proxies", [&](const YAML::Node& item, const std::string& path, int line) {
    const auto value = read_string(walk, item, path, line);
    if (!value) return;
    if (const std::string error = check_ip_or_cidr(*value); !error.empty()) {
      walk.issue(line, path, error);
      return;
    }
    out.trusted_proxies.push_back(*value);
  });
}

void read_storage(const MapView& root, StorageConfig& out) {
  const auto storage =
      section(root, "storage", {"data_dir", "read_connections", "busy_timeout_ms", "max_batch"});
  if (!storage) return;
  std::string data_dir;
  if (storage->get("data_dir", data_dir, /*required=*/false)) {
    if (data_dir.empty()) {
      storage->walk().issue(storage->walk().line_for(storage->path_of("data_dir")),
                            storage->path_of("data_dir"), "must not be empty");
    } else {
      out.data_dir = data_dir;  // as written: relative to the working directory (the CLI resolves)
    }
  }
  storage->get("read_connections", out.read_connections, 1);
  storage->get("busy_timeout_ms", out.busy_timeout_ms, 0);
  storage->get("max_batch", out.max_batch, 1);
}

void read_tickets(const MapView& root, TicketConfig& out) {
  const auto tickets = section(root, "tickets",
                               {"number_format", "default_department", "default_priority",
                                "default_status", "max_attachment_bytes"});
  if (!tickets) {
    // Without a tickets: section the one setting with no default is still missing.
    if (!root.has("tickets") && root.valid()) {
      root.walk().issue(root.line(), "tickets.default_department",
                        "missing required key 'default_department' (no tickets: section)");
    }
    return;
  }
  Walk& walk = tickets->walk();
  std::string format;
  if (tickets->get("number_format", format)) {
    if (format.find('#') == std::string::npos) {
      walk.issue(walk.line_for(tickets->path_of("number_format")),
                 tickets->path_of("number_format"),
                 "must contain at least one '#' (a digit of the ticket sequence)");
    } else {
      out.number_format = format;
    }
  }
  tickets->get("default_department", out.default_department, /*required=*/true);
  tickets->get("default_priority", out.default_priority);
  tickets->get("default_status", out.default_status);
  tickets->get("max_attachment_bytes", out.max_attachment_bytes, 1);
}

}  // namespace helpdesk::kernel::config_detail
