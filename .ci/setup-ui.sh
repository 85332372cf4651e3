#!/usr/bin/env bash
# Installs the real browser the deliveries page tests drive (test/ui/): Debian's Chromium,
# run through playwright-core at /usr/bin/chromium. Playwright's own browser downloads are
# never used (no network for them here, and Debian's build is the one CI has).
set -euo pipefail

APT=(apt-get -o DPkg::Lock::Timeout=300)
export DEBIAN_FRONTEND=noninteractive

if ! [ -x /usr/bin/chromium ]; then
  "${APT[@]}" update -qq
  # fonts-liberation: the screenshots in docs/images render with real glyphs, not boxes
  "${APT[@]}" install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
fi

echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo 'installed at /usr/bin/chromium')"
