"""The ``oaslint`` command and ``python -m oaslint``: a process of its own.

The cyclic garbage collector is turned off before anything else is imported
(:func:`oaslint.cli._no_collector` says why); the CLI module, click included, is
imported after that.
"""

from __future__ import annotations

import gc


def main() -> int:
    gc.disable()
    from oaslint.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
