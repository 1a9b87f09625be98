#include "gmime_support.hpp"

#include <mutex>

namespace helpdesk::mail::detail {

void ensure_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

namespace {

std::string take_bytes(GMimeStream* mem) {
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
  if (!array || array->len == 0) return {};
  return std::string(reinterpret_cast<const char*>(array->data), array->len);
}

}  // namespace

std::string part_bytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return {};
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  // write_to_stream decodes the transfer encoding the wrapper records.
  if (g_mime_data_wrapper_write_to_stream(content, out.get()) < 0) return {};
  return take_bytes(out.get());
}

std::string object_text(GMimeObject* object) {
  GPtr<GMimeStream> out(g_mime_stream_mem_new());
  if (g_mime_object_write_to_stream(object, nullptr, out.get()) < 0) return {};
  return take_bytes(out.get());
}

}  // namespace helpdesk::mail::detail
