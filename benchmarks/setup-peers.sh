#!/usr/bin/env bash
# Install the peer linters used for side-by-side timings into benchmarks/.peers
# (from the npm registry; not committed). Redocly is the default peer: Spectral +
# OWASP took 163 s / 3.25 GB on stripe-spec3 here (shared/README.md).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p .peers
cd .peers
npm install --no-audit --no-fund --silent @redocly/cli@2 "$@"
echo "peers installed in $(pwd)/node_modules/.bin"
