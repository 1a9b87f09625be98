// FakeHost, FakeEventBus and FakeScheduler of the SDK's fake host.
#include "helpdesk/testing/fake_host.hpp"

#include <algorithm>

#include <spdlog/sinks/base_sink.h>

namespace helpdesk::testing {

// ---- log capture ----

struct FakeHost::LogLines {
  mutable std::mutex mutex;
  std::vector<std::string> lines;
};

namespace {

// Keeps each formatted record ("LEVEL: message") in memory for FakeHost::logged().
class MemorySink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit MemorySink(std::shared_ptr<FakeHost::LogLines> lines) : lines_(std::move(lines)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    formatter_->format(msg, buf);
    std::string line(buf.data(), buf.size());
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    std::lock_guard lock(lines_->mutex);
    lines_->lines.push_back(std::move(line));
  }
  void flush_() override {}

 private:
  std::shared_ptr<FakeHost::LogLines> lines_;
};

}  // namespace

// ---- FakeHost ----

FakeHost::FakeHost(std::string instance_name, nlohmann::json settings)
    : instance_name_(std::move(instance_name)),
      settings_(std::move(settings)),
      catalog_(std::make_shared<const nlohmann::json>(default_catalog())),
      lines_(std::make_shared<LogLines>()) {
  auto sink = std::make_shared<MemorySink>(lines_);
  sink->set_pattern("%l: %v");
  logger_ = std::make_shared<spdlog::logger>(instance_name_, sink);
  logger_->set_level(spdlog::level::trace);
  events_.set_logger(logger_);
  tickets_.set_event_bus(&events_);
  tickets_.set_clock([this] { return scheduler_.now(); });
  tickets_.set_catalog(*catalog_);
  sessions_.set_directory(&directory_);
}

FakeHost::~FakeHost() { tickets_.set_event_bus(nullptr); }

void FakeHost::set_instance_name(std::string name) {
  instance_name_ = std::move(name);
  logger_ = std::make_shared<spdlog::logger>(instance_name_, logger_->sinks().begin(), logger_->sinks().end());
  logger_->set_level(spdlog::level::trace);
  events_.set_logger(logger_);
}

Database& FakeHost::database(const std::vector<Migration>& migrations) {
  migrations_.insert(migrations_.end(), migrations.begin(), migrations.end());
  if (!database_) throw Error(501, "not_implemented", "FakeHost has no database; test storage through the kernel");
  return *database_;
}

void FakeHost::start(Plugin& plugin) {
  plugin.start(*this);
  router_.close();
  events_.close();
  scheduler_.close();
  commands_.close();
  sessions_.close();
}

void FakeHost::set_catalog(nlohmann::json catalog) {
  catalog_ = std::make_shared<const nlohmann::json>(std::move(catalog));
  tickets_.set_catalog(*catalog_);
}

std::vector<std::string> FakeHost::logged() const {
  std::lock_guard lock(lines_->mutex);
  return lines_->lines;
}

bool FakeHost::logged_contains(std::string_view text) const {
  std::lock_guard lock(lines_->mutex);
  return std::any_of(lines_->lines.begin(), lines_->lines.end(),
                     [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

void FakeHost::clear_log() {
  std::lock_guard lock(lines_->mutex);
  lines_->lines.clear();
}

nlohmann::json FakeHost::default_catalog() {
  return {
      {"departments", {{{"key", "support"}, {"name", "Support"}}, {{"key", "it"}, {"name", "IT"}}}},
      {"priorities",
       {{{"key", "low"}, {"name", "Low"}, {"id", 1}},
        {{"key", "normal"}, {"name", "Normal"}, {"id", 2}},
        {{"key", "high"}, {"name", "High"}, {"id", 3}},
        {{"key", "critical"}, {"name", "Critical"}, {"id", 4}}}},
      {"help_topics",
       {{{"key", "general"}, {"name", "General Inquiry"}, {"id", 1}},
        {{"key", "problem"}, {"name", "Report a Problem"}, {"id", 10}, {"department", "it"}}}},
      {"statuses",
       {{{"key", "open"}, {"name", "Open"}, {"state", "open"}},
        {{"key", "in_progress"}, {"name", "In Progress"}, {"state", "in_progress"}},
        {{"key", "resolved"}, {"name", "Resolved"}, {"state", "resolved"}},
        {{"key", "closed"}, {"name", "Closed"}, {"state", "closed"}}}},
  };
}

// ---- FakeEventBus ----

void FakeEventBus::subscribe(std::string name, std::function<void(const Event&)> handler) {
  std::lock_guard lock(mutex_);
  if (closed_) throw Error(500, "registration_closed", "subscriptions can only be made while the plugin starts");
  subscribers_.emplace_back(std::move(name), std::move(handler));
}

void FakeEventBus::publish(Event event) {
  std::lock_guard lock(mutex_);
  published_.push_back(event);
  queue_.push_back(std::move(event));
  if (delivering_) return;  // a subscriber published: delivered after the current event
  delivering_ = true;
  while (!queue_.empty()) {
    Event e = std::move(queue_.front());
    queue_.erase(queue_.begin());
    for (const auto& [name, handler] : subscribers_) {
      if (name != "*" && name != e.name) continue;
      try {
        handler(e);
      } catch (const std::exception& ex) {
        if (logger_) logger_->error("subscriber to {} threw: {}", name, ex.what());
      }
    }
  }
  delivering_ = false;
}

std::vector<Event> FakeEventBus::published() const {
  std::lock_guard lock(mutex_);
  return published_;
}

std::vector<Event> FakeEventBus::published(std::string_view name) const {
  std::lock_guard lock(mutex_);
  std::vector<Event> out;
  for (const auto& e : published_)
    if (e.name == name) out.push_back(e);
  return out;
}

std::vector<std::string> FakeEventBus::subscriptions() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& s : subscribers_) out.push_back(s.first);
  return out;
}

void FakeEventBus::clear() {
  std::lock_guard lock(mutex_);
  published_.clear();
}

void FakeEventBus::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

void FakeEventBus::set_logger(std::shared_ptr<spdlog::logger> logger) {
  std::lock_guard lock(mutex_);
  logger_ = std::move(logger);
}

// ---- FakeScheduler ----

void FakeScheduler::on(std::string kind, std::function<void(const Timer&)> handler) {
  std::lock_guard lock(mutex_);
  if (closed_) throw Error(500, "registration_closed", "timer handlers can only be set while the plugin starts");
  if (handlers_.count(kind)) throw conflict("timer kind '" + kind + "' already has a handler");
  handlers_.emplace(std::move(kind), std::move(handler));
}

std::int64_t FakeScheduler::schedule(const std::string& kind, Timestamp due_at, const nlohmann::json& payload,
                                     const std::string& key) {
  std::lock_guard lock(mutex_);
  if (!key.empty())
    std::erase_if(pending_, [&](const Timer& t) { return t.kind == kind && t.key == key; });
  Timer t{next_id_++, kind, key, due_at, payload};
  pending_.push_back(t);
  scheduled_.push_back(t);
  return t.id;
}

bool FakeScheduler::cancel(std::int64_t id) {
  std::lock_guard lock(mutex_);
  return std::erase_if(pending_, [&](const Timer& t) { return t.id == id; }) > 0;
}

Timestamp FakeScheduler::now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

void FakeScheduler::set_now(Timestamp t) {
  std::lock_guard lock(mutex_);
  now_ = t;
}

void FakeScheduler::advance(std::int64_t seconds) {
  std::lock_guard lock(mutex_);
  now_ += seconds;
}

int FakeScheduler::run_due() {
  int fired = 0;
  while (true) {
    Timer timer;
    std::function<void(const Timer&)> handler;
    {
      std::lock_guard lock(mutex_);
      auto due = pending_.end();
      for (auto it = pending_.begin(); it != pending_.end(); ++it)
        if (it->due_at <= now_ && handlers_.count(it->kind) && (due == pending_.end() || it->due_at < due->due_at))
          due = it;
      if (due == pending_.end()) return fired;
      timer = *due;
      handler = handlers_.at(timer.kind);
      pending_.erase(due);
    }
    try {
      handler(timer);  // outside the lock: handlers may schedule more timers
      ++fired;
    } catch (...) {
      std::lock_guard lock(mutex_);
      pending_.push_back(timer);  // retried by a later run_due(), as the kernel retries with backoff
      return fired;
    }
  }
}

std::vector<Timer> FakeScheduler::pending() const {
  std::lock_guard lock(mutex_);
  return pending_;
}

std::vector<Timer> FakeScheduler::scheduled() const {
  std::lock_guard lock(mutex_);
  return scheduled_;
}

bool FakeScheduler::handles(const std::string& kind) const {
  std::lock_guard lock(mutex_);
  return handlers_.count(kind) > 0;
}

void FakeScheduler::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

}  // namespace helpdesk::testing
