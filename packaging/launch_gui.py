"""PyInstaller entry point of the windowed executable (yanxiu-desktop): the GUI."""

from yanxiu_desktop.ui.app import main

raise SystemExit(main())
