"""Command line: ``oaslint [OPTIONS] PATH...`` plus ``rules``, ``explain``, ``docs``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it
(parse errors are findings); 2 oaslint could not do its job (file missing or
unreadable, bad option or configuration, internal failure).
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from collections.abc import Sequence
from typing import Any

import click

from oaslint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("lint", "rules", "explain", "docs")


class _DefaultGroup(click.Group):
    """``oaslint PATH...`` means ``oaslint lint PATH...``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")
        ):
            args = ["lint", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="oaslint")
def cli() -> None:
    """Static security linter for OpenAPI documents.

    \b
    oaslint [OPTIONS] PATH...     lint files or directories (the default command)
    oaslint rules                 list every rule
    oaslint explain RULE          print a rule's documentation
    oaslint docs [--check]        write (or check) the rule pages under rules/
    """


def _split_ids(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


@cli.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "-f",
    "fmt",
    default=None,
    help="Output format: text, json (and sarif, github, junit, plugins). "
    "Default: text, or github when GITHUB_ACTIONS=true.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: error].",
)
@click.option("--select", multiple=True, metavar="ID,...", help="Run only these rules.")
@click.option("--ignore", multiple=True, metavar="ID,...", help="Do not run these rules.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Configuration file (default: .oaslint.yaml or [tool.oaslint] in "
    "pyproject.toml, searched upwards from the working directory).",
)
@click.option(
    "--allow-remote", is_flag=True, default=None, help="Fetch http(s) $refs (off by default)."
)
@click.option(
    "--skip-non-openapi",
    is_flag=True,
    help="Silently skip named files that are not OpenAPI documents (pre-commit).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write the report to this file instead of standard output.",
)
@click.option("--no-color", is_flag=True, help="No colours in text output.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Hide the findings recorded in this baseline file; report only new ones "
    "and how many recorded ones are fixed.",
)
@click.option(
    "--write-baseline",
    "write_baseline",
    type=click.Path(dir_okay=False),
    default=None,
    help="Record every current finding in this baseline file (exit 0 unless a file "
    "could not be linted).",
)
@click.option(
    "--diff",
    "diff_base",
    metavar="BASE",
    default=None,
    help="Report only findings in files changed since the git revision BASE "
    "(committed, staged, unstaged or untracked); documents are still linted whole.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes over the documents of a run (0: one per core, at most one per "
    "document; 1: serial). Output is the same either way.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not read or write the parse cache (in $OASLINT_CACHE_DIR, else "
    "$XDG_CACHE_HOME/oaslint or ~/.cache/oaslint).",
)
@click.option(
    "--timings",
    "show_timings",
    is_flag=True,
    help="Print where the time went (load, index, each rule, settling, output) to "
    "standard error; runs serially.",
)
def lint_cmd(
    paths: tuple[str, ...],
    fmt: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    allow_remote: bool | None,
    skip_non_openapi: bool,
    output: str | None,
    no_color: bool,
    baseline_path: str | None,
    write_baseline: str | None,
    diff_base: str | None,
    jobs: int,
    no_cache: bool,
    show_timings: bool,
) -> None:
    """Lint OpenAPI documents (files, or directories scanned for *.yaml, *.yml, *.json)."""
    timings = None
    if show_timings:
        from oaslint.timings import Timings

        timings = Timings()
        timings.start("configure (rules, plugins, configuration)")
    from oaslint.config import ConfigError, find_config, load_config
    from oaslint.engine import Linter
    from oaslint.registry import RegistryError, all_formatters, all_rules, with_config_rules

    try:
        rules = all_rules()
        formatters = all_formatters()
        path = config_path or find_config()
        if config_path and not os.path.isfile(config_path):
            raise ConfigError(f"{config_path}: no such configuration file")
        config = load_config(path, rules)
        rules = with_config_rules(rules, config)  # + the configuration's custom-rules
    except (ConfigError, RegistryError) as exc:
        _fail(str(exc))
    known = {r.meta.id for r in rules}
    for option, values in (("--select", select), ("--ignore", ignore)):
        for rid in _split_ids(values):
            if rid not in known:
                _fail(f"{option}: unknown rule {rid!r} (see `oaslint rules`)")
    if select:
        config.select = tuple(_split_ids(select))
    if ignore:
        config.ignore = tuple(config.ignore) + tuple(_split_ids(ignore))
    if fail_on:
        config.fail_on = fail_on
    if allow_remote:
        config.allow_remote = True
    if fmt is None:
        fmt = (
            "github"
            if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in formatters
            else "text"
        )
    if fmt not in formatters:
        _fail(f"--format: unknown format {fmt!r} (choose from {', '.join(sorted(formatters))})")

    from oaslint import baseline as baseline_mod

    baseline = None
    baseline_file = baseline_path or config.baseline
    if baseline_file and not baseline_path:  # from the configuration: absolute; show it short
        shown = os.path.relpath(baseline_file)
        baseline_file = baseline_file if shown.startswith(os.pardir) else shown
    if baseline_file:
        try:
            baseline = baseline_mod.Baseline.load(baseline_file)
        except baseline_mod.BaselineError as exc:
            _fail(f"--baseline: {exc}" if baseline_path else f"baseline: {exc}")

    changed = None
    if diff_base:
        from oaslint.diff import DiffError, changed_files

        try:
            changed = changed_files(diff_base)
        except DiffError as exc:
            _fail(f"--diff: {exc}")

    from oaslint.loader import cache

    cache.configure(None if no_cache else cache.default_directory())
    linter = Linter(rules, config, baseline=baseline)
    if timings is not None:
        from oaslint.timings import install

        install(linter, timings)
        jobs = 1
        timings.stop()
        timings.start("run (scan, merge, sort, baseline)")
    result = linter.lint_paths(paths, skip_non_openapi=skip_non_openapi, jobs=jobs)
    if timings is not None:
        timings.stop()
    if write_baseline:
        current = list(result.findings)
        if result.baseline is not None:
            from oaslint.model import finding_order

            current = sorted(current + result.baseline.baselined, key=finding_order)
        try:
            written = baseline_mod.write(write_baseline, current, __version__)
        except baseline_mod.BaselineError as exc:
            _fail(f"--write-baseline: {exc}")
        click.echo(
            f"oaslint: wrote {written} finding{'s' if written != 1 else ''} to {write_baseline}",
            err=True,
        )
    if changed is not None:
        from oaslint.diff import keep_changed

        hidden = keep_changed(result, changed)
        if hidden:
            click.echo(
                f"oaslint: --diff {diff_base}: {hidden} finding{'s' if hidden != 1 else ''} "
                "in unchanged files not shown",
                err=True,
            )
    color = output is None and not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    if timings is not None:
        timings.start(f"output ({fmt})")
    text = formatters[fmt](result, _format_context(rules, color))
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            _fail(f"--output: cannot write {output}: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False)
    if timings is not None:
        from oaslint.timings import uninstall

        timings.stop()
        uninstall()
        click.echo(timings.render(), err=True, nl=False)
    if result.errors:
        raise SystemExit(EXIT_ERROR)
    if write_baseline:
        raise SystemExit(EXIT_OK)
    raise SystemExit(exit_code(result.findings, config.fail_on))


def _format_context(rules: Sequence[Any], color: bool) -> Any:
    """Where the formatters place files (repository root) and link rule pages."""
    from oaslint.formatters import FormatContext

    cwd = os.getcwd()
    root = cwd
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if os.environ.get("GITHUB_ACTIONS") == "true" and workspace and os.path.isdir(workspace):
        root = os.path.abspath(workspace)
    docs_url = os.environ.get("OASLINT_DOCS_URL") or None
    if docs_url is None:
        pages = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules")
        if os.path.isfile(os.path.join(pages, "README.md")):
            docs_url = "file://" + urllib.parse.quote(pages.replace(os.sep, "/"))
    return FormatContext(rules, __version__, color, root=root, cwd=cwd, docs_url=docs_url)


def exit_code(findings: Sequence[Any], fail_on: str) -> int:
    from oaslint.model import Severity

    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(f.severity >= threshold for f in findings) else EXIT_OK


@cli.command("rules")
@click.option("--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text")
def rules_cmd(fmt: str) -> None:
    """List every rule: id, default severity, references, origin."""
    import json

    from oaslint.registry import RegistryError, configured_rules

    try:
        rules = configured_rules()  # built-ins, plugins and the configuration's custom-rules
    except RegistryError as exc:
        _fail(str(exc))
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "id": r.meta.id,
                        "severity": r.meta.severity.label,
                        "title": r.meta.title,
                        "references": list(r.meta.references),
                        "origin": r.origin,
                    }
                    for r in rules
                ],
                indent=2,
            )
        )
        return
    width = max(len(r.meta.id) for r in rules)
    for r in sorted(rules, key=lambda r: r.meta.id):
        origin = "" if r.origin == "oaslint" else f"  [{r.origin}]"
        click.echo(
            f"{r.meta.id:<{width}}  {r.meta.severity.label:<7}  {r.meta.title}"
            f"  ({', '.join(r.meta.references)}){origin}"
        )


@cli.command("explain")
@click.argument("rule_id")
def explain_cmd(rule_id: str) -> None:
    """Print a rule's documentation (the same text as rules/<id>.md)."""
    from oaslint.docs import render_rule
    from oaslint.registry import RegistryError, configured_rules

    try:
        rules = {r.meta.id: r for r in configured_rules()}
    except RegistryError as exc:
        _fail(str(exc))
    if rule_id not in rules:
        _fail(f"unknown rule {rule_id!r} (see `oaslint rules`)")
    click.echo(render_rule(rules[rule_id]), nl=False)


@cli.command("docs")
@click.option("--check", is_flag=True, help="Fail (exit 1) when the pages are stale.")
@click.option(
    "--out",
    "out_dir",
    default="rules",
    show_default=True,
    type=click.Path(),
    help="Folder to write the rule pages to.",
)
def docs_cmd(check: bool, out_dir: str) -> None:
    """Write one Markdown page per rule, and an index, from the rules' metadata."""
    from oaslint.docs import check_docs, write_docs
    from oaslint.registry import RegistryError, all_rules

    try:
        rules = all_rules()
    except RegistryError as exc:
        _fail(str(exc))
    if check:
        stale = check_docs(rules, out_dir)
        for name in stale:
            click.echo(f"{os.path.join(out_dir, name)}: stale; run `oaslint docs`", err=True)
        raise SystemExit(EXIT_FINDINGS if stale else EXIT_OK)
    written = write_docs(rules, out_dir)
    click.echo(f"wrote {written} files to {out_dir}/")


def _fail(message: str) -> Any:
    click.echo(f"oaslint: error: {message}", err=True)
    raise SystemExit(EXIT_ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code instead of raising (testable).

    Called without ``argv`` (the ``oaslint`` command, ``python -m oaslint``), the
    process ends right after its output is flushed (:func:`_exit_now`).
    """
    code = _main(argv)
    if argv is None:
        _exit_now(code)
    return code


def _exit_now(code: int) -> None:
    """Flush standard output and error, then end the process without teardown.

    Interpreter shutdown would free every object and module one by one (0.21 s
    for a Stripe-sized run when documents were kept; still ~10-20 ms of module
    teardown): nothing is left to do once the report is out. ``OASLINT_NO_FAST_EXIT``
    keeps the normal shutdown (profilers, coverage, atexit hooks).
    """
    if os.environ.get("OASLINT_NO_FAST_EXIT"):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # closed pipe: report the failure the usual way
        return
    os._exit(code)


def _main(argv: Sequence[str] | None) -> int:
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="oaslint",
            standalone_mode=False,
        )
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_ERROR)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("oaslint: aborted", err=True)
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user
        click.echo(
            f"oaslint: internal error: {type(exc).__name__}: {exc} (please report this)", err=True
        )
        return EXIT_ERROR
    return EXIT_OK
