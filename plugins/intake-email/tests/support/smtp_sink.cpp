#include "support/smtp_sink.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "support/net.hpp"

namespace helpdesk::mail::test {
namespace fs = std::filesystem;

SmtpSink::SmtpSink(SmtpSinkOptions options) : options_(std::move(options)) {}

SmtpSink::~SmtpSink() { stop(); }

bool SmtpSink::try_start() {
  if (!options_.users.empty() || !options_.bearer_tokens.empty()) {
    std::vector<std::string> argv{
        "/usr/bin/python3", std::string(HELPDESK_MAIL_SUPPORT_DIR) + "/smtp_auth_sink.py",
        "--listen-port",    std::to_string(port_),
        "--maildir",        dir_ / "maildir"};
    for (const auto& [name, secret] : options_.users)
      argv.insert(argv.end(), {"--user", name + ":" + secret});
    for (const auto& [name, token] : options_.bearer_tokens) {
      argv.insert(argv.end(), {"--bearer", name + ":" + token});
    }
    process_.start(argv, dir_ / "aiosmtpd.log");
    return wait_for_port(port_, std::chrono::seconds(15)) && process_.running();
  }
  std::vector<std::string> argv{
      "/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port_)};
  if (!options_.starttls_cert_file.empty()) {
    argv.insert(argv.end(),
                {"--tlscert", options_.starttls_cert_file, "--tlskey", options_.starttls_key_file});
  }
  if (!options_.smtps_cert_file.empty()) {
    argv.insert(argv.end(),
                {"--smtpscert", options_.smtps_cert_file, "--smtpskey", options_.smtps_key_file});
  }
  argv.insert(argv.end(), {"-c", "aiosmtpd.handlers.Mailbox", dir_ / "maildir"});
  process_.start(argv, dir_ / "aiosmtpd.log");
  return wait_for_port(port_, std::chrono::seconds(15)) && process_.running();
}

void SmtpSink::start() {
  bool fixed_port = port_ != 0;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (!fixed_port) port_ = free_port();
    if (try_start()) return;
    process_.stop();
  }
  std::string log;
  try {
    log = read_file(dir_ / "aiosmtpd.log");
  } catch (const std::exception&) {
  }
  throw std::runtime_error("aiosmtpd did not start on 127.0.0.1:" + std::to_string(port_) +
                           "; its output:\n" + log);
}

void SmtpSink::stop() { process_.stop(); }

std::vector<std::string> SmtpSink::messages() const {
  // Python's Maildir names start with the delivery time, so name order is arrival order
  // within the same second only roughly: sort by modification time, then name.
  std::vector<fs::directory_entry> files;
  for (const char* sub : {"/new", "/cur"}) {
    std::string path = dir_ / ("maildir" + std::string(sub));
    if (!fs::exists(path)) continue;
    for (const auto& entry : fs::directory_iterator(path)) {
      if (entry.is_regular_file()) files.push_back(entry);
    }
  }
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
    auto ta = a.last_write_time(), tb = b.last_write_time();
    return ta != tb ? ta < tb : a.path() < b.path();
  });
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(read_file(f.path().string()));
  return out;
}

}  // namespace helpdesk::mail::test
