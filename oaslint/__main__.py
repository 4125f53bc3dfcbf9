from oaslint.cli import main

raise SystemExit(main())
