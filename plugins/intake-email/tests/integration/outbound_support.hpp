#pragma once
// What the outbound integration tests share (header-only: the build compiles only *_test.cpp):
// helpdeskd with intake-api and intake-email sending to a real SMTP sink, reading the sink's
// messages (and the links auth-local mails), the plugin's health and its tables.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "support/peers.hpp"
#include "support/smtp_sink.hpp"

namespace outbound_test {

// Fixed so the tests can check our Message-IDs' signatures themselves.
inline const std::string kSecret = "outbound-test-secret-0123456789abcdef";
inline const std::string kInstance = "it-helpdesk";

// The ticket and entry a Message-ID of ours names (see verify_id).
struct SignedParts {
  std::string ticket;
  long long entry = 0;
};

using namespace helpdesk::test;  // NOLINT: test support

// test_config() with intake-api and intake-email sending to 127.0.0.1:smtp_port (no relay when
// 0), plus `extra` lines of intake-email config (each indented by six spaces).
inline std::string config(int smtp_port, const std::string& extra = "") {
  std::string email =
      "  - name: intake-api\n"
      "  - name: intake-email\n"
      "    config:\n"
      "      instance_id: " +
      kInstance +
      "\n"
      "      secret: " +
      kSecret +
      "\n"
      "      message_id_domain: help.example.com\n"
      "      ticket_url: https://help.example.com/tickets/{number}\n";
  if (smtp_port != 0) email += "      smtp: {url: \"smtp://127.0.0.1:" + std::to_string(smtp_port) + "\"}\n";
  return test_config(email + extra);
}

// A header's value, unfolded ("" when absent). `message` has LF line endings (the sink's maildir).
inline std::string header(const std::string& message, const std::string& name) {
  std::istringstream in(message.substr(0, message.find("\n\n")));
  std::string value;
  bool in_header = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (in_header) value += line;
      continue;
    }
    if (in_header) return value;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string n = line.substr(0, colon);
    if (n.size() != name.size() || !std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      continue;
    in_header = true;
    value = line.substr(line.find_first_not_of(' ', colon + 1) == std::string::npos
                            ? line.size()
                            : line.find_first_not_of(' ', colon + 1));
  }
  return in_header ? value : "";
}

// The messages whose To header contains `address`.
inline std::vector<std::string> addressed_to(const std::vector<std::string>& messages, const std::string& address) {
  std::vector<std::string> out;
  for (const auto& m : messages)
    if (header(m, "To").find(address) != std::string::npos) out.push_back(m);
  return out;
}

// Calls `probe` every 100 ms until it returns true or ~30 s pass; returns its last answer.
inline bool eventually(const std::function<bool()>& probe) {
  for (int i = 0; i < 300; ++i) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return probe();
}

// test_config() with the demo data, intake-api, auth-local (`auth_config`: members of its config
// map, flow style) and intake-email sending from helpdesk@example.com to 127.0.0.1:smtp_port: what
// auth-local's mailed links need.
inline std::string account_mail_config(int smtp_port, const std::string& auth_config) {
  const std::string plugins =
      "  - name: intake-api\n"
      "  - name: auth-local\n"
      "    config: {demo_passwords: true, argon2_mem_kib: 8192, " + auth_config + "}\n"
      "  - name: intake-email\n"
      "    config:\n"
      "      secret: " + kSecret + "\n"
      "      from: helpdesk@example.com\n"
      "      smtp: {url: \"smtp://127.0.0.1:" + std::to_string(smtp_port) + "\"}\n";
  return test_config(plugins, "demo: true\n");
}

// A test of auth-local's mailed links: a running SMTP sink and a folder for the server
// (account_mail_config); skipped without aiosmtpd.
class AccountMailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (auto reason = helpdesk::mail::test::aiosmtpd_unavailable(); !reason.empty()) GTEST_SKIP() << reason;
    sink.start();
  }

  helpdesk::mail::test::SmtpSink sink;
  TempDir dir;
};

// POST with a JSON body.
inline Response post_json(const Server& server, const std::string& target, const nlohmann::json& body) {
  return http_request(server.port(), "POST", target, body.dump(), {{"Content-Type", "application/json"}});
}

// The mails the sink got for `address`, as soon as there is one (none after ~30 s without).
inline std::vector<std::string> mails_to(const helpdesk::mail::test::SmtpSink& sink, const std::string& address) {
  std::vector<std::string> mails;
  eventually([&] {
    mails = addressed_to(sink.messages(), address);
    return !mails.empty();
  });
  return mails;
}

// The first group of `link` (a regex) in `mail`, read after undoing the quoted-printable body's
// soft line breaks and "=3D"; "" when the link is not there.
inline std::string link_token(const std::string& mail, const std::string& link) {
  std::string body = std::regex_replace(mail, std::regex("=\r?\n"), "");
  body = std::regex_replace(body, std::regex("=3D"), "=");
  std::smatch m;
  return std::regex_search(body, m, std::regex(link)) ? std::string(m[1]) : std::string();
}

// intake-email's health from GET /api/v1/system/plugins ("outgoing" part), else what was answered
// instead (for the failure message).
inline nlohmann::json outgoing_health(const Server& server) {
  const auto r = server.get("/api/v1/system/plugins", admin_token);
  if (r.status != 200) return {{"http_status", r.status}, {"body", r.body}};
  const auto body = r.json();  // kept: the loop must not range over a temporary's member
  for (const auto& p : body["plugins"])
    if (p.value("name", std::string()) == "intake-email") return p["health"].value("outgoing", nlohmann::json());
  return {{"no_plugin", r.body}};
}

// One query through the sqlite3 shell on the server's database; rows as lines, columns split by '|'.
inline std::vector<std::string> query(const fs::path& dir, const std::string& sql) {
  std::string out;
  const int status =
      run_command({"/usr/bin/sqlite3", "-cmd", ".timeout 5000", (dir / "data" / "helpdesk.db").string(), sql}, out);
  if (status != 0) throw std::runtime_error("sqlite3 failed (" + std::to_string(status) + "): " + out);
  std::vector<std::string> rows;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  return rows;
}

// HMAC-SHA256(key, text) as hex, computed by the openssl command (independent of our code).
inline std::string hmac_sha256_hex(const std::string& key, const std::string& text) {
  for (char c : key + text)
    if (c == '\'') throw std::invalid_argument("no quotes, please");
  std::string out;
  run_command({"/bin/sh", "-c", "printf '%s' '" + text + "' | /usr/bin/openssl dgst -sha256 -hmac '" + key + "'"}, out);
  const auto eq = out.rfind("= ");
  if (eq == std::string::npos) throw std::runtime_error("openssl dgst said: " + out);
  std::string hex = out.substr(eq + 2);
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
  return hex;
}

// The ticket and entry of a Message-ID of ours when its signature checks out with kSecret: the
// rule MessageIds::verify applies, recomputed here without the plugin's code.
inline std::optional<SignedParts> verify_id(const std::string& bracketed) {
  if (bracketed.size() < 2 || bracketed.front() != '<' || bracketed.back() != '>') return std::nullopt;
  const std::string id = bracketed.substr(1, bracketed.size() - 2);
  const auto at = id.rfind('@');
  if (at == std::string::npos) return std::nullopt;
  const std::string local = id.substr(0, at);
  const auto dot = local.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string body = local.substr(0, dot), signature = local.substr(dot + 1);
  if (hmac_sha256_hex(kSecret, body).substr(0, 16) != signature) return std::nullopt;
  const auto first = body.find('.'), second = body.find('.', first + 1);
  if (first == std::string::npos || second == std::string::npos) return std::nullopt;
  return SignedParts{body.substr(0, first), std::stoll(body.substr(first + 1, second - first - 1))};
}

}  // namespace outbound_test
