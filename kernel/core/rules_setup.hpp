#pragma once
// Builds the rule engines from the config: what the server, `rules check` and the dry-run share.
#include <memory>

#include "kernel/config/config.hpp"
#include "kernel/core/catalog.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/rules/filter_engine.hpp"

namespace helpdesk::kernel {

std::shared_ptr<const FilterEngine> build_filter_engine(const Config& config, const Catalog& catalog);
// The enabled triggers, or null when there are none.
std::shared_ptr<const TriggerEngine> build_trigger_engine(const Config& config, const Catalog& catalog);
// The filters, the triggers and the SLA clock; throws std::invalid_argument naming a malformed calendar.
// Null when no plan names a policy script.
std::shared_ptr<const SlaPolicyEngine> build_sla_policies(const Config& config);
std::shared_ptr<const RuleSet> build_rule_set(const Config& config, const Catalog& catalog);

// A ticket for the dry-run from JSON: {subject, body, format, name, email, phone, topic | topicId,
// priority, department, source, fields, headers}. Throws Error 400 naming a bad field.
FilterTicket filter_ticket_from_json(const nlohmann::json& body);

}  // namespace helpdesk::kernel
