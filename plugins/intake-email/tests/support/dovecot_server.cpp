#include "support/dovecot_server.hpp"

#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <thread>

#include "support/net.hpp"

namespace helpdesk::mail::test {
namespace fs = std::filesystem;

namespace {

std::pair<uid_t, gid_t> dovecot_ids() {
  passwd* pw = getpwnam("dovecot");
  if (pw == nullptr) throw std::runtime_error("the system user 'dovecot' does not exist");
  return {pw->pw_uid, pw->pw_gid};
}

std::string tail(const std::string& text, std::size_t n = 2000) {
  return text.size() <= n ? text : text.substr(text.size() - n);
}

}  // namespace

DovecotServer::DovecotServer(DovecotOptions options) : options_(std::move(options)) {
  // Dovecot's unprivileged processes must reach the mail below the private temp dir.
  chmod(dir_.path().c_str(), 0755);
}

DovecotServer::~DovecotServer() { stop(); }

std::string DovecotServer::log() const {
  try {
    return read_file(dir_ / "dovecot.log");
  } catch (const std::exception&) {
    return "";
  }
}

void DovecotServer::write_config() {
  const std::string& d = dir_.path();
  bool tls = !options_.tls_cert_file.empty() && !options_.tls_key_file.empty();
  std::string passwd;
  for (const auto& [user, password] : options_.users) passwd += user + ":{PLAIN}" + password + "\n";
  write_file(dir_ / "passwd", passwd);

  std::string conf;
  conf += "base_dir = " + d + "/run\n";
  conf += "state_dir = " + d + "/state\n";
  conf += "log_path = " + d + "/dovecot.log\n";
  conf += "info_log_path = " + d + "/dovecot.log\n";
  conf += "protocols = imap pop3\n";
  conf += "listen = 127.0.0.1\n";
  conf += "disable_plaintext_auth = no\n";
  conf += "default_login_user = dovenull\n";
  conf += "default_internal_user = dovecot\n";
  conf += "first_valid_uid = 1\n";
  conf += "auth_failure_delay = 0\n";  // a failed login answers at once: fast tests
  conf += "mail_location = maildir:" + d + "/mail/%u\n";
  conf += "pop3_uidl_format = %08Xv%08Xu\n";
  if (tls) {
    conf += "ssl = yes\n";
    conf += "ssl_cert = <" + options_.tls_cert_file + "\n";
    conf += "ssl_key = <" + options_.tls_key_file + "\n";
  } else {
    conf += "ssl = no\n";
  }
  if (!options_.imap_capability.empty())
    conf += "imap_capability = " + options_.imap_capability + "\n";
  conf += "auth_mechanisms = plain login";
  conf += options_.oauth2_introspection_url.empty() ? "\n" : " xoauth2 oauthbearer\n";
  conf += "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN " + d + "/passwd\n}\n";
  if (!options_.oauth2_introspection_url.empty()) {
    write_file(dir_ / "oauth2.conf",
               "introspection_mode = post\n"
               "introspection_url = " +
                   options_.oauth2_introspection_url +
                   "\n"
                   "force_introspection = yes\n"
                   "username_attribute = username\n"
                   "active_attribute = active\n"
                   "active_value = true\n");
    conf += "passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = " + d +
            "/oauth2.conf\n}\n";
  }
  conf +=
      "userdb {\n  driver = static\n  args = uid=dovecot gid=dovecot home=" + d + "/home/%u\n}\n";
  auto listener = [](const char* name, int port) {
    return std::string("  inet_listener ") + name +
           " {\n    address = 127.0.0.1\n    port = " + std::to_string(port) + "\n  }\n";
  };
  conf += "service imap-login {\n" + listener("imap", imap_port_) + listener("imaps", imaps_port_) +
          "}\n";
  conf += "service pop3-login {\n" + listener("pop3", pop3_port_) + listener("pop3s", pop3s_port_) +
          "}\n";
  write_file(dir_ / "dovecot.conf", conf);
}

void DovecotServer::start() {
  bool tls = !options_.tls_cert_file.empty() && !options_.tls_key_file.empty();
  std::string last_log;
  for (int attempt = 0; attempt < 3; ++attempt) {
    imap_port_ = free_port();
    pop3_port_ = free_port();
    imaps_port_ = tls ? free_port() : 0;  // port 0 turns the listener off
    pop3s_port_ = tls ? free_port() : 0;
    write_config();
    process_.start({"/usr/sbin/dovecot", "-F", "-c", dir_ / "dovecot.conf"}, dir_ / "dovecot.out");
    bool up = true;
    for (int port : {imap_port_, pop3_port_, imaps_port_, pop3s_port_}) {
      if (port != 0 && !wait_for_port(port, std::chrono::seconds(10))) up = false;
    }
    if (up && process_.running()) return;
    last_log = log();
    try {
      last_log += read_file(dir_ / "dovecot.out");
    } catch (const std::exception&) {
    }
    stop();
  }
  throw std::runtime_error("dovecot did not start; its log ends with:\n" + tail(last_log));
}

void DovecotServer::stop() {
  // With -F the master in base_dir/master.pid is our child and leads its process group:
  // SIGTERM to the whole group ends it quickly (the master alone lingers for its workers).
  // A master.pid naming anything else is a master we did not start the usual way.
  try {
    pid_t pid = static_cast<pid_t>(std::stol(read_file(dir_ / "run/master.pid")));
    if (pid > 0 && pid != process_.pid()) kill(pid, SIGTERM);
  } catch (const std::exception&) {
    // not started or already gone
  }
  process_.stop();
  fs::remove(dir_ / "run/master.pid");
}

std::string DovecotServer::maildir(const std::string& user, const std::string& folder) const {
  // Dovecot's Maildir++ layout: INBOX at the root, other folders as ".Name".
  std::string root = dir_ / ("mail/" + user);
  return folder.empty() || folder == "INBOX" ? root : root + "/." + folder;
}

void DovecotServer::make_maildir(const std::string& path) const {
  auto [uid, gid] = dovecot_ids();
  for (const char* sub : {"", "/cur", "/new", "/tmp"}) {
    fs::create_directories(path + sub);
  }
  // Everything from mail/ down belongs to the mail user, as Dovecot expects.
  std::string mail_root = dir_ / "mail";
  if (chown(mail_root.c_str(), uid, gid) != 0) throw std::runtime_error("chown " + mail_root);
  for (const auto& entry : fs::recursive_directory_iterator(mail_root)) {
    if (lchown(entry.path().c_str(), uid, gid) != 0) {
      throw std::runtime_error("chown " + entry.path().string());
    }
  }
}

void DovecotServer::deliver(const std::string& user, const std::string& raw_message) {
  std::string box = maildir(user);
  make_maildir(box);
  auto [uid, gid] = dovecot_ids();
  std::string name = std::to_string(time(nullptr)) + ".P" + std::to_string(getpid()) + "Q" +
                     std::to_string(++deliveries_) + ".helpdesk-test";
  std::string tmp = box + "/tmp/" + name;
  write_file(tmp, raw_message);
  if (chown(tmp.c_str(), uid, gid) != 0) throw std::runtime_error("chown " + tmp);
  fs::rename(tmp, box + "/new/" + name);  // the maildir way: visible only once complete
}

std::size_t DovecotServer::count_on_disk(const std::string& user, const std::string& folder) const {
  std::size_t n = 0;
  for (const char* sub : {"/new", "/cur"}) {
    std::string path = maildir(user, folder) + sub;
    if (!fs::exists(path)) continue;
    for (const auto& entry : fs::directory_iterator(path)) n += entry.is_regular_file() ? 1 : 0;
  }
  return n;
}

}  // namespace helpdesk::mail::test
