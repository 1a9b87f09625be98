#pragma once
// The kernel's event bus: one delivery thread, events in publish order, subscribers tagged by
// owner (a plugin instance) so a failed start can be rolled back.
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/logger.h>

#include <helpdesk/events.hpp>

namespace helpdesk::kernel {

class KernelEventBus {
 public:
  explicit KernelEventBus(std::shared_ptr<spdlog::logger> log);
  ~KernelEventBus();

  void subscribe(const std::string& name, std::function<void(const Event&)> handler, const std::string& owner);
  void remove_owner(const std::string& owner);
  void publish(Event event);
  // Delivers everything queued so far, then stops the thread. Later publishes are dropped.
  void stop();
  // Blocks until every event queued before the call is delivered (tests, shutdown).
  void flush();
  std::uint64_t delivered() const;

 private:
  struct Subscription {
    std::string name, owner;
    std::function<void(const Event&)> handler;
  };
  void run();

  std::shared_ptr<spdlog::logger> log_;
  mutable std::mutex mutex_;
  std::condition_variable wake_, idle_;
  std::deque<Event> queue_;
  std::vector<std::shared_ptr<const Subscription>> subscriptions_;
  bool stopping_ = false;
  bool busy_ = false;
  std::uint64_t delivered_ = 0;
  std::thread thread_;
};

// The EventBus a plugin sees: subscriptions carry its instance name.
class OwnedEventBus : public EventBus {
 public:
  OwnedEventBus(KernelEventBus& bus, std::string owner, const bool& registration_open)
      : bus_(bus), owner_(std::move(owner)), open_(registration_open) {}
  void subscribe(std::string name, std::function<void(const Event&)> handler) override;
  void publish(Event event) override { bus_.publish(std::move(event)); }

 private:
  KernelEventBus& bus_;
  std::string owner_;
  const bool& open_;
};

// The EventBus the kernel's own services publish to.
class KernelEventPublisher : public EventBus {
 public:
  explicit KernelEventPublisher(KernelEventBus& bus) : bus_(bus) {}
  void subscribe(std::string name, std::function<void(const Event&)> handler) override {
    bus_.subscribe(name, std::move(handler), "kernel");
  }
  void publish(Event event) override { bus_.publish(std::move(event)); }

 private:
  KernelEventBus& bus_;
};

}  // namespace helpdesk::kernel
