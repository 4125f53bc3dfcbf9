"""Command line: ``oaslint [OPTIONS] PATH...`` plus ``check``, ``rules``, ``explain``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it
(parse errors are findings); 2 oaslint could not do its job (file missing or
unreadable, bad option or configuration, internal failure); 130 interrupted (Ctrl-C).

A path that exists is always linted, never taken for a subcommand: ``oaslint
rules`` in a folder holding ``rules/`` lints that folder (``oaslint
--list-rules`` lists the rules anywhere), and ``oaslint check PATH...`` or
``oaslint -- PATH...`` lint their arguments whatever they are called. Rule pages
are written by ``python -m oaslint.docs``, a maintainer's tool, not by the CLI.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from typing import Any

import click

from oaslint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS = ("lint", "check", "rules", "explain")
# Subcommands that lint: their arguments are always paths.
LINT_COMMANDS = ("lint", "check")
_GROUP_FLAGS = ("--help", "-h", "--version", "-V")


class _DefaultGroup(click.Group):
    """``oaslint PATH...`` means ``oaslint lint PATH...``.

    The first argument is a subcommand only when no file or folder of that name
    exists (``check``/``lint`` always are: they lint what follows). ``--list-rules``
    and ``--explain ID`` reach the other subcommands whatever the folder holds.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = _route(args, self.commands)
        return super().parse_args(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Top-level help: usage, the lint options (the default command), the subcommands."""
        formatter.write_usage("oaslint", "[OPTIONS] PATH...")
        self.format_help_text(ctx, formatter)
        lint = self.commands["lint"]
        sub = click.Context(
            lint, info_name="oaslint", parent=None, help_option_names=["-h", "--help"]
        )
        lint.format_options(sub, formatter)
        self.format_commands(ctx, formatter)


def _route(args: list[str], commands: Any) -> list[str]:
    """The subcommand to run and its arguments (see :class:`_DefaultGroup`)."""
    if not args:
        return ["lint"]
    first = args[0]
    if first in _GROUP_FLAGS or first in LINT_COMMANDS:
        return args
    options = args[: args.index("--")] if "--" in args else args
    if "--list-rules" in options:  # anywhere before `--`: `oaslint -f json --list-rules`
        i = args.index("--list-rules")
        return ["rules", *args[:i], *args[i + 1 :]]
    if first == "--explain":
        return ["explain", *args[1:]]
    if first.startswith("--explain="):
        return ["explain", first.split("=", 1)[1], *args[1:]]
    if first in commands and not os.path.lexists(first):
        return args
    return ["lint", *args]


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="oaslint")
def cli() -> None:
    """Static security linter for OpenAPI documents.

    \b
    oaslint [OPTIONS] PATH...        lint files or folders (- reads standard input)
    oaslint check [OPTIONS] PATH...  the same; PATH is never taken for a subcommand
    oaslint --list-rules [-f json]   list every rule (also: oaslint rules)
    oaslint --explain RULE           print a rule's documentation (also: oaslint explain RULE)
    oaslint -V, --version            print the version

    A path that exists is always linted: `oaslint rules` in a folder holding
    rules/ lints that folder. Rule pages: python -m oaslint.docs [--check].
    """


def _split_ids(values: Sequence[str]) -> list[str]:
    out: list[str] = []
    for v in values:
        out.extend(x.strip() for x in v.split(",") if x.strip())
    return out


class _FormatOption(click.Option):
    """``--format``: its help lists every format, plugins' included (read when shown)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from oaslint.formatters import BUILTIN_FORMATTERS
        from oaslint.registry import RegistryError, all_formatters

        try:
            names = sorted(all_formatters())
        except RegistryError:
            names = sorted(BUILTIN_FORMATTERS)
        self.help = (
            f"Output format: {', '.join(names)}. Default: text, or github when GITHUB_ACTIONS=true."
        )
        return super().get_help_record(ctx)


@cli.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "-f", "fmt", cls=_FormatOption, default=None, metavar="FORMAT")
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
    "--allow-remote",
    is_flag=True,
    default=None,
    help="Fetch https:// $refs (off by default; public hosts only, capped; never from a "
    "configuration file).",
)
@click.option(
    "--ref-root",
    "ref_roots",
    multiple=True,
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="Also let local $refs read files below DIR (repeatable). Default boundary: the "
    "git work tree holding the document, else the working directory, else its folder.",
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
@click.option(
    "--report",
    "reports",
    multiple=True,
    metavar="FORMAT=FILE",
    help="Also write the report in FORMAT to FILE, from the same run (repeatable), "
    "e.g. --report sarif=oaslint.sarif --report gitlab=gl-code-quality-report.json.",
)
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    metavar="PATTERN",
    help="Skip files and folders matching this gitignore-like glob when scanning "
    "folders (repeatable; files named on the command line are always linted).",
)
@click.option(
    "--color",
    "color_choice",
    type=click.Choice(["auto", "always", "never"]),
    default=None,
    help="Colour the text output [default: auto: on a terminal, unless NO_COLOR is set "
    "and not empty; FORCE_COLOR forces it].",
)
@click.option("--no-color", is_flag=True, help="Same as --color never.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only: no summary line, no notes.")
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings are reported (still 2 when a file could not be linted).",
)
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
    "--timeout",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Time limit per document; one over it is a file error, the others still "
    "run (0: none) [default: 120; config key `timeout`].",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not read or write the parse and result caches (in $OASLINT_CACHE_DIR, else "
    "$XDG_CACHE_HOME/oaslint or ~/.cache/oaslint).",
)
@click.option(
    "--timings",
    "show_timings",
    is_flag=True,
    help="Print where the time went (load, index, each rule, settling, output) to "
    "standard error; runs serially.",
)
@click.option(
    "--min-severity",
    type=click.Choice(["error", "warning", "info"]),
    default=None,
    help="Show only findings of this severity or higher (display only: --fail-on still "
    "judges every finding).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Text output: only the per-rule summary (rule, severity, count) and the total.",
)
@click.option(
    "--no-aggregate",
    "no_aggregate",
    is_flag=True,
    help="Report every place of an API-wide decision, never one aggregated finding.",
)
@click.option(
    "--profile",
    type=click.Choice(["all", "nl-api", "healthcare", "ssdlc"]),
    default=None,
    help="Run the rules of one standard's requirements and report only on that standard "
    "(compliance formats) [default: all; config key `profile`].",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default=None,
    help="Language of the compliance report [default: en; config key `lang`].",
)
def lint_cmd(
    paths: tuple[str, ...],
    fmt: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_path: str | None,
    allow_remote: bool | None,
    ref_roots: tuple[str, ...],
    skip_non_openapi: bool,
    output: str | None,
    reports: tuple[str, ...],
    excludes: tuple[str, ...],
    color_choice: str | None,
    no_color: bool,
    quiet: bool,
    exit_zero: bool,
    baseline_path: str | None,
    write_baseline: str | None,
    diff_base: str | None,
    jobs: int,
    timeout: float | None,
    no_cache: bool,
    show_timings: bool,
    no_aggregate: bool,
    profile: str | None,
    lang: str | None,
    min_severity: str | None,
    statistics: bool,
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
                _fail(f"{option}: unknown rule {rid!r} (see `oaslint --list-rules`)")
    if select:
        config.select = tuple(_split_ids(select))
    if ignore:
        config.ignore = tuple(config.ignore) + tuple(_split_ids(ignore))
    if fail_on:
        config.fail_on = fail_on
    profile = profile or str(config.extra.get("profile", "all"))
    lang = lang or str(config.extra.get("lang", "en"))
    if profile != "all":  # the rules citing a requirement of the profile's standards
        from oaslint.register import load_register

        chosen = load_register(rules).profile_rules(profile)
        base = config.select if config.select is not None else [r.meta.id for r in rules]
        config.select = tuple(r for r in base if r in chosen)
    if allow_remote:
        config.allow_remote = True
    for root in ref_roots:
        if not os.path.isdir(root):
            _fail(f"--ref-root: {root}: no such directory")
    config.ref_roots = tuple(ref_roots)
    if timeout is not None:
        config.timeout = timeout
    if no_aggregate:
        config.aggregate = False
    if fmt is None:
        fmt = (
            "github"
            if os.environ.get("GITHUB_ACTIONS") == "true" and "github" in formatters
            else "text"
        )
    if fmt not in formatters:
        _fail(f"--format: unknown format {fmt!r} (choose from {', '.join(sorted(formatters))})")
    extra_reports = _parse_reports(reports, formatters)
    exclude = None
    if excludes:  # oaslint.paths (a dataclass, regexes) only when there are patterns
        from oaslint.paths import PatternError, compile_excludes

        try:
            exclude = compile_excludes(excludes)
        except PatternError as exc:
            _fail(f"--exclude: {exc}")

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

    if "-" in paths and not quiet and sys.stdin is not None and sys.stdin.isatty():
        click.echo("oaslint: reading a document from standard input (end it with Ctrl-D)", err=True)
    from oaslint.loader import cache

    cache.configure(None if no_cache else cache.default_directory())
    from oaslint import resultcache

    resultcache.configure(None if no_cache else cache.default_directory())
    linter = Linter(rules, config, baseline=baseline)
    if timings is not None:
        from oaslint.timings import install

        install(linter, timings)
        jobs = 1
        timings.stop()
        timings.start("run (scan, merge, sort, baseline)")
    result = linter.lint_paths(paths, skip_non_openapi=skip_non_openapi, exclude=exclude, jobs=jobs)
    if timings is not None:
        timings.stop()
    if result.files == 0 and not result.errors and not skip_non_openapi:
        _nothing_linted(paths, result, bool(excludes))
    if not quiet:
        _notes(paths, result)
    if write_baseline:
        current = list(result.findings)
        if result.baseline is not None:
            from oaslint.model import finding_order

            current = sorted(current + result.baseline.baselined, key=finding_order)
        try:
            written = baseline_mod.write(write_baseline, current, __version__)
        except baseline_mod.BaselineError as exc:
            _fail(f"--write-baseline: {exc}")
        if not quiet:
            click.echo(
                f"oaslint: wrote {written} finding{'s' if written != 1 else ''} "
                f"to {write_baseline}",
                err=True,
            )
    if changed is not None:
        from oaslint.diff import keep_changed

        hidden = keep_changed(result, changed)
        if hidden and not quiet:
            click.echo(
                f"oaslint: --diff {diff_base}: {hidden} finding{'s' if hidden != 1 else ''} "
                "in unchanged files not shown",
                err=True,
            )
    color = use_color(color_choice or ("never" if no_color else "auto"), output is None)
    judged = list(result.findings)  # --fail-on judges every finding, shown or not
    if min_severity:
        from oaslint.model import Severity

        floor = Severity.parse(min_severity)
        result = dataclasses.replace(result, findings=[f for f in judged if f.severity >= floor])
        below = len(judged) - len(result.findings)
        if below and not quiet:
            click.echo(
                f"oaslint: --min-severity {min_severity}: {below} finding"
                f"{'s' if below != 1 else ''} below it not shown",
                err=True,
            )
    if timings is not None:
        timings.start(f"output ({fmt})")
    context = dataclasses.replace(
        _format_context(rules, color, quiet), profile=profile, lang=lang, statistics=statistics
    )
    text = formatters[fmt](result, context)
    if output:
        try:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            _fail(f"--output: cannot write {output}: {exc.strerror or exc}")
    else:
        click.echo(text, nl=False, color=color)  # click strips ANSI off a terminal otherwise
    for report_fmt, report_file in extra_reports:
        report = formatters[report_fmt](
            result,
            dataclasses.replace(_format_context(rules, False), profile=profile, lang=lang),
        )
        try:
            with open(report_file, "w", encoding="utf-8") as fh:
                fh.write(report)
        except OSError as exc:
            _fail(f"--report: cannot write {report_file}: {exc.strerror or exc}")
    if timings is not None:
        from oaslint.timings import uninstall

        timings.stop()
        uninstall()
        click.echo(timings.render(), err=True, nl=False)
    if result.errors:
        raise SystemExit(EXIT_ERROR)
    if write_baseline or exit_zero:
        raise SystemExit(EXIT_OK)
    raise SystemExit(exit_code(judged, config.fail_on))


def _parse_reports(reports: Sequence[str], formatters: Any) -> list[tuple[str, str]]:
    out = []
    for spec in reports:
        name, sep, file = spec.partition("=")
        if not sep or not name or not file:
            _fail(f"--report: expected FORMAT=FILE, got {spec!r}")
        if name not in formatters:
            _fail(
                f"--report: unknown format {name!r} (choose from {', '.join(sorted(formatters))})"
            )
        out.append((name, file))
    return out


def _nothing_linted(paths: Sequence[str], result: Any, excluding: bool) -> None:
    """A run that found no document to lint fails (exit 2), one error per named folder,
    so a CI step pointed at the wrong folder (or at `docs`, once a subcommand) cannot
    pass without linting anything."""
    from oaslint.loader.source import display_path
    from oaslint.model import FileError

    for path in paths:
        if os.path.isdir(path):
            result.errors.append(
                FileError(
                    display_path(path),
                    "no OpenAPI document found in this folder (scanned for *.yaml, *.yml "
                    "and *.json files with a root `openapi` or `swagger` key"
                    + (", minus --exclude" if excluding else "")
                    + ")",
                )
            )


def _notes(paths: Sequence[str], result: Any) -> None:
    """A run that linted a path named like a subcommand, and found nothing or failed,
    says how to reach the subcommand."""
    first = paths[0] if paths else ""
    if first in ("rules", "explain") and (result.files == 0 or result.errors):
        option = "--list-rules" if first == "rules" else "--explain RULE"
        click.echo(
            f"oaslint: note: {first!r} names a file or folder here, so it was linted; "
            f"for the subcommand use `oaslint {option}`",
            err=True,
        )


def use_color(choice: str, to_stdout: bool, stream: Any = None) -> bool:
    """``--color`` (``auto``/``always``/``never``), then ``NO_COLOR``, then ``FORCE_COLOR``.

    Colour only ever goes to standard output unless ``always``. ``NO_COLOR`` and
    ``FORCE_COLOR`` count only when set to a non-empty value (no-color.org,
    force-color.org); with both set, ``NO_COLOR`` wins (as in CPython).
    """
    if choice == "always":
        return True
    if choice == "never" or not to_stdout:
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    out = stream if stream is not None else sys.stdout
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _format_context(rules: Sequence[Any], color: bool, quiet: bool = False) -> Any:
    """Where the formatters place files (repository root) and link rule pages."""
    from oaslint.formatters import FormatContext

    cwd = os.getcwd()
    root = cwd
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if os.environ.get("GITHUB_ACTIONS") == "true" and workspace and os.path.isdir(workspace):
        root = os.path.abspath(workspace)
    # helpUri: public pages only ([project.urls] Rules), never a file:// path
    from oaslint.project import rules_url

    docs_url = os.environ.get("OASLINT_DOCS_URL") or rules_url()
    return FormatContext(
        rules, __version__, color, root=root, cwd=cwd, docs_url=docs_url, quiet=quiet
    )


def exit_code(findings: Sequence[Any], fail_on: str) -> int:
    from oaslint.model import Severity

    if fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(f.severity >= threshold for f in findings) else EXIT_OK


cli.add_command(lint_cmd, "check")


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
                        "family": r.family,  # "" for plugin and custom rules
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
            f"{f'  ({refs})' if (refs := ', '.join(r.meta.references)) else ''}{origin}"
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
        _fail(f"unknown rule {rule_id!r} (see `oaslint --list-rules`)")
    click.echo(render_rule(rules[rule_id]), nl=False)


def _fail(message: str) -> Any:
    click.echo(f"oaslint: error: {message}", err=True)
    raise SystemExit(EXIT_ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code instead of raising (testable).

    Called without ``argv`` (the ``oaslint`` command, ``python -m oaslint``), the
    process ends right after its output is flushed (:func:`_exit_now`).
    """
    if argv is None:  # the process is ours, and ends in _exit_now: see _no_collector
        _no_collector()
    code = _main(argv)
    if argv is None:
        _exit_now(code)
    return code


def _no_collector() -> None:
    """Turn the cyclic garbage collector off for the rest of the process.

    Importing ~300 modules triggers ~40 collections, each re-walking every module
    and class already loaded: 5-15 ms of a 0.1 s pre-commit run. The lint run turns
    it off anyway (:meth:`oaslint.engine.Linter.lint_paths`); reference counting
    still frees everything acyclic, and the process ends right after its output.
    The ``oaslint`` command and ``python -m oaslint`` (:mod:`oaslint.__main__`) turn it
    off before importing this module.
    """
    import gc

    gc.disable()


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
        # standalone_mode=False: click returns the code of a `ctx.exit(code)` (--help,
        # --version: 0) and turns Ctrl-C into Abort (its __cause__ a KeyboardInterrupt)
        returned = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="oaslint",
            standalone_mode=False,
        )
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_ERROR)
    except click.Abort as exc:
        click.echo("oaslint: aborted", err=True)
        return 130 if isinstance(exc.__cause__, KeyboardInterrupt) else EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except KeyboardInterrupt:  # pragma: no cover - only between click's own handlers
        return 130
    except Exception as exc:  # never a traceback for the user
        click.echo(
            f"oaslint: internal error: {type(exc).__name__}: {exc} (please report this)", err=True
        )
        return EXIT_ERROR
    return returned if isinstance(returned, int) else EXIT_OK
