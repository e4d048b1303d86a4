"""``python -m game`` runs the same command line as ``salessim``."""

from game.cli import main

raise SystemExit(main())
