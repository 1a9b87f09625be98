#pragma once
// What an SqliteDatabase holds; shared by database.cpp and migrations.cpp only.
#include "kernel/storage/database.hpp"
#include "kernel/storage/group_writer.hpp"
#include "kernel/storage/reader_pool.hpp"
#include "kernel/storage/sqlite_connection.hpp"

namespace helpdesk::kernel {

struct SqliteDatabase::Impl {
  explicit Impl(DatabaseOptions opts);

  // Throws Error 500 when the calling thread is inside a write job or a read of this database:
  // waiting there for the writer or a reader could wait for itself.
  void refuse_nested(const char* call) const;

  // Declaration order is construction order: the writer's connection creates the file and turns
  // on WAL before readers open it read-only; destruction runs backwards, so the writer drains
  // its queue first and its connection, closing last, checkpoints the WAL.
  DatabaseOptions options;
  SqliteConnection writer_connection;
  ReaderPool readers;
  GroupWriter writer;
};

}  // namespace helpdesk::kernel
