#pragma once
// The permission model, in one place: what a signed-in agent may do in which department, and
// which tickets an agent or end user may see. Loaded from the database per request (a few
// indexed reads), so a change of roles or access applies at once.
//
// Agents: a role in their primary department and, through extended access (agent_access), in
// others; a department's manager (departments[].manager) holds every permission there; admins
// hold every permission everywhere. An agent sees the tickets of departments they have a role in,
// and tickets assigned to them or to one of their teams (with the permissions of their primary
// role). End users see their own tickets, those they are copied on, and their organization's
// when it shares tickets; a guest session sees its one ticket.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <helpdesk/actor.hpp>
#include <helpdesk/storage.hpp>

#include "kernel/core/catalog.hpp"

namespace helpdesk::kernel {

struct AgentAccess {
  std::int64_t id = 0;
  std::string email, name;
  bool admin = false;
  std::string primary_department;
  std::map<std::string, std::set<std::string>> permissions;  // department -> permissions there
  std::set<std::string> teams;

  bool holds_anywhere(const std::string& permission) const;
  // The permissions that apply to a ticket, or nullopt when the agent may not see it.
  std::optional<std::set<std::string>> on_ticket(const std::string& department, std::optional<std::int64_t> assignee,
                                                 const std::string& team) const;
};

struct UserAccess {
  std::int64_t id = 0;
  std::string email, name;
  std::optional<std::int64_t> organization;
  bool organization_shares = false;
  std::string only_ticket;  // a guest
};

// nullopt when there is no such active agent / user.
std::optional<AgentAccess> load_agent_access(Sql& sql, std::int64_t agent_id, const Catalog& catalog);
std::optional<UserAccess> load_user_access(Sql& sql, std::int64_t user_id, const Catalog& catalog);

// What the ticket check needs of a ticket.
struct TicketFacts {
  std::int64_t id = 0;
  std::string number, department, team;
  std::optional<std::int64_t> assignee;
  std::int64_t user_id = 0;
  std::optional<std::int64_t> organization;  // the requester's
};
std::optional<TicketFacts> load_ticket_facts(Sql& sql, const std::string& number);
bool user_can_see(Sql& sql, const UserAccess& user, const TicketFacts& ticket);

// A SQL condition on `t` (tickets) and `u` (its requester) limiting a list to what `viewer` may
// see, with its parameters appended; "" when the viewer sees everything. Throws Error 403 for an
// agent or user that no longer exists.
std::string visibility_clause(Sql& sql, const Actor& viewer, const Catalog& catalog, std::vector<SqlValue>& params);

}  // namespace helpdesk::kernel
