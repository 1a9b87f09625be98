// The module entry of auth-local: exports the ABI version and the factory.
#include "auth_local_plugin.hpp"

HELPDESK_PLUGIN(auth_local::AuthLocalPlugin)
