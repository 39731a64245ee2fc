"""`python -m app.cli`: the same as `billing-quote`."""

from app.cli import main

raise SystemExit(main())
