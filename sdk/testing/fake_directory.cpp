// The in-memory Directory and command registry of the SDK's fake host.
#include <algorithm>
#include <istream>
#include <sstream>

#include "helpdesk/testing/fake_host.hpp"

namespace helpdesk::testing {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Person FakeDirectory::add_agent(Person person, std::string department, std::vector<std::string> teams) {
  std::lock_guard lock(mutex_);
  if (person.id == 0) person.id = next_id_++;
  person.email = lower(person.email);
  agents_.push_back({person, std::move(department), std::move(teams)});
  return person;
}

Person FakeDirectory::add_user(Person person) {
  std::lock_guard lock(mutex_);
  if (person.id == 0) person.id = next_id_++;
  person.email = lower(person.email);
  users_.push_back(person);
  return person;
}

std::optional<Person> FakeDirectory::find_agent(const std::string& email) {
  std::lock_guard lock(mutex_);
  for (const auto& a : agents_)
    if (a.person.email == lower(email)) return a.person;
  return std::nullopt;
}

std::optional<Person> FakeDirectory::agent(std::int64_t id) {
  std::lock_guard lock(mutex_);
  for (const auto& a : agents_)
    if (a.person.id == id) return a.person;
  return std::nullopt;
}

std::optional<Person> FakeDirectory::find_user(const std::string& email) {
  std::lock_guard lock(mutex_);
  for (const auto& u : users_)
    if (u.email == lower(email)) return u;
  return std::nullopt;
}

std::vector<Person> FakeDirectory::department_agents(const std::string& department) {
  std::lock_guard lock(mutex_);
  std::vector<Person> out;
  for (const auto& a : agents_)
    if (a.department == department) out.push_back(a.person);
  return out;
}

std::vector<Person> FakeDirectory::team_agents(const std::string& team) {
  std::lock_guard lock(mutex_);
  std::vector<Person> out;
  for (const auto& a : agents_)
    if (std::find(a.teams.begin(), a.teams.end(), team) != a.teams.end()) out.push_back(a.person);
  return out;
}

Person FakeDirectory::ensure_user(const std::string& email, const std::string& name) {
  if (email.find('@') == std::string::npos) throw Error(400, "invalid_field", "'" + email + "' is not an email address");
  if (auto u = find_user(email)) return *u;
  return add_user(Person{0, name.empty() ? email.substr(0, email.find('@')) : name, email, ""});
}

void FakeCommands::add(Command command) {
  if (closed_) throw Error(500, "registration_closed", "commands can only be added while the plugin starts");
  for (const auto& c : commands_)
    if (c.name == command.name) throw Error(409, "conflict", "command '" + command.name + "' is already taken");
  commands_.push_back(std::move(command));
}

int FakeCommands::run(const std::string& name, std::vector<std::string> args, const std::string& input,
                      std::string& out, std::string& err) {
  for (const auto& c : commands_) {
    if (c.name != name) continue;
    std::istringstream in(input);
    std::ostringstream o, e;
    CommandContext context{std::move(args), in, o, e};
    const int code = c.run(context);
    out = o.str();
    err = e.str();
    return code;
  }
  throw Error(404, "not_found", "no command '" + name + "'");
}

std::vector<std::string> FakeCommands::names() const {
  std::vector<std::string> out;
  for (const auto& c : commands_) out.push_back(c.name);
  return out;
}

}  // namespace helpdesk::testing
