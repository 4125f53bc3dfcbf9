"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure...).

One ``<testsuite>`` per file (every file of every document linted, ``$ref``-ed
files included, plus files with errors), named by the file. Inside it, one
``<testcase>`` per finding, named ``<rule-id> at <file>:<line>:<col>`` with
``classname`` = the rule id, failing with ``<failure type="<severity>"
message="<message>">`` whose text is ``file:line:col: severity [rule] message``
and the requirement ids. A file without findings gets one passing testcase
``oaslint``, so clean files show up as passed. Findings of every severity are
failures (JUnit has no severity; the ``type`` attribute carries it). A file
oaslint could not lint gets one testcase with an ``<error>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import TYPE_CHECKING

from oaslint.text import neutral

if TYPE_CHECKING:
    from oaslint.formatters import FormatContext
    from oaslint.model import Finding
    from oaslint.result import LintResult

# Characters XML 1.0 cannot carry at all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def render(result: LintResult, ctx: FormatContext) -> str:
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for path in result.linted_files:
        by_file.setdefault(path, [])
    for f in result.findings:
        by_file[f.file].append(f)
    errors: dict[str, list[str]] = defaultdict(list)
    for e in result.errors:
        errors[e.file].append(e.message)

    root = ET.Element("testsuites", name="oaslint")
    total_tests = total_failures = total_errors = 0
    for file in sorted(set(by_file) | set(errors)):
        findings = by_file.get(file, [])
        file_errors = errors.get(file, [])
        suite = ET.SubElement(root, "testsuite", name=_clean(file))
        for f in findings:
            case = ET.SubElement(
                suite,
                "testcase",
                name=_clean(f"{f.rule} at {f.file}:{f.line}:{f.column}"),
                classname=f.rule,
                file=_clean(f.file),
                line=str(f.line),
            )
            failure = ET.SubElement(
                case, "failure", type=f.severity.label, message=_clean(f.message)
            )
            body = f"{f.file}:{f.line}:{f.column}: {f.severity.label} [{f.rule}] {f.message}"
            if f.references:
                body += f"\nreferences: {', '.join(f.references)}"
            if f.pointer:
                body += f"\npointer: {neutral(f.pointer)}"
            failure.text = _clean(body)
        for message in file_errors:
            case = ET.SubElement(
                suite, "testcase", name="oaslint", classname="oaslint", file=_clean(file)
            )
            error = ET.SubElement(case, "error", type="file-error", message=_clean(message))
            error.text = _clean(f"{file}: error: {message}")
        if not findings and not file_errors:
            ET.SubElement(suite, "testcase", name="oaslint", classname="oaslint", file=_clean(file))
        tests = max(len(findings) + len(file_errors), 1)
        suite.set("tests", str(tests))
        suite.set("failures", str(len(findings)))
        suite.set("errors", str(len(file_errors)))
        total_tests += tests
        total_failures += len(findings)
        total_errors += len(file_errors)
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", str(total_errors))
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{xml}\n'
