#include "common_settings.hpp"

#include <stdexcept>

namespace intake_email {

CommonSettings CommonSettings::from_json(const nlohmann::json& s) {
  CommonSettings c;
  c.instance_id = s.value("instance_id", c.instance_id);
  c.secret = s.value("secret", c.secret);
  c.message_id_domain = s.value("message_id_domain", c.message_id_domain);
  c.subject_token = s.value("subject_token", c.subject_token);
  if (c.instance_id.empty() || c.instance_id.find_first_of(" \t\r\n") != std::string::npos)
    throw std::invalid_argument("instance_id must be one word (it goes into the X-Helpdesk-Loop header)");
  if (c.message_id_domain.empty() || c.message_id_domain.find_first_of(" <>@\t\r\n") != std::string::npos)
    throw std::invalid_argument("message_id_domain must be a domain name such as help.example.com");
  if (c.subject_token.find("{number}") == std::string::npos)
    throw std::invalid_argument("subject_token must contain {number}, e.g. \"[#{number}]\"");
  if (!c.secret.empty() && c.secret.size() < 16)
    throw std::invalid_argument("secret must be at least 16 characters (or empty to generate one)");
  return c;
}

std::string CommonSettings::token_for(const std::string& number) const {
  std::string out = subject_token;
  out.replace(out.find("{number}"), 8, number);
  return out;
}

}  // namespace intake_email
