#!/usr/bin/env bash
# Install oaslint from the action's own checkout into a private virtual
# environment and put it on PATH for the following steps (the "Install" step
# of action.yml). Runner images refuse `pip install` into the system Python
# (PEP 668), hence the venv. Dependencies are installed at the exact versions
# of the constraints file committed with the action, so a pinned tag installs
# the same packages every time; pip's cache (restored by actions/cache) makes
# repeated installs fast.
#
#   OASLINT_SOURCE  folder to install from (action.yml passes github.action_path)
#   OASLINT_VENV    where to create the venv (default: $RUNNER_TEMP/oaslint-venv)
#   OASLINT_PYTHON  interpreter to create it with (action.yml: setup-python's, pinned)
#   PIP_CACHE_DIR   pip's cache (action.yml: the folder actions/cache restores)
set -euo pipefail

source_dir="${OASLINT_SOURCE:?OASLINT_SOURCE must name the folder to install from}"
venv="${OASLINT_VENV:-${RUNNER_TEMP:-/tmp}/oaslint-venv}"
python="${OASLINT_PYTHON:-python3}"
constraints="$source_dir/.github/action/constraints.txt"

"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  --constraint "$constraints" "$source_dir"
"$venv/bin/oaslint" --version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$venv/bin" >> "$GITHUB_PATH"
fi
