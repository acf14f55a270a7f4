"""PyInstaller entry point of the console executable (yanxiu): the command line."""

from yanxiu_desktop.cli import main

raise SystemExit(main())
