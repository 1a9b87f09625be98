#pragma once
// The permission matrix of tests/integration/permissions_test.cpp: one row per route (at least one
// per registered route; the test fails when a route has none, or a row names no route), one letter
// per actor. The letters are the INTENDED policy (docs/admin.md, section 15), not a recording.
//
//   A  allowed: the kernel's check let the request through; the handler may still answer 400, 404,
//      409, 429 or a 401/403 of its own such as invalid_credentials, wrong_password,
//      registration_closed or invalid_code (an answer about the input, not about the caller)
//   D  denied: 401/403 with unauthorized, forbidden, csrf_failed, session_expired,
//      second_factor_required or address_not_allowed
//
// Placeholders in a target or body: {n} a number unique to the request (new names), and in a
// target {throwaway-token} the name of a token made just before the request (so revoking it costs
// nothing) and {throwaway-ticket} a ticket made just before it (in support, by ada, like T1).
// Every session actor signs in afresh for each request (fixture-signin), so logout, logout-all
// and password changes cannot end a session a later request needs.
#include <string>
#include <vector>

namespace helpdesk::test::matrix {

// The actors, in column order. Spaces in a row's letters only group the columns, as here:
//   anonymous | guest, 4 end users | 7 agents | agent awaiting 2nd factor | 5 tokens | 2 API keys
struct ActorColumn {
  const char* short_name;  // the column header in the table below
  const char* name;
};
inline const std::vector<ActorColumn> actor_columns = {
    {"anon", "anonymous"},
    {"guest", "guest with T1's link (ada)"},
    {"ada", "user: T1's requester (Acme, shares)"},
    {"ben", "user: colleague, Acme shares"},
    {"dan", "user: colleague of cy, Beta does not share"},
    {"cy", "user: T2's requester (Beta)"},
    {"alice", "agent in support (T1, T2)"},
    {"bob", "agent of it only"},
    {"carol", "agent of it, extended viewer in support"},
    {"dave", "agent of it, member of team level-2 (T1)"},
    {"gus", "agent of it, T2 assigned to him"},
    {"erin", "manager of support (primary it)"},
    {"root", "admin (agent)"},
    {"mia", "agent of support awaiting the second factor"},
    {"t:r", "token tickets:read"},
    {"t:w", "token tickets:write"},
    {"u:r", "token users:read"},
    {"kb", "token kb:write"},
    {"adm", "token admin"},
    {"key", "API key, allowed address"},
    {"far", "API key, address not allowed"},
};

struct Ids {
  std::string t1, t2;  // T1: support, ada (Acme), team level-2, one attachment; T2: support, cy (Beta), agent gus
  std::string attachment;  // of T1
  std::string agent;       // a spare agent (PATCH sets its name to what it is)
  std::string user;        // a spare end user without organization (PATCH sets none again)
};

struct Row {
  std::string method, pattern;  // as GET /api/v1/system/routes lists it
  std::string target, body;
  std::string letters;  // one per actor column, spaces ignored
};

inline std::vector<Row> permission_rows(const Ids& id) {
  const std::string t1 = "/api/v1/tickets/" + id.t1, t2 = "/api/v1/tickets/" + id.t2;
  const std::string ticket = "/api/v1/tickets/{number}";
  const std::string code = R"({"code": "000000"})";
  // clang-format off
  // Letters: anon | guest ada ben dan cy | alice bob carol dave gus erin root | mia | t:r t:w u:r kb adm | key far
  return {
      // Public: everyone, whatever they send along.
      {"GET",    "/healthz", "/healthz", "",                                                 "A AAAAA AAAAAAA A AAAAA AA"},
      {"GET",    "/readyz",  "/readyz",  "",                                                 "A AAAAA AAAAAAA A AAAAA AA"},
      {"POST",   "/api/v1/auth/login", "/api/v1/auth/login",
                 R"({"email": "nobody@example.com", "password": "not-the-password"})",       "A AAAAA AAAAAAA A AAAAA AA"},
      {"POST",   "/api/v1/auth/guest", "/api/v1/auth/guest",
                 R"({"email": "ada@acme.example", "number": ")" + id.t1 + R"("})",          "A AAAAA AAAAAAA A AAAAA AA"},
      {"POST",   "/api/v1/auth/register", "/api/v1/auth/register",
                 R"({"email": "new{n}@example.org", "name": "New", "password": "a long new passphrase {n}"})",
                                                                                             "A AAAAA AAAAAAA A AAAAA AA"},
      {"POST",   "/api/v1/auth/register/confirm", "/api/v1/auth/register/confirm", R"({"token": "forged"})",
                                                                                             "A AAAAA AAAAAAA A AAAAA AA"},
      {"POST",   "/api/v1/auth/password-reset", "/api/v1/auth/password-reset",
                 R"({"email": "nobody@example.com"})",                                       "A AAAAA AAAAAAA A AAAAA AA"},
      {"POST",   "/api/v1/auth/password-reset/confirm", "/api/v1/auth/password-reset/confirm",
                 R"({"token": "not-a-reset-token", "password": "a long new passphrase"})",   "A AAAAA AAAAAAA A AAAAA AA"},

      // osTicket-style intake: an API key, from one of its addresses.
      {"POST",   "/api/tickets.json", "/api/tickets.json",
                 R"({"name": "Intake", "email": "intake{n}@example.net", "subject": "Intake {n}", "message": "Hello."})",
                                                                                             "D DDDDD DDDDDDD D DDDDD AD"},
      {"POST",   "/api/tickets.email", "/api/tickets.email",
                 "From: Intake <mail{n}@example.net>\r\nTo: support@example.com\r\nSubject: Mail {n}\r\n"
                 "Message-ID: <matrix-{n}@example.net>\r\n\r\nHello.\r\n",                   "D DDDDD DDDDDDD D DDDDD AD"},

      // The signed-in person: also while the second factor is pending; tokens have their own /me.
      {"GET",    "/api/v1/me", "/api/v1/me", "",                                             "D AAAAA AAAAAAA A ADDDA DD"},
      {"GET",    "/api/v1/auth/me", "/api/v1/auth/me", "",                                   "D AAAAA AAAAAAA A DDDDD DD"},
      {"POST",   "/api/v1/auth/logout", "/api/v1/auth/logout", "",                           "D AAAAA AAAAAAA A DDDDD DD"},
      // The account: not from a ticket link (it proves less than a password), not before the
      // second factor.
      {"POST",   "/api/v1/auth/logout-all", "/api/v1/auth/logout-all", "",                   "D DAAAA AAAAAAA D DDDDD DD"},
      {"POST",   "/api/v1/auth/password", "/api/v1/auth/password",
                 R"({"current": "not-the-password", "new": "a long new passphrase"})",       "D DAAAA AAAAAAA D DDDDD DD"},
      {"POST",   "/api/v1/auth/totp/enrol", "/api/v1/auth/totp/enrol", "",                   "D DAAAA AAAAAAA A DDDDD DD"},
      {"POST",   "/api/v1/auth/totp/activate", "/api/v1/auth/totp/activate", code,           "D DAAAA AAAAAAA A DDDDD DD"},
      {"POST",   "/api/v1/auth/totp/verify", "/api/v1/auth/totp/verify", code,               "D DAAAA AAAAAAA A DDDDD DD"},
      {"POST",   "/api/v1/auth/totp/recover", "/api/v1/auth/totp/recover", code,             "D DAAAA AAAAAAA A DDDDD DD"},
      {"DELETE", "/api/v1/auth/totp", "/api/v1/auth/totp", code,                             "D DAAAA AAAAAAA D DDDDD DD"},

      // The catalog: every signed-in person, tokens with tickets:read.
      {"GET",    "/api/v1/departments", "/api/v1/departments", "",                           "D AAAAA AAAAAAA D ADDDA DD"},
      {"GET",    "/api/v1/help-topics", "/api/v1/help-topics", "",                           "D AAAAA AAAAAAA D ADDDA DD"},
      {"GET",    "/api/v1/system/catalog", "/api/v1/system/catalog", "",                     "D AAAAA AAAAAAA D ADDDA DD"},

      // Tickets. The list is open to all who may see tickets at all (it holds only what each may see).
      {"GET",    "/api/v1/tickets", "/api/v1/tickets", "",                                   "D AAAAA AAAAAAA D ADDDA DD"},
      {"GET",    ticket, t1, "",                                                             "D AAADD ADAADAA D ADDDA DD"},
      {"GET",    ticket, t2, "",                                                             "D DDDDA ADADAAA D ADDDA DD"},
      {"GET",    ticket + "/attachments/{id}", t1 + "/attachments/" + id.attachment, "",     "D AAADD ADAADAA D ADDDA DD"},
      {"POST",   ticket + "/messages", t1 + "/messages", R"({"message": "from the user side"})",
                                                                                             "D AAADD DDDDDDD D DDDDD DD"},
      {"POST",   ticket + "/messages", t2 + "/messages", R"({"message": "from the user side"})",
                                                                                             "D DDDDA DDDDDDD D DDDDD DD"},
      {"POST",   ticket + "/notes", t1 + "/notes", R"({"message": "note"})",                 "D DDDDD ADDADAA D DADDA DD"},
      {"POST",   ticket + "/reply", t1 + "/reply", R"({"message": "reply"})",                "D DDDDD ADDADAA D DADDA DD"},
      {"POST",   ticket + "/reply", t2 + "/reply", R"({"message": "reply"})",                "D DDDDD ADDDAAA D DADDA DD"},
      {"PATCH",  ticket, t1, R"({"priority": "high"})",                                      "D DDDDD ADDADAA D DADDA DD"},
      // Deleting: ticket.delete (managers, admins; the agent role lacks it), admin tokens only.
      {"DELETE", ticket, "/api/v1/tickets/{throwaway-ticket}", "",                           "D DDDDD DDDDDAA D DDDDA DD"},
      // Merging a fresh ticket into T1: ticket.merge (managers, admins) on both, tokens tickets:write.
      {"POST",   ticket + "/merge", "/api/v1/tickets/{throwaway-ticket}/merge", R"({"into": ")" + id.t1 + R"("})",
                                                                                             "D DDDDD DDDDDAA D DADDA DD"},
      // A transfer to the department T1 is in, so later rows still find it there.
      {"POST",   ticket + "/transfer", t1 + "/transfer", R"({"department": "support"})",      "D DDDDD ADDADAA D DADDA DD"},
      {"POST",   ticket + "/assign", t1 + "/assign", R"({"team": "level-2"})",               "D DDDDD ADDADAA D DADDA DD"},
      // Each actor that may close T1 reopens it right after.
      {"POST",   ticket + "/close", t1 + "/close", "",                                       "D DDDDD ADDADAA D DADDA DD"},
      {"POST",   ticket + "/reopen", t1 + "/reopen", "",                                     "D DDDDD ADDADAA D DADDA DD"},

      // People: admins; finding users and organizations also with users:read.
      {"GET",    "/api/v1/agents", "/api/v1/agents", "",                                     "D DDDDD DDDDDDA D DDDDA DD"},
      {"GET",    "/api/v1/agents/{id}", "/api/v1/agents/" + id.agent, "",                    "D DDDDD DDDDDDA D DDDDA DD"},
      {"POST",   "/api/v1/agents", "/api/v1/agents",
                 R"({"email": "agent{n}@example.com", "name": "Agent {n}", "department": "it", "role": "agent"})",
                                                                                             "D DDDDD DDDDDDA D DDDDA DD"},
      {"PATCH",  "/api/v1/agents/{id}", "/api/v1/agents/" + id.agent, R"({"name": "Spare"})", "D DDDDD DDDDDDA D DDDDA DD"},
      {"GET",    "/api/v1/organizations", "/api/v1/organizations", "",                       "D DDDDD DDDDDDA D DDADA DD"},
      {"POST",   "/api/v1/organizations", "/api/v1/organizations", R"({"name": "Org {n}"})", "D DDDDD DDDDDDA D DDDDA DD"},
      {"GET",    "/api/v1/users", "/api/v1/users", "",                                       "D DDDDD DDDDDDA D DDADA DD"},
      {"PATCH",  "/api/v1/users/{id}", "/api/v1/users/" + id.user, R"({"organization": null})",
                                                                                             "D DDDDD DDDDDDA D DDDDA DD"},
      {"GET",    "/api/v1/tokens", "/api/v1/tokens", "",                                     "D DDDDD DDDDDDA D DDDDA DD"},
      {"POST",   "/api/v1/tokens", "/api/v1/tokens", R"({"name": "made-{n}", "scopes": ["tickets:read"]})",
                                                                                             "D DDDDD DDDDDDA D DDDDA DD"},
      {"DELETE", "/api/v1/tokens/{name}", "/api/v1/tokens/{throwaway-token}", "",            "D DDDDD DDDDDDA D DDDDA DD"},
      // An admin's reset of someone's authenticator (the spare agent has none: "reset": false).
      {"DELETE", "/api/v1/auth/totp/{kind}/{id}", "/api/v1/auth/totp/agent/" + id.agent, "", "D DDDDD DDDDDDA D DDDDA DD"},

      // The system: admins.
      {"GET",    "/api/v1/system/plugins", "/api/v1/system/plugins", "",                     "D DDDDD DDDDDDA D DDDDA DD"},
      {"GET",    "/api/v1/system/routes", "/api/v1/system/routes", "",                       "D DDDDD DDDDDDA D DDDDA DD"},
      {"GET",    "/api/v1/system/rules", "/api/v1/system/rules", "",                         "D DDDDD DDDDDDA D DDDDA DD"},
      {"POST",   "/api/v1/rules/dry-run", "/api/v1/rules/dry-run", R"({"number": ")" + id.t1 + R"("})",
                                                                                             "D DDDDD DDDDDDA D DDDDA DD"},
      {"GET",    "/api/v1/email/quarantine", "/api/v1/email/quarantine", "",                 "D DDDDD DDDDDDA D DDDDA DD"},
  };
  // clang-format on
}

}  // namespace helpdesk::test::matrix
