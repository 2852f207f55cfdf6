#!/usr/bin/env bash
# Regenerates docs/timeline.png: the demo's story served (serve --demo) and Amazon's timeline photographed by
# headless Chromium, as of 2021-06-15. Needs Debian's chromium (apt-get install chromium) and the .NET SDK.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-5099}"
dotnet build src/EthicsLedger.Cli -v q -nologo >/dev/null
dotnet src/EthicsLedger.Cli/bin/Debug/net10.0/EthicsLedger.Cli.dll serve --demo --urls "http://127.0.0.1:$port" > /tmp/ethicsledger-screenshot.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  sleep 1
done
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,900 \
  --screenshot=docs/timeline.png "http://127.0.0.1:$port/organizations/amazon?asOf=2021-06-15" 2>/dev/null
echo "wrote docs/timeline.png"
