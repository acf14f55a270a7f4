"""Build hook only: metadata, dependencies and entry points live in pyproject.toml.

A wheel must carry the top-level ``resources/`` and ``forms/`` folders, which sit beside the package in the
source tree.  ``build_py`` copies them into ``yanxiu_desktop/_data/`` in the build directory, where
``yanxiu_desktop.paths`` looks for them in an installed copy.  Editable installs skip the copy: there
``paths`` finds the source tree itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
DATA_DIRS = ("resources", "forms")


class build_py_with_data(build_py):  # noqa: N801 (setuptools command naming)
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target_root = Path(self.build_lib) / "yanxiu_desktop" / "_data"
        for top in DATA_DIRS:
            src = HERE / top
            if not src.is_dir():
                raise FileNotFoundError(f"missing {src}: build the wheel from a full source tree or sdist")
            dst = target_root / top
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": build_py_with_data})
