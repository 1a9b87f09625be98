// The example plugin of docs/plugins.md: a route, a setting, an event subscription.
#include <atomic>

#include <helpdesk/plugin.hpp>

namespace {

class Hello : public helpdesk::Plugin {
 public:
  void start(helpdesk::Host& host) override {
    const std::string greeting = host.settings().value("greeting", "Hello");
    host.router().add({helpdesk::http::Method::get, "/hello/{name}", helpdesk::http::Access::anyone(),
                       [this, greeting](const helpdesk::http::Request& request) {
                         return helpdesk::http::Response::json(
                             200, {{"message", greeting + ", " + request.path_param("name") + "!"},
                                   {"tickets_created", created_.load()}});
                       }});
    host.events().subscribe(helpdesk::events::ticket_created, [this](const helpdesk::Event&) { ++created_; });
    host.logger()->info("hello plugin started; greeting '{}'", greeting);
  }

  nlohmann::json health() const override { return {{"tickets_created", created_.load()}}; }

 private:
  std::atomic<int> created_{0};
};

}  // namespace

HELPDESK_PLUGIN(Hello)
