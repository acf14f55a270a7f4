"""Run every benchmark (each in its own process) and print one summary table.

    .venv/bin/python bench/run_all.py [--runs N] [--regenerate]

Each script's own table is printed as it runs; the summary follows. Timings are medians of N runs, each
measured against its floor in the same run (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

import _common

SCRIPTS = ("startup", "signin", "stats", "district", "memory")


def run(name: str, runs: int) -> dict:
    proc = subprocess.run([_common.PYTHON, str(_common.BENCH_DIR / f"{name}.py"), "--runs", str(runs), "--json"],
                          capture_output=True, text=True)
    lines = proc.stdout.rstrip().splitlines()
    print("\n".join(ln for ln in lines if not ln.startswith("{")), flush=True)
    if proc.returncode != 0 or not lines or not lines[-1].startswith("{"):
        print(proc.stderr, file=sys.stderr)
        return {"error": f"{name} failed ({proc.returncode})"}
    return json.loads(lines[-1])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--regenerate", action="store_true", help="rebuild the cached large database first")
    args = p.parse_args()
    info = _common.machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
    from generate import cache_path, ensure_large_db  # type: ignore[import-not-found]

    cached = cache_path().exists() and not args.regenerate
    t0 = time.perf_counter()
    ensure_large_db(force=args.regenerate)
    gen = "cached" if cached else _common.ms(time.perf_counter() - t0)
    r: dict = {}
    for name in SCRIPTS:
        r.update(run(name, args.runs))
    ms = _common.ms

    def row(label: str, key: str, shown: str, goal: str, ok: bool | None) -> tuple:
        if key not in r:
            return (label, "failed", goal, "MISS")
        return (label, shown, goal, "" if ok is None else ("OK" if ok else "MISS"))

    def g(key: str) -> float:
        return r.get(key, float("nan"))

    rows = [
        ("large school generated", gen, "", ""),
        row("start-up vs bare window", "startup_ratio",
            f"{g('startup_ratio'):.2f}× ({ms(g('startup_app'))} / {ms(g('startup_bare'))})", "≤ 2×",
            g("startup_ratio") <= 2),
        row("heavy modules at start-up", "startup_heavy", ", ".join(r.get("startup_heavy", [])) or "none", "none",
            not r.get("startup_heavy")),
        row("签到表 60 names, warm", "signin_warm", ms(g("signin_warm")), "≤ 50 ms", g("signin_warm") <= 0.05),
        row("签到表 60 names, cold", "signin_cold", ms(g("signin_cold")), "≤ 300 ms", g("signin_cold") <= 0.3),
        row("term: 40 sheets × 60 names", "signin_term40x60", ms(g("signin_term40x60")), "≤ 1.5 s",
            g("signin_term40x60") <= 1.5),
        row(f"large school's term ({r.get('signin_term_pages', '?')} pages)", "signin_term_large",
            ms(g("signin_term_large")), "≤ 1.5 s", g("signin_term_large") <= 1.5),
        row("teacher_hours vs raw SQL", "stats_hours",
            f"{g('stats_hours') / g('stats_sql'):.1f}× ({ms(g('stats_hours'))} / {ms(g('stats_sql'))})", "≤ 2×",
            g("stats_hours") / g("stats_sql") <= 2),
        row("term_stats vs term SQL (every count)", "stats_term",
            f"{g('stats_term') / g('stats_term_sql'):.1f}× ({ms(g('stats_term'))} / {ms(g('stats_term_sql'))})",
            "≤ 2×", g("stats_term") / g("stats_term_sql") <= 2),
        row("district workbook, warm", "district_warm", ms(g("district_warm")), "≤ 1 s", g("district_warm") <= 1),
        row("district workbook, new process", "district_cold", ms(g("district_cold")), "≤ 1 s",
            g("district_cold") <= 1),
        row("peak RSS, every tab", "memory_peak_mb", f"{g('memory_peak_mb'):.0f} MB", "≤ 250 MB",
            g("memory_peak_mb") <= 250),
    ]
    _common.print_table(f"SUMMARY (medians of {args.runs} runs)", ("benchmark", "result", "goal", ""), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
