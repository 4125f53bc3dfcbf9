"""Public addresses of the project, from the installed metadata (``[project.urls]``).

SARIF ``helpUri`` links a rule to its page. The address comes from the
``Rules`` entry of ``[project.urls]`` in ``pyproject.toml``, as installed (wheel,
sdist or editable alike), so it is public or absent: never a ``file://`` path
into a checkout or a site-packages folder, which would leak a local path into
reports uploaded to GitHub and would open nowhere else.
"""

from __future__ import annotations

from functools import cache


@cache
def project_url(label: str) -> str | None:
    """The ``[project.urls]`` entry called ``label``, or None when not installed."""
    entries = _project_urls()
    if entries is None:
        return None
    for entry in entries:
        name, _, url = str(entry).partition(",")
        if name.strip().lower() == label.lower() and url.strip().startswith("https://"):
            return url.strip()
    return None


def rules_url() -> str | None:
    """Base URL of the rule pages (``<base>/<rule-id>.md``), or None."""
    return project_url("Rules")


def _project_urls() -> list[str] | None:
    """The ``Project-URL`` headers of oaslint's installed METADATA (None: not installed).

    Read without importing ``importlib.metadata`` where :mod:`oaslint.distributions`
    can mirror it (every run passes here: ~10 ms of start-up saved), else through it.
    """
    from oaslint import distributions

    try:
        folder = distributions.find("oaslint")
        if folder is not None:
            return distributions.header_values(folder, "Project-URL")
    except distributions.CannotMirror:
        pass
    from importlib import metadata

    try:
        return [str(e) for e in metadata.metadata("oaslint").get_all("Project-URL") or []]
    except metadata.PackageNotFoundError:
        return None
