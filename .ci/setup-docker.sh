#!/usr/bin/env bash
# Installs the real parts the Docker tests run against: a Docker engine, a local
# registry, busybox-static (test images are built FROM scratch with it, never pulled
# from Docker Hub), an sshd for the ssh:// connection, and Compose v2.
# The tests start and stop the daemons themselves (test/global/docker-engine.ts).
set -euo pipefail

APT=(apt-get -o DPkg::Lock::Timeout=300)
export DEBIAN_FRONTEND=noninteractive

"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends \
  docker.io docker-registry busybox-static openssh-server openssh-client >/dev/null

# docker.io and docker-registry ship systemd/sysv units; nothing runs them here (no init),
# and the tests start their own daemons with their own data directories.

# Compose v2: bookworm only has v1 (docker-compose 1.29). Debian trixie's docker-compose
# package (Compose v2, a static Go binary) runs on bookworm; fetch that one .deb with a
# private apt configuration so the machine's sources stay as they are.
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins
if ! [ -x "$PLUGIN_DIR/docker-compose" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  chmod 755 "$work"  # apt drops to the _apt user for downloads
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  # the same Debian mirror this machine's apt already uses, one release ahead
  mirror=$( { grep -hoE '^(URIs:|deb) +(\[[^]]*\] +)?https?://[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
    | grep -oE 'https?://[^ ]+' | { grep -v -- '-security' || true; } | head -n 1)
  [ -n "$mirror" ] || { echo "setup-docker: no Debian mirror found in the apt sources" >&2; exit 1; }
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" >"$work/sources.list"
  private=(-o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
           -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache")
  "${APT[@]}" "${private[@]}" update -qq
  (cd "$work" && "${APT[@]}" "${private[@]}" download docker-compose >/dev/null)
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
  mkdir -p "$PLUGIN_DIR"
  install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$PLUGIN_DIR/docker-compose"
fi

echo "docker: $(/usr/bin/docker --version)"
echo "compose: $("$PLUGIN_DIR/docker-compose" version)"
echo "registry: $(command -v docker-registry)"
echo "sshd: $(command -v sshd || echo /usr/sbin/sshd)"

# The test sshd's remote user: /bin/sh and no rc files, in the docker group (test/helpers/docker-engine.ts).
getent group docker >/dev/null || groupadd docker
id -u webhook-proxy-test >/dev/null 2>&1 || useradd --system --shell /bin/sh --home-dir /nonexistent --no-create-home --groups docker --password '*' webhook-proxy-test  # '*': sshd refuses locked ('!') accounts
