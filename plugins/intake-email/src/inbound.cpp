// Placeholder until the inbound side lands (replaced by inbound_*.cpp).
#include "inbound.hpp"

namespace intake_email {

struct Inbound::Impl {};

Inbound::Inbound(helpdesk::Host&, const CommonSettings&, helpdesk::Database&, const MessageIds&)
    : impl_(std::make_unique<Impl>()) {}
Inbound::~Inbound() = default;
void Inbound::start() {}
void Inbound::stop() {}
nlohmann::json Inbound::health() const { return nlohmann::json::object(); }

}  // namespace intake_email
