#pragma once
// Who is who: agents and users as plugins need them (whom to notify, whether a sender is an agent).
// Emails are matched case-insensitively. Read-only; people are managed by the kernel.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "helpdesk/tickets.hpp"

namespace helpdesk {

class Directory {
 public:
  virtual ~Directory() = default;
  // An active agent, or nullopt.
  virtual std::optional<Person> find_agent(const std::string& email) = 0;
  virtual std::optional<Person> agent(std::int64_t id) = 0;
  // A known end user (requester or collaborator of some ticket), or nullopt.
  virtual std::optional<Person> find_user(const std::string& email) = 0;
  // The active agents whose primary department is `department` / who are members of `team`.
  virtual std::vector<Person> department_agents(const std::string& department) = 0;
  virtual std::vector<Person> team_agents(const std::string& team) = 0;
  // The end user with `email`, created (with `name`) when new; throws Error 400 for a bad email.
  virtual Person ensure_user(const std::string& email, const std::string& name) = 0;
};

}  // namespace helpdesk
