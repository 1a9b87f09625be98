#include "commands.hpp"

#include <istream>
#include <ostream>

namespace auth_local {
namespace {

constexpr int kUsage = 64;    // EX_USAGE
constexpr int kNoUser = 67;   // EX_NOUSER
constexpr int kDataErr = 65;  // EX_DATAERR

const char* kUsageText =
    "usage: helpdeskd password set EMAIL [--user]          (reads the new password from stdin)\n"
    "       helpdeskd password reset-link EMAIL [--user]   (prints a one-time reset link)\n"
    "EMAIL is an agent's unless --user is given.\n";

int run(Accounts& accounts, PasswordResets& resets, helpdesk::CommandContext& ctx) {
  const auto parsed = helpdesk::person_args(ctx, "password", kUsageText);
  if (!parsed) return kUsage;
  const auto& [action, email, user] = *parsed;
  if (action != "set" && action != "reset-link") {
    ctx.err << kUsageText;
    return kUsage;
  }
  const auto who = accounts.find(lower(email), user ? "user" : "agent");
  if (!who) {
    ctx.err << "password: no " << (user ? "user" : "agent") << " has the email " << email
            << (user ? "\n" : " (add --user for an end user)\n");
    return kNoUser;
  }
  if (action == "reset-link") {
    const auto link = resets.make_link(*who);
    ctx.out << link.url << "\n";
    return 0;
  }
  std::string password;
  std::getline(ctx.in, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  try {
    accounts.check_policy(password, who->email);
  } catch (const helpdesk::Error& e) {
    ctx.err << "password: " << e.what() << "\n";
    return kDataErr;
  }
  accounts.set_password(*who, password);
  ctx.out << "password set for " << kind_name(who->kind) << " " << who->email << "\n";
  return 0;
}

}  // namespace

void add_password_command(helpdesk::Host& host, Accounts& accounts, PasswordResets& resets) {
  host.commands().add({"password", "set an agent's or user's password (stdin), or print a reset link",
                       [&](helpdesk::CommandContext& ctx) { return run(accounts, resets, ctx); }});
}

}  // namespace auth_local
