#!/usr/bin/env bash
# The benchmark's peers and load generator (bench/run.mjs): adnanh/webhook, the Go webhook server
# people pick today (Debian package `webhook`), compared side by side with webhook-proxy's execute
# row; and wrk, which costs less CPU per request than autocannon. The smoke run uses both when
# present; a local run without webhook skips its row and says so.
set -euo pipefail

APT=(apt-get -o DPkg::Lock::Timeout=300)
export DEBIAN_FRONTEND=noninteractive

"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends webhook wrk >/dev/null

echo "webhook: $(webhook -version 2>&1 | head -n 1)"
echo "wrk: $(command -v wrk)"
