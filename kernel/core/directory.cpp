#include "kernel/core/directory.hpp"

#include <helpdesk/error.hpp>

#include "kernel/core/ticket_service.hpp"
#include "kernel/core/ticket_validation.hpp"

namespace helpdesk::kernel {

std::string lower_email(std::string email) {
  for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return email;
}

std::vector<Person> KernelDirectory::people(const std::string& sql, const std::vector<SqlValue>& params) {
  std::vector<Person> out;
  db_.read([&](Sql& s) {
    for (const auto& r : s.query(sql, params)) out.push_back(Person{r.integer(0), r.text(1), r.text(2), r.text(3)});
  });
  return out;
}

std::optional<Person> KernelDirectory::find_agent(const std::string& email) {
  auto found = people("SELECT id, name, email, '' FROM agents WHERE email = ? AND active = 1", {lower_email(email)});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Person> KernelDirectory::agent(std::int64_t id) {
  auto found = people("SELECT id, name, email, '' FROM agents WHERE id = ? AND active = 1", {id});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::optional<Person> KernelDirectory::find_user(const std::string& email) {
  auto found = people("SELECT id, name, email, phone FROM users WHERE email = ?", {lower_email(email)});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<Person> KernelDirectory::department_agents(const std::string& department) {
  return people("SELECT id, name, email, '' FROM agents WHERE department_key = ? AND active = 1 ORDER BY id",
                {department});
}

std::vector<Person> KernelDirectory::team_agents(const std::string& team) {
  return people(
      "SELECT a.id, a.name, a.email, '' FROM team_members m JOIN agents a ON a.id = m.agent_id "
      "WHERE m.team_key = ? AND a.active = 1 ORDER BY a.id",
      {team});
}

Person KernelDirectory::ensure_user(const std::string& email_in, const std::string& name) {
  const std::string email = lower_email(email_in);
  if (!plausible_email(email)) throw bad_request("'" + email_in + "' is not an email address", "invalid_field");
  Person out;
  db_.write([&](Sql& sql) {
    if (auto u = sql.query_one("SELECT id, name, email, phone FROM users WHERE email = ?", {email})) {
      out = Person{u->integer(0), u->text(1), u->text(2), u->text(3)};
      return;
    }
    const std::string shown = name.empty() ? email.substr(0, email.find('@')) : name;
    sql.exec("INSERT INTO users (email, name, created_at) VALUES (?, ?, ?)", {email, shown, system_now()});
    out = Person{sql.last_insert_id(), shown, email, ""};
  });
  return out;
}

}  // namespace helpdesk::kernel
