#!/usr/bin/env bash
# First step of action.yml: refuse unsupported runners clearly, and compute the pip
# cache key and folder for actions/cache.
#
# Supported runners: Linux and macOS (GitHub-hosted or self-hosted, bash available).
# Windows is not supported: the step fails with an error annotation saying so.
#
#   RUNNER_OS          set by the runner (Linux, macOS, Windows)
#   OASLINT_SOURCE     the action's folder (for its constraints file)
#   OASLINT_PY_VERSION the Python version setup-python installed (part of the key)
#   GITHUB_OUTPUT      where step outputs go: cache-dir, cache-key
set -euo pipefail

case "${RUNNER_OS:-$(uname -s)}" in
  Linux | macOS | Darwin) ;;
  Windows | MINGW* | MSYS* | CYGWIN*)
    echo "::error title=oaslint::the oaslint action supports Linux and macOS runners, not Windows; run it in a job with runs-on: ubuntu-latest (or macos-latest)"
    exit 1
    ;;
  *)
    echo "::error title=oaslint::unsupported runner OS '${RUNNER_OS:-}'; the oaslint action supports Linux and macOS"
    exit 1
    ;;
esac

source_dir="${OASLINT_SOURCE:?OASLINT_SOURCE must name the action folder}"
constraints="$source_dir/.github/action/constraints.txt"
if command -v sha256sum > /dev/null; then
  digest=$(cat "$constraints" "$source_dir/pyproject.toml" | sha256sum | cut -c1-16)
else
  digest=$(cat "$constraints" "$source_dir/pyproject.toml" | shasum -a 256 | cut -c1-16)
fi
cache_dir="${HOME:-/tmp}/.cache/oaslint-action-pip"
key="oaslint-pip-${RUNNER_OS:-unknown}-${RUNNER_ARCH:-unknown}-py${OASLINT_PY_VERSION:-unknown}-$digest"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "cache-dir=$cache_dir"
    echo "cache-key=$key"
  } >> "$GITHUB_OUTPUT"
fi
echo "oaslint: pip cache $cache_dir, key $key"
