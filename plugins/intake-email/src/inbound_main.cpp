// Inbound: wires settings, the processor, the pipe command, the routes and the poller together.
#include <stdexcept>

#include "inbound.hpp"
#include "inbound_pipe.hpp"
#include "inbound_poll.hpp"
#include "inbound_routes.hpp"

namespace intake_email {

struct Inbound::Impl {
  Impl(helpdesk::Host& h, const CommonSettings& common, helpdesk::Database& db, const MessageIds& ids)
      : host(h), settings(InboundSettings::from_json(h.settings())), processor(h, common, settings, db, ids),
        poller(h, settings, processor) {}
  helpdesk::Host& host;
  InboundSettings settings;
  Processor processor;
  Poller poller;
};

Inbound::Inbound(helpdesk::Host& host, const CommonSettings& common, helpdesk::Database& db, const MessageIds& ids) {
  try {
    impl_ = std::make_unique<Impl>(host, common, db, ids);
  } catch (const std::invalid_argument& e) {
    throw helpdesk::Error(400, "invalid_settings", std::string("intake-email: ") + e.what());
  }
}
Inbound::~Inbound() = default;

void Inbound::start() {
  auto& impl = *impl_;
  impl.host.commands().add({"pipe", "read one email on stdin (MTA |command delivery) and store it as a ticket or reply",
                            [&impl](helpdesk::CommandContext& ctx) { return run_pipe(ctx, impl.settings, impl.processor); }});
  add_inbound_routes(impl.host.router(), impl.settings, impl.processor);
  impl.poller.start();
}

void Inbound::stop() { impl_->poller.stop(); }

nlohmann::json Inbound::health() const { return {{"accounts", impl_->poller.health()}}; }

}  // namespace intake_email
