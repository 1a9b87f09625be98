#include "kernel/storage/database.hpp"

#include <algorithm>
#include <system_error>

#include "kernel/storage/database_impl.hpp"
#include "kernel/storage/sqlite_error.hpp"

namespace helpdesk::kernel {

namespace {

// The databases whose read() is running on this thread, innermost last.
// (void: Impl is private to SqliteDatabase, and only its address matters here.)
thread_local std::vector<const void*> reads_in_progress;

struct ReadInProgress {
  explicit ReadInProgress(const void* database) { reads_in_progress.push_back(database); }
  ~ReadInProgress() { reads_in_progress.pop_back(); }
};

const std::filesystem::path& with_folder(const std::filesystem::path& file) {
  if (file.empty()) throw storage_unavailable("no database file configured");
  if (file.has_parent_path()) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) {
      throw storage_unavailable("cannot create the folder of database " + file.string() + ": " +
                                error.message());
    }
  }
  return file;
}

}  // namespace

SqliteDatabase::Impl::Impl(DatabaseOptions opts)
    : options(std::move(opts)),
      writer_connection(with_folder(options.file), SqliteConnection::Mode::writer, options.busy_timeout_ms),
      readers(options.file, options.read_connections, options.busy_timeout_ms),
      writer(writer_connection, options.max_batch) {}

void SqliteDatabase::Impl::refuse_nested(const char* call) const {
  if (writer.on_writer_thread()) {
    throw Error(500, "storage_error",
                std::string(call) + "() called from inside a write job: it would wait for its own "
                "transaction; do all the work in the one job");
  }
  const auto* self = static_cast<const void*>(this);
  if (std::find(reads_in_progress.begin(), reads_in_progress.end(), self) != reads_in_progress.end()) {
    throw Error(500, "storage_error",
                std::string(call) + "() called from inside a read of the same database: it could "
                "wait for a reader it holds itself; finish the read first");
  }
}

SqliteDatabase::SqliteDatabase(DatabaseOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

SqliteDatabase::~SqliteDatabase() = default;

void SqliteDatabase::write(const std::function<void(Sql&)>& fn) {
  impl_->refuse_nested("write");
  impl_->writer.run([&fn](SqliteConnection& connection) { fn(connection); });
}

void SqliteDatabase::read(const std::function<void(Sql&)>& fn) {
  impl_->refuse_nested("read");
  ReadInProgress mark(impl_.get());
  impl_->readers.run(fn);
}

SqliteDatabase::Stats SqliteDatabase::stats() const {
  return Stats{impl_->writer.commits(), impl_->writer.jobs()};
}

const std::filesystem::path& SqliteDatabase::file() const { return impl_->options.file; }

}  // namespace helpdesk::kernel
