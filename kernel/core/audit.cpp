#include "kernel/core/audit.hpp"

namespace helpdesk::kernel {

void write_audit(Sql& sql, std::int64_t at, const Actor& actor, const AuditRecord& r) {
  auto dump = [](const nlohmann::json& j) -> SqlValue {
    return j.is_null() ? SqlValue(nullptr) : SqlValue(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  };
  sql.exec(
      "INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, entity, entity_id, action, before_json, after_json) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {at, std::string(to_string(actor.kind)), actor.id, actor.name, r.entity, r.entity_id, r.action, dump(r.before),
       dump(r.after)});
}

}  // namespace helpdesk::kernel
