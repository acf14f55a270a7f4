"""Shared helpers for the bench/ scripts: paths, the cached large database, subprocess timing, tables.

Every script measures its floor in the same run (the machines are shared and noisy) and reports the
median of several runs.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
CACHE_DIR = Path(os.environ.get("YANXIU_BENCH_CACHE", BENCH_DIR / ".cache"))
PYTHON = sys.executable

if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def child_env(**extra: str) -> dict[str, str]:
    """Environment for child processes: offscreen Qt, the repo importable, a private data dir."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("YANXIU_DATA_DIR", str(Path(tempfile.gettempdir()) / "yanxiu-bench-data"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


def large_db() -> Path:
    """The cached large-school database, generated on first use (see generate.py)."""
    from generate import ensure_large_db  # type: ignore[import-not-found]

    return ensure_large_db()


def working_copy(src: Path) -> Path:
    """A private copy of *src* so a benchmark never changes the cached file (locks, backups, writes)."""
    folder = Path(tempfile.mkdtemp(prefix="yanxiu-bench-"))
    dst = folder / src.name
    shutil.copy2(src, dst)
    return dst


def run_child(code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> dict[str, Any]:
    """Run ``python -c code args``; the child's last stdout line is JSON. Adds ``wall`` (s) measured here
    and ``start`` (time.monotonic() just before the process was started; CLOCK_MONOTONIC is system-wide)."""
    start = time.monotonic()
    proc = subprocess.run([PYTHON, "-c", code, *args], env=env or child_env(), capture_output=True,
                          text=True, timeout=timeout)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"child printed no result:\n{proc.stdout}\n{proc.stderr}")
    out = json.loads(lines[-1])
    out["wall"] = wall
    out["start"] = start
    return out


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    """Wall times (s) of *repeat* calls of *fn*."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[str(c) for c in header]] + [[str(c) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}  (load {load()})")
    for n, r in enumerate(cells):
        print("  " + "  ".join(_pad(c, w, i > 0) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def _width(s: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _pad(s: str, width: int, right: bool) -> str:
    fill = " " * (width - _width(s))
    return fill + s if right else s + fill


def verdict(value: float, goal: float) -> str:
    return "OK" if value <= goal else "MISS"


def machine() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    try:
        from importlib.metadata import version

        pyside = version("PySide6-Essentials")
    except Exception:  # noqa: BLE001
        pyside = "?"
    return {"cpu": cpu, "nproc": str(os.cpu_count()), "memory": mem, "python": platform.python_version(),
            "pyside6": pyside, "load": load()}
