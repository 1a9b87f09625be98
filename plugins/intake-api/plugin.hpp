#pragma once
// The intake-api plugin: osTicket-compatible ticket creation and the read-only REST API
// (routes.hpp). Settings in plugin.yaml; no tables of its own.
#include <memory>

#include <helpdesk/plugin.hpp>

#include "routes.hpp"

namespace intake_api {

class IntakeApiPlugin : public helpdesk::Plugin {
 public:
  void start(helpdesk::Host& host) override;
  // {"tickets_created": n, "requests_rejected": n} since start.
  nlohmann::json health() const override;

 private:
  std::shared_ptr<Stats> stats_ = std::make_shared<Stats>();
};

}  // namespace intake_api
