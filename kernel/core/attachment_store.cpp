#include "kernel/core/attachment_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <helpdesk/error.hpp>

#include "kernel/util/crypto.hpp"

namespace helpdesk::kernel {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  throw Error(503, "storage_unavailable", what + " " + path.string() + ": " + std::strerror(errno));
}

void fsync_path(const std::filesystem::path& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) fail("cannot open", path);
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("cannot fsync", path);
  }
  ::close(fd);
}

}  // namespace

AttachmentStore::AttachmentStore(std::filesystem::path root) : root_(std::move(root)) {
  std::filesystem::create_directories(root_);
}

std::filesystem::path AttachmentStore::path_for(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

std::string AttachmentStore::put(const std::string& data) {
  const auto sha = sha256_hex(data);
  const auto path = path_for(sha);
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) return sha;

  const bool created = std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) throw Error(503, "storage_unavailable", "cannot create " + path.parent_path().string() + ": " + ec.message());
  const auto tmp = path.string() + ".tmp." + random_hex(6);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) fail("cannot create", tmp);
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      fail("cannot write", tmp);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    ::unlink(tmp.c_str());
    fail("cannot fsync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    fail("cannot rename", path);
  }
  fsync_path(path.parent_path(), O_RDONLY | O_DIRECTORY);
  if (created) {  // new folders must be durable too, or the file could vanish with them
    fsync_path(path.parent_path().parent_path(), O_RDONLY | O_DIRECTORY);
    fsync_path(root_, O_RDONLY | O_DIRECTORY);
  }
  return sha;
}

std::optional<std::string> AttachmentStore::get(const std::string& sha256) const {
  if (sha256.size() != 64) return std::nullopt;
  std::ifstream in(path_for(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool AttachmentStore::has(const std::string& sha256) const {
  std::error_code ec;
  return sha256.size() == 64 && std::filesystem::exists(path_for(sha256), ec);
}

void AttachmentStore::remove(const std::string& sha256) {
  if (sha256.size() != 64) return;
  const auto path = path_for(sha256);
  std::error_code ec;
  if (std::filesystem::remove(path, ec)) fsync_path(path.parent_path(), O_RDONLY | O_DIRECTORY);
}

}  // namespace helpdesk::kernel
