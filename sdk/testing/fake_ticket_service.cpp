// The in-memory TicketService of the SDK's fake host (helpdesk/testing/fake_host.hpp).
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "helpdesk/testing/fake_host.hpp"

namespace helpdesk::testing {

namespace {

using nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// The catalog entry of `section` whose `field` equals `value` (case-insensitive for text).
const json* find_entry(const json& catalog, const char* section, const char* field, const json& value) {
  if (!catalog.contains(section)) return nullptr;
  for (const auto& e : catalog.at(section)) {
    if (!e.contains(field)) continue;
    const auto& v = e.at(field);
    if (v.is_string() && value.is_string()) {
      if (lower(v.get<std::string>()) == lower(value.get<std::string>())) return &e;
    } else if (v == value) {
      return &e;
    }
  }
  return nullptr;
}

std::string key_of(const json* entry) { return entry ? entry->value("key", std::string()) : std::string(); }

// The first status of the catalog whose state is `state` (its key), or `state` itself.
std::string status_for_state(const json& catalog, const std::string& state) {
  if (catalog.contains("statuses"))
    for (const auto& s : catalog.at("statuses"))
      if (s.value("state", "") == state) return s.value("key", state);
  return state;
}

// SHA-256 (FIPS 180-4), so attachment infos carry the same kind of hash the kernel stores.
std::string sha256_hex(const std::string& data) {
  static constexpr std::array<std::uint32_t, 64> k = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string m = data;
  const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
  m.push_back(static_cast<char>(0x80));
  while (m.size() % 64 != 56) m.push_back(0);
  for (int i = 7; i >= 0; --i) m.push_back(static_cast<char>((bits >> (i * 8)) & 0xff));
  auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  for (std::size_t chunk = 0; chunk < m.size(); chunk += 64) {
    std::array<std::uint32_t, 64> w{};
    for (int i = 0; i < 16; ++i)
      for (int b = 0; b < 4; ++b) w[i] = (w[i] << 8) | static_cast<unsigned char>(m[chunk + i * 4 + b]);
    for (int i = 16; i < 64; ++i) {
      std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto v = h;
    for (int i = 0; i < 64; ++i) {
      std::uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
      std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      std::uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
      std::uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
      std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      std::uint32_t t2 = s0 + maj;
      v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
    }
    for (int i = 0; i < 8; ++i) h[i] += v[i];
  }
  std::string hex;
  char buf[9];
  for (auto x : h) {
    std::snprintf(buf, sizeof buf, "%08x", x);
    hex += buf;
  }
  return hex;
}

json reply_args(const ReplyInput& in) {
  json files = json::array();
  for (const auto& a : in.attachments) files.push_back({{"filename", a.filename}, {"size", a.data.size()}});
  return {{"body", in.body}, {"format", in.format}, {"attachments", files}};
}

}  // namespace

FakeTicketService::FakeTicketService()
    : catalog_(FakeHost::default_catalog()), clock_([] { return Timestamp{1767225600}; }) {}

template <class Fn>
auto FakeTicketService::run(std::string op, std::string number, nlohmann::json args, const Actor& actor, Fn&& work) {
  std::vector<Event> events;
  std::optional<decltype(work())> result;
  {
    std::lock_guard lock(mutex_);
    calls_.push_back({std::move(op), std::move(number), std::move(args), actor, true});
    const std::size_t index = calls_.size() - 1;
    try {
      if (fail_next_) {
        Error e = *fail_next_;
        fail_next_.reset();
        throw e;
      }
      result.emplace(work());
    } catch (...) {
      calls_[index].ok = false;
      pending_events_.clear();
      throw;
    }
    events.swap(pending_events_);
  }
  if (bus_)
    for (auto& e : events) bus_->publish(std::move(e));
  return std::move(*result);
}

FakeTicketService::Stored& FakeTicketService::find_locked(const std::string& number) {
  auto it = tickets_.find(number);
  if (it == tickets_.end()) throw not_found("ticket " + number + " not found");
  return it->second;
}

void FakeTicketService::queue_event(const char* name, const Stored& s, nlohmann::json data, const Actor& actor) {
  pending_events_.push_back({name, s.ticket.number, std::move(data), actor, clock_()});
}

ThreadEntry FakeTicketService::add_entry_locked(Stored& s, std::string kind, const ReplyInput& input,
                                                const Actor& actor) {
  if (blank(input.body)) throw bad_request("body is required", "missing_field");
  if (input.format != "text" && input.format != "html")
    throw bad_request("format must be \"text\" or \"html\"", "invalid_field");
  ThreadEntry e;
  e.id = next_entry_++;
  e.kind = std::move(kind);
  e.author = e.kind == "message" ? s.ticket.requester.name : (actor.name.empty() ? actor.id : actor.name);
  e.body = input.body;
  e.format = input.format;
  e.created_at = clock_();
  for (const auto& a : input.attachments) {
    AttachmentInfo info{next_attachment_++, a.filename, a.content_type, static_cast<std::int64_t>(a.data.size()),
                        sha256_hex(a.data)};
    attachments_[info.id] = a.data;
    e.attachments.push_back(info);
  }
  s.thread.push_back(e);
  s.ticket.updated_at = e.created_at;
  return e;
}

Ticket FakeTicketService::create(const NewTicket& in, const Actor& actor) {
  json args = {{"subject", in.subject}, {"email", in.requester.email}, {"source", in.source}};
  return run("create", "", std::move(args), actor, [&] {
    if (blank(in.subject)) throw bad_request("subject is required", "missing_field");
    if (blank(in.body)) throw bad_request("body is required", "missing_field");
    if (blank(in.requester.email)) throw bad_request("requester email is required", "missing_field");
    if (in.body_format != "text" && in.body_format != "html")
      throw bad_request("body_format must be \"text\" or \"html\"", "invalid_field");

    const json* topic = nullptr;
    if (in.topic_id) {
      if (!(topic = find_entry(catalog_, "help_topics", "id", *in.topic_id)))
        throw bad_request("unknown help topic id " + std::to_string(*in.topic_id), "invalid_field");
    } else if (!in.topic.empty()) {
      if (!(topic = find_entry(catalog_, "help_topics", "key", in.topic)))
        throw bad_request("unknown help topic '" + in.topic + "'", "invalid_field");
    }
    const json* priority = nullptr;
    if (in.priority_id) {
      if (!(priority = find_entry(catalog_, "priorities", "id", *in.priority_id)))
        throw bad_request("unknown priority id " + std::to_string(*in.priority_id), "invalid_field");
    } else if (!in.priority.empty()) {
      priority = find_entry(catalog_, "priorities", "key", in.priority);
      if (!priority) priority = find_entry(catalog_, "priorities", "name", in.priority);
      if (!priority) throw bad_request("unknown priority '" + in.priority + "'", "invalid_field");
    } else {
      priority = find_entry(catalog_, "priorities", "key", "normal");
    }
    std::string department = in.department;
    if (!department.empty()) {
      if (!find_entry(catalog_, "departments", "key", department))
        throw bad_request("unknown department '" + department + "'", "invalid_field");
    } else if (topic && topic->contains("department")) {
      department = topic->at("department").get<std::string>();
    } else if (catalog_.contains("departments") && !catalog_["departments"].empty()) {
      department = catalog_["departments"][0].value("key", "");
    }

    Stored s;
    Ticket& t = s.ticket;
    t.id = next_ticket_++;
    char number[32];
    std::snprintf(number, sizeof number, "%06lld", static_cast<long long>(t.id));
    t.number = number;
    t.subject = in.subject;
    t.state = "open";
    t.status = status_for_state(catalog_, "open");
    t.priority = key_of(priority);
    t.department = department;
    t.topic = key_of(topic);
    t.requester = in.requester;
    if (t.requester.name.empty()) t.requester.name = in.requester.email.substr(0, in.requester.email.find('@'));
    auto [user, inserted] = user_ids_.try_emplace(lower(in.requester.email), std::int64_t(user_ids_.size() + 1));
    t.requester.id = user->second;
    t.source = in.source;
    t.created_at = t.updated_at = clock_();
    t.fields = in.fields;

    ReplyInput first{in.body, in.body_format, in.attachments};
    add_entry_locked(s, "message", first, actor);
    created_.push_back(in);
    calls_.back().number = t.number;
    auto [it, ok] = tickets_.emplace(t.number, std::move(s));
    queue_event(events::ticket_created, it->second, to_json(it->second.ticket), actor);
    return it->second.ticket;
  });
}

std::optional<TicketDetail> FakeTicketService::get(const std::string& number) {
  return run("get", number, json::object(), Actor{}, [&]() -> std::optional<TicketDetail> {
    auto it = tickets_.find(number);
    if (it == tickets_.end()) return std::nullopt;
    return TicketDetail{it->second.ticket, it->second.thread};
  });
}

TicketPage FakeTicketService::list(const TicketQuery& q) {
  json args = {{"status", q.status}, {"state", q.state}, {"department", q.department}, {"priority", q.priority},
               {"topic", q.topic}, {"requester_email", q.requester_email},
               {"assignee_id", q.assignee_id ? json(*q.assignee_id) : json(nullptr)}, {"sort", q.sort},
               {"descending", q.descending}, {"limit", q.limit}, {"cursor", q.cursor}};
  return run("list", "", std::move(args), Actor{}, [&] {
    if (q.limit < 1 || q.limit > 100) throw bad_request("limit must be between 1 and 100", "invalid_param");
    static const std::vector<std::string> sorts = {"created", "updated", "number", "priority"};
    if (std::find(sorts.begin(), sorts.end(), q.sort) == sorts.end())
      throw bad_request("sort must be one of created, updated, number, priority", "invalid_param");
    std::size_t offset = 0;
    if (!q.cursor.empty()) {
      if (q.cursor.size() > 9 || !std::all_of(q.cursor.begin(), q.cursor.end(), ::isdigit))
        throw bad_request("invalid cursor", "invalid_cursor");
      offset = std::stoul(q.cursor);
    }
    auto match = [](const std::string& want, const std::string& have) { return want.empty() || want == have; };
    std::vector<const Ticket*> rows;
    for (const auto& [number, s] : tickets_) {
      const Ticket& t = s.ticket;
      if (match(q.status, t.status) && match(q.state, t.state) && match(q.department, t.department) &&
          match(q.priority, t.priority) && match(q.topic, t.topic) &&
          (q.requester_email.empty() || lower(q.requester_email) == lower(t.requester.email)) &&
          (!q.assignee_id || t.assignee_id == q.assignee_id))
        rows.push_back(&t);
    }
    auto urgency = [&](const Ticket& t) {
      const auto& list = catalog_.contains("priorities") ? catalog_["priorities"] : json::array();
      for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].value("key", "") == t.priority) return static_cast<std::int64_t>(i);
      return std::int64_t{-1};
    };
    auto sort_key = [&](const Ticket& t) -> std::int64_t {
      if (q.sort == "updated") return t.updated_at;
      if (q.sort == "priority") return urgency(t);
      if (q.sort == "number") return t.id;
      return t.created_at;
    };
    std::stable_sort(rows.begin(), rows.end(), [&](const Ticket* a, const Ticket* b) {
      auto ka = std::make_pair(sort_key(*a), a->id), kb = std::make_pair(sort_key(*b), b->id);
      return q.descending ? kb < ka : ka < kb;
    });
    TicketPage page;
    for (std::size_t i = offset; i < rows.size() && page.items.size() < static_cast<std::size_t>(q.limit); ++i)
      page.items.push_back(*rows[i]);
    if (offset + page.items.size() < rows.size()) page.next_cursor = std::to_string(offset + page.items.size());
    return page;
  });
}

ThreadEntry FakeTicketService::add_message(const std::string& number, const ReplyInput& in, const Actor& actor) {
  return run("add_message", number, reply_args(in), actor, [&] {
    Stored& s = find_locked(number);
    auto entry = add_entry_locked(s, "message", in, actor);
    queue_event(events::ticket_replied, s, {{"entry", to_json(entry)}}, actor);
    if (s.ticket.state == "resolved" || s.ticket.state == "closed") {
      json before = {{"status", s.ticket.status}, {"state", s.ticket.state}};
      s.ticket.state = "open";
      s.ticket.status = status_for_state(catalog_, "open");
      s.ticket.closed_at.reset();
      queue_event(events::ticket_reopened, s, {{"before", before}, {"after", {{"status", s.ticket.status}, {"state", "open"}}}},
                  actor);
    }
    return entry;
  });
}

ThreadEntry FakeTicketService::reply(const std::string& number, const ReplyInput& in, const Actor& actor) {
  return run("reply", number, reply_args(in), actor, [&] {
    Stored& s = find_locked(number);
    auto entry = add_entry_locked(s, "response", in, actor);
    queue_event(events::ticket_replied, s, {{"entry", to_json(entry)}}, actor);
    return entry;
  });
}

ThreadEntry FakeTicketService::note(const std::string& number, const ReplyInput& in, const Actor& actor) {
  return run("note", number, reply_args(in), actor, [&] {
    Stored& s = find_locked(number);
    auto entry = add_entry_locked(s, "note", in, actor);
    queue_event(events::ticket_noted, s, {{"entry", to_json(entry)}}, actor);
    return entry;
  });
}

Ticket FakeTicketService::assign(const std::string& number, std::optional<std::int64_t> agent_id,
                                 const std::string& team, const Actor& actor) {
  json args = {{"agent_id", agent_id ? json(*agent_id) : json(nullptr)}, {"team", team}};
  return run("assign", number, std::move(args), actor, [&] {
    Ticket& t = find_locked(number).ticket;
    json before = {{"agent_id", t.assignee_id ? json(*t.assignee_id) : json(nullptr)}, {"team", t.team}};
    t.assignee_id = agent_id;
    t.assignee = agent_id ? "Agent " + std::to_string(*agent_id) : "";
    t.team = team;
    t.updated_at = clock_();
    json after = {{"agent_id", agent_id ? json(*agent_id) : json(nullptr)}, {"team", team}};
    queue_event(events::ticket_assigned, tickets_.at(number), {{"before", before}, {"after", after}}, actor);
    return t;
  });
}

Ticket FakeTicketService::transfer(const std::string& number, const std::string& department, const Actor& actor) {
  return run("transfer", number, {{"department", department}}, actor, [&] {
    Stored& s = find_locked(number);
    if (!find_entry(catalog_, "departments", "key", department))
      throw bad_request("unknown department '" + department + "'", "invalid_field");
    json before = {{"department", s.ticket.department}};
    s.ticket.department = department;
    s.ticket.updated_at = clock_();
    queue_event(events::ticket_transferred, s, {{"before", before}, {"after", {{"department", department}}}}, actor);
    return s.ticket;
  });
}

Ticket FakeTicketService::set_priority(const std::string& number, const std::string& priority, const Actor& actor) {
  return run("set_priority", number, {{"priority", priority}}, actor, [&] {
    Stored& s = find_locked(number);
    const json* entry = find_entry(catalog_, "priorities", "key", priority);
    auto lower = [](std::string v) {
      for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return v;
    };
    if (!entry && catalog_.contains("priorities"))
      for (const auto& p : catalog_.at("priorities"))
        if (lower(p.value("name", "")) == lower(priority)) entry = &p;
    if (!entry) throw bad_request("unknown priority '" + priority + "'", "invalid_field");
    json before = {{"priority", s.ticket.priority}};
    s.ticket.priority = entry->value("key", "");
    s.ticket.updated_at = clock_();
    queue_event(events::ticket_updated, s, {{"before", before}, {"after", {{"priority", s.ticket.priority}}}}, actor);
    return s.ticket;
  });
}

Ticket FakeTicketService::set_status(const std::string& number, const std::string& status, const Actor& actor) {
  return run("set_status", number, {{"status", status}}, actor, [&] {
    Stored& s = find_locked(number);
    const json* entry = find_entry(catalog_, "statuses", "key", status);
    if (!entry) throw bad_request("unknown status '" + status + "'", "invalid_field");
    json before = {{"status", s.ticket.status}, {"state", s.ticket.state}};
    s.ticket.status = entry->value("key", status);
    s.ticket.state = entry->value("state", "open");
    s.ticket.updated_at = clock_();
    if (s.ticket.state == "closed") s.ticket.closed_at = s.ticket.updated_at;
    else s.ticket.closed_at.reset();
    json after = {{"status", s.ticket.status}, {"state", s.ticket.state}};
    queue_event(events::ticket_status_changed, s, {{"before", before}, {"after", after}}, actor);
    return s.ticket;
  });
}

Ticket FakeTicketService::close(const std::string& number, const Actor& actor) {
  return run("close", number, json::object(), actor, [&] {
    Stored& s = find_locked(number);
    if (s.ticket.state == "closed") throw conflict("ticket " + number + " is already closed");
    json before = {{"status", s.ticket.status}, {"state", s.ticket.state}};
    s.ticket.state = "closed";
    s.ticket.status = status_for_state(catalog_, "closed");
    s.ticket.updated_at = clock_();
    s.ticket.closed_at = s.ticket.updated_at;
    queue_event(events::ticket_closed, s, {{"before", before}, {"after", {{"status", s.ticket.status}, {"state", "closed"}}}},
                actor);
    return s.ticket;
  });
}

Ticket FakeTicketService::reopen(const std::string& number, const Actor& actor) {
  return run("reopen", number, json::object(), actor, [&] {
    Stored& s = find_locked(number);
    if (s.ticket.state != "closed" && s.ticket.state != "resolved")
      throw conflict("ticket " + number + " is not resolved or closed");
    json before = {{"status", s.ticket.status}, {"state", s.ticket.state}};
    s.ticket.state = "open";
    s.ticket.status = status_for_state(catalog_, "open");
    s.ticket.updated_at = clock_();
    s.ticket.closed_at.reset();
    queue_event(events::ticket_reopened, s, {{"before", before}, {"after", {{"status", s.ticket.status}, {"state", "open"}}}},
                actor);
    return s.ticket;
  });
}

std::optional<std::string> FakeTicketService::attachment_data(std::int64_t id) {
  return run("attachment_data", "", {{"id", id}}, Actor{}, [&]() -> std::optional<std::string> {
    auto it = attachments_.find(id);
    if (it == attachments_.end()) return std::nullopt;
    return it->second;
  });
}

std::vector<Person> FakeTicketService::collaborators(const std::string& number) {
  return run("collaborators", number, nlohmann::json::object(), Actor{}, [&] {
    find_locked(number);
    return collaborators_[number];
  });
}

bool FakeTicketService::add_collaborator(const std::string& number, const Person& person, const Actor& actor) {
  return run("add_collaborator", number, {{"email", person.email}, {"name", person.name}}, actor, [&] {
    Stored& s = find_locked(number);
    std::string email = person.email;
    for (auto& c : email) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (email.find('@') == std::string::npos) throw Error(400, "invalid_field", "'" + person.email + "' is not an email address");
    auto& list = collaborators_[number];
    for (const auto& c : list)
      if (c.email == email) return false;
    auto [it, inserted] = user_ids_.emplace(email, static_cast<std::int64_t>(user_ids_.size() + 1));
    list.push_back(Person{it->second, person.name, email, person.phone});
    queue_event(events::ticket_updated, s, {{"collaborator_added", {{"name", person.name}, {"email", email}}}}, actor);
    return true;
  });
}

std::vector<FakeTicketService::Call> FakeTicketService::calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

std::size_t FakeTicketService::count(std::string_view op) const {
  std::lock_guard lock(mutex_);
  return std::count_if(calls_.begin(), calls_.end(), [&](const Call& c) { return c.op == op; });
}

std::vector<NewTicket> FakeTicketService::created() const {
  std::lock_guard lock(mutex_);
  return created_;
}

void FakeTicketService::clear_calls() {
  std::lock_guard lock(mutex_);
  calls_.clear();
  created_.clear();
}

void FakeTicketService::fail_next(Error error) {
  std::lock_guard lock(mutex_);
  fail_next_ = std::move(error);
}

void FakeTicketService::set_catalog(nlohmann::json catalog) {
  std::lock_guard lock(mutex_);
  catalog_ = std::move(catalog);
}

void FakeTicketService::set_clock(std::function<Timestamp()> clock) {
  std::lock_guard lock(mutex_);
  clock_ = std::move(clock);
}

void FakeTicketService::set_event_bus(EventBus* bus) {
  std::lock_guard lock(mutex_);
  bus_ = bus;
}

}  // namespace helpdesk::testing
