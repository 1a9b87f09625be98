#pragma once
// Shared by the inbound integration tests: a config with intake-email, `helpdeskd pipe` run on a
// message file, corpus files, and ticket look-ups over the real HTTP API.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness.hpp"

namespace inbound_test {

namespace fs = std::filesystem;
using helpdesk::test::Server;
using helpdesk::test::TempDir;

// intake-api (for reading tickets) and intake-email with `email_yaml` (settings, each line
// indented by six spaces: "      key: value\n").
inline std::string email_config(const std::string& email_yaml) {
  return helpdesk::test::test_config("  - name: intake-api\n  - name: intake-email\n    config:\n" + email_yaml);
}

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string corpus(const std::string& name) { return read_file(fs::path(MAIL_CORPUS_DIR) / name); }

struct PipeResult {
  int code = -1;
  std::string output;  // stdout and stderr
};

// Runs `helpdeskd pipe` with the message on stdin (from a file, as an MTA's pipe would).
inline PipeResult pipe_message(const fs::path& dir, const std::string& raw, const std::string& extra_args = "",
                               const std::string& data_dir = "") {
  static int n = 0;
  const auto file = dir / ("pipe-" + std::to_string(++n) + ".eml");
  std::ofstream(file, std::ios::binary) << raw;
  const std::string data = data_dir.empty() ? (dir / "data").string() : data_dir;
  const std::string cmd = "exec '" + helpdesk::test::helpdeskd_path().string() + "' pipe --config '" +
                          (dir / "helpdesk.yaml").string() + "' --data '" + data + "' " + extra_args + " < '" +
                          file.string() + "'";
  PipeResult r;
  r.code = helpdesk::test::run_command({"/bin/sh", "-c", cmd}, r.output);
  return r;
}

// The first line of the output (the ticket number on success).
inline std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

inline nlohmann::json ticket(const Server& server, const std::string& number) {
  auto r = server.get("/api/v1/tickets/" + number);
  if (r.status != 200) return nullptr;
  return r.json();
}

inline nlohmann::json all_tickets(const Server& server) {
  auto out = nlohmann::json::array();
  std::string cursor;
  do {
    auto r = server.get("/api/v1/tickets?limit=100&sort=number&order=asc" + (cursor.empty() ? "" : "&cursor=" + cursor));
    if (r.status != 200) return out;
    auto j = r.json();
    for (auto& t : j["tickets"]) out.push_back(t);
    cursor = j["next_cursor"].is_string() ? j["next_cursor"].get<std::string>() : "";
  } while (!cursor.empty());
  return out;
}

inline std::string message(const std::string& from, const std::string& subject, const std::string& message_id,
                           const std::string& extra_headers = "", const std::string& body = "Hello, please help.\r\n") {
  return "From: " + from + "\r\nTo: support@example.com\r\nSubject: " + subject + "\r\nMessage-ID: <" + message_id +
         ">\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n" + extra_headers + "\r\n" + body;
}

}  // namespace inbound_test
