#pragma once
// Fakes of the host services, for unit-testing a plugin without the kernel (link
// `helpdesk::sdk_testing`). They follow the kernel's contracts closely enough that a plugin which
// passes its tests here behaves the same when loaded, and they record what the plugin did so a
// test can assert on it:
//
//   helpdesk::testing::FakeHost host;                 // instance "test", settings {}
//   host.set_settings({{"max_attachments", 2}});
//   MyPlugin plugin;
//   host.start(plugin);                               // start(), then registration closes
//   http::Request req;
//   req.body = R"({"email": "a@example.com", …})";
//   auto res = host.router().call(http::Method::post, "/api/tickets.json", req);
//   EXPECT_EQ(res.status, 201);
//   EXPECT_EQ(host.tickets().count("create"), 1);
//
// What differs from the kernel, on purpose:
//   - Everything runs on the caller's thread: events are delivered synchronously inside
//     publish(), timers fire only when a test calls FakeScheduler::run_due().
//   - There is no database: Host::database() throws Error 501 unless a test installs one with
//     FakeHost::set_database() (test storage code against the kernel's integration tests).
//   - The ticket service keeps tickets in memory, resolves topics, priorities, departments and
//     statuses against the catalog, and does not validate custom fields against forms.
//   - Settings are used as given: defaults from plugin.yaml are not filled in.
//
// All fakes are thread-safe enough for handlers called from several threads, but a test normally
// drives them from one.
//
// Naming: this is namespace helpdesk::testing; inside `namespace helpdesk { … }` GoogleTest's own
// namespace must then be spelled ::testing (::testing::Test).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/logger.h>

#include "helpdesk/plugin.hpp"

namespace helpdesk::testing {

// ---------------------------------------------------------------------------------------------
// An in-memory TicketService.
//
// create() validates like the kernel does for the fields it knows (subject, body and requester
// email non-empty, body_format "text"/"html", known topic/priority/department) and throws
// Error 400 otherwise; numbers are sequential and zero-padded to 6 digits ("000001"). Every
// call, successful or not, is recorded in calls(); changes publish the matching event on the
// event bus set with set_event_bus() (FakeHost wires its own).
class FakeTicketService : public TicketService {
 public:
  struct Call {
    std::string op;      // "create", "get", "list", "add_message", "reply", "note", "assign",
                         // "transfer", "set_status", "close", "reopen", "attachment_data"
    std::string number;  // the ticket number the call was about ("" for create before success, list)
    nlohmann::json args = nlohmann::json::object();  // the call's other arguments, as JSON
    Actor actor;
    bool ok = true;      // false when the call threw
  };

  FakeTicketService();

  Ticket create(const NewTicket& input, const Actor& actor) override;
  std::optional<TicketDetail> get(const std::string& number) override;
  TicketPage list(const TicketQuery& query) override;
  ThreadEntry add_message(const std::string& number, const ReplyInput& input, const Actor& actor) override;
  ThreadEntry reply(const std::string& number, const ReplyInput& input, const Actor& actor) override;
  ThreadEntry note(const std::string& number, const ReplyInput& input, const Actor& actor) override;
  Ticket assign(const std::string& number, std::optional<std::int64_t> agent_id, const std::string& team,
                const Actor& actor) override;
  Ticket transfer(const std::string& number, const std::string& department, const Actor& actor) override;
  Ticket set_priority(const std::string& number, const std::string& priority, const Actor& actor) override;
  Ticket set_status(const std::string& number, const std::string& status, const Actor& actor) override;
  Ticket close(const std::string& number, const Actor& actor) override;
  Ticket reopen(const std::string& number, const Actor& actor) override;
  std::optional<std::string> attachment_data(std::int64_t attachment_id) override;
  std::vector<Person> collaborators(const std::string& number) override;
  bool add_collaborator(const std::string& number, const Person& person, const Actor& actor) override;

  // ---- inspection ----
  std::vector<Call> calls() const;
  std::size_t count(std::string_view op) const;  // calls with that op, failed ones included
  // The inputs of every successful create(), in order (attachments hold the decoded bytes).
  std::vector<NewTicket> created() const;
  void clear_calls();

  // ---- set-up ----
  // The next call (of any op) throws `error` instead of doing its work; it is still recorded.
  void fail_next(Error error);
  void set_catalog(nlohmann::json catalog);  // see FakeHost::catalog()
  void set_clock(std::function<Timestamp()> clock);  // default: a fixed 2026-01-01T00:00:00Z
  void set_event_bus(EventBus* bus);         // nullptr: publish nothing

 private:
  struct Stored {
    Ticket ticket;
    std::vector<ThreadEntry> thread;
  };
  // Each public call: records itself, honours fail_next(), runs `work` under the lock, then
  // publishes the events `work` queued (outside the lock, so subscribers may call back in).
  template <class Fn>
  auto run(std::string op, std::string number, nlohmann::json args, const Actor& actor, Fn&& work);
  Stored& find_locked(const std::string& number);
  ThreadEntry add_entry_locked(Stored& s, std::string kind, const ReplyInput& input, const Actor& actor);
  void queue_event(const char* name, const Stored& s, nlohmann::json data, const Actor& actor);

  mutable std::mutex mutex_;
  nlohmann::json catalog_;
  std::function<Timestamp()> clock_;
  EventBus* bus_ = nullptr;
  std::optional<Error> fail_next_;
  std::vector<Call> calls_;
  std::vector<NewTicket> created_;
  std::map<std::string, Stored> tickets_;  // by number
  std::map<std::string, std::int64_t> user_ids_;  // lower-cased email -> id
  std::map<std::int64_t, std::string> attachments_;  // id -> bytes
  std::map<std::string, std::vector<Person>> collaborators_;  // by ticket number
  std::vector<Event> pending_events_;
  std::int64_t next_ticket_ = 1, next_entry_ = 1, next_attachment_ = 1;
};

// ---------------------------------------------------------------------------------------------
// A Router that records routes and can call them like the kernel's router does.
class FakeRouter : public http::Router {
 public:
  // Throws Error 409 when method+pattern is taken, 400 for an empty pattern or handler, and
  // Error 500 "registration_closed" after close() (the kernel's rule: register only in start()).
  void add(http::Route route) override;
  void add_static(std::string url_prefix, std::filesystem::path dir) override;

  // Runs the route matching `method` and `target` ("/api/v1/tickets?limit=5": the query string
  // is decoded into request.query, merged over what `request` already holds) the way the kernel
  // does: fills method, target, path, path_params, request_id (and remote_address "127.0.0.1"
  // when empty); lower-cases header names; checks the route's Access against the actor
  // (set_actor(), else one that satisfies the route: see below) and answers 401/403; answers
  // 413 over the body limit; converts helpdesk::Error into its status and the JSON body
  // {"error": {"code", "message", "request_id"}}, other exceptions into 500 "internal_error";
  // 404 "not_found" for no route, 405 "method_not_allowed" for a path with other methods.
  // Every response carries X-Request-Id.
  http::Response call(http::Method method, std::string_view target, http::Request request = {}) const;

  // The actor every call authenticates as. Without one, each call gets an actor that meets its
  // route: anonymous for Access::anyone(), {api_key, "test-key", scopes {right}} for api_key,
  // {token, "test-token", scopes {scope}} for token. Access rules the fake applies: api_key
  // routes need Kind::api_key (401 otherwise) and the right among the actor's scopes (403);
  // token routes need a non-anonymous actor (401) holding the scope (403; "admin" holds all).
  // signed_in routes: a token with the route's scope, an agent when agents may call it, a user when
  // users may (401 anonymous, 403 otherwise; "auth:second-factor-pending" only on second-factor
  // routes); the kernel's role and ticket-visibility checks are not modelled here. Without an
  // actor set: a token holding the scope, else agent "1", else user "1".
  void set_actor(Actor actor);
  void clear_actor();

  void set_max_body(std::size_t bytes);  // the server-wide limit; default 10 MiB
  void close();                          // registration is over (FakeHost::start calls this)

  const std::vector<http::Route>& routes() const { return routes_; }
  const http::Route* find(http::Method method, std::string_view pattern) const;
  const std::vector<std::pair<std::string, std::filesystem::path>>& static_dirs() const { return statics_; }

 private:
  std::vector<http::Route> routes_;
  std::vector<std::pair<std::string, std::filesystem::path>> statics_;
  std::optional<Actor> actor_;
  std::size_t max_body_ = 10 * 1024 * 1024;
  bool closed_ = false;
  mutable std::mutex mutex_;  // guards next_request_id_
  mutable std::uint64_t next_request_id_ = 1;
};

// ---------------------------------------------------------------------------------------------
// An EventBus that records every publish and delivers it synchronously, in publish order (an
// event published by a subscriber is delivered after the current one, as the kernel would).
// A subscriber that throws is logged (to the logger given) and does not stop delivery.
class FakeEventBus : public EventBus {
 public:
  void subscribe(std::string name, std::function<void(const Event&)> handler) override;  // Error 500 after close()
  void publish(Event event) override;

  std::vector<Event> published() const;
  std::vector<Event> published(std::string_view name) const;
  std::vector<std::string> subscriptions() const;  // the names subscribed to, in order
  void clear();                                   // forget what was published
  void close();
  void set_logger(std::shared_ptr<spdlog::logger> logger);

 private:
  mutable std::recursive_mutex mutex_;
  std::vector<std::pair<std::string, std::function<void(const Event&)>>> subscribers_;
  std::vector<Event> published_;
  std::vector<Event> queue_;
  bool delivering_ = false;
  bool closed_ = false;
  std::shared_ptr<spdlog::logger> logger_;
};

// ---------------------------------------------------------------------------------------------
// A Scheduler that records timers and fires them only when asked. now() starts at
// 2026-01-01T00:00:00Z and moves only with set_now()/advance().
class FakeScheduler : public Scheduler {
 public:
  void on(std::string kind, std::function<void(const Timer&)> handler) override;  // Error 409 twice, 500 after close()
  std::int64_t schedule(const std::string& kind, Timestamp due_at, const nlohmann::json& payload,
                        const std::string& key = {}) override;  // a pending kind+key is replaced
  bool cancel(std::int64_t id) override;
  Timestamp now() const override;

  void set_now(Timestamp t);
  void advance(std::int64_t seconds);
  // Fires the pending timers due at now() that have a handler, earliest first, and returns how
  // many fired. A handler that throws keeps its timer pending (the kernel retries it later).
  int run_due();
  std::vector<Timer> pending() const;
  std::vector<Timer> scheduled() const;  // every schedule() call, in order
  bool handles(const std::string& kind) const;
  void close();

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::function<void(const Timer&)>> handlers_;
  std::vector<Timer> pending_, scheduled_;
  std::int64_t next_id_ = 1;
  Timestamp now_ = 1767225600;  // 2026-01-01T00:00:00Z
  bool closed_ = false;
};

// ---------------------------------------------------------------------------------------------
// An in-memory Directory: tests add the agents and users a plugin should find.
class FakeDirectory : public Directory {
 public:
  // Ids are assigned from 1 when person.id is 0; returns the stored person.
  Person add_agent(Person person, std::string department = "support", std::vector<std::string> teams = {});
  Person add_user(Person person);

  std::optional<Person> find_agent(const std::string& email) override;
  std::optional<Person> agent(std::int64_t id) override;
  std::optional<Person> find_user(const std::string& email) override;
  std::vector<Person> department_agents(const std::string& department) override;
  std::vector<Person> team_agents(const std::string& team) override;
  Person ensure_user(const std::string& email, const std::string& name) override;

 private:
  struct AgentEntry {
    Person person;
    std::string department;
    std::vector<std::string> teams;
  };
  std::mutex mutex_;
  std::vector<AgentEntry> agents_;
  std::vector<Person> users_;
  std::int64_t next_id_ = 1;
};

// ---------------------------------------------------------------------------------------------
// Sessions in memory: begin() hands out "session-N" cookies and CSRF tokens and applies the
// second-factor rule (pending when the person is enrolled with a registered provider, or is an
// agent and set_agents_require_mfa(true)); tests read what happened from started()/ended().
class FakeSessions : public Sessions {
 public:
  SessionStart begin(const Principal& who, const http::Request& request, const std::string& method) override;
  void complete_second_factor(const http::Request& request, const std::string& provider) override;
  std::vector<std::pair<std::string, std::string>> end(const http::Request& request) override;
  int end_all(const Principal& who) override;
  // Agents and users by the actor's id, from `directory` (set by FakeHost).
  std::optional<Principal> principal(const Actor& actor) override;
  void add_second_factor(std::shared_ptr<SecondFactorProvider> provider) override;

  void set_agents_require_mfa(bool on) { agents_require_mfa_ = on; }
  void set_directory(Directory* directory) { directory_ = directory; }
  struct Record {
    Principal who;
    std::string method;
    bool second_factor_pending = false;
    std::string completed_by;  // provider, once complete_second_factor ran
    bool ended = false;
  };
  const std::vector<Record>& started() const { return sessions_; }
  const std::vector<std::shared_ptr<SecondFactorProvider>>& providers() const { return providers_; }
  void close() { closed_ = true; }

 private:
  Record* find(const http::Request& request);
  std::vector<Record> sessions_;
  std::vector<std::shared_ptr<SecondFactorProvider>> providers_;
  Directory* directory_ = nullptr;
  bool agents_require_mfa_ = false;
  bool closed_ = false;
};

// ---------------------------------------------------------------------------------------------
// Records the commands a plugin adds; run() calls one as `helpdeskd <name> <args>` would.
class FakeCommands : public Commands {
 public:
  void add(Command command) override;
  // Runs command `name` with `args` and `input` on stdin; returns its exit code and fills `out`
  // and `err`. Throws Error 404 when no such command was added.
  int run(const std::string& name, std::vector<std::string> args, const std::string& input, std::string& out,
          std::string& err);
  std::vector<std::string> names() const;
  void close() { closed_ = true; }

 private:
  std::vector<Command> commands_;
  bool closed_ = false;
};

// ---------------------------------------------------------------------------------------------
// The Host a plugin sees, made of the fakes above (wired together: the ticket service publishes
// on events() and reads the clock of scheduler() and the catalog).
class FakeHost : public Host {
 public:
  explicit FakeHost(std::string instance_name = "test", nlohmann::json settings = nlohmann::json::object());
  ~FakeHost() override;

  const std::string& instance_name() const override { return instance_name_; }
  const nlohmann::json& settings() const override { return settings_; }
  std::shared_ptr<spdlog::logger> logger() const override { return logger_; }
  FakeTicketService& tickets() override { return tickets_; }
  FakeDirectory& directory() override { return directory_; }
  FakeCommands& commands() override { return commands_; }
  FakeSessions& sessions() override { return sessions_; }
  bool serving() const override { return serving_; }
  void set_serving(bool serving) { serving_ = serving; }  // default true
  FakeRouter& router() override { return router_; }
  FakeEventBus& events() override { return events_; }
  FakeScheduler& scheduler() override { return scheduler_; }
  // Records `migrations` (see migrations()) and returns the database installed with
  // set_database(); without one, throws Error 501 "not_implemented".
  Database& database(const std::vector<Migration>& migrations) override;
  // Default: departments support/it; priorities low(1), normal(2), high(3), critical(4);
  // help_topics general(1), problem(10, department it); statuses open, in_progress, resolved,
  // closed (each mapped onto the state of the same name). Each entry has "key" and "name",
  // "id" where osTicket has a numeric id.
  std::shared_ptr<const nlohmann::json> catalog() const override { return catalog_; }

  // Calls plugin.start(*this), then closes registration on the router, events and scheduler,
  // as the kernel does. If start() throws, the exception propagates (nothing is rolled back).
  void start(Plugin& plugin);

  void set_instance_name(std::string name);  // the logger is renamed too
  void set_settings(nlohmann::json settings) { settings_ = std::move(settings); }
  void set_catalog(nlohmann::json catalog);
  void set_database(Database* db) { database_ = db; }  // not owned; nullptr removes it
  const std::vector<Migration>& migrations() const { return migrations_; }

  // What the plugin logged through logger(), one entry per line as "LEVEL: message"
  // (LEVEL: trace, debug, info, warning, error, critical). Every level is captured.
  std::vector<std::string> logged() const;
  bool logged_contains(std::string_view text) const;  // any line contains `text`
  void clear_log();

  static nlohmann::json default_catalog();

  struct LogLines;  // where logger() writes (opaque; read it through logged())

 private:
  std::string instance_name_;
  nlohmann::json settings_;
  std::shared_ptr<const nlohmann::json> catalog_;
  std::shared_ptr<LogLines> lines_;
  std::shared_ptr<spdlog::logger> logger_;
  FakeScheduler scheduler_;
  FakeEventBus events_;
  FakeTicketService tickets_;
  FakeRouter router_;
  FakeDirectory directory_;
  FakeCommands commands_;
  FakeSessions sessions_;
  bool serving_ = true;
  Database* database_ = nullptr;
  std::vector<Migration> migrations_;
};

}  // namespace helpdesk::testing
