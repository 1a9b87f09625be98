// The fake host's sessions: in memory, with the kernel's second-factor rule.
#include "helpdesk/testing/fake_host.hpp"

namespace helpdesk::testing {

FakeSessions::Record* FakeSessions::find(const http::Request& request) {
  const std::string cookie = request.header("cookie");
  const auto pos = cookie.find("hd_session=session-");
  if (pos == std::string::npos) return nullptr;
  std::size_t index = 0;
  try {
    index = std::stoul(cookie.substr(pos + 19));
  } catch (const std::exception&) {
    return nullptr;
  }
  if (index == 0 || index > sessions_.size() || sessions_[index - 1].ended) return nullptr;
  return &sessions_[index - 1];
}

SessionStart FakeSessions::begin(const Principal& who, const http::Request&, const std::string& method) {
  SessionStart start;
  for (const auto& p : providers_)
    if (p->enrolled(who)) start.factors.push_back(p->name());
  const bool policy = who.kind == Actor::Kind::agent && agents_require_mfa_;
  start.second_factor_required = who.only_ticket.empty() && (!start.factors.empty() || policy);
  start.enrolment_required = policy && start.factors.empty();
  sessions_.push_back({who, method, start.second_factor_required, "", false});
  start.csrf_token = "csrf-" + std::to_string(sessions_.size());
  start.headers.emplace_back("Set-Cookie", "hd_session=session-" + std::to_string(sessions_.size()) +
                                               "; Path=/; HttpOnly; SameSite=Lax");
  return start;
}

void FakeSessions::complete_second_factor(const http::Request& request, const std::string& provider) {
  Record* r = find(request);
  if (!r) throw Error(401, "unauthorized", "no session to complete: sign in first");
  r->second_factor_pending = false;
  r->completed_by = provider;
}

std::vector<std::pair<std::string, std::string>> FakeSessions::end(const http::Request& request) {
  if (Record* r = find(request)) r->ended = true;
  return {{"Set-Cookie", "hd_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"}};
}

int FakeSessions::end_all(const Principal& who) {
  int n = 0;
  for (auto& r : sessions_)
    if (!r.ended && r.who.kind == who.kind && r.who.id == who.id) {
      r.ended = true;
      ++n;
    }
  return n;
}

std::optional<Principal> FakeSessions::principal(const Actor& actor) {
  if (!directory_ || (actor.kind != Actor::Kind::agent && actor.kind != Actor::Kind::user)) return std::nullopt;
  std::int64_t id = 0;
  try {
    id = std::stoll(actor.id);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (actor.kind == Actor::Kind::agent) {
    auto a = directory_->agent(id);
    if (!a) return std::nullopt;
    return Principal{actor.kind, a->id, a->email, a->name, {}};
  }
  return Principal{actor.kind, id, "", actor.name, {}};
}

void FakeSessions::add_second_factor(std::shared_ptr<SecondFactorProvider> provider) {
  if (closed_) throw Error(500, "registration_closed", "second factors can only be added while the plugin starts");
  providers_.push_back(std::move(provider));
}

}  // namespace helpdesk::testing
