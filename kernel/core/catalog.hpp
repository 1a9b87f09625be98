#pragma once
// The configuration entities tickets refer to (departments, teams, help topics, statuses,
// priorities, forms), indexed for lookup, and mirrored into their tables so tickets and reports
// can join on them. YAML is the source of truth; a reload builds a new Catalog.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include <helpdesk/storage.hpp>

#include "kernel/config/config.hpp"
#include "kernel/rules/filter_engine.hpp"

namespace helpdesk::kernel {

class Catalog {
 public:
  explicit Catalog(const Config& config);

  const Department* department(const std::string& key) const;
  const Team* team(const std::string& key) const;
  const HelpTopic* topic(const std::string& key) const;
  const HelpTopic* topic_by_id(int id) const;
  const Status* status(const std::string& key) const;
  // The first status (in config order) whose state is `state`.
  const Status* first_status_in(const std::string& state) const;
  // Keys of every status whose state is `state`.
  std::vector<std::string> statuses_in(const std::string& state) const;
  // By key, or by name case-insensitively.
  const Priority* priority(const std::string& key_or_name) const;
  const Priority* priority_by_id(int id) const;
  const Form* form(const std::string& key) const;

  const TicketConfig& ticket_defaults() const { return tickets_; }
  // Department for a new ticket: explicit, else the topic's (walking up parents), else the default.
  std::string department_for(const HelpTopic* topic) const;
  std::string priority_for(const HelpTopic* topic) const;
  const Form* form_for(const HelpTopic* topic) const;

  // The values ticket filters may set.
  FilterVocabulary filter_vocabulary() const;
  const SlaPlan* sla_plan(const std::string& key) const;
  const Role* role(const std::string& key) const;
  const std::vector<Role>& roles() const { return config_.roles; }
  const std::vector<Department>& departments() const { return config_.departments; }
  const AuthConfig& auth() const { return config_.auth; }

  // For plugins (Host::catalog) and the API; built once, as the catalog never changes (a reload
  // builds a new one), because a plugin may ask on every event.
  const nlohmann::json& to_json() const { return *json_; }
  std::shared_ptr<const nlohmann::json> shared_json() const { return json_; }

  // Upserts every entity by key and archives those no longer in the config.
  void mirror_to(Database& db) const;

 private:
  Config config_;  // a copy: the catalog outlives reloads of the live config
  TicketConfig tickets_;
  std::map<std::string, const Department*> departments_;
  std::map<std::string, const Team*> teams_;
  std::map<std::string, const HelpTopic*> topics_;
  std::map<int, const HelpTopic*> topics_by_id_;
  std::map<std::string, const Status*> statuses_;
  std::map<std::string, const Priority*> priorities_;
  std::map<int, const Priority*> priorities_by_id_;
  std::map<std::string, const Form*> forms_;
  std::shared_ptr<const nlohmann::json> json_;

  nlohmann::json build_json() const;
};

}  // namespace helpdesk::kernel

#include "kernel/util/live.hpp"

namespace helpdesk::kernel {
using CatalogHolder = Live<const Catalog>;
}  // namespace helpdesk::kernel
