// helpdeskd: parses the command line, loads the config, runs the kernel until SIGTERM/SIGINT.
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <iostream>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <helpdesk/abi.hpp>

#include "kernel/app/admin_cli.hpp"
#include "kernel/app/cli.hpp"
#include "kernel/config/config.hpp"
#include "kernel/core/catalog.hpp"
#include "kernel/core/kernel.hpp"
#include "kernel/core/rules_setup.hpp"

using namespace helpdesk::kernel;

namespace {

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : exe.parent_path();
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("helpdeskd");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ [%n] %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::info);
}

// Prints each script problem as FILE:LINE: kind: message and a count per kind of script.
template <class Engine>
std::size_t report_script_failures(const Engine& engine, const char* what,
                                   const std::function<std::string(const std::string&)>& file_of, std::size_t count) {
  const auto failures = engine.check();
  for (const auto& f : failures)
    std::cout << file_of(f.script) << ":" << f.line << ": " << f.kind << ": " << f.message << "\n";
  std::cout << count << " " << what << "(s) checked, " << failures.size() << " problem(s)\n";
  return failures.size();
}

// Compiles every filter, trigger and SLA policy (CI-friendly exit code).
int check_rules(const Config& config) {
  const Catalog catalog(config);
  try {
    build_rule_set(config, catalog);
  } catch (const std::exception& e) {  // a malformed calendar
    std::cout << config.file.string() << ": " << e.what() << "\n";
    return 1;
  }
  std::size_t problems = 0;
  const auto filters = build_filter_engine(config, catalog);
  problems += report_script_failures(*filters, "filter", [&](const std::string& name) {
    for (const auto& s : filters->scripts())
      if (s.name == name) return s.file.string();
    return name;
  }, filters->scripts().size());
  if (const auto triggers = build_trigger_engine(config, catalog))
    problems += report_script_failures(*triggers, "trigger", [&](const std::string& name) {
      for (const auto& s : triggers->scripts())
        if (s.name == name) return s.file.string();
      return name;
    }, triggers->scripts().size());
  if (const auto policies = build_sla_policies(config)) {
    std::size_t count = 0;
    for (const auto& p : config.sla_plans) count += p.policy.empty() ? 0 : 1;
    problems += report_script_failures(*policies, "SLA policy", [&](const std::string& plan) {
      for (const auto& p : config.sla_plans)
        if (p.key == plan) return p.policy.string();
      return plan;
    }, count);
  }
  return problems == 0 ? 0 : 1;
}

// Modification times of the config file and every script it names: edits trigger a reload.
class ConfigWatch {
 public:
  ConfigWatch(std::filesystem::path file, const Config& config) : file_(std::move(file)) { remember(config); }
  void remember(const Config& config) {
    files_ = {file_};
    for (const auto& f : config.filters) files_.push_back(f.script);
    for (const auto& t : config.triggers) files_.push_back(t.script);
    for (const auto& p : config.sla_plans)
      if (!p.policy.empty()) files_.push_back(p.policy);
    std::error_code ec;
    if (std::filesystem::is_directory(config.rules.lib_dir, ec))
      for (const auto& e : std::filesystem::directory_iterator(config.rules.lib_dir, ec)) files_.push_back(e.path());
    stamps_ = stamps();
  }
  bool changed() const { return stamps() != stamps_; }
  void restamp() { stamps_ = stamps(); }

 private:
  std::vector<std::int64_t> stamps() const {
    std::vector<std::int64_t> out;
    for (const auto& f : files_) {
      std::error_code ec;
      const auto t = std::filesystem::last_write_time(f, ec);
      out.push_back(ec ? -1 : static_cast<std::int64_t>(t.time_since_epoch().count()));
    }
    return out;
  }
  std::filesystem::path file_;
  std::vector<std::filesystem::path> files_;
  std::vector<std::int64_t> stamps_;
};

// Loads the config again and applies what can change live; a bad config is reported and the
// running one stays.
void reload(Kernel& kernel, const CliOptions& cli, ConfigWatch& watch, const char* why) {
  spdlog::info("reloading {} ({})", cli.config.string(), why);
  try {
    Config fresh = load_config(cli.config);
    if (cli.listen) fresh.server.listen = *cli.listen;  // the command line still wins
    if (cli.data) fresh.storage.data_dir = *cli.data;
    watch.remember(fresh);
    kernel.reload(fresh);
  } catch (const ConfigError& e) {
    for (const auto& issue : e.issues()) spdlog::error("{}", issue.to_string());
    spdlog::error("reload refused: {} error(s) in {}; the running config stays", e.issues().size(), cli.config.string());
    // Remember the broken state too (same files, new times), so the same edit is not reported
    // every two seconds and a fix of any of them is noticed.
    watch.restamp();
  } catch (const std::exception& e) {
    spdlog::error("reload refused: {}; the running config stays", e.what());
  }
}

// The kernel's options: the config, then the plugin folders from the command line, beside the
// executable, and where an installed build keeps them.
KernelOptions kernel_options(const CliOptions& cli, Config config, bool serving) {
  KernelOptions options{std::move(config), cli.plugin_dirs, serving};
  const auto exe_dir = executable_dir();
  options.plugin_dirs.push_back(exe_dir / "plugins");
  options.plugin_dirs.push_back(exe_dir / ".." / "lib" / "helpdesk" / "plugins");
  return options;
}

// `helpdeskd pipe …`: the kernel without HTTP or timers, the plugins started, one command run.
// A kernel that cannot start (storage locked or broken) exits 75 (EX_TEMPFAIL) so an MTA retries.
int run_plugin_command(const CliOptions& cli, Config config) {
  if (cli.data) config.storage.data_dir = *cli.data;
  Kernel kernel(kernel_options(cli, std::move(config), /*serving=*/false));
  try {
    kernel.start();
  } catch (const std::exception& e) {
    std::cerr << "helpdeskd " << cli.plugin_command << ": cannot start: " << e.what() << "\n";
    return 75;
  }
  helpdesk::CommandContext context{cli.plugin_args, std::cin, std::cout, std::cerr};
  int code = 0;
  try {
    code = kernel.run_command(cli.plugin_command, context);
  } catch (const std::exception& e) {
    std::cerr << "helpdeskd " << cli.plugin_command << ": " << e.what() << "\n";
    code = 75;
  }
  kernel.stop();  // delivers queued events (e.g. notifications to enqueue) before exit
  return code;
}

int serve(const CliOptions& cli, Config config) {
  if (cli.listen) config.server.listen = *cli.listen;
  if (cli.data) config.storage.data_dir = *cli.data;

  // Block the shutdown signals in every thread; this one waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Kernel kernel(kernel_options(cli, config, /*serving=*/true));
  try {
    kernel.start();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  if (cli.port_file) {
    const auto tmp = cli.port_file->string() + ".tmp";
    std::ofstream(tmp) << kernel.port() << "\n";
    std::filesystem::rename(tmp, *cli.port_file);
  }
  ConfigWatch watch(cli.config, config);
  for (;;) {
    // Wakes every two seconds to notice edits of the config or its scripts (reloaded like SIGHUP).
    timespec tick{2, 0};
    const int sig = sigtimedwait(&signals, nullptr, &tick);
    if (sig < 0) {
      if (watch.changed()) reload(kernel, cli, watch, "a change of the config or a script");
      continue;
    }
    if (sig == SIGHUP) {
      reload(kernel, cli, watch, "SIGHUP");
      continue;
    }
    spdlog::info("received {}, shutting down", sig == SIGINT ? "SIGINT" : "SIGTERM");
    break;
  }
  kernel.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CliOptions cli;
  try {
    cli = parse_cli(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& e) {
    std::cerr << "helpdeskd: " << e.what() << "\n\n" << cli_usage();
    return 2;
  }
  if (cli.command == "help") {
    std::cout << cli_usage();
    return 0;
  }
  if (cli.command == "version") {
    std::cout << "helpdeskd " << HELPDESK_VERSION << " (plugin ABI " << HELPDESK_SDK_ABI << ")\n";
    return 0;
  }
  setup_logging(cli.log_level);

  Config config;
  try {
    config = load_config(cli.config);
  } catch (const ConfigError& e) {
    std::cerr << e.what() << "\n";
    std::cerr << "helpdeskd: " << cli.config.string() << " has " << e.issues().size() << " error(s)"
              << (cli.command == "serve" ? "; not starting\n" : "\n");
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "helpdeskd: " << e.what() << "\n";
    return 1;
  }
  if (cli.command == "config-check") {
    try {  // calendars name time zones the YAML walk cannot check
      SlaClock(config.calendars, config.sla_plans);
    } catch (const std::exception& e) {
      std::cerr << cli.config.string() << ": " << e.what() << "\n";
      return 1;
    }
    std::cout << cli.config.string() << ": OK (" << config.departments.size() << " departments, "
              << config.help_topics.size() << " help topics, " << config.plugins.size() << " plugins)\n";
    return 0;
  }
  if (cli.command == "rules-check") return check_rules(config);
  if (cli.command == "plugin") return run_plugin_command(cli, std::move(config));
  if (cli.command == "token" || cli.command == "agent") {
    if (cli.data) config.storage.data_dir = *cli.data;
    return run_admin_cli(cli.command, cli.plugin_args, config);
  }
  return serve(cli, std::move(config));
}
