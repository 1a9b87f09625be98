#include "inbound_pipe.hpp"

#include <istream>
#include <ostream>

namespace intake_email {

namespace {

constexpr const char* usage =
    "usage: helpdeskd pipe [--config FILE] [--data DIR] [--account NAME] [--department KEY] [--topic KEY] < message\n";

// Reads at most `limit` + 1 bytes, so an oversized message is noticed without holding it all.
std::string read_bounded(std::istream& in, std::size_t limit) {
  std::string data;
  char buffer[65536];
  while (data.size() <= limit && in.read(buffer, sizeof buffer).gcount() > 0) {
    data.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (!in) break;
  }
  if (data.size() > limit + 1) data.resize(limit + 1);
  return data;
}

}  // namespace

int run_pipe(helpdesk::CommandContext& ctx, const InboundSettings& settings, Processor& processor) {
  Source source{"pipe", "", "", std::nullopt};
  const auto& args = ctx.args;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    if (a == "--help" || a == "-h") {
      ctx.out << usage;
      return exit_ok;
    }
    if ((a == "--account" || a == "--department" || a == "--topic") && i + 1 < args.size()) {
      const auto& v = args[++i];
      if (a == "--account") {
        const auto* account = settings.account(v);
        if (!account) {
          ctx.err << "helpdeskd pipe: no account named '" << v << "' in the intake-email settings\n";
          return exit_noinput;
        }
        source.department = account->department;
        source.topic = account->topic;
      } else if (a == "--department") {
        source.department = v;
      } else {
        source.topic = v;
      }
      continue;
    }
    ctx.err << "helpdeskd pipe: unexpected argument '" << a << "'\n" << usage;
    return exit_noinput;
  }
  try {
    const auto raw = read_bounded(ctx.in, settings.max_message_bytes);
    const auto result = processor.process(raw, source);
    switch (result.outcome) {
      case Outcome::ticket:
      case Outcome::reply:
      case Outcome::duplicate:
        ctx.out << result.ticket_number << "\n";
        return exit_ok;
      case Outcome::rejected:
        ctx.err << "helpdeskd pipe: refused: " << result.reason << "\n";
        return exit_noperm;
      case Outcome::ignored:
      case Outcome::quarantined:
        // Kept or deliberately dropped: not the MTA's problem.
        ctx.err << "helpdeskd pipe: " << to_string(result.outcome) << ": " << result.reason << "\n";
        return exit_ok;
    }
  } catch (const helpdesk::Error& e) {
    if (e.status() >= 400 && e.status() < 500 && e.status() != 409) {
      ctx.err << "helpdeskd pipe: unusable message: " << e.what() << "\n";
      return exit_dataerr;
    }
    ctx.err << "helpdeskd pipe: temporary failure, try again later: " << e.what() << "\n";
    return exit_tempfail;
  } catch (const std::exception& e) {
    ctx.err << "helpdeskd pipe: temporary failure, try again later: " << e.what() << "\n";
    return exit_tempfail;
  }
  return exit_tempfail;
}

}  // namespace intake_email
