#include "admin_reset.hpp"

#include <ostream>

namespace mfa_totp {
namespace {

constexpr int kUsage = 64;   // EX_USAGE
constexpr int kNoUser = 67;  // EX_NOUSER

const char* kUsageText =
    "usage: helpdeskd totp reset EMAIL [--user]   (removes the person's authenticator and recovery codes)\n"
    "EMAIL is an agent's unless --user is given.\n";

std::optional<helpdesk::Principal> find(helpdesk::Directory& directory, const std::string& email, bool user) {
  const auto person = user ? directory.find_user(email) : directory.find_agent(email);
  if (!person) return std::nullopt;
  return helpdesk::Principal{user ? helpdesk::Actor::Kind::user : helpdesk::Actor::Kind::agent, person->id,
                             person->email, person->name, {}};
}

int run(helpdesk::Host& host, TotpStore& store, helpdesk::CommandContext& ctx) {
  const auto parsed = helpdesk::person_args(ctx, "totp", kUsageText);
  if (!parsed || parsed->action != "reset") {
    if (parsed) ctx.err << kUsageText;
    return kUsage;
  }
  const auto& [action, email, user] = *parsed;
  const auto who = find(host.directory(), email, user);
  if (!who) {
    ctx.err << "totp: no " << (user ? "user" : "agent") << " has the email " << email
            << (user ? "\n" : " (add --user for an end user)\n");
    return kNoUser;
  }
  const bool had = store.reset(*who);
  host.logger()->info("TOTP of {} {} reset from the command line", helpdesk::to_string(who->kind), who->id);
  ctx.out << (had ? "TOTP removed for " : "no TOTP was set up for ") << who->email << "\n";
  return 0;
}

}  // namespace

void add_reset_command(helpdesk::Host& host, TotpStore& store) {
  host.commands().add({"totp", "remove an agent's or user's authenticator (lost phone and recovery codes)",
                       [&host, &store](helpdesk::CommandContext& ctx) { return run(host, store, ctx); }});
}

void add_reset_route(helpdesk::Host& host, TotpStore& store) {
  using helpdesk::http::Access;
  using helpdesk::http::Method;
  using helpdesk::http::Request;
  using helpdesk::http::Response;
  host.router().add(
      {Method::del, "/api/v1/auth/totp/{kind}/{id}", Access::agent("admin", "admin"), [&host, &store](const Request& r) {
         const std::string& kind = r.path_param("kind");
         if (kind != "agent" && kind != "user") throw helpdesk::not_found("kind must be agent or user");
         std::int64_t id = 0;
         try {
           id = std::stoll(r.path_param("id"));
         } catch (const std::exception&) {
           throw helpdesk::not_found(kind + " '" + r.path_param("id") + "' does not exist");
         }
         const helpdesk::Principal who{kind == "user" ? helpdesk::Actor::Kind::user : helpdesk::Actor::Kind::agent, id,
                                       "", "", {}};
         if (!host.sessions().principal(helpdesk::Actor{who.kind, std::to_string(id), "", {}}))
           throw helpdesk::not_found(kind + " " + std::to_string(id) + " does not exist");
         const bool had = store.reset(who);
         host.logger()->info("TOTP of {} {} reset by {} {}", kind, id, helpdesk::to_string(r.actor.kind), r.actor.id);
         return Response::json(200, {{"reset", had}});
       }});
}

}  // namespace mfa_totp
