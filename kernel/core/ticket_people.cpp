// TicketService's collaborators: people copied on a ticket, stored as users.
#include <helpdesk/error.hpp>

#include "kernel/core/audit.hpp"
#include "kernel/core/directory.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/core/ticket_validation.hpp"

namespace helpdesk::kernel {

std::vector<Person> KernelTicketService::collaborators(const std::string& number) {
  std::vector<Person> out;
  bool found = false;
  db_.read([&](Sql& sql) {
    auto t = sql.query_one("SELECT id FROM tickets WHERE number = ?", {number});
    if (!t) return;
    found = true;
    for (const auto& r : sql.query("SELECT u.id, u.name, u.email, u.phone FROM ticket_collaborators c "
                                   "JOIN users u ON u.id = c.user_id WHERE c.ticket_id = ? ORDER BY c.added_at, u.id",
                                   {t->integer(0)}))
      out.push_back(Person{r.integer(0), r.text(1), r.text(2), r.text(3)});
  });
  if (!found) throw not_found("ticket " + number + " does not exist");
  return out;
}

bool KernelTicketService::add_collaborator(const std::string& number, const Person& person, const Actor& actor) {
  const std::string email = lower_email(person.email);
  if (!plausible_email(email)) throw bad_request("'" + person.email + "' is not an email address", "invalid_field");
  const Timestamp now = clock_();
  bool added = false;
  Person stored = person;
  stored.email = email;
  db_.write([&](Sql& sql) {
    auto t = sql.query_one("SELECT id FROM tickets WHERE number = ?", {number});
    if (!t) throw not_found("ticket " + number + " does not exist");
    std::int64_t user_id;
    if (auto u = sql.query_one("SELECT id, name FROM users WHERE email = ?", {email})) {
      user_id = u->integer(0);
      stored.name = u->text(1);
    } else {
      if (stored.name.empty()) stored.name = email.substr(0, email.find('@'));
      sql.exec("INSERT INTO users (email, name, phone, created_at) VALUES (?, ?, ?, ?)",
               {email, stored.name, person.phone, now});
      user_id = sql.last_insert_id();
    }
    stored.id = user_id;
    added = sql.exec("INSERT OR IGNORE INTO ticket_collaborators (ticket_id, user_id, added_at) VALUES (?, ?, ?)",
                     {t->integer(0), user_id, now}) > 0;
    if (added)
      write_audit(sql, now, actor,
                  {"ticket", t->integer(0), "collaborator_added", nullptr, {{"email", email}, {"name", stored.name}}});
  });
  if (added)
    publish(events::ticket_updated, number, {{"collaborator_added", {{"email", email}, {"name", stored.name}}}}, actor);
  return added;
}

}  // namespace helpdesk::kernel
