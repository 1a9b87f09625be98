#pragma once
// Attachment bytes on disk, content-addressed: <root>/ab/cd/<sha256>. The same file attached
// twice is stored once. A file is written (temp + fsync + rename + fsync of the folder) before
// the row that names it is committed, so an acknowledged attachment is never missing; the row's
// transaction writes it again if a ticket deletion removed it in between (ticket_sql::insert_attachments).
#include <filesystem>
#include <optional>
#include <string>

namespace helpdesk::kernel {

class AttachmentStore {
 public:
  explicit AttachmentStore(std::filesystem::path root);

  // Stores `data` durably and returns its SHA-256 (hex).
  std::string put(const std::string& data);
  std::optional<std::string> get(const std::string& sha256) const;
  bool has(const std::string& sha256) const;
  // Removes the file (no error when it is gone). The caller makes sure no row names it: see
  // KernelTicketService::remove, which does this inside a write job, ordered with the inserts.
  void remove(const std::string& sha256);

 private:
  std::filesystem::path path_for(const std::string& sha256) const;
  std::filesystem::path root_;
};

}  // namespace helpdesk::kernel
