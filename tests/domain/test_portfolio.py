"""Portfolio items: validation, term assignment, deletion with shared attachments, progress counts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yanxiu_desktop.domain import attachments, portfolio, roster, semesters
from yanxiu_desktop.domain.errors import ValidationError
from yanxiu_desktop.domain.policy import PortfolioRequirement, load_policy, save_policy
from yanxiu_desktop.store.models import AuditEntry, PortfolioItem


@pytest.fixture
def term(db: Path):
    # 2025—2026 第一学期: 20 weeks from Monday 1 Sep 2025 (to Sunday 18 Jan 2026).
    return semesters.create_semester(2025, 1, dt.date(2025, 9, 1), 20)


def test_create_assigns_term_from_date_and_audits(term) -> None:
    t = roster.add_teacher(name="李华")
    item = portfolio.create_item(t.id, kind="论文", title=" 农村小学作文教学初探 ", date=dt.date(2025, 10, 8),
                                 level="县级", rank="一等奖", issuer="县教研室")
    assert item.title == "农村小学作文教学初探"
    assert item.semester.id == term.id
    assert AuditEntry.select().where(AuditEntry.table_name == "portfolio_item").count() == 1
    # Winter holiday after the term still belongs to it; a date long before any term has none.
    assert portfolio.semester_for_date(dt.date(2026, 2, 1)).id == term.id
    assert portfolio.semester_for_date(dt.date(2020, 1, 1)) is None


def test_bad_input_names_every_field_and_writes_nothing(term) -> None:
    t = roster.add_teacher(name="李华")
    with pytest.raises(ValidationError) as exc:
        portfolio.create_item(t.id, kind="日记", title="", level="乡级", date="昨天")
    text = "；".join(exc.value.problems)
    for word in ("类别", "标题", "级别", "日期"):
        assert word in text
    with pytest.raises(ValidationError, match="找不到教师"):
        portfolio.create_item(999, kind="论文", title="x")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match=f"日期 {tomorrow.isoformat()} 在今天之后"):
        portfolio.create_item(t.id, kind="教学反思", title="还没写的反思", date=tomorrow)
    assert PortfolioItem.select().count() == 0


def test_update_moves_term_with_date_and_closed_term_is_read_only(term) -> None:
    t = roster.add_teacher(name="李华")
    spring = semesters.create_semester(2025, 2, dt.date(2026, 3, 2), 19)
    item = portfolio.create_item(t.id, kind="教学反思", title="反思一", date=dt.date(2025, 9, 20))
    item = portfolio.update_item(item.id, date=dt.date(2026, 3, 20), title="反思一（修改）")
    assert item.semester.id == spring.id and item.title == "反思一（修改）"
    spring.closed = True
    spring.save()
    with pytest.raises(ValidationError, match="归档"):
        portfolio.update_item(item.id, title="再改")
    with pytest.raises(ValidationError, match="归档"):
        portfolio.delete_item(item.id)


def test_delete_item_keeps_file_used_by_another_item(term, tmp_path: Path) -> None:
    t = roster.add_teacher(name="李华")
    a = portfolio.create_item(t.id, kind="获奖", title="优质课一等奖", date=dt.date(2025, 11, 1))
    b = portfolio.create_item(t.id, kind="公开课/示范课", title="县级示范课", date=dt.date(2025, 11, 1))
    cert = tmp_path / "证书.jpg"
    cert.write_bytes(b"\xff\xd8certificate")
    link = attachments.add_file(cert, "portfolio_item", a.id)
    attachments.add_file(cert, "portfolio_item", b.id)
    stored = attachments.file_path(link.attachment)
    portfolio.delete_item(a.id)
    assert stored.is_file()
    portfolio.delete_item(b.id)
    assert not stored.exists()
    assert PortfolioItem.select().count() == 0


def test_term_periods(term) -> None:
    assert portfolio.term_periods(term, "周") == 20
    assert portfolio.term_periods(term, "两周") == 10
    assert portfolio.term_periods(term, "月") == 5  # Sep, Oct, Nov, Dec, Jan
    assert portfolio.term_periods(term, "学期") == 1


def test_progress_counts_and_who_is_behind(term) -> None:
    policy = load_policy()
    policy.portfolio_requirements = [PortfolioRequirement("教学反思", 1, "两周"),
                                     PortfolioRequirement("读书笔记", 1, "学期"),
                                     PortfolioRequirement("学习心得", 2, "月")]
    save_policy(policy)
    diligent, lazy = roster.add_teacher(name="王勤"), roster.add_teacher(name="赵懒")
    for i in range(5):
        portfolio.create_item(diligent.id, kind="教学反思", title=f"反思{i + 1}",
                              date=dt.date(2025, 9, 5) + dt.timedelta(weeks=2 * i))
    for i in range(4):
        portfolio.create_item(diligent.id, kind="学习心得", title=f"心得{i + 1}",
                              date=dt.date(2025, 9, 10) + dt.timedelta(days=7 * i))
    portfolio.create_item(lazy.id, kind="教学反思", title="唯一的反思", date=dt.date(2025, 9, 12))
    # Monday of week 11: 10 weeks done → 5 fortnights, 2 months (Sep, Oct) complete, half the term.
    today = dt.date(2025, 11, 10)
    rows = {r.name: r for r in portfolio.progress(term, today=today)}
    d, lz = rows["王勤"], rows["赵懒"]
    refl, book, xinde = d.requirements
    assert (refl.required, refl.due, refl.done) == (10, 5, 5)
    assert (book.required, book.due, book.done) == (1, 0, 0)
    assert (xinde.required, xinde.due, xinde.done) == (10, 4, 4)
    assert d.behind == [] and d.items == 9
    assert [r.kind for r in lz.behind] == ["教学反思", "学习心得"]
    assert lz.requirements[0].done == 1
    # At term end the book is due too.
    end = {r.name: r for r in portfolio.progress(term, today=dt.date(2026, 2, 1))}
    assert [r.kind for r in end["王勤"].behind] == ["教学反思", "读书笔记", "学习心得"]
    assert end["王勤"].requirements[0].label == "教学反思（每两周1篇）"


def test_item_with_files_is_one_unit_of_work(term, tmp_path: Path) -> None:
    t = roster.add_teacher(name="李华")
    good = tmp_path / "plan.pdf"
    good.write_bytes(b"%PDF plan")
    with pytest.raises(ValidationError):
        portfolio.save_item_with_files(None, t.id, [good, tmp_path / "missing.pdf"], kind="专业发展规划",
                                       title="三年发展规划", date=dt.date(2025, 9, 3))
    assert PortfolioItem.select().count() == 0
    item = portfolio.save_item_with_files(None, t.id, [good], kind="专业发展规划", title="三年发展规划",
                                          date=dt.date(2025, 9, 3))
    assert [lk.display_name for lk in attachments.links_for("portfolio_item", item.id)] == ["plan.pdf"]


def test_a_warning_names_what_is_due_now_and_the_terms_total() -> None:
    from yanxiu_desktop.domain.portfolio import RequirementProgress

    q = RequirementProgress(kind="学习心得", count=2, per="学期", required=2, due=1, done=0)
    assert q.behind and q.behind_text == "学习心得 0/1（按进度此时应交 1 篇，全学期 2 篇）"
