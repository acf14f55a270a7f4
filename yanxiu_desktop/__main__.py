"""`python -m yanxiu_desktop` starts the GUI."""

from yanxiu_desktop.ui.app import main

raise SystemExit(main())
