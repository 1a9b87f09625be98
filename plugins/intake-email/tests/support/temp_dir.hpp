#pragma once
// A private directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
#include <string>

namespace helpdesk::mail::test {

class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "helpdesk-mail");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Whole file as bytes; throws std::runtime_error naming the file when it cannot be read.
std::string read_file(const std::string& path);
// Writes (replaces) a file; throws std::runtime_error naming the file on failure.
void write_file(const std::string& path, const std::string& content);

}  // namespace helpdesk::mail::test
