// ${NAME} and ${NAME:-default} in config values.
#include "kernel/config/env_expand.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>

#include "tests/kernel/config/config_test_support.hpp"

namespace helpdesk::kernel {
namespace {

using config_detail::expand_env;
using ::testing::HasSubstr;
using testing::issue_at;
using testing::issues_for;
using testing::kMinimal;

config_detail::EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ExpandEnv, ReplacesSetVariables) {
  const auto env = fake_env({{"HOST", "db"}, {"PORT", "5432"}});
  const auto out = expand_env("${HOST}:${PORT}/x", env);
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(out.value, "db:5432/x");
}

TEST(ExpandEnv, DefaultWhenUnsetOrEmpty) {
  const auto env = fake_env({{"EMPTY", ""}, {"SET", "v"}});
  EXPECT_EQ(expand_env("${UNSET:-d1}", env).value, "d1");
  EXPECT_EQ(expand_env("${EMPTY:-d2}", env).value, "d2");
  EXPECT_EQ(expand_env("${SET:-d3}", env).value, "v");
  EXPECT_EQ(expand_env("${UNSET:-}", env).value, "");
  EXPECT_EQ(expand_env("${UNSET:-a:b-c}", env).value, "a:b-c");
  // Without a default an empty variable is kept empty (it is set).
  const auto empty = expand_env("[${EMPTY}]", env);
  EXPECT_TRUE(empty.errors.empty());
  EXPECT_EQ(empty.value, "[]");
}

TEST(ExpandEnv, MissingVariableIsAnError) {
  const auto out = expand_env("key-${NOPE}", fake_env({}));
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0],
            "environment variable 'NOPE' is not set (use ${NOPE:-default} for a default)");
}

TEST(ExpandEnv, LiteralDollarsAreKept) {
  const auto env = fake_env({{"X", "1"}});
  EXPECT_EQ(expand_env("cost $5 and $X and $", env).value, "cost $5 and $X and $");
  EXPECT_EQ(expand_env("$${X} is literal, ${X} is not", env).value, "${X} is literal, 1 is not");
  EXPECT_TRUE(expand_env("$$ stays $$", env).errors.empty());
  EXPECT_EQ(expand_env("$$ stays $$", env).value, "$$ stays $$");
}

TEST(ExpandEnv, MalformedReferences) {
  const auto env = fake_env({});
  EXPECT_THAT(expand_env("${OPEN", env).errors.at(0), HasSubstr("unterminated '${'"));
  EXPECT_THAT(expand_env("${1X}", env).errors.at(0), HasSubstr("invalid variable name"));
  EXPECT_THAT(expand_env("${}", env).errors.at(0), HasSubstr("invalid variable name"));
  EXPECT_THAT(expand_env("${A-B}", env).errors.at(0), HasSubstr("invalid variable name"));
}

TEST(ConfigEnv, ExpandedInValuesOfEveryType) {
  ::setenv("HD_TEST_LISTEN", "0.0.0.0:9090", 1);
  ::setenv("HD_TEST_THREADS", "7", 1);
  ::setenv("HD_TEST_DEMO", "true", 1);
  const Config c = testing::load_text(kMinimal + R"(server:
  listen: ${HD_TEST_LISTEN}
  io_threads: ${HD_TEST_THREADS}
  handler_threads: ${HD_TEST_UNSET_THREADS:-12}
demo: ${HD_TEST_DEMO}
teams:
  - key: t
    name: "Team ${HD_TEST_UNSET_NAME:-Alpha} costs $5"
)");
  ::unsetenv("HD_TEST_LISTEN");
  ::unsetenv("HD_TEST_THREADS");
  ::unsetenv("HD_TEST_DEMO");
  EXPECT_EQ(c.server.listen, "0.0.0.0:9090");
  EXPECT_EQ(c.server.io_threads, 7);
  EXPECT_EQ(c.server.handler_threads, 12);
  EXPECT_TRUE(c.demo);
  ASSERT_EQ(c.teams.size(), 1u);
  EXPECT_EQ(c.teams[0].name, "Team Alpha costs $5");
}

TEST(ConfigEnv, MissingVariableHasLineAndKey) {
  ::unsetenv("HD_TEST_NOT_SET");
  const auto issues = issues_for(kMinimal + R"(api_keys:
  - name: partner
    key: ${HD_TEST_NOT_SET}
    allowed_ips: [10.0.0.0/8]
)");
  const ConfigIssue issue = issue_at(issues, "api_keys[0].key");
  EXPECT_EQ(issue.line, 17);
  EXPECT_EQ(issue.message,
            "environment variable 'HD_TEST_NOT_SET' is not set "
            "(use ${HD_TEST_NOT_SET:-default} for a default)");
  EXPECT_EQ(issues.size(), 1u) << testing::dump(issues);
}

TEST(ConfigEnv, ExpandedValueIsStillValidated) {
  ::setenv("HD_TEST_BAD_THREADS", "many", 1);
  const auto issues = issues_for(kMinimal + "server:\n  io_threads: ${HD_TEST_BAD_THREADS}\n");
  ::unsetenv("HD_TEST_BAD_THREADS");
  const ConfigIssue issue = issue_at(issues, "server.io_threads");
  EXPECT_EQ(issue.line, 16);
  EXPECT_EQ(issue.message, "expected an integer, got 'many'");
}

}  // namespace
}  // namespace helpdesk::kernel
