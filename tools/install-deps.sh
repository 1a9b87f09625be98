#!/usr/bin/env bash
# Installs the Debian 12 packages helpdesk needs to build, run and test. Idempotent: asks apt
# only for what `dpkg -s` says is missing. Run as root (or with sudo available).
set -euo pipefail

packages=(
  cmake ninja-build g++ ccache pkg-config make
  libboost-dev libboost-filesystem-dev
  liblua5.4-dev libyaml-cpp-dev libspdlog-dev nlohmann-json3-dev libsqlite3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libsodium-dev libssl-dev libcurl4-openssl-dev libhowardhinnant-date-dev tzdata
  libgmime-3.0-dev libqrencode-dev
  dovecot-imapd dovecot-pop3d python3-aiosmtpd
  wrk curl procps python3 sqlite3 openssl
)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
