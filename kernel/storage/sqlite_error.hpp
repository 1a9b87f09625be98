#pragma once
// Turns SQLite result codes into helpdesk::Error so that storage failures reach HTTP as the
// statuses DESIGN promises: 409 for constraint violations (the caller's data clashes), 503 when
// the storage itself is unavailable (locked, full, I/O), 500 for everything else (our bug).
#include <string>
#include <string_view>

#include <helpdesk/error.hpp>

struct sqlite3;

namespace helpdesk::kernel {

// `message` is SQLite's; `sql` (cut to 80 characters) says which statement failed.
Error sqlite_error(int result_code, const std::string& message, std::string_view sql);
// The error currently recorded on `db`.
Error sqlite_error(sqlite3* db, int result_code, std::string_view sql);

inline Error storage_unavailable(const std::string& message) {
  return Error(503, "storage_unavailable", message);
}

}  // namespace helpdesk::kernel
