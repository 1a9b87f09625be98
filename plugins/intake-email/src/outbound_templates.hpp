#pragma once
// Mail templates: default files templates/<name>.txt ("Subject: …", a blank line, the body),
// found next to the plugin's library, each part overridable in settings.templates; and the
// {placeholder} rendering.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "outbound_settings.hpp"

namespace intake_email {

// The placeholders a template may use.
inline constexpr std::string_view kPlaceholders[] = {
    "ticket.number",  "ticket.subject",  "ticket.status", "ticket.priority", "ticket.department",
    "recipient.name", "recipient.email", "message",       "author",          "url",
    "due_at",         "expires_at"};

// The templates folder beside the loaded plugin library (CMake copies it there), else the source
// tree's (INTAKE_EMAIL_TEMPLATE_DIR, for tests and uninstalled builds).
std::filesystem::path template_dir();

// A template file's text. Throws std::invalid_argument when the first line is not "Subject: …"
// or no blank line follows it.
MailTemplate parse_template(std::string_view text);

// Every template in kTemplates: the file in `dir`, with the settings' overrides applied. Throws
// std::invalid_argument naming the file when one is missing or malformed.
std::map<std::string, MailTemplate> load_templates(const std::filesystem::path& dir, const OutboundSettings& settings);

// Replaces each {name} whose name is in `values`; any other {word.word} stays as written and its
// name is added to `unknown` (once). Braces that do not enclose a placeholder-like name are text.
std::string render(std::string_view text, const std::map<std::string, std::string>& values,
                   std::vector<std::string>& unknown);

}  // namespace intake_email
