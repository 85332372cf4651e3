#!/usr/bin/env bash
# The Lambda tests' real HTTP front: serverless@3 + serverless-offline turn HTTP requests into
# payload 2.0 events for the built handler. Installed outside the project (about 460 packages),
# so `npm ci` stays light; test/lambda/serverless-offline.test.ts finds it here.
set -euo pipefail
DIR="${WEBHOOK_PROXY_SERVERLESS_DIR:-/opt/webhook-proxy-serverless}"
if [ -x "$DIR/node_modules/.bin/serverless" ]; then
  echo "serverless-offline already in $DIR"
  exit 0
fi
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"webhook-proxy-serverless-offline","private":true}' > package.json
npm install --no-audit --no-fund --no-save serverless@3.40.0 serverless-offline@13.9.0
