#pragma once
// The plugin ABI version. The loader reads the exported integer `helpdesk_sdk_abi` from a plugin
// before it calls any C++ and refuses any value but this one. Bump it whenever a declaration in
// sdk/include changes (tests/kernel/sdk_abi_test.cpp hashes the headers and fails until you do,
// then update sdk/abi.lock with `tools/update-abi-lock`).
#define HELPDESK_SDK_ABI 4
