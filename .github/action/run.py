"""The "Lint" step of action.yml: lint ONCE, derive every output from that run.

One oaslint run prints the log format (annotations by default: most severe
first, capped, with a closing "N more findings" notice) and writes, with
``--report``, the SARIF file and the Markdown step summary from the same
result. The exit code is that run's. The test suite runs this same script with
the same variables (tests/test_action.py), so what is tested is what the action
runs. Standard library only: it runs on setup-python's interpreter.

Inputs (action.yml maps its inputs to these variables):
  INPUT_PATHS         files, folders or globs, separated by blanks or newlines, quoted
                      like a POSIX shell ('my specs/api.yaml'); a glob (``*``, ``?``,
                      ``[...]``, ``**``) is expanded here; its matches are treated like
                      scanned files (non-OpenAPI YAML/JSON skipped); a glob matching
                      nothing, or globs matching no OpenAPI document, are an error
                      (exit 2). Default ``.``.
  INPUT_FORMAT        report format for the log (default ``github``: annotations)
  INPUT_FAIL_ON       error | warning | info | never (default: the configuration's, else error)
  INPUT_CONFIG        configuration file (default: found from the working directory upwards)
  INPUT_BASELINE      baseline file: report only findings not recorded in it
  INPUT_SARIF_FILE    also write a SARIF report here (for github/codeql-action/upload-sarif)
  INPUT_STEP_SUMMARY  ``true`` (default): write the Markdown summary to $GITHUB_STEP_SUMMARY
  INPUT_ARGS          more oaslint options, quoted like a POSIX shell (never evaluated)
Also: OASLINT (the command, default ``oaslint``), OASLINT_DOCS_URL (rule pages for
SARIF helpUri and summary links). When OASLINT_DOCS_URL is unset it is derived from
OASLINT_ACTION_REPOSITORY and OASLINT_ACTION_REF, or, since GitHub leaves
github.action_repository/action_ref empty inside composite actions
(actions/runner#2525), from OASLINT_ACTION_PATH, which for a remote action is
.../_actions/OWNER/REPO/REF.
"""

from __future__ import annotations

import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile

SCAN_SUFFIXES = (".yaml", ".yml", ".json")


class InputError(Exception):
    """An input the action cannot use (exit 2 with an error annotation)."""


def _words(name: str, text: str) -> list[str]:
    try:
        return shlex.split(text, comments=False, posix=True)
    except ValueError as exc:  # "No closing quotation"
        raise InputError(f"{name}: {exc} in {text!r}") from None


def expand_paths(text: str) -> tuple[list[str], bool]:
    """The paths of INPUT_PATHS, globs expanded; and whether a glob was expanded."""
    paths: list[str] = []
    globbed = False
    for word in _words("paths", text) or ["."]:
        if os.path.lexists(word) or not glob.has_magic(word):
            paths.append(word)
            continue
        matches = sorted(
            m
            for m in glob.glob(word, recursive=True)
            if os.path.isdir(m) or m.lower().endswith(SCAN_SUFFIXES)
        )
        if not matches:
            raise InputError(
                f"paths: {word!r} matches no folder and no *.yaml, *.yml or *.json file"
            )
        paths.extend(matches)
        globbed = True
    return paths, globbed


def docs_url() -> str | None:
    if os.environ.get("OASLINT_DOCS_URL"):
        return os.environ["OASLINT_DOCS_URL"]
    repo = os.environ.get("OASLINT_ACTION_REPOSITORY", "")
    ref = os.environ.get("OASLINT_ACTION_REF", "")
    if not repo or not ref:
        path = os.environ.get("OASLINT_ACTION_PATH", "").replace("\\", "/")
        if "/_actions/" in path:
            parts = path.split("/_actions/", 1)[1].split("/", 2)
            if len(parts) == 3 and all(parts):
                repo, ref = f"{parts[0]}/{parts[1]}", parts[2]
    if repo and ref:
        server = os.environ.get("GITHUB_SERVER_URL") or "https://github.com"
        return f"{server}/{repo}/blob/{ref}/rules"
    return None


def command(summary_file: str | None, json_file: str) -> tuple[list[str], bool]:
    """The oaslint command line, and whether a glob was expanded."""
    env = os.environ
    paths, globbed = expand_paths(env.get("INPUT_PATHS", ""))
    cmd = [env.get("OASLINT") or "oaslint", "--format", env.get("INPUT_FORMAT") or "github"]
    if env.get("INPUT_FAIL_ON"):
        cmd += ["--fail-on", env["INPUT_FAIL_ON"]]
    if env.get("INPUT_CONFIG"):
        cmd += ["--config", env["INPUT_CONFIG"]]
    if env.get("INPUT_BASELINE"):
        cmd += ["--baseline", env["INPUT_BASELINE"]]
    if env.get("INPUT_SARIF_FILE"):
        cmd += ["--report", f"sarif={env['INPUT_SARIF_FILE']}"]
    if summary_file:
        # the counts first, then the compliance report per standard (same run)
        cmd += ["--report", f"markdown={summary_file}"]
        cmd += ["--report", f"compliance={summary_file}.compliance"]
    if globbed:
        # Files a glob matched are like files a folder scan found: other YAML and
        # JSON (CI files, fragments of a multi-file spec) are skipped, not errors;
        # the JSON report then tells whether anything was linted at all.
        cmd += ["--skip-non-openapi", "--report", f"json={json_file}"]
    cmd += _words("args", env.get("INPUT_ARGS", ""))
    return [*cmd, "--", *paths], globbed


def linted_nothing(json_file: str) -> bool:
    try:
        with open(json_file, encoding="utf-8") as fh:
            report = json.load(fh)
        return report["summary"]["files"] == 0 and not report["errors"]
    except (OSError, ValueError, KeyError, TypeError):
        return False


def main() -> int:
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    want_summary = os.environ.get("INPUT_STEP_SUMMARY", "true").strip().lower() != "false"
    summary_file = None
    if step_summary and want_summary:
        fd, summary_file = tempfile.mkstemp(prefix="oaslint-summary-", suffix=".md")
        os.close(fd)
    fd, json_file = tempfile.mkstemp(prefix="oaslint-report-", suffix=".json")
    os.close(fd)
    url = docs_url()
    env = dict(os.environ)
    if url:
        env["OASLINT_DOCS_URL"] = url
    try:
        try:
            cmd, globbed = command(summary_file, json_file)
        except InputError as exc:
            print(f"::error title=oaslint::{exc}", flush=True)
            return 2
        print(f"::debug::oaslint command: {shlex.join(cmd)}", flush=True)
        try:
            status = subprocess.run(cmd, env=env, check=False).returncode
        except OSError as exc:
            print(f"::error title=oaslint::cannot run {cmd[0]}: {exc}", flush=True)
            return 2
        sarif = os.environ.get("INPUT_SARIF_FILE")
        if sarif and os.path.isfile(sarif):
            print(f"oaslint: SARIF report written to {sarif}", flush=True)
        if summary_file and step_summary:
            for part in (summary_file, summary_file + ".compliance"):
                if os.path.isfile(part) and os.path.getsize(part):
                    with open(part, encoding="utf-8") as src:
                        text = src.read()
                    with open(step_summary, "a", encoding="utf-8") as dst:
                        dst.write(text + "\n")
        if status == 0 and globbed and linted_nothing(json_file):
            print(
                "::error title=oaslint::paths: the globs matched no OpenAPI document, so "
                "nothing was linted",
                flush=True,
            )
            return 2
        return status
    finally:
        os.unlink(json_file)
        if summary_file:
            os.unlink(summary_file)
            if os.path.exists(summary_file + ".compliance"):
                os.unlink(summary_file + ".compliance")


if __name__ == "__main__":
    sys.exit(main())
