// Placeholder until the outbound side lands (replaced by outbound_*.cpp).
#include "outbound.hpp"

namespace intake_email {

struct Outbound::Impl {};

Outbound::Outbound(helpdesk::Host&, const CommonSettings&, helpdesk::Database&, const MessageIds&)
    : impl_(std::make_unique<Impl>()) {}
Outbound::~Outbound() = default;
void Outbound::start() {}
void Outbound::stop() {}
nlohmann::json Outbound::health() const { return nlohmann::json::object(); }

}  // namespace intake_email
