#include "kernel/app/admin_cli.hpp"

#include <iostream>

#include <helpdesk/error.hpp>

#include "kernel/core/catalog.hpp"
#include "kernel/core/kernel.hpp"
#include "kernel/core/people_admin.hpp"
#include "kernel/core/ticket_service.hpp"
#include "kernel/storage/database.hpp"

std::vector<helpdesk::Migration> kernel_migrations();

namespace helpdesk::kernel {
namespace {

int usage(const std::string& text) {
  std::cerr << "usage: " << text << "\n";
  return 2;
}

// The value after `flag` in args (removing both), or "".
std::vector<std::string> take_all(std::vector<std::string>& args, const std::string& flag) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size();) {
    if (args[i] == flag && i + 1 < args.size()) {
      out.push_back(args[i + 1]);
      args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
    } else {
      ++i;
    }
  }
  return out;
}

bool take_flag(std::vector<std::string>& args, const std::string& flag) {
  auto it = std::find(args.begin(), args.end(), flag);
  if (it == args.end()) return false;
  args.erase(it);
  return true;
}

int token_command(std::vector<std::string> args, SqliteDatabase& db) {
  const Actor cli = Actor::system("cli");
  if (args.empty()) return usage("helpdeskd token create NAME --scope SCOPE [--scope SCOPE] | revoke NAME | list");
  const std::string verb = args.front();
  args.erase(args.begin());
  if (verb == "list") {
    std::cout << list_tokens(db).dump(2) << "\n";
    return 0;
  }
  if (verb == "create") {
    auto scopes = take_all(args, "--scope");
    if (args.size() != 1) return usage("helpdeskd token create NAME --scope SCOPE [--scope SCOPE]");
    const auto t = create_token(db, args[0], scopes, cli, system_now());
    std::cerr << "token '" << t.name << "' created; it is shown only now:\n";
    std::cout << t.token << "\n";
    return 0;
  }
  if (verb == "revoke") {
    if (args.size() != 1) return usage("helpdeskd token revoke NAME");
    if (!revoke_token(db, args[0], cli, system_now())) {
      std::cerr << "helpdeskd token: no active token '" << args[0] << "'\n";
      return 1;
    }
    std::cout << "revoked " << args[0] << "\n";
    return 0;
  }
  return usage("helpdeskd token create|revoke|list");
}

int agent_command(std::vector<std::string> args, SqliteDatabase& db, const Catalog& catalog) {
  if (args.empty()) return usage("helpdeskd agent add EMAIL --name NAME --department KEY --role KEY [--admin] | list");
  const std::string verb = args.front();
  args.erase(args.begin());
  if (verb == "list") {
    std::cout << list_agents(db).dump(2) << "\n";
    return 0;
  }
  if (verb == "add") {
    AgentSpec spec;
    auto one = [&](const char* flag) -> std::optional<std::string> {
      auto v = take_all(args, flag);
      if (v.empty()) return std::nullopt;
      return v.back();
    };
    spec.name = one("--name");
    spec.department = one("--department");
    spec.role = one("--role");
    spec.admin = take_flag(args, "--admin");
    if (args.size() != 1) return usage("helpdeskd agent add EMAIL --name NAME --department KEY --role KEY [--admin]");
    spec.email = args[0];
    std::cout << create_agent(db, catalog, spec, Actor::system("cli"), system_now()).dump(2) << "\n";
    return 0;
  }
  return usage("helpdeskd agent add|list");
}

}  // namespace

int run_admin_cli(const std::string& command, const std::vector<std::string>& args, const Config& config) {
  try {
    DatabaseOptions options;
    options.file = database_file(config);
    std::filesystem::create_directories(options.file.parent_path());
    SqliteDatabase db(options);
    db.migrate("kernel", kernel_migrations());
    const Catalog catalog(config);
    catalog.mirror_to(db);
    return command == "token" ? token_command(args, db) : agent_command(args, db, catalog);
  } catch (const Error& e) {
    std::cerr << "helpdeskd " << command << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "helpdeskd " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace helpdesk::kernel
