#include "kernel/core/demo_data.hpp"

#include <algorithm>

#include "kernel/core/ticket_service.hpp"

namespace helpdesk::kernel {

void seed_demo_data(Database& db, TicketService& tickets, const Config& config) {
  bool empty = false;
  db.read([&](Sql& sql) { empty = sql.query_one("SELECT 1 FROM agents LIMIT 1") == std::nullopt; });
  if (!empty) return;
  const auto& it = config.departments.size() > 0 ? config.departments.front().key : config.tickets.default_department;
  const Timestamp now = system_now();
  db.write([&](Sql& sql) {
    sql.exec("INSERT INTO agents (email, name, department_key, is_admin, created_at) VALUES (?, ?, ?, 1, ?)",
             {std::string("admin@example.com"), std::string("Demo Admin"), it, now});
    sql.exec("INSERT INTO agents (email, name, department_key, is_admin, created_at) VALUES (?, ?, ?, 0, ?)",
             {std::string("agent@example.com"), std::string("Demo Agent"), config.tickets.default_department, now});
    // The demo agent's role in their department: the config's "agent" role, else its first.
    const std::string role = std::any_of(config.roles.begin(), config.roles.end(), [](const Role& r) { return r.key == "agent"; })
                                 ? std::string("agent")
                                 : config.roles.empty() ? std::string() : config.roles.front().key;
    if (!role.empty())
      sql.exec("INSERT INTO agent_access (agent_id, department_key, role_key) VALUES (?, ?, ?)",
               {sql.last_insert_id(), config.tickets.default_department, role});
    sql.exec("INSERT INTO users (email, name, created_at) VALUES (?, ?, ?)",
             {std::string("user@example.com"), std::string("Demo User"), now});
  });
  const Actor system = Actor::system("demo-data");
  const struct {
    const char* subject;
    const char* body;
    const char* priority;
  } samples[] = {
      {"Cannot connect to the VPN", "Since this morning the VPN client says 'authentication failed'.", "high"},
      {"Printer on floor 2 is jammed", "The big printer by the kitchen shows error E-104.", "normal"},
      {"Question about my last invoice", "Invoice 2026-1142 lists two licences; we only have one.", "low"},
  };
  for (const auto& s : samples) {
    NewTicket t;
    t.requester = {0, "Demo User", "user@example.com", ""};
    t.subject = s.subject;
    t.body = s.body;
    t.priority = s.priority;
    t.source = "Web";
    tickets.create(t, system);
  }
}

}  // namespace helpdesk::kernel
