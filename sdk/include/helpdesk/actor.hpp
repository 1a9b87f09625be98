#pragma once
#include <string>
#include <vector>

namespace helpdesk {

// Who is acting: filled by the kernel from the request's credentials before a handler runs, and
// recorded in the audit log of every change a service makes on its behalf.
struct Actor {
  enum class Kind { anonymous, api_key, token, agent, user, system };
  Kind kind = Kind::anonymous;
  std::string id;    // stable id within its kind: key name, token name, agent/user id
  std::string name;  // for display and the audit log
  std::vector<std::string> scopes;  // token scopes, e.g. "tickets:read"

  bool has_scope(const std::string& scope) const {
    for (const auto& s : scopes)
      if (s == scope || s == "admin") return true;
    return false;
  }
  static Actor system(std::string name) { return {Kind::system, name, name, {}}; }
};

const char* to_string(Actor::Kind kind) noexcept;

inline const char* to_string(Actor::Kind kind) noexcept {
  switch (kind) {
    case Actor::Kind::anonymous: return "anonymous";
    case Actor::Kind::api_key: return "api_key";
    case Actor::Kind::token: return "token";
    case Actor::Kind::agent: return "agent";
    case Actor::Kind::user: return "user";
    case Actor::Kind::system: return "system";
  }
  return "unknown";
}

}  // namespace helpdesk
