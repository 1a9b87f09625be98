// Fuzz target ticket_json: the input is the body of POST /api/tickets.json, parsed as the route
// does (Request::json_body, then parse_ticket_request), once with the default settings and once
// with tight limits. helpdesk::Error (a 400) is the expected answer to bad input; any other
// exception escaping, a crash or UB is a bug, and so is an accepted ticket that breaks the
// promises of ticket_request.hpp.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <helpdesk/error.hpp>
#include <helpdesk/http.hpp>

#include "settings.hpp"
#include "fuzz_check.hpp"
#include "ticket_request.hpp"

namespace {

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos; }

bool has_control(std::string_view s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

void check_accepted(const intake_api::TicketRequest& request, const intake_api::Settings& settings) {
  const helpdesk::NewTicket& t = request.ticket;
  FUZZ_CHECK(intake_api::is_valid_email(t.requester.email), "accepted an invalid requester email");
  FUZZ_CHECK(!t.requester.name.empty(), "accepted without a requester name");
  FUZZ_CHECK(!blank(t.subject) && !has_control(t.subject), "accepted a blank or multi-line subject");
  FUZZ_CHECK(!blank(t.body), "accepted a blank message");
  FUZZ_CHECK(t.body.size() <= settings.max_message_bytes, "accepted a message over max_message_bytes");
  FUZZ_CHECK(t.body_format == "text" || t.body_format == "html", "a body format other than text/html");
  FUZZ_CHECK(t.source == "API" || t.source == "Email" || t.source == "Web" || t.source == "Phone" ||
                 t.source == "Other",
             "a source outside the documented set");
  FUZZ_CHECK(t.attachments.size() <= settings.max_attachments, "accepted more than max_attachments");
  for (const auto& a : t.attachments) {
    FUZZ_CHECK(!a.filename.empty() && a.filename.size() <= 255, "an attachment name empty or over 255 bytes");
    FUZZ_CHECK(a.filename.find_first_of("/\\") == std::string::npos, "an attachment name with a directory");
    FUZZ_CHECK(!has_control(a.filename), "an attachment name with control characters");
    FUZZ_CHECK(!a.content_type.empty() && !has_control(a.content_type),
               "an attachment content type unfit for a header");
  }
}

void parse_with(const nlohmann::json& body, const intake_api::Settings& settings) {
  try {
    check_accepted(intake_api::parse_ticket_request(body, settings), settings);
  } catch (const helpdesk::Error& e) {
    FUZZ_CHECK(e.status() == 400, "a rejection that is not a 400");
    FUZZ_CHECK(!e.code().empty(), "a rejection without an error code");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  helpdesk::http::Request request;
  request.body.assign(reinterpret_cast<const char*>(data), size);
  nlohmann::json body;
  try {
    body = request.json_body();
  } catch (const helpdesk::Error& e) {
    FUZZ_CHECK(e.code() == "invalid_json", "malformed JSON rejected with another code");
    return 0;
  }  // (seed big_numbers.json: "1e999" once escaped as out_of_range and answered 500; now 400)
  parse_with(body, intake_api::Settings{});
  intake_api::Settings tight;
  tight.max_attachments = 1;
  tight.max_message_bytes = 64;
  parse_with(body, tight);
  return 0;
}
