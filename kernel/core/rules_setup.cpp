#include "kernel/core/rules_setup.hpp"

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {

namespace {

LuaLimits lua_limits(const Config& config) {
  LuaLimits limits;
  limits.instructions = config.rules.instruction_budget;
  limits.memory_bytes = static_cast<std::size_t>(config.rules.memory_limit_kb) * 1024;
  return limits;
}

}  // namespace

std::shared_ptr<const FilterEngine> build_filter_engine(const Config& config, const Catalog& catalog) {
  std::vector<FilterScriptConfig> scripts;
  for (const auto& f : config.filters)
    if (f.enabled) scripts.push_back({f.name, f.script});
  const LuaLimits limits = lua_limits(config);
  return std::make_shared<const FilterEngine>(std::move(scripts), limits, config.rules.lib_dir,
                                              catalog.filter_vocabulary());
}

std::shared_ptr<const TriggerEngine> build_trigger_engine(const Config& config, const Catalog& catalog) {
  std::vector<TriggerScriptConfig> scripts;
  for (const auto& t : config.triggers)
    if (t.enabled) scripts.push_back({t.name, t.script, t.events});
  if (scripts.empty()) return nullptr;
  const LuaLimits limits = lua_limits(config);
  TriggerVocabulary vocabulary{catalog.filter_vocabulary(), {}};
  for (const auto& s : config.statuses) vocabulary.statuses.insert(s.key);
  return std::make_shared<const TriggerEngine>(std::move(scripts), limits, config.rules.lib_dir,
                                               std::move(vocabulary));
}

std::shared_ptr<const SlaPolicyEngine> build_sla_policies(const Config& config) {
  std::vector<SlaPolicyScript> scripts;
  for (const auto& p : config.sla_plans)
    if (!p.policy.empty()) scripts.push_back({p.key, p.policy});
  if (scripts.empty()) return nullptr;
  SlaVocabulary vocabulary;
  for (const auto& c : config.calendars) vocabulary.calendars.insert(c.key);
  for (const auto& t : config.teams) vocabulary.teams.insert(t.key);
  for (const auto& p : config.priorities) vocabulary.priorities.insert(p.key);
  return std::make_shared<const SlaPolicyEngine>(std::move(scripts), lua_limits(config), config.rules.lib_dir,
                                                 std::move(vocabulary));
}

std::shared_ptr<const RuleSet> build_rule_set(const Config& config, const Catalog& catalog) {
  auto set = std::make_shared<RuleSet>();
  set->filters = build_filter_engine(config, catalog);
  set->sla = std::make_shared<const SlaClock>(config.calendars, config.sla_plans, build_sla_policies(config));
  set->triggers = build_trigger_engine(config, catalog);
  return set;
}

FilterTicket filter_ticket_from_json(const nlohmann::json& body) {
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "invalid_json");
  auto text = [&](const char* key) -> std::string {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) return {};
    if (!it->is_string()) throw bad_request(std::string("'") + key + "' must be a string", "invalid_field");
    return it->get<std::string>();
  };
  FilterTicket ft;
  auto& t = ft.ticket;
  t.subject = text("subject");
  t.body = text("body");
  if (auto f = text("format"); !f.empty()) t.body_format = f;
  t.requester.name = text("name");
  t.requester.email = text("email");
  t.requester.phone = text("phone");
  t.topic = text("topic");
  if (auto it = body.find("topicId"); it != body.end() && it->is_number_integer()) t.topic_id = it->get<int>();
  t.priority = text("priority");
  t.department = text("department");
  if (auto s = text("source"); !s.empty()) t.source = s;
  if (auto it = body.find("fields"); it != body.end()) {
    if (!it->is_object()) throw bad_request("'fields' must be an object", "invalid_field");
    t.fields = *it;
  }
  if (auto it = body.find("headers"); it != body.end()) {
    if (!it->is_object()) throw bad_request("'headers' must be an object of strings", "invalid_field");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) throw bad_request("header '" + k + "' must be a string", "invalid_field");
      std::string name = k;
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      t.headers[name] = v.get<std::string>();
    }
  }
  ft.organization = text("organization");
  return ft;
}

}  // namespace helpdesk::kernel
