// Fails when the SDK's declarations change without an ABI bump. The fingerprint is a SHA-256 of
// every header under sdk/include/helpdesk (not testing/) with comments and blank space removed,
// so documentation can be fixed freely. After a deliberate change: bump HELPDESK_SDK_ABI in
// sdk/include/helpdesk/abi.hpp, then run tools/update-abi-lock.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <helpdesk/abi.hpp>

#include "kernel/util/crypto.hpp"

namespace fs = std::filesystem;

namespace {

// Removes comments and all whitespace outside string and character literals.
std::string strip(const std::string& src) {
  std::string out;
  for (std::size_t i = 0; i < src.size(); ++i) {
    const char c = src[i];
    if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
      while (i < src.size() && src[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
      i = src.find("*/", i + 2);
      if (i == std::string::npos) break;
      ++i;
    } else if (c == '"' || c == '\'') {
      out += c;
      for (++i; i < src.size() && src[i] != c; ++i) {
        out += src[i];
        if (src[i] == '\\' && i + 1 < src.size()) out += src[++i];
      }
      if (i < src.size()) out += c;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      out += c;
    }
  }
  return out;
}

std::string fingerprint() {
  const fs::path root = fs::path(HELPDESK_SOURCE_DIR) / "sdk" / "include" / "helpdesk";
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const auto rel = fs::relative(e.path(), root).generic_string();
    if (e.is_regular_file() && e.path().extension() == ".hpp" && rel.rfind("testing/", 0) != 0) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::string all;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    all += fs::relative(f, root).generic_string() + ":" + strip(ss.str()) + "\n";
  }
  return helpdesk::kernel::sha256_hex(all);
}

}  // namespace

TEST(SdkAbi, StripRemovesCommentsAndSpaceButKeepsLiterals) {
  EXPECT_EQ(strip("int  a; // note\n/* block */ char b = ' '; const char* s = \"a // b\";"),
            "inta;charb=' ';constchar*s=\"a // b\";");
}

TEST(SdkAbi, DeclarationsMatchTheLockedAbi) {
  const fs::path lock = fs::path(HELPDESK_SOURCE_DIR) / "sdk" / "abi.lock";
  const std::string current = std::to_string(HELPDESK_SDK_ABI) + " " + fingerprint();
  if (std::getenv("HELPDESK_UPDATE_ABI_LOCK")) {
    std::ofstream(lock) << current << "\n";
    GTEST_SKIP() << "wrote " << lock;
  }
  std::ifstream in(lock);
  ASSERT_TRUE(in) << lock << " is missing; run tools/update-abi-lock";
  int locked_abi = 0;
  std::string locked_hash;
  in >> locked_abi >> locked_hash;
  const std::string hash = current.substr(current.find(' ') + 1);
  if (locked_abi == HELPDESK_SDK_ABI) {
    EXPECT_EQ(hash, locked_hash) << "the SDK's declarations changed but HELPDESK_SDK_ABI is still " << HELPDESK_SDK_ABI
                                 << ": bump it in sdk/include/helpdesk/abi.hpp, then run tools/update-abi-lock";
  } else {
    ADD_FAILURE() << "HELPDESK_SDK_ABI is " << HELPDESK_SDK_ABI << " but sdk/abi.lock records " << locked_abi
                  << ": run tools/update-abi-lock";
  }
}
