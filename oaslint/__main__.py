import gc

gc.disable()  # a process of its own: see oaslint.cli._no_collector

from oaslint.cli import main  # noqa: E402

raise SystemExit(main())
