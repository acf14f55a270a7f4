"""A large school for the benchmarks: 200 teachers, 10 terms, ~40 activities a term with attendance for all,
15–30 听课记录 per teacher per term, portfolio items.

Built through the domain layer where that is the product's path (roster, terms, groups copied term to term,
holidays, activities with their participants and audit entries, attendance sheets via ``save_sheet``);
the two bulk tables (听课记录 and 成长档案 items, ~60k rows) are inserted in bulk (``bulk_insert``) inside the
same transaction, with the values the domain functions would store (rubric totals, 等级 bands, the audit
entry ``create_item`` writes, hash-chained).

The file is cached under ``bench/.cache/`` keyed by GEN_VERSION and the schema version; other scripts
reuse it. ``python bench/generate.py`` (re)builds it and prints the time; ``--force`` rebuilds.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

import _common  # noqa: F401  (puts the repo on sys.path)

GEN_VERSION = 2  # 2: 学时认定 (hours_credit)
TODAY = dt.date(2026, 11, 23)  # fixed, so the cached file is the same whatever day it is built
TEACHERS = 200
# 10 terms, oldest first; the last one is current on TODAY.
TERMS = [(2021, 2), (2022, 1), (2022, 2), (2023, 1), (2023, 2), (2024, 1), (2024, 2), (2025, 1), (2025, 2),
         (2026, 1)]
SCHOOL_WIDE = ("专题讲座", "师德教育", "信息技术培训", "理论学习", "经验交流", "外出学习汇报", "论坛",
               "基本功训练")


def cache_path() -> Path:
    from yanxiu_desktop.store.migrations import LATEST

    return _common.CACHE_DIR / f"large-v{GEN_VERSION}-s{LATEST}.sqlite3"


def ensure_large_db(force: bool = False) -> Path:
    path = cache_path()
    if force or not path.exists():
        build(path)
    return path


def _term_start(year: int, term: int) -> tuple[dt.date, int]:
    from yanxiu_desktop.domain.demo import _monday_near

    if term == 1:
        return _monday_near(dt.date(year, 9, 2)), 20
    return _monday_near(dt.date(year + 1, 3, 2)), 19


def _school_days(sem, last: dt.date) -> list[dt.date]:  # noqa: ANN001
    from yanxiu_desktop.store.models import CalendarDay

    off = {d.date for d in CalendarDay.select().where((CalendarDay.semester == sem) & (CalendarDay.kind == "放假"))}
    days, d = [], sem.start_date
    while d <= last:
        if d.weekday() < 5 and d not in off:
            days.append(d)
        d += dt.timedelta(days=1)
    return days


def build(path: Path) -> dict[str, int]:
    from yanxiu_desktop.domain import semesters
    from yanxiu_desktop.domain.demo import _make_groups, _make_teachers
    from yanxiu_desktop.domain.demo_activities import _holidays
    from yanxiu_desktop.domain.school import rename_school
    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.db import close_database, open_database, transaction

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    db = open_database(tmp)
    db.execute_sql("PRAGMA synchronous=OFF")  # a throw-away file: no fsync per commit while building
    audit.set_operator("bench")
    rng = random.Random(10)
    counts: dict[str, int] = {}
    steps: list[tuple[str, float]] = []

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        steps.append((name, now - since))
        return now

    with transaction():
        rename_school("示范县城关镇中心小学", county="示范县")
        t = time.perf_counter()
        staff = _make_teachers(rng, TEACHERS, TODAY)
        t = step("teachers (roster.add_teacher)", t)
        sems = []
        for i, (year, term) in enumerate(TERMS):
            start, weeks = _term_start(year, term)
            sem = semesters.create_semester(year, term, start, weeks, copy_groups_from=sems[-1] if sems else None)
            if not sems:
                _make_groups(rng, sem, staff, TODAY)
            _holidays(sem)
            sems.append(sem)
            del i
        t = step("terms, groups (copied), holidays", t)
        counts["activities"] = sum(_activities(rng, sem, staff) for sem in sems)
        t = step("activities (prepare + insert_prepared)", t)
        counts["attendance"] = sum(_attendance(rng, sem) for sem in sems)
        t = step("attendance (save_sheet)", t)
        counts["observations"] = sum(_observations(rng, sem) for sem in sems)
        t = step("observations (bulk executemany)", t)
        counts["portfolio_items"] = _portfolio(rng, sems)
        t = step("portfolio + audit (bulk executemany)", t)
        counts["hours_credits"] = sum(_credits(sem) for sem in sems)
        t = step("学时认定 (hours_credit.add_credits, a term at a time)", t)
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    close_database()
    for p in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    tmp.replace(path)
    total = time.perf_counter() - t0
    rows = [(name, _common.ms(sec)) for name, sec in steps]
    rows.append(("total", _common.ms(total)))
    _common.print_table(f"generate: {path.name} ({path.stat().st_size / 1e6:.1f} MB) "
                        + ", ".join(f"{k} {v:,}" for k, v in counts.items()), ("step", "time"), rows)
    counts["seconds"] = round(total, 2)  # type: ignore[assignment]
    return counts


def _activities(rng: random.Random, sem, staff) -> int:  # noqa: ANN001
    """~40 a term: 8 全校, one 专题讲座 for 60 named teachers, the rest organised by groups; one cancelled."""
    from yanxiu_desktop.domain import activities as acts
    from yanxiu_desktop.domain import groups as groups_mod
    from yanxiu_desktop.domain.demo_activities import _ROTATION, _UNIT_THEMES
    from yanxiu_desktop.domain.policy import load_policy

    policy = load_policy()
    days = _school_days(sem, semesters_end(sem))
    groups = [g for g in groups_mod.list_groups(sem) if g.kind in ("教研组", "备课组", "课题组")]
    weighted = [g for g in groups for _ in range(3 if g.kind == "教研组" else 1)]
    members = {g.id: [m.teacher_id for m in groups_mod.members(g)] for g in groups}
    plan: list[dict] = []
    n = 40
    for i in range(n):
        day = days[(i * len(days)) // n + rng.randrange(max(1, len(days) // n))]
        data: dict = {"date": day, "start_time": "15:30", "end_time": "17:00", "place": "会议室"}
        if i % 5 == 0:
            kind = SCHOOL_WIDE[(i // 5) % len(SCHOOL_WIDE)]
            data.update(kind=kind, theme=f"{kind}：新课标背景下的课堂教学（{i // 5 + 1}）", participants_mode="all",
                        host_id=staff[0].id, presenter_name="县教师进修学校 李敏", place="多功能厅")
        elif i == 3:
            data.update(kind="专题讲座", theme="青年教师专题讲座：作业设计", participants_mode="custom",
                        participant_ids=[t.id for t in staff[:60]], host_id=staff[1].id, presenter_id=staff[2].id)
        else:
            g = weighted[rng.randrange(len(weighted))]
            kind, theme = _ROTATION[i % len(_ROTATION)]
            ids = members[g.id]
            data.update(kind=kind, theme=f"{g.name}：" + theme.format(unit=_UNIT_THEMES[(i // 5) % 8]),
                        group_id=g.id, host_id=ids[0] if ids else None,
                        presenter_id=ids[(i + 1) % len(ids)] if ids else None, place=f"{g.name}办公室")
        data["status"] = "已完成" if day < TODAY else "计划"
        if i == 17:
            data["status"] = "取消"
            data["note"] = "取消原因：县教研室来校调研"
        plan.append(data)
    for data in plan:
        acts.insert_prepared(sem, acts.prepare(sem, data, policy))
    return len(plan)


def semesters_end(sem) -> dt.date:  # noqa: ANN001
    from yanxiu_desktop.domain.semesters import end_date

    return end_date(sem)


def _attendance(rng: random.Random, sem) -> int:  # noqa: ANN001
    from yanxiu_desktop.domain import activities as acts
    from yanxiu_desktop.domain.attendance import save_sheet
    from yanxiu_desktop.domain.demo_attendance import _random_entry
    from yanxiu_desktop.store.models import Participant

    made = 0
    for a in acts.list_activities(sem, status="已完成"):
        ids = [p.teacher_id for p in Participant.select(Participant.teacher).where(Participant.activity == a)]
        save_sheet(a.id, [_random_entry(rng, tid) for tid in ids], today=TODAY)
        made += len(ids)
    return made


def _observations(rng: random.Random, sem) -> int:  # noqa: ANN001
    """15–30 per teacher (scaled to the part of the current term already past), as make_observations does."""
    from yanxiu_desktop.domain import rubrics, st_analysis
    from yanxiu_desktop.domain.demo_observations import (
        CLASSES,
        GENERIC_TOPICS,
        PROCESS,
        STRENGTHS,
        SUGGESTIONS,
        TOPICS,
        WEAKNESSES,
        _st_samples,
    )
    from yanxiu_desktop.domain.observations import LESSON_TYPES
    from yanxiu_desktop.domain.policy import load_policy
    from yanxiu_desktop.store.models import Observation, Teacher

    rubric = rubrics.get_rubric(load_policy().rubric)
    rubrics.remember(rubric)
    last = semesters_end(sem)
    days = _school_days(sem, min(TODAY, last))
    share = len(days) / max(1, len(_school_days(sem, last)))
    staff = list(Teacher.select().where(Teacher.status == "在职"))
    by_subject: dict[str, list] = {}
    for t in staff:
        by_subject.setdefault(t.subject, []).append(t)
    now = dt.datetime.now().replace(microsecond=0)
    used: set[tuple[int, dt.date, int]] = set()
    rows: list[dict] = []
    for t in staff:
        others = [p for p in staff if p.id != t.id]
        peers = [p for p in by_subject.get(t.subject, []) if p.id != t.id] or others
        for day in sorted(rng.choices(days, k=round(rng.randint(15, 30) * share))):
            free = [p for p in range(1, 8) if (t.id, day, p) not in used]
            if not free:
                continue
            period = rng.choice(free)
            used.add((t.id, day, period))
            observed = rng.choice(peers if rng.random() < 0.75 else others)
            scored = rng.random() < 0.4
            scores = {}
            if scored:
                for item in rubric.items:
                    levels = item.level_scores or (item.max, item.max * 0.85, item.max * 0.7, item.max * 0.5)
                    scores[item.key] = rng.choices(levels, weights=(4, 6, 2, 0.3)[:len(levels)])[0]
            total = rubric.total(scores) if scored else None
            band = rubric.band(total)
            steps = sorted(rng.sample(PROCESS, k=rng.randint(3, 5)), key=PROCESS.index)
            samples = st_analysis.analyse(_st_samples(rng), 30).samples if rng.random() < 0.12 else ""
            rows.append({
                "semester": sem.id, "observer": t.id, "observed": observed.id, "observed_name": "",
                "observed_school": "", "date": day, "period": period,
                "class_name": f"{rng.choice(CLASSES)}({rng.randint(1, 3)})班", "subject": observed.subject,
                "topic": rng.choice(TOPICS.get(observed.subject, GENERIC_TOPICS)),
                "lesson_type": rng.choice(LESSON_TYPES[:4]), "activity": None, "process": [list(s) for s in steps],
                "strengths": rng.choice(STRENGTHS), "weaknesses": rng.choice(WEAKNESSES),
                "suggestions": rng.choice(SUGGESTIONS),
                "grade": band.level if band else rng.choice(("优", "良", "良", "中")),
                "rubric_id": rubric.id if scored else "", "rubric_version": rubric.version if scored else "",
                "scores": scores, "total": total, "st_samples": samples, "st_interval": 30,
                "created_at": now, "updated_at": now,
            })
    bulk_insert(Observation, rows)
    return len(rows)


def _credits(sem) -> int:  # noqa: ANN001
    """自主研修 recognised at the term's check for every teacher who handed in a 读书笔记: 8 学时 in a
    finished term, 4 at the current term's mid-term check (one add_credits call a term)."""
    from yanxiu_desktop.domain import hours_credit
    from yanxiu_desktop.store.models import PortfolioItem

    last = semesters_end(sem)
    day = min(TODAY, last)
    ids = sorted({tid for (tid,) in PortfolioItem.select(PortfolioItem.teacher).where(
        (PortfolioItem.semester == sem) & (PortfolioItem.kind == "读书笔记") & (PortfolioItem.date <= day)).tuples()})
    if not ids:
        return 0
    return len(hours_credit.add_credits(sem, ids, "自主研修", 8 if last < TODAY else 4, day,
                                        "读书笔记（学期检查已交教导处）"))


def _portfolio(rng: random.Random, sems: list) -> int:
    """Items as build_demo_portfolio makes them, plus the "created" audit entry create_item writes."""
    from yanxiu_desktop.domain.demo_portfolio import AWARDS, BOOKS, CASES, LESSONS, PAPERS, XINDE
    from yanxiu_desktop.store import audit
    from yanxiu_desktop.store.models import AuditEntry, PortfolioItem, Teacher

    staff = list(Teacher.select().where(Teacher.status == "在职"))
    now = dt.datetime.now().replace(microsecond=0)
    items: list[dict] = []
    for sem in sems:
        first, last = sem.start_date, min(semesters_end(sem), TODAY)
        share = (last - first).days / max(1, (semesters_end(sem) - first).days)
        for t in staff:
            for kind, n in {"学习心得": 2, "案例评析": 2, "读书笔记": 1, "教学反思": 4}.items():
                for _ in range(round(n * share + 0.49)):
                    title = {"学习心得": lambda: rng.choice(XINDE), "案例评析": lambda: "案例评析：" + rng.choice(CASES),
                             "读书笔记": lambda: f"读《{rng.choice(BOOKS)}》有感",
                             "教学反思": lambda: f"《{rng.choice(LESSONS)}》教学反思"}[kind]()
                    items.append(_item(t.id, sem.id, kind, title, first, last, rng))
            if rng.random() < 0.12:
                items.append(_item(t.id, sem.id, "论文", rng.choice(PAPERS), first, last, rng,
                                   level=rng.choice(("县级", "市级", "省级")), rank=rng.choice(("一等奖", "二等奖", "")),
                                   issuer="示范县教研室"))
            if rng.random() < 0.15:
                name, issuer = rng.choice(AWARDS)
                rank = rng.choice(("一等奖", "二等奖", "三等奖"))
                items.append(_item(t.id, sem.id, "获奖", f"{name}{rank}", first, last, rng, level="县级", rank=rank,
                                   issuer=issuer))
    next_id = (PortfolioItem.select(PortfolioItem.id).order_by(PortfolioItem.id.desc()).scalar() or 0) + 1
    last_entry = AuditEntry.select(AuditEntry.hash).order_by(AuditEntry.id.desc()).first()
    prev = last_entry.hash if last_entry else ""
    entries = []
    ts = now.isoformat()
    for n, item in enumerate(items):
        item["id"] = next_id + n
        item["created_at"] = item["updated_at"] = now
        new = f"{item['kind']}：{item['title']}"
        digest = audit._digest(prev, ts, audit.operator(), "portfolio_item", item["id"], "created", None, new, "")
        entries.append({"ts": now, "operator": audit.operator(), "table_name": "portfolio_item",
                        "row_id": item["id"], "field": "created", "old": None, "new": new, "reason": "",
                        "prev_hash": prev, "hash": digest})
        prev = digest
    bulk_insert(PortfolioItem, items)
    bulk_insert(AuditEntry, entries)
    return len(items)


def bulk_insert(model, rows: list[dict]) -> None:  # noqa: ANN001
    """``Model.insert_many`` without peewee building one huge SQL text (10× slower, see TECH-NOTES):
    each value goes through its field's ``db_value`` exactly as peewee would, then one ``executemany``."""
    if not rows:
        return
    fields = [model._meta.fields[name] for name in rows[0]]
    sql = (f'INSERT INTO "{model._meta.table_name}" ({", ".join(f.column_name for f in fields)}) '
           f'VALUES ({", ".join("?" * len(fields))})')

    def plain(value: object) -> object:
        # sqlite3's default adapters (deprecated in 3.12) write these as isoformat, with a space for datetimes.
        if isinstance(value, dt.datetime):
            return value.isoformat(" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    names = list(rows[0])
    model._meta.database.cursor().executemany(
        sql, [tuple(plain(f.db_value(r[n])) for f, n in zip(fields, names, strict=True)) for r in rows])


def _item(tid: int, sid: int, kind: str, title: str, first: dt.date, last: dt.date, rng: random.Random,
          level: str = "", rank: str = "", issuer: str = "") -> dict:
    return {"teacher": tid, "semester": sid, "kind": kind, "title": title,
            "date": first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days))), "level": level,
            "rank": rank, "issuer": issuer, "notes": ""}


if __name__ == "__main__":
    if "--force" in sys.argv or not cache_path().exists():
        ensure_large_db(force=True)
    else:
        print(f"cached: {cache_path()} (use --force to rebuild)")
