// The outbox's backoff: one minute, doubling, never more than an hour.
#include <gtest/gtest.h>

#include "outbound_outbox.hpp"

using intake_email::retry_delay_seconds;

TEST(OutboundRetry, BackoffDoublesFromAMinuteToAnHour) {
  EXPECT_EQ(retry_delay_seconds(1), 60);
  EXPECT_EQ(retry_delay_seconds(2), 120);
  EXPECT_EQ(retry_delay_seconds(3), 240);
  EXPECT_EQ(retry_delay_seconds(6), 1920);
  EXPECT_EQ(retry_delay_seconds(7), 3600);
  EXPECT_EQ(retry_delay_seconds(30), 3600);
  EXPECT_EQ(retry_delay_seconds(0), 60);
}
