#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include <helpdesk/error.hpp>

#include "core_fixture.hpp"

using namespace helpdesk;
using namespace helpdesk::kernel;

TEST(EventBus, DeliversInOrderToNamedAndWildcardSubscribers) {
  KernelEventBus bus(helpdesk::kernel::testing::quiet_logger());
  std::mutex m;
  std::vector<std::string> named, all;
  bus.subscribe("ticket.created", [&](const Event& e) {
    std::lock_guard lock(m);
    named.push_back(e.ticket_number);
  }, "a");
  bus.subscribe("*", [&](const Event& e) {
    std::lock_guard lock(m);
    all.push_back(e.name);
  }, "b");
  for (int i = 0; i < 50; ++i) bus.publish({"ticket.created", std::to_string(i), {}, {}, 0});
  bus.publish({"ticket.closed", "x", {}, {}, 0});
  bus.flush();
  std::lock_guard lock(m);
  ASSERT_EQ(named.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(named[i], std::to_string(i));
  EXPECT_EQ(all.size(), 51u);
}

TEST(EventBus, AThrowingSubscriberDoesNotStopOthers) {
  KernelEventBus bus(helpdesk::kernel::testing::quiet_logger());
  int delivered = 0;
  bus.subscribe("e", [](const Event&) { throw std::runtime_error("boom"); }, "bad");
  bus.subscribe("e", [&](const Event&) { ++delivered; }, "good");
  bus.publish({"e", "", {}, {}, 0});
  bus.flush();
  EXPECT_EQ(delivered, 1);
}

TEST(EventBus, RemoveOwnerAndClosedRegistration) {
  KernelEventBus bus(helpdesk::kernel::testing::quiet_logger());
  int delivered = 0;
  bus.subscribe("e", [&](const Event&) { ++delivered; }, "plugin");
  bus.remove_owner("plugin");
  bus.publish({"e", "", {}, {}, 0});
  bus.flush();
  EXPECT_EQ(delivered, 0);

  bool open = false;
  OwnedEventBus owned(bus, "late-plugin", open);
  EXPECT_THROW(owned.subscribe("e", [](const Event&) {}), Error);
}

TEST(EventBus, StopDeliversWhatWasQueued) {
  std::atomic<int> delivered{0};
  {
    KernelEventBus bus(helpdesk::kernel::testing::quiet_logger());
    bus.subscribe("e", [&](const Event&) { ++delivered; }, "x");
    for (int i = 0; i < 100; ++i) bus.publish({"e", "", {}, {}, 0});
    bus.stop();
  }
  EXPECT_EQ(delivered, 100);
}
