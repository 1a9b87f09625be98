#include "support/certificates.hpp"

#include <sys/stat.h>

#include <stdexcept>
#include <vector>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

namespace helpdesk::mail::test {
namespace {

const char* const kOpenssl = "/usr/bin/openssl";

void openssl(const std::vector<std::string>& args, const std::string& dir) {
  std::vector<std::string> argv{kOpenssl};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string log = dir + "/openssl.log";
  if (run_program(argv, log) != 0) {
    throw std::runtime_error("openssl " + args.at(0) + " failed: " + read_file(log));
  }
}

void make_ca(const std::string& dir, const std::string& name, const std::string& cn) {
  openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + cn,
           "-keyout", dir + "/" + name + ".key", "-out", dir + "/" + name + ".pem", "-addext",
           "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"},
          dir);
}

}  // namespace

TestCertificates TestCertificates::generate(const std::string& dir) {
  make_ca(dir, "ca", "helpdesk test CA");
  make_ca(dir, "other-ca", "unrelated test CA");
  write_file(dir + "/server.ext",
             "basicConstraints=CA:FALSE\n"
             "keyUsage=digitalSignature,keyEncipherment\n"
             "extendedKeyUsage=serverAuth\n"
             "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  openssl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
           dir + "/server.key", "-out", dir + "/server.csr"},
          dir);
  openssl({"x509", "-req", "-in", dir + "/server.csr", "-CA", dir + "/ca.pem", "-CAkey",
           dir + "/ca.key", "-CAcreateserial", "-days", "2", "-extfile", dir + "/server.ext",
           "-out", dir + "/server.pem"},
          dir);
  // Peers that drop root (aiosmtpd) still read the key; it is a throw-away test key.
  chmod((dir + "/server.key").c_str(), 0644);
  return {dir + "/ca.pem", dir + "/server.pem", dir + "/server.key", dir + "/other-ca.pem"};
}

}  // namespace helpdesk::mail::test
