#!/usr/bin/env bash
# The "Lint" step of action.yml: lint, annotate, optionally write SARIF.
# The test suite runs this same script with the same variables
# (tests/test_action.py), so what is tested is what the action runs.
#
# Inputs (action.yml maps its inputs to these variables):
#   INPUT_PATHS       files or folders, separated by spaces or newlines (default ".")
#   INPUT_FORMAT      report format for the log (default "github": annotations)
#   INPUT_FAIL_ON     error | warning | info | never (default: the configuration's, else error)
#   INPUT_CONFIG      configuration file (default: found from the working directory upwards)
#   INPUT_BASELINE    baseline file: report only findings not recorded in it
#   INPUT_SARIF_FILE  also write a SARIF report here (for github/codeql-action/upload-sarif)
#   INPUT_ARGS        more oaslint options, split on blanks
#   INPUT_STEP_SUMMARY  "true" (default): append the compliance report (Markdown) to
#                     GITHUB_STEP_SUMMARY when the runner sets it
# Also: OASLINT (the command, default "oaslint"), OASLINT_DOCS_URL (rule pages for SARIF
# helpUri). When OASLINT_DOCS_URL is unset it is derived from OASLINT_ACTION_REPOSITORY and
# OASLINT_ACTION_REF, or, since GitHub leaves github.action_repository/action_ref empty
# inside composite actions (actions/runner#2525), from OASLINT_ACTION_PATH, which for a
# remote action is .../_actions/OWNER/REPO/REF.
set -uo pipefail

oaslint="${OASLINT:-oaslint}"
read -r -a paths <<< "$(printf '%s' "${INPUT_PATHS:-.}" | tr '\n' ' ')"
if [ "${#paths[@]}" -eq 0 ]; then
  paths=(.)
fi

common=()
if [ -n "${INPUT_CONFIG:-}" ]; then common+=(--config "$INPUT_CONFIG"); fi
if [ -n "${INPUT_BASELINE:-}" ]; then common+=(--baseline "$INPUT_BASELINE"); fi
if [ -n "${INPUT_ARGS:-}" ]; then
  read -r -a extra <<< "$INPUT_ARGS"
  common+=("${extra[@]}")
fi

repo="${OASLINT_ACTION_REPOSITORY:-}"
ref="${OASLINT_ACTION_REF:-}"
if [ -z "$repo" ] || [ -z "$ref" ]; then
  case "${OASLINT_ACTION_PATH:-}" in
    */_actions/*/*/*)
      rest="${OASLINT_ACTION_PATH#*/_actions/}"
      owner="${rest%%/*}"
      rest="${rest#*/}"
      repo="$owner/${rest%%/*}"
      ref="${rest#*/}"
      ;;
  esac
fi
if [ -z "${OASLINT_DOCS_URL:-}" ] && [ -n "$repo" ] && [ -n "$ref" ]; then
  export OASLINT_DOCS_URL="${GITHUB_SERVER_URL:-https://github.com}/$repo/blob/$ref/rules"
fi

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  # The SARIF report never fails the step: the annotated run below decides.
  "$oaslint" --format sarif --output "$INPUT_SARIF_FILE" --fail-on never "${common[@]}" \
    -- "${paths[@]}"
  status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
    exit "$status"
  fi
  echo "oaslint: SARIF report written to $INPUT_SARIF_FILE"
fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "${INPUT_STEP_SUMMARY:-true}" = "true" ]; then
  # The compliance report (Markdown) on the job's summary page; never fails the step.
  "$oaslint" --format compliance --fail-on never "${common[@]}" -- "${paths[@]}" \
    >> "$GITHUB_STEP_SUMMARY"
  status=$?
  if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
    exit "$status"
  fi
fi

args=(--format "${INPUT_FORMAT:-github}")
if [ -n "${INPUT_FAIL_ON:-}" ]; then args+=(--fail-on "$INPUT_FAIL_ON"); fi
"$oaslint" "${args[@]}" "${common[@]}" -- "${paths[@]}"
