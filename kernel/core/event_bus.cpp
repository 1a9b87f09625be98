#include "kernel/core/event_bus.hpp"

#include <helpdesk/error.hpp>

namespace helpdesk::kernel {

KernelEventBus::KernelEventBus(std::shared_ptr<spdlog::logger> log)
    : log_(std::move(log)), thread_([this] { run(); }) {}

KernelEventBus::~KernelEventBus() { stop(); }

void KernelEventBus::subscribe(const std::string& name, std::function<void(const Event&)> handler,
                               const std::string& owner) {
  std::lock_guard lock(mutex_);
  subscriptions_.push_back(std::make_shared<const Subscription>(Subscription{name, owner, std::move(handler)}));
}

void KernelEventBus::remove_owner(const std::string& owner) {
  std::unique_lock lock(mutex_);
  std::erase_if(subscriptions_, [&](const auto& s) { return s->owner == owner; });
  // A delivery in progress may still call the owner's handler: wait it out, so the caller may
  // destroy the owner afterwards. (Never called from a handler.)
  idle_.wait(lock, [&] { return !busy_ || std::this_thread::get_id() == thread_.get_id(); });
}

void KernelEventBus::publish(Event event) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    queue_.push_back(std::move(event));
  }
  wake_.notify_one();
}

void KernelEventBus::flush() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [&] { return (queue_.empty() && !busy_) || !thread_.joinable(); });
}

void KernelEventBus::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
  idle_.notify_all();
}

std::uint64_t KernelEventBus::delivered() const {
  std::lock_guard lock(mutex_);
  return delivered_;
}

void KernelEventBus::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping with nothing left
    Event event = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    auto subscriptions = subscriptions_;  // handlers run unlocked; a copy keeps them alive
    lock.unlock();
    for (const auto& s : subscriptions) {
      if (s->name != event.name && s->name != "*") continue;
      try {
        s->handler(event);
      } catch (const std::exception& e) {
        log_->error("event {} for ticket {}: subscriber of '{}' failed: {}", event.name, event.ticket_number, s->owner,
                    e.what());
      } catch (...) {
        log_->error("event {} for ticket {}: subscriber of '{}' threw a non-standard exception", event.name,
                    event.ticket_number, s->owner);
      }
    }
    lock.lock();
    busy_ = false;
    ++delivered_;
    idle_.notify_all();
  }
}

void OwnedEventBus::subscribe(std::string name, std::function<void(const Event&)> handler) {
  if (!open_) throw Error(500, "registration_closed", "plugin '" + owner_ + "' subscribed to events after start");
  bus_.subscribe(name, std::move(handler), owner_);
}

}  // namespace helpdesk::kernel
