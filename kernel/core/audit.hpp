#pragma once
// The append-only audit log: one row per change, written in the same transaction as the change.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include <helpdesk/actor.hpp>
#include <helpdesk/storage.hpp>

namespace helpdesk::kernel {

struct AuditRecord {
  std::string entity;  // "ticket", "user", "plugin", …
  std::int64_t entity_id = 0;
  std::string action;  // "create", "reply", "assign", "status", …
  nlohmann::json before;  // null when nothing was there
  nlohmann::json after;
};

void write_audit(Sql& sql, std::int64_t at, const Actor& actor, const AuditRecord& record);

}  // namespace helpdesk::kernel
