#pragma once
// GMime plumbing shared by the parser files: one-time initialisation and owning pointers.
#include <memory>
#include <string>

#include <gmime/gmime.h>

namespace helpdesk::mail::detail {

// Initialises GMime exactly once per process (g_mime_init is not thread-safe itself).
void ensure_gmime();

struct GObjectUnref {
  void operator()(gpointer p) const {
    if (p) g_object_unref(p);
  }
};
template <class T>
using GPtr = std::unique_ptr<T, GObjectUnref>;

struct GFree {
  void operator()(gpointer p) const { g_free(p); }
};
using GString = std::unique_ptr<char, GFree>;

// Copies a C string that may be null into a std::string.
inline std::string str_or_empty(const char* s) { return s ? std::string(s) : std::string(); }

// The decoded bytes of a leaf part: transfer encoding (base64, quoted-printable, uuencode) undone,
// charset untouched.
std::string part_bytes(GMimePart* part);

// A whole object (e.g. a message/rfc822 part's message) serialised back to RFC 5322 text.
std::string object_text(GMimeObject* object);

}  // namespace helpdesk::mail::detail
