#pragma once
// The validated configuration (config/helpdesk.yaml). Loading and validation live in the other
// files of kernel/config/ (config_loader.cpp is the entry point); everything here is plain data
// the rest of the kernel reads.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace helpdesk::kernel {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  int io_threads = 2;
  int handler_threads = 32;
  std::uint64_t max_body_bytes = 10 * 1024 * 1024;
  std::uint64_t max_header_bytes = 16 * 1024;
  int read_timeout_seconds = 30;  // to receive a whole request once it started
  int idle_timeout_seconds = 60;  // keep-alive connection with no request
  bool access_log = true;
  std::vector<std::string> trusted_proxies;  // addresses/CIDRs whose X-Forwarded-For is believed
};

struct StorageConfig {
  std::filesystem::path data_dir = "./data";  // relative to the working directory
  int read_connections = 4;
  int busy_timeout_ms = 5000;
  int max_batch = 256;  // write jobs per group commit
};

struct TicketConfig {
  // '#' stands for one digit of the sequence, zero-padded; the sequence grows beyond the width.
  // Other characters are literal: "######" -> 000123; "HD-######" -> HD-000123.
  std::string number_format = "######";
  std::string default_department;  // key; required to exist
  std::string default_priority = "normal";
  std::string default_status = "open";
  std::uint64_t max_attachment_bytes = 8 * 1024 * 1024;
};

struct Department {
  std::string key, name, email;
  std::string parent;   // key or empty
  std::string manager;  // agent email or empty: SLA escalations notify them
};

struct Team {
  std::string key, name;
};

struct HelpTopic {
  std::string key, name;
  std::optional<int> id;   // osTicket topicId
  std::string parent;      // key or empty (topics nest)
  std::string department;  // key or empty (inherit the default)
  std::string priority;    // key or empty
  std::string form;        // key or empty
  bool is_public = true;
};

struct Status {
  std::string key, name;
  std::string state;  // open, in_progress, resolved, closed
  bool pauses_sla = false;  // the ticket waits on the user: plans with pause_on_hold stop their clock
};

struct Priority {
  std::string key, name;
  std::optional<int> id;  // osTicket priorityId
  int urgency = 0;        // higher is more urgent; used to sort
};

struct FormField {
  std::string key, label;
  std::string type = "text";  // text, number, choice, date, bool
  bool required = false;
  std::vector<std::string> choices;  // for type choice
};

struct Form {
  std::string key, name;
  std::vector<FormField> fields;
};

struct ApiKey {
  std::string name;
  std::string key_sha256;                // hex; from key_sha256: or computed from key:
  std::vector<std::string> allowed_ips;  // addresses or CIDRs; empty allows none
  bool can_create_tickets = true;
  bool can_exec_cron = false;
};

struct ApiToken {
  std::string name;
  std::string key_sha256;
  std::vector<std::string> scopes;
};

struct PluginConfig {
  std::string name;       // instance name, unique
  std::string plugin;     // plugin folder/library name; defaults to `name`
  std::string path;       // optional explicit path to lib<plugin>.so (relative to the config file)
  bool required = false;  // a failure stops the server
  bool enabled = true;
  nlohmann::json config = nlohmann::json::object();  // the block validated against plugin.yaml
  int line = 0;                                      // where the entry starts, for messages
  std::map<std::string, int> config_lines;           // line of each key of `config`, for messages
};

// Lua rule limits and where `require` looks (rules:).
struct RulesConfig {
  std::uint64_t instruction_budget = 200'000;  // per script call
  std::uint64_t memory_limit_kb = 8 * 1024;    // per Lua state (one per worker thread)
  std::filesystem::path lib_dir;               // scripts/lib; resolved against the config file
};

// One ticket filter (filters:, run in order) or trigger (triggers:, run on `events`).
struct ScriptEntry {
  std::string name;
  std::filesystem::path script;  // resolved against the config file's folder
  bool enabled = true;
  std::vector<std::string> events;  // triggers only
  int line = 0;
};

// A business-hour calendar (calendars:).
struct CalendarConfig {
  std::string key, name;
  std::string timezone = "UTC";
  std::map<std::string, std::vector<std::string>> hours;  // mon..sun -> ["09:00-17:00", …]
  std::vector<std::string> holidays;                       // YYYY-MM-DD local dates
};

// An SLA plan (sla_plans:): chosen by help topic, else by department; the policy script
// computes due times and escalation steps.
struct SlaPlan {
  std::string key, name;
  std::string calendar;                  // calendar key; empty = 24x7
  std::filesystem::path policy;          // Lua policy script; empty = plain hours below
  int first_response_minutes = 0;        // 0 = no first-response target
  int resolution_minutes = 0;            // 0 = no resolution target
  bool pause_on_hold = true;             // the clock stops while the ticket waits on the user
  std::vector<std::string> topics, departments;
};

// A role (roles:): the permissions an agent holds in a department where they have this role.
struct Role {
  std::string key, name;
  std::vector<std::string> permissions;  // ticket.view, ticket.reply, …, kb.manage, reports.view, admin
};
// Every permission a role may list.
const std::vector<std::string>& known_permissions();

// Sign-in policy (auth:).
struct AuthConfig {
  int session_idle_minutes = 60;       // a session unused this long ends
  int session_absolute_hours = 12;     // and any session ends this long after sign-in
  bool agents_require_mfa = false;     // agents without a second factor are sent to enrolment first
  std::string cookie_secure = "auto";  // auto (Secure when the request came over TLS), always, never
  bool share_organization_tickets = false;  // true: every organization shares (else each its own share_tickets)
};

struct Config {
  std::filesystem::path file;  // the file it was loaded from
  ServerConfig server;
  StorageConfig storage;
  TicketConfig tickets;
  bool demo = false;  // seed demo agents and users into an empty database
  std::vector<std::filesystem::path> plugin_dirs;  // searched for <plugin>/lib<plugin>.so
  std::vector<PluginConfig> plugins;
  std::vector<Department> departments;
  std::vector<Team> teams;
  std::vector<HelpTopic> help_topics;
  std::vector<Status> statuses;
  std::vector<Priority> priorities;
  std::vector<Form> forms;
  std::vector<ApiKey> api_keys;
  std::vector<ApiToken> tokens;
  RulesConfig rules;
  std::vector<ScriptEntry> filters;
  std::vector<ScriptEntry> triggers;
  std::vector<CalendarConfig> calendars;
  std::vector<SlaPlan> sla_plans;
  std::vector<Role> roles;
  AuthConfig auth;
};

// A config error: file, line and the key's dotted path ("help_topics[2].department").
struct ConfigIssue {
  std::string file;
  int line = 0;  // 1-based; 0 when unknown
  std::string key;
  std::string message;
  std::string to_string() const;  // "FILE:LINE: KEY: MESSAGE"
};

class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<ConfigIssue> issues);
  const std::vector<ConfigIssue>& issues() const { return issues_; }

 private:
  std::vector<ConfigIssue> issues_;
};

// Loads and validates `file`. ${NAME} and ${NAME:-default} in scalar values are replaced from the
// environment (a missing variable without a default is an error). Throws ConfigError listing every
// problem found (not only the first).
//
// Every issue names the file as given, the 1-based line and the dotted key path with 0-based list
// indexes ("help_topics[2].department"); unknown keys (with a "did you mean" for near misses),
// duplicate keys in any map, wrong types, bad ranges and formats, dangling references and parent
// cycles are all reported. Issues are sorted by line. After a successful load: `file` is absolute;
// plugin_dirs and PluginConfig::path are resolved against the config file's folder;
// storage.data_dir is kept as written; every `key:` secret has been replaced by its SHA-256 in
// key_sha256 (lower-case hex).
Config load_config(const std::filesystem::path& file);

}  // namespace helpdesk::kernel
