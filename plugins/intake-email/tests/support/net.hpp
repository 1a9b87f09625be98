#pragma once
// Loopback ports for test peers.
#include <chrono>

namespace helpdesk::mail::test {

// A port on 127.0.0.1 that was free a moment ago (bind :0, read, close). Another process may
// take it before the peer binds it, so peers retry their start with fresh ports.
int free_port();
// True once something accepts TCP connections on 127.0.0.1:port, false after `timeout`.
bool wait_for_port(int port, std::chrono::milliseconds timeout);
// True when nothing accepts on the port (after the peer stopped).
bool port_closed(int port);

}  // namespace helpdesk::mail::test
