#include "kernel/core/ticket_validation.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

#include <helpdesk/error.hpp>
#include <helpdesk/text.hpp>

namespace helpdesk::kernel {
namespace {

constexpr std::size_t max_subject = 1000;

using helpdesk::lower;

// A form value as text, or an Error naming the field.
std::string field_text(const FormField& field, const nlohmann::json& value) {
  auto invalid = [&](const std::string& why) {
    return bad_request("field '" + field.key + "' " + why, "invalid_field");
  };
  std::string text;
  if (value.is_string())
    text = value.get<std::string>();
  else if (value.is_number() || value.is_boolean())
    text = value.dump();
  else
    throw invalid("must be a string, number or boolean");

  if (field.type == "number") {
    static const std::regex number(R"(-?\d+(\.\d+)?)");
    if (!std::regex_match(text, number)) throw invalid("must be a number");
  } else if (field.type == "bool") {
    const auto t = lower(text);
    if (t == "true" || t == "1" || t == "yes") return "true";
    if (t == "false" || t == "0" || t == "no") return "false";
    throw invalid("must be true or false");
  } else if (field.type == "date") {
    static const std::regex date(R"(\d{4}-\d{2}-\d{2})");
    if (!std::regex_match(text, date)) throw invalid("must be a date YYYY-MM-DD");
  } else if (field.type == "choice") {
    if (std::find(field.choices.begin(), field.choices.end(), text) == field.choices.end()) {
      std::string list;
      for (const auto& c : field.choices) list += (list.empty() ? "" : ", ") + c;
      throw invalid("must be one of: " + list);
    }
  }
  return text;
}

}  // namespace

bool plausible_email(const std::string& email) {
  if (email.size() < 3 || email.size() > 254) return false;
  const auto at = email.find('@');
  if (at == 0 || at == std::string::npos || email.find('@', at + 1) != std::string::npos) return false;
  const auto domain = email.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  for (unsigned char c : email)
    if (c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == 0x7f) return false;
  return true;
}

ResolvedTicket resolve_new_ticket(const NewTicket& in, const Catalog& catalog) {
  ResolvedTicket out;
  if (in.requester.email.empty()) throw bad_request("'email' is required", "missing_field");
  if (!plausible_email(in.requester.email))
    throw bad_request("'email' is not a valid address: " + in.requester.email, "invalid_field");
  out.email = lower(in.requester.email);
  if (in.subject.empty()) throw bad_request("'subject' is required", "missing_field");
  if (in.subject.size() > max_subject)
    throw bad_request("'subject' is longer than " + std::to_string(max_subject) + " bytes", "invalid_field");
  if (in.body.empty()) throw bad_request("'message' is required", "missing_field");
  if (in.body_format != "text" && in.body_format != "html")
    throw bad_request("body format must be text or html", "invalid_field");

  const HelpTopic* topic = nullptr;
  if (in.topic_id) {
    topic = catalog.topic_by_id(*in.topic_id);
    if (!topic) throw bad_request("unknown help topic id " + std::to_string(*in.topic_id), "invalid_field");
  } else if (!in.topic.empty()) {
    topic = catalog.topic(in.topic);
    if (!topic) throw bad_request("unknown help topic '" + in.topic + "'", "invalid_field");
  }
  out.topic = topic ? topic->key : "";

  out.department = in.department.empty() ? catalog.department_for(topic) : in.department;
  if (!catalog.department(out.department))
    throw bad_request("unknown department '" + out.department + "'", "invalid_field");

  const Priority* priority = nullptr;
  if (in.priority_id) {
    priority = catalog.priority_by_id(*in.priority_id);
    if (!priority) throw bad_request("unknown priority id " + std::to_string(*in.priority_id), "invalid_field");
  } else if (!in.priority.empty()) {
    priority = catalog.priority(in.priority);
    if (!priority) throw bad_request("unknown priority '" + in.priority + "'", "invalid_field");
  } else {
    priority = catalog.priority(catalog.priority_for(topic));
  }
  if (!priority) throw bad_request("no default priority is configured", "invalid_field");
  out.priority = priority->key;
  out.priority_rank = priority->urgency;

  const auto* status = catalog.status(catalog.ticket_defaults().default_status);
  if (!status) status = catalog.first_status_in("open");
  if (!status) throw Error(500, "config_error", "no status with state 'open' is configured");
  out.status = status->key;

  if (!in.fields.is_object()) throw bad_request("custom fields must be an object", "invalid_field");
  const Form* form = catalog.form_for(topic);
  if (form) {
    for (const auto& field : form->fields) {
      auto it = in.fields.find(field.key);
      const bool empty = it == in.fields.end() || it->is_null() || (it->is_string() && it->get<std::string>().empty());
      if (empty) {
        if (field.required)
          throw bad_request("field '" + field.key + "' is required for help topic '" + topic->name + "'",
                            "missing_field");
        continue;
      }
      out.fields.emplace_back(field.key, field_text(field, *it));
    }
  }
  for (const auto& [key, value] : in.fields.items()) {
    const bool known = form && std::any_of(form->fields.begin(), form->fields.end(),
                                           [&](const FormField& f) { return f.key == key; });
    if (!known) out.ignored_fields.push_back(key);
  }
  return out;
}

}  // namespace helpdesk::kernel
