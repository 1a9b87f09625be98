#include "routes.hpp"

#include <algorithm>

#include "base32.hpp"
#include "qr_svg.hpp"
#include "totp.hpp"

namespace mfa_totp {
namespace {

using helpdesk::http::Access;
using helpdesk::http::Method;
using helpdesk::http::Request;
using helpdesk::http::Response;

helpdesk::Principal person(helpdesk::Host& host, const Request& request) {
  auto who = host.sessions().principal(request.actor);
  if (!who) throw helpdesk::unauthorized("sign in first");
  if (!who->only_ticket.empty()) throw helpdesk::forbidden("a ticket link cannot set up a second factor");
  return *who;
}

std::string code_of(const Request& request) {
  const auto body = request.json_body();
  if (!body.is_object() || !body.contains("code") || !body.at("code").is_string() ||
      body.at("code").get<std::string>().empty())
    throw helpdesk::bad_request("'code' is required (the 6 digits the app shows, or a recovery code)", "missing_field");
  return body.at("code").get<std::string>();
}

// Turns a refused outcome into its answer (429 with Retry-After when locked).
std::optional<Response> refused(const Request& request, const Outcome& outcome, const char* not_enrolled) {
  auto error = [&](int status, const char* code, const std::string& message) {
    return Response::json(status, {{"error", {{"code", code}, {"message", message}, {"request_id", request.request_id}}}});
  };
  switch (outcome.result) {
    case Outcome::ok: return std::nullopt;
    case Outcome::not_enrolled: return error(409, "not_enrolled", not_enrolled);
    case Outcome::wrong: return error(401, "invalid_code", "the code is wrong, expired or used already");
    case Outcome::locked: {
      auto r = error(429, "locked", "too many wrong codes; try again later");
      r.set_header("Retry-After", std::to_string(std::max<std::int64_t>(1, outcome.retry_after)));
      return r;
    }
  }
  return std::nullopt;
}

bool pending(const Request& request) {
  for (const auto& s : request.actor.scopes)
    if (s == "auth:second-factor-pending") return true;
  return false;
}

Response enrol(helpdesk::Host& host, TotpStore& store, const Settings& settings, const Request& request) {
  const auto who = person(host, request);
  const auto secret = store.begin_enrolment(who);
  if (!secret)
    throw helpdesk::Error(409, "already_enrolled", "an authenticator is already set up; remove it first (DELETE /api/v1/auth/totp)");
  const std::string b32 = base32_encode(*secret);
  const std::string uri = otpauth_uri(settings.issuer, who.email, b32);
  host.logger()->info("{} {} started TOTP enrolment", helpdesk::to_string(who.kind), who.id);
  auto r = Response::json(200, {{"secret", b32}, {"otpauth_uri", uri}, {"qr_svg", qr_svg(uri)}});
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response activate(helpdesk::Host& host, TotpStore& store, const Request& request) {
  const auto who = person(host, request);
  const auto outcome = store.activate(who, code_of(request));
  if (auto r = refused(request, outcome, "start with POST /api/v1/auth/totp/enrol")) return *r;
  if (pending(request)) host.sessions().complete_second_factor(request, "totp");
  host.logger()->info("{} {} activated TOTP", helpdesk::to_string(who.kind), who.id);
  auto r = Response::json(200, {{"activated", true}, {"recovery_codes", outcome.recovery_codes}});
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response verify(helpdesk::Host& host, TotpStore& store, const Request& request, bool recovery) {
  const auto who = person(host, request);
  const std::string code = code_of(request);
  const auto outcome = recovery ? store.recover(who, code) : store.verify(who, code);
  if (auto r = refused(request, outcome, "no authenticator is set up")) {
    host.logger()->info("{} {}: {} refused", helpdesk::to_string(who.kind), who.id, recovery ? "recovery code" : "TOTP code");
    return *r;
  }
  host.sessions().complete_second_factor(request, "totp");
  nlohmann::json body = {{"second_factor_complete", true}};
  if (recovery) body["recovery_codes_left"] = outcome.recovery_codes_left;
  return Response::json(200, body);
}

Response disable(helpdesk::Host& host, TotpStore& store, const Request& request) {
  const auto who = person(host, request);
  const auto outcome = store.disable(who, code_of(request));
  if (auto r = refused(request, outcome, "no authenticator is set up")) return *r;
  host.logger()->info("{} {} removed TOTP", helpdesk::to_string(who.kind), who.id);
  return Response::json(200, {{"disabled", true}});
}

}  // namespace

void add_routes(helpdesk::Host& host, TotpStore& store, const Settings& settings) {
  auto& router = host.router();
  const auto step = Access::person("").during_second_factor();
  constexpr std::size_t kBody = 4096;
  router.add({Method::post, "/api/v1/auth/totp/enrol", step,
              [&](const Request& r) { return enrol(host, store, settings, r); }, kBody});
  router.add({Method::post, "/api/v1/auth/totp/activate", step,
              [&](const Request& r) { return activate(host, store, r); }, kBody});
  router.add({Method::post, "/api/v1/auth/totp/verify", step,
              [&](const Request& r) { return verify(host, store, r, false); }, kBody});
  router.add({Method::post, "/api/v1/auth/totp/recover", step,
              [&](const Request& r) { return verify(host, store, r, true); }, kBody});
  router.add({Method::del, "/api/v1/auth/totp", Access::person(""),
              [&](const Request& r) { return disable(host, store, r); }, kBody});
}

}  // namespace mfa_totp
