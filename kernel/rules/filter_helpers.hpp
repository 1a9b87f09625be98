#pragma once
// The helpers every filter sees as globals, in C++ for speed and charged to the call's budget:
// contains, contains_any, matches, domain_in, keywords, lower. (log comes with the sandbox.)
namespace helpdesk::kernel {

namespace lua {
class Sandbox;
}

void install_filter_helpers(lua::Sandbox& sandbox);

}  // namespace helpdesk::kernel
