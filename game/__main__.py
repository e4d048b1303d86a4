"""``python -m game`` runs the same command line as ``salessim``."""

from game.launch import main

raise SystemExit(main())
