#pragma once
// `helpdeskd pipe [--account NAME] [--department KEY] [--topic KEY] < message`: one message from an
// MTA's |command delivery, answered with the sysexits codes MTAs understand.
#include <helpdesk/commands.hpp>

#include "inbound_process.hpp"

namespace intake_email {

// sysexits.h values, as osTicket's pipe uses them.
enum PipeExit : int {
  exit_ok = 0,
  exit_dataerr = 65,   // unusable message that could not even be quarantined
  exit_noinput = 66,   // bad request (wrong options)
  exit_unavailable = 69,
  exit_tempfail = 75,  // try again later
  exit_noperm = 77,    // banned sender
};

int run_pipe(helpdesk::CommandContext& ctx, const InboundSettings& settings, Processor& processor);

}  // namespace intake_email
