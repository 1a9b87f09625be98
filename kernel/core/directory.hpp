#pragma once
// The SDK's Directory over the kernel's agents, users and team members.
#include <helpdesk/directory.hpp>
#include <helpdesk/storage.hpp>

namespace helpdesk::kernel {

class KernelDirectory : public Directory {
 public:
  explicit KernelDirectory(Database& db) : db_(db) {}
  std::optional<Person> find_agent(const std::string& email) override;
  std::optional<Person> agent(std::int64_t id) override;
  std::optional<Person> find_user(const std::string& email) override;
  std::vector<Person> department_agents(const std::string& department) override;
  std::vector<Person> team_agents(const std::string& team) override;
  Person ensure_user(const std::string& email, const std::string& name) override;

 private:
  std::vector<Person> people(const std::string& sql, const std::vector<SqlValue>& params);
  Database& db_;
};

// Lower-cased, as emails are stored.
std::string lower_email(std::string email);

}  // namespace helpdesk::kernel
