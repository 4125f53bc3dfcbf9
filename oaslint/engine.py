"""The engine: load each path once, index it once, run the enabled rules.

``lint_paths`` is a pure function of its inputs (no printing, no exit), so the
CLI, the tests and the GitHub Action all drive the same code.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from oaslint import runs, suppress
from oaslint.aggregate import Folder
from oaslint.baseline import Baseline
from oaslint.config import Config
from oaslint.index import SpecIndex
from oaslint.loader.document import Document, NotOpenAPIError
from oaslint.loader.source import STDIN, LoadError, UnreadableError, display_path
from oaslint.model import FileError, Finding, Severity, Span, finding_order
from oaslint.result import LintResult, RuleRun
from oaslint.rules.base import Report, Rule, RuleContext
from oaslint.text import excerpt, neutral

SCAN_SUFFIXES = (".yaml", ".yml", ".json")
SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}

INTERNAL_ERROR = "internal-error"


@dataclass(frozen=True)
class Target:
    path: str
    explicit: bool  # named by the user (not found by a directory scan)


def expand_paths(
    paths: Iterable[str], exclude: Callable[[str, bool], bool] | None = None
) -> tuple[list[Target], list[FileError]]:
    """Files to lint: named files as they are, folders scanned (minus ``exclude``).

    ``-`` is standard input (:data:`oaslint.loader.source.STDIN`).
    """
    targets: list[Target] = []
    errors: list[FileError] = []
    for path in paths:
        if path == STDIN:
            targets.append(Target(path, True))
        elif os.path.isdir(path):
            found = []
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
                if exclude is not None:
                    dirnames[:] = [
                        d for d in dirnames if not exclude(os.path.join(dirpath, d), True)
                    ]
                for name in sorted(filenames):
                    if name.lower().endswith(SCAN_SUFFIXES):
                        file = os.path.join(dirpath, name)
                        if exclude is None or not exclude(file, False):
                            found.append(file)
            targets.extend(Target(p, False) for p in found)
        elif os.path.exists(path):
            targets.append(Target(path, True))
        else:
            errors.append(FileError(display_path(path), "no such file or directory"))
    return targets, errors


def _looks_like_openapi(path: str) -> bool:
    """Pre-check for scanned files: a root `openapi`/`swagger` key (see oaslint.targets)."""
    from oaslint.targets import looks_like_openapi

    return looks_like_openapi(path)


class Linter:
    """Runs a fixed set of rules with a fixed configuration.

    After the rules ran on a document, ``overrides`` from the configuration
    decide per finding (file and pointer) whether it stays and at which
    severity, then inline suppressions (:mod:`oaslint.suppress`) drop the
    findings they name; a ``baseline`` then hides the findings it lists, across
    all documents of the run (:mod:`oaslint.baseline`).
    """

    def __init__(
        self,
        rules: Sequence[Rule],
        config: Config | None = None,
        *,
        baseline: Baseline | None = None,
    ) -> None:
        self.config = config or Config()
        self.rules = list(rules)
        self.baseline = baseline
        # (rule, severity, options, enabled globally): rules enabled only by an override
        # run too, and their findings are kept where an override enables them.
        self.active: list[tuple[Rule, Severity, dict[str, object]]] = []
        self.globally_enabled: set[str] = set()
        for rule in self.rules:
            s = self.config.settings(rule)
            if s.enabled:
                self.globally_enabled.add(rule.meta.id)
            if s.enabled or self.config.runs(rule):
                self.active.append((rule, s.severity, dict(s.options)))
        self.by_id = {r.meta.id: r for r in self.rules}
        self.ran = frozenset(r.meta.id for r, _, _ in self.active)
        self.suppressed: list[Finding] = []
        # A suppression in a file shared by several roots of one run is unused only
        # if no root needed it: tracked across documents, settled in lint_paths.
        self._used_suppressions: set[tuple[str, str, str | None, int]] = set()
        self._unused_suppressions: dict[Finding, tuple[str, str, str | None, int]] = {}
        # compliance facts of the documents linted so far (moved into the result)
        self.rule_runs: list[RuleRun] = []
        self.suppression_reasons: dict[Finding, str] = {}

    jobs: int = 1  # processes over the roots of a run (0: one per core); see oaslint.batch

    def lint_paths(
        self,
        paths: Iterable[str],
        *,
        skip_non_openapi: bool = False,
        exclude: Callable[[str, bool], bool] | None = None,
        jobs: int | None = None,
    ) -> LintResult:
        if jobs is not None:
            self.jobs = jobs
        # The loaded documents are large, long-lived and acyclic: the cyclic garbage
        # collector only re-walks them again and again. Measured on stripe-spec3:
        # 2.1 s with the collector running, 1.05 s without (reference counting
        # still frees everything; the collector is restored afterwards).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._lint_paths(paths, skip_non_openapi, exclude)
        finally:
            if was_enabled:
                gc.enable()

    def _lint_paths(
        self,
        paths: Iterable[str],
        skip_non_openapi: bool,
        exclude: Callable[[str, bool], bool] | None = None,
    ) -> LintResult:
        result = LintResult()
        targets, result.errors = expand_paths(paths, exclude)
        from oaslint.batch import lint_targets  # each distinct root once, maybe in a pool

        lint_targets(self, targets, result, skip_non_openapi)
        # Several root documents of one run may share `$ref`-ed files: a defect
        # written once in a shared file is reported once, not once per root, and a
        # suppression there is unused only when no root document needed it.
        used, unused = self._used_suppressions, self._unused_suppressions
        result.findings = sorted(
            (f for f in set(result.findings) if unused.get(f) not in used), key=finding_order
        )
        self._used_suppressions, self._unused_suppressions = set(), {}
        result.rules = sorted(self.ran)
        result.suppressed = sorted(set(self.suppressed), key=finding_order)
        self.suppressed = []
        result.rule_runs, self.rule_runs = self.rule_runs, []
        result.suppression_reasons, self.suppression_reasons = self.suppression_reasons, {}
        if self.baseline is not None:
            linted = set(result.linted_files)
            linted.update(f.file for f in result.findings)
            result.findings, result.baseline = self.baseline.apply(result.findings, linted)
            result.rule_runs = runs.count_baselined(
                result.rule_runs,
                result.baseline.baselined,
                {d.path: d.files for d in result.documents},
            )
        return result

    def _lint_one(self, target: Target, result: LintResult, skip_non_openapi: bool) -> None:
        shown = display_path(target.path)
        try:
            doc = Document.load(
                target.path,
                allow_remote=self.config.allow_remote,
                ref_roots=self.config.ref_roots,
            )
        except UnreadableError as exc:
            result.errors.append(FileError(shown, exc.message))
            return
        except LoadError as exc:
            if skip_non_openapi and not _looks_like_openapi(target.path):
                return  # e.g. a Helm template passed by pre-commit: not ours to judge
            result.files += 1
            result.findings.append(self._parse_finding(shown, exc))
            return
        except NotOpenAPIError as exc:
            if not skip_non_openapi:
                result.errors.append(FileError(shown, str(exc)))
            return
        except RecursionError:
            result.errors.append(FileError(shown, "document nests too deeply to be read"))
            return
        result.files += 1
        result.linted_files.extend(doc.files)
        result.documents.append(
            runs.document_info(doc.root.path, doc.root.data, [*doc.files, *doc.broken_files])
        )
        result.findings.extend(self.lint_document(doc))

    def _parse_finding(self, shown: str, exc: LoadError) -> Finding:
        """A ``parse-error`` finding for a file that could not be parsed."""
        rule = self.by_id.get("parse-error")
        refs = rule.meta.references if rule else ()
        line = max(exc.line, 1)
        col = max(exc.column, 1)
        return Finding(
            file=shown,
            line=line,
            column=col,
            rule="parse-error",
            message=neutral(exc.message),
            severity=Severity.ERROR,
            pointer="",
            end_line=line,
            end_column=col + 1,
            references=refs,
        )

    def lint_document(self, doc: Document) -> list[Finding]:
        index = SpecIndex(doc)
        findings: list[Finding] = []
        fixed: list[Finding] = []  # not subject to overrides or suppressions
        for file, exc in doc.broken_files.items():
            fixed.append(self._parse_finding(file, exc))
        config = self.config
        severities: dict[str, Severity] = {}
        folder = Folder(index, config)  # oaslint.aggregate: API-wide decisions fold
        doc_runs = [
            runs.rule_run(r, doc.root.path, None, ran=False)
            for r in self.rules
            if r.meta.id not in self.ran
        ]
        for rule, severity, options in self.active:
            severities[rule.meta.id] = severity
            if config.overrides:
                options = config.options_for(rule, doc.root.path, options)
            ctx = RuleContext(rule.meta.id, index, options)
            on = rule.meta.id in self.globally_enabled
            try:
                rule.check(ctx)
            except Exception as exc:  # a broken rule must not stop the run
                fixed.append(self._internal_error(doc, rule, exc))
                doc_runs.append(runs.rule_run(rule, doc.root.path, ctx, error=fixed[-1].message))
                continue
            doc_on = config.at(rule, doc.root.path, "", on, None)[0] if config.overrides else on
            doc_runs.append(runs.rule_run(rule, doc.root.path, ctx, ran=doc_on))
            located: list[tuple[Report, Finding]] = []  # for aggregation
            for rep in ctx.reports:
                sev = rep.severity or severity
                if config.overrides:
                    enabled, override_sev = config.at(
                        rule, rep.location.file, rep.location.pointer, on, None
                    )
                    if not enabled:
                        continue
                    sev = override_sev or sev
                elif not on:
                    continue
                span = rep.span or doc.span(rep.location, rep.prefer_key)
                finding = self._finding(
                    rule, rep.location.file, rep.location.pointer, span, rep.message, sev
                )
                findings.append(finding)
                located.append((rep, finding))
            folder.add(rule, ctx, located, on)
        outcome = suppress.apply(doc, findings, self.by_id.keys(), self.ran, folder.fold)
        self.suppressed.extend(outcome.suppressed)
        self._used_suppressions |= outcome.used
        kept = outcome.kept
        for meta in outcome.reports:
            rule = self.by_id[meta.rule]
            msev = severities[meta.rule]
            if config.overrides:
                enabled, override_sev = config.at(
                    rule,
                    meta.location.file,
                    meta.location.pointer,
                    meta.rule in self.globally_enabled,
                    None,
                )
                if not enabled:
                    continue
                msev = override_sev or msev
            elif meta.rule not in self.globally_enabled:
                continue
            span = meta.span or doc.span(meta.location, prefer_key=True)
            finding = self._finding(
                rule, meta.location.file, meta.location.pointer, span, meta.message, msev
            )
            if meta.directive is not None:
                self._unused_suppressions[finding] = meta.directive
            kept.append(finding)
        self.suppression_reasons.update(outcome.reasons)
        self.rule_runs.extend(runs.settle(doc_runs, kept + fixed, outcome.suppressed))
        return sorted(set(kept + fixed), key=finding_order)

    @staticmethod
    def _finding(
        rule: Rule, file: str, pointer: str, span: Span, message: str, severity: Severity
    ) -> Finding:
        return Finding(
            file=file,
            line=span.line,
            column=span.column,
            rule=rule.meta.id,
            message=_bounded(message),
            severity=severity,
            pointer=pointer,
            end_line=span.end_line,
            end_column=span.end_column,
            references=rule.meta.references,
        )

    def _internal_error(self, doc: Document, rule: Rule, exc: Exception) -> Finding:
        import traceback  # only on a crash (start-up)

        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
        span = Span(1, 1, 1, 1)
        return Finding(
            file=doc.root.path,
            line=span.line,
            column=span.column,
            rule=INTERNAL_ERROR,
            message=(
                f"rule {rule.meta.id} ({rule.origin}) failed: {type(exc).__name__}: "
                f"{excerpt(str(exc), quote=False)}{where}; "
                "the other rules ran; please report this"
            ),
            severity=Severity.ERROR,
        )


MAX_MESSAGE = 1000


def _bounded(message: str) -> str:
    """A rule's message, escaped and cut: the net under the rules' own excerpts."""
    text = neutral(message)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def _crash(exc: BaseException) -> str:
    """The one-line file error for an unexpected failure on one file (a bug in oaslint)."""
    if isinstance(exc, MemoryError):
        return "internal error: out of memory while linting this file; the other files ran"
    if isinstance(exc, RecursionError):
        return "document nests too deeply to be read"
    import traceback  # only on a crash (start-up)

    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {os.path.basename(frame.filename)}:{frame.lineno}" if frame else ""
    return f"internal error: {type(exc).__name__}{where}; the other files ran; please report this"
