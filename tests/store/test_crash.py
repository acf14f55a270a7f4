"""Power-cut safety: a writer killed with SIGKILL at random points never loses an acknowledged write."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

CHILD = r"""
import random, sys
from yanxiu_desktop.store import audit
from yanxiu_desktop.store.db import open_database, transaction
from yanxiu_desktop.store.models import Teacher

open_database(sys.argv[1])
run, rnd = sys.argv[2], random.Random(int(sys.argv[3]))
audit.set_operator("crash-" + run)
n = 0
while True:
    k = rnd.randint(1, 6)
    with transaction():
        for j in range(k):
            t = Teacher.create(school=1, name=f"{run}-{n}-{j}", note="备注" * rnd.randint(0, 400))
        # Rewrite an older row too, so pages are split and rewritten, not only appended.
        old = Teacher.select().order_by(Teacher.id).offset(rnd.randint(0, t.id - 1)).first()
        old.note = "改" * rnd.randint(0, 900)
        old.save()
        audit.record("teacher", t.id, "status", None, "在职", run)
    print(f"{run}-{n} {k}", flush=True)  # acknowledged only after the commit returned
    n += 1
"""


def test_sigkill_at_random_points_loses_no_acknowledged_write(db: Path) -> None:
    from yanxiu_desktop.store.db import close_database, open_database
    from yanxiu_desktop.store.models import School

    School.create(name="崩溃测试学校")
    close_database()
    rng = random.Random(20261123)
    acked: list[tuple[str, int]] = []
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    deadline = time.monotonic() + 20
    runs = 0
    while runs < 40 and time.monotonic() < deadline:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), f"r{runs}", str(rng.randrange(10**6))],
                                stdout=subprocess.PIPE, env=env, text=True)
        first = proc.stdout.readline()  # started and committed once
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(proc.pid, signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
        for line in [first, *rest.splitlines()]:
            if line.strip():
                key, k = line.split()
                acked.append((key, int(k)))
        runs += 1
    assert runs >= 10 and len(acked) > runs

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    names = {r[0] for r in con.execute("SELECT name FROM teacher")}
    con.close()
    missing = [f"{key}-{j}" for key, k in acked for j in range(k) if f"{key}-{j}" not in names]
    assert missing == []

    open_database(db)
    from yanxiu_desktop.domain.health import check_database

    report = check_database()
    assert report.ok, report.problems
